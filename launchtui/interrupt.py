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

This module imports only the standard library's ``os``, ``signal`` and ``sys``, so that the
handler is in place before anything slow is imported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType

EXIT_INTERRUPTED = 130
"""The shell's code for a program ended by SIGINT (128 + 2)."""

_writes = 0
_pending = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _writes:
        _pending = True  # leave once the file being written is whole
        return
    leave()


def leave() -> None:
    """Flush what was printed and end the process with :data:`EXIT_INTERRUPTED`, now."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    with contextlib.suppress(Exception):
        os.write(2, b"launchtui: interrupted\n")
    # os._exit, not sys.exit: a daemon thread blocked on a tarpit, the executor asyncio.run joins
    # and every ``finally`` that would await more network are not waited for.
    os._exit(EXIT_INTERRUPTED)


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


def entry() -> None:
    """The ``launchtui`` console script: SIGINT handled from here on, then the command line."""
    install()
    from launchtui.cli import main

    raise SystemExit(main())
