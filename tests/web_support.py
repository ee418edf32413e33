"""The single-person web app on a diary of its own, driven in-process by FastAPI's client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from backcare.web.app import create_app
from backcare.web.settings import WebSettings

with warnings.catch_warnings():  # Starlette's note about a future httpx replacement
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"


def single_person_client(tmp_path: Path) -> Iterator[TestClient]:
    """The app as `backcare serve` starts it by default, on a diary in ``tmp_path``."""
    app = create_app(WebSettings(diary=str(tmp_path / "diary.sqlite3")))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as test_client:
        yield test_client
