"""Benchmark the clinician report for one person with a year of daily diary entries; prints a
table.

    .venv/bin/python bench/bench_report.py

The diary is written through the diary API, one day at a time with a moving clock: an
assessment on day 0, then every day a check-in, a cold (first days) or heat session, an
exercise and two drinks of water, with a warning sign logged now and then. Measured:

* the PDF (``write_pdf``: read the diary, draw the chart, lay out the pages) and the FHIR Bundle
  (``bundle_json``: build and validate with fhir.resources), each as the first call in a fresh
  process — which pays for importing matplotlib, reportlab or fhir.resources — and warm, the
  median of later calls in one process (a web server's case);
* reading the Bundle back into an empty diary (``import_bundle``), and the CSV tables;
* the whole ``backcare report --pdf`` and ``backcare export --format fhir`` commands, as a
  person runs them (the interpreter's start and every import included).

Aims: the PDF in under 2 s and the Bundle in under 0.5 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from backcare import assess
from backcare.diary import open_diary

DAYS = 365
WARM_RUNS = 5
START = date(2025, 3, 1)
# A process that times its own first call: imports included, the interpreter's start not.
FIRST_CALL = """
import sys, time
from datetime import datetime
from backcare.diary import open_diary
moment = datetime.fromisoformat(sys.argv[2])
diary = open_diary(sys.argv[1], now=lambda: moment)
started = time.perf_counter()
if sys.argv[3] == "pdf":
    from backcare.report import write_pdf
    write_pdf(diary, sys.argv[4])
else:
    from backcare.report import bundle_json
    bundle_json(diary)
print(time.perf_counter() - started)
"""


def build_year(path: Path) -> tuple[datetime, dict[str, int]]:
    """The diary of a year of daily entries; return the moment after it, and what it holds."""
    moment = datetime.combine(START, datetime.min.time(), UTC) + timedelta(hours=12)

    def now() -> datetime:
        return moment

    with open_diary(str(path), now=now) as diary:
        diary.set_profile(age=52, sex="male", region="UK", add_conditions=["recurrent"])
        diary.save_assessment(assess(age=52, sex="male", region="UK", findings={
            "pain_score": 8, "onset_days": 0, "pain_lower_back": True, "lifting": True,
            "muscle_tightness": True, "fever": False, "saddle_numbness": False,
            "bladder_dysfunction": False, "bowel_dysfunction": False,
            "leg_weakness_both": False, "cancer_history": False, "weight_loss": False}))
        for number in range(DAYS):
            day = START + timedelta(days=number)
            morning = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=8)
            moment = morning + timedelta(hours=12)
            signs = {"night_pain": True} if number % 90 == 45 else {}
            diary.check_in(max(1.0, 8 - number / 40) + (number % 7) / 7, spasms=number % 4,
                           movement=min(10, 3 + number // 30), signs=signs, day=day)
            kind = "cold" if number <= 3 else "heat"
            diary.record_session(kind, morning, morning + timedelta(minutes=18))
            diary.log_exercise("pelvic-tilt" if number % 2 else "knee-to-chest", day=day)
            diary.log_water("500ml", day=day)
            diary.log_water("0.75l", day=day)
        tables = diary.export()["tables"]
    return moment + timedelta(hours=13), {name: len(rows) for name, rows in tables.items()}


def first_call(db: Path, now: datetime, what: str, out: Path) -> float:
    result = subprocess.run([sys.executable, "-c", FIRST_CALL, str(db), now.isoformat(), what,
                             str(out)], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def warm(call: Callable[[], object]) -> float:
    call()
    times = []
    for _ in range(WARM_RUNS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    from backcare.report import bundle_json, import_bundle, write_csv, write_pdf

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "year.sqlite3"
        started = time.perf_counter()
        now, counts = build_year(db)
        built = time.perf_counter() - started
        with open_diary(str(db), now=lambda: now) as diary:
            pdf_warm = warm(lambda: write_pdf(diary, work / "warm.pdf"))
            bundle_warm = warm(lambda: bundle_json(diary))
            csv_warm = warm(lambda: write_csv(diary, work / "tables.zip"))
            bundle = json.loads(json.dumps(bundle_json(diary)))
        pdf_cold = first_call(db, now, "pdf", work / "cold.pdf")
        bundle_cold = first_call(db, now, "fhir", work / "unused")

        imports = []
        for run in range(3):
            with open_diary(str(work / f"imported-{run}.sqlite3")) as empty:
                started = time.perf_counter()
                import_bundle(empty, bundle)
                imports.append(time.perf_counter() - started)

        env = {**os.environ, "BACKCARE_DATABASE_URL": str(db)}

        def whole_command(*arguments: str) -> float:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "backcare", *arguments], env=env, check=True,
                           capture_output=True)
            return time.perf_counter() - started

        command = whole_command("report", "--pdf", str(work / "cli.pdf"))
        fhir_command = whole_command("export", "--format", "fhir", "--output",
                                     str(work / "bundle.json"))
        pages = len(__import__("pypdf").PdfReader(work / "cold.pdf").pages)
        size_kb = (work / "cold.pdf").stat().st_size / 1024

    rows = sum(counts.values())
    print(f"One person, {DAYS} days of entries: {rows} diary rows "
          f"({', '.join(f'{n} {name}' for name, n in counts.items() if n)}); "
          f"written through the diary API in {built:.1f} s.")
    print(f"PDF: {pages} pages, {size_kb:.0f} KiB. Bundle: {len(bundle['entry'])} resources, "
          f"{len(json.dumps(bundle)) / 1024:.0f} KiB of JSON.\n")
    table = [
        ("PDF (write_pdf)", pdf_cold, pdf_warm, "< 2 s"),
        ("FHIR Bundle (bundle_json, validated)", bundle_cold, bundle_warm, "< 0.5 s"),
        ("Bundle read back (import_bundle)", None, statistics.median(imports), ""),
        ("CSV tables (write_csv, zip)", None, csv_warm, ""),
        ("`backcare report --pdf`, whole command", command, None, ""),
        ("`backcare export --format fhir`, whole", fhir_command, None, ""),
    ]
    print(f"| {'task':<40} | {'first call, fresh process':>25} | {'warm (median)':>13} | aim |")
    print(f"|{'-' * 42}|{'-' * 27}|{'-' * 15}|-----|")
    for name, cold, hot, aim in table:
        first = f"{cold:.2f} s" if cold is not None else "—"
        later = f"{hot:.3f} s" if hot is not None else "—"
        print(f"| {name:<40} | {first:>25} | {later:>13} | {aim} |")


if __name__ == "__main__":
    main()
