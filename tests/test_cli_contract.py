"""The command line as scripts and the scoring tools use it (the contract in the README)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BACKCARE = [sys.executable, "-m", "backcare"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run([*BACKCARE, *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)


def test_structured_intake_file_gives_contract_json(tmp_path: Path) -> None:
    intake = {"id": "case-1", "age": 50, "region": "UK",
              "findings": {"pain_lower_back": True, "saddle_numbness": True, "fever": False}}
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(intake))
    proc = run("assess", "--input", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["id"] == "case-1"
    assert result["in_scope"] is True
    assert result["triage"]["level"] == "emergency"
    assert "999" in result["triage"]["headline"]
    assert result["red_flags"] == ["saddle_numbness"]
    assert result["serious_causes"] == ["cauda_equina_syndrome"]
    assert result["findings"]["fever"] is False
    assert result["causes"][0]["id"] == "cauda_equina_syndrome"
    reason = result["triage"]["reasons"][0]
    assert reason["rule"] == "E1" and reason["findings"] == ["saddle_numbness"]
    assert reason["sources"]
    for item in result["watch_list"]:
        assert set(item) >= {"finding", "if_it_appears"}
    assert set(result["plan"]) >= {"phase", "items"}


def test_region_sets_the_emergency_number_in_words(tmp_path: Path) -> None:
    proc = run("assess", "--text", "back pain", "--region", "AU", "--input", str(_chest(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert "000" in proc.stdout
    assert "EMERGENCY" in proc.stdout


def _chest(tmp_path: Path) -> Path:
    path = tmp_path / "chest.json"
    path.write_text(json.dumps({"findings": {"pain_upper_back": True, "chest_pain": True}}))
    return path


@pytest.mark.parametrize(
    ("intake", "field"),
    [
        ({"findings": {"bladder_dysfuncton": True}}, "findings.bladder_dysfuncton"),
        ({"findings": {"pain_score": 11}}, "findings.pain_score"),
        ({"findings": {"fever": "yes"}}, "findings.fever"),
        ({"findings": {"onset_days": 2.5}}, "findings.onset_days"),
        ({"findings": {"pain_score": float("nan")}}, "findings.pain_score"),
        ({"id": ["a"], "text": "my back"}, "id"),
        ({"text": "my back", "colour": "blue"}, "colour"),
        ({"text": "my back", "age": "forty"}, "age"),
        ({"text": "my back", "region": "Atlantis"}, "region"),
        ({"id": "x"}, "text"),
    ],
)
def test_bad_intake_is_an_error_naming_the_field(
    tmp_path: Path, intake: dict[str, Any], field: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(intake))
    proc = run("assess", "--input", str(path), "--json")
    assert proc.returncode == 2
    error = json.loads(proc.stdout)["error"]
    assert error["field"] == field
    assert field.split(".")[-1] in error["message"]


def test_batch_streams_results_in_order_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "findings": {"pain_lower_back": True, "fever": True}}),
        "{not json",
        json.dumps({"id": "c", "findings": {"pain_score": 42}}),
        "",
        json.dumps({"id": "d", "text": "my lower back hurts", "age": 40}),
    ]
    proc = run("assess", "--batch", "-", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d"]
    assert out[0]["triage"]["level"] == "urgent"
    assert out[1]["error"]["code"] == "invalid_json"
    assert out[2]["error"]["field"] == "findings.pain_score"
    assert "triage" in out[3]


def test_a_clean_batch_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text("".join(json.dumps({"id": i, "findings": {"pain_neck": True}}) + "\n"
                            for i in range(50)))
    proc = run("assess", "--batch", str(path))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == list(range(50))


def test_terminal_output_shows_level_reasons_plan_and_sources() -> None:
    proc = run("assess", "--text", "My lower back went into spasm when I lifted a box",
               "--age", "44", "--full")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "SELF-CARE" in out
    assert "Your plan" in out and "Cold pack" in out
    assert "Sources" in out and "seed-001" in out
    assert "how likely" in out and not re.search(r"\b0\.\d\d\b", out)  # words, not scores


def test_the_short_terminal_result_says_what_to_do_now_and_where_the_rest_is() -> None:
    proc = run("assess", "--text", "My lower back went into spasm when I lifted a box",
               "--age", "44")
    out = " ".join(proc.stdout.split())
    assert "SELF-CARE" in out and "What to do now" in out and "Cold pack" in out
    assert "add --full to see it all" in out
    assert "Likely contributing causes" not in out and "Watch for these" not in out
    assert len(proc.stdout.splitlines()) < 60


def test_no_arguments_is_a_clear_error() -> None:
    proc = run("assess")
    assert proc.returncode == 2
    assert "--text" in proc.stderr


def test_version_names_the_program_and_its_knowledge_base() -> None:
    done = subprocess.run([*BACKCARE, "--version"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"backcare \S+ \(knowledge base \S+\)\n", done.stdout)
