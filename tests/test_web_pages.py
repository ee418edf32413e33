"""The pages without JavaScript: every form posts and answers a whole page, so the check-up,
the result, the diary and progress work on any phone, and the same flows are quick to test."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backcare.interview import load_interview
from backcare.knowledge.loader import KnowledgeBase
from web_support import TestClient, single_person_client

STORY = "My lower back went into spasm lifting a box 5 days ago, pain 6/10."


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    yield from single_person_client(tmp_path)


def hidden(page: str, name: str) -> str | None:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def card(page: str) -> str:
    found = re.search(r'class="care-card level-([a-z_]+)"', page)
    assert found, "the result page shows the level as a care card"
    return found.group(1)


class Checkup:
    """A person going through the check-up with plain form posts."""

    def __init__(self, client: TestClient, page: str | None = None) -> None:
        self.client = client
        self.page = page if page is not None else client.get("/check").text

    @classmethod
    def from_home(cls, client: TestClient, **fields: str) -> Checkup:
        """The quick form on the home page: the story, then the screen before the verdict."""
        home = client.get("/").text
        response = client.post("/assess", data={"csrf_token": hidden(home, "csrf_token"),
                                                **fields})
        assert response.status_code == 200, response.text
        return cls(client, response.text)

    @property
    def question(self) -> str | None:
        return hidden(self.page, "question")

    def post(self, **fields: Any) -> Any:
        data = {"csrf_token": hidden(self.page, "csrf_token"), "state": hidden(self.page, "state"),
                "question": self.question, **fields}
        response = self.client.post("/check", data=data)
        self.page = response.text
        return response

    def answer_no_to_everything(self) -> None:
        """"No" to every warning sign; whole numbers and first options for the rest."""
        for _ in range(30):
            if self.question is None:
                return
            if 'type="checkbox"' in self.page:
                self.post(action="none")
            elif 'name="answer" value="yes"' in self.page:
                self.post(answer="no")
            elif 'name="value"' in self.page:
                self.post(action="answer", value="44")
            elif 'name="option"' in self.page:
                self.post(action="answer", option="0")
            else:
                self.post(action="answer", story="")
        raise AssertionError("the check-up never ended")


def test_a_self_care_check_up_ends_on_the_plan_with_sources(client: TestClient) -> None:
    person = Checkup(client)
    assert person.question == "story"
    person.post(action="answer", story=STORY, region="UK")
    assert person.question == "danger_signs", "warning signs come straight after the story"
    person.answer_no_to_everything()
    assert card(person.page) == "self_care"
    assert "Your plan: Settling" in person.page
    assert re.search(r'href="/sources#source-[a-z0-9-]+"', person.page)


def test_the_result_shows_the_persons_words_that_set_findings(client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer", story=STORY)
    person.answer_no_to_everything()
    marked = re.findall(r'<mark data-finding="([a-z_]+)"[^>]*>([^<]*)</mark>', person.page)
    assert ("pain_score", "6/10") in marked


def test_a_story_about_a_relative_asks_for_their_answers_and_says_whose_findings(
        client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer",
                story="My mum's lower back went lifting shopping 3 days ago, pain 6/10")
    assert "You told us about your mum: answer each question for them." in person.page
    person.answer_no_to_everything()
    assert "Read as a message about your mum: the findings are theirs" in person.page
    person = Checkup.from_home(client, text=STORY, age="44")
    person.answer_no_to_everything()
    assert card(person.page) in ("self_care", "routine")
    assert "Read as a message about" not in person.page


def test_ticking_a_danger_sign_ends_on_the_emergency_card_with_the_number(
    client: TestClient,
) -> None:
    person = Checkup(client)
    person.post(action="answer", story="My back hurts", region="UK")
    response = person.post(action="answer", ticked=["chest_pain"])
    assert response.status_code == 200
    assert card(person.page) == "emergency"
    assert '<a class="call" href="tel:999">Call 999</a>' in person.page


def test_back_asks_the_previous_question_again(client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer", story=STORY)
    asked = person.question
    person.post(action="none")
    assert person.question != asked
    person.post(action="back")
    assert person.question == asked
    assert "Question 2," in person.page


def test_dont_know_moves_on_and_is_not_asked_again(client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer", story=STORY)
    asked = person.question
    person.post(action="dont_know")
    seen: set[str] = set()
    while person.question is not None and len(seen) < 30:
        seen.add(person.question)
        person.post(action="dont_know")
    assert asked not in seen
    assert card(person.page)  # "don't know" to everything still ends on a result


def test_warning_signs_left_unknown_are_shown_first_to_be_checked(client: TestClient) -> None:
    """"I don't know" to the danger signs: they may be there, so the result lists them apart,
    before the general watch-list, each with the level it would bring."""
    person = Checkup(client)
    person.post(action="answer", story=STORY)
    assert person.question == "danger_signs"
    person.post(action="dont_know")
    person.answer_no_to_everything()
    unsure, _, rest = person.page.partition('id="watch-heading"')
    assert "You weren’t sure about these" in unsure
    assert "chest pain or pressure" in unsure.split('id="unsure-heading"')[1]
    assert "chest pain or pressure" not in rest  # not repeated in the general list


def test_an_empty_checklist_asks_to_tick_or_say_none(client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer", story=STORY)
    response = person.post(action="answer")
    assert response.status_code == 422
    assert "None of these" in person.page and "Tick the ones that apply" in person.page
    assert person.question == "danger_signs"


def test_an_answer_from_a_stale_page_is_not_applied(client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer", story=STORY)
    person.post(question="nerve_signs", ticked=["bladder_dysfunction"], action="answer")
    assert person.question == "danger_signs", "the answer was for a question not asked yet"


def test_a_number_out_of_range_is_refused_with_the_range(client: TestClient) -> None:
    person = Checkup(client)
    person.post(action="answer", story="my back went")
    for _ in range(5):
        if 'name="value"' in person.page:
            break
        person.post(action="none")
    response = person.post(action="answer", value="300")
    assert response.status_code == 422
    assert "from 0 to 120" in person.page


def test_the_quick_form_screens_then_gives_the_result(client: TestClient) -> None:
    person = Checkup.from_home(client, text=STORY, age="44", region="AU")
    assert person.question == "danger_signs", "no verdict before the emergency signs"
    assert 'data-checkup-step="question"' in person.page
    person.answer_no_to_everything()
    assert card(person.page) in ("self_care", "routine")
    assert 'data-checkup-step="result"' in person.page
    assert "Call 000" in person.page  # the region chosen sets the number shown
    page = client.get("/").text
    refused = client.post("/assess", data={"text": STORY, "age": "old",
                                           "csrf_token": hidden(page, "csrf_token")})
    assert refused.status_code == 422
    assert "whole years" in refused.text and STORY in html.unescape(refused.text)


def test_the_result_page_gives_the_crisis_line_with_the_headline(client: TestClient) -> None:
    person = Checkup.from_home(client, text="my back aches and I keep having thoughts of ending "
                               "my life", age="40", region="UK")
    for _ in range(12):
        if person.question is None:
            break
        ticks = re.findall(r'name="ticked" value="([a-z_]+)"', person.page)
        person.post(action="none") if ticks else person.post(answer="no")
    headline = re.search(r'<p class="headline">(.*?)</p>', person.page, re.S)
    assert headline and "Samaritans on 116 123" in html.unescape(headline.group(1))


# The emergency checklists, and the questions that open a gated emergency sign (the pregnancy
# signs once someone is pregnant...): all a screen may ask.
SCREEN_QUESTIONS = {"danger_signs", "nerve_signs", "serious_causes", "kidney_stones"} | {
    question.id for question in load_interview().questions
    if set(question.findings) & load_interview().openers}
EMERGENCY_SIGNS = {"chest_pain", "breathing_difficulty", "tearing_pain", "collapse",
                   "stroke_signs", "confusion", "generalized_spasms", "bladder_dysfunction",
                   "bowel_dysfunction", "saddle_numbness", "sexual_dysfunction",
                   "leg_symptoms_both", "leg_weakness_both", "balance_problems"}


@pytest.mark.parametrize("story", [
    STORY,
    "I can't really feel the loo roll when wiping",
    "back ache",
    "My back has been stiff since Sunday, I think I slept on it funny.",
])
def test_a_story_never_reaches_a_verdict_below_emergency_before_the_screen(
    client: TestClient, story: str
) -> None:
    """The quick form asks every emergency sign the words left open before any lesser verdict,
    and nothing else: the person asked for a verdict, not the whole check-up."""
    person = Checkup.from_home(client, text=story, age="40")
    asked: set[str] = set()
    for _ in range(10):
        if person.question is None:
            break
        ticks = re.findall(r'name="ticked" value="([a-z_]+)"', person.page)
        asked.update(ticks)
        assert person.question in SCREEN_QUESTIONS or person.question.startswith("possible_")
        person.post(action="none") if ticks else person.post(answer="no")
    level = card(person.page)
    if level != "emergency":
        assert asked >= EMERGENCY_SIGNS - set(re.findall(r'data-finding="([a-z_]+)"',
                                                         person.page)), level


def save_and_open_diary(client: TestClient) -> str:
    person = Checkup.from_home(client, text=STORY, region="UK")
    person.answer_no_to_everything()
    result = person.page
    saved = client.post("/diary/start", data={"intake": hidden(result, "intake"),
                                              "csrf_token": hidden(result, "csrf_token")})
    diary: str = saved.text
    assert saved.status_code == 200 and "Your recovery diary" in diary
    return diary


def test_the_diary_starts_from_a_saved_result_on_the_right_day(client: TestClient) -> None:
    assert "Start the check-up" in client.get("/diary").text
    diary = save_and_open_diary(client)
    assert "Day 5" in diary
    assert "Heat pack" in diary and "advised today" in diary


def test_a_pain_score_logged_in_the_diary_appears_in_the_progress_chart(
    client: TestClient,
) -> None:
    diary = save_and_open_diary(client)
    logged = client.post("/diary/pain", data={"pain": "3", "csrf_token": hidden(diary,
                                                                               "csrf_token")})
    assert "Pain 3 out of 10 logged" in logged.text
    progress = client.get("/progress").text
    assert re.search(r'<circle class="pain-point"[^>]*data-score="4.5"', progress)
    assert "<td>4.5</td>" in progress  # the day's average, in the table under the chart


def test_exercises_for_the_phase_come_with_pictures_and_steps(
    client: TestClient, kb: KnowledgeBase
) -> None:
    diary = save_and_open_diary(client)
    assert '<img class="picture" src="/static/exercises/pelvic_tilt.svg"' in diary
    assert "Lie on your back with knees bent and feet flat." in diary
    assert client.get("/static/exercises/pelvic_tilt.svg").status_code == 200
    done = client.post("/diary/exercise", data={"exercise": "pelvic_tilt",
                                                "csrf_token": hidden(diary, "csrf_token")})
    assert "Exercise: pelvic tilt logged." in done.text


def test_a_session_can_be_logged_by_hand_without_the_timer(client: TestClient) -> None:
    diary = save_and_open_diary(client)
    logged = client.post("/diary/session", data={"kind": "heat", "minutes": "15",
                                                 "csrf_token": hidden(diary, "csrf_token")})
    assert "Heat pack: 15 min recorded." in logged.text
    assert re.search(r'<circle class="marker marker-heat"|<rect class="marker marker-heat"',
                     client.get("/progress").text)


def test_water_buttons_add_up_for_the_day(client: TestClient) -> None:
    diary = save_and_open_diary(client)
    token = hidden(diary, "csrf_token")
    client.post("/diary/water", data={"amount": "500ml", "csrf_token": token})
    page = client.post("/diary/water", data={"amount": "250ml", "csrf_token": token}).text
    assert "Today: 750 ml" in page
    refused = client.post("/diary/water", data={"amount": "lots", "csrf_token": token})
    assert refused.status_code == 422 and "cannot read" in refused.text


def test_the_sources_page_lists_every_source_with_an_anchor(
    client: TestClient, kb: KnowledgeBase
) -> None:
    page = client.get("/sources").text
    for source_id in kb.sources:
        assert f'id="source-{source_id}"' in page


def test_ask_answers_on_the_page_with_sources(client: TestClient) -> None:
    page = client.get("/ask").text
    answered = client.post("/ask", data={"question": "ice or heat?",
                                         "csrf_token": hidden(page, "csrf_token")}).text
    assert "<h2 tabindex=\"-1\" data-focus>Answers</h2>" in answered
    assert 'href="/sources#source-' in answered


def test_erasing_the_diary_needs_the_box_ticked(client: TestClient) -> None:
    save_and_open_diary(client)
    page = client.get("/privacy").text
    token = hidden(page, "csrf_token")
    unticked = client.post("/diary/erase", data={"csrf_token": token})
    assert unticked.status_code == 422
    assert "Day 5" in client.get("/diary").text
    erased = client.post("/diary/erase", data={"confirm": "yes", "csrf_token": token})
    assert "Everything in your diary is erased" in erased.text
    assert "Start the check-up" in client.get("/diary").text


def test_a_missing_page_is_a_friendly_page(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not found" in response.text and "Go to the home page" in response.text


def test_the_emergency_number_is_guessed_from_the_browser_language_and_shown_as_a_guess(
    client: TestClient,
) -> None:
    page = client.get("/", headers={"Accept-Language": "en-AU,en;q=0.8"}).text
    assert '<a class="sos-call" href="tel:000">Call 000</a>' in page
    assert "Australia</span>" in page and "(guessed)" in page
    unknown = client.get("/", headers={"Accept-Language": "en"}).text
    assert "Where are you?" in unknown and "999 in the UK" in unknown


def test_the_region_changes_in_one_tap_and_is_remembered(client: TestClient) -> None:
    page = client.get("/sources", headers={"Accept-Language": "en-AU"}).text
    moved = client.post("/region", data={"region": "UK", "next": "/sources",
                                         "csrf_token": hidden(page, "csrf_token")},
                        follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/sources"
    again = client.get("/sources", headers={"Accept-Language": "en-AU"}).text
    assert "Call 999" in again and "United Kingdom" in again and "(guessed)" not in again
    outside = client.post("/region", data={"region": "UK", "next": "//evil.example",
                                           "csrf_token": hidden(page, "csrf_token")},
                          follow_redirects=False)
    assert outside.headers["location"] == "/"


def test_changing_the_region_during_a_check_up_keeps_the_answers(client: TestClient) -> None:
    person = Checkup.from_home(client, text=STORY, region="UK")
    person.post(action="none")
    asked = person.question
    header = person.page.split('<main')[0]
    response = client.post("/region", data={"region": "US", "state": hidden(header, "state"),
                                            "csrf_token": hidden(header, "csrf_token")})
    assert hidden(response.text, "question") == asked
    assert "Call 911" in response.text and "question 2," in response.text


def test_the_clinician_summary_is_the_same_pdf_as_backcare_report(
    client: TestClient, tmp_path: Path
) -> None:
    import io
    import subprocess
    import sys

    from pypdf import PdfReader

    missing = client.get("/diary/summary.pdf")
    assert missing.status_code == 404 and "save a check-up" in missing.text
    diary = save_and_open_diary(client)
    assert 'href="/diary/summary.pdf"' in diary
    response = client.get("/diary/summary.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    written = tmp_path / "summary.pdf"
    subprocess.run([sys.executable, "-m", "backcare", "report", "--pdf", str(written),
                    "--db", str(tmp_path / "diary.sqlite3")], check=True, capture_output=True)

    def text(data: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]

    assert text(response.content) == text(written.read_bytes())


def test_the_app_can_be_installed_and_opened_offline(client: TestClient) -> None:
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert {"name", "short_name", "start_url", "display", "icons"} <= set(manifest.json())
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").text
    worker = client.get("/service-worker.js")
    assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]
    for url in re.findall(r'"(/[^"]+)"', worker.text.split("var PRECACHE = ")[1].split(";")[0]):
        assert client.get(url).status_code == 200, url
    offline = client.get("/offline").text
    assert "No connection" in offline and 'href="tel:999"' in offline


def test_a_diary_alert_says_which_words_raised_it_and_what_it_means(client: TestClient) -> None:
    diary = save_and_open_diary(client)
    logged = client.post("/diary/pain", data={
        "pain": "6", "notes": "today I can't feel the toilet paper when I wipe",
        "csrf_token": hidden(diary, "csrf_token")}).text
    assert "Raised by your words:" in logged
    assert re.search(r"<q>[^<]*(wipe|feel)[^<]*</q>", logged), logged
    assert "What it means:" in logged and "cauda equina" in logged
    assert "Raised by your words:" in client.get("/diary").text  # and on the diary page


def test_pages_show_no_file_paths_and_sources_by_their_own_titles(
    client: TestClient, tmp_path: Path
) -> None:
    privacy = client.get("/privacy").text
    assert str(tmp_path) not in privacy and "diary.sqlite3" not in privacy
    assert "a file on this computer" in privacy
    sources = client.get("/sources").text
    assert "Seed article" not in sources and "Causes of Back Spasms" in sources
    assert "patient-information article" in sources
    kinds = re.findall(r'<span class="kind">([^<]+)</span>', sources)
    assert kinds[0] == "guideline" and kinds[-1] == "patient-information article"


def test_with_a_diary_open_answers_use_the_day_of_the_episode(client: TestClient) -> None:
    page = client.get("/ask").text
    before = client.post("/ask", data={"question": "ice or heat?",
                                       "csrf_token": hidden(page, "csrf_token")}).text
    assert "of this episode" not in before
    save_and_open_diary(client)  # the back went 5 days ago
    answered = client.post("/ask", data={"question": "ice or heat?",
                                         "csrf_token": hidden(page, "csrf_token")}).text
    assert "You are on day 5 of this episode" in answered
    assert "Day 5: heat pack is advised now." in answered
    assert "Day 5: Cold helps most in the first 2–3 days." in answered


def test_an_optional_daily_reminder_goes_into_the_persons_own_calendar(
    client: TestClient,
) -> None:
    diary = save_and_open_diary(client)
    assert 'action="/diary/reminder.ics"' in diary
    response = client.get("/diary/reminder.ics", params={"at": "08:30"})
    assert response.headers["content-type"].startswith("text/calendar")
    lines = response.text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert any(line.startswith("DTSTART:") and line.endswith("T083000") for line in lines)
    assert "RRULE:FREQ=DAILY;COUNT=28" in lines
    assert any(line.startswith("SUMMARY:") and "log your pain" in line for line in lines)
    assert client.get("/diary/reminder.ics", params={"at": "25:99"}).status_code == 422


def test_a_step_shown_again_from_history_is_marked_so_it_is_not_added_to_it(
    client: TestClient,
) -> None:
    person = Checkup.from_home(client, text=STORY)
    data = {"csrf_token": hidden(person.page, "csrf_token"), "state": hidden(person.page, "state"),
            "action": "show"}
    shown = client.post("/check", data=data, headers={"hx-request": "true"}).text
    assert '<main id="main" tabindex="-1" data-checkup-step="question" data-restored>' in shown
    answered = client.post("/check", data={**data, "action": "none",
                                           "question": person.question},
                           headers={"hx-request": "true"}).text
    assert "data-restored" not in answered and 'hx-swap-oob="true"' in answered
