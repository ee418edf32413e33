"""Gather, from the diary, the facts a clinician needs about one person's episode.

:func:`summarise` reads the diary once and returns a :class:`Summary`: a plain, immutable value
with every label and explanation already taken from the knowledge base. The PDF (and anything
else that shows the summary) only lays it out, so what the clinician reads is decided here, in
one place that tests can check without opening a PDF.

The facts a clinician looks for first are the *documented negatives*: the warning signs that
were asked about and denied. A warning sign here is any yes/no finding a triage rule fires on;
its status is the latest thing the person said about it during the episode — at an assessment
or in a diary check-in — so a fever denied on day 1 and reported on day 9 is reported, not
denied. Signs never asked about are listed as such, so silence is never read as a "no".
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LevelId
from backcare.triage import RANK

if TYPE_CHECKING:
    from backcare.diary.guidance import TherapyKind
    from backcare.diary.records import Exercise, Session
    from backcare.diary.repository import Diary

# The findings sections (``findings/*.yaml``) that describe the episode itself.
WHERE_SECTION = "where it hurts"
ONSET_SECTION = "how it started and how it behaves"
MEDICINE_KIND = "medicine"  # plan items of this kind (plan.yaml) are medicines


@dataclass(frozen=True, slots=True)
class Person:
    name: str | None
    age: int | None
    sex: str | None
    region: str | None
    conditions: tuple[str, ...]  # labels of lasting conditions (profile or opening assessment)


@dataclass(frozen=True, slots=True)
class ReasonLine:
    rule: str
    level_label: str
    explanation: str
    findings: tuple[str, ...]  # labels
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    recorded_at: datetime
    level: LevelId
    level_label: str
    headline: str
    reasons: tuple[ReasonLine, ...]
    serious_causes: tuple[str, ...]  # labels


@dataclass(frozen=True, slots=True)
class SignStatus:
    """A warning sign and the day the person last said something about it."""

    finding: str
    label: str
    on: date


@dataclass(frozen=True, slots=True)
class PainDay:
    day: date
    score: float  # the mean of the day's scores
    from_assessment: bool


@dataclass(frozen=True, slots=True)
class Tried:
    """One kind of self-care, and how often the diary says it was done."""

    label: str
    times: int
    days: int
    minutes: float | None  # total, for timed sessions
    cut_short: int
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class Medicine:
    title: str
    advised: bool  # False: withheld for this person
    notes: tuple[str, ...]  # cautions, or why it was withheld
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AlertLine:
    kind: str  # "warning_sign" (logged in the diary) or "progress" (how the episode is going)
    raised_on: date
    level: LevelId | None
    level_label: str
    message: str
    rules: tuple[str, ...]
    findings: tuple[str, ...]  # labels of the signs that raised it
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """One person's episode, as the clinician summary shows it."""

    generated_at: datetime
    today: date
    knowledge_base: str
    person: Person
    episode_id: int
    started_on: date
    day_number: int
    phase: str
    where: tuple[str, ...]
    onset: tuple[str, ...]
    their_words: str | None
    first_entry: date
    last_entry: date
    assessment: AssessmentSummary
    denied: tuple[SignStatus, ...]
    reported: tuple[SignStatus, ...]
    not_asked: tuple[str, ...]
    pain: tuple[PainDay, ...]
    pain_first: float | None
    pain_latest: float | None
    pain_lowest: float | None
    pain_highest: float | None
    tried: tuple[Tried, ...]
    water_days: int
    water_mean_ml: int | None
    medicines: tuple[Medicine, ...]
    alerts: tuple[AlertLine, ...]
    corrections: int
    questions: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (ID, citation) for every source the summary cites


@functools.cache
def warning_signs(kb: KnowledgeBase) -> tuple[str, ...]:
    """Yes/no findings that some triage rule fires on, those of the most urgent rules first."""
    ordered: dict[str, None] = {}
    for rule in sorted(kb.rules, key=lambda rule: -RANK[rule.level]):
        for finding in kb.rule_conditions[rule.id].positive_ids():
            if kb.findings[finding].kind == "bool":
                ordered.setdefault(finding, None)
    return tuple(ordered)


def citation(kb: KnowledgeBase, source_id: str) -> str:
    """A short reference for a bibliography entry: title, publisher, year."""
    source = kb.sources.get(source_id)
    if source is None:
        return source_id
    year = f", {source.year}" if source.year else ""
    return f"{source.title} — {source.publisher}{year}"


def summarise(
    diary: Diary,
    episode_id: int | None = None,
    *,
    questions: Sequence[str] = (),
    name: str | None = None,
) -> Summary:
    """The summary of ``episode_id`` (the latest episode by default) as of the diary's today.

    Raises :class:`backcare.diary.NoEpisodeError` when there is no such episode.
    """
    from backcare.diary.alerts import PersonContext

    kb = diary.kb
    episode = diary.episode(episode_id)
    today = diary.today()
    progress = diary.progress(episode.id, today)
    check_ins = diary.check_ins(episode.id)
    sessions = diary.sessions(episode.id)
    exercises = diary.exercises(episode.id)
    water = diary.water(episode.id)
    alerts = diary.alerts(episode.id)
    profile = diary.profile()
    opening, latest = episode.opening, episode.assessments[-1]
    context = PersonContext.of(profile, episode, diary.guidance)

    opening_findings: Mapping[str, Any] = opening.result.get("findings", {})
    region = kb.region(context.region)
    person = Person(
        name=name.strip() if name and name.strip() else None,
        age=context.age,
        sex=context.sex,
        region=region.name if region else context.region,
        conditions=tuple(_label(kb, fid) for fid, present in context.lasting.items() if present),
    )

    # What was said about each warning sign, oldest first, so the latest statement wins.
    statements: list[tuple[datetime, date, Mapping[str, Any]]] = [
        (record.recorded_at, _local_day(record.recorded_at), record.result.get("findings", {}))
        for record in episode.assessments
    ]
    statements += [(c.recorded_at, c.day, c.findings) for c in check_ins]
    status: dict[str, tuple[bool, date]] = {}
    for _, on, findings in sorted(statements, key=lambda entry: entry[0]):
        for fid, value in findings.items():
            if isinstance(value, bool):
                status[fid] = (value, on)
    if profile is not None:  # a condition kept in the profile stands, whatever was said since
        for fid in profile.conditions:
            status[fid] = (True, _local_day(profile.updated_at))
    signs = warning_signs(kb)
    denied = tuple(SignStatus(fid, _label(kb, fid), status[fid][1])
                   for fid in signs if fid in status and status[fid][0] is False)
    # Present signs that made a rule fire — at the assessment or in a diary alert; a sign that
    # only matters in combination (sudden onset with osteoporosis) is not news on its own.
    fired = {*latest.result.get("red_flags", ()),
             *(fid for alert in alerts if alert.kind == "warning_sign"
               for reason in alert.detail.get("reasons", ()) for fid in reason["findings"])}
    reported = tuple(SignStatus(fid, _label(kb, fid), status[fid][1])
                     for fid in signs if fid in fired and status.get(fid, (False,))[0] is True)
    not_asked = tuple(_label(kb, fid) for fid in signs if fid not in status)

    assessment_days = {max(episode.started_on, _local_day(record.recorded_at))
                       for record in episode.assessments
                       if _is_number(record.result.get("findings", {}).get("pain_score"))}
    pain = tuple(PainDay(d.day, d.score, d.day in assessment_days)
                 for d in progress.pain.daily)

    entry_days = [
        *(_local_day(record.recorded_at) for record in episode.assessments),
        *(c.day for c in check_ins), *(s.day for s in sessions),
        *(e.day for e in exercises), *(w.day for w in water),
    ]
    water_by_day: dict[date, int] = defaultdict(int)
    for drink in water:
        water_by_day[drink.day] += drink.ml

    alert_lines = [_alert_line(kb, alert.kind, alert.raised_at, alert.level, alert.message,
                               alert.sources, alert.detail)
                   for alert in alerts if alert.kind == "warning_sign"]
    if progress.alert is not None:
        alert_lines.append(_alert_line(kb, progress.alert.kind, diary.now(),
                                       progress.alert.level, progress.alert.message,
                                       progress.alert.sources, progress.alert.detail))

    summary_of_latest = _assessment(kb, latest.recorded_at, latest.level, latest.result)
    medicines = _medicines(latest.result)
    cited = [
        *(s for reason in summary_of_latest.reasons for s in reason.sources),
        *(s for medicine in medicines for s in medicine.sources),
        *(s for line in alert_lines for s in line.sources),
    ]
    return Summary(
        generated_at=diary.now(),
        today=today,
        knowledge_base=latest.knowledge_base,
        person=person,
        episode_id=episode.id,
        started_on=episode.started_on,
        day_number=progress.day,
        phase=next((p.label for p in kb.phases if p.id == progress.phase), progress.phase),
        where=_present_in(kb, WHERE_SECTION, opening_findings),
        onset=_present_in(kb, ONSET_SECTION, opening_findings),
        their_words=opening.intake.get("text"),
        first_entry=min(entry_days, default=episode.started_on),
        last_entry=max(entry_days, default=episode.started_on),
        assessment=summary_of_latest,
        denied=denied,
        reported=reported,
        not_asked=not_asked,
        pain=pain,
        pain_first=progress.pain.first,
        pain_latest=progress.pain.latest,
        pain_lowest=progress.pain.lowest,
        pain_highest=progress.pain.highest,
        tried=_tried(diary, sessions, exercises),
        water_days=len(water_by_day),
        water_mean_ml=(round(sum(water_by_day.values()) / len(water_by_day))
                       if water_by_day else None),
        medicines=medicines,
        alerts=tuple(alert_lines),
        corrections=sum(1 for alert in alerts if alert.kind == "correction"),
        questions=tuple(q.strip() for q in questions if q.strip()),
        sources=tuple((sid, citation(kb, sid)) for sid in dict.fromkeys(cited)),
    )


def _label(kb: KnowledgeBase, finding: str) -> str:
    known = kb.findings.get(finding)
    return known.label if known else finding


def _level_label(kb: KnowledgeBase, level: str | None) -> str:
    known = kb.levels.get(cast(LevelId, level)) if level else None
    return known.label if known else (level or "")


def _local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _present_in(kb: KnowledgeBase, section: str, findings: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(_label(kb, fid) for fid in kb.sections.get(section, ())
                 if findings.get(fid) is True)


def _assessment(kb: KnowledgeBase, recorded_at: datetime, level: LevelId,
                result: Mapping[str, Any]) -> AssessmentSummary:
    triage = result.get("triage", {})
    return AssessmentSummary(
        recorded_at=recorded_at,
        level=level,
        level_label=_level_label(kb, level),
        headline=" ".join(str(triage.get("headline", "")).split()),
        reasons=tuple(
            ReasonLine(
                rule=reason["rule"],
                level_label=_level_label(kb, reason.get("level")),
                explanation=" ".join(reason["explanation"].split()),
                findings=tuple(_label(kb, fid) for fid in reason.get("findings", ())),
                sources=tuple(reason.get("sources", ())),
            )
            for reason in triage.get("reasons", ())
        ),
        serious_causes=tuple(kb.causes[cid].label if cid in kb.causes else cid
                             for cid in result.get("serious_causes", ())),
    )


def _medicines(result: Mapping[str, Any]) -> tuple[Medicine, ...]:
    """The medicines the assessment's plan discussed: advised (with cautions) or withheld."""
    plan = result.get("plan", {})
    found = [
        Medicine(item["title"], True,
                 tuple(" ".join(c["why"].split()) for c in item.get("cautions", ())),
                 tuple(dict.fromkeys([*item.get("sources", ()),
                                      *(s for c in item.get("cautions", ())
                                        for s in c["sources"])])))
        for item in plan.get("items", ()) if item.get("kind") == MEDICINE_KIND
    ]
    found += [
        Medicine(item["title"], False,
                 tuple(" ".join(r["why"].split()) for r in item.get("reasons", ())),
                 tuple(dict.fromkeys(s for r in item.get("reasons", ()) for s in r["sources"])))
        for item in plan.get("withheld", ()) if item.get("kind") == MEDICINE_KIND
    ]
    return tuple(found)


def _alert_line(kb: KnowledgeBase, kind: str, moment: datetime, level: LevelId | None,
                message: str, sources: Iterable[str], detail: Mapping[str, Any]) -> AlertLine:
    reasons = detail.get("reasons", ())
    return AlertLine(
        kind=kind,
        raised_on=_local_day(moment),
        level=level,
        level_label=_level_label(kb, level),
        message=" ".join(message.split()),
        rules=tuple(reason["rule"] for reason in reasons),
        findings=tuple(dict.fromkeys(_label(kb, fid) for reason in reasons
                                     for fid in reason.get("findings", ()))),
        sources=tuple(sources),
    )


def _tried(diary: Diary, sessions: Iterable[Session],
           exercises: Iterable[Exercise]) -> tuple[Tried, ...]:
    """Cold and heat sessions per kind, then each exercise, most often done first."""
    lines: list[Tried] = []
    by_kind: dict[TherapyKind, list[Session]] = defaultdict(list)
    for session in sessions:
        by_kind[session.kind].append(session)
    for kind, done in by_kind.items():
        lines.append(Tried(
            label=diary.guidance.therapy(kind).label, times=len(done),
            days=len({s.day for s in done}), minutes=sum(s.minutes for s in done),
            cut_short=sum(1 for s in done if s.interrupted),
            first=min(s.day for s in done), last=max(s.day for s in done),
        ))
    by_item: dict[str, list[Exercise]] = defaultdict(list)
    for exercise in exercises:
        by_item[exercise.item].append(exercise)
    exercise_lines = [
        Tried(
            label=diary.guidance.exercises[item].title if item in diary.guidance.exercises
            else item,
            times=len(done), days=len({e.day for e in done}), minutes=None,
            cut_short=0, first=min(e.day for e in done), last=max(e.day for e in done),
        )
        for item, done in by_item.items()
    ]
    return (*lines, *sorted(exercise_lines, key=lambda line: -line.times))
