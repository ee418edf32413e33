"""Many people in one database (a clinic's, a hosted service's): each opens their own diary
by ``person`` and never reads, changes, exports or erases anyone else's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backcare.diary import Diary, EntryError, open_diary
from diary_support import BACKENDS, Clock, database_url, everything, fill, row_counts, start_episode


@pytest.fixture(params=BACKENDS)
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """One database that several people's diaries share."""
    with database_url(str(request.param), tmp_path) as url:
        yield url


def _open(url: str, person: str) -> Diary:
    return open_diary(url, now=Clock(), person=person)


def test_two_people_in_one_database_never_see_each_others_entries(shared: str) -> None:
    with _open(shared, "ana") as ana, _open(shared, "ben") as ben:
        fill(ana)
        ben.set_profile(age=30, sex="female")
        start_episode(ben, onset_days=2, pain_score=4)
        ben.check_in(3, notes="fine after yoga")
        ben.log_water("1l")

        ana_episodes, ben_episodes = ana.episodes(), ben.episodes()
        assert len(ana_episodes) == 2 and len(ben_episodes) == 1
        assert not {e.id for e in ana_episodes} & {e.id for e in ben_episodes}
        ana_profile, ben_profile = ana.profile(), ben.profile()
        assert ana_profile is not None and ana_profile.age == 52
        assert ben_profile is not None and ben_profile.age == 30
        assert [c.notes for c in ben.check_ins(ben.episode().id)] == ["fine after yoga"]
        # His trend is his opening pain (4) and his check-in (3), nothing of Ana's 6.5 and 7.
        assert [(d.score, d.entries) for d in ben.progress().pain.daily] == [(3.5, 2)]

        # Knowing someone else's episode number is not enough to read or write to it.
        for kind in ("check_ins", "sessions", "exercises", "water", "alerts"):
            assert getattr(ben, kind)(ana.episode().id) == ()
        with pytest.raises(EntryError):
            ben.progress(ana.episode().id)

        exported = ben.export()["tables"]
        assert [row["notes"] for row in exported["check_ins"]] == ["fine after yoga"]
        assert [row["age"] for row in exported["profile"]] == [30]
        assert len(exported["alerts"]) == 0 and len(exported["therapy_sessions"]) == 0

    with open_diary(shared, now=Clock()) as nobody_named:  # the personal diary's default
        assert nobody_named.profile() is None and nobody_named.episodes() == ()


def test_forget_erases_one_person_and_leaves_the_other_intact(shared: str) -> None:
    with _open(shared, "ana") as ana, _open(shared, "ben") as ben:
        fill(ana)
        fill(ben)
        ben_before = everything(ben)
        exported = ana.export()

        ana.forget()
        assert sum(row_counts(ana).values()) == 0
        assert ana.profile() is None and ana.episodes() == ()
        assert everything(ben) == ben_before

        # Ben's entries do not make Ana's diary "not empty": she can bring hers back.
        ana.import_export(exported)
        assert ana.export()["tables"] == exported["tables"]
        assert everything(ben) == ben_before


def test_a_person_must_be_named(shared: str) -> None:
    for blank in ("", "   ", "x" * 65):
        with pytest.raises(EntryError, match="person"):
            open_diary(shared, person=blank)
