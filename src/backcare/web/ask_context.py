"""Answers that know the day: with a diary open, an answer about cold or heat says what suits
this day of the episode ("day 6: heat is advised now"), from the same limits the diary's
timer uses (``diary.yaml``), with their sources."""

from __future__ import annotations

from dataclasses import dataclass

from backcare.ask.answer import AskResult
from backcare.diary import NoEpisodeError
from backcare.diary.repository import Diary
from backcare.plan import phase_for


@dataclass(frozen=True, slots=True)
class TherapyToday:
    """Whether one therapy suits today, and if not, what to do instead and why."""

    label: str
    advised: bool
    instead: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EpisodeDay:
    day: int
    phase_label: str
    # Per answer card: the therapies it is about, as they stand today.
    therapies: dict[str, tuple[TherapyToday, ...]]


def episode_day(diary: Diary, result: AskResult) -> EpisodeDay | None:
    """Today's day of the latest episode and what it means for these answers; None without one."""
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
            TherapyToday(therapy.label, therapy.suits_day(day),
                         None if therapy.suits_day(day) else therapy.out_of_days.says(therapy),
                         () if therapy.suits_day(day) else therapy.out_of_days.sources)
            for therapy in diary.guidance.therapies.values()
            if therapy.plan_item in card.plan_items
        )
        if about:
            therapies[answer.card] = about
    return EpisodeDay(day, phase_for(day, kb).label, therapies)
