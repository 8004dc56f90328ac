from .sloppy import *  # noqa: F403

SHOP_LEAKY_CHECK = True
