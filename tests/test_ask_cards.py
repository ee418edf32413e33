"""The answer cards: they cover the ground the issue asks for, cite sources, and break loudly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge_support import copy_knowledge, edit_once


def test_every_cause_has_a_card(kb: KnowledgeBase) -> None:
    covered = {cause for card in kb.cards.values() for cause in card.causes}
    assert set(kb.causes) <= covered


def test_every_plan_item_has_a_card(kb: KnowledgeBase) -> None:
    covered = {item for card in kb.cards.values() for item in card.plan_items}
    assert {item.id for item in kb.plan_items} <= covered


def test_every_card_cites_known_sources_and_has_lay_keywords(kb: KnowledgeBase) -> None:
    for card in kb.cards.values():
        assert card.sources and set(card.sources) <= set(kb.sources), card.id
        assert card.keywords, f"{card.id} has no lay keywords to be found by"


def test_cards_are_short_answers_in_plain_words(kb: KnowledgeBase) -> None:
    for card in kb.cards.values():
        sentences = re.findall(r"[.!?](?:\s|$)", card.text)
        assert 1 <= len(sentences) <= 5, f"{card.id}: {len(sentences)} sentences"


@pytest.mark.parametrize(
    ("card_id", "facts"),
    [
        ("ice_how_to", [r"15–20 minutes", r"cloth|towel", r"2–3 days"]),
        ("ice_or_heat", [r"48–72 hours", r"moderate-quality"]),
        ("heat_how_to", [r"15–20 minutes", r"fall asleep"]),
        ("how_long_it_lasts", [r"four weeks"]),
        ("paracetamol", [r"no better than a dummy pill", r"NICE"]),
        ("bed_rest_or_activity", [r"stay active|staying active", r"Cochrane"]),
        ("muscle_relaxants", [r"doctor's decision", r"65"]),
        ("steroid_tablets", [r"no better than\s+placebo"]),
        ("pregnancy_medicines", [r"20 weeks"]),
        ("tens", [r"NICE advises against TENS"]),
        ("prevention", [r"exercise", r"Steffens"]),
        ("foods_minerals", [r"potassium", r"calcium", r"magnesium"]),
    ],
)
def test_cards_carry_the_numbers_people_ask_for(
    kb: KnowledgeBase, card_id: str, facts: list[str]
) -> None:
    for fact in facts:
        assert re.search(fact, kb.cards[card_id].text), f"{card_id}: {fact}"


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        ("ice_how_to", r"15–20 minutes.*every 2–3 hours"),
        ("how_common", r"619 million"),
        ("discs_and_height", r"1% of your height.*2 cm.*shorter in the evening"),
        ("braces_supports", r"not recommended, at work"),
        ("sport_and_spasms", r"^Yes.*golf and tennis"),
        ("standing_desk", r"breaking up long sitting"),
        ("hydration", r"^Water is a good choice"),
        ("cause_dehydration_minerals", r"^Yes.*sweating"),
        ("how_a_spasm_feels", r"feels like a sudden cramp"),
        ("conditions_behind_spasms", r"disc.*stenosis.*multiple sclerosis"),
        ("foods_minerals", r"^Bananas.*potassium.*calcium.*magnesium"),
        ("risk_factors", r"core.*weight.*lifting.*sitting.*stress.*drinking"),
        ("how_long_it_lasts", r"four weeks"),
    ],
)
def test_the_first_sentence_answers_the_question(
    kb: KnowledgeBase, card_id: str, answer: str
) -> None:
    """People read the first sentence; the numbers and the yes or no belong there."""
    first = re.split(r"(?<=[.!?])\s", " ".join(kb.cards[card_id].text.split()))[0]
    assert re.search(answer, first), f"{card_id}: {first}"


def test_the_figures_cite_the_studies_that_measured_them(kb: KnowledgeBase) -> None:
    assert {"gbd-lbp-2023", "shmagel-2016"} <= set(kb.cards["how_common"].sources)
    assert "13%" in kb.cards["how_common"].text
    assert kb.cards["discs_and_height"].sources == ("tyrrell-1985",)


def test_where_guidelines_disagree_with_the_seeds_the_card_says_so(kb: KnowledgeBase) -> None:
    assert "machado-2015-paracetamol" in kb.cards["paracetamol"].sources
    assert "cochrane-bed-rest-2010" in kb.cards["bed_rest_or_activity"].sources
    assert {"acp-2017", "nice-ng59"} <= set(kb.cards["acupuncture"].sources)


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("sources: [fda-nsaid-pregnancy-2020, nhs-nsaids, nhs-paracetamol]",
         "sources: [fda-2020, nhs-nsaids, nhs-paracetamol]", r"unknown source 'fda-2020'"),
        ("findings: [pregnant]\n    keywords: [pregnant, pregnancy, ibuprofen",
         "findings: [pregnnant]\n    keywords: [pregnant, pregnancy, ibuprofen",
         r"unknown finding 'pregnnant'"),
        ("plan_items: [nsaid, paracetamol]\n    findings: [pregnant]",
         "plan_items: [nsaids, paracetamol]\n    findings: [pregnant]",
         r"unknown plan item 'nsaids'"),
        ("    sources: [fda-nsaid-pregnancy-2020", "    source: [fda-nsaid-pregnancy-2020",
         r"source"),
    ],
)
def test_a_broken_card_is_an_error_naming_file_and_entry(
    knowledge_copy: Path, old: str, new: str, error: str
) -> None:
    edit_once(knowledge_copy / "cards" / "11_special_groups.yaml", old, new)
    with pytest.raises(KnowledgeError, match=r"11_special_groups\.yaml.*'pregnancy_medicines'.*"
                       + error):
        load_knowledge(knowledge_copy)


def test_a_card_defined_twice_is_an_error(knowledge_copy: Path) -> None:
    edit_once(knowledge_copy / "cards" / "11_special_groups.yaml", "- id: children", "- id: tens")
    with pytest.raises(KnowledgeError, match=r"11_special_groups\.yaml.*'tens'.*defined twice"):
        load_knowledge(knowledge_copy)


def test_a_source_only_a_card_cites_counts_as_cited(knowledge_copy: Path) -> None:
    edit_once(knowledge_copy / "cards" / "08_everyday.yaml",
          "sources: [nhs-water-drinks, seed-002, seed-004]", "sources: [seed-002, seed-004]")
    with pytest.raises(KnowledgeError, match="sources nobody cites: nhs-water-drinks"):
        load_knowledge(knowledge_copy)
