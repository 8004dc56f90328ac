import os

from .production import *  # noqa: F403

# What of launchtui's own environment reaches the project (nothing should) and what of the
# --env-file does (all of it), made visible through two plain settings.
LANGUAGE_CODE = "leaked" if "LAUNCHTUI_OUTER_SECRET" in os.environ else "en-us"
TIME_ZONE = os.environ.get("SHOP_TIME_ZONE", "UTC")
