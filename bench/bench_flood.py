"""The web app under a flood, as ``backcare serve`` runs it (one worker process).

Prints a table:

- ``/api/health`` latency (median and worst of 20 polls) while four 20,000-character messages
  are being read by ``/api/assess``, and how long those four took;
- the server's resident memory before and at its peak during 30 simultaneous wrong-password
  logins for one account (``--multi-user``), and how many were checked (401) or refused (429).

Run it with the code of another commit to compare (``PYTHONPATH=/path/to/that/src``).

    python bench/bench_flood.py
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

LONG_TEXT = ("a, " * 7000)[:20_000]
PASSWORD = "lemon kettle garden"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(*options: str) -> Iterator[tuple[str, int]]:
    """``backcare serve`` in a subprocess; yields its address and process ID once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "backcare", "serve", "--port", str(port),
                               *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # a bench, not a test: polling for start-up is fine here
            try:
                httpx.get(f"{base}/api/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def memory_kib(pid: int, field: str) -> int:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of a process and its reading processes."""
    total = 0
    for candidate in [pid, *children(pid)]:
        with open(f"/proc/{candidate}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
    return total


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []


def health_under_load(base: str) -> tuple[float, float, float]:
    client = httpx.Client(base_url=base, timeout=120)
    client.get("/api/health")
    finished: list[float] = []

    def assess() -> None:
        started = time.perf_counter()
        client.post("/api/assess", json={"text": LONG_TEXT})
        finished.append(time.perf_counter() - started)

    senders = [threading.Thread(target=assess) for _ in range(4)]
    for sender in senders:
        sender.start()
    time.sleep(0.3)  # let the four arrive and reading begin
    waits = []
    for _ in range(20):
        started = time.perf_counter()
        client.get("/api/health")
        waits.append(time.perf_counter() - started)
        if len(finished) == 4:
            break
    for sender in senders:
        sender.join()
    return statistics.median(waits), max(waits), max(finished)


def login_flood(base: str, pid: int) -> tuple[int, int, dict[int, int]]:
    person = httpx.Client(base_url=base, timeout=120)
    person.post("/api/accounts", json={"username": "erin", "password": PASSWORD})
    before = memory_kib(pid, "VmRSS")
    go = threading.Event()
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def guess() -> None:
        go.wait()
        answer = httpx.post(f"{base}/api/session", timeout=120,
                            json={"username": "erin", "password": "wrong password guess"})
        with lock:
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

    guessers = [threading.Thread(target=guess) for _ in range(30)]
    for guesser in guessers:
        guesser.start()
    go.set()
    for guesser in guessers:
        guesser.join()
    return before, memory_kib(pid, "VmHWM"), statuses


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        with serving("--db", os.path.join(folder, "diary.sqlite3")) as (base, _):
            median, worst, reading = health_under_load(base)
        with serving("--multi-user", "--data-dir", os.path.join(folder, "web"),
                     "--allowed-host", "127.0.0.1") as (base, pid):
            before, peak, statuses = login_flood(base, pid)
    print(f"{'measure':<52} {'value':>12}")
    print(f"{'/api/health median, 4 x 20,000 chars being read':<52} {median * 1000:>9.0f} ms")
    print(f"{'/api/health worst, 4 x 20,000 chars being read':<52} {worst * 1000:>9.0f} ms")
    print(f"{'the four assessments, slowest':<52} {reading:>10.1f} s")
    print(f"{'server memory before 30 parallel wrong logins':<52} {before / 1024:>8.0f} MiB")
    print(f"{'server memory at peak during them':<52} {peak / 1024:>8.0f} MiB")
    answers = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
    print(f"{'answers to the 30':<52} {answers:>12}")


if __name__ == "__main__":
    main()
