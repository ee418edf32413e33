"""``backcare report``: write the clinician summary (PDF) and, on request, CSV tables and a FHIR
Bundle — from the same diary the ``log`` and ``progress`` commands use.

The diary is chosen as every diary command chooses it (``--db``, else
``$BACKCARE_DATABASE_URL``, else the file in the user's data folder), and trouble — no episode
yet, a database that cannot be opened, a file that cannot be written — is one clear line on
standard error with exit status 2 (1 for the database), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

PAPERS = ("a4", "letter")


def make_report(
    *,
    pdf: Path | None,
    csv: Path | None,
    fhir: Path | None,
    db: str | None,
    episode: int | None,
    paper: str,
    questions: Sequence[str],
    name: str | None,
    stderr: Console,
) -> int:
    """Write what was asked for; return the exit status."""
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.diary.entries import EntryError
    from backcare.diary.repository import open_diary

    def fail(message: str, status: int = 2) -> int:
        stderr.print(f"[red]error[/red] {message}", highlight=False)
        return status

    if pdf is None and csv is None and fhir is None:
        return fail("give --pdf FILE for the clinician summary (and/or --csv PATH, --fhir FILE)")
    wanted = paper.strip().lower()
    if wanted not in PAPERS:
        return fail(f"paper: must be a4 or letter, got {paper!r}")
    try:
        diary = open_diary(db)
    except SQLAlchemyError as exc:
        return fail(f"database: cannot open the diary: {str(exc).splitlines()[0]}", 1)
    try:
        if pdf is not None:
            from backcare.report.pdf import format_day, render_pdf
            from backcare.report.summary import summarise

            summary = summarise(diary, episode, questions=questions, name=name)
            pages = render_pdf(summary, pdf, paper="a4" if wanted == "a4" else "letter")
            stderr.print(f"[green]✓[/green] Wrote {pdf} ({pages} page{'s' * (pages != 1)}): "
                         f"episode {summary.episode_id}, started "
                         f"{format_day(summary.started_on)}.", highlight=False)
        if csv is not None:
            from backcare.report.csv_export import write_csv

            files = write_csv(diary, csv)
            stderr.print(f"[green]✓[/green] Wrote {len(files)} CSV tables to {csv}",
                         highlight=False)
        if fhir is not None:
            from backcare.atomic import write_text
            from backcare.report.fhir import bundle_json

            bundle = bundle_json(diary)
            write_text(fhir, json.dumps(bundle, ensure_ascii=False, indent=1) + "\n")
            stderr.print(f"[green]✓[/green] Wrote a FHIR R4B Bundle of {len(bundle['entry'])} "
                         f"resources to {fhir}", highlight=False)
    except EntryError as exc:
        return fail(str(exc))
    except SQLAlchemyError as exc:
        return fail(f"database: {str(exc).splitlines()[0]}", 1)
    except OSError as exc:
        return fail(f"cannot write: {exc}")
    finally:
        diary.close()
    return 0
