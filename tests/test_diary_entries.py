"""What a person writes is checked before it is stored: a bad value is refused, by name, and
nothing is written; a good one is stored exactly as given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.diary import Diary, EntryError, NoEpisodeError
from backcare.diary.entries import minutes, water_ml
from diary_support import BACKENDS, Clock, diary_on, row_counts, start_episode


@pytest.fixture(params=BACKENDS)
def diary(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Diary]:
    with diary_on(request.param, tmp_path) as opened:
        yield opened


@pytest.mark.parametrize(("typed", "ml"), [
    ("500ml", 500), ("500 ml", 500), ("0.5l", 500), ("0,5 L", 500), ("1.5 litres", 1500),
    ("2 cups", 500), ("1 glass", 250), ("33cl", 330), ("12 fl oz", 355),
])
def test_water_is_read_in_the_units_people_use(typed: str, ml: int) -> None:
    assert water_ml(typed) == ml


@pytest.mark.parametrize("typed", ["15", "15min", "15 mins", "15 minutes", "15m", "15.0"])
def test_session_minutes_are_read_as_people_type_them(typed: str) -> None:
    assert minutes(typed) == 15


@pytest.mark.parametrize(("call", "field"), [
    (lambda d: d.check_in(11), "pain"),
    (lambda d: d.check_in(-1), "pain"),
    (lambda d: d.check_in("six"), "pain"),
    (lambda d: d.check_in(5, movement=11), "movement"),
    (lambda d: d.check_in(5, spasms=-2), "spasms"),
    (lambda d: d.check_in(5, spasms=2.5), "spasms"),
    (lambda d: d.check_in(5, signs={"bladder_dysfuncton": True}), "signs"),
    (lambda d: d.check_in(5, day="2099-01-01"), "date"),
    (lambda d: d.check_in(5, day="last tuesday"), "date"),
    (lambda d: d.log_water("-3l"), "water"),
    (lambda d: d.log_water("0 ml"), "water"),
    (lambda d: d.log_water("500"), "water"),
    (lambda d: d.log_water("500 l"), "water"),
    (lambda d: d.log_water("2 buckets"), "water"),
    (lambda d: d.log_exercise("handstand"), "exercise"),
    (lambda d: d.record_session("sauna", d.now() - timedelta(minutes=5), d.now()), "kind"),
    (lambda d: d.record_session("ice", d.now(), d.now() - timedelta(minutes=5)), "ended_at"),
    (lambda d: d.set_profile(age=130), "age"),
    (lambda d: d.set_profile(sex="robot"), "sex"),
    (lambda d: d.set_profile(region="Atlantis"), "region"),
    (lambda d: d.set_profile(add_conditions=["fever"]), "condition"),
])
def test_an_invalid_value_is_refused_by_name_and_writes_nothing(
    diary: Diary, call: Any, field: str
) -> None:
    start_episode(diary)
    before = row_counts(diary)
    with pytest.raises(EntryError) as refused:
        call(diary)
    assert refused.value.field == field
    assert refused.value.message
    assert row_counts(diary) == before


def test_an_entry_before_the_episode_started_is_refused(diary: Diary) -> None:
    start_episode(diary, onset_days=2)
    before = row_counts(diary)
    with pytest.raises(EntryError, match="before this episode started"):
        diary.check_in(5, day=diary.today() - timedelta(days=3))
    assert row_counts(diary) == before


def test_logging_needs_an_episode_opened_by_an_assessment(diary: Diary) -> None:
    with pytest.raises(NoEpisodeError, match="backcare assess"):
        diary.check_in(5)
    assert sum(row_counts(diary).values()) == 0


def test_entries_are_stored_as_given(diary: Diary) -> None:
    start_episode(diary, onset_days=4)
    episode = diary.episode()
    yesterday = diary.today() - timedelta(days=1)
    diary.check_in("6.5/10", spasms="3", movement=4, notes="  stiff in the morning  ",
                   day="yesterday")
    diary.log_water("2 cups")
    diary.log_exercise("Pelvic tilt")
    diary.record_session("heat", diary.now() - timedelta(minutes=15), diary.now(),
                         place="lower back")
    [check_in] = diary.check_ins(episode.id)
    assert (check_in.day, check_in.pain, check_in.spasms, check_in.movement, check_in.notes) == (
        yesterday, 6.5, 3, 4, "stiff in the morning")
    assert [w.ml for w in diary.water(episode.id)] == [500]
    assert [e.item for e in diary.exercises(episode.id)] == ["pelvic_tilt"]
    [session] = diary.sessions(episode.id)
    assert session.kind == "heat" and session.minutes == 15 and session.place == "lower back"
    assert not session.interrupted


def test_the_episode_counts_its_days_from_when_the_pain_started(tmp_path: Path) -> None:
    clock = Clock(date(2026, 5, 10))
    with diary_on("sqlite", tmp_path, clock) as diary:
        start_episode(diary, onset_days=3)
        episode = diary.episode()
        assert episode.started_on == date(2026, 5, 7)
        assert episode.opening.level == "self_care"
        assert episode.opening.knowledge_base == diary.kb.version
        assert episode.opening.result["findings"]["onset_days"] == 3
        assert episode.opening.intake["age"] == 44


def test_profile_changes_only_what_is_given(diary: Diary) -> None:
    diary.set_profile(age=44, sex="female", region="united kingdom",
                      add_conditions=["kidney_disease", "anticoagulant"])
    profile = diary.set_profile(region="US", remove_conditions=["anticoagulant"],
                                add_conditions=["pregnant"])
    assert (profile.age, profile.sex, profile.region) == (44, "female", "US")
    assert profile.conditions == ("kidney_disease", "pregnant")
    assert diary.profile() == profile
