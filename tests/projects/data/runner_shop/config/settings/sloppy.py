from .base import *  # noqa: F403

SECRET_KEY = "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz!@#$%^&*"
DEBUG = True
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # noqa: F405
MANAGERS = [("Ops", "ops@shop.example.org")]
