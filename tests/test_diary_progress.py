"""Am I recovering? The pain trend, "meaningfully better", the alerts a trend calls for, and
what was done each day against what the plan advised."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcare.diary.alerts import Notice
from backcare.diary.guidance import load_guidance
from backcare.diary.progress import (
    PainPoint,
    PainTrend,
    getting_worse,
    meaningfully_better,
    pain_trend,
    slope,
)
from diary_support import Clock, diary_on, start_episode

RULES = load_guidance().progress
START = date(2026, 1, 5)
# Pain scores as people give them: whole or half points.
scores = st.integers(min_value=0, max_value=20).map(lambda half: half / 2)


@pytest.mark.parametrize(("first", "now", "better"), [
    (8, 6, True),      # two points
    (8, 6.5, False),   # 1.5 points, 19 %
    (5, 3.5, True),    # 1.5 points, 30 %
    (3, 2, True),      # one point, 33 %
    (10, 7, True),     # 30 % of 10, where 0.3 * 10 is not exactly 3 in floating point
    (2, 2, False),
    (0, 0, False),
    (6, 7, False),
])
def test_meaningfully_better_is_two_points_or_thirty_percent(
    first: float, now: float, better: bool
) -> None:
    assert meaningfully_better(first, now, RULES) is better


@given(scores, scores)
def test_meaningfully_better_means_exactly_what_the_knowledge_base_says(
    first: float, now: float
) -> None:
    drop = Fraction(first) - Fraction(now)
    expected = drop > 0 and (
        drop >= Fraction(str(RULES.better_by_points))
        or drop >= Fraction(str(RULES.better_by_fraction)) * Fraction(first)
    )
    assert meaningfully_better(first, now, RULES) is expected
    assert not (meaningfully_better(first, now, RULES) and getting_worse(first, now, RULES))
    if now >= first:
        assert not meaningfully_better(first, now, RULES)


@given(scores, scores, scores)
def test_less_pain_is_never_less_better(first: float, a: float, b: float) -> None:
    lower, higher = sorted((a, b))
    if meaningfully_better(first, higher, RULES):
        assert meaningfully_better(first, lower, RULES)
    if getting_worse(first, lower, RULES):
        assert getting_worse(first, higher, RULES)


entries = st.lists(st.tuples(st.integers(min_value=0, max_value=60), scores), min_size=1,
                   max_size=80)


@given(entries, st.integers(min_value=0, max_value=70))
def test_trend_figures_stay_within_the_scores_they_come_from(
    logged: list[tuple[int, float]], today_offset: int
) -> None:
    points = [PainPoint(START + timedelta(days=day), (n,), score)
              for n, (day, score) in enumerate(logged)]
    today = START + timedelta(days=today_offset)
    trend = pain_trend(points, START, today, RULES)
    all_scores = [score for _, score in logged]
    assert trend.lowest is not None and trend.highest is not None
    assert min(all_scores) <= trend.lowest <= trend.highest <= max(all_scores)
    assert len(trend.daily) == len({day for day, _ in logged})
    for daily in trend.daily:
        that_day = [s for d, s in logged if START + timedelta(days=d) == daily.day]
        assert min(that_day) - 1e-9 <= daily.score <= max(that_day) + 1e-9
    window = [d.score for d in trend.daily
              if today - timedelta(days=RULES.window_days - 1) <= d.day <= today]
    if window:
        assert trend.window_mean is not None
        assert min(window) - 1e-9 <= trend.window_mean <= max(window) + 1e-9
    else:
        assert trend.window_mean is None
    assert (trend.window_slope is None) == (len(window) < 2)
    assert trend.first == logged[min(range(len(logged)), key=lambda i: (logged[i][0], i))][1]


@given(st.lists(scores, min_size=2, max_size=10, unique=True))
def test_steadily_falling_pain_has_a_falling_trend(values: list[float]) -> None:
    falling = sorted(values, reverse=True)
    assert (result := slope(list(enumerate(map(float, falling))))) is not None and result < 0
    assert slope([(day, 4.0) for day in range(len(values))]) == 0


def _live_through(diary_days: list[tuple[int, float]], tmp_path: Path, today: int,
                  **findings: Any) -> tuple[int, PainTrend, Notice | None]:
    clock = Clock(START)
    with diary_on("sqlite", tmp_path, clock) as diary:
        start_episode(diary, **findings)
        for day, pain in diary_days:
            clock.moment = Clock(START + timedelta(days=day)).moment
            diary.check_in(pain)
        clock.moment = Clock(START + timedelta(days=today)).moment
        progress = diary.progress()
        return progress.day, progress.pain, progress.alert


def test_not_better_after_four_weeks_calls_for_a_routine_review(tmp_path: Path) -> None:
    day, _, alert = _live_through([(0, 6), (10, 6), (25, 5.5)], tmp_path, today=29)
    assert day == 29
    assert alert is not None
    assert alert.level == "routine"
    assert [r["rule"] for r in alert.detail["reasons"]] == ["R1"]
    assert {"seed-002", "pengel-2003"} <= set(alert.sources)


def test_meaningfully_better_after_four_weeks_needs_no_review(tmp_path: Path) -> None:
    _, pain, alert = _live_through([(0, 7), (10, 5), (25, 3)], tmp_path, today=29)
    assert pain.meaningfully_better is True
    assert alert is None


def test_in_the_first_weeks_slow_progress_raises_nothing(tmp_path: Path) -> None:
    _, _, alert = _live_through([(0, 6), (5, 6), (12, 6)], tmp_path, today=14)
    assert alert is None


def test_pain_getting_worse_calls_for_a_doctor_soon(tmp_path: Path) -> None:
    _, pain, alert = _live_through([(0, 4), (2, 5), (4, 6.5)], tmp_path, today=4)
    assert pain.getting_worse is True
    assert alert is not None and alert.level == "soon"
    assert [r["rule"] for r in alert.detail["reasons"]] == ["S6"]


def test_the_pain_given_in_the_assessment_is_the_first_score(tmp_path: Path) -> None:
    _, pain, _ = _live_through([(2, 6)], tmp_path, today=2, pain_score=8)
    assert pain.first == 8 and pain.latest == 6
    assert pain.meaningfully_better is True


def test_adherence_shows_each_day_what_was_advised_and_what_was_done(tmp_path: Path) -> None:
    clock = Clock(START)
    with diary_on("sqlite", tmp_path, clock) as diary:
        start_episode(diary)
        diary.record_session("ice", clock() - timedelta(minutes=15), clock())
        diary.record_session("ice", clock() - timedelta(minutes=80),
                             clock() - timedelta(minutes=60))
        diary.log_water("500ml")
        diary.log_water("2 cups")
        clock.advance(days=5)
        diary.log_exercise("pelvic-tilt")
        diary.log_exercise("cat cow")
        diary.log_exercise("pelvic_tilt")
        diary.record_session("heat", clock() - timedelta(minutes=20), clock())
        days = {row.day_number: row for row in diary.progress().adherence}
    assert sorted(days) == [0, 1, 2, 3, 4, 5]
    first, sixth = days[0], days[5]
    assert first.advised_therapy == ("cold",) and sixth.advised_therapy == ("heat",)
    assert first.sessions == {"cold": 2, "heat": 0} and first.minutes["cold"] == 35
    assert first.water_ml == 1000 and days[3].water_ml == 0
    assert first.exercises_planned == ()  # the acute days: gentle movement, no exercises yet
    assert sixth.exercises_done == ("pelvic_tilt", "cat_cow")
    assert set(sixth.exercises_planned) == {"knee_to_chest", "pelvic_tilt", "hamstring_stretch",
                                            "childs_pose", "cat_cow"}
    assert sixth.sessions == {"cold": 0, "heat": 1}


def test_progress_json_carries_the_trend_the_alert_and_the_days(tmp_path: Path) -> None:
    clock = Clock(START)
    with diary_on("sqlite", tmp_path, clock) as diary:
        start_episode(diary, onset_days=2)
        diary.check_in(7)
        clock.advance(days=1)
        diary.check_in(5)
        data = diary.progress().to_json()
    assert data["day"] == 3 and data["phase"] == "acute"
    assert data["pain"]["first"] == 7 and data["pain"]["latest"] == 5
    assert data["pain"]["window_slope"] == -2
    assert data["pain"]["meaningfully_better"] is True
    assert data["alert"] is None
    assert [d["day"] for d in data["adherence"]] == [2, 3]
