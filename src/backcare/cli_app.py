"""The ``backcare`` command's Typer app: a thin shell over the library, following the public
contract. ``cli.py`` is the entry point that loads it.

Heavy modules are imported inside each command, so that ``backcare assess`` does not pay for
the question index, the diary's database libraries or the web server.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, BinaryIO, NoReturn

import typer
from rich.console import Console

from backcare.errors import error_record

app = typer.Typer(
    help="Help through a back spasm: how urgent, what is behind it, what to do — with sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)
FULL = typer.Option("--full", help="Show the whole result: causes, every warning sign to watch "
                                   "for, the whole plan (default: the short one).")


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    """backcare — offline help through a back spasm. Not a diagnosis."""
    if version:
        from backcare import __version__
        from backcare.knowledge.loader import load_knowledge

        typer.echo(f"backcare {__version__} (knowledge base {load_knowledge().version})")
        raise typer.Exit()


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def _stream(results: Iterable[tuple[dict[str, Any], bool]]) -> NoReturn:
    """Write a batch's JSON Lines as they come; exit 1 if any line was an error, else 0."""
    all_ok = True
    for record, ok in results:
        _emit(record)
        all_ok &= ok
    raise typer.Exit(0 if all_ok else 1)


def _open_lines(source: str) -> BinaryIO:
    """The batch's lines as bytes: each line is decoded on its own (see ``batch.py``)."""
    if source == "-":
        return sys.stdin.buffer
    path = Path(source)
    if not path.is_file():
        stderr.print(f"[red]--batch: no such file: {source}[/red]")
        raise typer.Exit(2)
    return path.open("rb")


def _at_a_keyboard() -> bool:
    """Whether a person is typing and reading (both ends a terminal), not a script."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _fail(field: str, message: str, as_json: bool, code: str = "invalid_intake") -> NoReturn:
    if as_json:
        _emit(error_record(code, message, field))
    else:
        stderr.print(f"[red]error[/red] {message}")
    raise typer.Exit(2)


@app.command()
def assess(
    text: Annotated[str | None, typer.Option(help="What is happening, in your own words.")] = None,
    age: Annotated[int | None, typer.Option(help="Your age in years.")] = None,
    sex: Annotated[str | None, typer.Option(help="female, male or other.")] = None,
    region: Annotated[
        str | None,
        typer.Option(help="Where you are (UK, US, EU, AU, …): sets the emergency number."),
    ] = None,
    input: Annotated[
        Path | None, typer.Option("--input", help="An intake JSON file.")
    ] = None,
    batch: Annotated[
        str | None, typer.Option(help="JSON Lines of intakes ('-' for standard input).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    explain: Annotated[
        bool, typer.Option(help="Show which of your words set each finding.")
    ] = False,
    full: Annotated[bool, FULL] = False,
    save: Annotated[
        bool, typer.Option(help="Keep it in your recovery diary and open a new episode.")
    ] = False,
    db: Annotated[
        str | None, typer.Option("--db", help="With --save: the diary, a file path or a URL.")
    ] = None,
) -> None:
    """Assess a back spasm: urgency, reasons, likely causes, watch-list and care plan."""
    from backcare.assess_json import one_blas_thread

    one_blas_thread()
    from backcare.assessment import assess as run_assessment
    from backcare.intake import IntakeError
    from backcare.knowledge.loader import load_knowledge

    kb = load_knowledge()
    if batch is not None:
        if save:
            _fail("save", "--save keeps one assessment; it cannot be used with --batch", as_json)
        from backcare.batch import run_batch

        with _open_lines(batch) as lines:
            _stream(run_batch(lines, lambda raw: run_assessment(raw, kb=kb).to_json()))

    raw: dict[str, Any] = {}
    if input is not None:
        from backcare.json_input import read_json

        try:
            raw = read_json(input.read_bytes(), "input", IntakeError)
        except OSError as exc:
            _fail("input", f"--input: cannot read {input}: {exc.strerror}", as_json)
        except IntakeError as exc:
            _fail(exc.field, f"--input: {exc}", as_json, exc.code)
        if not isinstance(raw, dict):
            _fail("input", "--input: the file must hold one JSON object", as_json)
    given = {"text": text, "age": age, "sex": sex, "region": region}
    raw.update({key: value for key, value in given.items() if value is not None})
    if not raw:
        _fail("text", "give --text, --input or --batch (see backcare assess --help)", as_json)
    if save:
        from backcare.diary.commands import with_profile

        raw = with_profile(raw, db)
    unsure: tuple[str, ...] = ()
    try:
        if not as_json and _at_a_keyboard():
            # A person, not a script: no verdict before the emergency signs are known.
            from backcare.check_command import Stopped, screen

            try:
                session = screen(raw, Console())
            except Stopped as stopped:
                raise typer.Exit(stopped.status) from None
            raw, unsure = session.intake(), session.now.unknown
        with stderr.status("Reading your words…"):  # drawn only on a terminal
            result = run_assessment(raw, kb=kb)
    except IntakeError as exc:
        _fail(exc.field, str(exc), as_json, exc.code)
    if as_json:
        _emit(result.to_json())
    else:
        from backcare.terminal import render_assessment

        render_assessment(result, kb, Console(), explain=explain, unsure=unsure, full=full)
    if save:  # after showing it: a diary that cannot be opened must not hide what to do
        from backcare.diary.commands import save_assessment

        save_assessment(result, db)


@app.command()
def ask(
    question: Annotated[
        str | None, typer.Argument(help="Your question, in your own words.")
    ] = None,
    batch: Annotated[
        str | None, typer.Option(help="JSON Lines of {id, question} ('-' for standard input).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    db: Annotated[str | None, typer.Option(
        "--db", help="Your recovery diary, if kept elsewhere: answers then say which day of the "
                     "episode it is (default: $BACKCARE_DATABASE_URL, else your data folder)."
    )] = None,
) -> None:
    """Answer a question from the knowledge base, with its sources — or say it cannot."""
    from backcare.ask import answer_batch, answer_question
    from backcare.intake import IntakeError
    from backcare.knowledge.loader import load_knowledge

    if batch is not None:
        with _open_lines(batch) as lines:
            _stream(answer_batch(lines))
    if not question or not question.strip():
        _fail("question", "ask a question, e.g. backcare ask \"ice or heat?\"", as_json)
    kb = load_knowledge()
    try:
        with stderr.status("Looking it up…"):  # drawn only on a terminal
            result = answer_question(question, kb)
    except IntakeError as exc:
        _fail(exc.field, str(exc), as_json, exc.code)
    if as_json:
        _emit(result.to_json())
        return
    from backcare.ask.episode import diary_day
    from backcare.ask.render import render_answer

    render_answer(result, Console(), kb, day=diary_day(result, db, kb))


@app.command()
def check(
    age: Annotated[int | None, typer.Option(help="Your age in years.")] = None,
    sex: Annotated[str | None, typer.Option(help="female, male or other.")] = None,
    region: Annotated[
        str | None,
        typer.Option(help="Where you are (UK, US, EU, AU, …): sets the emergency number."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the final assessment as JSON.")
    ] = False,
    save: Annotated[bool | None, typer.Option(
        "--save/--no-save", help="Keep the result in your recovery diary (default: ask).")] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="With --save: the diary, a file path or a URL.")
    ] = None,
    full: Annotated[bool, FULL] = False,
) -> None:
    """A guided check-up: a few questions, warning signs first, then the assessment."""
    from backcare.check_command import run_check

    raise typer.Exit(run_check(age=age, sex=sex, region=region, as_json=as_json, save=save,
                               db=db, full=full))


from backcare.diary.commands import register as _register_diary  # noqa: E402 - listed last

_register_diary(app)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (beyond this computer "
                                           "only with --multi-user).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    multi_user: Annotated[bool, typer.Option(
        "--multi-user", help="Accounts with passwords; each person sees only their own diary."
    )] = False,
    db: Annotated[str | None, typer.Option(
        "--db", help="Single-person mode: the diary, a file path or a database URL.")] = None,
    data_dir: Annotated[str | None, typer.Option(
        help="Multi-user mode: where accounts and each person's diary are kept.")] = None,
    allowed_host: Annotated[list[str] | None, typer.Option(
        help="A host name the server answers to (repeat for more; default: loopback names, "
             "or any with --multi-user).")] = None,
    trusted_proxy: Annotated[list[str] | None, typer.Option(
        help="The address of a reverse proxy whose X-Forwarded-For is believed (repeat for "
             "more; default: none).")] = None,
) -> None:
    """Open backcare in a browser: the check-up, results, diary, progress and the JSON API."""
    from backcare.web.serve import ServeRefused, run
    from backcare.web.settings import LOOPBACK_NAMES, WebSettings

    hosts = tuple(allowed_host or (() if multi_user else LOOPBACK_NAMES))
    try:
        run(host, port, workers, WebSettings(multi_user=multi_user, diary=db, data_dir=data_dir,
                                             allowed_hosts=hosts,
                                             trusted_proxies=tuple(trusted_proxy or ())))
    except ServeRefused as exc:
        stderr.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


@app.command()
def report(
    pdf: Annotated[
        Path | None, typer.Option(help="Write the one- or two-page summary for your clinician.")
    ] = None,
    csv: Annotated[
        Path | None, typer.Option(help="Also write the diary as CSV tables (a .zip, or a folder).")
    ] = None,
    fhir: Annotated[
        Path | None, typer.Option(help="Also write it as a FHIR R4B Bundle for a clinic system.")
    ] = None,
    episode: Annotated[int | None, typer.Option(help="Which episode (default: the latest).")]
    = None,
    paper: Annotated[str, typer.Option(help="a4 or letter.")] = "a4",
    question: Annotated[
        list[str] | None, typer.Option(help="A question you want to ask (repeat for more).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Your name on the summary (left off unless you give it).")
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="The diary: a file path or a database URL.")
    ] = None,
) -> None:
    """A summary your doctor or physiotherapist can read in a minute, from your diary."""
    from backcare.report.command import make_report

    raise typer.Exit(make_report(pdf=pdf, csv=csv, fhir=fhir, db=db, episode=episode,
                                 paper=paper, questions=question or (), name=name,
                                 stderr=stderr))


def run() -> None:
    """Run the command line, keeping the top-level help it prints for ``cli.py`` to replay."""
    from backcare import help_cache

    with help_cache.recording(sys.argv[1:]):
        app()
