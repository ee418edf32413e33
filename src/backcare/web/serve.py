"""``backcare serve``: run the web app with Uvicorn, private by default.

Listening beyond this machine without accounts would put one person's diary on the network for
anyone to read, so it is refused unless ``--multi-user`` is given.
"""

from __future__ import annotations

import os

from backcare.web.settings import ENV_VAR, WebSettings, is_loopback


class ServeRefused(Exception):
    """The server must not start with these options; the message says why and what to do."""


def check_binding(host: str, multi_user: bool) -> None:
    if not multi_user and not is_loopback(host):
        raise ServeRefused(
            f"Refusing to listen on {host} without --multi-user: anyone who can reach this "
            "address could read your diary. Keep the default --host 127.0.0.1 to use backcare "
            "on this computer, or add --multi-user to give each person an account and a "
            "password."
        )


def run(host: str, port: int, workers: int, settings: WebSettings) -> None:
    """Start Uvicorn; workers are separate processes, so they build the app themselves."""
    import uvicorn

    check_binding(host, settings.multi_user)
    if settings.multi_user:
        # Made here, once, so that workers starting together never race to create the tables.
        from backcare.web.people import People

        People(settings).close()
    os.environ[ENV_VAR] = settings.answering(host).to_environment()
    uvicorn.run(
        "backcare.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,
        # Uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise; only the
        # proxies the person named are believed here.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
        # The standard event loop, not uvloop: under load uvloop served some connections far
        # later than others (wrk, 32 connections, one worker: a text assessment's p99 was
        # 570–870 ms with uvloop, 150–170 ms without, at the same throughput).
        loop="asyncio",
        http="backcare.web.protocol:NoDelayHttpToolsProtocol",
    )
