"""Server-rendered pages: Jinja2 templates with the context every page shares.

Each page is rendered whole for an ordinary request and as just its changing part for an HTMX
request (``HX-Request``), so everything works without JavaScript and is quicker with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from backcare import __version__
from backcare.citations import kind_name
from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import Region
from backcare.region_guess import region_from_accept_language
from backcare.triage import URGENT_LEVELS
from backcare.web.people import People
from backcare.web.security import Csrf
from backcare.web.settings import WebSettings
from backcare.web.views import Emergency, sources, steps

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REGION_COOKIE = "backcare_region"


def region_of(request: Request, kb: KnowledgeBase,
              chosen: str | None = None) -> tuple[Region | None, str | None]:
    """The person's region and how it is known: chosen now, remembered from before, or
    guessed from the browser's language. A guess is always shown as one, with the way to
    change it beside the number, so a wrong one is seen rather than trusted."""
    for candidate in (chosen, request.cookies.get(REGION_COOKIE)):
        if candidate and (found := kb.region(candidate)):
            return found, "chosen"
    guessed = region_from_accept_language(request.headers.get("accept-language"), kb)
    return guessed, "guessed" if guessed else None


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


class Renderer:
    """Renders templates with the shared context and the CSRF cookie set."""

    def __init__(self, kb: KnowledgeBase, settings: WebSettings, people: People,
                 csrf: Csrf) -> None:
        self.kb = kb
        self.settings = settings
        self.people = people
        self.csrf = csrf
        self.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
        env = self.templates.env
        env.globals.update(version=__version__, steps=steps, kind_name=kind_name,
                           urgent_levels=URGENT_LEVELS)
        env.filters["sources"] = lambda ids: sources(kb, ids)

    def page(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        kb = self.kb
        chosen = (context or {}).get("region_code")
        region, region_how = region_of(request, kb, chosen if isinstance(chosen, str) else None)
        person = self.people.person(request)
        values: dict[str, Any] = {
            "kb": kb,
            "multi_user": self.settings.multi_user,
            "person": person,
            "signed_in": person is not None and person.account is not None,
            "emergency": Emergency.of(kb, region),
            "region": region,
            "region_guessed": region_how == "guessed",
            "here": request.url.path,
            "regions": kb.regions,
            "htmx": is_htmx(request),
            "csrf_token": self.csrf.token_for(request),
            **(context or {}),
        }
        rendered = self.templates.TemplateResponse(request, template, values,
                                                   status_code=status)
        self.csrf.remember(request, rendered)
        return rendered
