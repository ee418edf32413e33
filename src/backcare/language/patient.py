"""Whose back is it? Tell a message written about a relative from one by the patient.

"My husband is 44, his legs are numb" is about the husband: his findings are the patient's.
"My mum had breast cancer; my lower back aches" is about the writer: the mother's cancer is
someone else's history. The difference a nurse hears is whose body the symptoms are in, so
that is the test: a relative is introduced, symptoms sit in *his* or *her* body, and none in
the writer's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backcare.language.phrases import PhraseCompiler
from backcare.language.rules import RelativePatient, TriggerKind

_WORDS = re.compile(r"\w[\w']*")


@dataclass(frozen=True, slots=True)
class Relative:
    """The relative a message is about, and the words that refer to them."""

    relation: str
    words: frozenset[str]

    def names_patient(self, kind: TriggerKind, words: str) -> bool:
        """Whether a someone-else trigger in fact names the patient ("he", "my husband")."""
        if kind != "someone_else":
            return False
        said = _WORDS.findall(words.casefold())
        if not said or " ".join(said) in self.words:
            return bool(said)
        if len(said) == 1:  # the relation named bare, as family do: "Dad is 82"
            return _bare(said[0]) == self.relation
        return said[0] in ("my", "our") and _bare(said[-1]) == self.relation


class PatientReader:
    """Decides, once per text, whether the patient is a relative of the writer."""

    def __init__(self, rules: RelativePatient, compiler: PhraseCompiler) -> None:
        where = "language.yaml: relative_patient"
        self._introductions = compiler.require(rules.introductions, f"{where}.introductions")
        self._their_body = compiler.require(rules.their_body, f"{where}.their_body")
        self._writer_body = compiler.require(rules.writer_body, f"{where}.writer_body")
        self._patient_words = frozenset(word.casefold() for word in rules.patient_words)

    def relative(self, text: str) -> Relative | None:
        """The relative the message is about, or ``None`` when the writer is the patient."""
        introduced = self._introductions.regex.search(text)
        if introduced is None or self._writer_body.regex.search(text):
            return None
        if not self._their_body.regex.search(text):
            return None
        relation = _WORDS.findall(introduced.group().casefold())[-1]
        return Relative(_bare(relation), self._patient_words)


def _bare(relation: str) -> str:
    """The relation without a possessive, typed with its apostrophe or without: "husband's"
    and "husbands" both name the husband (and "parents" the parents, as "parent")."""
    relation = relation.removesuffix("'s")
    return relation[:-1] if relation.endswith("s") and not relation.endswith("ss") else relation
