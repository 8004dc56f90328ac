import time

from .production import *  # noqa: F403

while True:
    time.sleep(0.05)
