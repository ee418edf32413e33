"""Pain over the episode, drawn with matplotlib (Agg, no display needed) as a PNG for the PDF.

Made to survive a black-and-white printer: one black line, marker *shapes* (not colours) for
what differs — a square for the score given at an assessment, a triangle over each day the
diary raised a warning-sign alert — and a legend that says so in words.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from backcare.report.summary import PainDay

WIDTH_CM = 17.4
HEIGHT_CM = 5.6
DPI = 200
# Beyond this many days, markers on every point would blur into the line.
MARKERS_UP_TO = 62
LONG_EPISODE_DAYS = 120


def pain_chart_png(pain: Sequence[PainDay], alert_days: Sequence[date],
                   started_on: date) -> bytes:
    """The chart as PNG bytes: daily pain (0–10) from the episode's first day on."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.065, 0.24, 0.9, 0.68))
    first = min([*(p.day for p in pain), *alert_days, started_on])
    last = max([*(p.day for p in pain), *alert_days, started_on])

    def x(day: date) -> float:  # days since the first, so the axis needs no date library
        return float((day - first).days)

    dense = len(pain) > MARKERS_UP_TO
    axes.plot([x(p.day) for p in pain], [p.score for p in pain], color="black",
              linewidth=1.0 if dense else 1.3, marker=None if dense else "o", markersize=3.2,
              zorder=3)
    assessed = [point for point in pain if point.from_assessment]
    axes.plot([x(p.day) for p in assessed], [p.score for p in assessed], linestyle="none",
              marker="s", markersize=6.5, markerfacecolor="white", markeredgecolor="black",
              markeredgewidth=1.3, zorder=4)
    for day in alert_days:
        axes.axvline(x(day), color="black", linestyle=(0, (3, 2)), linewidth=0.9, zorder=2)
        axes.plot([x(day)], [10.4], marker="v", markersize=6, color="black", clip_on=False,
                  zorder=5)

    pad = max(1, (last - first).days // 40)
    axes.set_xlim(-pad, x(last) + pad)
    axes.set_ylim(0, 10)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("Pain (0–10)", fontsize=8)
    ticks = date_ticks(first, last)
    axes.set_xticks([x(day) for day, _ in ticks], [text for _, text in ticks])
    axes.tick_params(labelsize=7.5, length=3)
    axes.grid(axis="y", color="#bbbbbb", linewidth=0.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

    legend = [Line2D([], [], color="black", marker=None if dense else "o", markersize=3.2,
                     label="daily pain (mean of the day's scores)"),
              Line2D([], [], linestyle="none", marker="s", markersize=6.5,
                     markerfacecolor="white", markeredgecolor="black", label="at an assessment")]
    if alert_days:
        legend.append(Line2D([], [], color="black", linestyle=(0, (3, 2)), marker="v",
                             markersize=5, label="warning sign logged (alert)"))
    axes.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3,
                frameon=False, fontsize=7.5, handlelength=2.2)
    if not pain:
        axes.text(0.5, 0.5, "No pain scores in the diary yet", transform=axes.transAxes,
                  ha="center", va="center", fontsize=9)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def date_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """At most about ten dated ticks: every few days ("3 Mar") for an episode of weeks, the
    first of every month or few months ("Mar 2026") for a longer one."""
    span = (last - first).days
    if span <= LONG_EPISODE_DAYS:
        days = [first + timedelta(days=n) for n in range(0, span + 1, max(1, -(-span // 8)))]
        return [(day, f"{day.day} {day:%b}") for day in days]
    step = max(1, -(-(span // 30 + 1) // 10))
    ticks = []
    month = first.year * 12 + first.month  # counts months; this one is the month after first's
    while (day := date(month // 12, month % 12 + 1, 1)) <= last:
        ticks.append((day, f"{day:%b %Y}"))
        month += step
    return ticks
