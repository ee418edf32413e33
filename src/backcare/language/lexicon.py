"""Find the words that name a finding: the lexicon of ``findings/*.yaml``, compiled once.

This module only says *where* a finding is named and whether the words assert it ("can't
pee"), deny it ("peeing fine") or deny a wider thing that includes it ("no numbness"). What
the surrounding words do to that — a denial, a fear, a relative — is ``context.py``'s job.
When two mentions claim the same words, the lexicon's own declarations settle it: the longer
phrase of one finding wins over a shorter one, and ``yields_to`` says which findings a vague
word gives way to ("numb" inside "my bum is numb" is saddle numbness, not a numb leg).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from backcare.knowledge.loader import KnowledgeError
from backcare.knowledge.schema import Finding
from backcare.language.phrases import PhraseCompiler, PhrasePattern
from backcare.language.spans import longest_first

Polarity = Literal["present", "absent", "denied_only"]
_RANK: Mapping[Polarity, int] = {"present": 0, "absent": 1, "denied_only": 2}


@dataclass(frozen=True, slots=True)
class Mention:
    """Words in the text that name one finding."""

    finding: str
    polarity: Polarity
    start: int
    end: int
    # A denial among the words a ``~`` skipped ("my legs *aren't* weak").
    denied_inside: bool = False

    def contains(self, other: Mention) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class _FindingPatterns:
    finding: str
    by_polarity: tuple[tuple[Polarity, PhrasePattern], ...]
    exclude: PhrasePattern | None
    yields_to: frozenset[str]


class LexiconMatcher:
    """Every finding's phrases, compiled once per knowledge base."""

    def __init__(
        self,
        findings: Mapping[str, Finding],
        compiler: PhraseCompiler,
        denial: PhrasePattern,
    ) -> None:
        self._denial = denial
        self._findings: list[_FindingPatterns] = []
        for finding in findings.values():
            lexicon = finding.lexicon
            unknown = set(lexicon.yields_to) - set(findings)
            if unknown:
                raise KnowledgeError(
                    f"findings: entry {finding.id!r}: yields_to names unknown "
                    f"{', '.join(sorted(unknown))}"
                )
            where = f"findings: entry {finding.id!r} lexicon"
            compiled: list[tuple[Polarity, PhrasePattern]] = []
            lists: tuple[tuple[Polarity, tuple[str, ...]], ...] = (
                ("present", lexicon.present),
                ("absent", lexicon.absent),
                ("denied_only", lexicon.also_denied_by),
            )
            for polarity, phrases in lists:
                pattern = compiler.compile(phrases, f"{where}.{polarity}")
                if pattern is not None:
                    compiled.append((polarity, pattern))
            if compiled:
                self._findings.append(_FindingPatterns(
                    finding=finding.id,
                    by_polarity=tuple(compiled),
                    exclude=compiler.compile(lexicon.exclude, f"{where}.exclude"),
                    yields_to=frozenset(lexicon.yields_to),
                ))
        self._yields = {f.finding: f.yields_to for f in self._findings}

    def mentions(self, text: str, look_alikes: list[Mention] | None = None) -> list[Mention]:
        """Every mention in ``text``, after settling mentions that claim the same words.

        ``look_alikes``, when given, receives the excluded phrases found ("two paracetamol at 8
        and two at 2"): words that look like a finding but are known not to be it.
        """
        found: list[Mention] = []
        for patterns in self._findings:
            found.extend(self._settle_one(self._find(text, patterns, look_alikes)))
        return sorted(self._settle_across(found), key=lambda m: (m.start, m.finding))

    def _find(self, text: str, patterns: _FindingPatterns,
              look_alikes: list[Mention] | None) -> list[Mention]:
        excluded = (
            [m.span() for m in patterns.exclude.finditer(text)] if patterns.exclude else []
        )
        if look_alikes is not None:
            look_alikes.extend(Mention(patterns.finding, "present", start, end, False)
                               for start, end in excluded)
        found: list[Mention] = []
        for polarity, pattern in patterns.by_polarity:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(start < e and s < end for s, e in excluded):
                    continue
                denied = any(
                    self._denial.regex.search(text, s, e) for s, e in pattern.gaps(match)
                )
                found.append(Mention(patterns.finding, polarity, start, end, denied))
        return found

    @staticmethod
    def _settle_one(found: list[Mention]) -> Iterable[Mention]:
        """Of one finding's overlapping mentions keep the longest; a tie goes to "present".

        "not peeing normally" (present) holds "peeing normally" (absent): the longer phrase
        is the one the person wrote.
        """
        return longest_first(found, lambda m: (m.start, m.end), lambda m: _RANK[m.polarity])

    def _settle_across(self, found: list[Mention]) -> list[Mention]:
        """Drop a mention that a wider finding's longer mention covers (``yields_to``).

        Only assertions take part: "no weakness in my legs" denies weakness in one leg too,
        and a wider finding's mere denial ("no falls") does not hide a narrower one's words.
        """
        by_finding: dict[str, list[Mention]] = {}
        for mention in found:
            if mention.polarity != "denied_only":
                by_finding.setdefault(mention.finding, []).append(mention)
        return [
            mention for mention in found
            if mention.polarity == "denied_only" or not any(
                other.contains(mention)
                for wider in self._yields.get(mention.finding, ())
                for other in by_finding.get(wider, ())
            )
        ]
