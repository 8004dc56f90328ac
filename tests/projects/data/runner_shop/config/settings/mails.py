import os

from .production import *  # noqa: F403

# Mail to the admins lands in a folder: the runner must not let a check's error reach it.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SHOP_MAIL_DIR"]
SHOP_NOISY_CHECK = True
SHOP_NOISY_LOGGER = "django.request"
