"""A countdown for a cold or heat session that stops at the safe limit and always keeps the time.

The session is recorded however it ends — at the limit, with Ctrl-C, or when the terminal is
closed — because a person who stopped early still did a session. The clock is injected, so
tests (and demonstrations) can run twenty minutes in a second.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Protocol

# How often the display is refreshed, in real seconds.
REFRESH_SECONDS = 0.25


class Clock(Protocol):
    def seconds(self) -> float:
        """Seconds of the session elapsed since the clock was started."""

    def wait(self, most: float) -> None:
        """Pause for a display refresh, or for ``most`` session seconds if that is sooner."""


@dataclass
class SystemClock:
    """The real clock, optionally sped up (``speed=60`` runs a minute a second)."""

    speed: float = 1.0
    _start: float = field(default_factory=time.monotonic)

    def seconds(self) -> float:
        return (time.monotonic() - self._start) * self.speed

    def wait(self, most: float) -> None:
        time.sleep(max(0.0, min(REFRESH_SECONDS, most / self.speed)))


@dataclass(frozen=True, slots=True)
class TimedSession:
    started_at: datetime
    ended_at: datetime
    interrupted: bool


class _Stopped(Exception):
    """The terminal closed or the process was asked to end: stop like Ctrl-C, and keep the time."""


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise _Stopped


@contextmanager
def _stopping_on_signals() -> Iterator[None]:
    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {sig: signal.signal(sig, _stop) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def count_down(
    minutes: float,
    clock: Clock,
    on_tick: Callable[[float, float], None],
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    on_start: Callable[[], None] = lambda: None,
) -> TimedSession:
    """Count ``minutes`` down, calling ``on_tick(elapsed, total)`` in seconds; stop at the end.

    ``on_start`` is called once the stop signals are handled, so whatever it prints tells a
    watching process (or person) that stopping now will still record the time.

    A session that runs to the end is recorded as exactly ``minutes`` long: it stopped at the
    limit by design, and a few milliseconds over must not read as "too long".
    """
    total = minutes * 60
    interrupted = False
    elapsed = 0.0
    with _stopping_on_signals():
        try:
            on_start()
            while (elapsed := clock.seconds()) < total:
                on_tick(elapsed, total)
                clock.wait(total - elapsed)
            elapsed = total
        except (KeyboardInterrupt, _Stopped):
            elapsed = min(clock.seconds(), total)
            interrupted = True
    on_tick(elapsed, total)
    ended = now()
    return TimedSession(ended - timedelta(seconds=elapsed), ended, interrupted)
