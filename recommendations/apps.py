from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"

    def ready(self):
        # `reviews` sits below this app and never imports it: tell it what a review
        # shows of its recommendations.
        from recommendations.progress import register_with_reviews

        register_with_reviews()
