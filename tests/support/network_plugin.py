"""The pytest side of the network guard: install it for the session, fail every test that leaked.

Loaded from ``tests/conftest.py``. At configure time it guards this process
(:mod:`tests.support.network_guard`), puts ``guarded_site/`` first on ``PYTHONPATH`` so every
Python subprocess a test starts (the CLI, hypercorn, the DNS server, xdist workers) guards itself
too, and names a log file where those subprocesses record what they blocked. After each test, any
attempt recorded meanwhile, here or in a subprocess, fails the test even if the code under test
swallowed the :class:`~tests.support.network_guard.NetworkLeak`.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

GUARDED_SITE = Path(__file__).resolve().parent / "guarded_site"


def _guard_module() -> ModuleType:
    # In a subprocess started by the tests (an xdist worker), sitecustomize has already loaded and
    # installed the guard under its own name: use that one, so there is one record and one class.
    return sys.modules.get("tests_network_guard") or importlib.import_module(
        "tests.support.network_guard"
    )


guard = _guard_module()
NetworkLeak: type[AssertionError] = guard.NetworkLeak


_log_offset = 0


def pytest_configure(config: pytest.Config) -> None:
    """Guard this process and, through ``PYTHONPATH``, every Python subprocess started from it."""
    guard.install()
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(GUARDED_SITE) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(GUARDED_SITE), *paths])
    # A log of this pytest process's own (each xdist worker has its own), inherited by the
    # subprocesses it starts: a leak is charged to the test that was running in this process.
    handle, name = tempfile.mkstemp(prefix="launchtui-network-guard-", suffix=".log")
    os.close(handle)
    os.environ[guard.LOG_ENV] = name
    config.add_cleanup(lambda: Path(name).unlink(missing_ok=True))


def _take_leaks() -> list[str]:
    global _log_offset
    leaks: list[str] = guard.take_blocked()
    try:
        with Path(os.environ[guard.LOG_ENV]).open("rb") as file:
            file.seek(_log_offset)
            tail = file.read()
    except (KeyError, FileNotFoundError):
        return leaks
    _log_offset += len(tail)
    own = f"pid {os.getpid()}: "  # this process's attempts are in BLOCKED already
    lines = tail.decode(errors="replace").splitlines()
    return leaks + [line for line in lines if not line.startswith(own)]


@pytest.fixture(autouse=True)
def no_network_leaks() -> Iterator[None]:
    """Fail any test during which a connection past loopback or a name lookup was attempted.

    Leaks recorded before the test body (while wider-scoped fixtures were set up) fail it too.
    """
    if leaks := _take_leaks():
        pytest.fail(
            "network leak while setting up fixtures (blocked before it left):\n" + "\n".join(leaks),
            pytrace=False,
        )
    yield
    if leaks := _take_leaks():
        pytest.fail("network leak (blocked before it left):\n" + "\n".join(leaks), pytrace=False)


@contextlib.contextmanager
def expected_leak(match: str) -> Iterator[None]:
    """Expect the block to be stopped by the guard (with ``match`` in the message), in-process.

    The attempt is taken off the record, so the test that wanted it is not failed for it.
    """
    with pytest.raises(NetworkLeak) as caught:
        yield
    assert match in str(caught.value), caught.value
    taken = guard.take_blocked()
    assert any(match in line for line in taken), taken
