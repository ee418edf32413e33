"""A clinic's round trip from the command line: export a FHIR Bundle, import it elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from backcare.diary import open_diary

BACKCARE = [sys.executable, "-m", "backcare"]


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BACKCARE_DATABASE_URL": str(db)}
    return subprocess.run([*BACKCARE, *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_fhir_export_then_import_into_a_new_diary_keeps_every_fact(tmp_path: Path) -> None:
    home = tmp_path / "home.sqlite3"
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps({"age": 44, "sex": "female", "findings": {
        "pain_lower_back": True, "lifting": True, "fever": False, "onset_days": 1}}))
    assert _run(home, "assess", "--input", str(intake), "--save").returncode == 0
    assert _run(home, "log", "pain", "6", "--note", "stiff in the morning").returncode == 0
    assert _run(home, "log", "water", "500ml").returncode == 0

    bundle_path = tmp_path / "bundle.json"
    done = _run(home, "export", "--format", "fhir", "--output", str(bundle_path))
    assert done.returncode == 0, done.stderr
    bundle = json.loads(bundle_path.read_text())
    assert bundle["resourceType"] == "Bundle"
    pain = [e["resource"] for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"
            and e["resource"]["code"]["coding"][0].get("code") == "72514-3"]
    assert any(o["valueQuantity"]["value"] == 6 for o in pain)

    clinic = tmp_path / "clinic.sqlite3"
    done = _run(clinic, "import", str(bundle_path))
    assert done.returncode == 0, done.stderr
    with open_diary(str(home)) as before, open_diary(str(clinic)) as after:
        assert [c.pain for c in after.check_ins(after.episode().id)] == [
            c.pain for c in before.check_ins(before.episode().id)]
        assert after.episode().opening.level == before.episode().opening.level
        assert after.episode().opening.result["findings"] == before.episode().opening.result[
            "findings"]


def test_a_malformed_bundle_is_refused_naming_the_element(tmp_path: Path) -> None:
    home = tmp_path / "home.sqlite3"
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps({"findings": {"pain_lower_back": True}}))
    assert _run(home, "assess", "--input", str(intake), "--save").returncode == 0
    assert _run(home, "log", "pain", "5").returncode == 0
    bundle_path = tmp_path / "bundle.json"
    assert _run(home, "export", "--format", "fhir", "--output", str(bundle_path)).returncode == 0
    bundle = json.loads(bundle_path.read_text())
    for entry in bundle["entry"]:
        if "valueQuantity" in entry["resource"]:
            entry["resource"]["valueQuantity"]["value"] = 11
    bundle_path.write_text(json.dumps(bundle))

    clinic = tmp_path / "clinic.sqlite3"
    done = _run(clinic, "import", "--format", "fhir", str(bundle_path))
    assert done.returncode == 2
    assert "valueQuantity.value" in done.stderr and "10" in done.stderr
    with open_diary(str(clinic)) as diary:
        assert diary.episodes() == ()
