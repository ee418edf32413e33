"""A script's ``backcare assess --text … --json`` runs without Typer or Rich (``assess_json.py``)
and prints exactly what the Typer command prints, with the same exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backcare.assess_json import intake_from

BACKCARE = str(Path(sys.executable).with_name("backcare"))
# The Typer command itself, as ``backcare`` ran it before the quick path existed.
THROUGH_TYPER = ("import sys; sys.argv[0] = 'backcare'; from backcare.cli_app import run; "
                 "run()")
# ``backcare``'s entry point, saying afterwards whether Typer or Rich was loaded.
PROBE = ("import atexit, sys; atexit.register(lambda: print('loaded:', sorted({m.split('.')[0] "
         "for m in sys.modules} & {'typer', 'rich', 'click'}), file=sys.stderr)); "
         "sys.argv[0] = 'backcare'; from backcare.cli import main; main()")

CALLS = [
    ["--text", "my back hurts after lifting", "--json"],
    ["--json", "--text", "I'm 70, slipped in the garden yesterday, pain 8/10", "--age", "70",
     "--sex", "female", "--region", "UK"],
    ["--text", "can't pee properly and my bum is numb", "--json", "--region", "United Kingdom"],
    ["--text", "", "--json"],
    ["--text", "  背中が痛い \n no fever\t", "--json"],
    ["--age", "44", "--json"],
    ["--text", "sore back", "--age", "200", "--json"],
    ["--text", "sore back", "--sex", "banana", "--json"],
    ["--text", "sore back", "--region", "Mars", "--json"],
]


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", CALLS, ids=[" ".join(call)[:40] for call in CALLS])
def test_the_quick_path_prints_what_the_typer_command_prints(args: list[str]) -> None:
    status, out, err = run([sys.executable, "-c", PROBE, "assess", *args])
    assert err == "loaded: []\n"
    assert (status, out) == run([sys.executable, "-c", THROUGH_TYPER, "assess", *args])[:2]
    assert (status, out, "") == run([BACKCARE, "assess", *args])
    assert status in (0, 2) and out.startswith('{"')


@pytest.mark.parametrize("args", [
    ["--text", "sore back"],  # not JSON: a person may be reading
    ["--text", "sore back", "--json", "--explain"],
    ["--text", "sore back", "--json", "--text", "again"],
    ["--text", "--json"],
    ["--text=sore back", "--json"],
    ["--text", "sore back", "--age", "44.0", "--json"],
    ["--text", "sore back", "--age", "044", "--json"],
    ["--text", "sore back", "--json", "--json"],
    ["--json"],
    ["--help"],
])
def test_anything_else_goes_through_typer(args: list[str]) -> None:
    assert intake_from(["assess", *args]) is None
    err = run([sys.executable, "-c", PROBE, "assess", *args])[2]
    assert "'typer'" in err.splitlines()[-1]


def test_an_intake_is_read_from_the_plain_options() -> None:
    assert intake_from(["assess", "--json", "--text", "x", "--age", "7", "--sex", "male",
                        "--region", "UK"]) == {"text": "x", "age": 7, "sex": "male",
                                               "region": "UK"}
    assert intake_from(["check", "--json"]) is None
    assert intake_from([]) is None


def test_where_rich_would_draw_its_spinner_typer_runs_it() -> None:
    args = ["assess", "--text", "sore back", "--json"]
    for variable in ("FORCE_COLOR", "TTY_COMPATIBLE", "_BACKCARE_COMPLETE"):
        err = run([sys.executable, "-c", PROBE, *args], {variable: "0"})[2]
        assert "'typer'" in err.splitlines()[-1], variable


def test_a_closed_pipe_ends_quietly_with_status_1_as_with_typer() -> None:
    args = ["assess", "--text", "my back hurts after lifting", "--json"]
    for command in ([BACKCARE, *args], [sys.executable, "-c", THROUGH_TYPER, *args]):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        assert (process.wait(timeout=300), process.stderr.read()) == (1, b"")
        process.stderr.close()
