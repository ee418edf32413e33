"""Every connection `backcare serve` accepts has Nagle's algorithm off, however its listening
socket was made: with two workers, Uvicorn binds one asyncio does not recognise as TCP, and
each answer then waited ~40 ms for the client's delayed acknowledgement (bench/bench_web.py)."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from uvicorn.config import Config
from uvicorn.server import ServerState

from backcare.web.protocol import NoDelayHttpToolsProtocol


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:  # pragma: no cover
    raise AssertionError("no request is sent")


def test_a_connection_from_a_workers_listening_socket_has_nagle_off() -> None:
    async def accept_one() -> int:
        config = Config(_app, log_level="warning")
        config.load()
        state = ServerState()
        accepted: list[NoDelayHttpToolsProtocol] = []

        def protocol() -> NoDelayHttpToolsProtocol:
            made = NoDelayHttpToolsProtocol(config, state, {})
            accepted.append(made)
            return made

        # Made as Uvicorn's Config.bind_socket makes it for its workers: no protocol number.
        listening = socket.socket(socket.AF_INET)
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        server = await asyncio.get_running_loop().create_server(protocol, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname())
        for _ in range(100):
            if accepted and accepted[0].transport is not None:
                break
            await asyncio.sleep(0.01)
        connection = accepted[0].transport.get_extra_info("socket")
        option = int(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()
        server.close()
        await server.wait_closed()
        return option

    assert asyncio.run(accept_one()) != 0
