"""Run the guided check-up against labelled vignettes with a virtual patient; print a table.

    .venv/bin/python bench/simulate_interview.py ../shared/eval/vignettes.jsonl [--cases]

Each case is one person. The check-up opens by asking for their story, and the patient gives the
case's `text` ("with text") or nothing at all ("engine alone", which shows the interview engine
without the language layer). After that the patient answers every question from what the case
labels — `gold.findings`, the case's structured `findings` and its `age` — and says "don't know"
to anything unlabelled. The final level comes from `backcare.assess` over the story and the
answers, exactly as `backcare check` does it.

Reported per mode: final level equal to the label, under-triage (a level below the label), the
number of questions asked (the story counts as one), and for emergencies the question at which
the level first reached `emergency`. "Engine alone" leaves out the cases labelled out of scope:
without the person's words nothing says that their symptoms are not about the back.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from backcare import assess, load_knowledge
from backcare.conditions import FindingValue
from backcare.interview import next_question
from backcare.knowledge.schema import LevelId
from backcare.triage import RANK, level_for

KB = load_knowledge()


@dataclass(frozen=True)
class Run:
    case_id: str
    want: LevelId
    got: LevelId
    questions: int
    emergency_at: int | None


def interview(case: dict[str, Any], with_text: bool) -> Run:
    """One check-up with a virtual patient who knows only what the case labels."""
    truth: dict[str, FindingValue] = {**case["gold"]["findings"], **case.get("findings", {})}
    age: int | None = case.get("age")
    opening = next_question({}, age)
    if opening is None or opening.type != "text":
        raise AssertionError(f"{case['id']}: the check-up did not open with the story")
    story = case["text"] if with_text else None
    told: dict[str, FindingValue] = {}
    if story is not None:
        told = {k: v for k, v in assess(text=story, age=age, kb=KB).findings.items() if k != "age"}
    answers: dict[str, FindingValue] = {}
    dont_know: set[str] = set()
    asked = 1
    emergency_at = 1 if _level({**told}, age) == "emergency" else None
    while (question := next_question({**told, **answers}, age, dont_know,
                                     opening_answered=True)) is not None:
        asked += 1
        for fid in question.findings:
            if fid in told or fid in answers or fid in dont_know:
                raise AssertionError(f"{case['id']}: {question.id} asks {fid!r} again")
            if fid in truth:
                answers[fid] = truth[fid]
            else:
                dont_know.add(fid)
        if emergency_at is None and _level({**told, **answers}, age) == "emergency":
            emergency_at = asked
        if asked > 40:
            raise AssertionError(f"{case['id']}: the check-up does not end")
    intake: dict[str, Any] = {"findings": answers, "age": age}
    intake["text"] = story if story is not None else ""
    final = assess(intake, kb=KB)
    return Run(case["id"], case["gold"]["level"], final.triage.level, asked, emergency_at)


def _level(findings: dict[str, FindingValue], age: int | None) -> LevelId:
    return level_for({**findings, **({"age": age} if age is not None else {})}, KB)


def summarise(title: str, runs: list[Run], console: Console, show_cases: bool) -> None:
    exact = sum(r.got == r.want for r in runs)
    under = [r for r in runs if RANK[r.got] < RANK[r.want]]
    over = [r for r in runs if RANK[r.got] > RANK[r.want]]
    counts = [r.questions for r in runs]
    emergencies = [r for r in runs if r.want == "emergency"]
    late = [r for r in emergencies if r.emergency_at is None or r.emergency_at > 3]
    worst = max(runs, key=lambda r: r.questions)

    table = Table(title=title, title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("aim", justify="right")
    table.add_row("cases", str(len(runs)), "")
    table.add_row("final level = label", f"{exact}/{len(runs)} ({exact / len(runs):.0%})", "≥ 98 %")
    table.add_row("under-triage", str(len(under)), "0")
    table.add_row("over-triage", str(len(over)), "")
    table.add_row("questions, mean (story included)", f"{statistics.mean(counts):.1f}", "≤ 8")
    table.add_row("questions, max (story included)", f"{worst.questions} ({worst.case_id})", "≤ 15")
    table.add_row("questions, mean after the story", f"{statistics.mean(counts) - 1:.1f}", "")
    reached = sorted(r.emergency_at for r in emergencies if r.emergency_at is not None)
    table.add_row("emergencies reaching `emergency` by question 3",
                  f"{len(emergencies) - len(late)}/{len(emergencies)}", "all")
    table.add_row("  …question it happened at (story = 1)",
                  " ".join(str(n) for n in reached) or "—", "")
    console.print(table)
    for r in under + over + late:
        console.print(f"  {r.case_id}: label {r.want}, got {r.got}, {r.questions} questions, "
                      f"emergency at {r.emergency_at}")
    if show_cases:
        cases = Table(box=None)
        for column in ("case", "label", "got", "questions", "emergency at"):
            cases.add_column(column)
        for r in runs:
            cases.add_row(r.case_id, r.want, r.got, str(r.questions), str(r.emergency_at or ""))
        console.print(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("vignettes", type=Path, help="JSON Lines of labelled cases")
    parser.add_argument("--cases", action="store_true", help="also list every case")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.vignettes.read_text().splitlines() if line.strip()]
    if not cases:
        sys.exit(f"{args.vignettes}: no cases")
    console = Console()
    summarise("Check-up, with text (the story is the case's text)",
              [interview(c, with_text=True) for c in cases], console, args.cases)
    in_scope = [c for c in cases if c["gold"].get("in_scope", True)]
    summarise("Check-up, engine alone (the story sets nothing; in-scope cases)",
              [interview(c, with_text=False) for c in in_scope], console, args.cases)


if __name__ == "__main__":
    main()
