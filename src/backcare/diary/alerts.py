"""Safety in the loop: what the diary says at once when an entry calls for it.

A warning sign written in a check-in note is still a warning sign, days after the assessment
that opened the episode, so every note goes through the same language layer and triage rules
as the first assessment — with the person's lasting conditions carried over, since a new leg
numbness means more after cancer. A cold pack left on too long, or heat in the first days,
gets a gentle correction instead, with the source of the limit it broke.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from backcare.conditions import FindingValue
from backcare.diary.entries import EntryError
from backcare.diary.guidance import DiaryGuidance, Therapy
from backcare.diary.records import Episode, Profile
from backcare.intake import IntakeError, validate_intake
from backcare.knowledge.schema import LevelId, Region
from backcare.triage import RANK, Reason, headline_for, triage

NoticeKind = Literal["warning_sign", "correction", "progress"]
# The findings the diary itself works out; triage rules about them are progress alerts.
PROGRESS_FINDINGS = frozenset({"onset_days", "improving", "worsening"})


@dataclass(frozen=True, slots=True)
class Notice:
    """An alert or a correction, before (or without) being stored."""

    kind: NoticeKind
    level: LevelId | None
    message: str
    sources: tuple[str, ...]
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "level": self.level, "message": self.message,
                "sources": list(self.sources), "detail": self.detail}


@dataclass(frozen=True, slots=True)
class PersonContext:
    """Who is writing, and what about them lasts through the episode.

    The profile wins over what the opening assessment said: the person set it deliberately.
    """

    age: int | None
    sex: str | None
    region: str | None
    lasting: Mapping[str, bool]
    started_on: date

    @classmethod
    def of(cls, profile: Profile | None, episode: Episode,
           guidance: DiaryGuidance) -> PersonContext:
        intake = episode.opening.intake
        found = episode.opening.result.get("findings", {})
        lasting = {fid: True for fid, value in found.items()
                   if value is True and fid in guidance.lasting_findings}
        if profile is not None:
            lasting.update(dict.fromkeys(profile.conditions, True))
        age = profile.age if profile and profile.age is not None else intake.get("age")
        if age is None and isinstance(found.get("age"), int):
            age = found["age"]
        return cls(
            age=age,
            sex=profile.sex if profile and profile.sex else intake.get("sex"),
            region=profile.region if profile and profile.region else intake.get("region"),
            lasting=lasting,
            started_on=episode.started_on,
        )

    def findings_on(self, day: date, pain: float | None = None) -> dict[str, FindingValue]:
        """What is known on ``day`` before the person says anything new."""
        known: dict[str, FindingValue] = dict(self.lasting)
        known["onset_days"] = max(0, (day - self.started_on).days)
        if pain is not None:
            known["pain_score"] = pain
        if self.age is not None:
            known["age"] = self.age
        return known


@dataclass(frozen=True, slots=True)
class CheckInReading:
    """What a check-in's note and ticked signs said, and the alert they raise, if any."""

    findings: dict[str, FindingValue]
    alert: Notice | None


def _alert_from(kind: NoticeKind, level: LevelId, reasons: list[Reason], region: Region | None,
                guidance: DiaryGuidance, extra: dict[str, Any]) -> Notice:
    """An alert at ``level`` that says what to do, why (the rules that fired) and on what basis."""
    kb = guidance.kb
    headline = headline_for(kb, level, (reason.rule for reason in reasons), region)
    sources = dict.fromkeys(kb.levels[level].sources)
    for reason in reasons:
        sources.update(dict.fromkeys(reason.sources))
    return Notice(
        kind=kind,
        level=level,
        message=headline,
        sources=tuple(sources),
        detail={
            "headline": headline,
            "reasons": [reason.to_json() for reason in reasons],
            "emergency_number": region.emergency_number if region else None,
            **extra,
        },
    )


def read_check_in(
    note: str | None,
    signs: Mapping[str, bool],
    context: PersonContext,
    day: date,
    pain: float,
    guidance: DiaryGuidance,
) -> CheckInReading:
    """Read a note and ticked signs as triage would, and alert on any rule they newly fire.

    "Newly" is measured against what was already known that day (lasting conditions, the day
    of the episode): a cancer history alone does not alert on every check-in, but a new leg
    numbness with it does, at the emergency level rule E8 gives it.
    """
    kb = guidance.kb
    known = context.findings_on(day, pain)
    for fid, value in signs.items():
        finding = kb.findings.get(fid)
        if finding is None or finding.kind != "bool" or not isinstance(value, bool):
            raise EntryError("signs", f"{fid!r} is not a yes/no finding ID (see the vocabulary)")
    raw: dict[str, Any] = {"findings": {**known, **signs}}
    if note is not None:
        raw["text"] = note
    for key in ("age", "sex", "region"):
        if getattr(context, key) is not None:
            raw[key] = getattr(context, key)
    try:
        checked = validate_intake(raw, kb)
    except IntakeError as exc:
        raise EntryError("note" if exc.field == "text" else exc.field, exc.message) from exc
    said = {fid: value for fid, value in checked.findings.items()
            if fid not in known or fid in signs}
    # Diary notes come from a person already in an episode of back pain: a note about the day
    # ("slept badly") is in scope even when it names no back symptom.
    after = triage(checked.findings, kb, in_scope=True, region=checked.region)
    before = triage(known, kb, in_scope=True, region=checked.region)
    already = {reason.rule for reason in before.reasons}
    new = [r for r in after.reasons if r.rule not in already and RANK[r.level] > 0]
    if not new:
        return CheckInReading(said, None)
    evidence = [
        {"finding": e.finding, "text": e.text, "start": e.start, "end": e.end}
        for e in checked.evidence
    ]
    extra = {"evidence": evidence, "serious_causes": list(after.serious_causes)}
    return CheckInReading(
        said, _alert_from("warning_sign", after.level, new, checked.region, guidance, extra)
    )


def session_corrections(therapy: Therapy, day: int, minutes: float) -> list[Notice]:
    """Gentle corrections for a session that broke a limit from ``diary.yaml``."""
    found: list[Notice] = []
    if minutes > therapy.limit_minutes:
        found.append(Notice(
            "correction", None, therapy.too_long.says(therapy),
            therapy.too_long.sources,
            {"correction": "too_long", "therapy": therapy.kind, "minutes": round(minutes, 1),
             "limit_minutes": therapy.limit_minutes},
        ))
    if not therapy.suits_day(day):
        found.append(Notice(
            "correction", None, therapy.out_of_days.says(therapy),
            therapy.out_of_days.sources,
            {"correction": "out_of_days", "therapy": therapy.kind, "day": day,
             "first_day": therapy.first_day, "last_day": therapy.last_day},
        ))
    return found


def progress_alert(
    context: PersonContext,
    today: date,
    better: bool | None,
    worse: bool,
    guidance: DiaryGuidance,
) -> Notice | None:
    """Triage on how the episode is going: worse (rule S6), not better after four weeks (R1).

    ``better`` is ``None`` when no pain score says either way; like any unknown finding, it
    then cannot count as improving.
    """
    kb = guidance.kb
    known = context.findings_on(today)
    if better is not None:
        known["improving"] = better
    known["worsening"] = worse
    region = kb.region(context.region)
    result = triage(known, kb, in_scope=True, region=region)
    about_progress = [
        reason for reason in result.reasons
        if RANK[reason.level] > 0
        and PROGRESS_FINDINGS & {*kb.rule_conditions[reason.rule].positive_ids(),
                                 *kb.rule_conditions[reason.rule].negated_ids()}
    ]
    if not about_progress:
        return None
    level = max((reason.level for reason in about_progress), key=RANK.__getitem__)
    return _alert_from("progress", level, about_progress, region, guidance,
                       {"day": known["onset_days"], "improving": better, "worsening": worse})
