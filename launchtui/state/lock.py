"""The lock a save holds while it reads, merges and replaces the state file.

It is a ``filelock`` lock (``fcntl`` on POSIX, ``msvcrt`` on Windows) on a file beside the state
file — ``state.toml`` is locked through ``.state.toml.lock`` — because the state file itself is
replaced by every save and a lock on it would be lost with it. Teams that commit the state file
ignore ``.*.lock`` (the README says so). Any failure to lock is a :class:`StateFileError` of one
line, never a traceback and never a save without the lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from launchtui.state.schema import StateFileError

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another launchtui's save (a save holds the lock for milliseconds)."""


def lock_path(state_file: Path) -> Path:
    """The lock file of a state file: ``.NAME.lock`` in the same folder."""
    return state_file.with_name(f".{state_file.name}.lock")


@contextlib.contextmanager
def state_lock(state_file: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the state file's lock, or raise :class:`StateFileError` saying why it cannot be had."""
    import filelock  # here: only a save needs it, `launchtui --version` must not pay for it

    path = lock_path(state_file)
    lock = filelock.FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StateFileError(
            f"{state_file}: another program kept it locked ({path.name}) for {timeout:g} s; "
            "try again"
        ) from None
    except OSError as exc:
        raise StateFileError(
            f"{state_file}: cannot lock it ({path}: {exc.strerror or exc})"
        ) from None
    try:
        yield
    finally:
        lock.release()
