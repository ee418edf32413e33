"""The one- or two-page summary a person hands their doctor or physiotherapist.

Laid out with reportlab's Platypus so text wraps and pages break cleanly, in DejaVu Sans (the
font matplotlib ships, so the chart and the text match and every character a person might type
prints). Order follows what a clinician reads first: who, how urgent and why, which warning
signs were denied, then the course of the pain, what has been tried, and the person's own
questions. Nothing is carried by colour: levels are written out, the chart uses shapes, and
the page prints the same on a black-and-white printer.

Every medical phrase — finding labels, rule explanations, level names, plan titles — comes from
the knowledge base through :mod:`backcare.report.summary`; this module only lays it out.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, cast

from backcare.atomic import replacing
from backcare.report.summary import Summary, summarise

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from backcare.diary.repository import Diary

Paper = Literal["a4", "letter"]
FONT = "BackcareSans"
INK = "#000000"
GREY = "#555555"  # secondary text: still dark enough to photocopy
RULE = "#999999"
SHADE = "#e6e6e6"


def write_pdf(
    diary: Diary,
    path: str | Path | IO[bytes],
    *,
    episode_id: int | None = None,
    paper: Paper = "a4",
    questions: Sequence[str] = (),
    name: str | None = None,
) -> Summary:
    """Write the clinician summary of an episode (the latest by default) to ``path`` — a file
    name or a binary stream, such as a web response — and return what it summarised."""
    summary = summarise(diary, episode_id, questions=questions, name=name)
    render_pdf(summary, path, paper=paper)
    return summary


def format_day(day: date) -> str:
    """``2 Mar 2026``: the same in every country, unlike 03/02/2026."""
    return f"{day.day} {day:%b %Y}"


def _short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


@functools.cache
def _register_fonts() -> None:
    """DejaVu Sans from matplotlib's own data folder: no system fonts needed."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = {
        FONT: "DejaVuSans.ttf",
        f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
        f"{FONT}-Italic": "DejaVuSans-Oblique.ttf",
        f"{FONT}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    }
    for face, file in faces.items():
        pdfmetrics.registerFont(TTFont(face, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Italic")
    addMapping(FONT, 1, 1, f"{FONT}-BoldItalic")


@functools.cache
def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.6, leading=11.2,
                          textColor=HexColor(INK))
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.4, leading=9.4,
                                textColor=HexColor(GREY)),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=body, fontSize=7.4, leading=9.4,
                               fontName=f"{FONT}-Bold"),
        "title": ParagraphStyle("title", parent=body, fontName=f"{FONT}-Bold", fontSize=15,
                                leading=18),
        "section": ParagraphStyle("section", parent=body, fontName=f"{FONT}-Bold",
                                  fontSize=10, leading=13, spaceBefore=7, spaceAfter=2.5),
        "level": ParagraphStyle("level", parent=body, fontName=f"{FONT}-Bold", fontSize=11.5,
                                leading=14),
    }


def _p(text: str, style: str = "body") -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(text, _styles()[style])


def _e(text: str) -> str:
    """Escape text for reportlab's mini-markup: a person's words may contain ``<`` or ``&``."""
    return escape(text, quote=False)


def render_pdf(summary: Summary, path: str | Path | IO[bytes], *, paper: Paper = "a4") -> int:
    """Lay out a summary and write the PDF; return its number of pages. A file is replaced
    whole or not at all (``atomic.replacing``): never left empty by a failure halfway."""
    if isinstance(path, str | Path):
        with replacing(path, "wb") as handle:
            return render_pdf(summary, handle, paper=paper)
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    size = A4 if paper == "a4" else LETTER
    document = SimpleDocTemplate(
        path, pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=13 * mm,
        bottomMargin=15 * mm, title="Back pain summary for a clinician",
        author="backcare", subject=f"Episode starting {format_day(summary.started_on)}",
        creator="backcare",
    )
    width = size[0] - 30 * mm
    story = [
        *_header(summary),
        *_episode(summary),
        *_assessment(summary, width),
        *_warning_signs(summary, width),
        *_pain(summary, width),
        *_tried(summary, width),
        *_alerts(summary, width),
        *_questions(summary),
        *_sources(summary),
    ]

    document.build(story, canvasmaker=cast(Any, _footed_canvas(size[0])))
    return int(document.page)


def _footed_canvas(page_width: float) -> type[Any]:
    """A canvas that holds its pages back until the end, so each footer can say "page 1 of 2"
    — a clinician handed one sheet knows another is missing."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class FootedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's, not in its stubs

        def save(self) -> None:
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFont(FONT, 7)
                self.setFillColor(GREY)
                self.drawString(15 * mm, 8 * mm, "backcare · a summary of the person's own "
                                                 "diary and answers · not a diagnosis")
                self.drawRightString(page_width - 15 * mm, 8 * mm,
                                     f"page {number} of {len(self._pages)}")
                super().showPage()
            super().save()

    return FootedCanvas


def _section(title: str) -> Flowable:
    return _p(_e(title), "section")


def _table(rows: list[list[Any]], widths: list[float], *, header: bool = True) -> Flowable:
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
    ]
    if header:
        commands += [("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                     ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    table.setStyle(TableStyle(commands))
    return table


def _header(summary: Summary) -> list[Flowable]:
    person = summary.person
    who = [f"<b>{_e(person.name)}</b>"] if person.name else []
    who += [f"Age {person.age}" if person.age is not None else "Age not given",
            _e(person.sex) if person.sex else "sex not given"]
    if person.region:
        who.append(_e(person.region))
    lines = [
        _p("Back pain summary for a clinician", "title"),
        _p(f"Prepared {format_day(summary.generated_at.astimezone().date())} by backcare from "
           f"the person's own diary · episode {summary.episode_id} · knowledge base "
           f"{_e(summary.knowledge_base)}", "small"),
        _p(" · ".join(who)),
    ]
    if person.conditions:
        lines.append(_p("<b>Known:</b> " + _e("; ".join(person.conditions))))
    return lines


def _episode(summary: Summary) -> list[Flowable]:
    lines = [
        _section("This episode"),
        _p(f"<b>Started {format_day(summary.started_on)}</b> — {format_day(summary.today)} is "
           f"day {summary.day_number}; phase: {_e(summary.phase)}. Diary entries from "
           f"<b>{format_day(summary.first_entry)}</b> to "
           f"<b>{format_day(summary.last_entry)}</b>."),
    ]
    if summary.where:
        lines.append(_p("<b>Where:</b> " + _e("; ".join(summary.where))))
    if summary.onset:
        lines.append(_p("<b>How it started and behaves:</b> " + _e("; ".join(summary.onset))))
    if summary.their_words:
        words = " ".join(summary.their_words.split())
        if len(words) > 420:
            words = words[:417].rstrip() + "…"
        lines.append(_p(f"<b>In their words:</b> <i>“{_e(words)}”</i>"))
    return lines


def _assessment(summary: Summary, width: float) -> list[Flowable]:
    from reportlab.platypus import Table, TableStyle

    latest = summary.assessment
    box = Table(
        [[_p(_e(latest.level_label.upper()), "level")], [_p(_e(latest.headline))]],
        colWidths=[width], hAlign="LEFT",
    )
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.6, INK),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    on = latest.recorded_at.astimezone().date()
    age = (summary.today - on).days
    ago = {0: " (today)", 1: " (yesterday)"}.get(age, f" ({age} days ago)" if age > 1 else "")
    parts: list[Flowable] = [_section(f"Latest assessment — {format_day(on)}{ago}"), box]
    if latest.reasons:
        rows: list[list[Any]] = [[_p("Rule", "head"), _p("Why this level", "head"),
                                  _p("Because of", "head"), _p("Sources", "head")]]
        rows += [[_p(_e(reason.rule), "cell"),
                  _p(f"<b>{_e(reason.level_label)}.</b> {_e(reason.explanation)}", "cell"),
                  _p(_e("; ".join(reason.findings)) or "—", "cell"),
                  _p(_e(", ".join(reason.sources)), "cell")]
                 for reason in latest.reasons]
        parts.append(_spacer(3))
        parts.append(_table(rows, [0.07 * width, 0.55 * width, 0.2 * width, 0.18 * width]))
    if latest.serious_causes:
        parts.append(_p("<b>Serious causes to rule out:</b> "
                        + _e("; ".join(latest.serious_causes))))
    return parts


def _spacer(height: float) -> Flowable:
    from reportlab.platypus import Spacer

    return Spacer(1, height)


def _warning_signs(summary: Summary, width: float) -> list[Flowable]:
    parts = [_section("Warning signs asked about and denied")]
    if summary.denied:
        cells = [_p(f"<b>No</b> — {_e(sign.label)} <font color='{GREY}'>"
                    f"({_short_day(sign.on)})</font>", "cell") for sign in summary.denied]
        half = (len(cells) + 1) // 2
        left, right = cells[:half], cells[half:]
        rows = [[left[i], right[i] if i < len(right) else ""] for i in range(half)]
        parts.append(_table(rows, [width / 2, width / 2], header=False))
    else:
        parts.append(_p("None recorded: no warning sign was asked about and denied."))
    if summary.reported:
        parts.append(_p("<b>Reported present:</b> " + _e("; ".join(
            f"{sign.label} ({_short_day(sign.on)})" for sign in summary.reported))))
    if summary.not_asked:
        parts.append(_p("Not asked, so unknown (not denied): " + _e("; ".join(summary.not_asked))
                        + ".", "small"))
    return parts


def _pain(summary: Summary, width: float) -> list[Flowable]:
    import io

    from reportlab.platypus import Image

    from backcare.report.chart import HEIGHT_CM, WIDTH_CM, pain_chart_png

    alert_days = [alert.raised_on for alert in summary.alerts if alert.kind == "warning_sign"]
    png = pain_chart_png(summary.pain, alert_days, summary.started_on)
    image = Image(io.BytesIO(png), width=width, height=width * HEIGHT_CM / WIDTH_CM)
    parts: list[Flowable] = [_section("Pain over time"), image]
    if summary.pain_first is not None:
        parts.append(_p(
            f"Worst pain of the day, 0–10: first {summary.pain_first:g}, latest "
            f"{summary.pain_latest:g}, lowest {summary.pain_lowest:g}, highest "
            f"{summary.pain_highest:g}; {len(summary.pain)} days with a score.", "small"))
    return parts


def _minutes(total: float) -> str:
    hours, minutes = divmod(round(total), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _tried(summary: Summary, width: float) -> list[Flowable]:
    parts = [_section("What they have tried")]
    if summary.tried:
        rows: list[list[Any]] = [[_p("What", "head"), _p("Times", "head"), _p("Days", "head"),
                                  _p("Time in all", "head"), _p("From – to", "head")]]
        for line in summary.tried:
            label = _e(line.label)
            if line.cut_short:
                label += f" <font color='{GREY}'>({line.cut_short} stopped early)</font>"
            rows.append([
                _p(label, "cell"), _p(str(line.times), "cell"), _p(str(line.days), "cell"),
                _p(_minutes(line.minutes) if line.minutes is not None else "—", "cell"),
                _p(f"{_short_day(line.first)} – {_short_day(line.last)}", "cell"),
            ])
        parts.append(_table(rows, [0.42 * width, 0.1 * width, 0.1 * width, 0.16 * width,
                                   0.22 * width]))
    else:
        parts.append(_p("No cold or heat sessions or exercises logged in the diary."))
    if summary.water_mean_ml is not None:
        parts.append(_p(f"Water logged on {summary.water_days} days, "
                        f"{summary.water_mean_ml:,} ml a day on average.", "cell"))
    advised = [medicine for medicine in summary.medicines if medicine.advised]
    withheld = [medicine for medicine in summary.medicines if not medicine.advised]
    if advised:
        parts.append(_p("<b>Medicines the care plan discussed</b> (the diary does not record "
                        "what was taken — please ask): " + _sentence("; ".join(
                            medicine.title + (f" ({' '.join(medicine.notes)})"
                                              if medicine.notes else "")
                            for medicine in advised)), "cell"))
    if withheld:
        parts.append(_p("<b>Withheld for this person:</b> " + _sentence("; ".join(
            f"{medicine.title} — {' '.join(medicine.notes)}" for medicine in withheld)),
            "cell"))
    return parts


def _sentence(text: str) -> str:
    """Escaped, and ended with one full stop, whether or not the knowledge base's text had one."""
    return _e(text.rstrip().rstrip(".") + ".")


def _alerts(summary: Summary, width: float) -> list[Flowable]:
    if not summary.alerts and not summary.corrections:
        return []
    parts = [_section("What the diary flagged")]
    if summary.alerts:
        rows: list[list[Any]] = [[_p("Date", "head"), _p("Level", "head"),
                                  _p("Because of", "head"), _p("What they were told", "head")]]
        rows += [[_p(format_day(alert.raised_on), "cell"), _p(_e(alert.level_label), "cell"),
                  _p(_e("; ".join(alert.findings)) + (f" ({_e(', '.join(alert.rules))})"
                                                      if alert.rules else ""), "cell"),
                  _p(_e(alert.message), "cell")]
                 for alert in summary.alerts]
        parts.append(_table(rows, [0.13 * width, 0.17 * width, 0.3 * width, 0.4 * width]))
    if summary.corrections:
        parts.append(_p(f"The diary also gave {summary.corrections} gentle correction"
                        f"{'s' if summary.corrections != 1 else ''} about how long or when cold "
                        "or heat was used.", "small"))
    return parts


def _questions(summary: Summary) -> list[Flowable]:
    parts = [_section("Questions they want to ask")]
    if not summary.questions:
        return [*parts, _p("None written down.")]
    return [*parts, *(_p(f"{number}. {_e(question)}")
                      for number, question in enumerate(summary.questions, 1))]


def _sources(summary: Summary) -> list[Flowable]:
    if not summary.sources:
        return []
    return [_spacer(4), _p("<b>Sources</b> (knowledge base " + _e(summary.knowledge_base) + "): "
                           + _e("; ".join(f"{sid}: {text}" for sid, text in summary.sources)),
                           "small")]
