"""Signing up, logging in and out — only on a multi-user server.

Pages for people and JSON routes for apps share one account store, one rate limit and one kind
of session: an HttpOnly, SameSite cookie holding a random token the server can revoke.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from backcare.web import schemas
from backcare.web.accounts import Account, Accounts
from backcare.web.errors import ApiError
from backcare.web.passwords import MIN_PASSWORD
from backcare.web.security import SESSION_COOKIE, require_json, set_cookie
from backcare.web.state import AppState, State, checked_form

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"], dependencies=[Depends(require_json)],
                responses={code: {"model": schemas.ErrorBody} for code in (401, 409, 422, 429)})


def accounts_of(state: AppState) -> Accounts:
    if state.people.accounts is None:  # pragma: no cover - routes are mounted only with accounts
        raise ApiError(404, "not_found", "this server has no accounts")
    return state.people.accounts


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not bounce the person to another one."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/diary"


def start_session(request: Request, response: Response, state: AppState, token: str) -> None:
    set_cookie(response, request, SESSION_COOKIE, token,
               max_age=state.settings.session_days * 24 * 3600, same_site="lax")


# ---- pages ---------------------------------------------------------------------------------


@pages.get("/login")
def login_page(request: Request, state: State, next: str | None = None) -> Response:
    return state.renderer.page(request, "login.html", {"next": safe_next(next),
                                                       "mode": "login"})


@pages.get("/signup")
def signup_page(request: Request, state: State, next: str | None = None) -> Response:
    return state.renderer.page(request, "login.html", {"next": safe_next(next),
                                                       "mode": "signup",
                                                       "min_password": MIN_PASSWORD})


def _form_failed(request: Request, state: State, mode: str, next_path: str, username: str,
                 error: ApiError) -> Response:
    response = state.renderer.page(
        request, "login.html",
        {"next": next_path, "mode": mode, "error": error, "username": username,
         "min_password": MIN_PASSWORD},
        status=error.status)
    response.headers.update(error.headers)
    return response


@pages.post("/login", dependencies=[Depends(checked_form)])
def login_submit(
    request: Request,
    state: State,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/diary",
) -> Response:
    try:
        _, token = accounts_of(state).log_in(username, password, address(request))
    except ApiError as error:
        return _form_failed(request, state, "login", safe_next(next), username, error)
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, state, token)
    return response


@pages.post("/signup", dependencies=[Depends(checked_form)])
def signup_submit(
    request: Request,
    state: State,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/diary",
) -> Response:
    accounts = accounts_of(state)
    try:
        accounts.sign_up(username, password, address(request))
        _, token = accounts.log_in(username, password, address(request))
    except ApiError as error:
        return _form_failed(request, state, "signup", safe_next(next), username, error)
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, state, token)
    return response


@pages.post("/logout", dependencies=[Depends(checked_form)])
def logout_submit(request: Request, state: State) -> Response:
    accounts_of(state).log_out(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# ---- JSON ----------------------------------------------------------------------------------


def _signed_in(request: Request, state: AppState, account: Account, token: str,
               status: int) -> JSONResponse:
    response = JSONResponse({"username": account.username}, status_code=status)
    start_session(request, response, state, token)
    return response


@api.post("/accounts", status_code=201, response_model=schemas.SignedIn,
          summary="Create an account and log in (sets the session cookie)")
def create_account(body: schemas.Credentials, request: Request, state: State) -> JSONResponse:
    accounts = accounts_of(state)
    accounts.sign_up(body.username, body.password, address(request))
    account, token = accounts.log_in(body.username, body.password, address(request))
    return _signed_in(request, state, account, token, 201)


@api.post("/session", response_model=schemas.SignedIn,
          summary="Log in (sets the session cookie); limited to a few attempts")
def open_session(body: schemas.Credentials, request: Request, state: State) -> JSONResponse:
    account, token = accounts_of(state).log_in(body.username, body.password, address(request))
    return _signed_in(request, state, account, token, 200)


@api.delete("/session", status_code=204, summary="Log out: the session ends on the server")
def close_session(request: Request, state: State) -> Response:
    accounts_of(state).log_out(request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
