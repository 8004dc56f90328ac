import os
import sys

from .production import *  # noqa: F403

print("loading settings, SECRET_KEY =", SECRET_KEY)  # noqa: F405
print("stderr too:", SECRET_KEY, file=sys.stderr)  # noqa: F405
os.write(1, f"\nfd 1: {SECRET_KEY}\n".encode())  # noqa: F405
os.write(2, f"\nfd 2: {SECRET_KEY}\n".encode())  # noqa: F405
