"""Safety in the loop: a warning sign logged in the diary raises an alert at once, and a cold or
heat session that breaks a limit from the knowledge base gets a correction with its sources."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

import backcare.intake
from backcare.diary import Diary
from backcare.diary.guidance import load_guidance
from backcare.knowledge.loader import KNOWLEDGE_DIR, KnowledgeBase, KnowledgeError
from backcare.language import Evidence, TextReading
from diary_support import BACKENDS, Clock, diary_on, start_episode


@pytest.fixture(params=BACKENDS)
def diary(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Diary]:
    with diary_on(request.param, tmp_path) as opened:
        yield opened


def test_a_warning_sign_ticked_in_a_check_in_raises_an_emergency_alert_at_once(
    diary: Diary,
) -> None:
    start_episode(diary, onset_days=1)
    written = diary.check_in(6, signs={"bladder_dysfunction": True})
    [alert] = written.alerts
    assert alert.level == "emergency"
    assert alert.kind == "warning_sign" and alert.check_in_id == written.entry.id
    assert "emergency" in alert.message.lower()
    assert [r["rule"] for r in alert.detail["reasons"]] == ["E1"]
    assert "girft-ces-2023" in alert.sources
    assert all(source in diary.kb.sources for source in alert.sources)
    assert diary.alerts(written.entry.episode_id) == (alert,)
    assert written.entry.findings == {"bladder_dysfunction": True}


def test_a_lasting_condition_from_the_assessment_changes_what_a_new_sign_means(
    diary: Diary,
) -> None:
    start_episode(diary, cancer_history=True)
    assert diary.episode().opening.level == "urgent"
    quiet = diary.check_in(5, notes="much the same")
    assert quiet.alerts == ()  # the cancer history alone was already known: no new alert
    written = diary.check_in(5, signs={"leg_numbness_one": True})
    [alert] = written.alerts
    assert alert.level == "emergency"
    assert {r["rule"] for r in alert.detail["reasons"]} == {"E8", "S3"}


def test_a_condition_in_the_profile_is_carried_into_every_check_in(diary: Diary) -> None:
    start_episode(diary)
    diary.set_profile(add_conditions=["cancer_history"], region="AU")
    [alert] = diary.check_in(5, signs={"leg_numbness_one": True}).alerts
    assert alert.level == "emergency"
    assert "000" in alert.message


def test_an_ordinary_day_raises_nothing(diary: Diary) -> None:
    start_episode(diary)
    assert diary.check_in(4, spasms=2, movement=6, notes="slept badly, stiff").alerts == ()


def test_the_words_of_a_note_go_through_the_language_layer_and_are_shown_back(
    diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = "today I can't feel when I pee"

    def reader(text: str, kb: KnowledgeBase) -> TextReading:
        """A stand-in language layer that knows one phrase."""
        start = text.find("can't feel when I pee")
        if start < 0:
            return TextReading()
        return TextReading(
            findings={"bladder_dysfunction": True},
            evidence=(Evidence("bladder_dysfunction", True, text[start:], start, len(text)),),
        )

    start_episode(diary)
    monkeypatch.setattr(backcare.intake, "read_text", reader)
    written = diary.check_in(6, notes=note)
    [alert] = written.alerts
    assert alert.level == "emergency"
    assert alert.detail["evidence"][0]["text"] == "can't feel when I pee"
    assert written.entry.notes == note
    assert written.entry.findings == {"bladder_dysfunction": True}


@pytest.mark.parametrize("note", ["I can't feel when I pee", "I've got a high fever and chills"])
def test_a_warning_sign_written_in_plain_words_raises_an_alert(diary: Diary, note: str) -> None:
    start_episode(diary)
    [alert] = diary.check_in(6, notes=note).alerts
    assert alert.level in ("emergency", "urgent")


@pytest.mark.parametrize("note", [
    "stiff in the morning but loosened up after walking the dog",
    "a bit stiff first thing, fine after my shower",
])
def test_ordinary_morning_stiffness_in_a_note_raises_no_alert(diary: Diary, note: str) -> None:
    """Morning stiffness counts (and, with easing on exercise, asks for an appointment) only
    when it lasts over about half an hour; stiffness that wears off is a normal back day."""
    start_episode(diary)
    written = diary.check_in(4, notes=note)
    assert written.alerts == ()
    assert written.entry.findings.get("morning_stiffness") is not True


@pytest.mark.parametrize(("note", "level", "advice"), [
    ("took too much paracetamol over the weekend", "emergency", None),
    ("my left calf is swollen and hot today", "urgent", None),
    ("my eyes have gone yellow", "urgent", None),
    ("been having thoughts of ending my life", "urgent", "116 123"),
])
def test_a_version_2_sign_in_a_note_alerts_at_once_with_its_advice(
    diary: Diary, note: str, level: str, advice: str | None
) -> None:
    start_episode(diary)
    [alert] = diary.check_in(5, notes=note).alerts
    assert alert.level == level
    if advice is not None:
        assert advice in alert.message


def _session(diary: Diary, kind: str, minutes: float) -> tuple[str, ...]:
    written = diary.record_session(kind, diary.now() - timedelta(minutes=minutes), diary.now())
    return tuple(alert.detail["correction"] for alert in written.alerts)


@pytest.mark.parametrize(("day", "kind", "minutes", "corrections"), [
    (1, "ice", 15, ()),
    (1, "ice", 20, ()),
    (1, "ice", 30, ("too_long",)),
    (5, "ice", 15, ("out_of_days",)),
    (5, "ice", 45, ("too_long", "out_of_days")),
    (1, "heat", 15, ("out_of_days",)),
    (3, "heat", 10, ("out_of_days",)),
    (4, "heat", 20, ()),
    (30, "heat", 25, ("too_long",)),
])
def test_a_session_that_breaks_a_limit_gets_a_gentle_correction(
    tmp_path: Path, day: int, kind: str, minutes: float, corrections: tuple[str, ...]
) -> None:
    with diary_on("sqlite", tmp_path) as diary:
        start_episode(diary, onset_days=day)
        assert _session(diary, kind, minutes) == corrections


def test_a_correction_says_why_and_cites_its_sources(diary: Diary) -> None:
    start_episode(diary, onset_days=1)
    written = diary.record_session("heat", diary.now() - timedelta(minutes=15), diary.now())
    [correction] = written.alerts
    assert correction.level is None and correction.kind == "correction"
    assert "swell" in correction.message and "day 4" in correction.message
    assert set(correction.sources) >= {"seed-001", "seed-003"}
    assert all(source in diary.kb.sources for source in correction.sources)
    assert correction.session_id == written.entry.id


def test_the_session_limits_are_read_from_the_knowledge_base(tmp_path: Path) -> None:
    data = yaml.safe_load((KNOWLEDGE_DIR / "diary.yaml").read_text(encoding="utf-8"))
    data["therapies"][0]["limit_minutes"] = 10
    edited = tmp_path / "diary.yaml"
    edited.write_text(yaml.safe_dump(data), encoding="utf-8")
    stricter = load_guidance(path=edited)
    clock = Clock(date(2026, 6, 1))
    with diary_on("sqlite", tmp_path, clock) as diary:
        start_episode(diary)
        assert _session(diary, "ice", 15) == ()
        diary.guidance = stricter
        assert _session(diary, "ice", 15) == ("too_long",)
        [correction] = diary.alerts(diary.episode().id)
        assert correction.message.startswith("That was longer than 10 minutes.")


@pytest.mark.parametrize(("path", "value", "complaint"), [
    (("therapies", 0, "too_long", "sources"), ["no-such-source"], "unknown source"),
    (("therapies", 1, "first_day"), 2, "disagree with plan item"),
    (("therapies", 0, "plan_item"), "cold_shower", "unknown plan item"),
    (("lasting_findings",), ["pregnant", "pain_score"], "not a yes/no finding"),
    (("progress", "better_by_fraction"), 3, "better_by_fraction"),
    (("therapies", 1, "too_long", "text"), "Over {limit} minutes, on day {day}", "placeholder"),
])
def test_a_broken_diary_file_is_refused_naming_what_is_wrong(
    tmp_path: Path, path: tuple[str | int, ...], value: object, complaint: str
) -> None:
    data = yaml.safe_load((KNOWLEDGE_DIR / "diary.yaml").read_text(encoding="utf-8"))
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    broken = tmp_path / "diary.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=complaint):
        load_guidance(path=broken)
