import sys

from .production import *  # noqa: F403

# The client libraries cannot be imported in this interpreter, as in a project without them.
for name in ("redis", "psycopg", "psycopg2"):
    sys.modules[name] = None  # type: ignore[assignment]
