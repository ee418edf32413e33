"""The recovery diary over JSON: open an episode, write entries, read them back, see progress.

Entries are written and returned in the shapes ``backcare log … --json`` prints, so a script
can move between the command line and the API. Every route works on the requesting person's
own diary; in multi-user mode another person's record IDs are simply not found (404).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response

from backcare.assessment import assess
from backcare.diary.records import Episode, Written
from backcare.diary.repository import Diary
from backcare.web import schemas
from backcare.web.api import ERRORS, INTAKE_BODY, RawIntake
from backcare.web.errors import ApiError
from backcare.web.security import require_json
from backcare.web.state import ApiDiary, ApiDiaryWriter, State

router = APIRouter(
    prefix="/api/diary",
    tags=["diary"],
    dependencies=[Depends(require_json)],
    responses={**ERRORS, 401: {"model": schemas.ErrorBody}, 404: {"model": schemas.ErrorBody},
               409: {"model": schemas.ErrorBody}},
)


def plain(value: Any) -> Any:
    """A record's value as JSON: dates and times in ISO 8601, tuples as lists."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def record_json(record: Any) -> dict[str, Any]:
    return {key: plain(value) for key, value in asdict(record).items()}


def written_json(written: Written[Any]) -> JSONResponse:
    return JSONResponse({"entry": record_json(written.entry),
                         "alerts": [record_json(alert) for alert in written.alerts]},
                        status_code=201)


def episode_json(episode: Episode) -> dict[str, Any]:
    return {"id": episode.id, "started_on": episode.started_on.isoformat(),
            "opened_at": episode.opened_at.isoformat(), "level": episode.opening.level}


def find_episode(diary: Diary, episode_id: int | None) -> Episode:
    """The episode asked for (404 if it is not this person's), or the latest one."""
    if episode_id is not None and episode_id not in {e.id for e in diary.episodes()}:
        raise ApiError(404, "not_found", f"episode: no episode {episode_id} in your diary",
                       "episode")
    return diary.episode(episode_id)


# ---- episodes ------------------------------------------------------------------------------


@router.post("/episodes", status_code=201, response_model=schemas.EpisodeCreated,
             summary="Assess an intake and open a new episode with it",
             openapi_extra=INTAKE_BODY)
def open_episode(raw: RawIntake, state: State, diary: ApiDiaryWriter) -> JSONResponse:
    result = assess(raw, kb=state.kb)
    episode = diary.save_assessment(result)
    return JSONResponse({"episode": episode_json(episode), "result": result.to_json()},
                        status_code=201)


@router.get("/episodes", summary="Every episode, oldest first")
def episodes(diary: ApiDiary) -> dict[str, Any]:
    return {"episodes": [episode_json(e) for e in diary.episodes()]}


@router.get("/episodes/{episode_id}", summary="One episode with the assessments it holds")
def episode(episode_id: int, diary: ApiDiary) -> dict[str, Any]:
    found = find_episode(diary, episode_id)
    return {**episode_json(found), "assessments": [record_json(a) for a in found.assessments]}


# ---- writing -------------------------------------------------------------------------------


@router.post("/check-ins", status_code=201, response_model=schemas.WrittenOut,
             summary="Log today's pain; a warning sign in the notes raises an alert at once")
def check_in(body: schemas.CheckInIn, diary: ApiDiaryWriter) -> JSONResponse:
    return written_json(diary.check_in(body.pain, spasms=body.spasms, movement=body.movement,
                                       notes=body.notes, signs=body.signs, day=body.date))


@router.post("/sessions", status_code=201, response_model=schemas.WrittenOut,
             summary="Record a cold or heat session")
def session(body: schemas.SessionIn, diary: ApiDiaryWriter) -> JSONResponse:
    return written_json(diary.record_session(body.kind, body.started_at, body.ended_at,
                                             place=body.place, interrupted=body.interrupted))


@router.post("/exercises", status_code=201, response_model=schemas.WrittenOut,
             summary="Log an exercise or stretch from the plan")
def exercise(body: schemas.ExerciseIn, diary: ApiDiaryWriter) -> JSONResponse:
    return written_json(diary.log_exercise(body.exercise, day=body.date))


@router.post("/water", status_code=201, response_model=schemas.WrittenOut,
             summary="Log water drunk")
def water(body: schemas.WaterIn, diary: ApiDiaryWriter) -> JSONResponse:
    return written_json(diary.log_water(body.amount, day=body.date))


# ---- reading -------------------------------------------------------------------------------


def _entry_routes(path: str, noun: str, read: Callable[[Diary, int], Sequence[Any]]) -> None:
    """List and single-item routes for one kind of entry, with the same 404 rules."""

    def listing(diary: ApiDiary, episode: int | None = None) -> dict[str, Any]:
        found = find_episode(diary, episode)
        return {"episode": found.id, "entries": [record_json(e) for e in read(diary, found.id)]}

    def item(entry_id: int, diary: ApiDiary) -> dict[str, Any]:
        for known in diary.episodes():
            for entry in read(diary, known.id):
                if entry.id == entry_id:
                    return record_json(entry)
        raise ApiError(404, "not_found", f"no {noun} {entry_id} in your diary", "id")

    router.add_api_route(f"/{path}", listing, methods=["GET"], response_model=schemas.Listing,
                         summary=f"Every {noun} of an episode (default: the latest)",
                         name=f"list_{path}")
    router.add_api_route(f"/{path}/{{entry_id}}", item, methods=["GET"],
                         response_model=schemas.EntryOut, summary=f"One {noun}",
                         name=f"get_{path}")


_entry_routes("check-ins", "check-in", Diary.check_ins)
_entry_routes("sessions", "session", Diary.sessions)
_entry_routes("exercises", "exercise", Diary.exercises)
_entry_routes("water", "water entry", Diary.water)


@router.get("/alerts", summary="What the diary has told the person, oldest first")
def alerts(diary: ApiDiary, episode: int | None = None) -> dict[str, Any]:
    found = find_episode(diary, episode)
    return {"episode": found.id, "alerts": [record_json(a) for a in diary.alerts(found.id)]}


@router.get("/progress", response_model=schemas.ProgressOut,
            summary="Pain trend, alert and day-by-day adherence for an episode")
def progress(diary: ApiDiary, episode: int | None = None) -> JSONResponse:
    return JSONResponse(diary.progress(find_episode(diary, episode).id).to_json())


@router.get("/profile", summary="Age, sex, region and lasting conditions, if set")
def profile(diary: ApiDiary) -> dict[str, Any]:
    current = diary.profile()
    return {"profile": None if current is None else record_json(current)}


@router.put("/profile", summary="Change the profile: what is given changes, the rest stays")
def set_profile(body: schemas.ProfileIn, diary: ApiDiaryWriter) -> dict[str, Any]:
    changed = diary.set_profile(age=body.age, sex=body.sex, region=body.region,
                                add_conditions=body.add_conditions,
                                remove_conditions=body.remove_conditions)
    return {"profile": record_json(changed)}


# ---- export and erase ----------------------------------------------------------------------


@router.get("/export", summary="The whole diary as one JSON document, to keep or move")
def export(diary: ApiDiary) -> JSONResponse:
    document = diary.export()
    name = f"backcare-diary-{diary.today().isoformat()}.json"
    return JSONResponse(document,
                        headers={"content-disposition": f'attachment; filename="{name}"'})


@router.delete("", status_code=204, summary="Erase the whole diary; this cannot be undone")
def erase(diary: ApiDiaryWriter) -> Response:
    diary.forget()
    return Response(status_code=204)

