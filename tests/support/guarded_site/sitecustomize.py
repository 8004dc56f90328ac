"""Install the tests' network guard in every Python subprocess the tests start.

The test session puts this folder first on ``PYTHONPATH`` (``tests/support/network_plugin.py``), so
``python -m launchtui …``, hypercorn and the DNS server process guard their sockets as the test
process does. Python imports ``sitecustomize`` before ``sys.path`` holds the repository, so the
guard is loaded by file path. A ``sitecustomize`` further down the path still runs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _load(name: str, path: Path) -> None:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_load("tests_network_guard", _HERE.parent / "network_guard.py")
sys.modules["tests_network_guard"].install()

for _entry in sys.path:
    _candidate = Path(_entry or ".") / "sitecustomize.py"
    if _candidate.is_file() and _candidate.resolve().parent != _HERE:
        _load("_next_sitecustomize", _candidate)
        break
