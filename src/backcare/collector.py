"""Pause Python's cyclic garbage collector around work that makes many short-lived objects.

A year's FHIR Bundle or ten years of progress build tens of thousands of small containers
that all die together at the end. While they are alive, every few hundred allocations trigger
a collection, and the older generations' collections walk everything still alive — the very
objects being built — so the cost grows with the result. None of them form reference cycles
that need the collector; reference counting frees them all the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Turn the cyclic collector off for the block, and back on after it if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
