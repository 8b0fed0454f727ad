"""Local development: debug on, a fixed insecure key, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-development-key-do-not-deploy")
