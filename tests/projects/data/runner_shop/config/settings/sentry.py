import os

import sentry_sdk

from .production import *  # noqa: F403

# A long shutdown_timeout: on a loaded machine the positive control must still deliver.
sentry_sdk.init(dsn=os.environ["SHOP_SENTRY_DSN"], send_default_pii=True, shutdown_timeout=30)
SHOP_NOISY_CHECK = True
