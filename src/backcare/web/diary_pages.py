"""The diary in the browser: today's page (pain, cold or heat timer, exercises, water), the
progress chart, saving an assessment, export and erase.

A write answers with what was recorded and any alert it raised — a warning sign in a note is
shown at once, in the same place as the confirmation, never on a later visit. With HTMX only
that notice is swapped in; without JavaScript the whole diary page comes back with it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from backcare.assessment import assess
from backcare.diary.entries import EntryError
from backcare.diary.records import Alert, Episode
from backcare.diary.repository import Diary, NoEpisodeError
from backcare.intake import IntakeError
from backcare.json_input import read_json
from backcare.plan import phase_for
from backcare.text_check import MAX_TEXT_CHARS
from backcare.web.chart import pain_chart
from backcare.web.rendering import is_htmx
from backcare.web.state import AppState, PageDiary, PageDiaryWriter, State, checked_form

router = APIRouter(include_in_schema=False)
EXERCISE_PICTURES = Path(__file__).resolve().parent / "static" / "exercises"
# One session from the timer cannot be longer than this: anything more is a broken clock.
MAX_SESSION_SECONDS = 24 * 3600


def _latest(diary: Diary) -> Episode | None:
    try:
        return diary.episode()
    except NoEpisodeError:
        return None


def diary_context(diary: Diary, state: AppState) -> dict[str, Any]:
    """Everything the diary page shows for today's day of the latest episode."""
    episode = _latest(diary)
    if episode is None:
        return {"nav": "diary", "episode": None}
    guidance = diary.guidance
    today = diary.today()
    day = episode.day_of(today)
    phase = phase_for(day, state.kb)
    findings = episode.opening.result.get("findings", {})
    exercises = [
        item for item in guidance.exercises.values()
        if phase.id in item.phases
        and ((cond := state.kb.plan_conditions[item.id]) is None or cond.holds(findings))
    ]
    therapies = sorted(guidance.therapies.values(), key=lambda t: not t.suits_day(day))
    return {
        "nav": "diary",
        "episode": episode,
        "day": day,
        "phase": phase,
        "therapies": [(t, t.suits_day(day)) for t in therapies],
        "exercises": exercises,
        "pictures": {p.stem for p in EXERCISE_PICTURES.glob("*.svg")},
        "pain_question": state.kb.findings["pain_score"].question,
        "check_ins": [c for c in diary.check_ins(episode.id) if c.day == today],
        "sessions": [s for s in diary.sessions(episode.id) if s.day == today],
        "done": [e for e in diary.exercises(episode.id) if e.day == today],
        "water_ml": sum(w.ml for w in diary.water(episode.id) if w.day == today),
        "alerts": [a for a in diary.alerts(episode.id) if a.raised_at.astimezone().date()
                   == today and a.kind == "warning_sign"],
        "guidance": guidance,
    }


def _notice(request: Request, state: AppState, diary: Diary, said: str,
            alerts: tuple[Alert, ...] = ()) -> Response:
    """The confirmation of a write and any alert it raised."""
    context = {"said": said, "new_alerts": alerts}
    if is_htmx(request):
        return state.renderer.page(request, "_notice.html", context)
    return state.renderer.page(request, "diary.html", {**diary_context(diary, state), **context})


def _refused(request: Request, state: AppState, diary: Diary, error: EntryError) -> Response:
    status = 409 if error.code == "no_episode" else 422
    context = {"refused": error}
    if is_htmx(request):
        return state.renderer.page(request, "_notice.html", context, status=status)
    return state.renderer.page(request, "diary.html", {**diary_context(diary, state), **context},
                               status=status)


@router.get("/diary")
def diary_page(request: Request, state: State, diary: PageDiary) -> Response:
    return state.renderer.page(request, "diary.html", diary_context(diary, state))


@router.post("/diary/start", dependencies=[Depends(checked_form)])
def start_episode(state: State, diary: PageDiaryWriter,
                  intake: Annotated[str, Form(max_length=50_000)]) -> Response:
    """Save the assessment just shown and open an episode with it."""
    diary.save_assessment(assess(read_json(intake, "intake", IntakeError), kb=state.kb))
    return RedirectResponse("/diary", status_code=303)


@router.post("/diary/pain", dependencies=[Depends(checked_form)])
def log_pain(
    request: Request,
    state: State,
    diary: PageDiaryWriter,
    pain: Annotated[str, Form(max_length=10)] = "",
    notes: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
) -> Response:
    try:
        if not pain:
            raise EntryError("pain", "choose a pain score from 0 to 10")
        written = diary.check_in(pain, notes=notes or None)
    except EntryError as error:
        return _refused(request, state, diary, error)
    return _notice(request, state, diary, f"Pain {written.entry.pain:g} out of 10 logged.",
                   written.alerts)


@router.post("/diary/session", dependencies=[Depends(checked_form)])
def log_session(
    request: Request,
    state: State,
    diary: PageDiaryWriter,
    kind: Annotated[str, Form(max_length=20)],
    minutes: Annotated[str, Form(max_length=10)] = "",
    seconds: Annotated[str, Form(max_length=10)] = "",
    interrupted: Annotated[str, Form(max_length=5)] = "false",
) -> Response:
    """A session from the page's timer (``seconds``) or logged by hand (``minutes``)."""
    try:
        try:
            length = float(seconds) if seconds else float(minutes) * 60
        except ValueError:
            raise EntryError("minutes", "enter the minutes as a number") from None
        if not 0 < length <= MAX_SESSION_SECONDS:
            raise EntryError("minutes", "enter how many minutes the session lasted")
        ended = diary.now()
        written = diary.record_session(kind, ended - timedelta(seconds=length), ended,
                                       interrupted=interrupted == "true")
    except EntryError as error:
        return _refused(request, state, diary, error)
    session = written.entry
    label = diary.guidance.therapy(session.kind).label
    whole = round(length)
    said = (f"{label}: {whole // 60} min {whole % 60:02d} s recorded."
            if interrupted == "true" else f"{label}: {session.minutes:.0f} min recorded.")
    return _notice(request, state, diary, said, written.alerts)


@router.post("/diary/exercise", dependencies=[Depends(checked_form)])
def log_exercise(request: Request, state: State, diary: PageDiaryWriter,
                 exercise: Annotated[str, Form(max_length=100)]) -> Response:
    try:
        written = diary.log_exercise(exercise)
    except EntryError as error:
        return _refused(request, state, diary, error)
    title = diary.guidance.exercises[written.entry.item].title
    return _notice(request, state, diary, f"{title} logged.")


@router.post("/diary/water", dependencies=[Depends(checked_form)])
def log_water(request: Request, state: State, diary: PageDiaryWriter,
              amount: Annotated[str, Form(max_length=40)]) -> Response:
    try:
        written = diary.log_water(amount)
    except EntryError as error:
        return _refused(request, state, diary, error)
    return _notice(request, state, diary, f"{written.entry.ml} ml of water logged.")


@router.get("/progress")
def progress_page(request: Request, state: State, diary: PageDiary) -> Response:
    episode = _latest(diary)
    if episode is None:
        return state.renderer.page(request, "progress.html", {"nav": "progress",
                                                             "progress": None})
    progress = diary.progress(episode.id)
    sessions = diary.sessions(episode.id)
    return state.renderer.page(request, "progress.html", {
        "nav": "progress",
        "progress": progress,
        "chart": pain_chart(progress.pain.daily, sessions, episode.started_on, progress.today),
        "sessions": sessions,
        "alerts": diary.alerts(episode.id),
        "phase": phase_for(progress.day, state.kb),
        "rules": diary.guidance.progress,
        "titles": {i.id: i.title for i in diary.guidance.exercises.values()},
    })


@router.get("/diary/export")
def export_download(diary: PageDiary) -> Response:
    name = f"backcare-diary-{diary.today().isoformat()}.json"
    return JSONResponse(diary.export(),
                        headers={"content-disposition": f'attachment; filename="{name}"'})


@router.post("/diary/erase", dependencies=[Depends(checked_form)])
def erase(request: Request, state: State, diary: PageDiaryWriter,
          confirm: Annotated[str, Form(max_length=5)] = "") -> Response:
    if confirm != "yes":
        return state.renderer.page(request, "privacy.html", {
            "nav": "privacy", "erase_error": "Tick the box to confirm that everything should "
                                             "be erased."}, status=422)
    diary.forget()
    return RedirectResponse("/privacy?erased=true", status_code=303)
