"""Which of the word list's ``present`` phrases the trained reader already reads on its own.

Why: the word list (``knowledge/findings/*.yaml``) is kept small — plain, precise phrasings and
their exact evidence spans — and a new phrasing is now a labelled corpus example, not a
pattern. A phrase can go once the corpus shows the model reads what it reads with no loss;
this script measures that, phrase by phrase, so that a removal is a measurement, not a guess::

    .venv/bin/python training/lexicon_coverage.py                 # a table of every phrase
    .venv/bin/python training/lexicon_coverage.py --json out.json # the same, for a script
    .venv/bin/python training/lexicon_coverage.py --remove        # take the removable out

For each ``present`` phrase of each finding it counts the messages of the corpus's train and
dev shares it matches (never the sealed test) and says whether the model alone covers it:

* on every message it matches, the model reads that finding the way the message is labelled,
  on the unit around the match: present at or above the finding's threshold where the label
  says true; denied, and not even possible, where it says false; not present where the label
  sets nothing (the phrase, inside a fear or someone else's history, kept the model from
  reading those words);
* a phrase that matches no message of the dev share (none, or only train messages, which
  the model may simply remember) is also tried on examples made from its own pattern (first
  and last alternatives, fewest repeats, a letter for a word character…), each in a few plain
  carrier sentences, and must be read present in every one;
* a phrase whose finding another one yields to (``yields_to``) is also tried on those
  examples, and is not covered where its words hold that other finding's: it keeps that
  narrower reading away, which the model alone does not do.

A warning sign (a finding that brings ``urgent`` or ``emergency`` on its own, or that such a
rule names) is covered only with a margin: every reading at :data:`WARNING_MARGIN` or more.
Even so its phrases stay: when the lexicon was first shrunk (December 2026), 18 phrases of
findings that bring urgent or emergency on their own passed that margin, and of the 6 that
the project's fresh-message tests use, 3 were
then missed ("little accidents in my underwear", "my BMs just come out without me knowing",
"taken more ibuprofen than the packet says") — a margin on the corpus did not carry over to
new words. So only phrases that are covered and not a warning sign are listed as removable.

With ``--remove``, each removable phrase that the model also reads in sentences made from
its own words (those of ``CARRIERS``) is deleted from its findings file, with the comment just
above it, and written with those sentences into ``tests/lexicon_removed.yaml``: a test holds
every later model to reading each of them, so a retrained reader cannot silently lose what
a removed phrase used to catch. A phrase the model covers may still be needed elsewhere (a
test, a scenario): a removal is checked with ``training/evaluate.py --split dev`` and the
test suite, not by this script alone.

With ``--restore``, it works the other way, after a retraining: each phrase of
``tests/lexicon_removed.yaml`` whose sentences the reader (word list and model) no longer all
reads goes back into its finding's ``present`` list, after the last phrase there, and leaves
``tests/lexicon_removed.yaml``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import corpus
import yaml

import backcare
from backcare.knowledge.loader import KnowledgeBase
from backcare.language.model_reader import (
    DENIED,
    PRESENT,
    ClauseModel,
    ModelReading,
    shared_model,
)
from backcare.language.phrases import PhraseCompiler, PhrasePattern, normalise
from backcare.language.rules import load_language_rules
from backcare.triage import URGENT_LEVELS, level_for, warning_rule_findings

# The standard library's own parse of a pattern (untyped internals, as pattern_cache.py uses).
_PARSER: Any = importlib.import_module("re._parser")
_CONSTANTS: Any = importlib.import_module("re._constants")

WARNING_MARGIN = 0.9
# The patient speaking, with the phrase said plainly.
CARRIERS = ("my back hurts and {}", "{} since yesterday", "i have had {} for two days")
REMOVED = corpus.ROOT / "tests" / "lexicon_removed.yaml"


@dataclass
class Phrase:
    """One ``present`` line of a findings file, and what the corpus says of it."""

    file: str
    line: int  # 1-based, in ``file``
    finding: str
    phrase: str
    tier: str  # the level the finding brings on its own
    warning: bool  # a warning sign: kept whatever the model reads (see WARNING_MARGIN)
    train: int = 0  # messages of the train share it matches
    dev: int = 0  # messages of the dev share it matches
    examples: list[str] = field(default_factory=list)  # made from the pattern, when unmatched
    misread: list[str] = field(default_factory=list)  # where the model did not read it so
    lowest: float | None = None  # the weakest reading that counted
    covered: bool = False
    why: str = ""


def present_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """``(finding, line, phrase)`` for each ``present`` phrase of a findings file."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if key.value != "findings" or not isinstance(value, yaml.SequenceNode):
            continue
        for entry in value.value:
            fields = {k.value: v for k, v in entry.value}
            lexicon = fields.get("lexicon")
            if not isinstance(lexicon, yaml.MappingNode):
                continue
            for name, phrases in lexicon.value:
                if name.value == "present" and isinstance(phrases, yaml.SequenceNode):
                    for node in phrases.value:
                        yield fields["id"].value, node.start_mark.line + 1, node.value


def examples_of(regex: str, limit: int = 3) -> list[str]:
    """A few strings the pattern ``regex`` matches: first and last alternatives, with optional
    words left out and put in once, and no words in a ``~`` gap."""
    tree = _PARSER.parse(regex)
    made = [_walk(tree, first=True, least=True), _walk(tree, first=True, least=False),
            _walk(tree, first=False, least=True)]
    return list(dict.fromkeys(" ".join(text.split()) for text in made if text.strip()))[:limit]


def _walk(items: Any, first: bool, least: bool) -> str:
    c = _CONSTANTS
    out: list[str] = []
    for op, arg in items:
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is c.ANY:
            out.append("a")
        elif op is c.IN:
            out.append(_one_of(arg))
        elif op is c.BRANCH:
            branches = arg[1]
            out.append(_walk(branches[0] if first else branches[-1], first, least))
        elif op is c.SUBPATTERN:
            out.append(_walk(arg[-1], first, least))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, body = arg
            # An optional letter or word is put in; a run of any word (a ``~`` gap) is not.
            count = low if least or not _literal(body) else max(low, 1)
            out.append(_walk(body, first, least) * count)
        # assertions, anchors and look-arounds add no characters
    return "".join(out)


def _literal(items: Any) -> bool:
    """Whether a parsed piece is fixed words (letters, groups and alternatives of them)."""
    c = _CONSTANTS
    for op, arg in items:
        if op is c.SUBPATTERN and not _literal(arg[-1]):
            return False
        if op is c.BRANCH and not all(_literal(branch) for branch in arg[1]):
            return False
        if op not in (c.LITERAL, c.SUBPATTERN, c.BRANCH):
            return False
    return True


def _one_of(items: list[tuple[Any, Any]]) -> str:
    c = _CONSTANTS
    negated = any(op is c.NEGATE for op, _ in items)
    if negated:
        banned = {chr(arg) for op, arg in items if op is c.LITERAL}
        return "a" if "a" not in banned else "b"
    op, arg = items[0]
    if op is c.LITERAL:
        return chr(arg)
    if op is c.RANGE:
        return chr(arg[0])
    if op is c.CATEGORY:
        return {c.CATEGORY_DIGIT: "1", c.CATEGORY_SPACE: " "}.get(arg, "a")
    return "a"


class Coverage:
    """Measures every phrase against the corpus and the model."""

    def __init__(self, kb: KnowledgeBase, model: ClauseModel) -> None:
        rules = load_language_rules()
        self.kb = kb
        self.model = model
        self.compiler = PhraseCompiler(rules.macros, rules.gap)
        self.wholes: dict[str, PhrasePattern] = {}  # each finding's whole present list
        self.readable = {fid for fid in model.findings
                         if fid in kb.findings and kb.findings[fid].kind == "bool"}

    def measure(self, phrases: list[Phrase], messages: list[corpus.Message]) -> None:
        plain = [normalise(m.text) for m in messages]
        excludes = {fid: self.compiler.compile(f.lexicon.exclude, fid)
                    for fid, f in self.kb.findings.items()}
        matches: dict[int, list[tuple[int, int, int]]] = {}  # phrase -> (message, start, end)
        # Only the messages a finding's whole list matches can match one of its phrases.
        candidates: dict[str, list[int]] = {}
        for fid, finding in self.kb.findings.items():
            whole = self.compiler.compile(finding.lexicon.present, fid)
            if whole is not None:
                self.wholes[fid] = whole
            candidates[fid] = [n for n, text in enumerate(plain)
                               if whole is not None and whole.regex.search(text)]
        for index, item in enumerate(phrases):
            pattern = self.compiler.require([item.phrase], f"{item.file}:{item.line}")
            exclude = excludes[item.finding]
            for number in candidates[item.finding]:
                text = plain[number]
                spans = _spans(pattern, exclude, text)
                if spans:
                    matches.setdefault(index, []).append((number, *spans[0]))
                    share = messages[number].split
                    item.dev += share == "dev"
                    item.train += share == "train"
        read = sorted({number for found in matches.values() for number, _, _ in found})
        readings = dict(zip(read, self.model.read_many([messages[n].text for n in read]),
                            strict=True))
        for index, item in enumerate(phrases):
            if item.finding not in self.readable:
                item.why = "the model does not read this finding"
                continue
            for number, start, end in matches.get(index, ()):
                message = messages[number]
                self._judge(item, readings[number], start, end, message.findings.get(
                    item.finding), message.id)
            if not item.dev or self._yielded_to(item.finding):
                # The model learnt its train messages: read right there, it may only have
                # remembered them. Words it never saw must be read too.
                self.try_examples(item)
            hidden = self._hides(item, [plain[n][start:end] for n, start, end
                                        in matches.get(index, ())] + item.examples)
            if hidden:
                item.why = f"its words hide {hidden}'s (yields_to)"
            if not item.why:
                item.covered = not item.misread
                item.why = "covered" if item.covered else "misread"

    def _yielded_to(self, finding: str) -> bool:
        return any(finding in other.lexicon.yields_to for other in self.kb.findings.values())

    def _hides(self, item: Phrase, said: list[str]) -> str | None:
        """A finding that yields to this one whose phrase lies inside words this phrase found:
        the phrase also keeps that narrower reading away ("legs ache when I walk" is pain on
        walking, not both legs), which the model alone does not do."""
        for fid, finding in self.kb.findings.items():
            whole = self.wholes.get(fid)
            if item.finding in finding.lexicon.yields_to and whole is not None and any(
                    whole.regex.search(words) for words in said):
                return fid
        return None

    def _judge(self, item: Phrase, reading: ModelReading, start: int, end: int,
               label: bool | int | float | None,
               where: str) -> None:
        """Whether the model alone reads the unit around ``start:end`` as labelled."""
        column = self.model.findings.index(item.finding)
        rows = [row for row, unit in enumerate(reading.units)
                if unit.start < end and start < unit.end]
        if reading.probabilities is None or not rows:
            item.misread.append(f"{where}: no unit")
            return
        cells = reading.probabilities[rows, column]
        present = float(cells[:, PRESENT].max())
        denied = float(cells[:, DENIED].max())
        thresholds = self.model.thresholds
        margin = WARNING_MARGIN if item.warning else 0.0
        value: float | None = None
        if label is True:
            ok, value = present >= max(thresholds.present_at(item.finding), margin), present
        elif label is False:
            ok = (denied >= max(thresholds.denied, margin)
                  and present < thresholds.possible_at(item.finding))
            value = denied
        else:  # set aside or unlabelled: the model must not read it present there either
            ok = present < thresholds.present_at(item.finding)
        if not ok:
            item.misread.append(f"{where} (labelled {label}): present {present:.2f}, "
                                f"denied {denied:.2f}")
        if value is not None:
            item.lowest = value if item.lowest is None else min(item.lowest, value)

    def try_examples(self, item: Phrase) -> None:
        pattern = self.compiler.require([item.phrase], f"{item.file}:{item.line}")
        item.examples = [text for text in examples_of(pattern.regex.pattern)
                         if _spans(pattern, None, normalise(text))]
        if not item.examples:
            item.why = "no example could be made from the pattern"
            return
        sentences = carried(item.examples)
        for sentence, reading in zip(sentences, self.model.read_many(sentences), strict=True):
            example = next(text for text in item.examples if text in sentence)
            start = sentence.find(example)
            self._judge(item, reading, start, start + len(example), True, repr(sentence))


def carried(examples: list[str]) -> list[str]:
    """Each example said plainly by the patient, in every sentence of ``CARRIERS``."""
    return [carrier.format(text) for text in examples for carrier in CARRIERS]


def _spans(pattern: PhrasePattern, exclude: PhrasePattern | None,
           text: str) -> list[tuple[int, int]]:
    """Where ``pattern`` finds its phrase in ``text``, outside the finding's excluded words."""
    excluded = [m.span() for m in exclude.finditer(text)] if exclude else []
    return [m.span() for m in pattern.finditer(text)
            if not any(m.start() < e and s < m.end() for s, e in excluded)]


def collect(kb: KnowledgeBase) -> list[Phrase]:
    """Every ``present`` phrase of the findings files, with its finding's tier."""
    named = warning_rule_findings(kb)
    phrases = []
    for path in sorted(corpus.FINDINGS_DIR.glob("*.yaml")):
        for finding, line, phrase in present_lines(path):
            tier = (level_for({finding: True}, kb) if kb.findings[finding].kind == "bool"
                    else "number")
            phrases.append(Phrase(path.name, line, finding, phrase, tier,
                                  warning=tier in URGENT_LEVELS or finding in named))
    return phrases


def table(phrases: list[Phrase]) -> str:
    lines = ["| file:line | finding | tier | warning | train | dev | covered | lowest | phrase |",
             "|---|---|---|---|---|---|---|---|---|"]
    for item in phrases:
        lowest = "–" if item.lowest is None else f"{item.lowest:.2f}"
        shown = item.phrase if len(item.phrase) <= 70 else item.phrase[:67] + "..."
        lines.append(f"| {item.file}:{item.line} | {item.finding} | {item.tier} "
                     f"| {'yes' if item.warning else ''} | {item.train} | {item.dev} "
                     f"| {item.why} | {lowest} | `{shown}` |")
    covered = [item for item in phrases if item.covered]
    removable = sum(not item.warning for item in covered)
    lines.append(f"\n{len(covered)} of {len(phrases)} present phrases covered by the model alone; "
                 f"{removable} of them are not warning signs (removable)")
    return "\n".join(lines)


def remove(phrases: list[Phrase], coverage: Coverage) -> list[Phrase]:
    """Delete the removable phrases the model also reads in sentences made from their own
    words, and record them and those sentences in ``REMOVED``; the phrases removed."""
    removable = [item for item in phrases if item.covered and not item.warning]
    for item in removable:
        if not item.examples:
            coverage.try_examples(item)
    removed = [item for item in removable if item.examples and not item.misread]
    by_file: dict[str, set[int]] = {}
    for item in removed:
        by_file.setdefault(item.file, set()).add(item.line)
    for name, numbers in by_file.items():
        path = corpus.FINDINGS_DIR / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for number in sorted(numbers, reverse=True):
            first = number - 1
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1  # the comment that explains the phrase goes with it
            del lines[first:number]
        path.write_text("".join(lines), encoding="utf-8")
    held = yaml.safe_load(REMOVED.read_text(encoding="utf-8")) if REMOVED.exists() else []
    held += [{"finding": item.finding, "phrase": item.phrase,
              "sentences": carried(item.examples)} for item in removed]
    _hold(held)
    return removed


def _hold(entries: list[dict[str, Any]]) -> None:
    """Write ``entries`` (finding, phrase, sentences) as ``REMOVED``, which the tests read."""
    header = ("# Phrases taken out of the word list (knowledge/findings/*.yaml) because the\n"
              "# trained reader reads them alone (training/lexicon_coverage.py --remove).\n"
              "# tests/test_lexicon_removed.py holds every later model to reading each\n"
              "# sentence as its finding, present.\n")
    REMOVED.write_text(header + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True,
                                               width=100), encoding="utf-8")


def restore(kb: KnowledgeBase) -> list[str]:
    """Put back into the word list each removed phrase the reader no longer reads in all of
    its sentences, and stop holding the model to it; the phrases restored."""
    held: list[dict[str, Any]] = yaml.safe_load(REMOVED.read_text(encoding="utf-8"))
    missed = [entry for entry in held if any(
        reading.findings.get(entry["finding"]) is not True
        for reading in backcare.language.read_texts(entry["sentences"], kb))]
    for entry in missed:
        path, after = next((path, line) for path in sorted(corpus.FINDINGS_DIR.glob("*.yaml"))
                           for finding, line, _ in reversed(list(present_lines(path)))
                           if finding == entry["finding"])
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        indent = lines[after - 1][:len(lines[after - 1]) - len(lines[after - 1].lstrip())]
        quoted = entry["phrase"].replace("'", "''")
        lines.insert(after, f"{indent}# Restored: the retrained reader no longer read it alone.\n"
                            f"{indent}- '{quoted}'\n")
        path.write_text("".join(lines), encoding="utf-8")
    _hold([entry for entry in held if entry not in missed])
    return [entry["phrase"] for entry in missed]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write every phrase's figures here")
    parser.add_argument("--remove", action="store_true",
                        help="delete the removable phrases and hold the model to them")
    parser.add_argument("--restore", action="store_true",
                        help="put back the removed phrases the reader no longer reads, and stop")
    args = parser.parse_args()
    kb = backcare.load_knowledge()
    if args.restore:
        restored = restore(kb)
        print(f"restored {len(restored)} phrases: {restored}")
        return 0
    phrases = collect(kb)
    # corpus/train/ holds the train and dev shares; the sealed test is never opened.
    messages = corpus.load("train")
    coverage = Coverage(kb, shared_model())
    coverage.measure(phrases, messages)
    print(table(phrases))
    if args.remove:
        print(f"removed {len(remove(phrases, coverage))} phrases; see {REMOVED}")
    if args.json:
        args.json.write_text(json.dumps([asdict(p) for p in phrases], indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
