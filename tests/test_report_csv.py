"""The diary as spreadsheet tables: one CSV per kind of record, labelled in words, in a zip or
a folder, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from backcare.diary import open_diary
from backcare.knowledge.loader import KnowledgeBase
from backcare.report import write_csv
from report_diary import PAIN, lived_diary

KINDS = ["profile", "episodes", "assessments", "findings", "pain", "cold_heat", "exercises",
         "water", "alerts"]


def read_zip(path: Path) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(path) as archive:
        return {name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(
                    archive.read(name).decode("utf-8"))))
                for name in archive.namelist()}


def test_zip_holds_one_labelled_table_per_kind_of_record(tmp_path: Path,
                                                        kb: KnowledgeBase) -> None:
    diary, _ = lived_diary(tmp_path / "diary.sqlite3")
    written = write_csv(diary, tmp_path / "diary.zip")
    diary.close()
    assert written == [f"{kind}.csv" for kind in KINDS]
    tables = read_zip(tmp_path / "diary.zip")
    assert [float(row["pain_0_to_10"]) for row in tables["pain"]] == PAIN[1:]
    assert tables["profile"][0]["conditions"] == kb.findings["anticoagulant"].label
    (assessment,) = tables["assessments"]
    assert (assessment["level"], assessment["rules"]) == ("soon", "S3")
    assert assessment["level_label"] == kb.levels["soon"].label
    fever = [row for row in tables["findings"] if row["finding"] == "fever"]
    assert [(row["source"], row["value"]) for row in fever] == [("assessment 1", "no"),
                                                                ("check-in 9", "no")]
    assert fever[0]["label"] == kb.findings["fever"].label
    cold = [row for row in tables["cold_heat"] if row["kind"] == "cold"]
    assert [row["minutes"] for row in cold] == ["15.0", "25.0", "15.0"]
    assert sum(row["stopped_early"] == "yes" for row in tables["cold_heat"]) == 1
    assert {row["kind"] for row in tables["alerts"]} == {"warning_sign", "correction"}


def test_folder_output_and_notes_a_spreadsheet_would_run_are_defused(tmp_path: Path) -> None:
    source, _ = lived_diary(tmp_path / "source.sqlite3", days=4)
    document = source.export()
    source.close()
    document["tables"]["check_ins"][0]["notes"] = "=HYPERLINK(\"http://x\",\"ok\")"
    document["tables"]["check_ins"][1]["notes"] = "tight, 2 spasms"
    with open_diary(str(tmp_path / "copy.sqlite3")) as diary:
        diary.import_export(document)
        write_csv(diary, tmp_path / "tables")
    with (tmp_path / "tables" / "pain.csv").open(encoding="utf-8", newline="") as handle:
        notes = [row["notes"] for row in csv.DictReader(handle)]
    assert notes[:2] == ["'=HYPERLINK(\"http://x\",\"ok\")", "tight, 2 spasms"]
    assert sorted(path.name for path in (tmp_path / "tables").iterdir()) == sorted(
        f"{kind}.csv" for kind in KINDS)
