"""The typed shape of ``knowledge/language.yaml``: the words that frame a symptom.

The lexicon in ``findings/*.yaml`` says which words name a finding; this file says which words
change what a mention means — a denial, a hedge, a fear, someone else's story, a past that is
over. Keeping them as data lets a clinician or a translator read and extend them without
touching the algorithm in ``context.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from backcare.knowledge.kept import kept
from backcare.knowledge.loader import KNOWLEDGE_DIR, read_knowledge_file, validate_knowledge
from backcare.knowledge.schema import AT_LEAST_ONE, Entry

TriggerKind = Literal[
    "negation", "hedge", "speculation", "fear", "question", "hypothetical", "someone_else",
    "past", "resolved", "ongoing", "pseudo",
]


@dataclass(frozen=True, kw_only=True)
class Gap(Entry):
    """What ``~`` in a phrase may skip: a few words, never a list or contrast word."""

    max_words: int = field(metadata={"ge": 1, "le": 8})
    not_across: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Boundaries(Entry):
    """Where a trigger's reach stops (the ConText algorithm's "terminators")."""

    abbreviations: tuple[str, ...]
    hard: tuple[str, ...]
    soft: tuple[str, ...]
    # A plain regular expression: commas, colons, brackets and dashes between words.
    soft_punctuation: str
    # Subjects and verbs: after a comma or "and" they start a clause of its own.
    clause_starts: tuple[str, ...]
    # Words that close a list ("no numbness, tingling *or* weakness"): a comma carries a
    # denial on to the next item only when one of these follows in the same clause.
    list_words: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class TriggerSet(Entry):
    """Trigger phrases sharing one direction and reach.

    ``scope``: ``chunk`` stops at the next comma or conjunction; ``clause`` runs on across a
    comma or "and" while what follows has no verb or subject of its own (a list: "no numbness,
    tingling or weakness"); ``sentence`` runs to the end of the sentence.
    """

    direction: Literal["forward", "backward", "both"]
    scope: Literal["chunk", "clause", "sentence"]
    max_words: int | None = field(default=None, metadata={"ge": 1})
    ends_at: tuple[str, ...] = ()
    # Applies to a mention that contains the trigger ("his legs are numb"); other triggers
    # inside a mention are part of its meaning ("can't pee").
    reaches_inside: bool = False
    phrases: tuple[str, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class RelativePatient(Entry):
    """How to tell that a message is written about a relative rather than by the patient."""

    introductions: tuple[str, ...]
    their_body: tuple[str, ...]
    writer_body: tuple[str, ...]
    patient_words: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Scope(Entry):
    """Words that put a message inside the tool's scope, and words of other complaints."""

    back: tuple[str, ...]
    elsewhere: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AgePattern(Entry):
    pattern: str
    who: Literal["writer", "relative", "anyone"]


@dataclass(frozen=True, kw_only=True)
class Numbers(Entry):
    words: dict[str, float]
    units: dict[str, float]
    # Units too short to be an episode's length unless counted back ("an hour ago").
    short_units: tuple[str, ...]
    day_words: dict[str, int]
    pain_score: tuple[str, ...]
    # Two scores compared ("8 today, was a 5 yesterday"): each with (?P<now>) and (?P<before>).
    pain_change: tuple[str, ...] = ()
    onset: tuple[str, ...]
    # Words before a span's number that make it "more than" that ("over 4 weeks"): a day is
    # added, so "over 4 weeks" is more than 28 days.
    more_than: tuple[str, ...] = ()
    not_onset: tuple[str, ...]
    # Words that make a span of time in their clause date something else (a medicine, a
    # condition, a job, a habit) unless the clause also names the back: "on steroids for 10
    # years" does not date the back pain. A finding that stands (``standing``) does the same.
    dates_other: tuple[str, ...] = ()
    # Words that mark the episode being asked about ("this time", "this flare"): a span in
    # their clause is the onset, before any longer history.
    this_episode: tuple[str, ...] = ()
    age: tuple[AgePattern, ...]
    age_range: tuple[int, int]
    # Every span of time (with (?P<n>) and (?P<unit>)), every age and every pain score (with
    # (?P<n>), a score's range with (?P<hi>)) a message may give, whatever the words around
    # them: where the patterns above find none, the trained reader, which learnt from the
    # corpus which unit tells this episode's length, the patient's age and the pain score,
    # chooses among these.
    any_onset: tuple[str, ...] = ()
    any_age: tuple[str, ...] = ()
    any_pain_score: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LanguageRules(Entry):
    version: str
    macros: dict[str, str]
    gap: Gap
    boundaries: Boundaries
    triggers: dict[TriggerKind, tuple[TriggerSet, ...]]
    relative_patient: RelativePatient
    scope: Scope
    numbers: Numbers


LANGUAGE_FILE = KNOWLEDGE_DIR / "language.yaml"

def load_language_rules(path: Path | None = None) -> LanguageRules:
    """The language rules in ``path`` (the packaged file by default), validated."""
    if path is None:
        return _packaged_rules()
    return _load(path)


@functools.cache
def _packaged_rules() -> LanguageRules:
    """The packaged rules, validated once and then kept in the user's cache (``kept.py``)."""
    return kept("language-rules", LanguageRules, KNOWLEDGE_DIR, lambda: _load(LANGUAGE_FILE))


def _load(path: Path) -> LanguageRules:
    return validate_knowledge(LanguageRules, read_knowledge_file(path), path)
