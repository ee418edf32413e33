"""What every route needs from the running app, as FastAPI dependencies.

One :class:`AppState` per app (per worker): the settings, the knowledge base, the people and
their diaries, the CSRF signer and the page renderer. Routes ask for the person and their diary
through the dependencies below, which is where "log in first" is decided — once, not per route.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from backcare.diary.repository import Diary
from backcare.knowledge.loader import KnowledgeBase
from backcare.web.errors import ApiError
from backcare.web.offload import Readers
from backcare.web.people import People, Person
from backcare.web.rendering import Renderer
from backcare.web.security import CSRF_FIELD, Csrf
from backcare.web.settings import WebSettings


@dataclass(frozen=True, eq=False)
class AppState:
    settings: WebSettings
    kb: KnowledgeBase
    people: People
    csrf: Csrf
    renderer: Renderer
    readers: Readers


class LoginRequired(Exception):
    """A page that needs a login was asked for without one: send the person to log in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path

    @property
    def location(self) -> str:
        return f"/login?next={quote(self.next_path, safe='/')}"


async def app_state(request: Request) -> AppState:
    """Async so that FastAPI resolves it on the event loop, without a thread-pool hop."""
    state: AppState = request.app.state.backcare
    return state


State = Annotated[AppState, Depends(app_state)]


def api_person(request: Request, state: State) -> Person:
    person = state.people.person(request)
    if person is None:
        raise ApiError(401, "login_required", "log in first (POST /api/session)")
    return person


def page_person(request: Request, state: State) -> Person:
    person = state.people.person(request)
    if person is None:
        raise LoginRequired(request.url.path)
    return person


def api_diary(state: State, person: Annotated[Person, Depends(api_person)]) -> Diary:
    return state.people.diary(person)


def page_diary(state: State, person: Annotated[Person, Depends(page_person)]) -> Diary:
    return state.people.diary(person)


def api_diary_writer(state: State,
                     person: Annotated[Person, Depends(api_person)]) -> Iterator[Diary]:
    with state.people.writing(person) as diary:
        yield diary


def page_diary_writer(state: State,
                      person: Annotated[Person, Depends(page_person)]) -> Iterator[Diary]:
    with state.people.writing(person) as diary:
        yield diary


async def checked_form(request: Request, state: State) -> None:
    """Every form post must carry this browser's CSRF token (a field, or HTMX's header)."""
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    state.csrf.check(request, submitted if isinstance(submitted, str) else None)


ApiDiary = Annotated[Diary, Depends(api_diary)]
PageDiary = Annotated[Diary, Depends(page_diary)]
# For routes that write: one write at a time per diary in this process. The lock is let go
# as soon as the route returns ("function" scope), not after the answer has been sent: held
# that long, it made every write wait for the previous one's network round trip too.
ApiDiaryWriter = Annotated[Diary, Depends(api_diary_writer, scope="function")]
PageDiaryWriter = Annotated[Diary, Depends(page_diary_writer, scope="function")]
ApiPerson = Annotated[Person, Depends(api_person)]
PagePerson = Annotated[Person, Depends(page_person)]
