"""Show an assessment in a terminal: the level first, then why, then what to do.

Someone in pain reads the top two lines and maybe nothing else, so the level and the action
come first and in colour. By default the result is short enough to stay on one screen — the
level, why, what to do now and where the rest is; ``full`` adds the causes, the whole
watch-list and the whole plan. Sources are listed at the end of either.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backcare.assessment import Assessment
from backcare.citations import weighed
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import LevelId
from backcare.language.reading import LEXICON, MODEL, found_by, read_as_about
from backcare.triage import WatchItem

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold black on dark_orange",
    "soon": "bold black on yellow",
    "routine": "bold black on cyan",
    "self_care": "bold black on green",
}
CONTEXT_STYLE = {"negated": "strike", "past": "dim", "hedged": "italic"}
NOT_A_DIAGNOSIS = "backcare is not a diagnosis. If you are worried, contact a clinician."
# Plan items a short result shows: what to do now. The rest is one flag (--full) away.
FIRST_STEPS = 3
# Cause scores are a ranking, not a probability a person should read as one: said in words.
LIKELIHOOD = ((0.6, "likely"), (0.3, "possible"), (0.0, "less likely"))


def likelihood(score: float) -> str:
    """The word for a cause's score ("likely", "possible", "less likely")."""
    return next(word for floor, word in LIKELIHOOD if score >= floor)


def _label(kb: KnowledgeBase, finding_id: str) -> str:
    finding = kb.findings.get(finding_id)
    return finding.label if finding else finding_id


def _quotes(assessment: Assessment, finding_id: str) -> str:
    words = [f"“{e.text}”" for e in assessment.evidence if e.finding == finding_id]
    return ", ".join(dict.fromkeys(words))


def render_assessment(
    assessment: Assessment, kb: KnowledgeBase, console: Console, *, explain: bool = False,
    unsure: Collection[str] = (), full: bool = False, more: str = "--full",
) -> None:
    """Print the assessment: short by default, everything with ``full``. ``explain`` adds the
    message with each finding highlighted, ``unsure`` are the findings a check-up was answered
    "don't know" to (listed right after the reasons), ``more`` how to ask for the rest."""
    level = assessment.triage.level
    cited: dict[str, None] = {}

    render_possible(assessment, kb, console)
    heading = Text(f" {kb.levels[level].label.upper()} ", style=LEVEL_STYLE[level])
    console.print(Panel(Group(heading, Text(assessment.triage.headline, style="bold")),
                        border_style=kb.levels[level].colour, title="backcare"))
    cited.update(dict.fromkeys(kb.levels[level].sources))

    if not assessment.in_scope:
        console.print(Text("These symptoms are outside what this tool can assess.", style="bold"))

    console.print(Text("Why", style="bold underline"))
    for reason in assessment.triage.reasons:
        line = Text(f"• {reason.explanation}")
        for fid in reason.findings:
            quoted = _quotes(assessment, fid)
            line.append(f"\n    {_label(kb, fid)}", style="bold")
            if quoted:
                line.append(f" — you wrote {quoted}", style="italic")
        line.append(f"  [{', '.join(reason.sources)}]", style="dim")
        cited.update(dict.fromkeys(reason.sources))
        console.print(line)

    if assessment.triage.serious_causes:
        names = ", ".join(kb.causes[c].label for c in assessment.triage.serious_causes)
        console.print(Text.assemble(("\nMust be ruled out: ", "bold red"), names))

    # Right after the reasons: a sign the person could not rule out may already be there.
    watch = assessment.triage.watch_list
    _render_watch(kb, console, [item for item in watch if item.finding in unsure],
                  "\nYou weren't sure about these — check them if you can: "
                  "if one is true, the advice changes")

    if full:
        _render_causes(assessment, kb, console, cited)
        _render_watch(kb, console, [item for item in watch if item.finding not in unsure],
                      "\nWatch for these — act at once if one appears")

    plan = assessment.plan
    shown = plan.items if full else plan.items[:FIRST_STEPS]
    title = f"Your plan — {plan.phase.label}" if full else "What to do now"
    console.print(Text(f"\n{title}", style="bold underline"))
    if not plan.items:
        console.print("No self-care plan: get the help above first.")
    elif full:
        console.print(Text(plan.phase.summary, style="italic"))
    for chosen in shown:
        console.print(Text.assemble(("• " + chosen.item.title, "bold"),
                                    ("  [" + ", ".join(chosen.item.sources) + "]", "dim")))
        console.print("  " + chosen.item.text)
        for caution in chosen.cautions:
            console.print(Text(f"  ⚠ {caution.why}", style="yellow"))
            cited.update(dict.fromkeys(caution.sources))
        cited.update(dict.fromkeys(chosen.item.sources))
    for withheld in plan.withheld if full else ():
        for screen in withheld.reasons:
            console.print(Text(f"✗ Not for you: {withheld.item.title} — {screen.why}",
                               style="red"))
            cited.update(dict.fromkeys(screen.sources))
    if not full:
        _render_where_the_rest_is(assessment, unsure, console, more)

    if explain:
        render_explanation(assessment, console)

    if full:
        render_sources(cited, kb, console)
    else:  # cited by id above; their titles are one flag away, with the rest
        console.print(Text(NOT_A_DIAGNOSIS, style="dim italic"))


def _render_causes(assessment: Assessment, kb: KnowledgeBase, console: Console,
                   cited: dict[str, None]) -> None:
    if not assessment.causes:
        return
    table = Table(title="Likely contributing causes", title_justify="left", box=None)
    table.add_column("cause")
    table.add_column("how likely")
    table.add_column("because")
    for cause in assessment.causes[:5]:
        table.add_row(cause.label, likelihood(cause.score),
                      ", ".join(_label(kb, fid) for fid in cause.because) or "—")
        cited.update(dict.fromkeys(cause.sources))
    console.print(table)


def _render_where_the_rest_is(assessment: Assessment, unsure: Collection[str],
                              console: Console, more: str) -> None:
    """One line saying what the short result left out, and how to see it."""
    parts = []
    rest = len(assessment.plan.items) - FIRST_STEPS
    if rest > 0:
        parts.append(f"{rest} more plan item{'s' if rest > 1 else ''}")
        if assessment.plan.withheld:
            parts.append("what was left out for you")
    watched = sum(1 for item in assessment.triage.watch_list if item.finding not in unsure)
    if watched:
        parts.append(f"the {watched} warning signs to watch for")
    if assessment.causes:
        parts.append("the likely causes")
    parts.append("the sources' full titles")
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    console.print(Text(f"\nThe rest — {listed}: add {more} to see it all.", style="cyan"))


def render_possible(assessment: Assessment, kb: KnowledgeBase, console: Console) -> None:
    """The warning signs the message may describe, before anything else: if one is true,
    the advice is that level's, now."""
    for sign in assessment.possible:
        line = Text.assemble(
            ("Your message may describe: ", "bold"), (_label(kb, sign.finding), "bold"),
            (f" — you wrote “{sign.text}”", "italic"),
            "\n  If so: ", (sign.advice, LEVEL_STYLE[sign.if_present]),
        )
        console.print(line)


def _render_watch(kb: KnowledgeBase, console: Console, items: Sequence[WatchItem],
                  title: str) -> None:
    """Warning signs grouped under the level each would bring."""
    if not items:
        return
    console.print(Text(title, style="bold underline"))
    by_level: dict[LevelId, list[str]] = {}
    for item in items:
        by_level.setdefault(item.if_it_appears, []).append(item.sign)
    for watched_level, signs in by_level.items():
        console.print(Text(kb.levels[watched_level].label, style=LEVEL_STYLE[watched_level]))
        for sign in signs:
            console.print(f"  • {sign}")


def render_sources(cited: Iterable[str], kb: KnowledgeBase, console: Console) -> None:
    """The full title of every source cited above, once each, and what backcare is not."""
    console.print(Text("\nSources", style="bold underline"))
    for source in weighed(kb, cited):
        source_id = source.id
        console.print(Text(f"[{source_id}] {source.title} — {source.publisher}"
                           + (f", {source.year}" if source.year else ""), style="dim"))
    console.print(Text("\n" + NOT_A_DIAGNOSIS, style="dim italic"))


def render_explanation(assessment: Assessment, console: Console) -> None:
    """The person's message with each finding's words highlighted and the context applied."""
    text = assessment.intake.text
    if not text:
        return
    shown = Text(text)
    for evidence in assessment.evidence:
        style = "bold green" if evidence.value is not False else "bold red"
        for context in evidence.context:
            style += " " + CONTEXT_STYLE.get(context, "")
        shown.stylize(style.strip(), evidence.start, evidence.end)
    for ignored in assessment.ignored:
        shown.stylize("dim underline", ignored.start, ignored.end)
    console.print(Panel(shown, title="Your words", title_align="left"))
    if assessment.about:
        console.print(Text(read_as_about(assessment.about), style="italic"))
    table = Table(box=None)
    for column in ("words", "finding", "value", "found by", "context"):
        table.add_column(column)
    for evidence in assessment.evidence:
        table.add_row(f"“{evidence.text}”", evidence.finding, str(evidence.value).lower(),
                      found_by(evidence.source, evidence.probability),
                      ", ".join(evidence.context) or "—")
    for sign in assessment.possible:
        table.add_row(f"“{sign.text}”", sign.finding, "possible",
                      found_by(MODEL, sign.probability), "not sure enough to set")
    for ignored in assessment.ignored:
        table.add_row(f"“{ignored.text}”", ignored.finding, "not set", found_by(LEXICON, None),
                      ignored.reason)
    console.print(table)
