"""What the diary hands out as files: ``GET /diary/summary.pdf``, the clinician summary (the
same PDF as ``backcare report --pdf``, laid out by the same code), and ``GET
/diary/reminder.ics``, an optional daily reminder for the person's own calendar — a calendar
rings on time on any phone, offline, which a web page closed in the evening cannot."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backcare.diary import NoEpisodeError
from backcare.web.errors import ApiError
from backcare.web.state import PageDiary, State

router = APIRouter(include_in_schema=False)
# Where people write dates month first, paper is letter-sized too.
LETTER_REGIONS = frozenset({"US", "CA"})


@router.get("/diary/summary.pdf")
def clinician_summary(diary: PageDiary, paper: str | None = None) -> Response:
    """The latest episode's summary for a doctor or physiotherapist, to open or print."""
    from backcare.report.pdf import render_pdf
    from backcare.report.summary import summarise

    try:
        summary = summarise(diary)
    except NoEpisodeError:
        raise ApiError(404, "no_episode", "There is nothing to summarise yet: save a check-up "
                       "to your diary first.") from None
    if paper not in ("a4", "letter"):
        profile = diary.profile()
        paper = "letter" if profile and profile.region in LETTER_REGIONS else "a4"
    out = io.BytesIO()
    render_pdf(summary, out, paper="letter" if paper == "letter" else "a4")
    name = f"backcare-summary-{diary.today().isoformat()}.pdf"
    return Response(out.getvalue(), media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{name}"'})


# Reminders for four weeks: most episodes settle by then, and a review is advised after.
REMINDER_DAYS = 28
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@router.get("/diary/reminder.ics")
def daily_reminder(request: Request, state: State, diary: PageDiary,
                   at: str = "19:00") -> Response:
    """A daily calendar reminder at ``at`` (HH:MM, local time) from today."""
    found = _TIME.match(at)
    if found is None:
        raise ApiError(422, "invalid_time", "at: give the time as HH:MM, e.g. 19:00", "at")
    start = f"{diary.today():%Y%m%d}T{found.group(1)}{found.group(2)}00"
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    text = state.renderer.templates.get_template("reminder.ics").render(
        start=start, stamp=stamp, days=REMINDER_DAYS)
    body = "\r\n".join(text.splitlines()) + "\r\n"  # iCalendar lines end in CRLF
    return Response(body, media_type="text/calendar",
                    headers={"content-disposition": 'attachment; filename="backcare-reminder.ics"'})
