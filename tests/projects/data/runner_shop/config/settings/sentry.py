import os

import sentry_sdk

from .production import *  # noqa: F403

sentry_sdk.init(dsn=os.environ["SHOP_SENTRY_DSN"], send_default_pii=True)
SHOP_NOISY_CHECK = True
