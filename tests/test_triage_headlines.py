"""What the headline tells the person to do beyond the level: a crisis line and the maternity unit.

The policy asks that a person with dark thoughts sees the crisis line for their region beside
the level's own advice, and that a pregnant woman with a warning sign is told to call her
maternity unit now; both are in the one headline every renderer shows (terminal, JSON, web).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import backcare


def headline(findings: dict[str, bool], region: str | None = None) -> str:
    intake: dict[str, object] = {"findings": {"pain_lower_back": True, **findings}}
    if region is not None:
        intake["region"] = region
    return backcare.assess(intake).triage.headline


@pytest.mark.parametrize(("region", "line"), [
    ("UK", "Samaritans on 116 123, or NHS 111 and choose option 2"),
    ("US", "988"),
    ("Canada", "988"),
    ("Ireland", "Samaritans on 116 123"),
    ("AU", "Lifeline on 13 11 14"),
    ("France", "call 112"),
])
@pytest.mark.parametrize("sign", ["suicidal_thoughts", "self_harm_danger"])
def test_dark_thoughts_bring_the_regions_crisis_line(region: str, line: str, sign: str) -> None:
    assert line in headline({sign: True}, region)


def test_without_a_region_the_main_crisis_lines_are_listed() -> None:
    told = headline({"suicidal_thoughts": True})
    assert "116 123" in told and "988" in told and "13 11 14" in told


def test_the_crisis_line_stays_when_another_sign_is_more_urgent() -> None:
    told = headline({"suicidal_thoughts": True, "saddle_numbness": True}, "UK")
    assert told.startswith("Call 999 now") and "116 123" in told


def test_no_crisis_line_without_dark_thoughts() -> None:
    assert "116 123" not in headline({"fever": True}, "UK")


def test_a_pregnancy_warning_sign_says_call_the_maternity_unit_now() -> None:
    told = headline({"pregnant": True, "pregnancy_warning": True}, "UK")
    assert "Call your maternity unit (labour ward) now" in told
    assert "call 999 if you cannot reach it or the bleeding is heavy" in told


def test_the_json_and_the_terminal_show_the_crisis_line() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    text = "my back is agony and I've been having thoughts of ending my life"
    base = [sys.executable, "-m", "backcare", "assess", "--text", text, "--region", "US"]
    as_json = subprocess.run([*base, "--json"], capture_output=True, text=True, env=env,
                             timeout=120, check=True)
    assert "988" in json.loads(as_json.stdout)["triage"]["headline"]
    printed = subprocess.run(base, capture_output=True, text=True, env=env, timeout=120,
                             check=True)
    assert "988" in " ".join(printed.stdout.split())
