"""Uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

With more than one worker, Uvicorn binds the listening socket itself and hands it to the
workers; the connections accepted from it do not look like TCP to asyncio, which then leaves
Nagle's algorithm on. A response written in two parts (headers, then body) then waits for the
client's delayed acknowledgement, about 40 ms on every request: two workers answered 720
structured assessments a second at a p50 of 44 ms, where one worker answered 2,400 at 12 ms.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """Sets ``TCP_NODELAY`` on each new connection, then carries on as Uvicorn's own."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
