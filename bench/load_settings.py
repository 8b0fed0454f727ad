"""Production settings for the load benchmark (bench/load.py) only: gunicorn serves
plain http on 127.0.0.1, so cookies marked Secure would never come back and nobody
could sign in. Production hard-codes the secure-cookie flags (no environment variable
turns them off); this module relaxes them and nothing else that matters, and takes
the folder `collectstatic` writes to from the environment (a temporary folder).
The HTTPS redirect is turned off the way `make production-local` does it:
DJANGO_SECURE_SSL_REDIRECT=false. Never deploy with this module."""

import os

from scrutiny.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = os.environ["SCRUTINY_BENCH_STATIC_ROOT"]
