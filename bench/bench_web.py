"""How fast is the web app? Prints a table; run with `.venv/bin/python bench/bench_web.py`.

Starts the real `backcare serve` on a free loopback port (1 worker, then 2), with a throwaway
diary, and loads it with wrk (`apt-get install wrk`): 32 connections for a fixed time per
scenario, so every run is bounded and stops by itself. Only 127.0.0.1 is ever contacted.

- a structured assessment: `POST /api/assess` with form answers;
- a text assessment: `POST /api/assess` with the person's own words (the language layer too);
- the result page: `POST /assess`, the HTML result of the quick form, CSRF token included;
- a diary write: `POST /api/diary/check-ins`, committed to SQLite before the answer.

Reports requests per second, p50 and p99 latency, and errors (non-2xx answers and socket
errors); the run fails if there is any error.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

TEXT = "My lower back went into spasm lifting a box two days ago, pain 6/10, no numbness."
STRUCTURED = {"age": 44, "findings": {"fever": False, "pain_score": 7, "onset_days": 2,
                                      "lifting": True, "leg_numbness_one": False}}
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    body: str
    content_type: str
    cookie: str = ""


@dataclass(frozen=True)
class Measured:
    scenario: str
    workers: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(port: int, workers: int, diary: Path) -> subprocess.Popen[bytes]:
    backcare = Path(sys.executable).with_name("backcare")
    server = subprocess.Popen(
        [str(backcare), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--db", str(diary)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def scenarios(base: str) -> list[Scenario]:
    """The four requests, with whatever each needs set up first (an episode, a CSRF token)."""
    with httpx.Client(base_url=base) as client:
        opened = client.post("/api/diary/episodes", json={"text": TEXT, "region": "UK"})
        opened.raise_for_status()
        home = client.get("/")
        token = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
        if token is None:
            raise SystemExit("no CSRF token on the home page")
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    form = urlencode({"text": TEXT, "age": "44", "region": "UK", "csrf_token": token.group(1)})
    return [
        Scenario("structured assessment", "/api/assess", json.dumps(STRUCTURED),
                 "application/json"),
        Scenario("text assessment", "/api/assess", json.dumps({"text": TEXT}),
                 "application/json"),
        Scenario("result page", "/assess", form, "application/x-www-form-urlencoded", cookie),
        Scenario("diary write", "/api/diary/check-ins",
                 json.dumps({"pain": 5, "notes": "a bit stiff"}), "application/json"),
    ]


def lua_script(scenario: Scenario, folder: Path) -> Path:
    path = folder / f"{scenario.name.replace(' ', '_')}.lua"
    lines = [
        'wrk.method = "POST"',
        f"wrk.body = {json.dumps(scenario.body)}",
        f'wrk.headers["Content-Type"] = "{scenario.content_type}"',
    ]
    if scenario.cookie:
        lines.append(f'wrk.headers["Cookie"] = {json.dumps(scenario.cookie)}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _milliseconds(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not found:
        raise ValueError(f"cannot read a latency from {text!r}")
    return float(found[1]) * UNITS[found[2]]


def run_wrk(base: str, scenario: Scenario, workers: int, seconds: int, connections: int,
            folder: Path) -> Measured:
    script = lua_script(scenario, folder)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "--latency", "-s", str(script), base + scenario.path]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=seconds + 60).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output)[1])  # type: ignore[index]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)
    errors = (int(non_2xx[1]) if non_2xx else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0)
    return Measured(
        scenario=scenario.name,
        workers=workers,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),  # type: ignore[index]
        p50_ms=_milliseconds(percentiles["50"]),
        p99_ms=_milliseconds(percentiles["99"]),
        requests=requests,
        errors=errors,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per scenario (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--only", nargs="+", metavar="WORD",
                        help="run only the scenarios whose name holds one of these words")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2

    results: list[Measured] = []
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="backcare-bench-") as scratch:
            folder = Path(scratch)
            port = free_port()
            server = start_server(port, workers, folder / "diary.sqlite3")
            base = f"http://127.0.0.1:{port}"
            try:
                for scenario in scenarios(base):
                    if args.only and not any(word in scenario.name for word in args.only):
                        continue
                    results.append(run_wrk(base, scenario, workers, args.seconds,
                                           args.connections, folder))
            finally:
                server.terminate()
                server.wait(timeout=30)

    print(f"\nbackcare web, wrk: {args.connections} connections, {args.seconds} s per row, "
          "loopback only\n")
    print(f"| {'scenario':<22} | workers | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} "
          f"| {'requests':>8} | errors |")
    print(f"|{'-' * 24}|---------|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 10}|--------|")
    for r in results:
        print(f"| {r.scenario:<22} | {r.workers:>7} | {r.requests_per_second:>7.0f} "
              f"| {r.p50_ms:>7.1f} | {r.p99_ms:>7.1f} | {r.requests:>8} | {r.errors:>6} |")
    failed = sum(r.errors for r in results)
    if failed:
        print(f"\n{failed} errors: the run does not count", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
