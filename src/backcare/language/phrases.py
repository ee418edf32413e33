"""Turn the knowledge base's phrase notation into regular expressions, once.

Phrases are written for people who know how patients talk, not for regex experts, so a few
shorthands keep them short and consistent (see ``knowledge/language.yaml``):

* a space matches any run of spaces ("lower back" also finds "lower-back", since hyphens
  between letters read as spaces), and `` ?`` an optional one ("tail ?bone");
* ``'`` matches an apostrophe or none ("can't" also finds "cant");
* ``~`` skips a few words inside a clause, never a list or contrast word ("and", "or",
  "but"), so "numb ~ {bum}" finds "my bum feels kind of numb" but not "numb leg and a sore
  bum"; the words skipped are kept so a denial inside them ("my legs *aren't* weak") is seen;
* ``{name}`` inserts a macro, so a word family ("{pee}": pee, wee, urinate, pass water …) is
  written once for every finding that needs it.

Phrases are lower case and match on word boundaries against ``normalise(text)``. Compiling
them was most of the language layer's share of a cold start (a compiled copy is now kept
between runs, ``pattern_cache.py``, but the first run still compiles), so the generated
patterns are kept lean: plain spaces rather than whitespace classes, and a gap whose stop
words are checked after a match rather than by a look-ahead repeated inside every gap. A gap
is a bounded repeat of a word and its following spaces, so no phrase backtracks
catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from backcare.knowledge.loader import KnowledgeError
from backcare.language.rules import Gap

_MACRO = re.compile(r"\{([a-z_]+)\}")
_OPTIONAL_SPACE = re.compile(r" +\?")
_SPACES = re.compile(r" +(?!\*)")
_GAP_SPLIT = re.compile(r"\s*~\s*")
_ESCAPE = re.compile(r"\\.")
_CAPITAL = re.compile(r"[A-Z]")
# Capitals folded, apostrophe-like characters (as a phone or word processor types them) made
# plain and spacing made plain spaces, each one character for one, so that every offset into
# the normalised text is an offset into the person's own text. Line breaks stay: they end
# sentences.
_PLAIN = str.maketrans(
    {**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
     "’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'",
     "\t": " ", "\r": " ", "\v": " ", "\f": " ", "\xa0": " ", "\u2009": " ", "\u202f": " ",
     "\u3000": " "}
)
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])|(?<=\w):(?= )")
# A phrase is never part of a longer word. (A look-behind and a look-ahead scan about twice
# as fast here as a pair of \b.) A phrase that starts with punctuation ("? no") needs none.
_START = r"(?<!\w)"
_END = r"(?!\w)"
_PUNCTUATION_FIRST = re.compile(r"\\[?.()\[\]]|[:;,]")


def normalise(text: str) -> str:
    """The text in lower case with plain apostrophes and spaces; same length, same offsets.

    A hyphen between letters and a colon after a word read as spaces, so "lower-back" is
    "lower back" and "bladder: normal" reads as "bladder normal".
    """
    return _WORD_HYPHEN.sub(" ", text.translate(_PLAIN))


@dataclass(frozen=True, slots=True)
class PhrasePattern:
    """A compiled alternation of phrases, and what its ``~`` gaps may not skip."""

    regex: re.Pattern[str]
    gap_groups: tuple[str, ...]
    not_across: re.Pattern[str]
    # Each phrase on its own, as a pattern's source, for a second look where the
    # alternation's first choice was refused (only phrase lists with a ``~`` need them).
    # Compiled when first needed, which is seldom: compiling them all up front would add a
    # tenth of a second to every start.
    phrases: tuple[str, ...] = ()

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in ``text``, left to right, none of whose gaps crosses a stop word.

        The alternation stops at its first phrase that matches; when that match is refused
        for its gap, every other phrase is tried at the same place before moving on, so one
        phrase's refused gap never hides another phrase ("numb bum" in "numb bum but legs
        fine", when "numb ~ legs" comes first).
        """
        if not self.gap_groups:
            yield from self.regex.finditer(text)
            return
        position = 0
        while (match := self.regex.search(text, position)) is not None:
            if not self._crosses(match):
                found: re.Match[str] | None = match
            else:
                found = self._other_phrase_at(text, match.start())
            if found is None:
                position = match.start() + 1
                continue
            yield found
            position = max(found.end(), found.start() + 1)

    def gaps(self, match: re.Match[str]) -> Iterator[tuple[int, int]]:
        """The spans of the words a ``~`` skipped in this match."""
        # A match of the whole alternation holds every gap group; one of a single phrase,
        # only its own.
        names = self.gap_groups if match.re is self.regex else (
            name for name in match.re.groupindex if name in self.gap_groups)
        for name in names:
            start, end = match.span(name)
            if start < end:
                yield start, end

    def _crosses(self, match: re.Match[str]) -> bool:
        return any(self.not_across.search(match.string, s, e) for s, e in self.gaps(match))

    def _other_phrase_at(self, text: str, at: int) -> re.Match[str] | None:
        """The longest match of a single phrase starting at ``at`` whose gaps are clean."""
        clean = [m for phrase in self.phrases
                 if (m := re.compile(phrase).match(text, at)) is not None
                 and not self._crosses(m)]
        return max(clean, key=lambda m: m.end(), default=None)


Regex = Callable[[str, int], re.Pattern[str]]


class PhraseCompiler:
    """Compiles phrase lists with one set of macros and one gap rule.

    ``regex`` compiles each pattern: ``re.compile``, or a ``PatternStore``'s, which gives the
    same patterns from a copy kept by an earlier run (``pattern_cache.py``).
    """

    def __init__(self, macros: Mapping[str, str], gap: Gap, regex: Regex = re.compile) -> None:
        self._macros = dict(macros)
        self.regex = regex
        words = "|".join(re.escape(word) for word in gap.not_across)
        self._not_across = regex(rf"\b(?:{words})\b", 0)
        self._gap = rf"(?:\w[\w']* +){{0,{gap.max_words}}}?"
        self._counter = 0

    def with_macros(self, extra: Mapping[str, str]) -> PhraseCompiler:
        """A compiler that also knows ``extra`` macros (built from data, e.g. number words)."""
        clone = PhraseCompiler.__new__(PhraseCompiler)
        clone._macros = {**self._macros, **extra}
        clone.regex = self.regex
        clone._not_across = self._not_across
        clone._gap = self._gap
        clone._counter = 0
        return clone

    def compile(self, phrases: Sequence[str], where: str) -> PhrasePattern | None:
        """One pattern finding any of ``phrases``; ``None`` for an empty list.

        ``where`` names the list in error messages, so a typo in the YAML is reported with
        the entry it sits in rather than as a bare regex error at run time.
        """
        if not phrases:
            return None
        gap_groups: list[str] = []
        bodies = [self._body(phrase, where, gap_groups) for phrase in phrases]
        worded = "|".join(f"(?:{b})" for b in bodies if not _PUNCTUATION_FIRST.match(b))
        alternatives = [f"{_START}(?:{worded})"] if worded else []
        alternatives += [f"(?:{b})" for b in bodies if _PUNCTUATION_FIRST.match(b)]
        try:
            regex = self.regex(f"(?:{'|'.join(alternatives)}){_END}", 0)
        except re.error as exc:
            raise KnowledgeError(f"{where}: {_culprit(phrases, bodies, exc)}") from exc
        singles = tuple(
            f"(?:{body}){_END}" if _PUNCTUATION_FIRST.match(body) else f"{_START}(?:{body}){_END}"
            for body in bodies
        ) if gap_groups else ()
        return PhrasePattern(regex, tuple(gap_groups), self._not_across, singles)

    def require(self, phrases: Sequence[str], where: str) -> PhrasePattern:
        """Like ``compile``, for a list that must not be empty."""
        pattern = self.compile(phrases, where)
        if pattern is None:
            raise KnowledgeError(f"{where}: needs at least one phrase")
        return pattern

    def _body(self, phrase: str, where: str, gap_groups: list[str]) -> str:
        expanded = self._expand(phrase.strip(), where, depth=0)
        if _CAPITAL.search(_ESCAPE.sub("", expanded).replace("(?P<", "")):
            raise KnowledgeError(f"{where}: phrase {phrase!r} has capitals; texts are matched "
                                 "in lower case")
        parts = [self._plain(piece) for piece in _GAP_SPLIT.split(expanded)]
        body = parts[0]
        for part in parts[1:]:
            name = f"gap{self._counter}"
            self._counter += 1
            gap_groups.append(name)
            body += f" +(?P<{name}>{self._gap})" + part
        return body

    def _expand(self, phrase: str, where: str, depth: int) -> str:
        if depth > 5:
            raise KnowledgeError(f"{where}: macros nest too deeply in {phrase!r}")

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self._macros:
                raise KnowledgeError(f"{where}: unknown macro {{{name}}} in {phrase!r}")
            return "(?:" + self._expand(self._macros[name], where, depth + 1) + ")"

        return _MACRO.sub(substitute, phrase)

    @staticmethod
    def _plain(piece: str) -> str:
        spaced = _OPTIONAL_SPACE.sub(" *", piece.replace("'", "'?"))
        return _SPACES.sub(" +", spaced)


def _culprit(phrases: Sequence[str], bodies: Sequence[str], error: re.error) -> str:
    """Name the phrase that broke a pattern (checked only after the whole list failed)."""
    for phrase, body in zip(phrases, bodies, strict=True):
        try:
            re.compile(body)
        except re.error as exc:
            return f"phrase {phrase!r} is not a valid pattern: {exc}"
    return f"the phrases do not combine into one pattern: {error}"
