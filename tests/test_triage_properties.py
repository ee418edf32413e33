"""Safety invariants of the triage, checked over many random combinations of findings."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.conditions import FindingValue, compile_condition, compile_selector
from backcare.knowledge.loader import load_knowledge
from backcare.knowledge.schema import LevelId
from backcare.triage import RANK, level_for, triage

KB = load_knowledge()
BOOL_FINDINGS = sorted(fid for fid, f in KB.findings.items() if f.kind == "bool")
# Findings the policy allows to lower a level when known: they appear only under `not`.
PROTECTIVE = {
    fid for condition in KB.rule_conditions.values() for fid in condition.negated_ids()
}


def findings_strategy() -> st.SearchStrategy[dict[str, FindingValue]]:
    bools = st.dictionaries(st.sampled_from(BOOL_FINDINGS), st.booleans(), max_size=12)
    numbers = st.fixed_dictionaries(
        {},
        optional={
            "age": st.integers(0, 120),
            "onset_days": st.integers(0, 400),
            "pain_score": st.integers(0, 10),
        },
    )
    return st.builds(lambda b, n: {**b, **n}, bools, numbers)


def test_only_the_policys_protective_findings_can_lower_a_level() -> None:
    # A new rule that makes some finding protective must be a deliberate policy change.
    assert {"kidney_stone_history", "improving"} == PROTECTIVE


@settings(max_examples=400, deadline=None)
@given(findings=findings_strategy(), added=st.sampled_from(BOOL_FINDINGS))
def test_adding_a_present_finding_never_lowers_the_level(
    findings: dict[str, Any], added: str
) -> None:
    if added in PROTECTIVE:
        return
    before = level_for(findings, KB)
    after = level_for({**findings, added: True}, KB)
    assert RANK[after] >= RANK[before]


@settings(max_examples=400, deadline=None)
@given(findings=findings_strategy(), forgotten=st.sampled_from(BOOL_FINDINGS))
def test_unknown_never_lowers_the_level_below_a_denial(
    findings: dict[str, Any], forgotten: str
) -> None:
    denied = {**findings, forgotten: False}
    unknown = {k: v for k, v in denied.items() if k != forgotten}
    assert RANK[level_for(unknown, KB)] >= RANK[level_for(denied, KB)]


@settings(max_examples=200, deadline=None)
@given(findings=findings_strategy(), extra_days=st.integers(1, 200))
def test_a_longer_episode_never_lowers_the_level(findings: dict[str, Any], extra_days: int) -> None:
    base = int(findings.get("onset_days", 0))
    shorter = {**findings, "onset_days": base}
    longer = {**findings, "onset_days": base + extra_days}
    assert RANK[level_for(longer, KB)] >= RANK[level_for(shorter, KB)]


@settings(max_examples=200, deadline=None)
@given(findings=findings_strategy())
def test_out_of_scope_is_never_self_care(findings: dict[str, Any]) -> None:
    assert level_for(findings, KB, in_scope=False) != "self_care"


@settings(max_examples=200, deadline=None)
@given(findings=findings_strategy())
def test_watch_list_says_truly_what_each_sign_would_bring(findings: dict[str, Any]) -> None:
    result = triage(findings, KB)
    for item in result.watch_list:
        assert findings.get(item.finding) is not True
        assert level_for({**findings, item.finding: True}, KB) == item.if_it_appears
        assert RANK[item.if_it_appears] > RANK[result.level]


@settings(max_examples=200, deadline=None)
@given(findings=findings_strategy())
def test_full_triage_agrees_with_the_fast_path_and_cites_sources(
    findings: dict[str, Any],
) -> None:
    result = triage(findings, KB)
    assert result.level == level_for(findings, KB)
    assert result.reasons, "every level comes with at least one reason"
    for reason in result.reasons:
        assert reason.sources and all(s in KB.sources for s in reason.sources)
    for flag in result.red_flags:
        assert findings.get(flag) is True or flag in ("age", "onset_days")


@settings(max_examples=300, deadline=None)
@given(findings=findings_strategy(), assumed=st.sampled_from(BOOL_FINDINGS))
def test_compiled_conditions_agree_with_the_rules_as_written(
    findings: dict[str, Any], assumed: str
) -> None:
    for condition in [*KB.rule_conditions.values(),
                      *(c for support in KB.cause_support.values() for c, _ in support)]:
        assert compile_condition(condition)(findings) == condition.holds(findings)
        with_sign = {**findings, assumed: True}
        assert compile_condition(condition, assume=assumed)(findings) == condition.holds(
            with_sign
        )


@settings(max_examples=200, deadline=None)
@given(findings=findings_strategy())
def test_the_selector_picks_exactly_the_conditions_that_hold_and_names_why(
    findings: dict[str, Any],
) -> None:
    conditions = [*KB.rule_conditions.values(), *KB.screen_conditions.values(),
                  *(c for support in KB.cause_support.values() for c, _ in support)]
    assert compile_selector(conditions)(findings) == [
        (position, condition.because(findings))
        for position, condition in enumerate(conditions)
        if condition.holds(findings)
    ]


# Version 2 (what may not come from the back): the level each sign brings on its own, from the
# policy's table; the meningitis signs count only together with a fever (E12).
VERSION_2_ALONE: dict[str, LevelId] = {
    "non_blanching_rash": "emergency", "seizure": "emergency",
    "severe_abdominal_pain": "emergency", "paracetamol_overdose": "emergency",
    "self_harm_danger": "emergency", "pregnancy_warning": "emergency",
    "calf_swelling": "urgent", "jaundice": "urgent", "suicidal_thoughts": "urgent",
    "painkiller_overdose": "urgent", "biliary_pain": "soon",
}
VERSION_2 = sorted(KB.sections["what may not come from the back, and general danger signs"])


def test_the_version_2_signs_are_all_in_the_property_tests() -> None:
    assert set(VERSION_2) <= set(BOOL_FINDINGS)
    assert set(VERSION_2_ALONE) | {"neck_stiffness", "severe_headache", "photophobia"} == set(
        VERSION_2
    )


@settings(max_examples=400, deadline=None)
@given(findings=findings_strategy(), added=st.sampled_from(VERSION_2))
def test_a_version_2_sign_never_lowers_and_brings_at_least_its_own_level(
    findings: dict[str, Any], added: str
) -> None:
    before = level_for(findings, KB)
    after = level_for({**findings, added: True}, KB)
    assert RANK[after] >= RANK[before]
    if added in VERSION_2_ALONE:
        assert RANK[after] >= RANK[VERSION_2_ALONE[added]]


@settings(max_examples=200, deadline=None)
@given(findings=findings_strategy(), headache=st.sampled_from(["severe_headache", "photophobia"]))
def test_fever_with_a_stiff_neck_and_headache_or_light_is_always_an_emergency(
    findings: dict[str, Any], headache: str
) -> None:
    signs = {"fever": True, "neck_stiffness": True, headache: True}
    assert level_for({**findings, **signs}, KB) == "emergency"
