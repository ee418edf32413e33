"""The diary's commands: ``backcare log``, ``timer``, ``progress``, ``profile``, ``export``,
``import`` and ``forget``, and the ``--save`` of ``backcare assess``.

This module is imported whenever ``backcare`` starts, so it imports nothing heavy at the top:
SQLAlchemy, Alembic and the engine load only when a diary command runs, which keeps the cold
start of ``backcare assess`` fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from backcare.errors import error_record

if TYPE_CHECKING:
    from backcare.assessment import Assessment
    from backcare.diary.records import Written
    from backcare.diary.repository import Diary

stdout = Console()
stderr = Console(stderr=True)

Db = Annotated[
    str | None,
    typer.Option("--db", help="The diary: a file path or a database URL (default: "
                              "$BACKCARE_DATABASE_URL, else a file in your data folder)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
OnDate = Annotated[
    str | None, typer.Option("--date", help="The day it was for: YYYY-MM-DD, today or yesterday.")
]
# Let "-3l" reach the validator (and get a clear error) instead of reading as an option.
VALUE_ARGUMENTS = {"ignore_unknown_options": True}

log_app = typer.Typer(help="Write in your recovery diary: pain, water, exercises, cold or heat.",
                      no_args_is_help=True)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _fail(field: str, message: str, as_json: bool, code: str = "invalid_entry",
          status: int = 2) -> NoReturn:
    if as_json:
        print(json.dumps(error_record(code, message, field)))
    else:
        stderr.print(f"[red]error[/red] {message}", highlight=False)
    raise typer.Exit(status)


@contextmanager
def _diary(db: str | None, as_json: bool = False) -> Iterator[Diary]:
    """Open the diary, turning refused entries and database trouble into clear messages."""
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.diary.entries import EntryError
    from backcare.diary.repository import open_diary

    try:
        diary = open_diary(db)
    except SQLAlchemyError as exc:
        _fail("database", f"database: cannot open the diary: {exc.__class__.__name__}: "
                          f"{str(exc).splitlines()[0]}", as_json, "database", 1)
    try:
        yield diary
    except EntryError as exc:
        _fail(exc.field, str(exc), as_json, exc.code)
    except SQLAlchemyError as exc:
        _fail("database", f"database: {str(exc).splitlines()[0]}", as_json, "database", 1)
    finally:
        diary.close()


def _report(written: Written[Any], summary: str, diary: Diary, as_json: bool) -> None:
    """Say what was recorded, then any alert it raised — loudly, right away."""
    if as_json:
        print(json.dumps({
            "entry": {key: _plain(value) for key, value in asdict(written.entry).items()},
            "alerts": [{key: _plain(value) for key, value in asdict(alert).items()}
                       for alert in written.alerts],
        }, ensure_ascii=False))
        return
    from backcare.diary.display import render_alerts

    stdout.print(f"[green]✓[/green] {summary}", highlight=False)
    render_alerts(written.alerts, diary.kb, stdout)


def with_profile(raw: dict[str, Any], db: str | None) -> dict[str, Any]:
    """An intake about to be saved, completed from the diary's profile.

    The profile's lasting conditions (blood thinners, kidney disease, pregnancy…) screen the
    plan's medicines, so an assessment kept in the diary must not forget them; age, sex and
    region fill in only what the intake leaves out. A diary that cannot be read changes
    nothing here: saving will report it after the person has seen what to do.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.diary.repository import open_diary

    try:
        with open_diary(db) as diary:
            profile = diary.profile()
    except (SQLAlchemyError, OSError, ValueError):
        return raw
    if profile is None:
        return raw
    merged = dict(raw)
    findings = merged.get("findings") or {}
    if not isinstance(findings, dict):
        return raw  # validation will name the field
    for key in ("age", "sex", "region"):
        value = getattr(profile, key)
        if value is not None and key not in merged and key not in findings:
            merged[key] = value
    merged["findings"] = {**dict.fromkeys(profile.conditions, True), **findings}
    return merged


def save_assessment(result: Assessment, db: str | None) -> None:
    """``backcare assess --save``: keep the assessment and open an episode with it.

    Called after the assessment has been shown, so a diary that cannot be opened never keeps a
    person from seeing what to do.
    """
    with _diary(db) as diary:
        episode = diary.save_assessment(result)
        stderr.print(f"[green]✓[/green] Saved to your diary: episode {episode.id}, day 0 is "
                     f"{episode.started_on:%A %d %B}. Log how it goes with "
                     "`backcare log pain 6`.", highlight=False)


@log_app.command("pain", context_settings=VALUE_ARGUMENTS)
def log_pain(
    score: Annotated[str, typer.Argument(help="Worst pain today, 0 (none) to 10 (worst).")],
    spasms: Annotated[str | None, typer.Option(help="How many spasms today.")] = None,
    movement: Annotated[
        str | None, typer.Option(help="How well you move, 0 (cannot) to 10 (as normal).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Anything else, in your own words.")] = None,
    sign: Annotated[
        list[str] | None,
        typer.Option(help="A warning sign you have, as a finding ID (repeat for more)."),
    ] = None,
    on: OnDate = None,
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """Log today's pain; a warning sign in your note raises an alert at once."""
    with _diary(db, as_json) as diary:
        written = diary.check_in(score, spasms=spasms, movement=movement, notes=note,
                                 signs=dict.fromkeys(sign or (), True), day=on)
        _report(written, f"Pain {score} logged for {written.entry.day:%A %d %B}.", diary, as_json)


@log_app.command("water", context_settings=VALUE_ARGUMENTS)
def log_water(
    amount: Annotated[list[str], typer.Argument(help="How much: 500ml, 0.5l, 2 cups …")],
    on: OnDate = None,
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """Log water you drank."""
    with _diary(db, as_json) as diary:
        written = diary.log_water(" ".join(amount), day=on)
        _report(written, f"{written.entry.ml} ml of water logged.", diary, as_json)


@log_app.command("exercise")
def log_exercise(
    name: Annotated[str, typer.Argument(help="The exercise from your plan, e.g. pelvic-tilt.")],
    on: OnDate = None,
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """Log an exercise or stretch from your plan."""
    with _diary(db, as_json) as diary:
        written = diary.log_exercise(name, day=on)
        title = diary.guidance.exercises[written.entry.item].title
        _report(written, f"{title} logged.", diary, as_json)


def _log_session(kind: str, minutes: str, where: str | None, at: str | None, db: str | None,
                 as_json: bool) -> None:
    from datetime import timedelta

    from backcare.diary import entries

    with _diary(db, as_json) as diary:
        length = entries.minutes(minutes)
        start_at = entries.moment("at", at)
        started = start_at or diary.now() - timedelta(minutes=length)
        ended = started + timedelta(minutes=length)
        written = diary.record_session(kind, started, ended, place=where)
        label = diary.guidance.therapy(written.entry.kind).label
        _report(written, f"{label}, {length:g} min logged.", diary, as_json)


Minutes = Annotated[str, typer.Argument(help="How many minutes.")]
Where = Annotated[str | None, typer.Option(help="Where on your back, e.g. \"lower back\".")]
At = Annotated[str | None, typer.Option(help="When it started (YYYY-MM-DD HH:MM); "
                                             "default: it just ended.")]


@log_app.command("ice", context_settings=VALUE_ARGUMENTS)
def log_ice(minutes: Minutes, where: Where = None, at: At = None, db: Db = None,
            as_json: AsJson = False) -> None:
    """Log a cold-pack session you did without the timer."""
    _log_session("cold", minutes, where, at, db, as_json)


@log_app.command("heat", context_settings=VALUE_ARGUMENTS)
def log_heat(minutes: Minutes, where: Where = None, at: At = None, db: Db = None,
             as_json: AsJson = False) -> None:
    """Log a heat session you did without the timer."""
    _log_session("heat", minutes, where, at, db, as_json)


def timer(
    kind: Annotated[str, typer.Argument(help="ice or heat.")],
    minutes: Annotated[
        float | None, typer.Option(help="A shorter session than the safe limit.")
    ] = None,
    where: Where = None,
    speed: Annotated[float, typer.Option(hidden=True, help="Run the clock faster (tests).")] = 1.0,
    db: Db = None,
) -> None:
    """Time a cold or heat session: a countdown that stops at the safe limit and records it.

    Ctrl-C stops early and still records the time you did.
    """
    from rich.progress import BarColumn, Progress, TextColumn

    from backcare.diary import entries
    from backcare.diary.alerts import session_corrections
    from backcare.diary.display import render_alerts
    from backcare.diary.entries import EntryError
    from backcare.diary.timer import SystemClock, count_down

    with _diary(db) as diary:
        therapy = diary.guidance.therapy(entries.therapy(kind))
        length = therapy.limit_minutes if minutes is None else minutes
        if not 0 < length <= therapy.limit_minutes:
            raise EntryError("minutes", f"a {therapy.label.lower()} session lasts more than 0 "
                                        f"and at most {therapy.limit_minutes:g} minutes, got "
                                        f"{length:g} [{', '.join(therapy.too_long.sources)}]")
        if speed <= 0:
            raise EntryError("speed", "must be more than 0")
        episode = diary.episode()
        ahead = session_corrections(therapy, episode.day_of(diary.today()), 0)
        if ahead:
            stdout.print("[bold]Before you start:[/bold]")
            render_alerts(ahead, diary.kb, stdout)
        def started() -> None:
            stdout.print(f"{therapy.label} for {length:g} minutes. Ctrl-C stops early; the "
                         "time you did is still recorded.", highlight=False)
            stdout.file.flush()

        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.fields[left]}"), console=stdout) as bar:
            task = bar.add_task(therapy.label, total=length * 60, left="")

            def tick(elapsed: float, total: float) -> None:
                left = max(0, round(total - elapsed))
                bar.update(task, completed=elapsed, left=f"{left // 60:02d}:{left % 60:02d} left")

            session = count_down(length, SystemClock(speed), tick, on_start=started)
        written = diary.record_session(therapy.kind, session.started_at, session.ended_at,
                                       place=where, interrupted=session.interrupted)
        seconds = round((session.ended_at - session.started_at).total_seconds())
        stdout.print(
            f"[green]✓[/green] Stopped early: {therapy.label.lower()} for {seconds // 60} min "
            f"{seconds % 60} s recorded." if session.interrupted
            else f"[green]✓[/green] Time's up — take it off. {therapy.label}, {length:g} min "
                 "recorded.", highlight=False)
        shown = {notice.detail.get("correction") for notice in ahead}
        render_alerts([alert for alert in written.alerts
                       if alert.detail.get("correction") not in shown], diary.kb, stdout)


def progress(
    episode: Annotated[int | None, typer.Option(help="Which episode (default: the latest).")]
    = None,
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """How your recovery is going: pain trend, alerts, and what you did each day."""
    with _diary(db, as_json) as diary:
        result = diary.progress(episode)
        if as_json:
            print(json.dumps(result.to_json(), ensure_ascii=False))
            return
        from backcare.diary.display import render_progress

        render_progress(result, diary.kb, diary.guidance.progress.window_days, stdout)


def profile(
    age: Annotated[int | None, typer.Option(help="Your age in years.")] = None,
    sex: Annotated[str | None, typer.Option(help="female, male or other.")] = None,
    region: Annotated[str | None, typer.Option(help="UK, US, EU, AU, … (the emergency number).")]
    = None,
    condition: Annotated[
        list[str] | None,
        typer.Option(help="A lasting condition that screens advice, e.g. kidney_disease, "
                          "anticoagulant, pregnant (repeat for more)."),
    ] = None,
    drop_condition: Annotated[
        list[str] | None, typer.Option(help="Remove a condition (repeat for more).")
    ] = None,
    db: Db = None,
    as_json: AsJson = False,
) -> None:
    """Show or change your profile: age, sex, region and lasting conditions."""
    with _diary(db, as_json) as diary:
        changing = any(v is not None for v in (age, sex, region, condition, drop_condition))
        current = (diary.set_profile(age=age, sex=sex, region=region,
                                     add_conditions=condition or (),
                                     remove_conditions=drop_condition or ())
                   if changing else diary.profile())
        if as_json:
            print(json.dumps(None if current is None else
                             {k: _plain(v) for k, v in asdict(current).items()}))
            return
        if current is None:
            stdout.print("No profile yet: set one with `backcare profile --age 44 --region UK`.")
            return
        labels = [diary.kb.findings[fid].label for fid in current.conditions]
        stdout.print(f"Age: {current.age if current.age is not None else '—'}   "
                     f"Sex: {current.sex or '—'}   Region: {current.region or '—'}\n"
                     f"Conditions: {', '.join(labels) or 'none'}", highlight=False)


def export(
    output: Annotated[
        Path | None, typer.Option(help="Where to write (a file for JSON, a folder for CSV); "
                                       "default: JSON on standard output.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="json, csv, or fhir (a FHIR R4B Bundle).")
    ] = "json",
    db: Db = None,
) -> None:
    """Export the whole diary, to keep, move or share: nothing is left out."""
    from backcare.diary.transfer import write_csv

    if fmt not in ("json", "csv", "fhir"):
        _fail("format", f"format: must be json, csv or fhir, got {fmt!r}", False)
    if fmt == "csv" and output is None:
        _fail("output", "output: CSV export needs --output FOLDER (one file per table)", False)
    with _diary(db) as diary:
        if fmt == "fhir":
            from backcare.report import bundle_json

            document = bundle_json(diary)
        else:
            document = diary.export()
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if output is None:
        sys.stdout.write(text + "\n")
        return
    from backcare.atomic import write_text

    try:
        if fmt == "csv":
            files = write_csv(output, document)
            stderr.print(f"[green]✓[/green] Exported {len(files)} CSV files to {output}",
                         highlight=False)
            return
        write_text(output, text + "\n")
    except OSError as exc:  # the previous file, if any, is left as it was
        _fail("output", f"output: cannot write {output}: {exc.strerror}", False, "cannot_write")
    stderr.print(f"[green]✓[/green] Exported to {output}", highlight=False)


def import_(
    source: Annotated[
        Path, typer.Argument(help="A JSON export or FHIR Bundle file, or a CSV export folder.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="json, csv or fhir (default: from the file itself)."),
    ] = None,
    db: Db = None,
) -> None:
    """Import an export (or the project's own FHIR Bundle) into an empty diary."""
    from backcare.diary.transfer import TransferError, read_csv
    from backcare.json_input import read_json

    if fmt not in (None, "json", "csv", "fhir"):
        _fail("format", f"format: must be json, csv or fhir, got {fmt!r}", False)

    with _diary(db) as diary:
        if source.is_dir():
            document = read_csv(source)
        else:
            try:
                document = read_json(source.read_bytes(), "file", TransferError)
            except OSError as exc:
                _fail("file", f"file: cannot read {source}: {exc.strerror}", False)
        is_bundle = isinstance(document, dict) and document.get("resourceType") == "Bundle"
        if fmt == "fhir" or (fmt is None and is_bundle):
            from backcare.report import import_bundle

            count = import_bundle(diary, document)
        else:
            count = diary.import_export(document)
        stderr.print(f"[green]✓[/green] Imported {count} rows into {diary.location}",
                     highlight=False)


def forget(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: Db = None,
) -> None:
    """Erase everything in the diary: profile, episodes, entries. This cannot be undone."""
    with _diary(db) as diary:
        if not yes and not typer.confirm(
            f"Erase everything in {diary.location}? Export it first if you may want it back.",
            default=False,
        ):
            stderr.print("Nothing erased.")
            raise typer.Exit(1)
        diary.forget()
        stderr.print("[green]✓[/green] Everything in the diary is erased.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the diary's commands to the ``backcare`` app."""
    app.add_typer(log_app, name="log")
    app.command()(timer)
    app.command()(progress)
    app.command()(profile)
    app.command()(export)
    app.command("import")(import_)
    app.command()(forget)
