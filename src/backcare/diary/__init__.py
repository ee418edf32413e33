"""The recovery diary: an episode opened by an assessment, daily entries, progress and alerts.

::

    from backcare.diary import open_diary
    with open_diary() as diary:                 # $BACKCARE_DATABASE_URL or the default file
        diary.save_assessment(backcare.assess(text="my back went lifting a box"))
        written = diary.check_in(6, notes="can't feel when I pee")
        written.alerts                          # a warning sign: raised at once
        diary.progress().to_json()

The names below load on first use: ``backcare`` imports this package whenever it starts (for
its commands), and the database libraries must not slow down ``backcare assess``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backcare.diary.entries import EntryError
    from backcare.diary.progress import Progress
    from backcare.diary.records import (
        Alert,
        AssessmentRecord,
        CheckIn,
        Episode,
        Exercise,
        Profile,
        Session,
        Water,
        Written,
    )
    from backcare.diary.repository import Diary, NoEpisodeError, open_diary
    from backcare.diary.transfer import TransferError

_HOMES = {
    "Diary": "repository", "NoEpisodeError": "repository", "open_diary": "repository",
    "EntryError": "entries", "Progress": "progress", "TransferError": "transfer",
    **dict.fromkeys(("Alert", "AssessmentRecord", "CheckIn", "Episode", "Exercise", "Profile",
                     "Session", "Water", "Written"), "records"),
}
__all__ = [
    "Alert",
    "AssessmentRecord",
    "CheckIn",
    "Diary",
    "EntryError",
    "Episode",
    "Exercise",
    "NoEpisodeError",
    "Profile",
    "Progress",
    "Session",
    "TransferError",
    "Water",
    "Written",
    "open_diary",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backcare.diary' has no attribute {name!r}")
    return getattr(importlib.import_module(f"backcare.diary.{home}"), name)
