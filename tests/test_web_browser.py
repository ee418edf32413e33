"""The web app in a real browser: Debian's Chromium driven by Playwright against the real app,
served by Uvicorn on a free loopback port.

Covers what only a browser shows: HTMX swapping one question at a time with focus following,
the emergency card and its tap-to-call number, the ice timer counting down and recording the
session, the chart, the layout at 360 px, keyboard use, axe-core's accessibility scan of every
page, and that the Content-Security-Policy never has to block anything.

Needs /usr/bin/chromium (``apt-get install chromium``) and axe-core (fetched with npm into a
cache folder on first use, or named by ``$BACKCARE_AXE_JS``); skips with a message otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backcare.web.app import create_app
from backcare.web.settings import WebSettings

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)",
)
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_VERSION = "4.10.3"
STORY = "My lower back went into spasm lifting a box 2 days ago, pain 7/10."
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = Path(os.environ.get("BACKCARE_SCREENSHOTS", "/tmp/backcare-screenshots"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(settings: WebSettings) -> Iterator[str]:
    """The real app under Uvicorn, in a thread, on loopback only, until the module is done."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1",
                                           port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(WebSettings(diary=str(tmp_path_factory.mktemp("browser") / "diary.sqlite3")))


@pytest.fixture(scope="module")
def accounts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server, with accounts, for the login pages."""
    yield from serve(WebSettings(multi_user=True,
                                 data_dir=str(tmp_path_factory.mktemp("accounts")),
                                 allowed_hosts=()))


@pytest.fixture
def api(base_url: str) -> Iterator[httpx.Client]:
    """The same server's JSON API; every test starts from an empty diary."""
    with httpx.Client(base_url=base_url) as client:
        client.delete("/api/diary")
        yield client


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, base_url: str) -> Iterator[Any]:
    """A phone-sized page; fails the test if the CSP ever had to block something."""
    context = chromium.new_context(base_url=base_url, viewport=PHONE)
    tab = context.new_page()
    blocked: list[str] = []
    tab.on("console", lambda message: blocked.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert not blocked, f"the page needed something the CSP blocks: {blocked}"


def open_episode(api: httpx.Client, **intake: Any) -> None:
    response = api.post("/api/diary/episodes", json={"region": "UK", **intake})
    assert response.status_code == 201, response.text


def answer_no_to_everything(page: Any) -> None:
    """Go through the check-up saying no, as a person with a simple strain would."""
    for _ in range(30):
        if page.locator(".care-card").count():
            return
        question = page.locator("#checkup")
        before = page.locator("#sos input[name=state]").input_value()
        if question.locator("input[type=checkbox]").count():
            question.get_by_role("button", name="None of these").click()
        elif question.get_by_role("button", name="Yes", exact=True).count():
            question.get_by_role("button", name="No", exact=True).click()
        elif question.locator("input[name=value]").count():
            question.locator("input[name=value]").fill("44")
            question.get_by_role("button", name="Next").click()
        elif question.locator("input[name=option]").count():
            question.locator("input[name=option]").first.check()
            question.get_by_role("button", name="Next").click()
        page.wait_for_function(  # the next question (or the result) has been swapped in
            "before => document.querySelector('#sos input[name=state]')?.value !== before",
            arg=before)
    raise AssertionError("the check-up never ended")


# ---- the check-up --------------------------------------------------------------------------------


def choose_region(page: Any, name: str) -> None:
    """Change the region in the header: open the picker, tap the place."""
    page.locator(".region-pick summary").click()
    page.locator(".region-list").get_by_role("button", name=name).click()


def test_a_self_care_check_up_from_the_home_page_to_the_plan(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Start the check-up").click()
    choose_region(page, "United Kingdom")
    page.get_by_role("textbox", name="In your own words").fill(STORY)
    page.get_by_role("button", name="Next").click()
    heading = page.locator("#question-text")
    playwright_api.expect(heading).to_have_text("Do you have any of these right now?")
    playwright_api.expect(heading).to_be_focused()  # HTMX swapped it in; focus followed
    answer_no_to_everything(page)
    playwright_api.expect(page.locator("h1.care-card-heading")).to_have_text("Self-care at home")
    playwright_api.expect(page).to_have_title("Self-care at home · backcare")
    playwright_api.expect(page.locator("mark[data-finding=pain_score]")).to_have_text("7/10")
    assert page.get_by_role("heading", name="Your plan: First days").is_visible()
    assert page.locator(".plan .sources a").count() > 0


@pytest.mark.parametrize("story", ["I can't really feel the loo roll when wiping",
                                   "My back has been aching since Sunday."])
@pytest.mark.parametrize("size", [(360, 800), (1280, 800)], ids=["phone", "desktop"])
def test_a_story_on_the_home_page_is_screened_before_any_verdict(
    chromium: Any, base_url: str, story: str, size: tuple[int, int]
) -> None:
    """No self-care or routine card until every emergency checklist has been answered; an
    emergency still stops everything at once."""
    context = chromium.new_context(base_url=base_url,
                                   viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto("/")
    page.get_by_label("What happened").fill(story)
    page.get_by_role("button", name="See what to do").click()
    main = page.locator("main[data-checkup-step]")
    playwright_api.expect(main).to_have_count(1)
    answered: set[str] = set()
    for _ in range(10):
        if main.get_attribute("data-checkup-step") == "result":
            break
        assert page.locator(".care-card").count() == 0
        ticks = page.locator("input[name=ticked]")
        answered.update(ticks.evaluate_all("boxes => boxes.map(b => b.value)"))
        if ticks.count():
            next_step(page, page.get_by_role("button", name="None of these").click)
        elif page.get_by_role("button", name="No", exact=True).count():
            next_step(page, page.get_by_role("button", name="No", exact=True).click)
        else:
            page.locator("input[name=value]").fill("40")
            next_step(page, page.get_by_role("button", name="Next").click)
    level = page.locator(".care-card").get_attribute("class") or ""
    if "level-emergency" not in level:
        assert {"chest_pain", "saddle_numbness", "balance_problems"} <= answered, level
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"screened-{size[0]}-{len(story)}.png"))
    context.close()


def test_an_emergency_shows_the_red_card_and_a_tap_to_call_number(page: Any) -> None:
    page.goto("/check")
    page.get_by_role("textbox", name="In your own words").fill("My back went this morning")
    next_step(page, page.get_by_role("button", name="Next").click)
    choose_region(page, "United Kingdom")  # on the way: the answers so far are kept
    page.get_by_label("chest pain or pressure").check()
    page.get_by_role("button", name="Next").click()
    heading = page.locator("h1.care-card-heading")
    playwright_api.expect(heading).to_have_text("Emergency")
    assert heading.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(213, 40, 27)"
    call = page.locator(".care-card").get_by_role("link", name="Call 999")
    playwright_api.expect(call).to_have_attribute("href", "tel:999")
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44 and box["y"] < 800  # big, above the fold


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("locale", ["en-GB", "en"], ids=["guessed", "unknown-region"])
def test_the_check_up_works_with_the_keyboard_alone(
    chromium: Any, base_url: str, size: dict[str, int], locale: str
) -> None:
    context = chromium.new_context(base_url=base_url, viewport=size, locale=locale)
    page = context.new_page()
    page.goto("/check")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    playwright_api.expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(30):  # from the top of the content to the story box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "story":
            break
    page.keyboard.type("My lower back hurts after gardening")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Next":
            break
    page.keyboard.press("Enter")
    playwright_api.expect(page.locator("#question-text")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # tick the first danger sign
    assert page.locator("input[name=ticked]").first.is_checked()
    context.close()


def next_step(page: Any, click: Any) -> None:
    """Tap an answer and wait for the next step (or the result) to be swapped in."""
    before = page.locator("#sos input[name=state]").input_value()
    click()
    page.wait_for_function(
        "before => document.querySelector('#sos input[name=state]')?.value !== before",
        arg=before)


def step_of(page: Any) -> str:
    return str(page.locator("main").get_attribute("data-checkup-step"))


def test_each_step_has_its_own_address_so_back_and_reload_work(page: Any) -> None:
    page.goto("/check")
    page.get_by_role("textbox", name="In your own words").fill(STORY)
    next_step(page, lambda: page.get_by_role("button", name="Next").click())
    first = page.locator("#question-text").text_content()
    playwright_api.expect(page).to_have_url(re.compile(r"/check\?step=2$"))
    next_step(page, lambda: page.get_by_role("button", name="None of these").click())
    playwright_api.expect(page).to_have_url(re.compile(r"/check\?step=3$"))
    second = page.locator("#question-text").text_content()
    assert second != first
    page.go_back()
    playwright_api.expect(page.locator("#question-text")).to_have_text(first or "")
    playwright_api.expect(page).to_have_url(re.compile(r"/check\?step=2$"))
    page.go_forward()
    playwright_api.expect(page.locator("#question-text")).to_have_text(second or "")
    page.reload()  # resumes where the person was, story and answers kept
    playwright_api.expect(page.locator("#question-text")).to_have_text(second or "")
    assert step_of(page) == "question"
    assert "Question 3," in (page.locator("#checkup-step").text_content() or "")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_progress_bar_only_moves_forward_and_the_buttons_are_above_the_fold(
    chromium: Any, base_url: str, size: dict[str, int]
) -> None:
    context = chromium.new_context(base_url=base_url, viewport=size, locale="en-GB")
    page = context.new_page()
    page.goto("/check")
    playwright_api.expect(page.locator(".sos-call")).to_have_text("Call 999")  # guessed
    page.get_by_role("textbox", name="In your own words").fill(STORY)
    next_step(page, lambda: page.get_by_role("button", name="Next").click())
    seen: list[int] = []
    for number in range(12):
        if step_of(page) == "result":
            break
        seen.append(int(page.locator("#checkup-progress").get_attribute("value") or 0))
        question = page.locator("#checkup")
        buttons = question.locator(".actions button, .yes-no button").first.bounding_box()
        heading = page.locator("#question-text").bounding_box()
        assert heading is not None and buttons is not None
        assert buttons["y"] + buttons["height"] <= size["height"], "the answer is below the fold"
        page.screenshot(path=str(SHOTS / f"checkup-{size['width']}-{number}.png"))
        if question.locator("input[type=checkbox]").count():
            next_step(page, question.get_by_role("button", name="None of these").click)
        elif question.get_by_role("button", name="No", exact=True).count():
            next_step(page, question.get_by_role("button", name="No", exact=True).click)
        elif question.locator("input[name=value]").count():
            question.locator("input[name=value]").fill("4")
            next_step(page, question.get_by_role("button", name="Next").click)
        else:
            question.locator("input[name=option]").first.check()
            next_step(page, question.get_by_role("button", name="Next").click)
    assert seen == sorted(seen) and len(seen) > 3, seen
    context.close()


def test_the_region_is_guessed_shown_and_changed_in_one_tap(chromium: Any, base_url: str) -> None:
    context = chromium.new_context(base_url=base_url, viewport=PHONE, locale="en-AU")
    page = context.new_page()
    page.goto("/")
    call = page.locator(".sos-call")
    playwright_api.expect(call).to_have_attribute("href", "tel:000")
    summary = page.locator(".region-pick summary")
    playwright_api.expect(summary.locator(".narrow-only")).to_have_text("AU")  # on a phone
    playwright_api.expect(summary.locator(".guess")).to_have_text("(guessed)")
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44 and box["y"] < 100
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "header-guessed-360.png"))
    choose_region(page, "New Zealand")
    playwright_api.expect(call).to_have_attribute("href", "tel:111")
    playwright_api.expect(summary.locator(".narrow-only")).to_have_text("NZ")
    playwright_api.expect(summary.locator(".guess")).to_have_count(0)  # chosen, not guessed
    context.close()


# ---- the diary ---------------------------------------------------------------------------------


# Stand-ins for the browser's alarm features, recording how the timer used them.
ALARM_SPIES = """
window.used = {beeps: 0, vibrate: null, lock: 0, released: 0};
window.AudioContext = function () {
  var node = () => ({connect: (next) => next || node(), start() { window.used.beeps += 1; },
                     stop() {}, frequency: {}, gain: {setValueAtTime() {},
                     exponentialRampToValueAtTime() {}}});
  return {currentTime: 0, destination: {}, createOscillator: node, createGain: node};
};
navigator.vibrate = (pattern) => { window.used.vibrate = pattern; return true; };
Object.defineProperty(navigator, "wakeLock", {value: {request: () => {
  window.used.lock += 1;
  return Promise.resolve({addEventListener() {},
                          release() { window.used.released += 1; return Promise.resolve(); }});
}}});
"""


def test_the_ice_timer_counts_down_and_records_the_session(page: Any, api: httpx.Client) -> None:
    open_episode(api, text="My back went yesterday lifting a box")
    page.clock.install()
    page.add_init_script(ALARM_SPIES)
    page.goto("/diary")
    cold = page.locator("form[data-timer]").filter(has=page.get_by_role("heading",
                                                                        name="Cold pack"))
    cold.get_by_role("button", name="Start cold pack timer: 20 min").click()
    clock = cold.locator("[data-timer-clock]")
    playwright_api.expect(clock).to_have_text("20:00")
    page.clock.run_for(5 * 60 * 1000)
    playwright_api.expect(clock).to_have_text("15:00")
    page.clock.run_for(15 * 60 * 1000 + 500)
    playwright_api.expect(page.locator("#diary-status")).to_contain_text(
        "Cold pack: 20 min recorded.")
    # Where the eyes are: beside the timer too; and it rang, vibrated and kept the screen on.
    playwright_api.expect(cold.locator("[data-timer-done]")).to_contain_text(
        "Cold pack: 20 min recorded.")
    used = page.evaluate("window.used")
    assert used["beeps"] == 3 and used["vibrate"] and used["lock"] == 1 and used["released"] == 1
    sessions = api.get("/api/diary/sessions").json()["entries"]
    assert len(sessions) == 1
    assert sessions[0]["kind"] == "cold" and sessions[0]["interrupted"] is False


def test_stopping_the_timer_early_still_records_the_time_done(
    page: Any, api: httpx.Client
) -> None:
    open_episode(api, text="My back went yesterday lifting a box")
    page.clock.install()
    page.goto("/diary")
    cold = page.locator("form[data-timer]").filter(has=page.get_by_role("heading",
                                                                        name="Cold pack"))
    cold.get_by_role("button", name="Start cold pack timer: 20 min").click()
    page.clock.run_for(7 * 60 * 1000)
    cold.get_by_role("button", name="Stop the cold pack now").click()
    playwright_api.expect(page.locator("#diary-status")).to_contain_text("Cold pack: 7 min")
    (session,) = api.get("/api/diary/sessions").json()["entries"]
    assert session["interrupted"] is True


def test_a_pain_score_logged_in_the_diary_appears_in_the_chart(
    page: Any, api: httpx.Client
) -> None:
    open_episode(api, findings={"onset_days": 1, "lifting": True, "pain_lower_back": True})
    page.goto("/diary")
    page.locator("label.score").filter(has_text="3").click()
    page.get_by_label("Anything else?").fill("easier after a walk")
    page.get_by_role("button", name="Log pain").click()
    playwright_api.expect(page.locator("#diary-status")).to_contain_text(
        "Pain 3 out of 10 logged.")
    page.get_by_role("link", name="See your progress").click()
    point = page.locator("svg.chart circle.pain-point[data-score='3']")
    playwright_api.expect(point).to_be_visible()
    assert "pain 3/10" in point.locator("title").text_content()


def test_with_accounts_a_person_signs_up_keeps_a_diary_and_logs_out(
    chromium: Any, accounts_url: str
) -> None:
    context = chromium.new_context(base_url=accounts_url, viewport=PHONE)
    page = context.new_page()
    page.goto("/diary")
    playwright_api.expect(page).to_have_url(f"{accounts_url}/login?next=/diary")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("ruth")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    playwright_api.expect(page.get_by_role("heading", name="Your recovery diary")).to_be_visible()
    page.get_by_role("button", name="Log out (ruth)").click()
    page.goto("/diary")
    playwright_api.expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    context.close()


# ---- layout at 360 px ----------------------------------------------------------------------------


def test_the_result_page_fits_a_360_px_phone(page: Any) -> None:
    page.goto("/")
    page.get_by_label("What happened").fill(STORY + " I can't feel my bum, it is numb.")
    page.get_by_label("Where you are").first.select_option("UK")
    page.get_by_role("button", name="See what to do").click()
    answer_no_to_everything(page)
    card = page.locator(".care-card")
    playwright_api.expect(card).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "result-360.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width} px wide)"
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["y"] < 400, "the level is the first thing seen"


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_results_first_screen_holds_the_level_what_to_do_and_save(
    chromium: Any, base_url: str, size: dict[str, int]
) -> None:
    context = chromium.new_context(base_url=base_url, viewport=size, locale="en-GB")
    page = context.new_page()
    page.goto("/")
    _to_result(page, age="40")
    first_screen = [page.locator(".care-card"), page.get_by_role("heading", name="What to do now"),
                    page.locator(".steps-now li").nth(2),
                    page.get_by_role("button", name="Save to my diary")]
    for part in first_screen:
        box = part.bounding_box()
        assert box is not None and box["y"] + box["height"] <= size["height"], part
    assert page.locator(".steps-now li").count() == 3
    assert page.get_by_role("button", name="Save to my diary").count() == 1
    fold = page.locator("details.watch-fold")
    assert fold.get_attribute("open") is None, "the watch-list starts folded"
    fold.locator("summary").click()
    levels = fold.locator(".watch-level").all_text_contents()
    assert levels[0].strip() == "Emergency", levels  # the emergency signs first
    page.locator(".steps-now a").first.click()  # each step leads to its full plan entry
    playwright_api.expect(page.locator(".plan-item:target")).to_have_count(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"result-first-screen-{size['width']}.png"))
    context.close()


def test_after_the_first_visit_the_app_opens_offline(chromium: Any, base_url: str) -> None:
    context = chromium.new_context(base_url=base_url, viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker's control, which keeps the home page
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto("/")
    playwright_api.expect(page.get_by_role("heading", name="Help through a back spasm")
                          ).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.goto("/diary")  # health notes are never kept: the offline page instead
    playwright_api.expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    playwright_api.expect(page.get_by_role("link", name="999").first).to_be_visible()
    context.set_offline(False)
    context.close()


def test_a_printed_result_is_black_on_white_without_the_menu_in_two_pages(
    chromium: Any, base_url: str
) -> None:
    import io

    from pypdf import PdfReader

    context = chromium.new_context(base_url=base_url, viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto("/")
    _to_result(page, age="40")
    playwright_api.expect(page.get_by_role("button", name="Print this result")).to_be_visible()
    page.emulate_media(media="print")
    heading = page.locator("h1.care-card-heading")
    assert heading.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert heading.evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert not page.locator("header.top").is_visible()
    assert not page.get_by_role("button", name="Save to my diary").is_visible()
    printed = page.pdf(format="A4")
    pages = len(PdfReader(io.BytesIO(printed)).pages)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "result-print.pdf").write_bytes(printed)
    assert pages <= 2, f"the printed result takes {pages} pages"
    context.close()


@pytest.mark.parametrize("path", ["/", "/check", "/diary", "/progress", "/ask", "/sources",
                                  "/privacy"])
def test_no_page_scrolls_sideways_at_360_px(page: Any, api: httpx.Client, path: str) -> None:
    open_episode(api, text=STORY)
    api.post("/api/diary/check-ins", json={"pain": 5})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


# ---- accessibility -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script: from $BACKCARE_AXE_JS, the cache, or npm (once)."""
    named = os.environ.get("BACKCARE_AXE_JS")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "backcare-tests"
    found = Path(named) if named else cache / "node_modules" / "axe-core" / "axe.min.js"
    if not found.exists() and not named and shutil.which("npm"):
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(cache), f"axe-core@{AXE_VERSION}"], check=False, timeout=300,
                       capture_output=True)
    if not found.exists():
        pytest.skip(f"axe-core not found at {found}: install it with "
                    f"`npm install --prefix {cache} axe-core@{AXE_VERSION}` "
                    "or set BACKCARE_AXE_JS")
    return found.read_text(encoding="utf-8")


def serious_violations(chromium: Any, base_url: str, axe_source: str, path: str,
                       prepare: Any = None, viewport: dict[str, int] | None = None) -> list[str]:
    """axe-core's serious and critical findings on one page (WCAG 2.1 A and AA + practice)."""
    context = chromium.new_context(base_url=base_url, viewport=viewport or PHONE,
                                   bypass_csp=True)  # only to inject axe itself
    try:
        tab = context.new_page()
        tab.goto(path)
        if prepare is not None:
            prepare(tab)
        tab.add_script_tag(content=axe_source)
        found = tab.evaluate("""async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target).join(', '));
        }""")
        return list(found)
    finally:
        context.close()


def _to_checklist(tab: Any) -> None:
    tab.get_by_role("textbox", name="In your own words").fill(STORY)
    tab.get_by_role("button", name="Next").click()
    tab.locator("input[name=ticked]").first.wait_for()


def _to_result(tab: Any, age: str | None = None) -> None:
    """From the home page's quick form to the result of a plain story, saying no throughout."""
    tab.get_by_label("What happened").fill(STORY)
    if age is not None:
        tab.get_by_label("Your age").fill(age)
    tab.get_by_role("button", name="See what to do").click()
    answer_no_to_everything(tab)
    tab.locator(".care-card").wait_for()


def _to_emergency(tab: Any) -> None:
    _to_checklist(tab)
    tab.get_by_label("chest pain or pressure").check()
    tab.get_by_role("button", name="Next").click()
    tab.locator(".care-card").wait_for()


def _to_answers(tab: Any) -> None:
    tab.get_by_label("Your question").fill("ice or heat?")
    tab.get_by_role("button", name="Ask").click()
    tab.locator(".answers").wait_for()


@pytest.mark.parametrize(
    ("path", "prepare"),
    [
        ("/", None),
        ("/check", None),
        ("/check", _to_checklist),
        ("/", _to_result),
        ("/check", _to_emergency),
        ("/diary", None),
        ("/progress", None),
        ("/ask", _to_answers),
        ("/sources", None),
        ("/privacy", None),
        ("/no-such-page", None),
    ],
    ids=["home", "check-up", "checklist", "result", "emergency", "diary", "progress", "ask",
         "sources", "privacy", "not-found"],
)
def test_axe_finds_no_serious_accessibility_problems(
    chromium: Any, base_url: str, api: httpx.Client, axe_source: str, path: str, prepare: Any
) -> None:
    open_episode(api, text=STORY)
    api.post("/api/diary/check-ins", json={"pain": 5})
    ended = time.time()
    api.post("/api/diary/sessions", json={
        "kind": "cold", "started_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00",
                                                    time.gmtime(ended - 900)),
        "ended_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(ended))})
    assert serious_violations(chromium, base_url, axe_source, path, prepare) == []


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_axe_finds_no_serious_problems_on_the_account_pages(
    chromium: Any, accounts_url: str, axe_source: str, path: str
) -> None:
    assert serious_violations(chromium, accounts_url, axe_source, path) == []
