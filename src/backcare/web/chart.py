"""The progress chart: pain over the days of the episode, with cold and heat sessions marked.

Drawn on the server as SVG, so it needs no script, prints, scales to any screen and stays under
the page's Content-Security-Policy (presentation attributes and the app's stylesheet only, no
inline styles). A screen reader gets a one-line summary as the chart's description, and the
page repeats the numbers in a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from backcare.diary.progress import DailyPain
from backcare.diary.records import Session

# Drawn for a phone: about the width it is shown at, so its text stays readable.
WIDTH, HEIGHT = 400, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 16, 64
SCALE_MAX = 10
MIN_DAYS = 7
MARKER_ROWS = {"cold": 0, "heat": 1}


@dataclass(frozen=True, slots=True)
class _Axes:
    first_day: int
    last_day: int

    def x(self, day: int) -> float:
        span = max(1, self.last_day - self.first_day)
        return LEFT + (day - self.first_day) * (WIDTH - LEFT - RIGHT) / span

    @staticmethod
    def y(score: float) -> float:
        return TOP + (SCALE_MAX - score) * (HEIGHT - TOP - BOTTOM) / SCALE_MAX


def _summary(daily: Sequence[DailyPain], sessions: Sequence[Session]) -> str:
    kinds = Counter(session.kind for session in sessions)
    counted = ", ".join(f"{n} {kind} session{'s' if n != 1 else ''}"
                        for kind, n in sorted(kinds.items())) or "no cold or heat sessions"
    if not daily:
        return f"No pain scores logged yet; {counted}."
    first, last = daily[0], daily[-1]
    return (f"Pain {first.score:g} out of 10 on day {first.day_number}, "
            f"{last.score:g} on day {last.day_number}; {counted}.")


def pain_chart(daily: Sequence[DailyPain], sessions: Sequence[Session], started_on: date,
               today: date) -> Markup:
    """The chart as inline SVG markup."""
    today_number = (today - started_on).days
    days = [d.day_number for d in daily] + [(s.day - started_on).days for s in sessions]
    first = min([0, *days])
    last = max([today_number, *days, first + MIN_DAYS])
    axes = _Axes(first, last)
    plot_bottom = HEIGHT - BOTTOM
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Pain over time</title>',
        f'<desc id="chart-desc">{escape(_summary(daily, sessions))}</desc>',
    ]
    for score in range(0, SCALE_MAX + 1, 2):
        y = axes.y(score)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                   f'y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 8}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{score}</text>')
    step = max(1, -(-(last - first) // 7))
    for day in range(first, last + 1, step):
        out.append(f'<text class="tick" x="{axes.x(day):.1f}" y="{plot_bottom + 16}" '
                   f'text-anchor="middle">{day}</text>')
    out.append(f'<text class="axis-label" x="{(LEFT + WIDTH - RIGHT) / 2}" '
               f'y="{HEIGHT - 4}" text-anchor="middle">day of the episode</text>')
    out.append(f'<text class="axis-label" x="4" y="{TOP - 4}" '
               'text-anchor="start">pain</text>')
    if daily:
        points = " ".join(f"{axes.x(d.day_number):.1f},{axes.y(d.score):.1f}" for d in daily)
        out.append(f'<polyline class="pain-line" points="{points}" fill="none"/>')
        for d in daily:
            out.append(
                f'<circle class="pain-point" cx="{axes.x(d.day_number):.1f}" '
                f'cy="{axes.y(d.score):.1f}" r="5" data-day="{d.day_number}" '
                f'data-score="{d.score:g}"><title>Day {d.day_number} '
                f'({d.day:%a %d %b}): pain {d.score:g}/10</title></circle>')
    for session in sessions:
        row = MARKER_ROWS.get(session.kind, 0)
        x = axes.x((session.day - started_on).days)
        y = plot_bottom + 26 + row * 12
        shape = (f'<rect class="marker marker-{escape(session.kind)}" x="{x - 5:.1f}" '
                 f'y="{y - 5}" width="10" height="10"' if row
                 else f'<circle class="marker marker-{escape(session.kind)}" cx="{x:.1f}" '
                      f'cy="{y}" r="5"')
        out.append(f'{shape} data-kind="{escape(session.kind)}"><title>{escape(session.kind)} '
                   f'session, {session.minutes:.0f} min, {session.day:%a %d %b}</title>'
                   f'{"</rect>" if row else "</circle>"}')
    out.append("</svg>")
    return Markup("".join(out))
