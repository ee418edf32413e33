"""The trained reader beside the lexicon: its units, its fusion rules, and what it ships.

The model's exact probabilities change with every retraining, so these tests check what
must hold whatever the weights: the units cover the text, the fusion never lowers what the
lexicon established, a possible sign never lowers a level, the shipped files agree with the
knowledge base, and the corpus it learns from is well formed.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backcare
from backcare.knowledge.loader import KnowledgeBase
from backcare.language import Evidence, TextReading, read_text
from backcare.language.fusion import combine
from backcare.language.model_reader import (
    NEVER,
    NUMBERS,
    ModelReading,
    Thresholds,
    UnitReading,
    shared_model,
)
from backcare.language.numbers import NumberMention, NumbersTold
from backcare.language.reading import MODEL
from backcare.language.units import MAX_WORDS, Unit, split_units
from backcare.triage import RANK, level_for, warning_rule_findings
from training_support import training_module

ROOT = Path(__file__).resolve().parent.parent


@given(st.text(alphabet=st.sampled_from("ab .,!?\n;7"), max_size=400))
@settings(max_examples=200, deadline=None)
def test_units_cover_every_word_in_order(text: str) -> None:
    units = split_units(text)
    for unit in units:
        assert text[unit.start:unit.end] == unit.text
        assert len(unit.text.split()) <= MAX_WORDS
    covered = set()
    for unit in units:
        covered.update(range(unit.start, unit.end))
    for index, char in enumerate(text):
        if char.isalnum():
            assert index in covered
    starts = [unit.start for unit in units]
    assert starts == sorted(starts)


def test_a_run_on_message_is_read_in_overlapping_windows() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    units = split_units(text)
    assert len(units) > 1
    assert all(a.end > b.start for a, b in itertools.pairwise(units))


def _model_reading(finding: str, present: float, denied: float = 0.0,
                   span: tuple[int, int] = (0, 10), scope: float = 0.9) -> ModelReading:
    unit = Unit("x" * (span[1] - span[0]), *span)
    best = UnitReading(finding, unit, present, denied)
    return ModelReading({finding: best}, {finding: best}, scope)


YES_NO_IDS = ["bladder_dysfunction", "fever", "collapse", "confusion", "lifting", "chest_pain",
              "worsening", "improving"]
THRESHOLDS = Thresholds(present=dict.fromkeys(YES_NO_IDS, 0.7), possible_share=0.4, denied=0.8)
YES_NO = st.sampled_from(YES_NO_IDS)


@given(finding=YES_NO, present=st.floats(0, 1), denied=st.floats(0, 1),
       said=st.sampled_from([None, True, False]))
@settings(max_examples=300, deadline=None)
def test_unless_it_may_doubt_the_model_never_lowers_what_the_lexicon_found(
        kb: KnowledgeBase, finding: str, present: float, denied: float,
        said: bool | None) -> None:
    findings = {} if said is None else {finding: said}
    evidence = () if said is None else (Evidence(finding, said, "words", 40, 45),)
    lexicon = TextReading(findings=findings, evidence=evidence)
    combined = combine(lexicon, _model_reading(finding, present, denied), THRESHOLDS,
                       frozenset({finding}))
    if said is True:
        assert combined.findings[finding] is True
    before = level_for(lexicon.findings, kb)
    assert RANK[level_for(combined.findings, kb)] >= RANK[before] or said is None
    for sign in combined.possible:
        assert combined.findings.get(sign.finding) is not True


def test_a_confident_reading_is_set_with_the_unit_as_evidence() -> None:
    combined = combine(TextReading(), _model_reading("collapse", 0.95), THRESHOLDS,
                       frozenset({"collapse"}))
    assert combined.findings == {"collapse": True}
    (evidence,) = combined.evidence
    assert (evidence.source, evidence.probability) == ("model", 0.95)


@pytest.mark.parametrize("finding", ["worsening", "improving"])
def test_only_the_word_list_reads_a_change_from_compared_scores(finding: str) -> None:
    """Comparing two numbers is arithmetic: however sure the model is, it sets no change on
    words where scores are compared, and it still may elsewhere."""
    compared = NumbersTold(compared=((12, 30),))
    on_them = combine(TextReading(), _model_reading(finding, 0.99, span=(0, 40)), THRESHOLDS,
                      frozenset({finding}), compared)
    assert finding not in on_them.findings and not on_them.possible
    elsewhere = combine(TextReading(), _model_reading(finding, 0.99, span=(31, 60)),
                        THRESHOLDS, frozenset({finding}), compared)
    assert elsewhere.findings == {finding: True}


def test_an_unsure_reading_is_possible_and_sets_nothing() -> None:
    combined = combine(TextReading(), _model_reading("collapse", 0.5), THRESHOLDS,
                       frozenset({"collapse"}))
    assert combined.findings == {}
    assert [p.finding for p in combined.possible] == ["collapse"]


def test_a_sign_s_own_threshold_moves_where_it_is_set_not_where_it_is_listed() -> None:
    """A lower threshold of a sign's own sets it on less certainty; where it is listed as
    possible stays its tier's (0.7 × 0.4 here), or the list would widen unweighed."""
    own = THRESHOLDS._replace(present={**THRESHOLDS.present, "collapse": 0.5},
                              possible={"collapse": 0.28})
    read = {present: combine(TextReading(), _model_reading("collapse", present), own,
                             frozenset({"collapse"})) for present in (0.5, 0.27, 0.29)}
    assert read[0.5].findings == {"collapse": True}
    assert not read[0.27].possible
    assert [p.finding for p in read[0.29].possible] == ["collapse"]


@pytest.mark.parametrize("reason", ["fear", "question", "hypothetical", "past", "look-alike"])
def test_words_the_lexicon_set_aside_are_not_read_again_by_the_model(reason: str) -> None:
    from backcare.language import Ignored

    lexicon = TextReading(ignored=(Ignored("collapse", "fainted", 2, 9, reason),))
    combined = combine(lexicon, _model_reading("collapse", 0.99, span=(0, 20)), THRESHOLDS,
                       frozenset({"collapse"}))
    assert "collapse" not in combined.findings
    assert not combined.possible


def test_a_look_alike_gives_way_where_the_model_is_near_certain_of_a_warning_sign() -> None:
    """"It hurts to breathe in" is pain, not breathing trouble, but it does not unsay "her
    breathing has gone fast and shallow" in the same sentence: past ``overrule`` the model's
    reading of the unit stands, and the look-alike is marked as contradicted."""
    from backcare.language import Ignored

    lexicon = TextReading(ignored=(Ignored("collapse", "fainted", 2, 9, "look-alike"),))
    overruling = THRESHOLDS._replace(overrule={"collapse": 0.98})
    sure = combine(lexicon, _model_reading("collapse", 0.99, span=(0, 20)), overruling,
                   frozenset({"collapse"}))
    assert sure.findings == {"collapse": True}
    assert [i.reason for i in sure.ignored] == ["contradicted"]
    fairly_sure = combine(lexicon, _model_reading("collapse", 0.97, span=(0, 20)), overruling,
                          frozenset({"collapse"}))
    assert "collapse" not in fairly_sure.findings and not fairly_sure.possible
    assert [i.reason for i in fairly_sure.ignored] == ["look-alike"]


@pytest.mark.parametrize("reason", ["fear", "question", "hypothetical", "past"])
def test_a_frame_the_word_list_read_stands_however_sure_the_model(reason: str) -> None:
    """"What if I can't feel when I wipe?": the model may read a question as the sign."""
    from backcare.language import Ignored

    lexicon = TextReading(ignored=(Ignored("collapse", "fainted", 2, 9, reason),))
    overruling = THRESHOLDS._replace(overrule={"collapse": 0.8})
    combined = combine(lexicon, _model_reading("collapse", 0.99, span=(0, 20)), overruling,
                       frozenset({"collapse"}))
    assert "collapse" not in combined.findings
    assert [i.reason for i in combined.ignored] == [reason]


def test_a_denial_the_word_list_read_stands_however_sure_the_model() -> None:
    """"Numbness around your bottom? No.": the model may read the question as the sign; the
    word list reads the answer."""
    lexicon = TextReading(findings={"collapse": False},
                          evidence=(Evidence("collapse", False, "fainted? no", 2, 13),))
    overruling = THRESHOLDS._replace(overrule={"collapse": 0.8})
    combined = combine(lexicon, _model_reading("collapse", 0.99, span=(0, 20)), overruling,
                       frozenset({"collapse"}))
    assert combined.findings == {"collapse": False}


def test_whose_words_they_are_is_the_model_s_call_when_it_is_confident() -> None:
    """The word list guesses 'someone else's' from the people a message names; a relative
    telling the patient's signs is what that guess gets wrong ("wife says he is talking
    nonsense"), and what the corpus taught the model."""
    from backcare.language import Ignored

    lexicon = TextReading(ignored=(Ignored("confusion", "talking nonsense", 2, 18,
                                           "someone_else"),))
    confident = combine(lexicon, _model_reading("confusion", 0.95, span=(0, 20)), THRESHOLDS,
                        frozenset({"confusion"}))
    assert confident.findings == {"confusion": True}
    unsure = combine(lexicon, _model_reading("confusion", 0.1, span=(0, 20)), THRESHOLDS,
                     frozenset({"confusion"}))
    assert "confusion" not in unsure.findings


SCOPE_CUTS = THRESHOLDS._replace(scope_out_named=0.05, scope_out_unnamed=0.3, scope_in=0.95)


@pytest.mark.parametrize(("lexicon_in", "back_named", "probability", "text", "in_scope"), [
    (True, True, 0.04, "back in 2019", False),  # back words, and the head is sure
    (True, True, 0.2, "my back went", True),
    (True, False, 0.2, "grandad does not know where he is", False),  # the head doubts it
    (True, False, 0.5, "grandad does not know where he is", True),
    (True, False, 0.01, "please help me", True),  # too few words to judge: in doubt, in
    (False, False, 0.97, "my lumbar's gone", True),
    (False, False, 0.9, "my lumbar's gone", False),
])
def test_the_scope_head_corrects_the_word_list_only_past_its_cut_offs(
        lexicon_in: bool, back_named: bool, probability: float, text: str, in_scope: bool
) -> None:
    lexicon = TextReading(in_scope=lexicon_in, back_named=back_named)
    model = ModelReading({}, {}, probability, tuple(split_units(text)))
    combined = combine(lexicon, model, SCOPE_CUTS, frozenset({"collapse"}))
    assert combined.in_scope is in_scope


def _unit_probabilities(finding: str, present: float, doubt: float,
                        span: tuple[int, int] = (30, 60)) -> ModelReading:
    """A model reading with one unit at ``span`` whose reading of ``finding`` is given."""
    import numpy as np

    unit = Unit("y" * (span[1] - span[0]), *span)
    cell = np.array([[[present, doubt, 0.0, max(0.0, 1 - present - doubt)]]], np.float32)
    best = UnitReading(finding, unit, present, doubt)
    return ModelReading({finding: best}, {finding: best}, 0.9, (unit,), cell, {finding: 0})


DOUBTING = THRESHOLDS._replace(doubt=dict.fromkeys(YES_NO_IDS, 0.95))


def test_the_word_list_is_withdrawn_only_where_the_model_is_near_certain_it_is_not_so() -> None:
    lexicon = TextReading(findings={"fever": True},
                          evidence=(Evidence("fever", True, "fever", 40, 45),))
    doubted = combine(lexicon, _unit_probabilities("fever", 0.01, 0.98), DOUBTING,
                      frozenset({"fever"}))
    assert "fever" not in doubted.findings
    assert doubted.possible[0].finding == "fever"  # asked first, not dropped
    assert [(i.finding, i.reason) for i in doubted.ignored] == [("fever", "doubted")]
    kept = combine(lexicon, _unit_probabilities("fever", 0.01, 0.9), DOUBTING,
                   frozenset({"fever"}))
    assert kept.findings == {"fever": True}
    never = combine(lexicon, _unit_probabilities("fever", 0.0, 1.0), THRESHOLDS,
                    frozenset({"fever"}))
    assert never.findings == {"fever": True}


def test_one_believed_piece_of_evidence_keeps_the_finding() -> None:
    lexicon = TextReading(findings={"fever": True},
                          evidence=(Evidence("fever", True, "nae fever", 40, 49),
                                    Evidence("fever", True, "38.9", 90, 94)))
    combined = combine(lexicon, _unit_probabilities("fever", 0.0, 1.0), DOUBTING,
                       frozenset({"fever"}))
    assert combined.findings == {"fever": True}  # the model never read the second words


@given(finding=YES_NO, present=st.floats(0, 1), doubt=st.floats(0, 1))
@settings(max_examples=200, deadline=None)
def test_a_withdrawn_finding_is_always_listed_as_possible(finding: str, present: float,
                                                          doubt: float) -> None:
    lexicon = TextReading(findings={finding: True},
                          evidence=(Evidence(finding, True, "words", 40, 45),))
    combined = combine(lexicon, _unit_probabilities(finding, present, doubt), DOUBTING,
                       frozenset({finding}))
    if finding not in combined.findings:
        assert [p.finding for p in combined.possible][:1] == [finding]


def test_a_confident_denial_sets_false_only_where_nothing_else_spoke() -> None:
    combined = combine(TextReading(), _model_reading("fever", 0.01, denied=0.95), THRESHOLDS,
                       frozenset({"fever"}))
    assert combined.findings == {"fever": False}


def _told_in(text: str, finding: str, present: float) -> ModelReading:
    """A reading in which the model finds ``finding`` told in the whole of ``text``."""
    unit = Unit(text, 0, len(text))
    best = UnitReading(finding, unit, present, 0.0)
    return ModelReading({finding: best}, {finding: best}, 0.9, (unit,))


def test_the_model_gives_a_number_only_from_its_unit_and_past_its_threshold() -> None:
    text = "dad 82 on apixaban, back 3 weeks"
    spans = NumbersTold((NumberMention("age", 82, 0, 6),
                         NumberMention("onset_days", 21, 24, 31)))
    thresholds = THRESHOLDS._replace(number=0.6)
    sure = combine(TextReading(), _told_in(text, "age", 0.9), thresholds, frozenset(), spans)
    assert sure.findings == {"age": 82}
    assert [(e.text, e.source) for e in sure.evidence] == [("dad 82", "model")]
    unsure = combine(TextReading(), _told_in(text, "age", 0.5), thresholds, frozenset(), spans)
    assert unsure.findings == {}
    # The word list's reading stands: the model only fills in a number it did not read.
    lexicon = TextReading(findings={"onset_days": 2},
                          evidence=(Evidence("onset_days", 2, "2 days", 40, 46),))
    kept = combine(lexicon, _told_in(text, "onset_days", 0.99), thresholds, frozenset(), spans)
    assert kept.findings == {"onset_days": 2}
    elsewhere = combine(TextReading(), _model_reading("onset_days", 0.99, span=(0, 10)),
                        thresholds, frozenset(), spans)
    assert elsewhere.findings == {}


def test_of_several_numbers_in_the_unit_the_model_takes_the_one_that_tells_it() -> None:
    """The first age, the longest span of time, the last score (people tell a score's course
    in order, ending with now)."""
    text = "mum 78, dad 80, sore 3 days, 2 weeks on and off, was a 6 now a 4"

    def told(finding: str, value: int, words: str) -> NumberMention:
        return NumberMention(finding, value, text.index(words), text.index(words) + len(words))

    spans = NumbersTold((told("age", 78, "mum 78"), told("age", 80, "dad 80"),
                         told("onset_days", 3, "3 days"), told("onset_days", 14, "2 weeks"),
                         told("pain_score", 6, "a 6"), told("pain_score", 4, "a 4")))
    thresholds = THRESHOLDS._replace(number=0.6)
    for finding, value in (("age", 78), ("onset_days", 14), ("pain_score", 4)):
        read = combine(TextReading(), _told_in(text, finding, 0.9), thresholds, frozenset(),
                       spans)
        assert read.findings == {finding: value}


def test_the_shipped_model_reads_findings_the_knowledge_base_has(kb: KnowledgeBase) -> None:
    model = shared_model()
    yes_no = [fid for fid in model.findings if fid not in NUMBERS]
    assert yes_no and set(model.findings) - set(yes_no) == set(NUMBERS)
    assert all(kb.findings[fid].kind == "bool" for fid in yes_no)
    assert all(kb.findings[fid].kind in ("int", "number") for fid in NUMBERS)
    thresholds = model.thresholds
    assert set(thresholds.present) == set(yes_no)
    assert 0 < thresholds.number <= NEVER
    assert all(0 < value < 1 for value in thresholds.present.values())
    assert 0 < thresholds.possible_share < 1
    # The model may withdraw a word-list finding only where it brings no more than routine:
    # withdrawing "worse" from "no better, if anything it's worse" lowered a level.
    # Nor a sign that makes an emergency with another (a stiff neck with a fever).
    for finding in thresholds.doubt:
        assert RANK[level_for({finding: True}, kb)] <= RANK["routine"], finding
        assert finding not in warning_rule_findings(kb), finding


# The commonest ways of saying one has strained one's back. A reader that lists a warning sign
# for them, even only as possible ("my back went" as fainting, "put my back out" as thoughts
# of ending one's life), alarms nearly everyone who writes, and teaches them to skip the list.
# Heads once put "put my back out" at 0.36–0.49 for suicidal thoughts: a corpus file had marked
# the idiom as a look-alike of suicide, which taught the head it was about suicide. Without
# those labels, with 240 messages of a few words and 180 more on veiled suicidal thoughts
# beside their idioms, no everyday strain is listed any more.
EVERYDAY_STRAINS = ["my back went", "my back's gone again", "did my back in",
                    "threw my back out", "my back is killing me", "pulled my back",
                    "my back gave out", "put my back out"]


@pytest.mark.parametrize("text", EVERYDAY_STRAINS)
def test_the_everyday_words_for_a_strained_back_raise_no_warning_sign(
    kb: KnowledgeBase, text: str
) -> None:
    reading = read_text(text, kb)
    warning = warning_rule_findings(kb)
    assert not [fid for fid, value in reading.findings.items() if value is True
                and fid in warning]
    assert not [sign.finding for sign in reading.possible if sign.finding in warning]


def test_a_possible_sign_is_reported_with_the_level_it_would_bring() -> None:
    result = backcare.assess(text="my back hurts")
    for sign in result.possible:
        assert RANK[sign.if_present] > RANK[result.level]
    assert "possible" in result.to_json()


def test_evidence_says_which_part_of_the_reader_found_it(kb: KnowledgeBase) -> None:
    reading = read_text("no fever, my lower back went lifting a box", kb)
    assert reading.evidence
    assert {e.source for e in reading.evidence} <= {"lexicon", "model"}
    assert all((e.probability is None) == (e.source == "lexicon") for e in reading.evidence)


def test_explain_shows_what_found_each_finding() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backcare", "assess", "--explain", "--text",
         "My lower back went lifting a box, no fever"],
        capture_output=True, text=True, check=False)
    assert "found by" in done.stdout
    assert "word list" in done.stdout


def test_a_message_about_a_relative_says_whose_findings_they_are() -> None:
    text = "My husband is 67, his lower back went yesterday lifting a sofa"
    result = backcare.assess(text=text)
    assert result.about == "husband" and result.findings["age"] == 67
    assert result.to_json()["about"] == "husband"
    assert backcare.assess(text="My lower back went yesterday lifting a sofa").about is None
    done = subprocess.run(
        [sys.executable, "-m", "backcare", "assess", "--explain", "--text", text],
        capture_output=True, text=True, check=False)
    assert "Read as a message about your husband" in " ".join(done.stdout.split())


def test_the_corpus_is_well_formed_and_its_splits_are_apart() -> None:
    corpus = training_module("corpus")
    messages = corpus.load()
    splits = {m.split for m in messages}
    assert splits == {"train", "dev", "test"}
    test_ids = {m.id for m in messages if m.split == "test"}
    assert all(m.source.startswith("test/") for m in messages if m.id in test_ids)
    texts = {}
    for message in messages:
        texts.setdefault(message.text.strip().casefold(), set()).add(message.split)
    leaked = [text for text, where in texts.items() if "test" in where and len(where) > 1]
    assert leaked == []
    shares: dict[str, set[str]] = {}
    for message in messages:
        shares.setdefault(message.source, set()).add(message.split)
    assert all(len(share) == 1 for share in shares.values())  # dev is whole writers' files


def test_a_finding_may_be_the_patients_and_someone_elses_in_other_words(tmp_path: Path) -> None:
    """A writer who denies a finding and tells a cousin's labels both; the model learns the
    denial on the one unit and the set-aside on the other. The same words cannot do both."""
    corpus, train_reader = training_module("corpus"), training_module("train_reader")
    text = "No dark thoughts myself. My cousin took his own life last year, back aches since."
    raw = {"id": "t-1", "voice": "test", "text": text,
           "findings": {"suicidal_thoughts": False},
           "evidence": {"suicidal_thoughts": "No dark thoughts myself"},
           "not_this_person": {"suicidal_thoughts": "My cousin took his own life"},
           "in_scope": True}
    same = {**raw, "not_this_person": {"suicidal_thoughts": "dark thoughts"}}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(raw) + "\n" + json.dumps(same) + "\n", encoding="utf-8")
    (_, message), (_, refused) = corpus.read_file(path, corpus.finding_ids())
    assert isinstance(message, corpus.Message)
    assert [p for p in refused if "not_this_person" in p]
    labels = train_reader.unit_labels(message, split_units(text), ["suicidal_thoughts"])[:, 0]
    assert list(labels[:2]) == [train_reader.DENIED, train_reader.SET_ASIDE]


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").rglob("*.jsonl")),
                         ids=lambda p: p.name)
def test_every_corpus_line_is_json(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line), dict)


@pytest.mark.parametrize(("gold", "read", "verdict"), [
    (None, None, None), (None, 0, "extra"), (42, None, "missed"), (42, 42, "right"),
    (30, 31, "right"), (365, 395, "right"), (21, 730, "wrong"), (60, 6, "wrong"),
])
def test_a_number_is_reported_right_missed_wrong_or_extra(
        gold: int | None, read: int | None, verdict: str | None) -> None:
    """How evaluate.py reports numbers: within one (or a tenth of it) is right."""
    evaluate = training_module("evaluate")
    assert evaluate.number_verdict(gold, read) == verdict


@pytest.mark.parametrize(("labels", "not_this_person", "wrong"), [
    ({}, {}, 0),                                   # the message says nothing of it
    ({}, {"pain_lower_back": "my dad's back"}, 1),  # it is someone else's
    ({"pain_lower_back": False}, {}, 1),           # the message denies it
    ({"pain_lower_back": True}, {}, 0),            # read right
])
def test_tuning_prices_a_finding_read_wrongly_not_one_the_label_leaves_out(
        kb: KnowledgeBase, labels: dict[str, bool], not_this_person: dict[str, str],
        wrong: int) -> None:
    """What threshold tuning counts as a wrong finding (evaluate.Score.cost_counts)."""
    corpus, evaluate = training_module("corpus"), training_module("evaluate")
    message = corpus.Message(id="t-1", text="my back", findings=dict(labels), evidence={},
                             not_this_person=not_this_person, in_scope=True, level=None,
                             about=None, age=None, sex=None)
    reading = TextReading({"pain_lower_back": True}, in_scope=True)
    assert evaluate.score([message], [reading], kb).cost_counts()[3] == wrong


def test_evaluate_says_who_raised_a_level_and_why_a_sign_was_missed(kb: KnowledgeBase) -> None:
    """evaluate.causes: a message read too high is put down to the finding that alone raised
    it and to who set it; one read too low to its missing finding and how it was read."""
    corpus, evaluate = training_module("corpus"), training_module("evaluate")

    def message(findings: dict[str, bool]) -> Any:
        return corpus.Message(id="t-1", text="my back", findings=findings, evidence={},
                              not_this_person={}, in_scope=True, level=None, about=None,
                              age=None, sex=None)

    too_high = TextReading({"pain_lower_back": True, "fever": True}, in_scope=True,
                           evidence=(Evidence("fever", True, "hot", 0, 3, (), MODEL, 0.9),))
    too_low = TextReading({"pain_lower_back": True, "fever": False}, in_scope=True)
    over, under = evaluate.causes(
        [message({"pain_lower_back": True}), message({"pain_lower_back": True, "fever": True})],
        [too_high, too_low], kb)
    assert over == {("fever", MODEL): 1}
    assert under == {("fever", "denied"): 1}


def test_the_shipped_encoder_reads_alike_with_and_without_vnni() -> None:
    """Every integer weight of the encoder fits in 7 bits (training/seven_bit_encoder.py):
    a processor without AVX-512 VNNI adds pairs of products in 16 bits, which then cannot
    saturate, so it computes the same embeddings as one with it."""
    import onnx

    seven_bit_encoder = training_module("seven_bit_encoder")
    model = onnx.load(seven_bit_encoder.MODEL / "encoder.onnx")
    assert sum(node.op_type == "MatMulInteger" for node in model.graph.node) == 36
    assert seven_bit_encoder.seven_bit(model) == 0  # no weight left to halve
