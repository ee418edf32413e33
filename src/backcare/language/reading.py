"""What the language layer hands to the engine: findings with the words behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

from backcare.conditions import FindingValue
from backcare.text_check import MAX_TEXT_CHARS

__all__ = ["CONTRADICTED", "LEXICON", "LOOK_ALIKE", "MAX_TEXT_CHARS", "MODEL", "Evidence",
           "Ignored", "Possible", "TextReading", "found_by"]

# Which part of the reader found a finding: the word list or the trained model.
LEXICON = "lexicon"
MODEL = "model"
# Why the word list set words aside when they are a phrase it lists as not the finding
# ("hurts to breathe" is not breathing trouble), judged without the words around it.
LOOK_ALIKE = "look-alike"
# Why words the word list read were set aside after all: read otherwise elsewhere, or by the
# trained model with more certainty.
CONTRADICTED = "contradicted"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The span of the person's text behind one finding, and the context applied to it.

    ``source`` says which part of the reader found it: the ``lexicon`` (a listed phrasing) or
    the trained ``model`` (a unit it read, with its ``probability``).
    """

    finding: str
    value: FindingValue
    text: str
    start: int
    end: int
    context: tuple[str, ...] = ()
    source: str = LEXICON
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class Possible:
    """A finding the message may describe but the reader could not establish with confidence."""

    finding: str
    probability: float
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Ignored:
    """Words that matched a finding but set nothing (a fear, someone else, a question...)."""

    finding: str
    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class TextReading:
    """Everything the text says: findings, the words behind them, and what was set aside."""

    findings: dict[str, FindingValue] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    in_scope: bool = True
    # Whether the word list saw a word for a back, a neck or a spine at all (told or not).
    back_named: bool = False
    # The relative the message is about ("husband"), or None when the writer is the patient.
    about: str | None = None
    # Findings the model thinks the message may describe, most likely first.
    possible: tuple[Possible, ...] = ()


def read_as_about(relation: str) -> str:
    """The sentence that tells the writer whose message the reader took it to be: a finding
    read about a husband or a mother is theirs, and the writer should know it was taken so."""
    return f"Read as a message about your {relation}: the findings are theirs, not yours."


def answering_for(relation: str) -> str:
    """The line above each check-up question once the story was read as about someone else:
    the questions say "you", and the answers must be that person's."""
    return f"You told us about your {relation}: answer each question for them."


def found_by(source: str, probability: float | None) -> str:
    """Which part of the reader found a finding, in words a person can follow."""
    if source == MODEL:
        return "the trained reader" + (f", {probability:.0%} sure" if probability else "")
    return "the word list"
