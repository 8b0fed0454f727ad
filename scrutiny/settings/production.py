"""Production: refuses to start without a secret key; HTTPS everywhere."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# No default: a missing key must stop the process, never fall back.
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Keep each worker's database connection between requests (checked before reuse)
# rather than opening one per request; 0 turns this off, e.g. behind PgBouncer in
# transaction mode.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Preloading commits the whole domain to HTTPS for years; that is the council's call
# to make for its domain, not ours, so the reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# e.g. smtp+tls://user:password@smtp.example.gov.uk:587
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)
