"""Settings that look launch-ready and do nothing: every line is set, none of it takes effect."""

import os

import sentry_sdk

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "a-long-random-looking-fallback-key-0f9e8d7c6b5a4938271605f4e3d2c1b0"
)
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = ["looksright.dev", "www.looksright.dev"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "uploads",
]

# SecurityMiddleware is missing, so every SECURE_* below is inert (security.W001).
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SILENCED_SYSTEM_CHECKS = ["security.W004"]

# MANAGERS without BrokenLinkEmailsMiddleware: nobody is ever mailed a 404.
ADMINS = [("Ops", "ops@looksright.dev")]
MANAGERS = [("Web", "web@looksright.dev")]
DEFAULT_FROM_EMAIL = "Looks Right <hello@looksright.dev>"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.looksright.dev"
EMAIL_USE_TLS = True

# Throttles counted in the default cache, which is Django's per-process LocMemCache.
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "20/minute"},
}

# A logging config that drops Django's default mail_admins (disable_existing_loggers is True).
LOGGING = {
    "version": 1,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"uploads": {"handlers": ["console"], "level": "INFO"}},
}

# FILE_UPLOAD_MAX_MEMORY_SIZE is a memory/disk threshold, not an upload limit.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DATABASE_NAME", "db.sqlite3"),
        "ATOMIC_REQUESTS": True,
    }
}
ROOT_URLCONF = "looksright.urls"
WSGI_APPLICATION = "looksright.wsgi.application"
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True}
]
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An empty DSN: the client is created and sends nothing.
sentry_sdk.init(dsn="", send_default_pii=False)
