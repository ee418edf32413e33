"""Read a person's message into findings with the lexicon, with the words behind each one.

The steps, each in its own module: find the landmarks of the text (``sentences``), decide
whose back it is (``patient``), find the context triggers and their reach (``context``), find
the lexicon's mentions (``lexicon``), judge each mention in its context (``verdict``), read
the numbers (``numbers``) and the scope (``scope``). Everything is compiled once per
knowledge base and kept, so a batch of thousands of messages pays for it once.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from backcare.conditions import FindingValue
from backcare.knowledge.loader import KnowledgeBase
from backcare.language.context import ContextReader, Frame
from backcare.language.lexicon import LexiconMatcher, Mention
from backcare.language.numbers import (
    NumberMention,
    NumberReader,
    NumbersTold,
    PainChange,
    choose_onset,
)
from backcare.language.patient import PatientReader, Relative
from backcare.language.phrases import PhraseCompiler, normalise
from backcare.language.reading import CONTRADICTED, LOOK_ALIKE, Evidence, Ignored, TextReading
from backcare.language.rules import LanguageRules, load_language_rules
from backcare.language.scope import ScopeReader
from backcare.language.sentences import LayoutReader
from backcare.language.verdict import SETS_NOTHING, Verdict, is_past, judge
from backcare.pattern_cache import PatternStore

RELATIVE_IS_PATIENT = "relative_is_patient"
_AGO = re.compile(r"\bago\b")


_READERS: dict[int, tuple[weakref.ref[KnowledgeBase], TextReader]] = {}


def reader_for(kb: KnowledgeBase) -> TextReader:
    """The compiled reader for ``kb``, built on first use and kept while ``kb`` lives."""
    key = id(kb)
    cached = _READERS.get(key)
    if cached is not None and cached[0]() is kb:
        return cached[1]
    reader = TextReader(kb, load_language_rules())
    _READERS[key] = (weakref.ref(kb, lambda _: _READERS.pop(key, None)), reader)
    return reader


@dataclass
class _Tally:
    """What the mentions of one text say, finding by finding, before they are settled."""

    said: dict[str, list[tuple[Mention, Verdict]]] = field(default_factory=dict)
    ignored: list[Ignored] = field(default_factory=list)
    # Where a standing diagnosis is named: a span of time beside it dates the diagnosis.
    standing: list[tuple[int, int]] = field(default_factory=list)


class TextReader:
    """The language layer compiled for one knowledge base.

    Its regular expressions come from ``patterns``, by default the store kept in the user's
    cache folder (``pattern_cache.py``): the same patterns, without compiling them again.
    """

    def __init__(
        self, kb: KnowledgeBase, rules: LanguageRules, patterns: PatternStore | None = None
    ) -> None:
        store = PatternStore.in_cache("reader") if patterns is None else patterns
        compiler = PhraseCompiler(rules.macros, rules.gap, store.compile)
        self._findings = kb.findings
        self._layouts = LayoutReader(rules.boundaries, compiler)
        self._context = ContextReader(rules.triggers, compiler)
        denial = compiler.require(
            [phrase for rule in rules.triggers.get("negation", ()) for phrase in rule.phrases],
            "language.yaml: triggers.negation",
        )
        self._lexicon = LexiconMatcher(kb.findings, compiler, denial)
        self._numbers = NumberReader(rules.numbers, compiler)
        self._scope = ScopeReader(rules.scope, compiler)
        self._patient = PatientReader(rules.relative_patient, compiler)
        store.save()

    def read(self, text: str) -> TextReading:
        """The findings the word list reads in ``text``, with the words behind each one."""
        return self.read_with_numbers(text)[0]

    def read_with_numbers(self, text: str) -> tuple[TextReading, NumbersTold]:
        """:meth:`read`'s reading, and every span of time, age and score ``text`` gives,
        whatever the words around them (where the reading found none, the trained reader may
        choose one), with where it compares two scores (``fusion``): one pass over the text
        for both."""
        if not any(char.isalnum() for char in text):
            return TextReading(), NumbersTold()
        plain = normalise(text)
        layout = self._layouts.layout(plain)
        relative = self._patient.relative(plain)
        frame = self._context.frame(plain, layout, relative.names_patient if relative else None)
        shared = (RELATIVE_IS_PATIENT,) if relative else ()

        tally = _Tally()
        look_alikes: list[Mention] = []
        for mention in self._lexicon.mentions(plain, look_alikes):
            finding = self._findings[mention.finding]
            if finding.standing and mention.polarity == "present":
                tally.standing.append((mention.start, mention.end))
            triggers = list(frame.governing(mention.start, mention.end))
            verdict = judge(mention, finding, triggers, plain)
            if verdict.reason is not None:
                tally.ignored.append(_ignored(text, mention.finding, mention, verdict.reason))
            elif verdict.value is not None:
                tally.said.setdefault(mention.finding, []).append((mention, verdict))
        findings, evidence = _settle(text, tally, shared)
        # Kept so that the trained reader does not read these words as the finding either.
        tally.ignored += [_ignored(text, m.finding, m, LOOK_ALIKE) for m in look_alikes]

        back = self._scope.back_spans(plain)
        changes = self._numbers.pain_changes(plain)
        for number in self._numbers_told(plain, text, frame, relative, back, tally, changes):
            findings[number.finding] = _plain_number(number.value)
            evidence.append(Evidence(
                number.finding, findings[number.finding], text[number.start:number.end],
                number.start, number.end, shared,
            ))
        for change in changes:
            # Scores compared say the pain is changing, whatever words said otherwise: a
            # missed "getting worse" is the costlier mistake. Told as the patient's own from
            # its first word ("her pain was a 4…" is someone else's) to its last.
            changed = change.finding
            if changed is None:  # the same score twice: nothing changed
                continue
            told = _told(frame, change.start, change.start + 1) and _told(
                frame, change.start, change.end)
            if told and findings.get(changed) is not True:
                if findings.get(changed) is False:  # the scores outweigh a denial
                    denied = [e for e in evidence if e.finding == changed]
                    evidence = [e for e in evidence if e.finding != changed]
                    tally.ignored += [Ignored(e.finding, e.text, e.start, e.end, CONTRADICTED)
                                      for e in denied]
                findings[changed] = True
                evidence.append(Evidence(changed, True, text[change.start:change.end],
                                         change.start, change.end, shared))
        reading = TextReading(
            findings=findings,
            evidence=tuple(sorted(evidence, key=lambda e: (e.start, e.finding))),
            ignored=tuple(sorted(tally.ignored, key=lambda i: (i.start, i.finding))),
            in_scope=self._scope.in_scope(plain, any(_told(frame, *span) for span in back)),
            back_named=bool(back),
            about=relative.relation if relative else None,
        )
        return reading, NumbersTold(tuple(self._numbers.candidates(plain, changes)),
                                    tuple((change.start, change.end) for change in changes))

    def _numbers_told(
        self,
        plain: str,
        text: str,
        frame: Frame,
        relative: Relative | None,
        back: list[tuple[int, int]],
        tally: _Tally,
        changes: Sequence[PainChange],
    ) -> Iterable[NumberMention]:
        """The pain score, onset and age the text gives for the patient, one of each."""
        whose = {"relative", "anyone"} if relative else {"writer", "anyone"}
        kept: dict[str, list[NumberMention]] = {}
        for number in self._numbers.mentions(plain, changes):
            if number.who not in whose:
                continue
            triggers = list(frame.governing(number.start, number.end, inside=True))
            kinds = {trigger.kind for trigger in triggers}
            reason = next((kind for kind in SETS_NOTHING if kind in kinds), None)
            # An age is the age now: "I'm 64 and had cancer 8 years ago" is not a past age.
            if reason is None and number.finding != "age" and is_past(triggers):
                reason = "past"
            if reason is not None:
                tally.ignored.append(_ignored(text, number.finding, number, reason))
            else:
                kept.setdefault(number.finding, []).append(number)
        if kept.get("pain_score"):
            yield max(kept["pain_score"], key=lambda n: n.value)
        if kept.get("age"):
            yield min(kept["age"], key=lambda n: n.start)
        layout = frame.layout
        back_sentences = {layout.sentence_index(start) for start, _ in back}
        others = [*self._numbers.other_subjects(plain), *tally.standing]
        episodes = self._numbers.episode_marks(plain)

        def clause_has(spans: list[tuple[int, int]], number: NumberMention) -> bool:
            start, end = layout.clause(number.start)
            return any(start <= s and e <= end for s, e in spans)

        def nearest_is_other(number: NumberMention) -> bool:
            """Whether what the span follows, in its clause, is something else rather than the
            back ("diabetes for 15 years and a bad back for a week")."""
            start, _ = layout.clause(number.start)
            before = [(s, "other") for s, _ in others if start <= s < number.start]
            before += [(s, "back") for s, _ in back if start <= s < number.start]
            if before:
                return max(before)[1] == "other"
            return clause_has(others, number) and not clause_has(back, number)

        onset = choose_onset(
            kept.get("onset_days", ()),
            lambda n: layout.sentence_index(n.start) in back_sentences,
            # Only a length of time dates a medicine or a condition ("for 10 years"), never a
            # moment ("yesterday", "3 days ago": when something happened).
            dates_other=lambda n: n.counted and not _AGO.search(plain, n.start, n.end)
            and nearest_is_other(n),
            preferred=(lambda n: clause_has(episodes, n), lambda n: clause_has(back, n)),
        )
        if onset is not None:
            yield onset


def _told(frame: Frame, start: int, end: int) -> bool:
    """Whether words at ``start``–``end`` are told as the patient's own and present."""
    triggers = list(frame.governing(start, end))
    kinds = {trigger.kind for trigger in triggers}
    return not kinds & {*SETS_NOTHING, "negation"} and not is_past(triggers)


def _settle(
    text: str, tally: _Tally, shared: tuple[str, ...]
) -> tuple[dict[str, FindingValue], list[Evidence]]:
    """One value per finding: any assertion outweighs any denial (a missed sign is worse)."""
    findings: dict[str, FindingValue] = {}
    evidence: list[Evidence] = []
    for finding, said in tally.said.items():
        value = any(verdict.value for _, verdict in said)
        findings[finding] = value
        for mention, verdict in said:
            if verdict.value == value:
                evidence.append(Evidence(
                    finding, value, text[mention.start:mention.end], mention.start,
                    mention.end, (*shared, *verdict.context),
                ))
            else:
                tally.ignored.append(_ignored(text, finding, mention, CONTRADICTED))
    return findings, evidence


def _ignored(text: str, finding: str, span: Mention | NumberMention, reason: str) -> Ignored:
    return Ignored(finding, text[span.start:span.end], span.start, span.end, reason)


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
