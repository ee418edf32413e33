"""The web app under load: long messages are read off the event loop (issue 15)."""

from __future__ import annotations

import multiprocessing
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

import backcare.intake
from backcare.web.app import create_app
from backcare.web.settings import WebSettings

LONG_TEXT = ("a, " * 7000)[:20_000]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app served by Uvicorn on a free port; the socket listens before the server starts,
    so requests can be sent at once without waiting for it."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(64)
    port = listening.getsockname()[1]
    app = create_app(WebSettings(diary=str(tmp_path / "diary.sqlite3")))
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, log_level="warning", loop="asyncio"))
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listening]})
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=60)
        listening.close()


def test_health_answers_at_once_while_four_long_messages_are_read(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Shared with the reading processes, which are forked with this patch in place.
    forking = multiprocessing.get_context("fork")
    reading = forking.Event()
    finished = forking.Value("i", 0)
    read_text = backcare.intake.read_text

    def watched(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        try:
            return read_text(*args, **kwargs)
        finally:
            with finished.get_lock():
                finished.value += 1

    monkeypatch.setattr(backcare.intake, "read_text", watched)

    def assess() -> None:
        httpx.post(f"{server}/api/assess", json={"text": LONG_TEXT}, timeout=120)

    client = httpx.Client(base_url=server, timeout=60)
    assert client.get("/api/health").status_code == 200  # the connection is made before
    senders = [threading.Thread(target=assess) for _ in range(4)]
    for sender in senders:
        sender.start()
    try:
        assert reading.wait(timeout=60)
        waits = []
        for _ in range(5):  # the median of five, so one stall of a busy machine is not a fail
            started = time.perf_counter()
            assert client.get("/api/health").status_code == 200
            waits.append(time.perf_counter() - started)
        still_reading = finished.value < 4
    finally:
        for sender in senders:
            sender.join(timeout=120)
        client.close()
    assert still_reading, "the messages were read before health was asked: no load to measure"
    waited = statistics.median(waits)
    assert waited < 0.1, f"/api/health took {waited * 1000:.0f} ms"



# Inherited by the reading process when it is forked (events cannot be sent to it).
RELEASE = multiprocessing.get_context("fork").Event()


def held() -> int:
    """Work for a reading process that lasts until the test lets it finish."""
    RELEASE.wait()
    return 1


def test_a_flood_beyond_the_queue_is_refused_with_retry_after() -> None:
    import asyncio

    from backcare.web.errors import ApiError
    from backcare.web.offload import Readers

    RELEASE.clear()
    readers = Readers(processes=1, most_waiting=2)

    async def flood() -> list[Any]:
        waiting = [asyncio.create_task(readers.run(held)) for _ in range(2)]
        await asyncio.sleep(0)  # one turn of the loop: both tasks take their places
        with pytest.raises(ApiError) as refused:
            await readers.run(held)
        RELEASE.set()
        return [refused.value, *[await task for task in waiting]]

    try:
        refused, *done = asyncio.run(flood())
    finally:
        RELEASE.set()
        readers.close()
    assert refused.status == 429 and refused.headers["Retry-After"]
    assert done == [1, 1]
