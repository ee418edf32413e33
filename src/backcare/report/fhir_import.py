"""Read backcare's own FHIR R4B Bundle back into a diary, losing nothing — or refuse it.

A Bundle is checked in three layers, and the first failure stops the import with an error
naming the element, in FHIRPath style (``Bundle.entry[3].resource.valueQuantity.value: must be
between 0 and 10, got 11``):

1. shape — it is a backcare diary Bundle of FHIR R4B, with only the resource types backcare
   writes (``fhir.py``);
2. FHIR — ``fhir.resources.R4B`` validates every element's type and cardinality;
3. meaning — what the FHIR library cannot know: a pain score is 0–10, a finding exists in the
   knowledge base and has the right kind of value, times carry a time zone, references point
   at resources in the Bundle, and each Observation derived from an assessment agrees with the
   assessment it came from.

Only then is the diary written, through :meth:`Diary.import_export`, in one transaction and
only into an empty diary: the same all-or-nothing rules as a JSON import.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from backcare.diary.transfer import FORMAT, FORMAT_VERSION
from backcare.knowledge.schema import LEVEL_ORDER
from backcare.report.codes import (
    ALERT_SYSTEM,
    CARE_SYSTEM,
    DIARY_SYSTEM,
    FHIR_VERSION,
    FHIR_VERSION_SYSTEM,
    FORMAT_CODE,
    FORMAT_SYSTEM,
    LEVEL_SYSTEM,
    QUESTIONNAIRE,
    UCUM,
    Ext,
    Terminology,
    load_terminology,
    row_system,
)
from backcare.report.fhir import INTAKE_ITEMS
from backcare.report.fhir_validation import BundleError, validate_bundle

if TYPE_CHECKING:
    from backcare.diary.guidance import DiaryGuidance
    from backcare.diary.repository import Diary

SEXES = ("female", "male", "other")


def import_bundle(diary: Diary, data: Any) -> int:
    """Load a Bundle written by :func:`backcare.report.fhir.bundle_json` — ``data`` as
    ``json.loads`` gives it, checked here — into an empty diary; return the number of diary rows
    loaded. Raises :class:`BundleError` naming the element at fault."""
    return diary.import_export(export_from_bundle(data, diary.guidance))


def export_from_bundle(data: Any, guidance: DiaryGuidance) -> dict[str, Any]:
    """The diary export document (as ``Diary.export()`` gives it) that a Bundle stands for."""
    from alembic.script import ScriptDirectory

    from backcare.diary.database import MIGRATIONS_DIR

    validate_bundle(data)
    tags = data.get("meta", {}).get("tag", [])
    codes = {tag.get("system"): tag.get("code") for tag in tags if isinstance(tag, Mapping)}
    if codes.get(FORMAT_SYSTEM) != FORMAT_CODE:
        raise BundleError("Bundle.meta.tag", f"not a backcare diary Bundle (no tag {FORMAT_CODE} "
                                             f"in {FORMAT_SYSTEM})")
    if codes.get(FHIR_VERSION_SYSTEM, FHIR_VERSION) != FHIR_VERSION:
        raise BundleError("Bundle.meta.tag", f"FHIR version {codes[FHIR_VERSION_SYSTEM]!r}; "
                                             f"backcare reads R4B ({FHIR_VERSION})")
    reader = _Reader(load_terminology(guidance.kb), guidance, data.get("entry", []))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        # The diary's own schema: a Bundle is read into whatever schema this backcare has.
        "schema": ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head(),
        "knowledge_base": guidance.kb.version,
        "exported_at": data.get("timestamp"),
        "tables": reader.tables(),
    }


@dataclass(frozen=True, slots=True)
class _At:
    """A JSON node and its path, so every complaint can say exactly where it is."""

    node: Mapping[str, Any]
    path: str

    def fail(self, key: str, message: str) -> BundleError:
        return BundleError(f"{self.path}.{key}" if key else self.path, message)

    def get(self, key: str) -> Any:
        return self.node.get(key)

    def need(self, key: str) -> Any:
        value = self.node.get(key)
        if value is None:
            raise self.fail(key, "is missing")
        return value

    def text(self, key: str) -> str:
        value = self.need(key)
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, got {value!r}")
        return value

    def child(self, key: str) -> _At:
        value = self.need(key)
        if not isinstance(value, Mapping):
            raise self.fail(key, "must be an object")
        return _At(value, f"{self.path}.{key}")

    def children(self, key: str) -> Iterator[_At]:
        value = self.node.get(key) or []
        if isinstance(value, Mapping):  # a 0..1 element, such as QuestionnaireResponse.identifier
            value = [value]
        for number, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.fail(f"{key}[{number}]", "must be an object")
            yield _At(item, f"{self.path}.{key}[{number}]")

    def extensions(self, url: str) -> list[_At]:
        return [ext for ext in self.children("extension") if ext.get("url") == url]

    def extension(self, url: str) -> _At:
        found = self.optional_extension(url)
        if found is None:
            raise self.fail("extension", f"needs the extension {url}")
        return found

    def optional_extension(self, url: str) -> _At | None:
        found = self.extensions(url)
        if len(found) > 1:
            raise found[1].fail("", f"extension {url} appears more than once")
        return found[0] if found else None


def _moment(at: _At, key: str) -> str:
    """A date and time with a time zone: a local time taken for UTC would move entries across
    midnight, onto the wrong day of the episode."""
    value = at.text(key)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise at.fail(key, f"must be a date and time, got {value!r}") from None
    if "T" not in value or moment.tzinfo is None:
        raise at.fail(key, f"must be a date and time with a time zone, got {value!r}")
    return moment.isoformat()


def _day(at: _At, key: str) -> str:
    value = at.text(key)
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise at.fail(key, f"must be a full date (YYYY-MM-DD), got {value!r}")


def _whole(at: _At, key: str, low: float, high: float | None) -> int:
    value = at.need(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise at.fail(key, f"must be a whole number, got {value!r}")
    _in_range(at, key, value, low, high)
    return value


def _number(at: _At, key: str, low: float | None, high: float | None) -> int | float:
    value = at.need(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise at.fail(key, f"must be a number, got {value!r}")
    _in_range(at, key, value, low, high)
    return value


def _in_range(at: _At, key: str, value: float, low: float | None, high: float | None) -> None:
    if low is not None and high is not None and not low <= value <= high:
        raise at.fail(key, f"must be between {low:g} and {high:g}, got {value:g}")
    if low is not None and value < low:
        raise at.fail(key, f"must be at least {low:g}, got {value:g}")
    if high is not None and value > high:
        raise at.fail(key, f"must be at most {high:g}, got {value:g}")


def _code(at: _At, key: str, system: str) -> str:
    """The code of ``key``'s coding in ``system`` (``key`` a CodeableConcept or a Coding)."""
    concept = at.child(key)
    codings = list(concept.children("coding")) if "coding" in concept.node else [concept]
    for coding in codings:
        if coding.get("system") == system:
            return coding.text("code")
    raise concept.fail("coding", f"needs a coding in {system}")


def _json_attachment(ext: _At) -> Any:
    attachment = ext.child("valueAttachment")
    if attachment.get("contentType") != "application/json":
        raise attachment.fail("contentType", "must be application/json")
    try:
        return json.loads(base64.b64decode(attachment.text("data"), validate=True))
    except (binascii.Error, ValueError) as exc:
        raise attachment.fail("data", f"is not base64-encoded JSON: {exc}") from None


class _Reader:
    """Reads the resources of one Bundle into diary tables, checking as it goes."""

    def __init__(self, terms: Terminology, guidance: DiaryGuidance,
                 entries: Sequence[Mapping[str, Any]]) -> None:
        self.terms = terms
        self.guidance = guidance
        self.kb = guidance.kb
        self.resources = [_At(entry["resource"], f"Bundle.entry[{number}].resource")
                          for number, entry in enumerate(entries)]
        self.by_reference: dict[str, _At] = {}
        for entry, resource in zip(entries, self.resources, strict=True):
            names = [f"{resource.get('resourceType')}/{resource.get('id')}"]
            if isinstance(entry.get("fullUrl"), str):
                names.append(entry["fullUrl"])
            for name in names:
                if name in self.by_reference and resource.get("id") is not None:
                    raise resource.fail("id", f"{name} appears twice in the Bundle")
                self.by_reference[name] = resource
        self.rows: dict[str, dict[int, tuple[_At, dict[str, Any]]]] = {
            name: {} for name in ("profile", "episodes", "assessments", "check_ins",
                                  "therapy_sessions", "exercises", "water", "alerts")}
        self.results: dict[int, tuple[_At, dict[str, Any]]] = {}
        self.derived: list[tuple[_At, _At, str, bool | int | float]] = []
        self.patients = 0

    # ---- references and identifiers ---------------------------------------------------------

    def target(self, reference: _At, *types: str) -> _At:
        name = reference.text("reference")
        found = self.by_reference.get(name)
        if found is None:
            raise reference.fail("reference", f"points at {name}, which is not in the Bundle")
        if found.get("resourceType") not in types:
            raise reference.fail("reference", f"must point at a {' or '.join(types)}, "
                                              f"not a {found.get('resourceType')}")
        return found

    @staticmethod
    def table_of(resource: _At, *tables: str) -> str | None:
        """Which diary table the resource is a row of, by its identifier's system."""
        systems = {row_system(table): table for table in tables}
        for identifier in resource.children("identifier"):
            if identifier.get("system") in systems:
                return systems[identifier.get("system")]
        return None

    @staticmethod
    def row_id(resource: _At, table: str) -> int:
        for identifier in resource.children("identifier"):
            if identifier.get("system") == row_system(table):
                value = identifier.text("value")
                if not value.isdigit():
                    raise identifier.fail("value", f"must be a row number, got {value!r}")
                return int(value)
        raise resource.fail("identifier", f"needs an identifier in {row_system(table)}")

    def episode_id(self, resource: _At) -> int:
        ext = resource.extension(Ext.EPISODE)
        episode = self.target(ext.child("valueReference"), "EpisodeOfCare")
        return self.row_id(episode, "episodes")

    def recorded(self, resource: _At) -> str:
        ext = resource.extension(Ext.RECORDED)
        return _moment(ext, "valueDateTime")

    # ---- findings -------------------------------------------------------------------------------

    def finding_id(self, at: _At, key: str) -> str:
        finding = self.terms.finding_of(at.child(key).node)
        if finding is None:
            raise at.fail(key, f"needs a coding in {self.terms.project_system}")
        if finding not in self.kb.findings:
            raise at.fail(key, f"{finding!r} is not a finding this backcare knows")
        return finding

    def finding_value(self, at: _At, finding: str) -> bool | int | float:
        """An Observation's value for ``finding``: yes/no, or a number in its range and unit."""
        known = self.kb.findings[finding]
        if known.kind == "bool":
            value = at.get("valueBoolean")
            if not isinstance(value, bool):
                raise at.fail("valueBoolean", f"{finding!r} is a yes/no finding: needs "
                                              "valueBoolean true or false")
            return value
        quantity = at.child("valueQuantity")
        unit = self.terms.ucum[finding]
        if quantity.get("system") != UCUM or quantity.get("code") != unit:
            raise quantity.fail("code", f"{finding!r} is measured in UCUM {unit!r}, got "
                                        f"{quantity.get('code')!r}")
        if known.kind == "int":
            return _whole(quantity, "value", known.minimum or 0, known.maximum)
        return _number(quantity, "value", known.minimum, known.maximum)

    def answer_value(self, item: _At, finding: str | None) -> Any:
        """The one answer of a QuestionnaireResponse item, with its JSON type."""
        answers = list(item.children("answer"))
        if len(answers) != 1:
            raise item.fail("answer", f"needs exactly one answer, got {len(answers)}")
        answer = answers[0]
        kinds = [key for key in ("valueBoolean", "valueInteger", "valueDecimal", "valueString")
                 if key in answer.node]
        if len(kinds) != 1:
            raise answer.fail("value[x]", "needs one of valueBoolean, valueInteger, "
                                          "valueDecimal or valueString")
        key = kinds[0]
        value = answer.node[key]
        if finding is not None:
            known = self.kb.findings[finding]
            if (known.kind == "bool") != (key == "valueBoolean") or key == "valueString":
                raise answer.fail(key, f"is the wrong kind of answer for {finding!r} "
                                       f"({known.kind})")
            if key == "valueBoolean":
                return value
            if known.kind == "int":
                return _whole(answer, key, known.minimum or 0, known.maximum)
            return _number(answer, key, known.minimum, known.maximum)
        return float(value) if key == "valueDecimal" else value

    # ---- the tables -----------------------------------------------------------------------------

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        read: dict[str, Callable[[_At], None]] = {
            "Patient": self.patient, "EpisodeOfCare": self.episode,
            "QuestionnaireResponse": self.questionnaire_response,
            "RiskAssessment": self.risk_assessment, "Observation": self.observation,
            "Procedure": self.procedure, "DetectedIssue": self.alert,
        }
        for resource in self.resources:
            read[resource.text("resourceType")](resource)
        if self.patients != 1:
            raise BundleError("Bundle.entry", f"needs exactly one Patient, got {self.patients}")
        self.join_assessments()
        self.attach_derived()
        return {name: [row for _, (_, row) in sorted(rows.items())]
                for name, rows in self.rows.items()}

    def keep(self, table: str, resource: _At, row: dict[str, Any]) -> None:
        if row["id"] in self.rows[table]:
            raise resource.fail("identifier", f"{table} row {row['id']} appears twice")
        self.rows[table][row["id"]] = (resource, row)

    def patient(self, resource: _At) -> None:
        self.patients += 1
        if self.table_of(resource, "profile") is None:
            return  # no profile kept: the Patient only anchors the references
        gender = resource.get("gender")
        if gender is not None and gender not in SEXES:
            raise resource.fail("gender", f"must be one of {', '.join(SEXES)}, got {gender!r}")
        age = resource.optional_extension(Ext.AGE)
        region = resource.optional_extension(Ext.REGION)
        conditions = []
        for ext in resource.extensions(Ext.CONDITION):
            finding = self.finding_id(ext, "valueCodeableConcept")
            if finding not in self.guidance.lasting_findings:
                raise ext.fail("valueCodeableConcept",
                               f"{finding!r} is not a condition the profile keeps")
            conditions.append(finding)
        bounds = self.kb.findings["age"]
        self.keep("profile", resource, {
            "id": self.row_id(resource, "profile"),
            "age": None if age is None else _whole(age.child("valueAge"), "value",
                                                   bounds.minimum or 0, bounds.maximum),
            "sex": gender,
            "region": None if region is None else region.text("valueString"),
            "conditions": conditions,
            "updated_at": self.recorded(resource),
        })

    def episode(self, resource: _At) -> None:
        self.keep("episodes", resource, {
            "id": self.row_id(resource, "episodes"),
            "started_on": _day(resource.child("period"), "start"),
            "opened_at": self.recorded(resource),
        })

    def questionnaire_response(self, resource: _At) -> None:
        canonical = resource.text("questionnaire")
        base, _, version = canonical.partition("|")
        if base != QUESTIONNAIRE or not version:
            raise resource.fail("questionnaire", f"must be {QUESTIONNAIRE}|<knowledge base "
                                                 f"version>, got {canonical!r}")
        intake: dict[str, Any] = dict.fromkeys(INTAKE_ITEMS)
        intake["findings"] = {}
        for item in resource.children("item"):
            link = item.text("linkId")
            if link == "findings":
                for answer in item.children("item"):
                    finding = answer.text("linkId")
                    if finding not in self.kb.findings:
                        raise answer.fail("linkId", f"{finding!r} is not a finding this "
                                                    "backcare knows")
                    intake["findings"][finding] = self.answer_value(answer, finding)
            elif link in INTAKE_ITEMS:
                answered = "answer" in item.node or link not in ("id", "text", "region")
                intake[link] = self.answer_value(item, None) if answered else ""
            else:
                raise item.fail("linkId", f"{link!r} is not a question of the intake")
        self.keep("assessments", resource, {
            "id": self.row_id(resource, "assessments"),
            "episode_id": self.episode_id(resource),
            "recorded_at": _moment(resource, "authored"),
            "knowledge_base": version,
            "level": None,  # from the RiskAssessment
            "intake": intake,
            "result": None,
        })

    def risk_assessment(self, resource: _At) -> None:
        level_ext = resource.extension(Ext.LEVEL)
        result_ext = resource.extension(Ext.RESULT)
        level = _code(level_ext, "valueCoding", LEVEL_SYSTEM)
        if level not in LEVEL_ORDER:
            raise level_ext.fail("valueCoding.code", f"must be one of {', '.join(LEVEL_ORDER)}, "
                                                     f"got {level!r}")
        result = _json_attachment(result_ext)
        if not isinstance(result, dict) or not isinstance(result.get("findings"), dict):
            raise result_ext.fail("valueAttachment.data", "must hold an assessment result with "
                                                          "its findings")
        assessment_id = self.row_id(resource, "assessments")
        if assessment_id in self.results:
            raise resource.fail("identifier", f"assessment {assessment_id} has two results")
        self.results[assessment_id] = (result_ext, {"level": level, "result": result})

    def observation(self, resource: _At) -> None:
        table = self.table_of(resource, "check_ins", "water")
        if table is None:  # a finding, derived from an assessment or a check-in
            sources = list(resource.children("derivedFrom"))
            if len(sources) != 1:
                raise resource.fail("derivedFrom", "a finding needs the one assessment or "
                                                   "check-in it came from")
            source = self.target(sources[0], "QuestionnaireResponse", "Observation")
            finding = self.finding_id(resource, "code")
            self.derived.append((resource, source, finding,
                                 self.finding_value(resource, finding)))
            return
        row_id = self.row_id(resource, table)
        if table == "water":
            quantity = resource.child("valueQuantity")
            if quantity.get("system") != UCUM or quantity.get("code") != "mL":
                raise quantity.fail("code", "water is measured in UCUM 'mL'")
            from backcare.diary.entries import MAX_WATER_ML

            self.keep("water", resource, {
                "id": row_id, "episode_id": self.episode_id(resource),
                "day": _day(resource, "effectiveDateTime"),
                "recorded_at": _moment(resource, "issued"),
                "ml": _whole(quantity, "value", 1, MAX_WATER_ML),
            })
            return
        if self.finding_id(resource, "code") != "pain_score":
            raise resource.fail("code", "a check-in's Observation is its pain score")
        measures: dict[str, int | None] = {"spasms": None, "movement": None}
        for component in resource.children("component"):
            key = _code(component, "code", DIARY_SYSTEM)
            if key not in measures:
                raise component.fail("code", f"{key!r} is not a check-in measure")
            measures[key] = _whole(component, "valueInteger", 0,
                                   10 if key == "movement" else None)
        notes = [note.text("text") for note in resource.children("note")]
        if len(notes) > 1:
            raise resource.fail("note", "a check-in has one note")
        self.keep("check_ins", resource, {
            "id": row_id, "episode_id": self.episode_id(resource),
            "day": _day(resource, "effectiveDateTime"),
            "recorded_at": _moment(resource, "issued"),
            "pain": float(self.finding_value(resource, "pain_score")),
            **measures,
            "notes": notes[0] if notes else None,
            "findings": {},
        })

    def procedure(self, resource: _At) -> None:
        table = self.table_of(resource, "therapy_sessions", "exercises")
        if table is None:
            raise resource.fail("identifier", "a Procedure must be a cold or heat session or "
                                              "an exercise from the diary")
        item = _code(resource, "code", CARE_SYSTEM)
        status = resource.text("status")
        if table == "exercises":
            if item not in self.guidance.exercises:
                raise resource.fail("code", f"{item!r} is not an exercise of the care plan")
            self.keep("exercises", resource, {
                "id": self.row_id(resource, table), "episode_id": self.episode_id(resource),
                "day": _day(resource, "performedDateTime"),
                "recorded_at": self.recorded(resource), "item": item,
            })
            return
        kinds = {t.plan_item: t.kind for t in self.guidance.therapies.values()}
        if item not in kinds:
            raise resource.fail("code", f"{item!r} is not a cold or heat session")
        if status not in ("completed", "stopped"):
            raise resource.fail("status", f"must be completed or stopped, got {status!r}")
        period = resource.child("performedPeriod")
        started, ended = _moment(period, "start"), _moment(period, "end")
        if datetime.fromisoformat(ended) < datetime.fromisoformat(started):
            raise period.fail("end", "a session cannot end before it starts")
        places = [site.text("text") for site in resource.children("bodySite")]
        day = resource.extension(Ext.DAY)
        self.keep("therapy_sessions", resource, {
            "id": self.row_id(resource, table), "episode_id": self.episode_id(resource),
            "kind": kinds[item], "day": _day(day, "valueDate"),
            "started_at": started, "ended_at": ended,
            "place": places[0] if places else None, "interrupted": status == "stopped",
        })

    def alert(self, resource: _At) -> None:
        level_ext = resource.optional_extension(Ext.LEVEL)
        level = None if level_ext is None else _code(level_ext, "valueCoding", LEVEL_SYSTEM)
        if level is not None and level not in LEVEL_ORDER:
            raise resource.fail("extension", f"level must be one of {', '.join(LEVEL_ORDER)}, "
                                             f"got {level!r}")
        detail_ext = resource.extension(Ext.DETAIL)
        kb_ext = resource.extension(Ext.KNOWLEDGE_BASE)
        detail = _json_attachment(detail_ext)
        if not isinstance(detail, dict):
            raise detail_ext.fail("valueAttachment.data", "must hold a JSON object")
        links: dict[str, int | None] = {"check_in_id": None, "session_id": None}
        for reference in resource.children("implicated"):
            found = self.target(reference, "Observation", "Procedure")
            table = self.table_of(found, "check_ins", "therapy_sessions")
            if table is None:
                raise reference.fail("reference", "must point at a check-in or a session")
            links["check_in_id" if table == "check_ins" else "session_id"] = \
                self.row_id(found, table)
        self.keep("alerts", resource, {
            "id": self.row_id(resource, "alerts"), "episode_id": self.episode_id(resource),
            "raised_at": _moment(resource, "identifiedDateTime"),
            "kind": _code(resource, "code", ALERT_SYSTEM),
            "level": level,
            "message": resource.text("detail"),
            "sources": [ext.text("valueString") for ext in resource.extensions(Ext.SOURCE)],
            "detail": detail,
            "knowledge_base": kb_ext.text("valueString"),
            **links,
        })

    # ---- what ties resources together ------------------------------------------------------

    def join_assessments(self) -> None:
        """Each intake needs its triage result, and each result its intake."""
        for assessment_id, (resource, row) in self.rows["assessments"].items():
            if assessment_id not in self.results:
                raise resource.fail("identifier", f"assessment {assessment_id} has no "
                                                  "RiskAssessment with its result")
            row.update(self.results[assessment_id][1])
        for assessment_id, (where, _) in self.results.items():
            if assessment_id not in self.rows["assessments"]:
                raise where.fail("", f"result of assessment {assessment_id}, whose "
                                     "QuestionnaireResponse is not in the Bundle")

    def attach_derived(self) -> None:
        """Check-in findings come from their Observations; an assessment's must agree with
        the result it recorded, so that what a clinic system shows is what backcare knew."""
        stated: dict[int, dict[str, bool | int | float]] = {}
        for resource, source, finding, value in self.derived:
            if source.get("resourceType") == "Observation":
                table = self.table_of(source, "check_ins")
                if table is None:
                    raise resource.fail("derivedFrom[0].reference",
                                        "must point at a check-in or an assessment")
                findings = self.rows["check_ins"][self.row_id(source, table)][1]["findings"]
            else:
                findings = stated.setdefault(self.row_id(source, "assessments"), {})
            if finding in findings:
                raise resource.fail("code", f"{finding!r} is stated twice for the same entry")
            findings[finding] = value
            if source.get("resourceType") == "QuestionnaireResponse":
                result = self.results[self.row_id(source, "assessments")][1]["result"]
                recorded = result["findings"].get(finding)
                if not _same(recorded, value):
                    key = "valueBoolean" if isinstance(value, bool) else "valueQuantity.value"
                    raise resource.fail(key, f"{json.dumps(value)} disagrees with the "
                                             "assessment it was derived from, which recorded "
                                             f"{json.dumps(recorded)}")
        for assessment_id, (where, outcome) in self.results.items():
            missing = set(outcome["result"]["findings"]) - set(stated.get(assessment_id, {}))
            if missing:
                raise where.fail("valueAttachment", "the assessment recorded "
                                 f"{', '.join(sorted(missing))} but no Observation states it")


def _same(recorded: Any, value: bool | int | float) -> bool:
    """Equal, without ``True == 1``: a yes/no finding is never the number one."""
    return isinstance(recorded, bool) == isinstance(value, bool) and recorded == value
