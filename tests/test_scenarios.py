"""Run the clinician-readable scenarios in tests/scenarios/ against the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import backcare
from backcare.knowledge.loader import KnowledgeBase

SCENARIOS = Path(__file__).parent / "scenarios"


def _load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((SCENARIOS / name).read_text())
    return cases


TRIAGE = _load("triage_rules.yaml")
PLAN = _load("plan_screens.yaml")


def _assess(case: dict[str, Any]) -> backcare.Assessment:
    intake: dict[str, Any] = {"findings": case["findings"]}
    if "age" in case:
        intake["age"] = case["age"]
    return backcare.assess(intake)


@pytest.mark.parametrize("case", TRIAGE, ids=[c["name"] for c in TRIAGE])
def test_triage_scenario(case: dict[str, Any]) -> None:
    result = _assess(case)
    expect = case["expect"]
    fired = {reason.rule for reason in result.triage.reasons}
    assert result.triage.level == expect["level"], fired
    assert set(expect.get("fires", [])) <= fired
    assert not set(expect.get("silent", [])) & fired
    assert set(expect.get("serious_causes", [])) <= set(result.triage.serious_causes)


@pytest.mark.parametrize("case", PLAN, ids=[c["name"] for c in PLAN])
def test_plan_scenario(case: dict[str, Any]) -> None:
    plan = _assess(case).plan
    given = {chosen.item.id for chosen in plan.items}
    withheld = {item.item.id for item in plan.withheld}
    cautioned = {chosen.item.id for chosen in plan.items if chosen.cautions}
    expect = case["expect"]
    assert set(expect.get("present", [])) <= given
    assert not set(expect.get("absent", [])) & (given | withheld)
    assert set(expect.get("withheld", [])) <= withheld
    assert not set(expect.get("withheld", [])) & given
    assert set(expect.get("cautioned", [])) <= cautioned


def test_every_rule_has_a_firing_and_a_silent_scenario(kb: KnowledgeBase) -> None:
    fires = {rule for case in TRIAGE for rule in case["expect"].get("fires", [])}
    silent = {rule for case in TRIAGE for rule in case["expect"].get("silent", [])}
    rule_ids = {rule.id for rule in kb.rules}
    assert rule_ids - fires == set(), "rules with no scenario where they fire"
    assert rule_ids - silent == set(), "rules with no scenario where they just do not fire"


def test_every_screen_has_a_scenario_that_triggers_it(kb: KnowledgeBase) -> None:
    screened = {item.id for item in kb.plan_items if item.withhold}
    cautioned = {item.id for item in kb.plan_items if item.caution}
    covered_withheld = {i for case in PLAN for i in case["expect"].get("withheld", [])}
    covered_cautions = {i for case in PLAN for i in case["expect"].get("cautioned", [])}
    assert screened <= covered_withheld
    assert cautioned <= covered_cautions
    # every single withhold condition, not just every item, is exercised
    for item in kb.plan_items:
        for screen in item.withhold:
            findings = screen.when if isinstance(screen.when, str) else None
            if findings is None:
                continue
            assert any(
                case["findings"].get(findings) is True
                and item.id in case["expect"].get("withheld", [])
                for case in PLAN
            ), f"{item.id}: no scenario withholds it for {findings}"
