"""What keeps one person's health notes theirs: response headers, the Host check and CSRF tokens.

* Every response carries a strict Content-Security-Policy — scripts and styles only from the
  app's own static files, no inline script, no other origin — so injected markup cannot run.
* In single-person mode only loopback host names are answered: a web page elsewhere cannot
  reach the diary through DNS rebinding.
* Every form carries a token signed with the server's secret and bound to a random cookie (and
  to the login session when there is one), so another site cannot post a form in the person's
  name. JSON API writes are protected differently: they must be ``application/json``, which a
  page on another origin cannot send without a CORS preflight this app never grants.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backcare.web.errors import ApiError

CSRF_COOKIE = "backcare_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "backcare_session"

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
))
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
# Pages and API answers hold health data: never kept by a shared cache or the back button's
# disk cache. The app's own static files may be cached.
NO_STORE = "no-store"


def _host_name(raw: str) -> str:
    """The host of a Host header without its port: ``[::1]:8000`` → ``::1``."""
    if raw.startswith("["):
        return raw[1:raw.find("]")] if "]" in raw else raw
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


class SecurityMiddleware:
    """Refuses unknown Host headers and adds the security headers to every response.

    Plain ASGI rather than a ``BaseHTTPMiddleware``: it sits on every request, and the load
    test measures it.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = frozenset(host.lower() for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed:
            raw = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if _host_name(raw).lower() not in self.allowed:
                refusal = PlainTextResponse("Unknown host name", status_code=400)
                await refusal(scope, receive, self._with_headers(send, scope))
                return
        await self.app(scope, receive, self._with_headers(send, scope))

    @staticmethod
    def _with_headers(send: Send, scope: Scope) -> Send:
        static = scope["path"].startswith("/static/")
        secure = scope.get("scheme") == "https"

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    headers["cache-control"] = NO_STORE
                if secure:
                    headers.setdefault("strict-transport-security", "max-age=31536000")
            await send(message)

        return sending


class Csrf:
    """Signed double-submit tokens: HMAC(secret, cookie nonce + session), checked on every form."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def _sign(self, nonce: str, session: str) -> str:
        digest = hmac.new(self._key, f"{nonce}|{session}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def token_for(self, request: Request) -> str:
        """The token to put in this page's forms.

        A browser without a nonce cookie gets a new nonce, remembered on the request so every
        form of the page agrees; :meth:`remember` then sets it as a cookie on the response.
        """
        nonce: str | None = request.cookies.get(CSRF_COOKIE) or getattr(
            request.state, "csrf_nonce", None)
        if nonce is None:
            nonce = secrets.token_urlsafe(24)
            request.state.csrf_nonce = nonce
        return self._sign(nonce, request.cookies.get(SESSION_COOKIE, ""))

    @staticmethod
    def remember(request: Request, response: Response) -> None:
        """Set the nonce cookie if this request made a new one."""
        nonce = getattr(request.state, "csrf_nonce", None)
        if nonce is not None and request.cookies.get(CSRF_COOKIE) != nonce:
            set_cookie(response, request, CSRF_COOKIE, nonce, max_age=None, same_site="strict")

    def check(self, request: Request, submitted: str | None) -> None:
        """Refuse a form whose token is missing or does not match this browser's cookie."""
        nonce = request.cookies.get(CSRF_COOKIE)
        given = submitted or request.headers.get(CSRF_HEADER)
        expected = self._sign(nonce, request.cookies.get(SESSION_COOKIE, "")) if nonce else None
        if not given or expected is None or not hmac.compare_digest(given, expected):
            raise ApiError(
                403, "csrf_failed",
                "This form has expired or was sent from another site. Go back, reload the "
                "page and try again.",
            )


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    *,
    max_age: int | None,
    same_site: str = "lax",
) -> None:
    """An HttpOnly cookie, Secure whenever the page was served over HTTPS."""
    response.set_cookie(
        name, value, max_age=max_age, path="/", httponly=True,
        secure=request.url.scheme == "https",
        samesite=same_site,  # type: ignore[arg-type]
    )


async def require_json(request: Request) -> None:
    """API writes must be JSON: the one kind of body another site cannot post unasked.

    Async, though it awaits nothing, so that FastAPI runs it on the event loop: a sync
    dependency costs every API request a hop to the thread pool and back.
    """
    if request.method in ("POST", "PUT", "PATCH"):
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json" and not kind.endswith("+json"):
            raise ApiError(415, "unsupported_media_type",
                           "send the body as JSON with Content-Type: application/json",
                           "content-type")
