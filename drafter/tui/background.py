"""Work the app leaves behind when it quits: a call run in a daemon thread and awaited.

Textual runs a thread worker in asyncio's default executor, and the event loop joins that
executor's threads on its way out: quitting waited for whatever a worker was doing.  The
checks of a draft of 600,000 characters take some 11 s (its repetition check compares
every pair of like sentences), and quitting such a draft took 16 s, and 45 s on a busy
machine, with SIGTERM unanswered meanwhile (fuzz pass 70).  An async worker awaiting a
daemon thread is cancelled at once when the app quits, and the thread, which only reads,
ends with the process.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def off_thread(call: Callable[[], T], name: str = "drafter-background") -> T:
    """``call()`` in a daemon thread; its result (or its exception), awaited.  Cancelled,
    the caller goes on at once and the result is dropped.  ``call`` must only read: the
    process may end while it runs."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: object, error: BaseException | None) -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = call(), None
        except BaseException as exc:  # (handed to the awaiting worker, which reports it)
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the app has quit and its loop is closed: nobody is waiting

    threading.Thread(target=run, name=name, daemon=True).start()
    return await done
