"""Is this message about a back at all?

backcare assesses back and neck pain. A message about a sore throat or a sprained ankle is
out of its scope, and the engine then says so plainly while still applying every emergency
rule. When in doubt the message is in scope: out of scope needs words for another complaint
and no word for a back, a neck or a spine that the person says is theirs and hurting.
"""

from __future__ import annotations

from backcare.language.phrases import PhraseCompiler
from backcare.language.rules import Scope


class ScopeReader:
    """The scope words of ``language.yaml``, compiled once."""

    def __init__(self, scope: Scope, compiler: PhraseCompiler) -> None:
        self._back = compiler.require(scope.back, "language.yaml: scope.back")
        self._elsewhere = compiler.require(scope.elsewhere, "language.yaml: scope.elsewhere")

    def back_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the text names a back, a neck, a spine or a back complaint."""
        return [match.span() for match in self._back.finditer(text)]

    def in_scope(self, text: str, back_told: bool) -> bool:
        """``back_told``: a back span survived its context (not denied, not someone else's)."""
        return back_told or self._elsewhere.regex.search(text) is None
