"""The clinician summary as a person hands it over: a PDF whose text says what a clinician
looks for first, that fits on two pages and that prints the same in black and white."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from backcare import assess
from backcare.cli import app
from backcare.diary import Diary, NoEpisodeError, open_diary
from backcare.knowledge.loader import KnowledgeBase
from backcare.report import summarise, write_pdf
from report_diary import DENIED, OPENING, lived_diary

QUESTIONS = ["Do I need a scan?", "When can I go back to lifting at work?"]


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diary]:
    lived, _ = lived_diary(tmp_path_factory.mktemp("pdf") / "diary.sqlite3")
    yield lived
    lived.close()


@pytest.fixture(scope="module")
def summary_pdf(diary: Diary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "summary.pdf"
    write_pdf(diary, path, questions=QUESTIONS)
    return path


def pdf_text(path: Path) -> str:
    """All the words on every page, with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_pdf_says_the_level_its_reason_and_what_to_do(summary_pdf: Path, kb: KnowledgeBase) -> None:
    text = pdf_text(summary_pdf)
    assert kb.levels["soon"].label.upper() in text
    assert "See a doctor within the next 1–3 days" in text
    assert "S3" in text and "Numbness in a leg or foot means a nerve may be irritated" in text
    assert kb.causes["herniated_disc"].label in text
    assert "seed-001" in text  # every reason names its sources


def test_pdf_lists_every_denied_warning_sign(summary_pdf: Path, kb: KnowledgeBase) -> None:
    text = pdf_text(summary_pdf)
    denied_section = text.split("Warning signs asked about and denied")[1].split("Not asked")[0]
    for finding in (*DENIED, "fever"):
        assert f"No — {kb.findings[finding].label}" in denied_section, finding
    # Signs nobody asked about are listed as unknown, never as denied.
    assert f"No — {kb.findings['stroke_signs'].label}" not in text
    assert kb.findings["stroke_signs"].label in text.split("Not asked, so unknown")[1]


def test_pdf_gives_the_dates_the_diary_covers(summary_pdf: Path) -> None:
    text = pdf_text(summary_pdf)
    assert "Started 1 Mar 2026" in text
    assert "Diary entries from 2 Mar 2026 to 28 Mar 2026" in text
    # A denial repeated in a later check-in carries the later date.
    assert "Fever, chills or shivers (10 Mar)" in text


def test_pdf_shows_what_was_tried_and_how_often(summary_pdf: Path) -> None:
    text = pdf_text(summary_pdf)
    assert "Cold pack 3 3 55 min 2 Mar – 4 Mar" in text
    assert "Heat pack (1 stopped early) 12 12 4 h 00 min" in text
    assert "Exercise: pelvic tilt 26 26" in text
    assert "Water logged on 27 days, 1,500 ml a day on average" in text
    # Blood thinners were noted, so the anti-inflammatory is withheld, with the reason.
    assert "Withheld for this person: Anti-inflammatory painkiller" in text
    assert "raise the risk of bleeding" in text


def test_pdf_shows_the_alert_and_the_questions(summary_pdf: Path) -> None:
    text = pdf_text(summary_pdf)
    assert "13 Mar 2026 See a doctor soon Night pain not eased by lying still (S1)" in text
    assert "1. Do I need a scan? 2. When can I go back to lifting at work?" in text


def test_pdf_fits_on_two_pages_and_leaves_the_name_off(summary_pdf: Path) -> None:
    reader = PdfReader(summary_pdf)
    assert 1 <= len(reader.pages) <= 2
    assert "page 1 of 2" in reader.pages[0].extract_text()
    text = pdf_text(summary_pdf)
    assert "Age 44 · female · United Kingdom" in text
    assert "Name" not in text


def test_name_and_letter_paper_on_request(diary: Diary, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    write_pdf(diary, path, paper="letter", name="Sam <Smith> & co")
    page = PdfReader(path).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert "Sam <Smith> & co" in pdf_text(path)  # markup characters print as themselves


def test_a_sign_reported_after_being_denied_is_not_listed_as_denied(
        tmp_path: Path, kb: KnowledgeBase) -> None:
    diary, clock = lived_diary(tmp_path / "diary.sqlite3", days=6)
    clock.moment += timedelta(hours=12)
    diary.check_in(5, signs={"fever": True})
    summary = summarise(diary)
    assert "fever" not in {sign.finding for sign in summary.denied}
    assert "fever" in {sign.finding for sign in summary.reported}
    assert summary.alerts[-1].level == "urgent"
    path = tmp_path / "summary.pdf"
    write_pdf(diary, path)
    text = pdf_text(path)
    assert f"No — {kb.findings['fever'].label}" not in text
    assert f"Reported present: {kb.findings['fever'].label} (7 Mar)" in text
    diary.close()


def test_the_persons_own_words_are_quoted(tmp_path: Path) -> None:
    """Their description, even with characters that mean something to a PDF's markup."""
    source, _ = lived_diary(tmp_path / "source.sqlite3", days=3)
    document = source.export()
    words = "Lifting a box <heavy> & twisted — couldn't stand up straight"
    document["tables"]["assessments"][0]["intake"]["text"] = words
    source.close()
    with open_diary(str(tmp_path / "copy.sqlite3")) as copy:
        copy.import_export(document)
        write_pdf(copy, tmp_path / "summary.pdf")
    assert f"In their words: “{words}”" in pdf_text(tmp_path / "summary.pdf")


def test_a_year_of_entries_still_fits_on_two_pages(tmp_path: Path) -> None:
    with open_diary(str(tmp_path / "diary.sqlite3"),
                    now=lambda: datetime(2026, 3, 14, 9, 0, tzinfo=UTC)) as diary:
        diary.save_assessment(assess(findings={**OPENING, "onset_days": 365}))
        document = diary.export()
    start = date(2025, 3, 14)
    document["tables"]["check_ins"] = [
        {"id": n + 1, "episode_id": 1, "day": (start + timedelta(days=n)).isoformat(),
         "recorded_at": f"{start + timedelta(days=n)}T20:00:00+00:00",
         "pain": float(7 - n % 5), "spasms": None, "movement": None, "notes": None,
         "findings": {}}
        for n in range(365)]
    with open_diary(str(tmp_path / "year.sqlite3"),
                    now=lambda: datetime(2026, 3, 14, 9, 0, tzinfo=UTC)) as year:
        year.import_export(document)
        write_pdf(year, tmp_path / "year.pdf")
    assert len(PdfReader(tmp_path / "year.pdf").pages) <= 2
    assert "Diary entries from 14 Mar 2025 to 14 Mar 2026" in pdf_text(tmp_path / "year.pdf")


def test_no_episode_is_a_clear_error(tmp_path: Path) -> None:
    with open_diary(str(tmp_path / "empty.sqlite3")) as empty, pytest.raises(NoEpisodeError):
        write_pdf(empty, tmp_path / "nothing.pdf")
    assert not (tmp_path / "nothing.pdf").exists()


def test_report_command_writes_the_pdf_from_the_diary_the_env_names(
        diary: Diary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCARE_DATABASE_URL", diary.engine.url.database or "")
    out = tmp_path / "summary.pdf"
    result = CliRunner().invoke(app, ["report", "--pdf", str(out), "--question", "Scan?",
                                      "--question", "Work?"])
    assert result.exit_code == 0, result.output
    assert "1. Scan? 2. Work?" in pdf_text(out)

    refused = CliRunner().invoke(app, ["report", "--pdf", str(out), "--paper", "a5"])
    assert refused.exit_code == 2 and "paper: must be a4 or letter" in refused.output
    nothing = CliRunner().invoke(app, ["report", "--pdf", str(tmp_path / "x.pdf"), "--db",
                                       str(tmp_path / "empty.sqlite3")])
    assert nothing.exit_code == 2 and "no episode yet" in nothing.output


def render_first_page(pdf: Path, png: Path) -> None:
    """Page 1 as a PNG, with pypdfium2, or Debian's pdftoppm; skip when neither is here."""
    try:
        import pypdfium2
    except ImportError:
        if shutil.which("pdftoppm") is None:
            pytest.skip("neither pypdfium2 nor pdftoppm (poppler-utils) is installed")
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(png.with_suffix(""))], check=True)
        return
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        document[0].render(scale=110 / 72).to_pil().save(png)
    finally:
        document.close()


def test_page_one_renders_and_carries_no_colour(summary_pdf: Path, tmp_path: Path) -> None:
    """Black, white and greys only: nothing is lost on a black-and-white printer."""
    import numpy
    from PIL import Image

    png = tmp_path / "page1.png"
    render_first_page(summary_pdf, png)
    pixels = numpy.asarray(Image.open(png).convert("RGB"), dtype=numpy.int16)
    height, width, _ = pixels.shape
    assert width > 800 and height > 1100
    assert int((pixels.max(axis=2) - pixels.min(axis=2)).max()) <= 8
    dark = float((pixels[:, :, 0] < 128).mean())
    assert 0.02 < dark < 0.35  # text and the chart, on mostly white paper


def test_a_condition_kept_in_the_profile_is_never_listed_as_denied(tmp_path: Path,
                                                                   kb: KnowledgeBase) -> None:
    diary, _ = lived_diary(tmp_path / "diary.sqlite3", days=3)
    diary.set_profile(add_conditions=["cancer_history"])  # denied at the assessment
    summary = summarise(diary)
    assert "cancer_history" not in {sign.finding for sign in summary.denied}
    assert kb.findings["cancer_history"].label in summary.person.conditions
    diary.close()
