"""Show the diary in a terminal: alerts first and loud, then the pain trend, then the days.

Someone checking their progress may read only the top of the screen, so anything that asks
them to act (a warning sign, "see a doctor") comes before the chart and the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backcare.diary.alerts import Notice
from backcare.diary.progress import Progress
from backcare.diary.records import Alert
from backcare.knowledge.loader import KnowledgeBase
from backcare.terminal import LEVEL_STYLE

# The adherence table shows the last two weeks; ``--json`` has every day.
TABLE_DAYS = 14


def render_alert(alert: Alert | Notice, kb: KnowledgeBase, console: Console) -> None:
    """A warning sign as a coloured panel with the level's action; a correction as a note."""
    sources = Text(f"  [{', '.join(alert.sources)}]", style="dim")
    if alert.level is None:
        console.print(Text.assemble(("Note: ", "bold yellow"), alert.message, sources))
        return
    level = kb.levels[alert.level]
    lines: list[Text] = [
        Text(f" {level.label.upper()} ", style=LEVEL_STYLE[alert.level]),
        Text(alert.message, style="bold"),
    ]
    for reason in alert.detail.get("reasons", []):
        lines.append(Text.assemble(f"• {reason['explanation']}",
                                   (f"  [{', '.join(reason['sources'])}]", "dim")))
    words = dict.fromkeys(f"“{e['text']}”" for e in alert.detail.get("evidence", []))
    if words:
        lines.append(Text(f"You wrote: {', '.join(words)}", style="italic"))
    title = "Warning sign in your diary" if alert.kind == "warning_sign" else "Your progress"
    console.print(Panel(Group(*lines), title=title, border_style=level.colour, title_align="left"))
    console.print(sources)


def render_alerts(alerts: Iterable[Alert | Notice], kb: KnowledgeBase, console: Console) -> None:
    for alert in alerts:
        render_alert(alert, kb, console)


def _chart(progress: Progress, width: int) -> Text | None:
    """Daily pain against the day of the episode, drawn by plotext."""
    daily = progress.pain.daily
    if len(daily) < 2:
        return None
    import plotext  # type: ignore[import-untyped]

    plotext.clear_figure()
    plotext.plot_size(min(width, 100), 15)
    plotext.theme("clear")
    plotext.plot([d.day_number for d in daily], [d.score for d in daily], marker="braille")
    plotext.ylim(0, 10)
    plotext.xlabel("day of the episode")
    plotext.title("Pain (0–10), daily mean")
    return Text.from_ansi(plotext.build())


def _change(progress: Progress) -> str:
    pain = progress.pain
    if pain.first is None or pain.latest is None:
        return "No pain scores yet: log one with `backcare log pain 6`."
    drop = pain.first - pain.latest
    share = f", {-drop / pain.first:+.0%}" if pain.first else ""
    verdict = ("meaningfully better" if pain.meaningfully_better
               else "getting worse" if pain.getting_worse else "not yet meaningfully better")
    return (f"First score {pain.first:g} → latest {pain.latest:g} "
            f"({-drop:+g} points{share}): {verdict}.")


def _window(progress: Progress, days: int) -> str:
    pain = progress.pain
    if pain.window_mean is None:
        return f"No scores in the last {days} days."
    line = f"Last {days} days: mean {pain.window_mean:.1f}"
    if pain.window_slope is not None:
        trend = ("easing" if pain.window_slope < -0.05
                 else "rising" if pain.window_slope > 0.05 else "steady")
        line += f", {trend} ({pain.window_slope:+.2f} a day)"
    return line + "."


def render_progress(progress: Progress, kb: KnowledgeBase, window_days: int,
                    console: Console) -> None:
    phase = next(p for p in kb.phases if p.id == progress.phase)
    console.print(Text(f"Episode {progress.episode.id} — day {progress.day} — {phase.label}",
                       style="bold underline"))
    if progress.alert is not None:
        render_alert(progress.alert, kb, console)
    signs = [alert for alert in progress.logged_alerts if alert.kind == "warning_sign"]
    if signs:
        latest = signs[-1]
        console.print(Text(
            f"You logged {len(signs)} warning sign(s) this episode; the latest, on "
            f"{latest.raised_at.astimezone():%Y-%m-%d}, called for: "
            f"{kb.levels[latest.level or 'self_care'].label}.", style="bold red"))
    console.print(_change(progress))
    console.print(_window(progress, window_days))
    chart = _chart(progress, console.width)
    if chart is not None:
        console.print(chart)

    table = Table(title=f"The last {TABLE_DAYS} days", title_justify="left")
    for column, justify in (("date", "left"), ("day", "right"), ("pain", "right"),
                            ("cold", "right"), ("heat", "right"), ("exercises", "right"),
                            ("water", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for day in progress.adherence[-TABLE_DAYS:]:
        cells = []
        for kind in ("cold", "heat"):
            count, minutes = day.sessions.get(kind, 0), day.minutes.get(kind, 0.0)
            advised = kind in day.advised_therapy
            cell = f"{count} × {minutes:.0f} min" if count else ("—" if advised else "")
            cells.append(Text(cell, style="" if advised or not count else "yellow"))
        planned = len(day.exercises_planned)
        done = len(day.exercises_done)
        table.add_row(
            f"{day.day:%a %d %b}", str(day.day_number),
            "" if day.pain is None else f"{day.pain:.1f}".removesuffix(".0"),
            *cells,
            f"{done}/{planned}" if planned else (str(done) if done else ""),
            f"{day.water_ml / 1000:.2f} l" if day.water_ml else "",
        )
    console.print(table)
    console.print(Text("In yellow: cold or heat used on a day the plan does not advise it. "
                       "Exercises: done / in your plan that day.", style="dim"))
