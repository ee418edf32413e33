"""The diary from the command line, as a person uses it: save an assessment, log the days,
time a cold pack, see the progress, export, import, forget."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from backcare.diary import open_diary
from terminal_support import restore_ctrl_c

BACKCARE = [sys.executable, "-m", "backcare"]


class Cli:
    """``backcare`` in a subprocess, on a diary of its own."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = str(tmp_path / "diary.sqlite3")
        self.env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100",
                    "BACKCARE_DATABASE_URL": self.db}

    def __call__(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*BACKCARE, *args], input=stdin, capture_output=True, text=True,
                              env=self.env, timeout=120)

    def json(self, *args: str) -> Any:
        done = self(*args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Everything in the diary, read directly (quicker than another process)."""
        with open_diary(self.db) as diary:
            return diary.export()["tables"]  # type: ignore[no-any-return]

    def start(self, **findings: Any) -> None:
        intake = {"text": "my back seized up", "age": 40,
                  "findings": {"pain_lower_back": True, **findings}}
        path = Path(self.db).with_name("intake.json")
        path.write_text(json.dumps(intake))
        done = self("assess", "--input", str(path), "--save")
        assert done.returncode == 0, done.stderr
        assert "Saved to your diary" in done.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_assess_save_opens_an_episode_that_keeps_the_assessment(cli: Cli) -> None:
    done = cli("assess", "--text", "my back went", "--age", "44", "--json", "--save")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)  # --json output stays pure JSON
    [assessment] = cli.tables()["assessments"]
    assert assessment["result"] == shown
    assert assessment["knowledge_base"] == shown["knowledge_base"]
    assert assessment["intake"]["text"] == "my back went"


def test_logging_before_any_assessment_says_how_to_start(cli: Cli) -> None:
    done = cli("log", "pain", "5")
    assert done.returncode == 2
    assert "backcare assess" in done.stderr and "--save" in done.stderr


@pytest.mark.parametrize(("args", "field"), [
    (("log", "pain", "11"), "pain"),
    (("log", "pain", "-2"), "pain"),
    (("log", "water", "-3l"), "water"),
    (("log", "water", "lots"), "water"),
    (("log", "exercise", "backflip"), "exercise"),
    (("log", "ice", "0"), "minutes"),
    (("log", "pain", "5", "--date", "tomorrow"), "date"),
    (("timer", "ice", "--minutes", "45"), "minutes"),
    (("timer", "sauna"), "kind"),
])
def test_an_invalid_value_is_named_and_nothing_is_written(
    cli: Cli, args: tuple[str, ...], field: str
) -> None:
    cli.start()
    before = cli.tables()
    done = cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error {field}:"), done.stderr
    assert cli.tables() == before


def test_a_day_in_the_diary(cli: Cli) -> None:
    cli.start(onset_days=5, pain_score=7)
    assert "Pain 6 logged" in cli("log", "pain", "6", "--spasms", "2", "--movement", "5",
                                  "--note", "stiff this morning").stdout
    assert "500 ml" in cli("log", "water", "2", "cups").stdout
    assert "pelvic tilt" in cli("log", "exercise", "pelvic-tilt").stdout
    assert "Heat pack, 15 min" in cli("log", "heat", "15", "--where", "lower back").stdout
    progress = cli.json("progress")
    assert progress["day"] == 5 and progress["phase"] == "settling"
    assert progress["pain"]["first"] == 7 and progress["pain"]["latest"] == 6.5
    today = progress["adherence"][-1]
    assert today["water_ml"] == 500 and today["exercises_done"] == ["pelvic_tilt"]
    # The heat session began 15 minutes ago, and a session counts on the day it began:
    # yesterday, when the test runs in the first quarter of an hour after midnight.
    assert sum(day["sessions"].get("heat", 0) for day in progress["adherence"]) == 1
    assert all(day["sessions"].get("cold", 0) == 0 for day in progress["adherence"])
    shown = cli("progress")
    assert shown.returncode == 0
    assert "Episode 1 — day 5" in shown.stdout and "The last 14 days" in shown.stdout


def test_a_warning_sign_in_a_check_in_is_printed_at_once(cli: Cli) -> None:
    cli.start()
    done = cli("log", "pain", "7", "--sign", "saddle_numbness")
    assert done.returncode == 0
    assert "EMERGENCY" in done.stdout and "Warning sign" in done.stdout
    assert "girft-ces-2023" in done.stdout
    assert cli.json("log", "pain", "6", "--sign", "fever")["alerts"][0]["level"] == "urgent"
    logged = cli.json("progress")["logged_alerts"]
    assert [alert["level"] for alert in logged] == ["emergency", "urgent"]
    assert "You logged 2 warning sign(s)" in cli("progress").stdout


def test_ask_says_the_day_of_the_open_episode_as_the_web_does(cli: Cli) -> None:
    before = cli("ask", "ice or heat?")
    assert before.returncode == 0, before.stderr
    assert "Ice or heat" in before.stdout and "of this episode" not in before.stdout
    assert not Path(cli.db).exists()  # asking a question creates no diary
    cli.start(onset_days=5)
    after = cli("ask", "ice or heat?")
    assert after.returncode == 0, after.stderr
    assert "You are on day 5 of this episode (Settling" in after.stdout
    assert "Day 5: heat pack is advised now." in after.stdout
    assert "Day 5: Cold helps most in the first 2–3 days." in after.stdout
    assert after.stdout.index("You are on day 5") < after.stdout.index("Ice or heat")
    assert "episode" not in cli("ask", "ice or heat?", "--json").stdout  # the contract's JSON
    unrelated = cli("ask", "is walking ok?")
    assert "You are on day 5" in unrelated.stdout and "Day 5: heat" not in unrelated.stdout


def test_too_long_with_ice_gets_a_correction_with_sources(cli: Cli) -> None:
    cli.start(onset_days=1)
    done = cli("log", "ice", "30 minutes")
    assert done.returncode == 0
    assert "longer than 20 minutes" in done.stdout and "seed-001" in done.stdout


def test_not_better_after_four_weeks_the_progress_says_book_a_review(cli: Cli) -> None:
    cli.start(onset_days=30, pain_score=6)
    cli("log", "pain", "6")
    progress = cli.json("progress")
    assert progress["alert"]["level"] == "routine"
    assert "R1" in [reason["rule"] for reason in progress["alert"]["detail"]["reasons"]]
    assert "BOOK A ROUTINE APPOINTMENT" in cli("progress").stdout


def test_the_timer_counts_down_stops_at_the_limit_and_records_the_session(cli: Cli) -> None:
    cli.start(onset_days=1)
    started = time.monotonic()
    done = cli("timer", "ice", "--speed", "2400", "--where", "lower back")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    assert "Time's up" in done.stdout
    [session] = cli.tables()["therapy_sessions"]
    assert session["kind"] == "cold" and session["place"] == "lower back"
    assert session["interrupted"] is False
    assert _minutes(session) == 20


def test_a_shorter_timer_and_heat_too_early_is_corrected_before_it_starts(cli: Cli) -> None:
    cli.start(onset_days=0)
    done = cli("timer", "heat", "--minutes", "5", "--speed", "600")
    assert done.returncode == 0, done.stderr
    assert done.stdout.index("Before you start") < done.stdout.index("Heat pack for 5 minutes")
    assert done.stdout.count("swell") == 1
    [session] = cli.tables()["therapy_sessions"]
    assert _minutes(session) == 5


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_stopping_the_timer_early_still_records_the_time_done(
    cli: Cli, stop: signal.Signals
) -> None:
    cli.start(onset_days=1)
    timer = subprocess.Popen([*BACKCARE, "timer", "ice", "--speed", "60"], env=cli.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=restore_ctrl_c)
    assert timer.stdout is not None
    # The timer says it has started only once stopping it would still record the time.
    for line in timer.stdout:
        if "Ctrl-C stops early" in line:
            break
    timer.send_signal(stop)
    out, err = timer.communicate(timeout=30)
    assert timer.returncode == 0, err
    assert "Stopped early" in out
    [session] = cli.tables()["therapy_sessions"]
    assert session["interrupted"] is True
    # Stopped at once, the time done may round to nothing; it is never the whole session.
    assert 0 <= _minutes(session) < 20


def _minutes(session: dict[str, Any]) -> float:
    from datetime import datetime

    length = datetime.fromisoformat(session["ended_at"]) - datetime.fromisoformat(
        session["started_at"])
    return round(length.total_seconds() / 60, 3)


def test_export_forget_import_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    cli.start(pain_score=8)
    cli("profile", "--age", "40", "--condition", "kidney_disease")
    cli("log", "pain", "6", "--note", "sore, with a comma, and \"quotes\"")
    cli("log", "water", "0.5l")
    before = cli.tables()
    assert cli("export", "--output", str(tmp_path / "diary.json")).returncode == 0
    assert cli("export", "--format", "csv", "--output", str(tmp_path / "csv")).returncode == 0

    refused = cli("forget", stdin="n\n")
    assert refused.returncode == 1 and cli.tables() == before
    assert cli("forget", "--yes").returncode == 0
    assert all(rows == [] for rows in cli.tables().values())

    assert cli("import", str(tmp_path / "diary.json")).returncode == 0
    assert cli.tables() == before
    again = cli("import", str(tmp_path / "diary.json"))
    assert again.returncode == 2 and "already holds entries" in again.stderr
    cli("forget", "--yes")
    assert cli("import", str(tmp_path / "csv")).returncode == 0
    assert cli.tables() == before


def test_the_db_option_chooses_the_diary(cli: Cli, tmp_path: Path) -> None:
    other = str(tmp_path / "other.sqlite3")
    done = cli("profile", "--age", "61", "--db", other, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["age"] == 61
    assert json.loads(cli("profile", "--json").stdout) is None


def test_assess_does_not_load_the_database_libraries() -> None:
    probe = ("import sys, backcare.cli; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'sqlalchemy', 'alembic', 'psycopg', 'plotext'}))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_a_saved_assessment_is_screened_against_the_profiles_conditions(cli: Cli) -> None:
    done = cli("profile", "--age", "58", "--condition", "anticoagulant")
    assert done.returncode == 0, done.stderr
    result = cli.json("assess", "--text", "my lower back went lifting a box this morning",
                      "--save")
    withheld = {item["id"] for item in result["plan"]["withheld"]}
    given = {item["id"] for item in result["plan"]["items"]}
    assert "nsaid" in withheld and "nsaid" not in given
    assert result["findings"]["anticoagulant"] is True
    assert result["findings"]["age"] == 58
