"""Run a blocking network call in a daemon thread that an abandoned run does not wait for.

``asyncio.to_thread`` uses the loop's default executor, and ``asyncio.run`` joins that executor
on the way out: a scan still retrying a hostile server after the run's deadline would hold the
program open — or, in the TUI, hold quitting for as long as a tarpit keeps a socket waiting
after the run was cancelled. sslyze's own worker threads are daemons; so is the one this module
starts. Every probe's blocking network call goes through :func:`in_daemon_thread`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def in_daemon_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in a new daemon thread; cancelling the await abandons it."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(setter: Callable[[Any], None], value: Any) -> None:
        if not future.done():  # the await may have been cancelled meanwhile
            setter(value)

    def work() -> None:
        try:
            result = function(*args, **kwargs)
        except BaseException as exc:  # handed to the awaiting task, which decides
            outcome: tuple[Callable[[Any], None], Any] = (future.set_exception, exc)
        else:
            outcome = (future.set_result, result)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=work, name=f"launchtui-{function.__name__}", daemon=True).start()
    return await future
