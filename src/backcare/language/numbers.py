"""Numbers in a person's words: a pain score, how long ago it started, an age.

People write "7/10", "six out of ten", "3 days ago", "for a fortnight", "since this
morning", "I'm 45" or "62F", and compare scores: "an 8 today, was a 5 yesterday". The
patterns and the words for numbers, units and days live in ``knowledge/language.yaml``; this
module turns a match into a value and, when a message gives several spans of time, picks the
one that dates the back pain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from backcare.knowledge.loader import KnowledgeError
from backcare.language.phrases import PhraseCompiler, PhrasePattern
from backcare.language.rules import Numbers

NumberFinding = Literal["pain_score", "onset_days", "age"]
Who = Literal["writer", "relative", "anyone"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number the text gives for one finding, and where."""

    finding: NumberFinding
    value: float
    start: int
    end: int
    # For onset: counted in units ("3 days ago") rather than named ("yesterday").
    counted: bool = True
    who: Who = "anyone"


ChangeFinding = Literal["worsening", "improving"]
# What two scores set side by side can tell: only arithmetic reads which (``pain_changes``).
CHANGE_FINDINGS: tuple[ChangeFinding, ...] = get_args(ChangeFinding)


@dataclass(frozen=True, slots=True)
class PainChange:
    """Two pain scores the text compares, and what the change says about the pain: ``None``
    when they are the same ("a 6 today, was a 6 yesterday" tells that nothing changed, and its
    "yesterday" still dates the earlier score, not the episode)."""

    finding: ChangeFinding | None
    start: int
    end: int
    # Where the earlier score's number is: it is not the pain now.
    before: tuple[int, int]


@dataclass(frozen=True, slots=True)
class NumbersTold:
    """Every number a text gives whatever the words around it, for the trained reader:
    ``candidates``, the spans of time, ages and scores it may choose from where the word list
    read none (:meth:`NumberReader.candidates`), and ``compared``, where two scores are set
    side by side (told by anyone): the model reads no change there, for comparing numbers is
    arithmetic, which an encoder does not do ("a 4 yesterday, now an 8" read as improving)."""

    candidates: tuple[NumberMention, ...] = ()
    compared: tuple[tuple[int, int], ...] = ()


class NumberReader:
    """The number patterns of ``language.yaml``, compiled once."""

    def __init__(self, rules: Numbers, compiler: PhraseCompiler) -> None:
        self._words = {_key(word): value for word, value in rules.words.items()}
        self._units = {_key(unit): days for unit, days in rules.units.items()}
        self._short = frozenset(_key(unit) for unit in rules.short_units)
        self._day_words = {_key(word): days for word, days in rules.day_words.items()}
        numbers = compiler.with_macros({
            "num": _alternation([r"\d+(?:\.\d+)?", *map(_literal, rules.words)]),
            "unit": _alternation(map(_literal, rules.units)),
        })
        where = "language.yaml: numbers"
        self._pain = [numbers.require([p], f"{where}.pain_score") for p in rules.pain_score]
        self._change = [numbers.require([p], f"{where}.pain_change") for p in rules.pain_change]
        for pattern in self._change:
            if not {"now", "before"} <= set(pattern.regex.groupindex):
                raise KnowledgeError(f"{where}.pain_change: pattern {pattern.regex.pattern!r} "
                                     "needs (?P<now>) and (?P<before>)")
        self._onset = [numbers.require([p], f"{where}.onset") for p in rules.onset]
        self._not_onset = numbers.compile(rules.not_onset, f"{where}.not_onset")
        self._more_than = compiler.regex(
            rf"(?<!\w)(?:{_alternation(map(_literal, rules.more_than))})\s+$", re.IGNORECASE
        ) if rules.more_than else None
        self._dates_other = numbers.compile(rules.dates_other, f"{where}.dates_other")
        self._this_episode = numbers.compile(rules.this_episode, f"{where}.this_episode")
        self._day = numbers.require(list(rules.day_words), f"{where}.day_words")
        self._age = [
            (numbers.require([entry.pattern], f"{where}.age"), entry.who) for entry in rules.age
        ]
        self._age_range = rules.age_range
        self._any_onset = [numbers.require([p], f"{where}.any_onset") for p in rules.any_onset]
        self._any_age = [numbers.require([p], f"{where}.any_age") for p in rules.any_age]
        self._any_pain_score = [numbers.require([p], f"{where}.any_pain_score")
                                for p in rules.any_pain_score]
        for pattern in (*self._pain, *self._onset, *(p for p, _ in self._age), *self._any_onset,
                        *self._any_age, *self._any_pain_score):
            if "n" not in pattern.regex.groupindex:
                raise KnowledgeError(f"{where}: pattern {pattern.regex.pattern!r} has no (?P<n>)")

    def mentions(self, text: str, changes: Sequence[PainChange] = ()) -> list[NumberMention]:
        """The numbers in ``text``; ``changes`` are its :meth:`pain_changes`, whose day words
        date the earlier score rather than the episode."""
        return [*self._pain_scores(text), *self._onsets(text, changes), *self._ages(text)]

    def candidates(self, text: str, changes: Sequence[PainChange] = ()) -> list[NumberMention]:
        """Every span of time, every age and every pain score ``text`` gives, whatever the
        words around them (``any_onset`` and the day words, ``any_age`` and the age patterns,
        ``any_pain_score`` and the score patterns): those the trained reader may choose from
        where the patterns that read context found none. A span that is never an onset ("36
        weeks pregnant") and a number above 10 as a score are left out, and so are, in scores
        compared (``changes``, its :meth:`pain_changes`), the day words, which date the earlier
        score, and the earlier score itself, which is not the pain now."""
        compared = [(change.start, change.end) for change in changes]
        blocked = compared + (
            [m.span() for m in self._not_onset.finditer(text)] if self._not_onset else [])
        earlier = [change.before for change in changes]
        found: dict[tuple[str, int], NumberMention] = {}
        for pattern in self._any_onset:
            for match in pattern.finditer(text):
                if _overlaps(match.span(), blocked):
                    continue
                found.setdefault(("onset_days", match.start()), NumberMention(
                    "onset_days", self._days(match), *match.span()))
        for match in self._day.finditer(text):
            if _overlaps(match.span(), compared):
                continue
            found.setdefault(("onset_days", match.start()), NumberMention(
                "onset_days", self._day_words[_key(match.group())], *match.span(),
                counted=False))
        for pattern in (*(p for p, _ in self._age), *self._any_age):
            for match, age in self._age_matches(pattern, text):
                found.setdefault(("age", match.start("n")),
                                 NumberMention("age", age, *match.span()))
        for pattern in (*self._pain, *self._any_pain_score):
            for match in pattern.finditer(text):
                score = self._score(match)
                if score <= 10 and not _overlaps(match.span("n"), earlier):
                    found.setdefault(("pain_score", match.start("n")),
                                     NumberMention("pain_score", score, *match.span()))
        return sorted(found.values(), key=lambda n: n.start)

    def pain_changes(self, text: str) -> list[PainChange]:
        """Scores set side by side: higher now than before is worse, lower is better, the same
        is no change."""
        found = []
        for pattern in self._change:
            for match in pattern.finditer(text):
                now, before = self._value(match.group("now")), self._value(match.group("before"))
                change: ChangeFinding | None = (
                    None if now == before else "worsening" if now > before else "improving")
                found.append(PainChange(change, *match.span(), before=match.span("before")))
        return found

    def other_subjects(self, text: str) -> list[tuple[int, int]]:
        """Where the text names something else a span of time may date (a medicine, a job)."""
        return [m.span() for m in self._dates_other.finditer(text)] if self._dates_other else []

    def episode_marks(self, text: str) -> list[tuple[int, int]]:
        """Where the text names the current episode ("this time", "this flare")."""
        return [m.span() for m in self._this_episode.finditer(text)] if self._this_episode else []

    def _pain_scores(self, text: str) -> Iterable[NumberMention]:
        for pattern in self._pain:
            for match in pattern.finditer(text):
                yield NumberMention("pain_score", min(self._score(match), 10.0), *match.span())

    def _score(self, match: re.Match[str]) -> float:
        """A score's number, or the higher end of its range ("6-7", "a 3 or 4")."""
        values = [self._value(match.group("n"))]
        if "hi" in match.groupdict() and match.group("hi"):
            values.append(self._value(match.group("hi")))
        return max(values)

    def _onsets(self, text: str, changes: Sequence[PainChange]) -> Iterable[NumberMention]:
        blocked = (
            [m.span() for m in self._not_onset.finditer(text)] if self._not_onset else []
        )
        # "was a 5 yesterday" dates the earlier score, not the episode.
        blocked += [(change.start, change.end) for change in changes]
        for pattern in self._onset:
            for match in pattern.finditer(text):
                start, end = match.span()
                unit = _key(match.group("unit"))
                if unit in self._short and not match.groupdict().get("ago"):
                    continue  # "walk for 10 minutes" is not when it started
                if _overlaps((start, end), blocked):
                    continue
                days = self._days(match)
                number_at = match.start("n")
                if self._more_than and self._more_than.search(
                        text, max(0, number_at - 20), number_at):
                    days += 1
                yield NumberMention("onset_days", days, start, end)
        for match in self._day.finditer(text):
            if any(s <= match.start() and match.end() <= e for s, e in blocked):
                continue
            yield NumberMention(
                "onset_days", self._day_words[_key(match.group())], *match.span(), counted=False
            )

    def _ages(self, text: str) -> Iterable[NumberMention]:
        for pattern, who in self._age:
            for match, age in self._age_matches(pattern, text):
                yield NumberMention("age", age, *match.span(), who=who)

    def _age_matches(self, pattern: PhrasePattern, text: str
                     ) -> Iterable[tuple[re.Match[str], int]]:
        """Each match of an age pattern in ``text`` whose number is a possible age, with it."""
        low, high = self._age_range
        for match in pattern.finditer(text):
            age = self._value(match.group("n"))
            if low <= age <= high:
                yield match, int(age)

    def _days(self, match: re.Match[str]) -> int:
        """The days a span of time's number and unit make ("a fortnight": 14, "5/52": 35)."""
        return math.floor(self._value(match.group("n")) * self._units[_key(match.group("unit"))]
                          + 1e-9)

    def _value(self, said: str) -> float:
        key = _key(said)
        return self._words[key] if key in self._words else float(key)


Tier = Callable[[NumberMention], bool]


def choose_onset(
    candidates: Iterable[NumberMention],
    about_the_back: Tier,
    *,
    dates_other: Tier | None = None,
    preferred: Sequence[Tier] = (),
) -> NumberMention | None:
    """The span of time that dates this episode, from those the text gives.

    A message often dates other things too ("on steroids for 2 years", "lost weight over 3
    months"): a span that ``dates_other`` says belongs to something else is never the onset.
    Of the rest, the first of the ``preferred`` tiers that holds any wins (the clause naming
    "this episode", then the clause naming the back), then spans said in the same sentence as
    the back pain; a counted span ("for 5 days") beats a named day ("today" in "today it got
    worse"); and of several the longest wins, because an episode started at its earliest date.
    """
    pool = [c for c in candidates if dates_other is None or not dates_other(c)]
    for tier in (*preferred, about_the_back):
        near = [c for c in pool if tier(c)]
        if near:
            pool = near
            break
    counted = [c for c in pool if c.counted]
    pool = counted or pool
    return max(pool, key=lambda c: (c.value, -c.start)) if pool else None


def _key(said: str) -> str:
    return " ".join(said.casefold().replace("-", " ").split())


def _literal(words: str) -> str:
    """Escape a word list entry for a pattern, leaving spaces for the phrase notation."""
    return re.escape(words).replace("\\ ", " ")


def _alternation(choices: Iterable[str]) -> str:
    return "|".join(sorted(choices, key=len, reverse=True))


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``span`` shares a character with any of ``spans``."""
    return any(span[0] < end and start < span[1] for start, end in spans)
