import os

from .production import *  # noqa: F403

SENTRY_DSN = os.environ["SHOP_SENTRY_DSN"]
