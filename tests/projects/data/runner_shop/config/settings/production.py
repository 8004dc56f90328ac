import os

from .base import *  # noqa: F403

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W004"]

ADMINS = [("Ops", "ops@shop.example.org")]
SERVER_EMAIL = "Shop errors <errors@shop.example.org>"
DEFAULT_FROM_EMAIL = "Shop <noreply@shop.example.org>"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.shop.example.org"
EMAIL_USE_TLS = True
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")

# Nothing listens on port 1 of the loopback: the services section must fail or skip cleanly.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:1/0"),
    }
}
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:1/0")
DATABASES["reports"] = {  # noqa: F405
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "reports",
    "USER": "reports",
    "PASSWORD": os.environ.get("REPORTS_DB_PASSWORD", ""),
    "HOST": os.environ.get("REPORTS_DB_HOST", "127.0.0.1"),
    "PORT": os.environ.get("REPORTS_DB_PORT", "1"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"named": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "named"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "loggers": {
        "django.request": {"handlers": ["mail_admins", "console"], "level": "ERROR"},
        "shop": {"handlers": ["console"], "level": "INFO"},
    },
}
