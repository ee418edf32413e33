"""The vocabulary of backcare's FHIR Bundle: standard codes from ``codes.yaml``, and the URIs of
the project's own code systems, identifiers and extensions.

The writer (``fhir.py``) and the reader (``fhir_import.py``) both take every name from here,
so the two cannot drift apart. Which SNOMED CT or LOINC code stands for which finding is a
medical fact, so it lives in ``codes.yaml`` where a clinician reviews it, and is checked
against the knowledge base on load: a code for a finding that does not exist, or a numeric
finding without a UCUM unit, stops the program with a message naming the entry.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from backcare.knowledge.loader import (
    KnowledgeBase,
    KnowledgeError,
    read_knowledge_file,
    validate_knowledge,
)
from backcare.knowledge.schema import AT_LEAST_ONE, Entry, LevelId

CODES_FILE = Path(__file__).resolve().parent / "codes.yaml"

# FHIR R4B is release 4.3.0; the Bundle says so in a meta.tag of the FHIR-version code system.
FHIR_VERSION = "4.3.0"
FHIR_VERSION_SYSTEM = "http://hl7.org/fhir/FHIR-version"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

# The project's own names live under a reserved ``.invalid`` domain (RFC 2606): they identify,
# they never resolve.
BASE = "https://backcare.invalid/fhir"
BUNDLE_PROFILE = f"{BASE}/StructureDefinition/diary-bundle"
FORMAT_SYSTEM = f"{BASE}/CodeSystem/bundle-format"
FORMAT_CODE = "backcare-diary-1"
QUESTIONNAIRE = f"{BASE}/Questionnaire/intake"
CARE_SYSTEM = f"{BASE}/CodeSystem/care"  # plan items: cold_pack, pelvic_tilt, …
LEVEL_SYSTEM = f"{BASE}/CodeSystem/triage-level"
RULE_SYSTEM = f"{BASE}/CodeSystem/triage-rule"
CAUSE_SYSTEM = f"{BASE}/CodeSystem/cause"
ALERT_SYSTEM = f"{BASE}/CodeSystem/alert-kind"
DIARY_SYSTEM = f"{BASE}/CodeSystem/diary"  # diary measures without a standard code


def row_system(table: str) -> str:
    """The identifier system for rows of one diary table: the identifier's value is the row ID,
    which is what lets an import give every entry back its own number."""
    return f"{BASE}/diary/{table}"


class Ext:
    """Extension URLs, for the facts FHIR R4B has no element for."""

    EPISODE = f"{BASE}/StructureDefinition/episode"  # valueReference → EpisodeOfCare
    RECORDED = f"{BASE}/StructureDefinition/recorded"  # valueDateTime: when the diary wrote it
    DAY = f"{BASE}/StructureDefinition/diary-day"  # valueDate: the person's calendar day
    AGE = f"{BASE}/StructureDefinition/age"  # valueAge
    REGION = f"{BASE}/StructureDefinition/region"  # valueString
    CONDITION = f"{BASE}/StructureDefinition/lasting-condition"  # valueCodeableConcept
    LEVEL = f"{BASE}/StructureDefinition/triage-level"  # valueCoding
    RESULT = f"{BASE}/StructureDefinition/assessment-result"  # valueAttachment (JSON)
    DETAIL = f"{BASE}/StructureDefinition/alert-detail"  # valueAttachment (JSON)
    SOURCE = f"{BASE}/StructureDefinition/source"  # valueString: a bibliography ID
    KNOWLEDGE_BASE = f"{BASE}/StructureDefinition/knowledge-base"  # valueString


@dataclass(frozen=True, kw_only=True)
class StandardCode(Entry):
    finding: str
    system: Literal["snomed", "loinc"]
    code: str = field(metadata=AT_LEAST_ONE)
    display: str


@dataclass(frozen=True, kw_only=True)
class CodesFile(Entry):
    project_system: str = field(metadata={"pattern": r"^https?://"})
    units: dict[str, str]
    severity: dict[LevelId, Literal["high", "moderate", "low"]]
    codes: tuple[StandardCode, ...]


@dataclass(frozen=True, eq=False)
class Terminology:
    """The checked codes, ready to write codings with."""

    project_system: str
    standard: Mapping[str, StandardCode]
    ucum: Mapping[str, str]
    severity: Mapping[LevelId, str]
    kb: KnowledgeBase

    def coding(self, finding: str) -> list[dict[str, Any]]:
        """The standard coding first, where there is one, then always the project's own."""
        codings: list[dict[str, Any]] = []
        known = self.standard.get(finding)
        if known is not None:
            system = SNOMED if known.system == "snomed" else LOINC
            codings.append({"system": system, "code": known.code, "display": known.display})
        label = self.kb.findings[finding].label if finding in self.kb.findings else finding
        codings.append({"system": self.project_system, "code": finding, "display": label})
        return codings

    def finding_of(self, concept: Mapping[str, Any]) -> str | None:
        """The finding ID a CodeableConcept names through the project's coding, if it does."""
        for coding in concept.get("coding") or ():
            if isinstance(coding, Mapping) and coding.get("system") == self.project_system:
                code = coding.get("code")
                return code if isinstance(code, str) else None
        return None


def load_terminology(kb: KnowledgeBase, path: Path = CODES_FILE) -> Terminology:
    """Read ``codes.yaml`` and check it against ``kb``."""
    if path == CODES_FILE:
        return _packaged(kb)
    return _load(kb, path)


@functools.cache
def _packaged(kb: KnowledgeBase) -> Terminology:
    return _load(kb, CODES_FILE)


def _load(kb: KnowledgeBase, path: Path) -> Terminology:
    parsed = validate_knowledge(CodesFile, read_knowledge_file(path), path)
    standard: dict[str, StandardCode] = {}
    for entry in parsed.codes:
        if entry.finding not in kb.findings:
            raise KnowledgeError(f"{path.name}: entry {entry.finding!r} is not a finding")
        if entry.finding in standard:
            raise KnowledgeError(f"{path.name}: entry {entry.finding!r} is coded twice")
        standard[entry.finding] = entry
    ucum: dict[str, str] = {}
    for finding in kb.findings.values():
        if finding.kind == "bool":
            continue
        if finding.unit is None or finding.unit not in parsed.units:
            raise KnowledgeError(f"{path.name}: units: no UCUM code for {finding.id!r}'s unit "
                                 f"{finding.unit!r}")
        ucum[finding.id] = parsed.units[finding.unit]
    missing = set(kb.levels) - set(parsed.severity)
    if missing:
        raise KnowledgeError(f"{path.name}: severity: no entry for {', '.join(sorted(missing))}")
    return Terminology(parsed.project_system, standard, ucum, parsed.severity, kb)
