"""Bad input is refused the same way at every door — API, forms, command line — with a 4xx and
an error naming the field, never a 500 or a traceback, and never stored (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web_pages import hidden
from web_support import TestClient, single_person_client

SURROGATE_TEXT = "back \ud800 pain"
DEEP = "[" * 1000 + "]" * 1000
BACKCARE = [sys.executable, "-m", "backcare"]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    yield from single_person_client(tmp_path)


def post_json(client: TestClient, path: str, body: str) -> Any:
    return client.post(path, content=body.encode("utf-8", "surrogatepass"),
                       headers={"content-type": "application/json"})


def open_episode(client: TestClient) -> None:
    assert client.post("/api/diary/episodes", json={"text": "my back went"}).status_code == 201


# ---- lone surrogates and NUL (defects 3 and 9) ----------------------------------------------


@pytest.mark.parametrize("path", ["/api/diary/episodes", "/api/assess"])
def test_a_lone_surrogate_in_an_intake_is_refused_naming_the_field(
    client: TestClient, path: str
) -> None:
    answer = post_json(client, path, json.dumps({"text": SURROGATE_TEXT}))
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "text"
    assert answer.json()["error"]["code"] == "invalid_text"
    assert client.get("/api/diary/export").status_code == 200


def test_check_ins_and_episodes_refuse_a_surrogate_alike(client: TestClient) -> None:
    open_episode(client)
    note = post_json(client, "/api/diary/check-ins",
                     json.dumps({"pain": 3, "notes": SURROGATE_TEXT}))
    episode = post_json(client, "/api/diary/episodes", json.dumps({"text": SURROGATE_TEXT}))
    assert note.status_code == episode.status_code == 422
    assert note.json()["error"]["code"] == episode.json()["error"]["code"] == "invalid_text"


def test_a_surrogate_in_a_saved_form_intake_is_refused(client: TestClient) -> None:
    page = client.get("/").text
    answer = client.post("/diary/start", data={
        "intake": json.dumps({"text": SURROGATE_TEXT}), "csrf_token": hidden(page, "csrf_token")})
    assert answer.status_code == 422
    assert client.get("/api/diary/episodes").json() == {"episodes": []}


def test_a_nul_in_a_note_is_refused_on_every_database(client: TestClient) -> None:
    open_episode(client)
    answer = client.post("/api/diary/check-ins", json={"pain": 3, "notes": "stiff\x00"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "notes"
    page = client.get("/diary").text
    form = client.post("/diary/pain", data={"pain": "3", "notes": "stiff\x00",
                                            "csrf_token": hidden(page, "csrf_token")})
    assert form.status_code == 422
    assert client.get("/api/diary/check-ins").json()["entries"] == []


def test_the_command_line_refuses_a_surrogate_before_saving(tmp_path: Path) -> None:
    intake = tmp_path / "intake.json"
    intake.write_text('{"text": "back \\ud800 pain"}')
    env = {"BACKCARE_DATABASE_URL": str(tmp_path / "diary.sqlite3"), "PATH": "/usr/bin"}
    done = subprocess.run([*BACKCARE, "assess", "--input", str(intake), "--save"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "text" in done.stderr
    exported = subprocess.run([*BACKCARE, "export"], capture_output=True, text=True, env=env,
                              timeout=120)
    assert exported.returncode == 0, exported.stderr


def test_a_note_of_bytes_that_are_not_utf8_is_refused_at_the_command_line(
    tmp_path: Path,
) -> None:
    env = {"BACKCARE_DATABASE_URL": str(tmp_path / "diary.sqlite3"), "PATH": "/usr/bin",
           "LC_ALL": "C.UTF-8"}
    started = subprocess.run([*BACKCARE, "assess", "--text", "my back went", "--save"],
                             capture_output=True, env=env, timeout=120)
    assert started.returncode == 0
    done = subprocess.run([*BACKCARE.copy(), "log", "pain", "4", "--note", b"stiff \xff"],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert b"note" in done.stderr


# ---- deep nesting: 4xx, not 500 (defect 5) ----------------------------------------------------


@pytest.mark.parametrize("path", ["/api/assess", "/api/diary/episodes", "/api/ask",
                                  "/api/interview/next", "/api/diary/check-ins"])
def test_json_nested_a_thousand_deep_is_a_400(client: TestClient, path: str) -> None:
    for body in (DEEP, json.dumps({"text": "x", "findings": {"fever": 1}})[:-1]
                 + ', "id": ' + DEEP + "}"):
        answer = post_json(client, path, body)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["code"] == "invalid_json"


def test_deep_form_fields_are_refused_not_crashed(client: TestClient) -> None:
    page = client.get("/check").text
    token = hidden(page, "csrf_token")
    saved = client.post("/diary/start", data={"intake": DEEP, "csrf_token": token})
    assert 400 <= saved.status_code < 500
    checked = client.post("/check", data={"state": DEEP, "action": "start",
                                          "csrf_token": token})
    assert checked.status_code == 400


def test_a_surrogate_in_the_check_up_state_is_a_400(client: TestClient) -> None:
    page = client.get("/check").text
    state = json.dumps({"region": None, "history": [
        {"story": SURROGATE_TEXT, "answers": {}, "unknown": []}]})
    answer = client.post("/check", data={"state": state, "action": "start",
                                         "csrf_token": hidden(page, "csrf_token")})
    assert answer.status_code == 400


# ---- short error messages and capped bodies (defect 11) -------------------------------------


def test_a_refusal_quotes_only_a_short_excerpt_of_the_bad_value(client: TestClient) -> None:
    answer = client.post("/api/ask", json={"question": "why " * 40_000})
    assert answer.status_code == 422
    assert len(answer.content) < 1000
    wrong_type = client.post("/api/ask", json={"question": ["x" * 100_000]})
    assert wrong_type.status_code == 422 and len(wrong_type.content) < 1000


@pytest.mark.parametrize("path", ["/api/ask", "/api/diary/check-ins", "/api/interview/next",
                                  "/api/diary/episodes"])
def test_every_json_route_caps_its_body(client: TestClient, path: str) -> None:
    open_episode(client)
    body = json.dumps({"question": "x" * 300_000, "notes": "x" * 300_000})
    answer = post_json(client, path, body)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
