"""Development settings: never what production runs."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-key-not-for-production")
ALLOWED_HOSTS = ["localhost", "0.0.0.0", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
