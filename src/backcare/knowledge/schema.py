"""The typed shape of every knowledge-base entry.

These classes are the contract between the YAML a clinician edits and the engine that applies
it. They only check shape; cross-references (a rule naming a finding that does not exist, a
source nobody cites) are checked by the loader once every file is read.

They are plain frozen dataclasses, which pydantic validates when a file is read
(``loader.validate_knowledge``): the limits on a field are written in its ``metadata`` under
the names of pydantic's ``Field`` arguments, where pydantic reads them. Being plain, the
knowledge base built from them is kept between runs and loaded without importing pydantic
(``knowledge/kept.py`` says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

LevelId = Literal["self_care", "routine", "soon", "urgent", "emergency"]
SourceKind = Literal[
    "seed", "guideline", "systematic_review", "trial", "cohort", "regulator",
    "consensus", "campaign", "patient_information", "textbook", "survey", "study",
]
LEVEL_ORDER: tuple[LevelId, ...] = ("self_care", "routine", "soon", "urgent", "emergency")
PhaseId = Literal["acute", "settling", "recovery", "prevention"]

# Field limits, as pydantic reads them from a dataclass field's metadata.
NAME = {"pattern": r"^[a-z][a-z0-9_]*$"}  # an entry's ID: lower case, digits, underscores
AT_LEAST_ONE = {"min_length": 1}  # a list (an entry's sources) or a text that must not be empty


@dataclass(frozen=True, kw_only=True)
class Entry:
    """Every entry rejects keys it does not know: a typo must not silently drop a fact."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True, kw_only=True)
class Source(Entry):
    id: str = field(metadata={"pattern": r"^[a-z0-9][a-z0-9-]*$"})
    title: str
    authors: str | None = None
    publisher: str
    year: int | None = field(default=None, metadata={"ge": 1950, "le": 2100})
    kind: SourceKind
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Lexicon(Entry):
    """Lay words for a finding. ``present`` phrases assert it, ``absent`` phrases deny it.

    Phrases are lower-case regular expressions matched on word boundaries, with the shorthands
    of ``backcare/knowledge/language.yaml``: a space matches any run of spaces (a hyphen
    between letters reads as one), ``'`` an apostrophe or none, ``~`` a gap of a few words
    within a clause, and ``{name}`` one of its macros.
    """

    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    # Wider words whose denial also denies this finding but whose assertion says nothing
    # about it: "no numbness" denies a numb leg; "I have numbness" does not say where.
    also_denied_by: tuple[str, ...] = ()
    # Longer phrases that contain a present phrase without meaning it ("torn a muscle" is not
    # a tearing pain); a mention overlapping one of these is dropped.
    exclude: tuple[str, ...] = ()
    # Findings whose longer mention, covering this one's words, is what the person meant
    # ("my bum is numb" is saddle numbness, not a numb leg).
    yields_to: tuple[str, ...] = ()
    # Told in the past tense it is still true now ("had this twice before" is a recurrence).
    past_counts: bool = False


@dataclass(frozen=True, kw_only=True)
class Finding(Entry):
    id: str = field(metadata=NAME)
    label: str
    kind: Literal["bool", "int", "number"] = "bool"
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    question: str
    lay: str | None = None
    # A diagnosis that still stands even when told in the past tense ("had cancer 8 years ago").
    standing: bool = False
    # False for history and risk factors: they do not "appear", so the watch-list skips them.
    watch: bool = True
    lexicon: Lexicon = Lexicon()


@dataclass(frozen=True, kw_only=True)
class FindingFile(Entry):
    section: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, kw_only=True)
class Level(Entry):
    id: LevelId
    label: str
    colour: str
    action: str
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class Region(Entry):
    code: str
    name: str
    emergency_number: str
    # Who to call to talk to someone in a mental health crisis, in words ready for a sentence;
    # without one the region's emergency number is given.
    crisis_line: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NamedCause(Entry):
    """A cause a rule names, when ``when`` holds; ``names: [stroke]`` is shorthand for
    ``names: [{cause: stroke}]``."""

    cause: str
    when: Any = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """pydantic's schema for this class, reading a plain name as ``{cause: name}`` first
        (pydantic calls this hook while validating a file; nothing else does)."""
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(
            lambda value: {"cause": value} if isinstance(value, str) else value,
            handler(source))


@dataclass(frozen=True, kw_only=True)
class Rule(Entry):
    id: str = field(metadata={"pattern": r"^[A-Z][0-9]+$"})
    level: LevelId
    when: Any
    names: tuple[NamedCause, ...] = ()
    explanation: str
    # What to do beyond the level's own action, added to the headline when the rule fires
    # ("call your maternity unit now"); ``{emergency}`` and ``{crisis_line}`` are filled in
    # for the person's region.
    advice: str | None = None
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class TriageFile(Entry):
    levels: tuple[Level, ...]
    out_of_scope: str
    out_of_scope_sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    no_rule_fired: str
    no_rule_fired_sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: tuple[Rule, ...]


@dataclass(frozen=True, kw_only=True)
class RegionFile(Entry):
    default_advice: str
    default_crisis_line: str
    regions: tuple[Region, ...]


@dataclass(frozen=True, kw_only=True)
class Support(Entry):
    when: Any
    weight: float = field(metadata={"gt": 0, "le": 1})


@dataclass(frozen=True, kw_only=True)
class Cause(Entry):
    id: str = field(metadata=NAME)
    label: str
    serious: bool = False
    prior: float = field(default=0.0, metadata={"ge": 0, "lt": 1})
    support: tuple[Support, ...] = field(metadata=AT_LEAST_ONE)
    explanation: str
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class CauseFile(Entry):
    causes: tuple[Cause, ...]


@dataclass(frozen=True, kw_only=True)
class Phase(Entry):
    id: PhaseId
    label: str
    first_day: int | None = field(default=None, metadata={"ge": 0})
    last_day: int | None = field(default=None, metadata={"ge": 0})
    summary: str


@dataclass(frozen=True, kw_only=True)
class Screen(Entry):
    """A reason to leave an item out (``withhold``) or keep it with a warning (``caution``)."""

    when: Any
    why: str
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    # Said at every level, even when no self-care plan is given: a medicine that has already
    # done harm ("take no more paracetamol") must be named in an emergency too.
    any_level: bool = False


@dataclass(frozen=True, kw_only=True)
class PlanItem(Entry):
    id: str = field(metadata=NAME)
    kind: str = field(metadata=NAME)
    title: str
    text: str
    phases: tuple[PhaseId, ...] = field(metadata=AT_LEAST_ONE)
    when: Any = None
    # The most urgent level at which this self-care still makes sense while care is arranged.
    up_to_level: LevelId = "urgent"
    withhold: tuple[Screen, ...] = ()
    caution: tuple[Screen, ...] = ()
    evidence: str | None = None
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class PlanFile(Entry):
    phases: tuple[Phase, ...]
    items: tuple[PlanItem, ...]


@dataclass(frozen=True, kw_only=True)
class Card(Entry):
    """One answer to a question people ask, in plain words, with where it comes from.

    ``keywords`` are the lay words and synonyms people use for the topic ("hot water bottle",
    "frozen peas"); retrieval indexes them with the title and text, so a card is found by the
    words a person would type, not only by the words its text happens to use. ``questions``
    are questions the card answers, put as people put them ("why am I taller when I wake up"):
    the sentence encoder compares a question with other questions more surely than with prose.
    """

    id: str = field(metadata=NAME)
    title: str
    text: str
    sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    findings: tuple[str, ...] = ()
    plan_items: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CardFile(Entry):
    topic: str
    cards: tuple[Card, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class AskFile(Entry):
    """What to say when no card answers a question reliably, and where to ask instead."""

    no_answer: str
    no_answer_sources: tuple[str, ...] = field(metadata=AT_LEAST_ONE)
    # Questions no card answers, put as people put them (see ``backcare.ask.fusion``).
    not_answered: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Asked(Entry):
    """A question as someone put it, with the cards that answer it (none: no card does)."""

    question: str
    cards: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AskedFile(Entry):
    """Questions written apart from the cards, in many voices, each with the cards that answer
    it: ``ask`` compares a question with them as with the cards' own questions
    (``backcare.ask.dense``)."""

    questions: tuple[Asked, ...] = field(metadata=AT_LEAST_ONE)


@dataclass(frozen=True, kw_only=True)
class SourceFile(Entry):
    version: str
    sources: tuple[Source, ...]
