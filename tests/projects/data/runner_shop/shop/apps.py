import logging

from django.apps import AppConfig
from django.core import checks


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self) -> None:
        checks.register(leaky_check, deploy=True)
        checks.register(noisy_check, deploy=True)


def leaky_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    from django.conf import settings

    if not getattr(settings, "SHOP_LEAKY_CHECK", False):
        return []
    return [checks.Warning(f"the key is {settings.SECRET_KEY}", id="shop.W001")]


def noisy_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Logs an error, which Sentry's logging integration would send as an event."""
    from django.conf import settings

    if getattr(settings, "SHOP_NOISY_CHECK", False):
        logger = getattr(settings, "SHOP_NOISY_LOGGER", "shop")
        logging.getLogger(logger).error("a system check logged an error")
    return []
