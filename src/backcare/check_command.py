"""The check-up in a terminal: ``backcare check``, and the screen ``backcare assess`` holds
before a verdict when a person is at the keyboard.

The conversation is a :class:`~backcare.interview.session.Session` — the same model the web
pages and the JSON API use — so going back, "don't know", the story and the screen follow the
same rules everywhere; this module only asks and prints. The result is the ordinary
assessment, shown as ``assess`` shows it — or, with ``--json``, printed as the contract's JSON
while the questions go to standard error, so a script gets clean output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backcare.assessment import assess
from backcare.conditions import FindingValue
from backcare.intake import IntakeError, parse_intake
from backcare.interview import Interview, Question, load_interview
from backcare.interview.replies import GoBack, Reply, Unclear, read_reply, read_yes
from backcare.interview.session import Session
from backcare.knowledge.loader import KnowledgeBase
from backcare.language import answering_for
from backcare.region_guess import region_from_locale
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


class Stopped(Exception):
    """The person pressed Ctrl-C, or the input ended, before the check-up was finished."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True, slots=True)
class RegionUsed:
    """The region whose emergency number is shown, and how it was chosen."""

    code: str | None
    how: str
    given: bool = False


def region_to_use(given: str | None, kb: KnowledgeBase) -> RegionUsed:
    """The region given on the command line, else the one the system locale suggests."""
    if given is not None:
        return RegionUsed(given, "given with --region", given=True)
    guessed, setting = region_from_locale(kb)
    if guessed is None:
        return RegionUsed(None, "no --region given")
    return RegionUsed(guessed.code, f"guessed from your system's language setting {setting}")


def run_check(
    *,
    age: int | None = None,
    sex: str | None = None,
    region: str | None = None,
    as_json: bool = False,
    save: bool | None = None,
    db: str | None = None,
    full: bool = False,
) -> int:
    """Hold the check-up and show the result; returns the exit status (130 when interrupted).

    ``save`` keeps the result in the recovery diary at ``db`` (True), never does (False), or
    asks the person once the result is shown (None) — except in an emergency, where nothing
    should come between the person and the call.
    """
    console = Console(stderr=as_json)
    interview = load_interview()
    kb = interview.kb
    try:
        parse_intake({k: v for k, v in {"age": age, "sex": sex}.items() if v is not None})
    except IntakeError as exc:
        console.print(f"[red]error[/red] {exc}")
        return 2
    if region is not None and kb.region(region) is None:
        known = ", ".join(r.code for r in kb.regions)
        console.print(f"[red]error[/red] region: unknown region {region!r} (known: {known})")
        return 2
    used = region_to_use(region, kb)
    try:
        greet(console, kb, used, "A few questions, warning signs first.")
        session = converse(Session(age, sex, used.code), interview, console)
        result = assess(session.intake(), kb=kb)
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            console.print()
            render_assessment(result, kb, console, unsure=session.now.unknown, full=full)
        if save is None and not as_json and result.level != "emergency":
            question = Text("\nSave this check-up in your recovery diary? (yes/no) ")
            save = read_yes(console.input(question)) is True
    except (KeyboardInterrupt, EOFError) as exc:
        return _stopped(console, exc).status
    if save:
        from backcare.diary.commands import save_assessment

        save_assessment(result, db)
    return 0


def screen(intake: Mapping[str, Any], console: Console) -> Session:
    """``backcare assess`` at a keyboard: ask the emergency signs the words left open (and
    those they may describe) before any verdict. Raises :class:`Stopped` on Ctrl-C or the end
    of the input, and :class:`IntakeError` for an intake an assessment would refuse."""
    interview = load_interview()
    kb = interview.kb
    with console.status("Reading what you wrote…"):
        session = Session.screen(intake, kb)
        first = session.position(interview)
    used = region_to_use(session.region, kb)
    session = session.with_region(used.code)
    if first.question is None:  # nothing to ask (an emergency, say): straight to the result
        if used.code is not None and not used.given:
            console.print(Text(number_used(kb, used), style="dim"))
        return session
    try:
        greet(console, kb, used, "Before your result, the warning signs your words did not "
                                 "rule out.")
        return converse(session, interview, console)
    except (KeyboardInterrupt, EOFError) as exc:
        raise _stopped(console, exc) from None


def greet(console: Console, kb: KnowledgeBase, used: RegionUsed, opening: str) -> None:
    """What the questions are for, how to answer, and the number to call — saying where the
    number came from, so a wrong guess is seen and can be changed."""
    number = emergency_advice(kb, kb.region(used.code))
    console.print(Panel(
        Text.assemble(
            (opening + " ", "bold"),
            'Type "?" if you don\'t know, "back" to change your last answer, '
            "Ctrl-C to stop.\n",
            (f"If you think this is an emergency, do not wait: call {number}.", "bold red"),
            (f" ({number_used(kb, used)})" if used.code else "", "dim"),
        ),
        title="backcare check-up", border_style="blue",
    ))


def number_used(kb: KnowledgeBase, used: RegionUsed) -> str:
    """Which emergency number is used, and where it came from."""
    region = kb.region(used.code)
    if region is None:
        return ""
    change = "" if used.given else "; --region to change it"
    return f"{region.emergency_number}: {region.name}, {used.how}{change}"


def converse(session: Session, interview: Interview, console: Console) -> Session:
    """Ask until no question is left; the session at the end."""
    kb = interview.kb
    here = session.position(interview)
    while True:
        if here.question is None:
            return session
        more = f"about {here.left - 1} more" if here.left > 1 else "the last one"
        bar = "█" * round(here.progress * 20) + "░" * (20 - round(here.progress * 20))
        console.rule(Text(f"Question {here.number} · {more}  {bar}"), style="dim")
        reply = _ask(here.question, console)
        if isinstance(reply, GoBack) and len(session.history) == 1:
            console.print("[dim]This is the first question.[/dim]")
            continue
        try:
            with console.status("Reading what you wrote…" if here.question.type == "text"
                                else "Choosing the next question…"):
                after = session.answer(here, reply, interview)
        except IntakeError as exc:
            console.print(Text(exc.message, style="yellow"))
            continue
        # The next position, once: it reads the story again (the model's costliest step).
        here = after.position(interview)
        if after.now.story is not None and session.now.story is None:
            _show_understood(here.told, kb, console)
            if here.about:
                console.print(Text(answering_for(here.about), style="bold"))
        session = after


def _stopped(console: Console, exc: BaseException) -> Stopped:
    if isinstance(exc, KeyboardInterrupt):
        console.print("\n[bold]Check-up stopped.[/bold] Nothing was saved. "
                      "If a warning sign appears, get help at once.")
        return Stopped(INTERRUPTED)
    console.print("\n[red]Input ended before the check-up was finished.[/red]")
    return Stopped(1)


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


def _show_understood(told: Mapping[str, FindingValue], kb: KnowledgeBase,
                     console: Console) -> None:
    """Say back what the story established, so the person can trust what is skipped."""
    if not told:
        return
    parts = []
    for fid, value in told.items():
        label = kb.findings[fid].label
        parts.append(f"no: {label.lower()}" if value is False
                     else label if value is True else f"{label}: {value:g}")
    console.print(Text("From what you wrote: " + " · ".join(parts), style="green"))
