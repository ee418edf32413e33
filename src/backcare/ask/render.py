"""Show the answers to a question in a terminal: any warning first, then each card with its sources.

A question that describes a warning sign gets the triage's headline in the level's colour before
anything else, so nobody reads about stretches first. With a diary open, the day of the episode
comes next, and an answer about cold or heat says what suits today (``backcare.ask.episode``,
the same lines the web's ask page shows). Each answer names its sources by id at the end of the
card, and the full titles follow once at the bottom.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from backcare.ask.answer import AskResult
from backcare.ask.episode import EpisodeDay
from backcare.knowledge.loader import KnowledgeBase, load_knowledge
from backcare.terminal import LEVEL_STYLE, render_sources


def render_answer(result: AskResult, console: Console, kb: KnowledgeBase | None = None,
                  day: EpisodeDay | None = None) -> None:
    """Print ``result``: the urgent headline (if any), the day of the episode (if ``day``), the
    answers best first, their sources."""
    kb = kb or load_knowledge()
    cited: dict[str, None] = {}

    if result.urgent is not None:
        level = kb.levels[result.urgent.level]
        heading = Text(f" {level.label.upper()} ", style=LEVEL_STYLE[result.urgent.level])
        console.print(Panel(Group(heading, Text(result.urgent.headline, style="bold")),
                            border_style=level.colour, title="What you describe needs care"))
        cited.update(dict.fromkeys(result.urgent.sources))

    if not result.answers:
        console.print(Text(result.message or "", style="bold"))
        cited.update(dict.fromkeys(result.message_sources))
    elif day is not None:
        console.print(Text(day.says, style="bold blue"))
    for answer in result.answers:
        console.print(Text.assemble(("\n" + answer.title, "bold"),
                                    ("  [" + ", ".join(answer.sources) + "]", "dim")))
        for therapy in day.therapies.get(answer.card, ()) if day is not None else ():
            sources = "  [" + ", ".join(therapy.sources) + "]" if therapy.sources else ""
            console.print(Text.assemble((therapy.says, "bold blue"), (sources, "dim")))
            cited.update(dict.fromkeys(therapy.sources))
        console.print(answer.text)
        cited.update(dict.fromkeys(answer.sources))

    render_sources(cited, kb, console)
