"""The scripts of ``training/`` as modules, for the tests that check them or read the corpus."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

TRAINING = Path(__file__).resolve().parent.parent / "training"


def training_module(name: str) -> ModuleType:
    """A module of ``training/`` (run there as scripts, so not a package)."""
    sys.path.insert(0, str(TRAINING))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)
