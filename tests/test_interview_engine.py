"""The check-up engine: warning signs first, nothing asked twice, stops once nothing can change.

Every test is about what a person going through the check-up would notice: which question comes
next, what is never asked again, and whether the level they end with is the level their full
answers would give.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.conditions import FindingValue
from backcare.intake import IntakeError
from backcare.interview import Question, load_interview, next_question, questions_left
from backcare.knowledge.loader import KNOWLEDGE_DIR, load_knowledge
from backcare.triage import RANK, level_for

INTERVIEW = load_interview()
KB = INTERVIEW.kb
ASKED_FINDINGS = [fid for q in INTERVIEW.questions for fid in q.findings]
BOOLS = [fid for fid in ASKED_FINDINGS if KB.findings[fid].kind == "bool"]
NUMBERS = [fid for fid in ASKED_FINDINGS if KB.findings[fid].kind != "bool"]
EMERGENCY_RULES = [KB.rule_conditions[r.id] for r in KB.rules if r.level == "emergency"]
EMERGENCY_SIGNS = {fid for c in EMERGENCY_RULES for fid in c.positive_ids()}
# Signs put only to the people they concern (`only_if`): pregnancy signs once pregnant, ...
GATED = {q.id: q.findings for q in INTERVIEW.questions if q.id in INTERVIEW.gates}


def closed(known: Mapping[str, FindingValue]) -> set[str]:
    """The gated findings whose question ``known`` has not opened."""
    return {fid for qid, fids in GATED.items() if not INTERVIEW.gates[qid].holds(known)
            for fid in fids}


def interview(
    truth: Mapping[str, FindingValue], age: int | None = None
) -> tuple[list[Question], dict[str, FindingValue], set[str]]:
    """A whole check-up with a patient who answers from ``truth`` and "don't know" otherwise."""
    answers: dict[str, FindingValue] = {}
    unknown: set[str] = set()
    asked: list[Question] = []
    while (question := next_question(answers, age, unknown, opening_answered=True)) is not None:
        asked.append(question)
        assert len(asked) <= len(INTERVIEW.questions) + 1, "the check-up does not end"
        for fid in question.findings:
            assert fid not in answers and fid not in unknown, f"{fid} asked again"
            if fid in truth:
                answers[fid] = truth[fid]
            else:
                unknown.add(fid)
    return asked, answers, unknown


def says_no(**overrides: FindingValue) -> dict[str, FindingValue]:
    """A patient who says no to every yes/no question, with some answers changed."""
    return {**dict.fromkeys(BOOLS, False), **overrides}


def asked_ids(questions: Iterable[Question]) -> list[str]:
    return [q.id for q in questions]


def with_age(findings: Mapping[str, FindingValue], age: int | None) -> dict[str, FindingValue]:
    return {**findings, **({"age": age} if age is not None else {})}


# ---- the opening -------------------------------------------------------------------------------


def test_a_new_check_up_opens_with_the_persons_own_story() -> None:
    for question in (next_question({}), next_question({}, age=44), next_question({"age": 44})):
        assert question is not None
        assert question.type == "text" and question.findings == ()
        assert "your own words" in question.text


def test_the_story_is_asked_once_even_when_it_set_nothing() -> None:
    question = next_question({}, age=44, opening_answered=True)
    assert question is not None and question.type == "checklist"


# ---- warning signs first, and stop at an emergency ------------------------------------------


def test_the_first_questions_are_the_emergency_checklists() -> None:
    asked, _, _ = interview(says_no(), age=40)
    holding_signs = [bool(EMERGENCY_SIGNS & set(q.findings)) for q in asked]
    first_other = holding_signs.index(False)
    assert all(holding_signs[:first_other]) and not any(holding_signs[first_other:])
    assert asked[0].type == "checklist" and len(asked[0].findings) > 1


def test_someone_who_says_no_to_everything_has_been_asked_every_emergency_sign() -> None:
    asked, _, _ = interview(says_no(), age=40)
    assert EMERGENCY_SIGNS - {"age"} - closed({}) <= {fid for q in asked for fid in q.findings}


def test_the_cauda_equina_signs_are_asked_together() -> None:
    asked, _, _ = interview(says_no(), age=40)
    nerve = next(q for q in asked if "saddle_numbness" in q.findings)
    assert nerve.type == "checklist"
    assert {"bladder_dysfunction", "bowel_dysfunction", "saddle_numbness"} <= set(nerve.findings)
    assert "cauda equina" in nerve.why  # shown as "why we ask"


def test_the_check_up_ends_as_soon_as_it_is_an_emergency() -> None:
    assert next_question({"pain_lower_back": True, "saddle_numbness": True}, age=40) is None
    asked, answers, _ = interview(says_no(chest_pain=True), age=40)
    assert len(asked) == 1 and level_for(answers, KB) == "emergency"


def test_a_fever_makes_the_nerve_signs_an_emergency_question() -> None:
    # Fever alone is urgent; with numbness in a leg it is an emergency (spinal infection).
    known = {**dict.fromkeys(EMERGENCY_SIGNS - {"age", "fever", "leg_numbness_one"}, False),
             "fever": True}
    question = next_question(known, age=40)
    assert question is not None and "leg_numbness_one" in question.findings


def test_flank_pain_from_55_asks_about_kidney_stones_and_not_before() -> None:
    older, answers, _ = interview(says_no(flank_pain=True), age=60)
    younger, _, _ = interview(says_no(flank_pain=True), age=30)
    assert "kidney_stones" in asked_ids(older)
    assert "kidney_stones" not in asked_ids(younger)
    # Having had stones before makes a stone likelier than a leaking aorta: urgent, not emergency.
    _, with_stones, _ = interview(says_no(flank_pain=True, kidney_stone_history=True), age=60)
    assert level_for(with_age(with_stones, 60), KB) == "urgent"
    assert level_for(with_age(answers, 60), KB) == "emergency"


def test_a_minor_fall_matters_from_65_so_fragile_bones_are_asked_only_then() -> None:
    older, _, _ = interview(says_no(minor_trauma=True), age=70)
    younger, _, _ = interview(says_no(minor_trauma=True), age=30)
    assert level_for({"minor_trauma": True, "age": 70}, KB) == "urgent"
    assert "fragile_bones" not in asked_ids(older)  # age alone settles it: already urgent
    assert "fragile_bones" in asked_ids(younger)


# ---- only what matters, nothing twice ------------------------------------------------------------


def test_what_the_story_already_said_is_left_out_of_a_checklist() -> None:
    told = {"pain_lower_back": True, "bladder_dysfunction": False, "saddle_numbness": False,
            **dict.fromkeys(["chest_pain", "breathing_difficulty", "tearing_pain", "collapse",
                             "stroke_signs", "confusion", "generalized_spasms", "seizure",
                             "severe_abdominal_pain"], False)}
    question = next_question(told, age=40)
    assert question is not None and question.id == "nerve_signs"
    assert "bladder_dysfunction" not in question.findings
    assert "bowel_dysfunction" in question.findings


def test_dont_know_is_never_asked_again_and_the_check_up_still_ends() -> None:
    asked, answers, unknown = interview({}, age=40)
    assert answers == {}
    flat = [fid for q in asked for fid in q.findings]
    assert len(flat) == len(set(flat)) == len(unknown)


def test_dont_know_never_lowers_the_level() -> None:
    _, answers, unknown = interview({"fever": True}, age=40)
    assert "leg_numbness_one" in unknown
    assert level_for(with_age(answers, 40), KB) == "urgent"


def test_a_choice_offers_only_answers_that_fit_what_is_known() -> None:
    known = {**says_no(), "onset_days": 42, "improving": False}
    del known["worsening"]
    question = next_question(known, age=40)
    assert question is not None and question.type == "choice"
    assert [o.text for o in question.options] == ["about the same", "getting worse"]
    assert question.findings == ("worsening",)


def test_a_choice_that_cannot_be_offered_becomes_a_plain_question(tmp_path: Path) -> None:
    # With only "better" and "worse" to choose from, someone known not to be getting worse has
    # one option left: the check-up asks the open finding on its own instead.
    shutil.copytree(KNOWLEDGE_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "interview.yaml"
    path.write_text(path.read_text().replace(
        "      - text: about the same\n        sets: {improving: false, worsening: false}\n", ""))
    two_options = load_interview(load_knowledge(tmp_path), tmp_path)
    known = {**says_no(), "onset_days": 42, "worsening": False}
    del known["improving"]
    question = next_question(known, age=40, interview=two_options)
    assert question is not None and question.type == "yes_no"
    assert question.findings == ("improving",)
    assert question.text == KB.findings["improving"].question


def test_pain_lasting_over_four_weeks_asks_whether_it_is_improving() -> None:
    _, answers, _ = interview(says_no(onset_days=42), age=40)
    assert answers["improving"] is False
    assert level_for(with_age(answers, 40), KB) == "routine"


def test_medicine_screens_are_asked_only_when_the_plan_offers_medicines() -> None:
    early, _, _ = interview(says_no(onset_days=1), age=40)
    later, _, _ = interview(says_no(onset_days=20), age=40)  # recovery: no medicines offered
    asked_early = next(q for q in early if q.id == "medicine_safety")
    assert {"kidney_disease", "stomach_ulcer", "pregnant"} <= set(asked_early.findings)
    # pregnancy still shapes the plan (and opens the pregnancy signs); the screens do not
    asked_later = next(q for q in later if q.id == "medicine_safety")
    assert "kidney_disease" not in asked_later.findings
    assert "pregnant" in asked_later.findings


@pytest.mark.parametrize("findings", [
    {"fever": True, "onset_days": 2},  # urgent already: jaundice matters only to the plan
    {"takes_painkillers": True, "fever": True, "onset_days": 2},
])
def test_a_question_is_put_once_with_what_the_plan_needs_from_it(
    findings: dict[str, FindingValue],
) -> None:
    ids = asked_ids(interview(says_no(**findings), age=40)[0])
    assert len(ids) == len(set(ids)), ids


def test_signs_that_concern_only_some_people_are_asked_only_of_them() -> None:
    everyone, _, _ = interview(says_no(onset_days=2), age=40)
    assert not set(GATED) & set(asked_ids(everyone))
    for concerned, gate in (
        (says_no(onset_days=2, pregnant=True, pregnancy_warning=True), "pregnancy_signs"),
        (says_no(onset_days=2, takes_painkillers=True, paracetamol_overdose=True),
         "painkiller_amounts"),
        (says_no(fever=True, neck_stiffness=True, photophobia=True), "meningitis_signs"),
        (says_no(onset_days=2, stress=True, self_harm_danger=True), "mood"),
    ):
        asked, answers, _ = interview(concerned, age=30)
        assert gate in asked_ids(asked)
        assert level_for(with_age(answers, 30), KB) == "emergency", gate
    sciatica = {**says_no(pain_below_knee_one_leg=True)}
    del sciatica["calf_swelling"]
    clot = next_question(sciatica, age=40)
    assert clot is not None and clot.findings == ("calf_swelling",)


def test_after_the_level_come_onset_pain_score_mechanism_and_daily_life() -> None:
    asked, _, _ = interview(says_no(onset_days=2, pain_score=5), age=40)
    ids = asked_ids(asked)
    assert {"onset", "pain_score", "how_it_started", "daily_life"} <= set(ids)
    assert ids.index("nerve_signs") < ids.index("pain_score")


def test_no_plan_questions_once_it_is_an_emergency() -> None:
    asked, _, _ = interview(says_no(saddle_numbness=True, onset_days=2), age=40)
    assert not {"pain_score", "medicine_safety", "daily_life"} & set(asked_ids(asked))


def test_progress_estimate_counts_down_to_zero() -> None:
    assert questions_left({}, age=40) >= 8
    assert questions_left({"saddle_numbness": True}, age=40) == 0


# ---- the question as the web API sends it ------------------------------------------------------


def test_every_question_type_serialises_to_json() -> None:
    seen: dict[str, dict[str, Any]] = {}
    asked, _, _ = interview(says_no(onset_days=2), age=None)
    for question in asked:
        data = json.loads(json.dumps(question.to_json()))
        assert data["findings"] and data["why"] and data["text"]
        seen.setdefault(question.type, data)
    assert {"checklist", "number", "choice"} <= set(seen)
    assert seen["checklist"]["items"][0].keys() == {"finding", "text"}
    assert seen["choice"]["options"][0]["sets"]
    age = next(q for q in asked if q.id == "age").to_json()
    assert (age["minimum"], age["maximum"], age["integer"]) == (0, 120, True)


def test_a_mistyped_finding_is_an_error_naming_it() -> None:
    with pytest.raises(IntakeError, match="bladder_dysfuncton"):
        next_question({"bladder_dysfuncton": True})
    with pytest.raises(IntakeError, match=r"unknown\.fevr"):
        next_question({"pain_lower_back": True}, unknown=["fevr"])
    with pytest.raises(IntakeError, match="pain_score"):
        next_question({"pain_score": 11})


# ---- properties over random check-ups ----------------------------------------------------------


def partial_findings() -> st.SearchStrategy[dict[str, FindingValue]]:
    numbers = {"onset_days": st.integers(0, 400), "pain_score": st.integers(0, 10)}
    return st.builds(
        lambda b, n: {**b, **n},
        st.dictionaries(st.sampled_from(BOOLS), st.booleans(), max_size=25),
        st.fixed_dictionaries({}, optional=numbers),
    )


ages = st.one_of(st.none(), st.integers(5, 95))


def completions(open_ids: set[str], condition_ids: Iterable[str]) -> Iterable[dict[str, float]]:
    """Extreme values for the open numbers a rule compares (every rule compares at most two)."""
    numbers = sorted(fid for fid in set(condition_ids) & open_ids if fid in NUMBERS)
    extremes = [(KB.findings[fid].minimum or 0.0, KB.findings[fid].maximum or 0.0)
                for fid in numbers]
    for values in itertools.product(*extremes):
        yield dict(zip(numbers, values, strict=True))


@settings(max_examples=300, deadline=None)
@given(findings=partial_findings(), unknown=st.sets(st.sampled_from(ASKED_FINDINGS)), age=ages)
def test_never_asks_what_is_known_and_never_stops_with_an_emergency_sign_unasked(
    findings: dict[str, FindingValue], unknown: set[str], age: int | None
) -> None:
    unknown -= set(findings) | ({"age"} if age is not None else set())
    question = next_question(findings, age, unknown, opening_answered=True)
    known = with_age(findings, age)
    if question is not None:
        assert question.findings, "a question must ask something"
        assert not set(question.findings) & (set(known) | unknown)
        return
    level = level_for(known, KB)
    if level == "emergency":
        return
    open_ids = set(ASKED_FINDINGS) - set(known) - unknown - closed(known)
    for condition in EMERGENCY_RULES:
        ids = [*condition.positive_ids(), *condition.negated_ids()]
        for numbers in completions(open_ids, ids):
            worst = {**known, **dict.fromkeys(set(condition.positive_ids()) & open_ids, True),
                     **numbers}
            assert not condition.holds(worst), f"stopped at {level} with an emergency unasked"


@settings(max_examples=200, deadline=None)
@given(
    truth=st.dictionaries(st.sampled_from(BOOLS), st.booleans(), max_size=len(BOOLS)),
    onset=st.one_of(st.none(), st.integers(0, 200)),
    age=ages,
)
def test_the_check_up_ends_at_the_level_the_whole_truth_gives(
    truth: dict[str, FindingValue], onset: int | None, age: int | None
) -> None:
    # Whatever the person's answers (unlabelled ones are "don't know"), what the check-up did not
    # ask could not have changed the level: stopping early never costs a level. A gated sign
    # counts only once the check-up has learnt that its question concerns the person (a
    # pregnancy sign once they said they are pregnant).
    if onset is not None:
        truth = {**truth, "onset_days": onset}
    asked, answers, _ = interview(truth, age)
    truth = {fid: value for fid, value in truth.items() if fid not in closed(answers)}
    assert RANK[level_for(with_age(answers, age), KB)] == RANK[level_for(with_age(truth, age), KB)]
    assert len(asked) <= 15
