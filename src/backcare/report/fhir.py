"""The diary as a FHIR R4B Bundle (FHIR 4.3.0), for a clinic system to import.

The Bundle is a ``collection``, tagged with its FHIR version (``meta.tag`` in
http://hl7.org/fhir/FHIR-version: ``4.3.0``) and with backcare's own format tag, and validated
with ``fhir.resources.R4B`` before it is handed out. What goes where:

=====================  ======================================================================
Patient                the person, pseudonymous: no name, no birth date, no address — sex as
                       ``gender``; age, region and lasting conditions as extensions
EpisodeOfCare          one bout of back pain; ``period.start`` is its day 0
QuestionnaireResponse  what an assessment was told (its intake), one item per answer
Observation            per finding an assessment established, present (``true``) or denied
                       (``false``) or a number — SNOMED CT / LOINC where ``codes.yaml`` has a
                       code; per diary check-in, the pain score (LOINC 72514-3, 0–10, UCUM
                       ``{score}``) with spasms and movement as components; per water entry
RiskAssessment         the triage result: level, the rules that fired with their explanations
                       and sources, the serious causes to rule out, what to do (``mitigation``)
Procedure              a cold or heat session (``stopped`` when cut short), an exercise
DetectedIssue          an alert the diary raised: a warning sign in a note, or a correction
=====================  ======================================================================

Every resource that stands for a diary row carries an identifier whose system names the table
and whose value is the row ID, so :func:`backcare.report.fhir_import.import_bundle` can give the
diary back exactly, and a clinic system can recognise an entry it has already imported. An
assessment's full result (plan, causes, evidence) rides along as a JSON attachment, because
FHIR has no element for a care plan drawn from a knowledge base; the facts a clinician reads
are in the resources themselves.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from backcare.knowledge.schema import LevelId
from backcare.report.codes import (
    ALERT_SYSTEM,
    BASE,
    BUNDLE_PROFILE,
    CARE_SYSTEM,
    CAUSE_SYSTEM,
    DIARY_SYSTEM,
    FHIR_VERSION,
    FHIR_VERSION_SYSTEM,
    FORMAT_CODE,
    FORMAT_SYSTEM,
    LEVEL_SYSTEM,
    OBSERVATION_CATEGORY,
    QUESTIONNAIRE,
    RULE_SYSTEM,
    UCUM,
    Ext,
    Terminology,
    load_terminology,
    row_system,
)

if TYPE_CHECKING:
    from backcare.diary.guidance import DiaryGuidance
    from backcare.diary.repository import Diary

PATIENT_ID = "person"
PATIENT = {"reference": f"Patient/{PATIENT_ID}"}
SURVEY = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey",
                       "display": "Survey"}]}]
# Intake keys other than ``findings``, with the question shown beside each answer.
INTAKE_ITEMS = {
    "id": "Intake ID",
    "text": "What is happening, in your own words",
    "age": "Age in years",
    "sex": "Sex",
    "region": "Region (sets the emergency number)",
}
DIARY_MEASURES = {
    "spasms": "Spasms that day",
    "movement": "How well they moved, 0 (cannot) to 10 (as normal)",
    "water": "Water drunk",
}


def bundle_json(diary: Diary) -> dict[str, Any]:
    """The whole diary — every episode and entry — as a validated FHIR R4B Bundle (a dict).

    Read from one consistent snapshot (:meth:`Diary.export`), so an entry written meanwhile
    cannot leave an alert pointing at a check-in the Bundle lacks.
    """
    from backcare.report.fhir_validation import validate_bundle

    bundle = build_bundle(diary.export(), diary.guidance, diary.now())
    validate_bundle(bundle)
    return bundle


def build_bundle(document: Mapping[str, Any], guidance: DiaryGuidance,
                 timestamp: datetime) -> dict[str, Any]:
    """The Bundle for a diary export document (``Diary.export()``), without validating it."""
    writer = _Writer(load_terminology(guidance.kb), guidance)
    tables = document["tables"]
    resources = [
        writer.patient(tables["profile"][0] if tables["profile"] else None),
        *map(writer.episode, tables["episodes"]),
        *(resource for row in tables["assessments"] for resource in writer.assessment(row)),
        *(resource for row in tables["check_ins"] for resource in writer.check_in(row)),
        *map(writer.session, tables["therapy_sessions"]),
        *map(writer.exercise, tables["exercises"]),
        *map(writer.water, tables["water"]),
        *map(writer.alert, tables["alerts"]),
    ]
    return {
        "resourceType": "Bundle",
        "meta": {
            "profile": [BUNDLE_PROFILE],
            "tag": [
                {"system": FHIR_VERSION_SYSTEM, "code": FHIR_VERSION, "display": "FHIR R4B"},
                {"system": FORMAT_SYSTEM, "code": FORMAT_CODE,
                 "display": "backcare recovery diary"},
            ],
        },
        "type": "collection",
        "timestamp": timestamp.isoformat(),
        "entry": [
            {"fullUrl": f"{BASE}/{resource['resourceType']}/{resource['id']}",
             "resource": resource}
            for resource in resources
        ],
    }


def resource_id(prefix: str, *parts: object) -> str:
    """A FHIR id (letters, digits, ``-`` and ``.``): finding IDs lose their underscores."""
    return "-".join([prefix, *(str(part).replace("_", "-") for part in parts)])


def json_attachment(value: Any) -> dict[str, Any]:
    """JSON as a FHIR Attachment: the exact record, for a reader that wants every detail."""
    data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return {"contentType": "application/json", "data": base64.b64encode(data).decode("ascii")}


def _identifier(table: str, row: Mapping[str, Any]) -> dict[str, str]:
    return {"system": row_system(table), "value": str(row["id"])}


def _episode_ext(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"url": Ext.EPISODE,
            "valueReference": {"reference": f"EpisodeOfCare/episode-{row['episode_id']}"}}


def _typed(value: Any) -> dict[str, Any]:
    """A JSON scalar as a FHIR ``value[x]``, keeping booleans, whole numbers and decimals apart."""
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


class _Writer:
    """Turns diary rows (as the export gives them) into FHIR resources, one kind per method."""

    def __init__(self, terms: Terminology, guidance: DiaryGuidance) -> None:
        self.terms = terms
        self.kb = guidance.kb
        self.guidance = guidance

    def label(self, finding: str) -> str:
        known = self.kb.findings.get(finding)
        return known.label if known else finding

    def quantity(self, finding: str, value: float) -> dict[str, Any]:
        """A numeric finding as a UCUM quantity (``pain_score``: 0–10, ``{score}``)."""
        unit = self.terms.ucum.get(finding, "1")
        return {"value": value, "unit": unit, "system": UCUM, "code": unit}

    def level_ext(self, level: str) -> dict[str, Any]:
        known = self.kb.levels.get(cast(LevelId, level))
        return {"url": Ext.LEVEL, "valueCoding": {
            "system": LEVEL_SYSTEM, "code": level, "display": known.label if known else level}}

    def finding_value(self, finding: str, value: Any) -> dict[str, Any]:
        if isinstance(value, bool):
            return {"valueBoolean": value}
        return {"valueQuantity": self.quantity(finding, value)}

    # ---- the person and their episodes ------------------------------------------------------

    def patient(self, profile: Mapping[str, Any] | None) -> dict[str, Any]:
        patient: dict[str, Any] = {"resourceType": "Patient", "id": PATIENT_ID}
        if profile is None:
            return patient
        extensions: list[dict[str, Any]] = [{"url": Ext.RECORDED,
                                             "valueDateTime": profile["updated_at"]}]
        if profile["age"] is not None:
            extensions.append({"url": Ext.AGE, "valueAge": {
                "value": profile["age"], "unit": "years", "system": UCUM, "code": "a"}})
        if profile["region"] is not None:
            extensions.append({"url": Ext.REGION, "valueString": profile["region"]})
        extensions.extend(
            {"url": Ext.CONDITION, "valueCodeableConcept": {
                "coding": self.terms.coding(finding), "text": self.label(finding)}}
            for finding in profile["conditions"]
        )
        patient.update(identifier=[_identifier("profile", profile)], extension=extensions)
        if profile["sex"] is not None:
            patient["gender"] = profile["sex"]
        return patient

    def episode(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "resourceType": "EpisodeOfCare",
            "id": resource_id("episode", row["id"]),
            "identifier": [_identifier("episodes", row)],
            "extension": [{"url": Ext.RECORDED, "valueDateTime": row["opened_at"]}],
            "status": "active",
            "patient": PATIENT,
            "period": {"start": row["started_on"]},
        }

    # ---- assessments ---------------------------------------------------------------------------

    def assessment(self, row: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """The intake, one Observation per established finding, then the triage result."""
        response_id = resource_id("assessment", row["id"])
        intake, result = row["intake"], row["result"]
        # FHIR has no empty string: text given as "" is an item with no answer, which tells it
        # apart from text not given at all (no item).
        items: list[dict[str, Any]] = [
            {"linkId": key, "text": text,
             **({"answer": [_typed(intake[key])]} if intake[key] != "" else {})}
            for key, text in INTAKE_ITEMS.items() if intake.get(key) is not None
        ]
        if intake.get("findings"):
            items.append({"linkId": "findings", "text": "Answers given", "item": [
                {"linkId": finding, "text": self.kb.findings[finding].question
                 if finding in self.kb.findings else finding, "answer": [_typed(value)]}
                for finding, value in intake["findings"].items()
            ]})
        response: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "id": response_id,
            "identifier": _identifier("assessments", row),
            "extension": [_episode_ext(row)],
            "questionnaire": f"{QUESTIONNAIRE}|{row['knowledge_base']}",
            "status": "completed",
            "subject": PATIENT,
            "authored": row["recorded_at"],
        }
        if items:
            response["item"] = items
        yield response

        words: dict[str, list[str]] = {}
        for evidence in result.get("evidence", ()):
            words.setdefault(evidence["finding"], []).append(evidence["text"])
        basis = [{"reference": f"QuestionnaireResponse/{response_id}"}]
        for finding, value in result.get("findings", {}).items():
            observation = self.finding_observation(
                resource_id("assessment", row["id"], finding), row, finding, value,
                {"effectiveDateTime": row["recorded_at"]}, basis[0])
            if finding in words:
                observation["note"] = [{"text": "In their words: "
                                        + "; ".join(f"“{text}”" for text in words[finding])}]
            basis.append({"reference": f"Observation/{observation['id']}"})
            yield observation
        yield self.risk_assessment(row, basis)

    def finding_observation(self, oid: str, row: Mapping[str, Any], finding: str, value: Any,
                            when: Mapping[str, str], source: Mapping[str, str]) -> dict[str, Any]:
        return {
            "resourceType": "Observation",
            "id": oid,
            "extension": [_episode_ext(row)],
            "status": "final",
            "category": SURVEY,
            "code": {"coding": self.terms.coding(finding), "text": self.label(finding)},
            "subject": PATIENT,
            **when,
            "derivedFrom": [dict(source)],
            **self.finding_value(finding, value),
        }

    def risk_assessment(self, row: Mapping[str, Any],
                        basis: list[dict[str, str]]) -> dict[str, Any]:
        result = row["result"]
        triage = result.get("triage", {})
        level = row["level"]
        explained = {reason["rule"]: reason for reason in triage.get("reasons", ())}
        predictions = []
        for cause in result.get("serious_causes", ()):
            label = self.kb.causes[cause].label if cause in self.kb.causes else cause
            prediction: dict[str, Any] = {"outcome": {
                "coding": [{"system": CAUSE_SYSTEM, "code": cause, "display": label}],
                "text": label}}
            naming = [rule.id for rule in self.kb.rules
                      if rule.id in explained and any(n.cause == cause for n in rule.names)]
            if naming:
                prediction["rationale"] = (f"To rule out: named by rule {', '.join(naming)}. "
                                           + explained[naming[0]]["explanation"])
            predictions.append(prediction)
        resource: dict[str, Any] = {
            "resourceType": "RiskAssessment",
            "id": resource_id("triage", row["id"]),
            "identifier": [_identifier("assessments", row)],
            "extension": [
                _episode_ext(row),
                self.level_ext(level),
                {"url": Ext.RESULT, "valueAttachment": json_attachment(result)},
            ],
            "status": "final",
            "method": {"text": f"backcare triage rules, knowledge base {row['knowledge_base']}"},
            "subject": PATIENT,
            "occurrenceDateTime": row["recorded_at"],
            "basis": basis,
            "reasonCode": [
                {"coding": [{"system": RULE_SYSTEM, "code": reason["rule"]}],
                 "text": f"{reason['explanation']} (sources: {', '.join(reason['sources'])})"}
                for reason in triage.get("reasons", ())
            ],
        }
        if predictions:
            resource["prediction"] = predictions
        if triage.get("headline"):
            resource["mitigation"] = triage["headline"]
        if not resource["reasonCode"]:
            del resource["reasonCode"]
        return resource

    # ---- diary entries ------------------------------------------------------------------------

    def check_in(self, row: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """The day's pain score, then one Observation per finding its note or ticked signs set."""
        observation_id = resource_id("checkin", row["id"])
        components = [
            {"code": {"coding": [{"system": DIARY_SYSTEM, "code": key,
                                  "display": DIARY_MEASURES[key]}]},
             "valueInteger": row[key]}
            for key in ("spasms", "movement") if row[key] is not None
        ]
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "id": observation_id,
            "identifier": [_identifier("check_ins", row)],
            "extension": [_episode_ext(row)],
            "status": "final",
            "category": SURVEY,
            "code": {"coding": self.terms.coding("pain_score"),
                     "text": self.label("pain_score")},
            "subject": PATIENT,
            "effectiveDateTime": row["day"],
            "issued": row["recorded_at"],
            "valueQuantity": self.quantity("pain_score", row["pain"]),
        }
        if components:
            observation["component"] = components
        if row["notes"] is not None:
            observation["note"] = [{"text": row["notes"]}]
        yield observation
        source = {"reference": f"Observation/{observation_id}"}
        when = {"effectiveDateTime": row["day"], "issued": row["recorded_at"]}
        for finding, value in row["findings"].items():
            yield self.finding_observation(resource_id("checkin", row["id"], finding), row,
                                           finding, value, when, source)

    def session(self, row: Mapping[str, Any]) -> dict[str, Any]:
        therapy = self.guidance.therapy(row["kind"])
        procedure: dict[str, Any] = {
            "resourceType": "Procedure",
            "id": resource_id("session", row["id"]),
            "identifier": [_identifier("therapy_sessions", row)],
            "extension": [_episode_ext(row), {"url": Ext.DAY, "valueDate": row["day"]}],
            # "stopped": begun and not finished — the person cut the session short.
            "status": "stopped" if row["interrupted"] else "completed",
            "code": {"coding": [{"system": CARE_SYSTEM, "code": therapy.plan_item,
                                 "display": therapy.label}], "text": therapy.label},
            "subject": PATIENT,
            "performedPeriod": {"start": row["started_at"], "end": row["ended_at"]},
        }
        if row["place"] is not None:
            procedure["bodySite"] = [{"text": row["place"]}]
        return procedure

    def exercise(self, row: Mapping[str, Any]) -> dict[str, Any]:
        item = self.guidance.exercises.get(row["item"])
        title = item.title if item else row["item"]
        return {
            "resourceType": "Procedure",
            "id": resource_id("exercise", row["id"]),
            "identifier": [_identifier("exercises", row)],
            "extension": [_episode_ext(row),
                          {"url": Ext.RECORDED, "valueDateTime": row["recorded_at"]}],
            "status": "completed",
            "code": {"coding": [{"system": CARE_SYSTEM, "code": row["item"], "display": title}],
                     "text": title},
            "subject": PATIENT,
            "performedDateTime": row["day"],
        }

    def water(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "resourceType": "Observation",
            "id": resource_id("water", row["id"]),
            "identifier": [_identifier("water", row)],
            "extension": [_episode_ext(row)],
            "status": "final",
            "code": {"coding": [{"system": DIARY_SYSTEM, "code": "water",
                                 "display": DIARY_MEASURES["water"]}],
                     "text": DIARY_MEASURES["water"]},
            "subject": PATIENT,
            "effectiveDateTime": row["day"],
            "issued": row["recorded_at"],
            "valueQuantity": {"value": row["ml"], "unit": "mL", "system": UCUM, "code": "mL"},
        }

    def alert(self, row: Mapping[str, Any]) -> dict[str, Any]:
        extensions: list[dict[str, Any]] = [_episode_ext(row)]
        level = row["level"]
        if level is not None:
            extensions.append(self.level_ext(level))
        extensions.extend({"url": Ext.SOURCE, "valueString": source}
                          for source in row["sources"])
        extensions += [
            {"url": Ext.KNOWLEDGE_BASE, "valueString": row["knowledge_base"]},
            {"url": Ext.DETAIL, "valueAttachment": json_attachment(row["detail"])},
        ]
        issue: dict[str, Any] = {
            "resourceType": "DetectedIssue",
            "id": resource_id("alert", row["id"]),
            "identifier": [_identifier("alerts", row)],
            "extension": extensions,
            "status": "final",
            "code": {"coding": [{"system": ALERT_SYSTEM, "code": row["kind"]}]},
            "patient": PATIENT,
            "identifiedDateTime": row["raised_at"],
            "detail": row["message"],
        }
        if level is not None and level in self.terms.severity:
            issue["severity"] = self.terms.severity[level]
        implicated = []
        if row["check_in_id"] is not None:
            implicated.append({"reference": "Observation/"
                               + resource_id("checkin", row["check_in_id"])})
        if row["session_id"] is not None:
            implicated.append({"reference": "Procedure/"
                               + resource_id("session", row["session_id"])})
        if implicated:
            issue["implicated"] = implicated
        return issue
