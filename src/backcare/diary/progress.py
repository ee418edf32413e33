"""Am I actually recovering? Pain trend, meaningful change and adherence, read from the diary.

The arithmetic here is plain and pure (no database, no clock) so that it can be tested on its
own, including by property-based tests: a mean lies between the lowest and highest score,
"meaningfully better" means exactly what ``diary.yaml`` says, and so on. What a trend *means*
for the person — see a doctor soon, book a review — is left to the triage rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any, NamedTuple

from backcare.collector import cyclic_gc_paused
from backcare.diary.alerts import Notice
from backcare.diary.guidance import DiaryGuidance, ProgressRules, TherapyKind
from backcare.diary.records import Alert, Episode
from backcare.plan import phase_for

# Pain scores are typed with one decimal at most; this absorbs float error in 30 % of a score
# (0.3 * 10 is 3.0000000000000004) without ever moving a real boundary.
_TOLERANCE = 1e-9


class PainPoint(NamedTuple):
    """One pain score: from a check-in, or from the assessment that opened the episode.

    This and the other per-day values are named tuples, immutable like the rest: ten years
    make 3,650 of each, and a frozen dataclass's field-by-field ``__init__`` cost several
    milliseconds of a progress report.
    """

    day: date
    order: tuple[Any, ...]
    score: float


class DailyPain(NamedTuple):
    day: date
    day_number: int
    score: float
    entries: int


@dataclass(frozen=True, slots=True)
class PainTrend:
    daily: tuple[DailyPain, ...]
    first: float | None
    latest: float | None
    lowest: float | None
    highest: float | None
    window_mean: float | None
    window_slope: float | None
    meaningfully_better: bool | None
    getting_worse: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "latest": self.latest,
            "lowest": self.lowest,
            "highest": self.highest,
            "window_mean": self.window_mean,
            "window_slope": self.window_slope,
            "meaningfully_better": self.meaningfully_better,
            "getting_worse": self.getting_worse,
            "daily": [{"date": d.day.isoformat(), "day": d.day_number, "score": d.score,
                       "entries": d.entries} for d in self.daily],
        }


class DayAdherence(NamedTuple):
    """What the plan advised on one day of the episode, and what the person did."""

    day: date
    day_number: int
    phase: str
    pain: float | None
    advised_therapy: tuple[TherapyKind, ...]
    sessions: dict[TherapyKind, int]
    minutes: dict[TherapyKind, float]
    exercises_done: tuple[str, ...]
    exercises_planned: tuple[str, ...]
    water_ml: int

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "day": self.day_number,
            "phase": self.phase,
            "pain": self.pain,
            "advised_therapy": list(self.advised_therapy),
            "sessions": dict(self.sessions),
            "minutes": {kind: round(value, 1) for kind, value in self.minutes.items()},
            "exercises_done": list(self.exercises_done),
            "exercises_planned": list(self.exercises_planned),
            "water_ml": self.water_ml,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """How an episode is going; ``alert`` is what the trend calls for now, ``logged_alerts``
    what the diary said when entries were written (warning signs, corrections)."""

    episode: Episode
    logged_alerts: tuple[Alert, ...]
    today: date
    day: int
    phase: str
    pain: PainTrend
    adherence: tuple[DayAdherence, ...]
    alert: Notice | None

    def to_json(self) -> dict[str, Any]:
        with cyclic_gc_paused():  # a dict or two per day of the episode
            return self._json()

    def _json(self) -> dict[str, Any]:
        return {
            "episode": {"id": self.episode.id, "started_on": self.episode.started_on.isoformat(),
                        "level": self.episode.opening.level},
            "today": self.today.isoformat(),
            "day": self.day,
            "phase": self.phase,
            "pain": self.pain.to_json(),
            "alert": self.alert.to_json() if self.alert else None,
            "logged_alerts": [
                {"raised_at": a.raised_at.isoformat(), "kind": a.kind, "level": a.level,
                 "message": a.message, "sources": list(a.sources)}
                for a in self.logged_alerts
            ],
            "adherence": [day.to_json() for day in self.adherence],
        }


def meaningfully_better(first: float, current: float, rules: ProgressRules) -> bool:
    """A drop of at least ``better_by_points``, or of ``better_by_fraction`` of the first score."""
    drop = first - current
    return drop > 0 and (
        drop + _TOLERANCE >= rules.better_by_points
        or drop + _TOLERANCE >= rules.better_by_fraction * first
    )


def getting_worse(first: float, current: float, rules: ProgressRules) -> bool:
    """A rise of at least ``worse_by_points`` above the first score."""
    return current - first + _TOLERANCE >= rules.worse_by_points


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope (change per day); ``None`` with fewer than two distinct days."""
    if len({x for x, _ in points}) < 2:
        return None
    mean_x = fmean(x for x, _ in points)
    mean_y = fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def daily_pain(points: Iterable[PainPoint], started_on: date) -> tuple[DailyPain, ...]:
    """One score per day: the mean of that day's scores."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for point in points:
        by_day[point.day].append(point.score)
    # fmean of one score is that score as a float: most days have one, so skip the call.
    return tuple(
        DailyPain(day, (day - started_on).days,
                  float(scores[0]) if len(scores) == 1 else fmean(scores), len(scores))
        for day, scores in sorted(by_day.items())
    )


def pain_trend(points: Sequence[PainPoint], started_on: date, today: date,
               rules: ProgressRules) -> PainTrend:
    """The episode's pain: first and latest, the last ``window_days`` mean and slope, change."""
    daily = daily_pain(points, started_on)
    if not daily:
        return PainTrend((), None, None, None, None, None, None, None, False)
    first = min(points, key=lambda p: (p.day, p.order)).score
    latest = daily[-1].score
    window_start = today - timedelta(days=rules.window_days - 1)
    window = [d for d in daily if window_start <= d.day <= today]
    return PainTrend(
        daily=daily,
        first=first,
        latest=latest,
        lowest=min(d.score for d in daily),
        highest=max(d.score for d in daily),
        window_mean=fmean(d.score for d in window) if window else None,
        window_slope=slope([(d.day_number, d.score) for d in window]),
        meaningfully_better=meaningfully_better(first, latest, rules),
        getting_worse=getting_worse(first, latest, rules),
    )


def _applies(item_id: str, findings: Mapping[str, Any], guidance: DiaryGuidance) -> bool:
    condition = guidance.kb.plan_conditions[item_id]
    return condition is None or condition.holds(findings)


@dataclass(frozen=True, slots=True)
class DailyDone:
    """What was done, day by day, as the database sums it up: no entry is read whole.

    ``sessions`` and ``minutes`` hold only the kinds done that day, ``exercises`` each item
    once, in the order first logged, ``water_ml`` the day's total.
    """

    sessions: Mapping[date, Mapping[TherapyKind, int]]
    minutes: Mapping[date, Mapping[TherapyKind, float]]
    exercises: Mapping[date, tuple[str, ...]]
    water_ml: Mapping[date, int]

    @classmethod
    def of_rows(
        cls,
        sessions: Iterable[tuple[date, TherapyKind, datetime, datetime]],
        exercises: Iterable[tuple[date, str]],
        water: Iterable[tuple[date, int]],
    ) -> DailyDone:
        """From plain tuples: sessions as ``(day, kind, started_at, ended_at)`` oldest first,
        exercises as ``(day, item)`` in written order, water as ``(day, ml)`` (or per-day sums).

        A session's minutes are added one by one, in the order they were started, so the
        totals are the very floats that adding up the sessions' ``minutes`` gives.
        """
        count: dict[date, dict[TherapyKind, int]] = defaultdict(dict)
        minutes: dict[date, dict[TherapyKind, float]] = defaultdict(dict)
        for day, kind, started_at, ended_at in sessions:
            count[day][kind] = count[day].get(kind, 0) + 1
            minutes[day][kind] = (minutes[day].get(kind, 0.0)
                                  + (ended_at - started_at).total_seconds() / 60)
        done: dict[date, dict[str, None]] = defaultdict(dict)
        for day, item in exercises:
            done[day][item] = None
        drunk: dict[date, int] = defaultdict(int)
        for day, ml in water:
            drunk[day] += ml
        return cls(dict(count), dict(minutes),
                   {day: tuple(items) for day, items in done.items()}, dict(drunk))


def adherence(
    episode: Episode,
    today: date,
    pain: PainTrend,
    done: DailyDone,
    guidance: DiaryGuidance,
) -> tuple[DayAdherence, ...]:
    """Day by day, what the plan advised against what was done."""
    kb = guidance.kb
    kinds = tuple(guidance.therapies)
    no_sessions: dict[TherapyKind, int] = dict.fromkeys(kinds, 0)
    no_minutes: dict[TherapyKind, float] = dict.fromkeys(kinds, 0.0)
    scores = {d.day: d.score for d in pain.daily}
    findings = episode.opening.result.get("findings", {})

    # From the first day anything was written (an episode may have started weeks before the
    # person opened the diary) to today, or to the last entry if it is later.
    written = [*done.sessions, *done.exercises, *done.water_ml, *scores]
    first = max(episode.started_on, min([episode.opened_at.astimezone().date(), *written]))
    last = max([today, *written])
    planned_in: dict[str, tuple[str, ...]] = {}  # the plan's exercises, per phase
    # The phase and the therapies advised depend on the day number alone, and stop changing
    # after the last day any phase or therapy starts or ends on: work them out once per day
    # number up to there, and once for all the days after.
    bounds = [*(bound for phase in kb.phases for bound in (phase.first_day, phase.last_day)),
              *(bound for therapy in guidance.therapies.values()
                for bound in (therapy.first_day, therapy.last_day))]
    horizon = 1 + max((bound for bound in bounds if bound is not None), default=0)
    plan_on: dict[int, tuple[str, tuple[str, ...], tuple[TherapyKind, ...]]] = {}
    rows: list[DayAdherence] = []
    one_day = timedelta(days=1)
    day = first
    for number in range((first - episode.started_on).days,
                        (last - episode.started_on).days + 1):
        plan = plan_on.get(min(number, horizon))
        if plan is None:
            phase = phase_for(number, kb)
            planned = planned_in.get(phase.id)
            if planned is None:
                planned = planned_in[phase.id] = tuple(
                    item.id for item in guidance.exercises.values()
                    if phase.id in item.phases and _applies(item.id, findings, guidance)
                )
            advised = tuple(k for k, t in guidance.therapies.items() if t.suits_day(number))
            plan = plan_on[min(number, horizon)] = (phase.id, planned, advised)
        sessions = done.sessions.get(day)
        minutes = done.minutes.get(day)
        rows.append(DayAdherence(
            day=day,
            day_number=number,
            phase=plan[0],
            pain=scores.get(day),
            advised_therapy=plan[2],
            sessions={**no_sessions, **sessions} if sessions else dict(no_sessions),
            minutes={**no_minutes, **minutes} if minutes else dict(no_minutes),
            exercises_done=done.exercises.get(day, ()),
            exercises_planned=plan[1],
            water_ml=done.water_ml.get(day, 0),
        ))
        day += one_day
    return tuple(rows)
