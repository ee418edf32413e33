"""Installable and usable offline: the web manifest, the service worker and the offline page.

The service worker keeps the app's own files (styles, scripts, pictures) and the offline page,
so after the first visit the app opens without a connection. Pages holding a person's health
notes are never kept (they are sent ``no-store``): offline, they give way to the offline page,
which still says what to call and which warning signs mean calling now.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backcare import __version__
from backcare.interview import load_interview
from backcare.web.state import State

router = APIRouter(include_in_schema=False)
STATIC_DIR = Path(__file__).resolve().parent / "static"
# The app's own files a page needs, as the pages ask for them (versioned where they are).
VERSIONED = ("style.css", "app.js", "checkup.js", "timer.js")
# Public pages kept after a visit, to show offline as they were last seen.
PUBLIC_PAGES = ("/", "/sources")
OFFLINE_PAGE = "/offline"


def precached() -> list[str]:
    """Every URL the service worker keeps on installing."""
    files = [f"/static/{name}?v={__version__}" for name in VERSIONED]
    files += ["/static/favicon.svg", *(f"/static/{p.relative_to(STATIC_DIR).as_posix()}"
                                       for p in sorted(STATIC_DIR.glob("vendor/htmx-*.js")))]
    files += [f"/static/exercises/{p.name}" for p in sorted(STATIC_DIR.glob("exercises/*.svg"))]
    return [*files, OFFLINE_PAGE]


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    body = {
        "name": "backcare — help through a back spasm",
        "short_name": "backcare",
        "description": "How urgent it is, what to do today, a recovery diary — with sources.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f0f4f5",
        "theme_color": "#005eb8",
        "icons": [{"src": "/static/favicon.svg", "sizes": "any", "type": "image/svg+xml",
                   "purpose": "any"}],
    }
    return Response(json.dumps(body, ensure_ascii=False),
                    media_type="application/manifest+json")


@router.get("/service-worker.js")
def service_worker(request: Request, state: State) -> Response:
    script = state.renderer.templates.get_template("service-worker.js").render(
        cache=f"backcare-{__version__}", precache=precached(), public=list(PUBLIC_PAGES),
        offline=OFFLINE_PAGE)
    # The browser checks for a new worker on each visit; the scope is the whole app.
    return Response(script, media_type="text/javascript",
                    headers={"service-worker-allowed": "/"})


@router.get(OFFLINE_PAGE)
def offline_page(request: Request, state: State) -> Response:
    """What to do without a connection: whom to call, and the signs that mean calling now."""
    interview = load_interview()
    signs = [(question.text, list(question.items.values()))
             for question in interview.questions if question.id in ("danger_signs",
                                                                     "nerve_signs")]
    return state.renderer.page(request, "offline.html", {"signs": signs})
