from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"

    def ready(self):
        # `reviews` sits below this app and never imports it: tell it what a review
        # shows of its recommendations.
        from recommendations import lifecycle, progress

        progress.register_with_reviews()
        lifecycle.register_with_reviews()
