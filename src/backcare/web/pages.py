"""The pages anyone can use without a diary: home, the check-up, the result, ask, sources,
privacy and the API documentation.

Assessments are never stored unless the person chooses "save to my diary": the result page is
made from the form it was posted with, and nothing about it stays on the server.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backcare.ask.episode import episode_day
from backcare.assessment import assess
from backcare.citations import weighed
from backcare.intake import IntakeError
from backcare.interview import load_interview
from backcare.interview.session import Position, Session
from backcare.language import answering_for
from backcare.text_check import MAX_TEXT_CHARS
from backcare.web.checkup import move, session_from_form, session_to_form
from backcare.web.rendering import REGION_COOKIE, is_htmx, region_of
from backcare.web.security import set_cookie
from backcare.web.state import AppState, State, checked_form
from backcare.web.views import result_shown

router = APIRouter(include_in_schema=False)
REGION_COOKIE_DAYS = 365


def remember_region(request: Request, response: Response, region: str | None) -> None:
    """Keep the chosen region, so the right emergency number is shown on every page."""
    if region and request.cookies.get(REGION_COOKIE) != region:
        set_cookie(response, request, REGION_COOKIE, region,
                   max_age=REGION_COOKIE_DAYS * 24 * 3600)


def _result_page(request: Request, state: AppState, session: Session,
                 context: dict[str, Any]) -> Response:
    """Assess the finished session and show the result. Without a region chosen, the one the
    page shows (a guess from the browser's language, labelled as one) gives the number."""
    intake = session.intake()
    if "region" not in intake and (shown := region_of(request, state.kb)[0]):
        intake["region"] = shown.code
    result = assess(intake, kb=state.kb)
    context.update(result=result_shown(result, state.kb, session.now.unknown), step="result",
                   inner="_result.html")
    return state.renderer.page(request, "_main.html" if is_htmx(request) else "result.html",
                               context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, state: State) -> Response:
    return state.renderer.page(request, "home.html", {"nav": "home"})


@router.post("/assess", dependencies=[Depends(checked_form)])
def assess_text(
    request: Request,
    state: State,
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)],
    age: Annotated[str, Form(max_length=3)] = "",
    region: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """The quick way: what happened, in the person's words, then only the emergency warning
    signs their words left open, then the result."""
    intake: dict[str, Any] = {"text": text}
    try:
        if age.strip():
            if not age.strip().isdigit():
                raise IntakeError("age", "enter your age in whole years")
            intake["age"] = int(age)
        if region:
            intake["region"] = region
        session = Session.screen(intake, state.kb)
    except IntakeError as exc:
        return state.renderer.page(request, "home.html",
                                   {"nav": "home", "error": exc, "text": text, "age": age},
                                   status=422)
    return _checkup_page(request, state, session, session.position(load_interview()))


def _checkup_page(request: Request, state: AppState, session: Session, here: Position,
                  message: str | None = None, status: int = 200,
                  restored: bool = False) -> Response:
    """The question ``here`` asks, or the result once there is none left; either way the
    page carries the session, so a step can be shown again (back, reload, a new region).
    ``restored``: a step shown again from the browser's history, which it must not add to."""
    context: dict[str, Any] = {
        "nav": "check",
        "session": session,
        "session_json": session_to_form(session),
        "position": here,
        "region_code": session.region,
        "restored": restored,
    }
    if here.question is None:
        response = _result_page(request, state, session, context)
    else:
        context.update(question=here.question, message=message, step="question",
                       inner="_question.html",
                       answering_for=answering_for(here.about) if here.about else None)
        template = "_main.html" if is_htmx(request) else "check.html"
        response = state.renderer.page(request, template, context, status=status)
    remember_region(request, response, session.region)
    return response


@router.get("/check")
def check_start(request: Request, state: State) -> Response:
    """A new check-up; or, at a step's own address (``?step=``, after a reload), the page
    that picks it up from the browser's history, where the check-up is kept."""
    if "step" in request.query_params:
        return state.renderer.page(request, "resume.html", {"nav": "check"})
    session = Session()
    return _checkup_page(request, state, session, session.position(load_interview()))


@router.post("/check", dependencies=[Depends(checked_form)])
async def check_step(request: Request, state: State) -> Response:
    form = await request.form()
    fields: dict[str, Any] = {key: value for key, value in form.items() if isinstance(value, str)}
    fields["ticked"] = [v for v in form.getlist("ticked") if isinstance(v, str)]
    session = session_from_form(fields.get("state"))

    def step() -> Response:  # reads the story: in a thread, not on the event loop
        moved = move(session, state.kb, fields)
        return _checkup_page(request, state, moved.session, moved.position, moved.message,
                             422 if moved.message else 200,
                             restored=fields.get("action") == "show")

    return await run_in_threadpool(step)


@router.post("/region", dependencies=[Depends(checked_form)])
async def choose_region(request: Request, state: State) -> Response:
    """The region picked in the header: remembered, then the same page again — the same
    check-up step when one is under way."""
    form = await request.form()
    found = state.kb.region(str(form.get("region") or ""))
    raw_state = form.get("state")
    if isinstance(raw_state, str) and raw_state:
        fields = {"action": "show", "region": found.code if found else ""}
        session = session_from_form(raw_state)

        def shown() -> Response:  # reads the story again: in a thread
            moved = move(session, state.kb, fields)
            return _checkup_page(request, state, moved.session, moved.position)

        return await run_in_threadpool(shown)
    next_path = str(form.get("next") or "/")
    if not next_path.startswith("/") or next_path.startswith("//"):
        next_path = "/"
    response: Response = RedirectResponse(next_path, status_code=303)
    remember_region(request, response, found.code if found else None)
    return response


@router.get("/ask")
def ask_page(request: Request, state: State) -> Response:
    return state.renderer.page(request, "ask.html", {"nav": "ask"})


@router.post("/ask", dependencies=[Depends(checked_form)])
def ask_submit(request: Request, state: State,
               question: Annotated[str, Form(max_length=MAX_TEXT_CHARS)]) -> Response:
    from backcare.ask import answer_question

    template = "_answers.html" if is_htmx(request) else "ask.html"
    try:
        result = answer_question(question, kb=state.kb)
    except IntakeError as exc:  # an empty or overlong question: say so by the field
        return state.renderer.page(request, template,
                                   {"nav": "ask", "asked": question, "error": exc}, status=422)
    person = state.people.person(request)
    day = episode_day(state.people.diary(person), result) if person is not None else None
    return state.renderer.page(request, template,
                               {"nav": "ask", "asked": question, "result": result, "day": day})


@router.get("/sources")
def sources_page(request: Request, state: State) -> Response:
    ordered = weighed(state.kb, sorted(state.kb.sources, key=lambda sid:
                                       state.kb.sources[sid].title))
    return state.renderer.page(request, "sources.html", {"nav": "sources", "all": ordered})


@router.get("/privacy")
def privacy_page(request: Request, state: State, erased: bool = False) -> Response:
    # Where the diary is kept is said in words, never as a file path: a page is no place for
    # the layout of someone's computer.
    person = state.people.person(request)
    on_this_computer = person is not None and person.account is None
    return state.renderer.page(request, "privacy.html", {
        "nav": "privacy", "on_this_computer": on_this_computer, "erased": erased})


@router.get("/docs")
def api_docs(request: Request, state: State) -> Response:
    """Swagger UI from the app's own static files: works offline, under the same CSP."""
    return state.renderer.page(request, "docs.html", {"nav": "docs"})
