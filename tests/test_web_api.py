"""The JSON API as scripts and clinics use it: the contract's paths and shapes, errors that name
the field, and the diary endpoints giving back what was written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare import assess
from backcare.knowledge.loader import KnowledgeBase
from web_support import TestClient, single_person_client

LIFTING = "My lower back went into spasm lifting a box 2 days ago, pain 7/10."


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    yield from single_person_client(tmp_path)


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "field"}
    assert "Traceback" not in response.text
    error: dict[str, Any] = body["error"]
    return error


# ---- the contract ------------------------------------------------------------------------------


def test_health_names_the_knowledge_base(client: TestClient, kb: KnowledgeBase) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "knowledge_base": kb.version}


def test_assess_returns_exactly_what_the_library_returns(client: TestClient) -> None:
    intake = {"id": "a1", "findings": {"fever": False, "pain_score": 7, "onset_days": 2,
                                       "lifting": True}, "age": 44}
    response = client.post("/api/assess", json=intake)
    assert response.status_code == 200
    assert response.json() == assess(intake).to_json()
    assert response.json()["id"] == "a1"


def test_assess_reads_text_and_points_at_the_words(client: TestClient) -> None:
    response = client.post("/api/assess", json={"text": LIFTING})
    result = response.json()
    assert response.status_code == 200
    assert result["findings"]["pain_score"] == 7
    for evidence in result["evidence"]:
        assert LIFTING[evidence["start"]:evidence["end"]] == evidence["text"]


def test_an_emergency_carries_the_regions_number(client: TestClient) -> None:
    result = client.post("/api/assess", json={"text": "my back hurts", "region": "UK",
                                              "findings": {"saddle_numbness": True}}).json()
    assert result["triage"]["level"] == "emergency"
    assert result["emergency_number"] == "999"
    assert "saddle_numbness" in result["red_flags"]


@pytest.mark.parametrize(
    ("intake", "field", "code"),
    [
        ({"findings": {"bladder_dysfuncton": True}}, "findings.bladder_dysfuncton",
         "unknown_finding"),
        ({"findings": {"pain_score": 11}}, "findings.pain_score", "invalid_intake"),
        ({"text": "sore back", "age": "forty"}, "age", "invalid_intake"),
        ({"text": "sore back", "colour": "red"}, "colour", "invalid_intake"),
        ({"age": 40}, "text", "empty_intake"),
        ({"text": "sore back", "region": "Atlantis"}, "region", "invalid_intake"),
    ],
)
def test_a_bad_intake_is_refused_naming_the_field(
    client: TestClient, intake: dict[str, Any], field: str, code: str
) -> None:
    response = client.post("/api/assess", json=intake)
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == field
    assert error["code"] == code
    assert field.split(".")[-1] in error["message"]


def test_the_api_refuses_an_intake_as_the_command_line_does(client: TestClient) -> None:
    from backcare.intake import IntakeError

    intake = {"findings": {"fever": "yes"}}
    with pytest.raises(IntakeError) as refused:
        assess(intake)
    assert error_of(client.post("/api/assess", json=intake)) == refused.value.to_json()


def test_broken_json_and_other_bodies_get_the_error_shape(client: TestClient) -> None:
    broken = client.post("/api/assess", content=b'{"text": ',
                         headers={"content-type": "application/json"})
    assert broken.status_code == 400
    assert error_of(broken)["code"] == "invalid_json"

    listed = client.post("/api/assess", json=["not", "an", "object"])
    assert listed.status_code == 422
    assert error_of(listed)["field"] == "intake"

    form = client.post("/api/assess", data={"text": "sore back"})
    assert form.status_code == 415
    assert error_of(form)["field"] == "content-type"


def test_validation_errors_of_other_routes_use_the_same_shape(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": 42})
    assert response.status_code == 422
    assert error_of(response)["field"] == "question"
    missing = client.post("/api/ask", json={})
    assert error_of(missing)["field"] == "question"
    assert "required" in error_of(missing)["message"]


def test_unknown_paths_and_methods_answer_json(client: TestClient) -> None:
    assert error_of(client.get("/api/nothing"))["code"] == "not_found"
    assert client.get("/api/assess").status_code == 405


def test_a_crash_is_a_generic_json_error_without_a_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("backcare.web.api.assess", explode)
    response = client.post("/api/assess", json={"text": "sore back"})
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error"
    assert "secret internal detail" not in response.text


def test_ask_answers_with_sources(client: TestClient, kb: KnowledgeBase) -> None:
    response = client.post("/api/ask", json={"question": "how long should I keep ice on my back?",
                                             "id": "q1"})
    body = response.json()
    assert response.status_code == 200
    assert body["id"] == "q1"
    assert 1 <= len(body["answers"]) <= 5
    for answer in body["answers"]:
        assert answer["title"] and answer["text"]
        assert answer["sources"] and all(s in kb.sources for s in answer["sources"])


def test_ask_says_so_when_it_cannot_answer(client: TestClient) -> None:
    body = client.post("/api/ask", json={"question": "what is the capital of Peru?"}).json()
    assert body["answers"] == []
    assert body["message"]


def test_interview_opens_with_the_story_then_asks_warning_signs_first(
    client: TestClient,
) -> None:
    first = client.post("/api/interview/next", json={"findings": {}}).json()
    assert first["question"]["id"] == "story"
    assert first["question"]["type"] == "text"
    second = client.post("/api/interview/next", json={"text": LIFTING}).json()
    assert second["question"]["type"] == "checklist"
    assert "chest_pain" in second["question"]["findings"]
    assert second["about"] is None
    mum = client.post("/api/interview/next", json={"text": "My mum's " + LIFTING[3:]}).json()
    assert mum["about"] == "mum"


def test_interview_ends_with_the_result_once_the_level_is_settled(client: TestClient) -> None:
    body = client.post("/api/interview/next",
                       json={"findings": {"chest_pain": True}, "age": 44}).json()
    assert body["question"] is None
    assert body["result"]["triage"]["level"] == "emergency"


def test_interview_answers_dont_know_without_asking_again(client: TestClient) -> None:
    asked = client.post("/api/interview/next", json={"findings": {"pain_lower_back": True}})
    question = asked.json()["question"]
    after = client.post("/api/interview/next", json={"findings": {"pain_lower_back": True},
                                                     "unknown": question["findings"]}).json()
    assert after["question"]["id"] != question["id"]


def test_interview_refuses_an_unknown_finding_by_name(client: TestClient) -> None:
    response = client.post("/api/interview/next", json={"unknown": ["levitation"]})
    assert response.status_code == 422
    assert error_of(response)["field"] == "unknown.levitation"


def test_docs_and_schema_are_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/assess", "/api/ask", "/api/interview/next", "/api/health",
                 "/api/diary/check-ins", "/api/diary/progress", "/api/diary/export"):
        assert path in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle" in docs.text


# ---- the diary ---------------------------------------------------------------------------------


def open_episode(client: TestClient, **intake: Any) -> dict[str, Any]:
    response = client.post("/api/diary/episodes", json={"text": LIFTING, "region": "UK",
                                                        **intake})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_writing_before_an_episode_says_to_start_one(client: TestClient) -> None:
    response = client.post("/api/diary/check-ins", json={"pain": 5})
    assert response.status_code == 409
    assert error_of(response)["code"] == "no_episode"


def test_an_episode_opens_from_an_assessment(client: TestClient) -> None:
    body = open_episode(client)
    assert body["result"]["triage"]["level"] == body["episode"]["level"]
    listed = client.get("/api/diary/episodes").json()["episodes"]
    assert [e["id"] for e in listed] == [body["episode"]["id"]]
    one = client.get(f"/api/diary/episodes/{body['episode']['id']}").json()
    assert one["assessments"][0]["result"]["findings"]["pain_score"] == 7


def test_a_check_in_is_stored_and_read_back(client: TestClient) -> None:
    open_episode(client)
    written = client.post("/api/diary/check-ins",
                          json={"pain": 6, "movement": 4, "notes": "stiff this morning"})
    assert written.status_code == 201
    entry = written.json()["entry"]
    assert entry["pain"] == 6
    assert client.get(f"/api/diary/check-ins/{entry['id']}").json()["notes"] == \
        "stiff this morning"
    listing = client.get("/api/diary/check-ins").json()
    assert [e["id"] for e in listing["entries"]] == [entry["id"]]


def test_a_warning_sign_in_a_check_in_raises_an_alert_at_once(client: TestClient) -> None:
    open_episode(client)
    written = client.post("/api/diary/check-ins",
                          json={"pain": 6, "signs": {"bladder_dysfunction": True}}).json()
    assert written["alerts"], "the warning sign must be flagged with the entry itself"
    assert written["alerts"][0]["level"] == "emergency"
    assert "999" in written["alerts"][0]["message"]


def test_sessions_exercises_and_water_are_recorded(client: TestClient) -> None:
    open_episode(client)
    ended = datetime.now(UTC)
    session = client.post("/api/diary/sessions", json={
        "kind": "cold", "started_at": (ended - timedelta(minutes=15)).isoformat(),
        "ended_at": ended.isoformat()})
    assert session.status_code == 201
    assert session.json()["entry"]["kind"] == "cold"
    water = client.post("/api/diary/water", json={"amount": "2 cups"})
    assert water.json()["entry"]["ml"] == 500
    exercise = client.post("/api/diary/exercises", json={"exercise": "pelvic-tilt"})
    assert exercise.json()["entry"]["item"] == "pelvic_tilt"
    assert len(client.get("/api/diary/sessions").json()["entries"]) == 1


def test_a_too_long_cold_session_gets_a_correction(client: TestClient) -> None:
    open_episode(client)
    ended = datetime.now(UTC)
    body = client.post("/api/diary/sessions", json={
        "kind": "cold", "started_at": (ended - timedelta(minutes=45)).isoformat(),
        "ended_at": ended.isoformat()}).json()
    assert [alert["kind"] for alert in body["alerts"]] == ["correction"]


def test_a_bad_entry_names_its_field(client: TestClient) -> None:
    open_episode(client)
    assert error_of(client.post("/api/diary/check-ins", json={"pain": 12}))["field"] == "pain"
    refused = client.post("/api/diary/water", json={"amount": "3 buckets"})
    assert refused.status_code == 422
    assert error_of(refused)["field"] == "water"
    unknown = client.post("/api/diary/exercises", json={"exercise": "backflip"})
    assert error_of(unknown)["code"] == "unknown_exercise"


def test_unknown_ids_are_not_found(client: TestClient) -> None:
    open_episode(client)
    for path in ("/api/diary/check-ins/999", "/api/diary/sessions/999",
                 "/api/diary/episodes/999", "/api/diary/progress?episode=999"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"


def test_progress_shows_the_pain_logged(client: TestClient) -> None:
    open_episode(client)
    client.post("/api/diary/check-ins", json={"pain": 4})
    progress = client.get("/api/diary/progress").json()
    assert progress["pain"]["first"] == 7  # from the assessment that opened the episode
    today = progress["pain"]["daily"][-1]
    assert (today["entries"], today["score"]) == (2, 5.5)  # the day's scores are averaged


def test_export_holds_everything_and_erase_removes_it(client: TestClient) -> None:
    open_episode(client)
    client.post("/api/diary/check-ins", json={"pain": 5, "notes": "a little better"})
    export = client.get("/api/diary/export")
    assert "attachment" in export.headers["content-disposition"]
    assert "a little better" in export.text
    assert client.delete("/api/diary").status_code == 204
    assert client.get("/api/diary/episodes").json() == {"episodes": []}


def test_profile_region_is_kept(client: TestClient) -> None:
    changed = client.put("/api/diary/profile", json={"region": "Australia", "age": 50})
    assert changed.json()["profile"]["region"] == "AU"
    assert client.get("/api/diary/profile").json()["profile"]["age"] == 50
