"""The JSON API: the command line's assess, ask and check, over HTTP, in the contract's shapes.

``POST /api/assess`` reads the body with the library's own intake parser rather than a copy of
it, so an intake the CLI refuses is refused here with the same code, message and field.

These routes read people's words, which can take a while for a long message, so the reading is
done by the app's reading processes (``offload.py``), never on the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from backcare.assessment import assess
from backcare.intake import Intake, IntakeError
from backcare.knowledge.loader import load_knowledge
from backcare.web import schemas
from backcare.web.bodies import STATE_KEY
from backcare.web.errors import ApiError
from backcare.web.security import require_json
from backcare.web.state import State

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorBody} for code in (400, 413, 415, 422)
}

router = APIRouter(prefix="/api", dependencies=[Depends(require_json)], responses=ERRORS)


async def json_object(request: Request) -> dict[str, Any]:
    """The body as one JSON object (read and checked by ``bodies.JsonBodies``), or the
    contract's error saying why not."""
    raw = getattr(request.state, STATE_KEY, None)
    if raw is None:
        raise ApiError(400, "invalid_json", "body: send one JSON object", "body")
    if not isinstance(raw, dict):
        raise IntakeError("intake", f"expected a JSON object, got {type(raw).__name__}")
    return raw


# The body read whole, for the library's own intake parser; documented by INTAKE_BODY.
RawIntake = Annotated[dict[str, Any], Depends(json_object)]
INTAKE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": TypeAdapter(Intake).json_schema()}},
    }
}


@router.post(
    "/assess",
    summary="Assess an intake: urgency, reasons, causes, watch-list and care plan",
    response_model=schemas.AssessmentOut,
    openapi_extra=INTAKE_BODY,
)
async def assess_intake(raw: RawIntake, state: State) -> JSONResponse:
    return JSONResponse(await state.readers.run(assessed, raw))


def assessed(raw: dict[str, Any]) -> dict[str, Any]:
    """The result for an intake; run in a reading process."""
    return assess(raw).to_json()


@router.post("/ask", summary="Answer a question from the knowledge base, with sources",
             response_model=schemas.AskOut)
async def ask(body: schemas.AskIn, state: State) -> JSONResponse:
    return JSONResponse(await state.readers.run(answered, body))


def answered(body: schemas.AskIn) -> dict[str, Any]:
    """The answers to a question; run in a reading process."""
    from backcare.ask import answer_question

    return answer_question(body.question).to_json(id=body.id)


@router.post(
    "/interview/next",
    summary="The next question of a check-up, or the result when it is complete",
    response_model=schemas.InterviewOut,
)
async def interview_next(body: schemas.InterviewIn, state: State) -> JSONResponse:
    """Stateless: send everything known each time. ``unknown`` lists findings answered "don't
    know"; ``text`` is the person's story (the opening question) once told."""
    return JSONResponse(await state.readers.run(next_step, body))


def next_step(body: schemas.InterviewIn) -> dict[str, Any]:
    """The check-up's next question or its result; run in a reading process."""
    from backcare.interview import load_interview
    from backcare.interview.session import Session, Step

    step = Step(story=body.text, answers=dict(body.findings), unknown=tuple(body.unknown))
    session = Session(body.age, body.sex, body.region, history=(step,))
    here = session.position(load_interview())
    if here.question is not None:
        return {"question": here.question.to_json(), "questions_left": here.left,
                "about": here.about}
    return {"question": None, "result": assess(session.intake(), kb=load_knowledge()).to_json()}


@router.get("/health", summary="Is the service up, and which knowledge base does it use",
            response_model=schemas.Health)
async def health(state: State) -> dict[str, str]:
    return {"status": "ok", "knowledge_base": state.kb.version}
