"""``backcare check``: the guided check-up in a terminal, one question at a time.

The conversation keeps one snapshot per answered question, so "back" is simply dropping the
last one and asking again; the engine, being a pure function of what is known, needs no undo of
its own. The person's story goes through the language layer exactly as in ``backcare assess``,
and what it established is never asked again. The result is the ordinary assessment, shown as
``assess`` shows it — or, with ``--json``, printed as the contract's JSON while the questions go
to standard error, so a script gets clean output. It can then open an episode in the recovery
diary, the same way ``assess --save`` does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backcare.assessment import Assessment, assess
from backcare.conditions import FindingValue
from backcare.intake import IntakeError, parse_intake
from backcare.interview.engine import Question, next_question, questions_left
from backcare.interview.model import Interview, load_interview
from backcare.interview.replies import (
    Answer,
    DontKnow,
    GoBack,
    Reply,
    Story,
    Unclear,
    read_reply,
    read_yes,
)
from backcare.knowledge.loader import KnowledgeBase
from backcare.terminal import render_assessment
from backcare.triage import emergency_advice

INTERRUPTED = 130  # the shell's code for a program stopped by Ctrl-C
HINTS = {
    "text": "Type your answer and press Enter (Enter alone to skip).",
    "yes_no": 'Type "yes" or "no"',
    "number": "Type a number",
    "choice": "Type the number of your answer",
    "checklist": 'Type the numbers that apply (for example "1 3"), or "none"',
}
ALWAYS_ALLOWED = ' · "?" if you don\'t know · "back" for the previous question'



@dataclass(frozen=True)
class Snapshot:
    """Everything known after one more answer; the engine is asked afresh from each."""

    story: str | None = None
    told: Mapping[str, FindingValue] = field(default_factory=dict)
    answers: Mapping[str, FindingValue] = field(default_factory=dict)
    dont_know: frozenset[str] = frozenset()
    # Warning signs the story may describe: asked first.
    possible: tuple[str, ...] = ()

    @property
    def known(self) -> dict[str, FindingValue]:
        return {**self.told, **self.answers}


@dataclass(frozen=True)
class Person:
    """What the command line said about the person, passed to every assessment."""

    age: int | None
    sex: str | None
    region: str | None

    def intake(self, snapshot: Snapshot) -> dict[str, object]:
        raw: dict[str, object] = {"findings": dict(snapshot.answers)}
        if snapshot.story is not None:
            raw["text"] = snapshot.story
        for key in ("age", "sex", "region"):
            if getattr(self, key) is not None:
                raw[key] = getattr(self, key)
        return raw


def run_check(
    *,
    age: int | None = None,
    sex: str | None = None,
    region: str | None = None,
    as_json: bool = False,
    save: bool | None = None,
    db: str | None = None,
) -> int:
    """Hold the check-up and show the result; returns the exit status (130 when interrupted).

    ``save`` keeps the result in the recovery diary at ``db`` (True), never does (False), or
    asks the person once the result is shown (None) — except in an emergency, where nothing
    should come between the person and the call.
    """
    console = Console(stderr=as_json)
    interview = load_interview()
    kb = interview.kb
    person = Person(age, sex, region)
    try:
        parse_intake({k: v for k, v in vars(person).items() if v is not None})
    except IntakeError as exc:
        console.print(f"[red]error[/red] {exc}")
        return 2
    if region is not None and kb.region(region) is None:
        known = ", ".join(r.code for r in kb.regions)
        console.print(f"[red]error[/red] region: unknown region {region!r} (known: {known})")
        return 2
    try:
        result, unsure = _converse(interview, person, console)
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            console.print()
            render_assessment(result, kb, console, unsure=unsure)
        if save is None and not as_json and result.level != "emergency":
            question = Text("\nSave this check-up in your recovery diary? (yes/no) ")
            save = read_yes(console.input(question)) is True
    except KeyboardInterrupt:
        console.print("\n[bold]Check-up stopped.[/bold] Nothing was saved. "
                      "If a warning sign appears, get help at once.")
        return INTERRUPTED
    except EOFError:
        console.print("\n[red]Input ended before the check-up was finished.[/red]")
        return 1
    if save:
        from backcare.diary.commands import save_assessment

        save_assessment(result, db)
    return 0


def _converse(interview: Interview, person: Person,
              console: Console) -> tuple[Assessment, frozenset[str]]:
    """Ask until no question is left; the assessment, and the findings answered "don't
    know"."""
    kb = interview.kb
    emergency = emergency_advice(kb, kb.region(person.region))
    console.print(Panel(
        Text.assemble(
            ("A few questions, warning signs first. ", "bold"),
            'Type "?" if you don\'t know, "back" to change your last answer, '
            "Ctrl-C to stop.\n",
            (f"If you think this is an emergency, do not wait: call {emergency}.", "bold red"),
        ),
        title="backcare check-up", border_style="blue",
    ))
    history = [Snapshot()]
    while True:
        now = history[-1]
        opened = now.story is not None
        question = next_question(now.known, person.age, now.dont_know,
                                 opening_answered=opened, possible=now.possible,
                                 interview=interview)
        if question is None:
            return assess(person.intake(now), kb=kb), now.dont_know
        number = len(history)
        left = questions_left(now.known, person.age, now.dont_know,
                              opening_answered=opened, possible=now.possible,
                              interview=interview)
        console.rule(Text(f"Question {number} of about {number - 1 + left}"), style="dim")
        reply = _ask(question, console)
        if isinstance(reply, GoBack):
            if len(history) == 1:
                console.print("[dim]This is the first question.[/dim]")
            else:
                history.pop()
            continue
        after = _apply(now, question, reply, person, kb, console)
        if after is not None:
            history.append(after)


def _ask(question: Question, console: Console) -> Reply:
    """Show the question and read replies until one fits it."""
    console.print(Text(question.text, style="bold"))
    lines = _choices(question)
    if lines:
        # A grid keeps a long item's wrapped words under its text, clear of the numbers.
        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right")
        grid.add_column()
        for number, line in enumerate(lines, start=1):
            grid.add_row(Text(str(number), style="cyan"), Text(line))
        console.print(Padding(grid, (0, 0, 0, 2)))
    console.print(Text(f"Why we ask: {question.why}", style="dim italic"))
    hint = HINTS[question.type] + ("" if question.type == "text" else ALWAYS_ALLOWED)
    console.print(Text(hint, style="dim"))
    while True:
        reply = read_reply(question, console.input("[bold cyan]› [/bold cyan]"))
        if not isinstance(reply, Unclear):
            return reply
        console.print(Text(reply.message, style="yellow"))


def _choices(question: Question) -> list[str]:
    if question.type == "checklist":
        return [item.text for item in question.items]
    return [option.text for option in question.options]


def _apply(
    now: Snapshot,
    question: Question,
    reply: Reply,
    person: Person,
    kb: KnowledgeBase,
    console: Console,
) -> Snapshot | None:
    """The snapshot after this reply, or None when it must be asked again."""
    if isinstance(reply, DontKnow):
        return replace(now, dont_know=now.dont_know | set(question.findings))
    if isinstance(reply, Answer):
        return replace(now, answers={**now.answers, **reply.values})
    if isinstance(reply, Story):
        try:
            reading = assess(person.intake(replace(now, story=reply.text)), kb=kb)
        except IntakeError as exc:
            console.print(Text(exc.message, style="yellow"))
            return None
        told = {fid: value for fid, value in reading.findings.items() if fid != "age"}
        _show_understood(told, kb, console)
        return replace(now, story=reply.text, told=told,
                       possible=tuple(sign.finding for sign in reading.possible))
    raise TypeError(f"cannot apply {reply!r}")  # pragma: no cover - GoBack is handled before


def _show_understood(told: Mapping[str, FindingValue], kb: KnowledgeBase, console: Console) -> None:
    """Say back what the story established, so the person can trust what is skipped."""
    if not told:
        return
    parts = []
    for fid, value in told.items():
        label = kb.findings[fid].label
        parts.append(f"no: {label.lower()}" if value is False
                     else label if value is True else f"{label}: {value:g}")
    console.print(Text("From what you wrote: " + " · ".join(parts), style="green"))

