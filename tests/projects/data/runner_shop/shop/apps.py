from django.apps import AppConfig
from django.core import checks


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self) -> None:
        checks.register(leaky_check, deploy=True)


def leaky_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    from django.conf import settings

    if not getattr(settings, "SHOP_LEAKY_CHECK", False):
        return []
    return [checks.Warning(f"the key is {settings.SECRET_KEY}", id="shop.W001")]
