"""``GET /diary/summary.pdf``: the clinician summary, from the web, the same PDF as
``backcare report --pdf`` (the same summary, laid out by the same code)."""

from __future__ import annotations

import io

from fastapi import APIRouter
from fastapi.responses import Response

from backcare.diary import NoEpisodeError
from backcare.web.errors import ApiError
from backcare.web.state import PageDiary

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
