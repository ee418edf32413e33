"""How the web app is run: for one person on this computer, or for several with accounts.

The settings travel to Uvicorn's worker processes as one environment variable, because each
worker builds its own app from scratch; the secret that signs form tokens must be the same in
every worker, so it is made once by ``backcare serve`` and handed down with the rest.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ENV_VAR = "BACKCARE_WEB_SETTINGS"
# The names a browser may use for this machine; any other Host header is refused in
# single-person mode, so a web page cannot reach the diary through DNS rebinding.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this machine (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_data_dir() -> Path:
    """Accounts and per-person diaries of a multi-user server (``~/.local/share/backcare/web``)."""
    import platformdirs

    return platformdirs.user_data_path("backcare", appauthor=False) / "web"


@dataclass(frozen=True)
class WebSettings:
    """Everything that changes how the app behaves; the defaults are the safe, private ones."""

    multi_user: bool = False
    # Single-person mode: the diary (a file or a database URL); None is the CLI's default diary,
    # so `backcare log pain 6` and the web page write to the same place.
    diary: str | None = None
    # Multi-user mode: where the accounts and one diary per person are kept.
    data_dir: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # Host names the app answers to; empty means any (a multi-user server behind a proxy).
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    # Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default, so
    # a request cannot pick its own address and sidestep the per-address login limits.
    trusted_proxies: tuple[str, ...] = ()
    login_attempts: int = 5
    login_window_seconds: int = 15 * 60
    session_days: int = 30

    def people_dir(self) -> Path:
        return Path(self.data_dir) if self.data_dir else default_data_dir()

    def to_environment(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> WebSettings:
        raw = os.environ.get(ENV_VAR)
        if not raw:
            return cls()
        values = json.loads(raw)
        for key in ("allowed_hosts", "trusted_proxies"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)

    def answering(self, host: str) -> WebSettings:
        """These settings for a server bound to ``host``: its own name is allowed too."""
        if not self.allowed_hosts or host in self.allowed_hosts or host in ("0.0.0.0", "::"):
            return self
        return replace(self, allowed_hosts=(*self.allowed_hosts, host))
