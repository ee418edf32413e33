"""Score the reader on a share of the corpus: triage, scope and every finding, as tables.

    python3 training/evaluate.py --split dev          # tune on this one
    python3 training/evaluate.py --split test         # the sealed test: report, never tune
    python3 training/evaluate.py --split test --lexicon-only   # the lexicon alone, to compare
    python3 training/evaluate.py --split test --file sealed_c.jsonl   # one sealed set alone
    python3 training/evaluate.py --split dev --causes  # what raised or lowered the wrong ones

The gold level of a message is what the triage rules give for its labelled findings (the
writer's own guess is kept in the corpus as a cross-check). Run in the project's environment.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import corpus

import backcare
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LEVEL_ORDER
from backcare.language import TextReading
from backcare.language.model_reader import NUMBERS
from backcare.language.reader import reader_for
from backcare.triage import level_for

RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
OVER_TRIAGE_GOAL = 0.05


def gold_level(message: corpus.Message, kb: KnowledgeBase) -> str:
    findings = {fid: value for fid, value in message.findings.items() if fid in kb.findings}
    if message.age is not None:
        findings["age"] = message.age
    return level_for(findings, kb, in_scope=message.in_scope)


def read_level(message: corpus.Message, reading: TextReading, kb: KnowledgeBase) -> str:
    findings = dict(reading.findings)
    if message.age is not None:
        findings["age"] = message.age
    return level_for(findings, kb, in_scope=reading.in_scope)


@dataclass
class Score:
    """Counts over one share of the corpus."""

    messages: int = 0
    exact: int = 0
    under: int = 0
    over: int = 0
    emergencies: int = 0
    emergencies_caught: int = 0
    under_flagged: int = 0  # under-triaged, but the missing sign was listed as possible
    scope_right: int = 0
    possible: int = 0  # possible signs shown: those that would raise the level
    false_possible: int = 0  # possible signs shown that the message does not have
    false_possible_messages: int = 0  # messages showing at least one of those
    findings_right: int = 0
    findings_total: int = 0
    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    # Findings read present that the message denies or gives to someone else (a subset of
    # ``false_pos``, which also counts findings read where the message labels nothing).
    wrong_reads: int = 0
    # Per number (age, onset_days, pain_score): "right", "missed", "wrong", "extra".
    numbers: dict[str, Counter[str]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def cost(self) -> float:
        """What threshold tuning minimises. Safety first: a missed level costs most (less when
        the missing sign was at least listed as possible, for the check-up asks it first);
        over-triage costs, and more past the goal of 5 % of messages; so do a possible sign
        shown that the message does not have and a message put on the wrong side of the scope
        (see ``cost_of_counts``)."""
        return cost_of_counts(*self.cost_counts(), self.messages)

    def cost_counts(self) -> tuple[int, int, int, int, int, int]:
        """What the cost weighs, in ``cost_of_counts``'s order: unflagged and flagged
        under-triage, over-triage, wrong findings, possible signs shown wrongly, messages
        wrongly in or out of scope.

        A wrong finding is a labelled one missed, or one read present that the message denies
        or gives to someone else; not one read where the message says nothing of it. Most of
        those were findings the writers left out ("done my back in, took nurofen" with no back
        pain labelled), and counted as wrong they made tuning set the self-care findings only
        at 0.9: 77 % of labelled findings read right where 0.6 read 85 %, with no triage
        figure moved. Counted without the ones given to someone else, tuning read "my dad has
        a bad back" as the writer's own back."""
        return (self.under - self.under_flagged, self.under_flagged, self.over,
                sum(self.false_neg.values()) + self.wrong_reads,
                self.false_possible, self.messages - self.scope_right)


def cost_of_counts(unflagged: float, flagged: float, over: float, wrong_findings: float,
                   false_possible: float, wrong_scope: float, messages: float) -> float:
    """``Score.cost`` from its counts, which may be weighted sums (a bootstrap resample's).

    A possible sign the message does not have costs as much as an over-triaged message: the
    person is shown it first, with what to do if it is there ("call 999 now"), which alarms as
    much as a level set too high. When listing was priced per message instead (0.3 for a
    message's average listings), it cost tuning almost nothing, and tuning listed signs at a
    fifth of their threshold: one self-care message in eight on dev was told it might describe
    self-harm, an overdose or fainting. A message on the wrong side of the scope costs as
    much too: every emergency rule still applies to it, but a back-pain message put out of
    scope loses its plan and causes, and one about a knee is given a back plan. Unpriced,
    tuning let the scope head put 0.8 points more of dev on the wrong side for a level
    changed in a few messages."""
    beyond_goal = max(0.0, over - OVER_TRIAGE_GOAL * messages)
    return (10 * unflagged + 3 * flagged + over + 2 * beyond_goal + 0.05 * wrong_findings
            + false_possible + wrong_scope)


def score(messages: Sequence[corpus.Message], readings: Sequence[TextReading],
          kb: KnowledgeBase) -> Score:
    result = Score()
    for message, reading in zip(messages, readings, strict=True):
        result.messages += 1
        gold, got = gold_level(message, kb), read_level(message, reading, kb)
        result.exact += gold == got
        result.scope_right += message.in_scope == reading.in_scope
        # The level each possible sign would bring; the person is shown those that raise it.
        if_present = [(p.finding, RANK[read_level(message, _with(reading, p.finding), kb)])
                      for p in reading.possible]
        shown = [finding for finding, rank in if_present if rank > RANK[got]]
        result.possible += len(shown)
        wrongly_listed = sum(message.findings.get(finding) is not True for finding in shown)
        result.false_possible += wrongly_listed
        result.false_possible_messages += wrongly_listed > 0
        if RANK[got] < RANK[gold]:
            result.under += 1
            raised = any(rank >= RANK[gold] for _, rank in if_present)
            result.under_flagged += raised
            result.misses.append(f"{message.id}: {gold} read as {got}"
                                 f"{' (flagged possible)' if raised else ''}")
        elif RANK[got] > RANK[gold]:
            result.over += 1
        if gold == "emergency":
            result.emergencies += 1
            result.emergencies_caught += got == "emergency"
        for fid, value in message.findings.items():
            if fid not in kb.findings or kb.findings[fid].kind != "bool":
                continue
            result.findings_total += 1
            result.findings_right += reading.findings.get(fid) == value
            if value is True:
                if reading.findings.get(fid) is True:
                    result.true_pos[fid] += 1
                else:
                    result.false_neg[fid] += 1
        for fid, value in reading.findings.items():
            if value is True and message.findings.get(fid) is not True and fid in kb.findings:
                result.false_pos[fid] += 1
                result.wrong_reads += (message.findings.get(fid) is False
                                       or fid in message.not_this_person)
        for number in NUMBERS:
            verdict = number_verdict(message.findings.get(number), reading.findings.get(number))
            if verdict is not None:
                result.numbers.setdefault(number, Counter())[verdict] += 1
    return result


def causes(messages: Sequence[corpus.Message], readings: Sequence[TextReading],
           kb: KnowledgeBase) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """What made messages read wrong, counted as (finding, cause), to see where to work.

    A message read too high counts each finding it was wrongly given that alone raises its
    level, with who set it (``lexicon``: the word list, or ``model``); where none does alone,
    ``scope`` (put on the wrong side of it) or ``together`` (findings that raise it only
    together). A message read too low counts each finding it states that was not set, and
    why: ``possible`` (listed for the person to confirm), ``denied`` (read as denied),
    ``set aside`` (read as someone else's, a fear, over, a look-alike), ``unread``; or
    ``scope or together`` where every finding it states was set."""
    over: Counter[tuple[str, str]] = Counter()
    under: Counter[tuple[str, str]] = Counter()
    for message, reading in zip(messages, readings, strict=True):
        gold, got = RANK[gold_level(message, kb)], RANK[read_level(message, reading, kb)]
        if got > gold:
            raising = [
                (fid, next(e.source for e in reading.evidence if e.finding == fid))
                for fid, value in reading.findings.items()
                if value is True and message.findings.get(fid) is not True
                and RANK[read_level(message, _without(reading, fid), kb)] < got]
            if not raising:
                raising = [("scope" if reading.in_scope != message.in_scope else "together",
                            "")]
            over.update(raising)
        elif got < gold:
            listed = {p.finding for p in reading.possible}
            set_aside = {i.finding for i in reading.ignored}
            missing = [fid for fid, value in message.findings.items()
                       if value is True and reading.findings.get(fid) is not True]
            for fid in missing:
                why = ("possible" if fid in listed else "denied"
                       if reading.findings.get(fid) is False else "set aside"
                       if fid in set_aside else "unread")
                under[(fid, why)] += 1
            if not missing:
                under[("scope or together", "")] += 1
    return over, under


def causes_table(over: Counter[tuple[str, str]], under: Counter[tuple[str, str]]) -> str:
    """``causes`` as two Markdown tables, the most frequent first (a message read wrong
    through two findings counts once for each)."""
    lines = ["", "| read too high by | who set it | times |", "|---|---|---|"]
    lines += [f"| `{fid}` | {source} | {count} |" for (fid, source), count in over.most_common()]
    lines += ["", "| read too low, missing | why | times |", "|---|---|---|"]
    lines += [f"| `{fid}` | {why} | {count} |" for (fid, why), count in under.most_common()]
    return "\n".join(lines)


def number_verdict(gold: object, read: object) -> str | None:
    """How a number was read against its label: right (within one, or a tenth of it, as a
    day either way or a rounded month does not matter), missed, wrong, extra (read where
    none is labelled); None where neither gives one."""
    if gold is None:
        return None if read is None else "extra"
    if read is None:
        return "missed"
    assert isinstance(gold, int | float) and isinstance(read, int | float)
    return "right" if abs(gold - read) <= max(1.0, 0.1 * gold) else "wrong"


def _with(reading: TextReading, finding: str) -> TextReading:
    return TextReading({**reading.findings, finding: True}, in_scope=reading.in_scope)


def _without(reading: TextReading, finding: str) -> TextReading:
    findings = {fid: value for fid, value in reading.findings.items() if fid != finding}
    return TextReading(findings, in_scope=reading.in_scope)


def table(result: Score, title: str) -> str:
    """The headline figures and the per-finding table, in Markdown."""
    n = result.messages or 1
    lines = [
        f"### {title}: {result.messages} messages", "",
        "| measure | value |", "|---|---|",
        f"| triage exact | {result.exact / n:.1%} ({result.exact}) |",
        f"| under-triaged | {result.under} ({result.under_flagged} of them with the missing "
        "sign listed as possible) |",
        f"| emergencies caught | {result.emergencies_caught} of {result.emergencies} |",
        f"| over-triaged | {result.over} ({result.over / n:.1%}) |",
        f"| findings right (labelled yes/no findings) | "
        f"{result.findings_right / max(result.findings_total, 1):.1%} |",
        f"| in scope right | {result.scope_right / n:.1%} |",
        f"| possible signs shown per message | {result.possible / n:.2f} |",
        f"| messages showing a possible sign they do not have | "
        f"{result.false_possible_messages} ({result.false_possible_messages / n:.1%}) |",
        f"| cost (what tuning weighs: a missed level most) | {result.cost():.1f} |",
        "", "| number | labelled | read right | missed | wrong | read where none is labelled |",
        "|---|---|---|---|---|---|",
    ]
    for number, counts in sorted(result.numbers.items()):
        labelled = counts["right"] + counts["missed"] + counts["wrong"]
        lines.append(f"| `{number}` | {labelled} | {counts['right']} | {counts['missed']} | "
                     f"{counts['wrong']} | {counts['extra']} |")
    lines += ["", "| finding | present (gold) | precision | recall |", "|---|---|---|---|"]
    names = sorted(set(result.true_pos) | set(result.false_neg) | set(result.false_pos))
    for fid in names:
        tp, fp, fn = result.true_pos[fid], result.false_pos[fid], result.false_neg[fid]
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "–"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "–"
        lines.append(f"| `{fid}` | {tp + fn} | {precision} | {recall} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--lexicon-only", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--causes", action="store_true",
                        help="what raised each message read too high, and why each one read "
                             "too low missed its finding")
    parser.add_argument("--file", action="append", metavar="NAME",
                        help="only the share's messages from this file (sealed_a.jsonl …); "
                             "repeat for more: a sealed set is reported apart from the others")
    args = parser.parse_args()
    kb = backcare.load_knowledge()
    messages = [m for m in corpus.load() if m.split == args.split
                and (not args.file or Path(m.source).name in args.file)]
    if not messages:
        parser.error(f"no {args.split} messages in {', '.join(args.file or ['the corpus'])}")
    texts = [m.text for m in messages]
    if args.lexicon_only:
        lexicon = reader_for(kb)
        readings = [lexicon.read(text) for text in texts]
    else:
        readings = backcare.language.read_texts(texts, kb)
    result = score(messages, readings, kb)
    reader = "lexicon alone" if args.lexicon_only else "lexicon and model"
    files = f" ({', '.join(args.file)})" if args.file else ""
    print(table(result, f"{args.split} share{files}, {reader}"))
    if args.causes:
        print(causes_table(*causes(messages, readings, kb)))
    if args.show_misses:
        print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
