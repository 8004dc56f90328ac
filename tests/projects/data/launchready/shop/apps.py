"""The shop app."""

from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Connects the Anymail receivers when the app is ready."""

    name = "shop"

    def ready(self) -> None:
        from shop import signals  # noqa: F401
