"""Every JSON body is capped and read once, before any route sees it.

Only ``/api/assess`` used to cap its body, and routes read their bodies in different ways:
one let a lone surrogate through that another refused, and a body nested a thousand deep
crashed the routes that walked it. Here every write to ``/api/`` is refused with 413 past
:data:`MAX_BODY_BYTES` — counted as it arrives, so a large body is never held whole — and a
JSON body goes through :func:`backcare.json_input.read_json`, the reader the command line and
``import`` use too. The routes then parse a body known to be sound.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backcare.errors import FieldError
from backcare.json_input import read_json
from backcare.web.errors import ApiError, json_error

MAX_BODY_BYTES = 256 * 1024
WRITES = frozenset({"POST", "PUT", "PATCH"})
STATE_KEY = "json_body"


def is_json(scope: Scope) -> bool:
    kind = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-type"), "")
    kind = kind.split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


class JsonBodies:
    """Caps and checks the bodies of API writes; the parsed body is left in the request's
    state as ``json_body``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in WRITES
                or not scope["path"].startswith("/api/")):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await self._refuse(scope, receive, send, ApiError(
                    413, "too_large", f"body: larger than {MAX_BODY_BYTES // 1024} KiB", "body"))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and is_json(scope):
            try:
                value: Any = read_json(body, "body", inside="")
            except FieldError as exc:
                status = 400 if exc.code == "invalid_json" else 422
                await self._refuse(scope, receive, send,
                                   ApiError(status, exc.code, str(exc), exc.field))
                return
            scope.setdefault("state", {})[STATE_KEY] = value
        await self.app(scope, _replaying(body, receive), send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, error: ApiError) -> None:
        await json_error(error)(scope, receive, send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands over the body already read, then carries on as before."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
