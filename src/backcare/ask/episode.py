"""Answers that know the day: with a diary open, the answers say which day of the episode it is,
and an answer about cold or heat says what suits this day ("Day 6: heat pack is advised now"),
from the same limits the diary's timer uses (``diary.yaml``), with their sources.

One piece of code for every place that answers questions: the web's ask page passes the signed-in
person's diary to ``episode_day``; ``backcare ask`` finds the diary with ``diary_day``, which
opens one only where one is already kept, so asking a question never creates a diary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backcare.ask.answer import AskResult
from backcare.knowledge.loader import KnowledgeBase
from backcare.plan import phase_for

if TYPE_CHECKING:
    from backcare.diary.repository import Diary


@dataclass(frozen=True, slots=True)
class TherapyToday:
    """Whether one therapy suits today, and if not, what to do instead and why."""

    day: int
    label: str
    advised: bool
    instead: str | None
    sources: tuple[str, ...]

    @property
    def says(self) -> str:
        """The line shown with the answer: "Day 5: heat pack is advised now." or the advice."""
        if self.advised:
            return f"Day {self.day}: {self.label.lower()} is advised now."
        return f"Day {self.day}: {self.instead}"


@dataclass(frozen=True, slots=True)
class EpisodeDay:
    """Today's day of the episode, its phase, and per answer card the therapies it is about."""

    day: int
    phase_label: str
    therapies: dict[str, tuple[TherapyToday, ...]]

    @property
    def says(self) -> str:
        """The line shown above the answers."""
        return f"You are on day {self.day} of this episode ({self.phase_label})."


def episode_day(diary: Diary, result: AskResult) -> EpisodeDay | None:
    """Today's day of the latest episode and what it means for these answers; None without one."""
    from backcare.diary.repository import NoEpisodeError

    try:
        episode = diary.episode()
    except NoEpisodeError:
        return None
    day = episode.day_of(diary.today())
    kb = diary.kb
    therapies: dict[str, tuple[TherapyToday, ...]] = {}
    for answer in result.answers:
        card = kb.cards.get(answer.card)
        if card is None:
            continue
        about = tuple(
            TherapyToday(day, therapy.label, therapy.suits_day(day),
                         None if therapy.suits_day(day) else therapy.out_of_days.says(therapy),
                         () if therapy.suits_day(day) else therapy.out_of_days.sources)
            for therapy in diary.guidance.therapies.values()
            if therapy.plan_item in card.plan_items
        )
        if about:
            therapies[answer.card] = about
    return EpisodeDay(day, phase_for(day, kb).label, therapies)


def diary_day(result: AskResult, db: str | None, kb: KnowledgeBase) -> EpisodeDay | None:
    """``episode_day`` in the diary at ``db`` (as ``backcare log`` finds it), if one is kept there.

    None when there is nothing to say it with (no answers), when no diary file exists (it is not
    created), when the diary has no episode, or when it cannot be read: a question is answered
    the same with or without the day, so a diary's trouble must not stop the answer.
    """
    if not result.answers:
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.diary.database import resolve_url
    from backcare.diary.repository import open_diary

    url = resolve_url(db)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return None
    try:
        with open_diary(url, kb=kb) as diary:
            return episode_day(diary, result)
    except (SQLAlchemyError, OSError, ValueError):
        return None
