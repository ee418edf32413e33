"""Every failure becomes the contract's error — ``{"error": {"code", "message", "field"}}`` — or,
for a page, a page that says what went wrong in plain words. Never a stack trace.

The library's own refusals (:class:`backcare.IntakeError`, the diary's ``EntryError``) already
name the field; they are passed through unchanged, so the API refuses an intake with the same
words as ``backcare assess --json``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from backcare.errors import FieldError, error_record
from backcare.text_check import excerpt

logger = logging.getLogger("backcare.web")

STATUS_CODES = {
    400: "bad_request",
    401: "login_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
}


class ApiError(Exception):
    """A refusal with its HTTP status, for the API and the pages alike."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = dict(headers or {})

    def to_json(self) -> dict[str, Any]:
        return error_record(self.code, self.message, self.field)


def from_library(exc: FieldError) -> ApiError:
    """A refused intake or diary entry as a 422, or 409 when there is no episode to write to
    yet: the request was fine, the diary is not ready for it."""
    status = 409 if exc.code == "no_episode" else 422
    return ApiError(status, exc.code, str(exc), exc.field)


def _field(location: Sequence[int | str]) -> str | None:
    """``("body", "findings", "fever")`` → ``findings.fever``; the whole body → ``body``."""
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:] or parts[:1]
    return ".".join(parts) or None


def from_validation(exc: RequestValidationError) -> ApiError:
    """FastAPI's report on a malformed request as one clear error naming the first field."""
    errors = exc.errors()
    if not errors:
        return ApiError(422, "invalid_request", "the request is not valid")
    first = errors[0]
    kind = first.get("type", "")
    location = tuple(first.get("loc", ()))
    if kind == "json_invalid":
        detail = first.get("ctx", {}).get("error", "")
        return ApiError(400, "invalid_json", f"body: not valid JSON ({detail})", "body")
    field = _field(location)
    message = str(first.get("msg", "invalid"))
    if kind == "extra_forbidden":
        message = "unknown key"
    elif kind == "missing":
        message = "is required"
    elif "input" in first:
        message = f"{message} (got {excerpt(first['input'])})"
    return ApiError(422, "invalid_request", f"{field}: {message}" if field else message, field)


def wants_json(request: Request) -> bool:
    """API paths always answer JSON; pages answer HTML."""
    return request.url.path.startswith("/api/")


def json_error(error: ApiError) -> JSONResponse:
    return JSONResponse(error.to_json(), status_code=error.status, headers=error.headers)


def install_error_handlers(app: FastAPI,
                           page_error: Callable[[Request, ApiError], Response]) -> None:
    """Route every failure to the JSON shape or to ``page_error(request, error)`` for pages."""

    def respond(request: Request, error: ApiError) -> Response:
        if wants_json(request):
            return json_error(error)
        return page_error(request, error)

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return respond(request, exc)

    async def on_library_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, FieldError)
        return respond(request, from_library(exc))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, from_validation(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = "nothing here: check the address"
        return respond(request, ApiError(exc.status_code, code, message,
                                         headers=dict(exc.headers or {})))

    async def on_crash(request: Request, exc: Exception) -> Response:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, ApiError(
            500, "internal_error",
            "Something went wrong on our side; nothing you did caused it. Please try again.",
        ))

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(FieldError, on_library_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
