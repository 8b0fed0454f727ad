from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "scrutiny"
    verbose_name = "Scrutiny bodies and people"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from scrutiny.middleware import on_sign_in

        # The session's clock starts at sign-in, so that no later request has to
        # write the session just to start it.
        user_logged_in.connect(on_sign_in, dispatch_uid="scrutiny.session_clock")
