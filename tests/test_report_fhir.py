"""The diary as a FHIR R4B Bundle: what a clinic system would read, that it reads back without
loss, and that a damaged Bundle is refused with an error naming the element at fault."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from backcare.diary import Diary, TransferError, open_diary
from backcare.knowledge.loader import KnowledgeBase, KnowledgeError
from backcare.report import BundleError, bundle_json, import_bundle
from backcare.report.codes import load_terminology
from backcare.report.fhir_validation import validate_bundle
from report_diary import DENIED, PAIN, lived_diary

LOINC_PAIN = "72514-3"
SNOMED_FEVER = "386661006"


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diary]:
    lived, _ = lived_diary(tmp_path_factory.mktemp("fhir") / "diary.sqlite3")
    yield lived
    lived.close()


@pytest.fixture(scope="module")
def bundle(diary: Diary) -> dict[str, Any]:
    # Through JSON text, as a file on its way to a clinic would be.
    loaded: dict[str, Any] = json.loads(json.dumps(bundle_json(diary)))
    return loaded


def is_empty(diary: Diary) -> bool:
    return not any(diary.export()["tables"].values())


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def entry(bundle: dict[str, Any], resource_id: str) -> tuple[int, dict[str, Any]]:
    return next((number, e["resource"]) for number, e in enumerate(bundle["entry"])
                if e["resource"]["id"] == resource_id)


def codes(concept: dict[str, Any]) -> set[tuple[str, str]]:
    return {(coding["system"], coding["code"]) for coding in concept["coding"]}


def test_bundle_is_valid_fhir_r4b_and_says_so(bundle: dict[str, Any]) -> None:
    parsed = Bundle.model_validate_json(json.dumps(bundle))
    assert parsed.type == "collection"
    assert {"system": "http://hl7.org/fhir/FHIR-version", "code": "4.3.0",
            "display": "FHIR R4B"} in bundle["meta"]["tag"]


def test_patient_is_pseudonymous(bundle: dict[str, Any]) -> None:
    (patient,) = resources(bundle, "Patient")
    assert patient["gender"] == "female"
    assert not {"name", "birthDate", "address", "telecom", "photo"} & set(patient)
    ages = [ext["valueAge"] for ext in patient["extension"] if "valueAge" in ext]
    assert ages == [{"value": 44, "unit": "years", "system": "http://unitsofmeasure.org",
                     "code": "a"}]


def test_every_pain_score_is_a_loinc_observation_on_the_0_to_10_scale(
        bundle: dict[str, Any]) -> None:
    pain = [r for r in resources(bundle, "Observation")
            if ("http://loinc.org", LOINC_PAIN) in codes(r["code"])]
    check_ins = [r for r in pain if r["id"].startswith("checkin-")]
    assert [r["valueQuantity"]["value"] for r in check_ins] == PAIN[1:]
    for observation in pain:
        quantity = observation["valueQuantity"]
        assert quantity["system"] == "http://unitsofmeasure.org"
        assert quantity["code"] == "{score}"
        assert 0 <= quantity["value"] <= 10
    assessed = [r for r in pain if r["id"].startswith("assessment-")]
    assert [r["valueQuantity"]["value"] for r in assessed] == [7]


def test_present_and_denied_findings_are_observations(bundle: dict[str, Any],
                                                      kb: KnowledgeBase) -> None:
    findings = {r["id"]: r for r in resources(bundle, "Observation")
                if r["id"].startswith("assessment-1-")}
    fever = findings["assessment-1-fever"]
    assert fever["valueBoolean"] is False
    assert ("http://snomed.info/sct", SNOMED_FEVER) in codes(fever["code"])
    for finding in DENIED:
        denied = findings[f"assessment-1-{finding.replace('_', '-')}"]
        assert denied["valueBoolean"] is False
        assert denied["code"]["text"] == kb.findings[finding].label
    numb = findings["assessment-1-leg-numbness-one"]
    assert numb["valueBoolean"] is True
    # No standard code the project is sure of: only its own, plainly marked code system.
    assert codes(numb["code"]) == {("https://backcare.invalid/fhir/CodeSystem/finding",
                                    "leg_numbness_one")}


def test_triage_result_is_a_risk_assessment_with_its_reasons(bundle: dict[str, Any],
                                                              kb: KnowledgeBase) -> None:
    (risk,) = resources(bundle, "RiskAssessment")
    levels = [ext["valueCoding"]["code"] for ext in risk["extension"] if "valueCoding" in ext]
    assert levels == ["soon"]
    assert [reason["coding"][0]["code"] for reason in risk["reasonCode"]] == ["S3"]
    assert "seed-001" in risk["reasonCode"][0]["text"]
    assert risk["prediction"][0]["outcome"]["text"] == kb.causes["herniated_disc"].label
    assert risk["mitigation"].startswith("See a doctor within the next 1–3 days")


def test_round_trip_through_a_new_diary_loses_nothing(diary: Diary, bundle: dict[str, Any],
                                                      tmp_path: Path) -> None:
    with open_diary(str(tmp_path / "new.sqlite3"), now=diary.now) as new:
        loaded = import_bundle(new, bundle)
        assert new.export()["tables"] == diary.export()["tables"]
        again = bundle_json(new)
    tables = diary.export()["tables"]
    assert loaded == sum(len(rows) for rows in tables.values())
    assert again["entry"] == bundle["entry"]


def test_round_trip_after_forgetting(tmp_path: Path) -> None:
    diary, _ = lived_diary(tmp_path / "diary.sqlite3", days=8)
    before = diary.export()["tables"]
    saved = json.loads(json.dumps(bundle_json(diary)))
    diary.forget()
    assert is_empty(diary)
    import_bundle(diary, saved)
    assert diary.export()["tables"] == before
    assert diary.progress().pain.latest == PAIN[7]
    diary.close()


def test_import_refuses_a_diary_that_holds_entries(diary: Diary,
                                                   bundle: dict[str, Any]) -> None:
    with pytest.raises(TransferError, match="already holds entries"):
        import_bundle(diary, bundle)


def _set(resource_id: str, *path: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(bundle: dict[str, Any]) -> None:
        node: Any = entry(bundle, resource_id)[1]
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return change


def _delete(resource_id: str, key: str) -> Callable[[dict[str, Any]], None]:
    def change(bundle: dict[str, Any]) -> None:
        del entry(bundle, resource_id)[1][key]
    return change


def _swap_value(bundle: dict[str, Any]) -> None:
    fever = entry(bundle, "assessment-1-fever")[1]
    del fever["valueBoolean"]
    fever["valueQuantity"] = {"value": 1}


def _drop_tag(bundle: dict[str, Any]) -> None:
    bundle["meta"]["tag"] = bundle["meta"]["tag"][:1]


# (what is wrong, the change, the resource it is in, the element, words of the message)
MALFORMED = [
    ("pain above 10", _set("checkin-3", "valueQuantity", "value", value=11),
     "checkin-3", "valueQuantity.value", "must be between 0 and 10, got 11"),
    ("pain below 0", _set("checkin-3", "valueQuantity", "value", value=-1),
     "checkin-3", "valueQuantity.value", "must be between 0 and 10, got -1"),
    ("assessment pain above 10", _set("assessment-1-pain-score", "valueQuantity", "value",
                                      value=12),
     "assessment-1-pain-score", "valueQuantity.value", "must be between 0 and 10, got 12"),
    ("pain not a number", _set("checkin-3", "valueQuantity", "value", value="eleven"),
     "checkin-3", "valueQuantity.value", "Decimal"),
    ("movement above 10", _set("checkin-3", "component", 1, "valueInteger", value=11),
     "checkin-3", "component[1].valueInteger", "must be between 0 and 10, got 11"),
    ("movement not a number", _set("checkin-3", "component", 1, "valueInteger", value="lots"),
     "checkin-3", "component[1].valueInteger", "valid integer"),
    ("no water", _set("water-2", "valueQuantity", "value", value=0),
     "water-2", "valueQuantity.value", "must be between 1 and 5000, got 0"),
    ("status missing", _delete("checkin-3", "status"), "checkin-3", "status", "required"),
    ("an element FHIR does not have", _set("checkin-3", "colour", value="red"),
     "checkin-3", "colour", "Extra inputs are not permitted"),
    ("not a date", _set("checkin-3", "effectiveDateTime", value="yesterday"),
     "checkin-3", "effectiveDateTime", "yesterday"),
    ("a time without a time zone", _set("exercise-1", "extension", 1, "valueDateTime",
                                        value="2026-03-03T20:00:00"),
     "exercise-1", "extension[1].valueDateTime", "got '2026-03-03T20:00:00'"),
    ("a day where a moment is needed", _set("exercise-1", "extension", 1, "valueDateTime",
                                            value="2026-03-03"),
     "exercise-1", "extension[1].valueDateTime", "must be a date and time with a time zone"),
    ("a session ending before it starts", _set("session-2", "performedPeriod", "end",
                                               value="2026-03-03T07:00:00+00:00"),
     "session-2", "performedPeriod.end", "cannot end before it starts"),
    ("a finding changed after the assessment", _set("assessment-1-fever", "valueBoolean",
                                                    value=True),
     "assessment-1-fever", "valueBoolean", "disagrees with the assessment"),
    ("a yes/no finding given a number", _swap_value, "assessment-1-fever", "valueBoolean",
     "yes/no finding"),
    ("a finding backcare does not know", _set("checkin-9-fever", "code", "coding", 1, "code",
                                              value="made_up"),
     "checkin-9-fever", "code", "'made_up' is not a finding"),
    ("a reference to a missing episode", _set("checkin-3", "extension", 0, "valueReference",
                                              "reference", value="EpisodeOfCare/episode-9"),
     "checkin-3", "extension[0].valueReference.reference", "not in the Bundle"),
    ("a damaged attachment", _set("triage-1", "extension", 2, "valueAttachment", "data",
                                  value="not base64!"),
     "triage-1", "extension[2].valueAttachment.data", "base64"),
    ("a resource backcare never writes", _set("water-2", "resourceType", value="Medication"),
     "water-2", "resourceType", "'Medication' is not part of a backcare Bundle"),
]


@pytest.mark.parametrize(("change", "where", "element", "words"),
                         [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_malformed_bundle_is_refused_naming_the_element(
        bundle: dict[str, Any], tmp_path: Path, change: Callable[[dict[str, Any]], None],
        where: str, element: str, words: str) -> None:
    broken = copy.deepcopy(bundle)
    number = entry(broken, where)[0]
    change(broken)
    with open_diary(str(tmp_path / "new.sqlite3")) as new:
        with pytest.raises(BundleError) as refused:
            import_bundle(new, broken)
        assert is_empty(new)  # all or nothing
    path = f"Bundle.entry[{number}].resource.{element}"
    assert refused.value.field == path
    assert str(refused.value).startswith(f"{path}: ")
    assert words in str(refused.value)


def _paths(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every element and value inside ``value``, as key paths."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for position, inner in enumerate(value):
            yield from _paths(inner, (*path, position))
    if path:
        yield path


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_validation_refuses_exactly_what_fhir_resources_refuses(
        bundle: dict[str, Any], data: st.DataObject) -> None:
    """Elements that repeat are validated once and shared: a damaged copy must still count."""
    broken = copy.deepcopy(bundle)
    resource = data.draw(st.sampled_from(broken["entry"]))["resource"]
    path = data.draw(st.sampled_from([p for p in _paths(resource) if p[0] != "resourceType"]))
    *parents, last = path
    target = resource
    for key in parents:
        target = target[key]
    target[last] = data.draw(st.sampled_from(
        [None, "", "x", 11, -1.5, True, {}, [], {"x": 1}, [{"x": 1}], "2026-13-40"]))
    try:
        Bundle.model_validate(broken)
    except ValidationError:
        with pytest.raises(BundleError):
            validate_bundle(broken)
    else:
        validate_bundle(broken)


def test_what_is_not_a_backcare_bundle_is_refused(bundle: dict[str, Any],
                                                  tmp_path: Path) -> None:
    untagged = copy.deepcopy(bundle)
    _drop_tag(untagged)
    with open_diary(str(tmp_path / "new.sqlite3")) as new:
        with pytest.raises(BundleError, match=r"^Bundle.meta.tag: not a backcare diary"):
            import_bundle(new, untagged)
        with pytest.raises(BundleError, match=r"^Bundle.resourceType: must be 'Bundle'"):
            import_bundle(new, {"resourceType": "Patient"})


def test_codes_file_refuses_a_code_for_a_finding_that_does_not_exist(
        kb: KnowledgeBase, tmp_path: Path) -> None:
    from backcare.report.codes import CODES_FILE

    assert load_terminology(kb).standard["pain_score"].code == LOINC_PAIN
    broken = tmp_path / "codes.yaml"
    broken.write_text(CODES_FILE.read_text(encoding="utf-8").replace(
        "finding: fever", "finding: fevr"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="entry 'fevr' is not a finding"):
        load_terminology(kb, broken)


def test_round_trip_keeps_an_assessment_without_words(tmp_path: Path) -> None:
    """An empty text (FHIR has no empty string) and a number ID come back as they went."""
    from backcare import assess

    with open_diary(str(tmp_path / "a.sqlite3")) as diary:
        diary.save_assessment(assess({"id": 7, "text": "", "findings": {"pain_score": 3.5}}))
        saved = json.loads(json.dumps(bundle_json(diary)))
        before = diary.export()["tables"]
    with open_diary(str(tmp_path / "b.sqlite3")) as new:
        import_bundle(new, saved)
        after = new.export()["tables"]
    assert after == before
    assert after["assessments"][0]["intake"]["text"] == ""
    assert after["assessments"][0]["intake"]["id"] == 7
