"""Reading people's words away from the event loop: in a small pool of worker processes.

Reading a long message is pure Python work. Done on the event loop, four 20,000-character
messages kept ``/api/health`` (and every other visitor) waiting for seconds; done in threads,
the readers still held Python's one lock most of the time, and the event loop waited its turn
for every step of every request. Worker processes read without holding up the server at all.
The pool is small and fixed, so a flood of long messages queues instead of taking every core;
the queue is bounded too (:data:`MOST_WAITING`, then 429 with ``Retry-After``), so a flood
cannot hold the server's memory in waiting bodies. With the text capped at ``MAX_TEXT_CHARS``
and reading linear in its length, each request's CPU time is bounded.

Workers are forked from the app's process when first needed, so they start with the knowledge
base loaded and the text reader built (:meth:`Readers.prepare`), instead of building their own
(about a second each) while requests wait.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import read_text
from backcare.web.errors import ApiError

# The processes of one server worker that read text.
READING_PROCESSES = 2
# Requests that may wait for a reading process (or be read) at once; more are refused.
MOST_WAITING = 64
T = TypeVar("T")


class Readers:
    """The reading processes of one app: ``await readers.run(function, *args)``.

    ``function`` must be a module-level function (it is sent to another process by name) and
    its arguments and result must pickle.
    """

    def __init__(self, processes: int = READING_PROCESSES,
                 most_waiting: int = MOST_WAITING) -> None:
        self._processes = processes
        self._most_waiting = most_waiting
        self._waiting = 0
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def prepare(self, kb: KnowledgeBase) -> None:
        """Build the text reader in this process, before any reading process is forked."""
        read_text("my back went into spasm this morning", kb)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self._processes, mp_context=multiprocessing.get_context("fork"))
            return self._pool

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        if self._waiting >= self._most_waiting:  # only the event loop counts: no lock needed
            raise ApiError(429, "busy", "The server is reading many messages at once. Try "
                           "again in a few seconds.", headers={"Retry-After": "5"})
        self._waiting += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor(), partial(function, *args))
        finally:
            self._waiting -= 1

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None
