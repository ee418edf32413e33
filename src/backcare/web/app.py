"""The app factory: one FastAPI app with the JSON API, the pages and the static files.

``create_app(settings)`` is what tests and ``backcare serve`` call; Uvicorn's worker processes
call :func:`app_from_environment`, which reads the settings ``backcare serve`` handed down.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from backcare import __version__
from backcare.knowledge.loader import load_knowledge
from backcare.web import api, clinician, diary_api, diary_pages, login, offline, pages
from backcare.web.bodies import JsonBodies
from backcare.web.errors import ApiError, install_error_handlers
from backcare.web.offload import Readers
from backcare.web.people import People
from backcare.web.rendering import Renderer, is_htmx
from backcare.web.security import Csrf, SecurityMiddleware
from backcare.web.settings import WebSettings
from backcare.web.state import AppState, LoginRequired

STATIC_DIR = Path(__file__).resolve().parent / "static"
DESCRIPTION = """\
Offline help through a back spasm: urgency triage with emergency detection, likely causes, a
phase-by-phase care plan, a recovery diary and answers with sources. Not a diagnosis.

Errors are `{"error": {"code", "message", "field"}}` with a 4xx status. Writes must be sent as
`application/json`.
"""


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the app; the knowledge base is loaded now, so a broken one fails at start-up."""
    settings = settings or WebSettings()
    kb = load_knowledge()
    people = People(settings)

    readers = Readers()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        readers.prepare(kb)  # before serving: the reading processes are forked with it
        yield
        readers.close()
        people.close()

    app = FastAPI(
        title="backcare",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    csrf = Csrf(settings.secret_key)
    state = AppState(settings, kb, people, csrf, Renderer(kb, settings, people, csrf),
                     readers)
    app.state.backcare = state

    def page_error(request: Request, error: ApiError) -> Response:
        template = "_error.html" if is_htmx(request) else "error.html"
        response = state.renderer.page(request, template, {"error": error},
                                       status=error.status)
        response.headers.update(error.headers)
        return response

    install_error_handlers(app, page_error)

    async def to_login(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return RedirectResponse(exc.location, status_code=303)

    app.add_exception_handler(LoginRequired, to_login)
    app.include_router(api.router)
    app.include_router(diary_api.router)
    app.include_router(pages.router)
    app.include_router(diary_pages.router)
    app.include_router(clinician.router)
    app.include_router(offline.router)
    if settings.multi_user:
        app.include_router(login.api)
        app.include_router(login.pages)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(JsonBodies)
    app.add_middleware(SecurityMiddleware, allowed_hosts=settings.allowed_hosts)
    return app


def app_from_environment() -> FastAPI:
    """The app for one of Uvicorn's worker processes, from ``$BACKCARE_WEB_SETTINGS``."""
    return create_app(WebSettings.from_environment())
