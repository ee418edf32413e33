"""What one mention says, once the words around it are taken into account.

The rules are those of ``spec/vocabulary.md`` for reading a person's words, in this order:

1. someone else's story, a hypothetical, a fear or an open question sets nothing;
2. a denial turns an assertion into ``false`` ("no numbness") — but a statement that things
   are normal ("peeing normally") is turned only by a denial right before it ("*not* peeing
   normally"), never by one further back ("no numbness and peeing normally");
3. a past that is over sets nothing, or ``false`` when the person says it cleared up — except
   for a diagnosis that still stands ("had breast cancer 8 years ago, all clear since");
4. a hedge ("a bit", "I think") keeps a warning sign present (safety first), but a guessed
   diagnosis ("I think it's a slipped disc") is not a diagnosis and sets nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backcare.knowledge.schema import Finding
from backcare.language.context import Trigger
from backcare.language.lexicon import Mention
from backcare.language.rules import TriggerKind

# In order of precedence: the first that governs a mention is the reason it sets nothing.
SETS_NOTHING: tuple[TriggerKind, ...] = ("someone_else", "fear", "hypothetical", "question")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The value a mention gives its finding (``None``: none), the context, or why not."""

    value: bool | None
    context: tuple[str, ...] = ()
    reason: str | None = None


def judge(mention: Mention, finding: Finding, triggers: Sequence[Trigger], text: str) -> Verdict:
    kinds = {trigger.kind for trigger in triggers}
    negated = mention.denied_inside or any(
        _denies(trigger, mention, text) for trigger in triggers if trigger.kind == "negation"
    )
    if mention.polarity == "denied_only" and not negated:
        return Verdict(None)  # asserts nothing, so there is nothing to set aside either
    for kind in SETS_NOTHING:
        if kind in kinds:
            return Verdict(None, reason=kind)
    context: list[str] = []
    if negated:
        context.append("negated")
    if kinds & {"hedge", "speculation"}:
        context.append("hedged")
    if mention.polarity == "denied_only":
        return Verdict(False, tuple(context))
    asserted = (mention.polarity == "present") != negated
    if is_past(triggers):
        context.append("past")
        if not (finding.standing or finding.lexicon.past_counts):
            if "resolved" in kinds:
                return Verdict(False, (*context, "resolved"))
            if asserted:
                return Verdict(None, reason="past")
    if asserted and finding.standing and "speculation" in kinds:
        return Verdict(None, reason="guess")
    return Verdict(asserted, tuple(context))


def is_past(triggers: Iterable[Trigger]) -> bool:
    """Told as over and done ("years ago", "cleared up"), and not since told as going on.

    Of a past and an ongoing trigger the later one wins: "had sciatica years ago, it
    cleared up" is over; "had sciatica years ago, cleared up, but it's come back" is not.
    """
    last_past = last_ongoing = -1
    for trigger in triggers:
        if trigger.kind in ("past", "resolved"):
            last_past = max(last_past, trigger.start)
        elif trigger.kind == "ongoing":
            last_ongoing = max(last_ongoing, trigger.start)
    return last_past > last_ongoing


def _denies(trigger: Trigger, mention: Mention, text: str) -> bool:
    if mention.polarity != "absent":
        return True
    if trigger.end <= mention.start:
        return _WORD.search(text, trigger.end, mention.start) is None
    return _WORD.search(text, mention.end, trigger.start) is None
