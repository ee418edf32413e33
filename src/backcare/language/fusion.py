"""Put the lexicon's reading and the trained model's reading of one message together.

The lexicon is precise on the phrasings it lists and gives exact evidence spans; the model
reads what no list foresaw. Together, by these rules:

- what the lexicon established stands; only a finding that brings no more than ``routine`` on
  its own is withdrawn where the model reads those very words as a denial or as not the
  patient's with near certainty (``Thresholds.doubt``, tuned on dev) — it is then listed as
  possible and asked by the check-up, for a list's phrase can be fooled by the words around
  it ("lost a stone, but on purpose") where the model reads the whole unit; a warning sign
  the word list found always stands;
- where the lexicon read the very words the model points at and set them aside (a fear, a
  question, a hypothetical, over, a look-alike) or read them as a denial, the lexicon's precise
  reading of those words stands — except whose words they are: the list guesses "someone
  else's" from the people a message names, and a relative telling the patient's own signs
  ("wife says he is talking nonsense") is what it gets wrong, so there the model's confident
  reading decides (on dev, 88 of the 99 units it read as present over such a guess were the
  patient's); and except a look-alike, where the model reads a warning sign in its unit with
  near certainty (``Thresholds.overrule``, tuned on dev): the list's look-alikes are phrases
  judged without the words around them, and "it hurts to breathe in" (pain, not breathing
  trouble) does not unsay "her breathing has gone fast and shallow" beside it. A fear, a
  question, a hypothetical, something over and a denial always stand ("what if I can't feel
  when I wipe?", "Numbness around your bottom? No.");
- where the model is confident a finding is present, it is set, with the unit as evidence,
  even over a lexicon denial (an assertion outweighs a denial: a missed sign costs more);
- where it is only fairly sure, the finding is *possible*: listed for the person to confirm
  and asked first by the check-up, never used to lower anything;
- where it is confident a finding is denied and nothing else said it, it is set ``false``;
- where two scores are set side by side, only the word list reads whether the pain is
  getting worse or better (``NumbersTold.compared``): that is arithmetic;
- whether the message is about a back is the lexicon's call, which the scope head corrects
  where it is sure enough (``Thresholds``' scope cut-offs, tuned on dev).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace

from backcare.conditions import FindingValue
from backcare.knowledge.loader import KnowledgeBase
from backcare.language.model_reader import (
    NUMBERS,
    ClauseModel,
    ModelReading,
    Thresholds,
    shared_model,
)
from backcare.language.numbers import CHANGE_FINDINGS, NumberMention, NumbersTold
from backcare.language.reader import reader_for
from backcare.language.reading import (
    CONTRADICTED,
    LOOK_ALIKE,
    MODEL,
    Evidence,
    Ignored,
    Possible,
    TextReading,
)
from backcare.language.units import Unit

# More unsure signs than this would bury the likely ones: the check-up screens for the rest.
MAX_POSSIBLE = 3
# The lexicon's one reason for setting words aside that the model's confident reading
# overrules for any finding (a warning sign's look-alike, on near certainty:
# ``Thresholds.overrule``).
_MODEL_JUDGES = frozenset({"someone_else"})
# A message that names no back needs this many words before the scope head may put it out of
# scope: "help", "please help me" and "it hurts" tell nothing to judge.
JUDGED_WORDS = 4
NO_NUMBERS = NumbersTold()


def read_text(text: str, kb: KnowledgeBase) -> TextReading:
    """The findings ``text`` establishes, with evidence spans into ``text`` itself."""
    return read_texts([text], kb)[0]


def read_texts(texts: Sequence[str], kb: KnowledgeBase,
               model: ClauseModel | None = None) -> list[TextReading]:
    """Read several messages; a unit said in several of them is encoded once. ``model``: the
    shipped one unless another is given (training compares heads the same way they run)."""
    lexicon = reader_for(kb)
    lexical = [lexicon.read_with_numbers(text) for text in texts]
    readings = [reading for reading, _ in lexical]
    wordy = [i for i, text in enumerate(texts) if any(char.isalnum() for char in text)]
    if not wordy:
        return readings
    model = model or shared_model()
    readable = _readable(kb, model)
    for index, modelled in zip(wordy, model.read_many([texts[i] for i in wordy]), strict=True):
        readings[index] = combine(readings[index], modelled, model.thresholds, readable,
                                  lexical[index][1])
    return readings


@functools.cache
def _readable(kb: KnowledgeBase, model: ClauseModel) -> frozenset[str]:
    """The yes/no findings of ``kb`` the model was trained to read."""
    return frozenset(fid for fid in model.findings
                     if fid in kb.findings and kb.findings[fid].kind == "bool")


def combine(
    lexicon: TextReading,
    model: ModelReading,
    thresholds: Thresholds,
    readable: frozenset[str],
    numbers: NumbersTold = NO_NUMBERS,
) -> TextReading:
    """The reading of one message; ``readable``: the yes/no findings the model may set;
    ``numbers``: the numbers the text gives, for the model to choose from where the word list
    read none, and where it compares scores (``read_with_numbers`` of the word-list reader)."""
    findings: dict[str, FindingValue] = dict(lexicon.findings)
    evidence = list(lexicon.evidence)
    ignored = list(lexicon.ignored)
    possible: list[Possible] = []
    doubts = _doubted(lexicon, model, thresholds, readable)
    for doubted, _ in doubts:
        del findings[doubted.finding]
        evidence = [e for e in evidence if e.finding != doubted.finding]
        ignored.append(Ignored(doubted.finding, doubted.text, doubted.start, doubted.end,
                               "doubted"))
    shared = tuple(sorted({c for e in lexicon.evidence for c in e.context
                           if c == "relative_is_patient"}))
    set_aside = {(i.finding, i.start, i.end) for i in lexicon.ignored
                 if i.reason not in _MODEL_JUDGES and i.reason != LOOK_ALIKE}
    looked_alike = {(i.finding, i.start, i.end) for i in lexicon.ignored
                    if i.reason == LOOK_ALIKE}
    told = {(e.finding, e.start, e.end) for e in lexicon.evidence}
    told |= {(finding, start, end) for start, end in numbers.compared
             for finding in CHANGE_FINDINGS}
    for finding, best in model.present.items():
        if finding not in readable:
            continue
        unit = best.unit
        if _touches(told, finding, unit) or _touches(set_aside, finding, unit) or (
                _touches(looked_alike, finding, unit)
                and best.present < thresholds.overrule_at(finding)):
            continue
        if best.present >= thresholds.present_at(finding) and findings.get(finding) is not True:
            # A look-alike the model overruled (``Thresholds.overrule``).
            ignored = [replace(i, reason=CONTRADICTED)
                       if i.finding == finding and i.reason == LOOK_ALIKE
                       and unit.overlaps(i.start, i.end) else i for i in ignored]
            if findings.get(finding) is False:
                ignored += [Ignored(e.finding, e.text, e.start, e.end, CONTRADICTED)
                            for e in evidence if e.finding == finding]
                evidence = [e for e in evidence if e.finding != finding]
            findings[finding] = True
            evidence.append(Evidence(finding, True, unit.text, unit.start, unit.end, shared,
                                     MODEL, round(best.present, 3)))
        elif best.present >= thresholds.possible_at(finding) and findings.get(finding) is not True:
            possible.append(Possible(finding, round(best.present, 3), unit.text, unit.start,
                                     unit.end))
        elif finding not in findings:
            denial = model.denied[finding]
            if denial.denied >= thresholds.denied:
                findings[finding] = False
                evidence.append(Evidence(finding, False, denial.unit.text, denial.unit.start,
                                         denial.unit.end, shared, MODEL,
                                         round(denial.denied, 3)))
    for number, unit, probability in _numbers_chosen(findings, model, thresholds,
                                                     numbers.candidates):
        findings[number.finding] = int(number.value)
        evidence.append(Evidence(number.finding, int(number.value),
                                 unit.text[number.start - unit.start:number.end - unit.start],
                                 number.start, number.end, shared, MODEL, round(probability, 3)))
    in_scope = _in_scope(lexicon, model, thresholds)
    return TextReading(
        findings=findings,
        evidence=tuple(sorted(evidence, key=lambda e: (e.start, e.finding))),
        ignored=tuple(sorted(ignored, key=lambda i: (i.start, i.finding))),
        in_scope=in_scope,
        about=lexicon.about,
        # A withdrawn finding is listed first: the person confirms or clears it.
        possible=tuple([Possible(d.finding, round(present, 3), d.text, d.start, d.end)
                        for d, present in doubts]
                       + sorted(possible, key=lambda p: -p.probability))[:MAX_POSSIBLE],
    )


def _touches(spans: set[tuple[str, int, int]], finding: str, unit: Unit) -> bool:
    """Whether the word list read ``finding`` in words within ``unit`` (``spans``: its
    findings with their start and end)."""
    return any(fid == finding and unit.overlaps(start, end) for fid, start, end in spans)


# Of several numbers of one kind in the unit the model chose (in the order said), the one it
# tells: see ``_numbers_chosen``.
_CHOOSE: dict[str, Callable[[Sequence[NumberMention]], NumberMention]] = {
    "age": lambda told: told[0],
    "onset_days": lambda told: max(told, key=lambda n: n.value),
    "pain_score": lambda told: told[-1],
}


def _numbers_chosen(findings: dict[str, FindingValue], model: ModelReading,
                    thresholds: Thresholds, numbers: Sequence[NumberMention]
                    ) -> list[tuple[NumberMention, Unit, float]]:
    """The age, the episode's length and the pain score the word list did not read, each
    with the unit the model reads as telling it and how sure it is, where it is sure enough:
    of several ages in that unit the first ("dad 82 on apixaban 5"), of several spans of time
    the longest (an episode began at its earliest), of several scores the last (people tell a
    score's course in order, ending with now: "from 6 to 4", "yesterday 5, today 7")."""
    chosen: list[tuple[NumberMention, Unit, float]] = []
    for finding in NUMBERS:
        best = model.present.get(finding)
        if finding in findings or best is None or best.present < thresholds.number:
            continue
        told = [n for n in numbers if n.finding == finding
                and best.unit.start <= n.start and n.end <= best.unit.end]
        if told:
            chosen.append((_CHOOSE[finding](told), best.unit, best.present))
    return chosen


def _doubted(lexicon: TextReading, model: ModelReading, thresholds: Thresholds,
             readable: frozenset[str]) -> list[tuple[Evidence, float]]:
    """The word list's findings whose every piece of evidence the model reads, with near
    certainty, as denied or not the patient's (one evidence it believes keeps the finding),
    each with the model's probability that it is present after all."""
    by_finding: dict[str, list[Evidence]] = {}
    for item in lexicon.evidence:
        if item.value is True and item.finding in readable:
            by_finding.setdefault(item.finding, []).append(item)
    doubted: list[tuple[Evidence, float]] = []
    for finding, items in by_finding.items():
        readings = [model.at(finding, item.start, item.end) for item in items]
        if all(read is not None and read[1] >= thresholds.doubt_at(finding)
               for read in readings):
            doubted.append((items[0], max(read[0] for read in readings if read is not None)))
    return doubted


def _in_scope(lexicon: TextReading, model: ModelReading, thresholds: Thresholds) -> bool:
    """The lexicon's scope, corrected by the scope head where it is sure enough (the
    thresholds say how sure, tuned on dev): back words that are not about a back, a message
    about something else altogether, or another complaint that is in fact a back's ("my
    lumbar's gone"). A message that names nothing and says almost nothing ("help", "hi",
    "it hurts") is about nothing yet: the scope head has no words to judge, and when in doubt
    a message is in scope."""
    probability = model.in_scope
    if lexicon.in_scope:
        if not lexicon.back_named:
            said = sum(len(unit.text.split()) for unit in model.units)
            return said < JUDGED_WORDS or probability > thresholds.scope_out_unnamed
        return probability > thresholds.scope_out_named
    return probability >= thresholds.scope_in
