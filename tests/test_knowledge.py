"""Knowledge-base integrity: the contract's vocabulary, sources, and clear errors when broken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge_support import copy_knowledge, edit_once

# The public vocabulary (../shared/spec/vocabulary.md), restated here so the project's tests
# stand alone: these IDs may never be renamed or dropped.
CONTRACT_FINDINGS = [
    "age",
    "pain_score",
    "onset_days",
    "pain_lower_back",
    "pain_mid_back",
    "pain_upper_back",
    "pain_neck",
    "pain_buttock_thigh",
    "pain_below_knee_one_leg",
    "sudden_onset",
    "lifting",
    "twisting_bending",
    "sport_overuse",
    "strenuous_exercise",
    "repetitive_work",
    "minor_trauma",
    "major_trauma",
    "muscle_tightness",
    "locking",
    "worse_with_movement",
    "eased_by_rest",
    "night_pain",
    "constant_progressive",
    "morning_stiffness",
    "improves_with_exercise",
    "recurrent",
    "worsening",
    "improving",
    "leg_pain_walking",
    "leg_tingling_one",
    "leg_numbness_one",
    "leg_weakness_one",
    "leg_symptoms_both",
    "leg_weakness_both",
    "saddle_numbness",
    "bladder_dysfunction",
    "bowel_dysfunction",
    "sexual_dysfunction",
    "balance_problems",
    "stroke_signs",
    "fever",
    "weight_loss",
    "cancer_history",
    "immunosuppressed",
    "iv_drug_use",
    "steroid_use",
    "osteoporosis",
    "chest_pain",
    "breathing_difficulty",
    "tearing_pain",
    "collapse",
    "confusion",
    "generalized_spasms",
    "urinary_symptoms",
    "flank_pain",
    "back_deformity",
    "severe_uncontrolled_pain",
    "desk_work",
    "poor_posture",
    "sedentary",
    "overweight",
    "weak_core",
    "low_fluid_intake",
    "heavy_sweating",
    "poor_diet_minerals",
    "stress",
    "heavy_lifting_job",
    "pregnant",
    "known_disc_problem",
    "known_stenosis",
    "known_scoliosis",
    "known_arthritis",
    "fibromyalgia",
    "multiple_sclerosis",
    "kidney_stone_history",
    "kidney_disease",
    "stomach_ulcer",
    "anticoagulant",
    "heart_disease",
    "nsaid_sensitivity",
    "liver_disease",
    "heavy_alcohol",
    # Version 2
    "non_blanching_rash",
    "neck_stiffness",
    "severe_headache",
    "photophobia",
    "seizure",
    "severe_abdominal_pain",
    "paracetamol_overdose",
    "painkiller_overdose",
    "pregnancy_warning",
    "calf_swelling",
    "jaundice",
    "suicidal_thoughts",
    "self_harm_danger",
    "biliary_pain",
]
CONTRACT_CAUSES = [
    "muscle_strain",
    "poor_posture",
    "dehydration_electrolytes",
    "stress_tension",
    "sedentary_deconditioning",
    "overweight_load",
    "herniated_disc",
    "sciatica",
    "spinal_stenosis",
    "spinal_curvature",
    "chronic_condition",
    "neurological_condition",
    "kidney_problem",
    "inflammatory_back_pain",
    "cauda_equina_syndrome",
    "spinal_infection",
    "spinal_cancer",
    "spinal_fracture",
    "aortic_emergency",
    "stroke",
    "spinal_cord_compression",
    # Version 2
    "gallbladder",
    "meningitis_sepsis",
    "abdominal_emergency",
    "medicine_harm",
    "pregnancy_complication",
    "deep_vein_thrombosis",
    "liver_or_gallbladder",
]
# Serious causes the policy asks the assessment to name when their signs are present.
SERIOUS_CAUSES = [
    "cauda_equina_syndrome", "spinal_infection", "spinal_cancer", "spinal_fracture",
    "aortic_emergency", "stroke", "spinal_cord_compression", "meningitis_sepsis",
    "abdominal_emergency", "medicine_harm", "pregnancy_complication", "deep_vein_thrombosis",
]
POLICY_RULES = (
    [f"E{n}" for n in range(1, 18)]
    + [f"U{n}" for n in range(1, 11)]
    + [f"S{n}" for n in range(1, 9)]
    + [f"R{n}" for n in range(1, 6)]
)


def test_every_vocabulary_finding_is_defined_with_a_question(kb: KnowledgeBase) -> None:
    missing = [fid for fid in CONTRACT_FINDINGS if fid not in kb.findings]
    assert missing == []
    for finding in kb.findings.values():
        assert "?" in finding.question, finding.id
        if finding.kind != "bool":
            assert finding.minimum is not None and finding.maximum is not None, finding.id


def test_every_cause_in_the_vocabulary_is_defined(kb: KnowledgeBase) -> None:
    assert sorted(set(CONTRACT_CAUSES) - set(kb.causes)) == []


def test_the_serious_causes_are_marked_serious_and_named_by_a_rule(kb: KnowledgeBase) -> None:
    named = {named.cause for rule in kb.rules for named in rule.names}
    for cause in SERIOUS_CAUSES:
        assert kb.causes[cause].serious, cause
        assert cause in named, cause


def test_every_policy_rule_is_present_exactly_once(kb: KnowledgeBase) -> None:
    assert sorted(r.id for r in kb.rules) == sorted(POLICY_RULES)


def test_every_rule_cause_and_plan_item_cites_a_known_source(kb: KnowledgeBase) -> None:
    cited = [
        *(s for r in kb.rules for s in r.sources),
        *(s for c in kb.causes.values() for s in c.sources),
        *(s for i in kb.plan_items for s in i.sources),
    ]
    assert cited and all(s in kb.sources for s in cited)
    assert all(r.sources for r in kb.rules)
    assert all(i.sources for i in kb.plan_items)


def test_the_four_seed_articles_are_in_the_bibliography(kb: KnowledgeBase) -> None:
    seeds = sorted(s.id for s in kb.sources.values() if s.kind == "seed")
    assert seeds == ["seed-001", "seed-002", "seed-003", "seed-004"]


def test_the_plan_covers_every_phase_and_what_a_person_needs(kb: KnowledgeBase) -> None:
    phases = {phase for item in kb.plan_items for phase in item.phases}
    assert phases == {"acute", "settling", "recovery", "prevention"}
    kinds = {item.kind for item in kb.plan_items}
    for needed in (
        "cold_therapy",
        "heat_therapy",
        "activity",
        "stretch",
        "yoga",
        "exercise",
        "medicine",
        "hydration",
        "ergonomics",
        "lifting",
        "weight",
        "stress",
        "massage",
        "physiotherapy",
        "come_back",
    ):
        assert needed in kinds
    cold = next(i for i in kb.plan_items if i.kind == "cold_therapy")
    assert re.search(r"15.20 minutes", cold.text) and "cloth" in cold.text


@pytest.fixture()
def broken_copy(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def test_a_rule_naming_an_unknown_finding_is_an_error_naming_file_and_entry(
    broken_copy: Path,
) -> None:
    edit_once(broken_copy / "triage.yaml", "when: stroke_signs", "when: stroke_sings")
    with pytest.raises(KnowledgeError, match=r"triage\.yaml.*'E2'.*stroke_sings"):
        load_knowledge(broken_copy)


def test_an_unknown_source_is_an_error_naming_the_entry(broken_copy: Path) -> None:
    edit_once(broken_copy / "causes.yaml", "sources: [fast-stroke]", "sources: [fast-strok]")
    with pytest.raises(KnowledgeError, match=r"causes\.yaml.*'stroke'.*fast-strok"):
        load_knowledge(broken_copy)


def test_an_asked_question_naming_an_unknown_card_is_an_error_naming_it(
    broken_copy: Path,
) -> None:
    edit_once(broken_copy / "asked.yaml", "cards: [it_comes_back]", "cards: [it_come_back]")
    with pytest.raises(KnowledgeError, match=r"asked\.yaml: question \d+ .*'it_come_back'"):
        load_knowledge(broken_copy)


def test_a_misspelt_key_is_an_error_not_a_silently_dropped_fact(broken_copy: Path) -> None:
    edit_once(broken_copy / "plan.yaml", "    withhold:\n", "    withold:\n")
    with pytest.raises(KnowledgeError, match=r"plan\.yaml.*'nsaid'.*withold"):
        load_knowledge(broken_copy)


def test_invalid_yaml_names_the_file(broken_copy: Path) -> None:
    (broken_copy / "regions.yaml").write_text("regions: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"regions\.yaml: not valid YAML"):
        load_knowledge(broken_copy)


def test_an_uncited_source_is_reported(broken_copy: Path) -> None:
    edit_once(
        broken_copy / "sources.yaml",
        "sources:\n",
        "sources:\n  - id: orphan-2020\n"
        "    title: Nobody cites this\n    publisher: Nobody\n    year: 2020\n"
        "    kind: trial\n",
    )
    with pytest.raises(KnowledgeError, match="orphan-2020"):
        load_knowledge(broken_copy)


def test_every_kind_of_source_has_a_place_in_the_weighing_order() -> None:
    from typing import get_args

    from backcare.citations import WEIGHT_ORDER
    from backcare.knowledge.schema import SourceKind

    assert sorted(WEIGHT_ORDER) == sorted(get_args(SourceKind))
