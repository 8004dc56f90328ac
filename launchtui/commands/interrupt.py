"""Ctrl+C (SIGINT) ends launchtui at once, with exit code 130, and never in the middle of a write.

Python's own handling raises ``KeyboardInterrupt`` wherever the program happens to be: during the
first imports it prints a traceback, and inside ``asyncio.run`` it becomes a cancellation that a
task can absorb (Python 3.11's ``asyncio.wait_for`` swallows one that races a result), so a run
went on as if nothing had been pressed. Here the signal is taken from the first line of the
program on: the handler flushes the output and leaves with 130 straight away, without waiting
for threads still blocked on a slow site. Only a file write (:func:`writing`) holds it back,
until the file is whole; the write itself is atomic, so the file is valid either way.

The TUI answers SIGINT otherwise: Textual reads Ctrl+C as a key, and a SIGINT sent to it must
let Textual restore the terminal, so the app is told to quit (:func:`on_sigint`).

This module imports only the standard library's ``os``, ``signal`` and ``sys`` (and the exit-code
table, an enum ``signal`` has loaded already), so that the handler is in place before anything
slow is imported. It lives with the commands: only they (the process's front ends) decide how the
process ends. The entry point (:mod:`launchtui.__main__`) installs it first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType

from launchtui.commands.exit import ExitCode

_writes = 0
_pending = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _writes:
        _pending = True  # leave once the file being written is whole
        return
    leave()


def leave() -> None:
    """Flush what was printed and end the process with ``ExitCode.INTERRUPTED``, now."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    with contextlib.suppress(Exception):
        os.write(2, b"launchtui: interrupted\n")
    # os._exit, not sys.exit: a daemon thread blocked on a tarpit, the executor asyncio.run joins
    # and every ``finally`` that would await more network are not waited for.
    os._exit(ExitCode.INTERRUPTED)


def install() -> None:
    """Take SIGINT for the whole process (the command-line entry point calls it first)."""
    with contextlib.suppress(ValueError):  # not the main thread: leave Python's handling
        signal.signal(signal.SIGINT, _on_sigint)


def on_sigint(quit_cleanly: Callable[[], object]) -> None:
    """Answer SIGINT with ``quit_cleanly()`` instead (the TUI: quit the app, which restores the
    terminal); a second SIGINT while it quits ends the program at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, _on_sigint)
        quit_cleanly()

    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, handler)


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """A file write: a SIGINT arriving meanwhile ends the program once the block is done."""
    global _writes
    _writes += 1
    try:
        yield
    finally:
        _writes -= 1
        if not _writes and _pending and signal.getsignal(signal.SIGINT) is _on_sigint:
            leave()
