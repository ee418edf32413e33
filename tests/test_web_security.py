"""Who sees what: security headers, the Host check, CSRF on forms, and on a multi-user server
accounts, sessions, the login limit and each person seeing only their own diary."""

from __future__ import annotations

import json
import re
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backcare.cli import app as cli
from backcare.web.app import create_app
from backcare.web.settings import ENV_VAR, WebSettings

with warnings.catch_warnings():  # Starlette's note about a future httpx replacement
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"
STORY = "My lower back went into spasm lifting a box 2 days ago, pain 7/10."
PASSWORD = "correct horse battery"
PAGES = ("/", "/check", "/ask", "/sources", "/privacy", "/diary", "/progress", "/docs")


@pytest.fixture
def single(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(diary=str(tmp_path / "diary.sqlite3")))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """A multi-user app; each ``TestClient`` on it is one browser with its own cookies."""
    app = create_app(WebSettings(multi_user=True, data_dir=str(tmp_path / "web"),
                                 allowed_hosts=()))
    with TestClient(app, base_url=BASE) as warm:  # runs the lifespan once
        warm.get("/api/health")
        yield app


def browser(app: Any) -> TestClient:
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


def sign_up(app: Any, username: str) -> TestClient:
    person = browser(app)
    response = person.post("/api/accounts", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return person


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "every page with a form carries a CSRF token"
    return found.group(1)


# ---- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/health", "/static/style.css", "/nope"])
def test_every_response_has_the_security_headers(single: TestClient, path: str) -> None:
    headers = single.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_health_data_is_never_cached(single: TestClient) -> None:
    assert single.get("/diary").headers["cache-control"] == "no-store"
    assert single.post("/api/assess", json={"text": STORY}).headers["cache-control"] == "no-store"
    assert single.get("/static/app.js").headers.get("cache-control") != "no-store"


@pytest.mark.parametrize("path", PAGES)
def test_pages_hold_no_inline_script_or_style(single: TestClient, path: str) -> None:
    page = single.get(path).text
    for script in re.findall(r"<script\b[^>]*>", page):
        assert 'src="/static/' in script, script
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", page)


def test_a_page_asked_for_by_another_host_name_is_refused(single: TestClient) -> None:
    """A web page on another site cannot reach the diary through DNS rebinding."""
    assert single.get("/diary", headers={"host": "attacker.example"}).status_code == 400
    assert single.get("/diary", headers={"host": "localhost:8000"}).status_code == 200
    assert single.get("/diary", headers={"host": "[::1]:8000"}).status_code == 200


# ---- CSRF ----------------------------------------------------------------------------------------


def test_a_form_without_its_token_is_refused(single: TestClient) -> None:
    response = single.post("/assess", data={"text": STORY})
    assert response.status_code == 403
    assert "expired or was sent from another site" in response.text


def test_a_token_from_another_browser_is_refused(single: TestClient, tmp_path: Path) -> None:
    other = browser(single.app)
    stolen = csrf_token(other.get("/").text)
    single.get("/")  # this browser has its own cookie
    assert single.post("/assess", data={"text": STORY, "csrf_token": stolen}).status_code == 403


def test_a_form_with_its_token_goes_through(single: TestClient) -> None:
    token = csrf_token(single.get("/").text)
    response = single.post("/assess", data={"text": STORY, "csrf_token": token})
    assert response.status_code == 200
    assert 'data-checkup-step="question"' in response.text  # the screen before a verdict
    by_header = single.post("/assess", data={"text": STORY},
                            headers={"x-csrf-token": token, "hx-request": "true"})
    assert by_header.status_code == 200


def test_json_writes_must_be_json(single: TestClient) -> None:
    """A form on another site can post url-encoded or text bodies, never application/json."""
    response = single.post("/api/diary/check-ins", content=json.dumps({"pain": 5}),
                           headers={"content-type": "text/plain"})
    assert response.status_code == 415


# ---- multi-user ----------------------------------------------------------------------------------


def test_the_diary_needs_a_login(server: Any) -> None:
    visitor = browser(server)
    page = visitor.get("/diary", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/diary"
    assert visitor.get("/api/diary/episodes").status_code == 401
    assert visitor.get("/check").status_code == 200  # the check-up needs no account


def test_one_persons_ids_are_not_found_in_anothers_session(server: Any) -> None:
    alice, bob = sign_up(server, "alice"), sign_up(server, "bob")
    episode = alice.post("/api/diary/episodes", json={"text": STORY}).json()["episode"]
    ids = [alice.post("/api/diary/check-ins", json={"pain": 5, "notes": "alice's note"})
           .json()["entry"]["id"] for _ in range(3)]
    session = alice.post("/api/diary/water", json={"amount": 250}).json()["entry"]["id"]

    assert bob.get(f"/api/diary/episodes/{episode['id']}").status_code == 404
    assert bob.get(f"/api/diary/progress?episode={episode['id']}").status_code == 404
    bob.post("/api/diary/episodes", json={"text": STORY})
    for entry_id in ids:
        assert bob.get(f"/api/diary/check-ins/{entry_id}").status_code == 404
    assert bob.get(f"/api/diary/water/{session}").status_code == 404
    assert "alice's note" not in bob.get("/api/diary/export").text
    assert "alice's note" not in bob.get("/progress").text
    assert alice.get(f"/api/diary/check-ins/{ids[0]}").json()["notes"] == "alice's note"


def test_the_session_cookie_is_httponly_and_samesite(server: Any) -> None:
    response = browser(server).post("/api/accounts",
                                    json={"username": "carol", "password": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("backcare_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie


def test_passwords_are_stored_only_as_argon2_hashes(server: Any, tmp_path: Path) -> None:
    sign_up(server, "dave")
    with sqlite3.connect(tmp_path / "web" / "accounts.sqlite3") as db:
        (stored,) = db.execute("SELECT password_hash FROM users").fetchone()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_logins_are_limited_even_with_the_right_password_after(server: Any) -> None:
    sign_up(server, "erin")
    guesser = browser(server)
    for _ in range(5):
        wrong = guesser.post("/api/session", json={"username": "erin", "password": "guess1234567"})
        assert wrong.status_code == 401
    blocked = guesser.post("/api/session", json={"username": "erin", "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.json()["error"]["code"] == "too_many_attempts"


def test_logging_out_ends_the_session_on_the_server(server: Any) -> None:
    frank = sign_up(server, "frank")
    token = frank.cookies["backcare_session"]
    assert frank.delete("/api/session").status_code == 204
    replay = browser(server)
    replay.cookies.set("backcare_session", token)
    assert replay.get("/api/diary/episodes").status_code == 401


def test_sign_up_refuses_weak_passwords_and_taken_names(server: Any) -> None:
    person = browser(server)
    weak = person.post("/api/accounts", json={"username": "gina", "password": "short"})
    assert weak.status_code == 422
    assert weak.json()["error"]["field"] == "password"
    sign_up(server, "gina2")
    taken = person.post("/api/accounts", json={"username": "GINA2", "password": PASSWORD})
    assert taken.status_code == 409
    assert taken.json()["error"]["field"] == "username"


def test_logging_in_with_the_form_goes_back_to_the_page_asked_for(server: Any) -> None:
    sign_up(server, "hana")
    person = browser(server)
    token = csrf_token(person.get("/login?next=/progress").text)
    response = person.post("/login", data={"username": "hana", "password": PASSWORD,
                                           "next": "/progress", "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/progress"
    assert person.get("/progress").status_code == 200
    elsewhere = browser(server)
    token = csrf_token(elsewhere.get("/login").text)
    bounced = elsewhere.post("/login", data={"username": "hana", "password": PASSWORD,
                                             "next": "//evil.example/", "csrf_token": token},
                             follow_redirects=False)
    assert bounced.headers["location"] == "/diary"


def test_a_wrong_password_on_the_form_says_so(server: Any) -> None:
    person = browser(server)
    token = csrf_token(person.get("/login").text)
    response = person.post("/login", data={"username": "nobody", "password": "wrong-password",
                                           "csrf_token": token})
    assert response.status_code == 401
    assert "do not match" in response.text


# ---- serve -------------------------------------------------------------------------------------


def test_serve_refuses_to_listen_beyond_loopback_without_accounts() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--multi-user" in result.output
    assert "could read your diary" in result.output


def test_serve_with_accounts_passes_its_settings_to_the_workers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda target, **options: started.update(
        target=target, **options))
    monkeypatch.delenv(ENV_VAR, raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--multi-user",
                                      "--workers", "2", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert started["workers"] == 2 and started["factory"] is True
    settings = WebSettings.from_environment()
    assert settings.multi_user and settings.data_dir == str(tmp_path)
    assert settings.allowed_hosts == ()
    monkeypatch.delenv(ENV_VAR)
