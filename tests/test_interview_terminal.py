"""``backcare check``, and the screen ``backcare assess`` holds before a verdict, driven in a
real terminal (a pseudo-terminal, through pexpect).

The driver reads each question off the screen the way a person would — by its words and its
numbered lines — and answers it, so the tests hold whichever questions the person's story makes
unnecessary as the language layer improves.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

from backcare.diary.repository import open_diary
from backcare.interview import load_interview
from terminal_support import restore_ctrl_c

INTERVIEW = load_interview()
ITEM_FINDING = {" ".join(text.split()): fid
                for q in INTERVIEW.questions for fid, text in q.items.items()}
NUMBERED = re.compile(r"^\s*(\d+)  (\S.*?)\s*$")
PROMPT = "› "
SAVE_PROMPT = r"Save this check-up in your recovery diary\? \(yes/no\) "
ENV = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "250", "PYTHONIOENCODING": "utf-8"}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Shown:
    """One question as it appeared on the screen."""

    number: int
    screen: str
    items: dict[str, int]  # finding → the number to type for it
    options: dict[str, int]  # option text → the number to type for it

    def says(self, words: str) -> bool:
        return words in self.screen


class Session:
    """One run of ``backcare check`` in a pseudo-terminal."""

    def __init__(self, *args: str, env: dict[str, str] | None = None,
                 command: str = "check") -> None:
        self.child = pexpect.spawn(sys.executable, ["-m", "backcare", command, *args],
                                   env=env or ENV, encoding="utf-8", timeout=60,
                                   dimensions=(50, 250), preexec_fn=restore_ctrl_c)
        self.shown = ""
        self.offered_to_save = False

    def next_question(self) -> Shown | None:
        """Wait for the next question, or for the result (None)."""
        found = self.child.expect([r"Question (\d+) · ", SAVE_PROMPT, pexpect.EOF])
        if found:
            self.shown = ANSI.sub("", str(self.child.before))
            self.offered_to_save = found == 1
            return None
        number = int(self.child.match.group(1))
        self.child.expect_exact(PROMPT)
        screen = ANSI.sub("", self.child.before)
        items: dict[str, int] = {}
        options: dict[str, int] = {}
        for line in screen.splitlines():
            if found_line := NUMBERED.match(line):
                text = found_line.group(2)
                if text in ITEM_FINDING:
                    items[ITEM_FINDING[text]] = int(found_line.group(1))
                else:
                    options[text] = int(found_line.group(1))
        return Shown(number, screen, items, options)

    def converse(self, answer: Callable[[Shown], str]) -> Iterator[tuple[Shown, str]]:
        """Answer questions until the result, yielding each question and the reply sent."""
        while (shown := self.next_question()) is not None:
            reply = answer(shown)
            self.child.sendline(reply)
            yield shown, reply

    def finish(self, save: str = "no") -> str:
        """Everything shown from the last question to the end, answering the offer to save."""
        if self.offered_to_save:
            self.child.sendline(save)
        if not self.child.flag_eof:
            self.child.expect(pexpect.EOF)
            self.shown += ANSI.sub("", str(self.child.before))
        self.child.close()
        return self.shown

    @property
    def exit_status(self) -> int | None:
        status: int | None = self.child.exitstatus
        return status


def self_care_answer(shown: Shown) -> str:
    """Someone with an ordinary back spasm: no to every warning sign, a day in, improving."""
    if shown.says("tell me what happened"):
        return "I hurt my lower back lifting a box yesterday."
    if shown.options:
        return str(shown.options["getting better"])
    if shown.says("How many days ago"):
        return "1"
    if shown.says("scale of 0"):
        return "4"
    return "none" if shown.items else "no"


def test_a_back_spasm_ends_in_self_care_and_can_be_saved_in_the_diary(tmp_path: Path) -> None:
    diary_path = tmp_path / "diary.sqlite3"
    session = Session("--age", "35", "--region", "UK", "--full",
                      env={**ENV, "BACKCARE_DATABASE_URL": str(diary_path)})
    seen: list[Shown] = []
    went_back = dont_know = False

    def answer(shown: Shown) -> str:
        nonlocal went_back, dont_know
        seen.append(shown)
        if len(seen) == 3 and not went_back:
            went_back = True
            return "back"
        if "night_pain" in shown.items and not dont_know:
            dont_know = True
            return "?"
        return self_care_answer(shown)

    transcript = list(session.converse(answer))
    result = session.finish(save="yes")
    assert session.exit_status == 0, result
    # "back" showed the previous question again, with the same number, then moved on.
    assert seen[3].items == seen[1].items and seen[3].number == seen[1].number == 2
    assert dont_know, "the pain-pattern question was never asked"
    # Going back from the nerve signs repeats the danger signs and then the nerve signs; no
    # other checklist is ever shown twice.
    checklists = [tuple(s.items) for s, _ in transcript if s.items]
    assert len(checklists) == len(set(checklists)) + 2
    assert "SELF-CARE AT HOME" in result
    assert "Your plan" in result and "Cold pack on the sore area" in result
    assert "Watch for these" in result
    # The sign answered "?" is listed apart, to be checked, not lost in the watch-list.
    unsure = result.split("You weren't sure about these")[1].split("Watch for these")[0]
    assert "pain at night that no position eases" in " ".join(unsure.split())
    assert "Saved to your diary" in result
    with open_diary(str(diary_path)) as diary:
        (episode,) = diary.episodes()
        assert episode.opening.level == "self_care"
        assert episode.opening.result["findings"]["onset_days"] == 1


def test_numbness_down_there_ends_the_check_up_at_once_as_an_emergency() -> None:
    session = Session("--age", "44")
    replies: list[str] = []

    def answer(shown: Shown) -> str:
        if shown.says("tell me what happened"):
            reply = "My lower back has been sore since yesterday."
        elif "chest_pain" in shown.items:
            reply = "?"  # don't know
        elif "saddle_numbness" in shown.items and "back" not in replies:
            reply = "none"
        elif "saddle_numbness" in shown.items:
            reply = str(shown.items["saddle_numbness"])
        else:
            assert "back" not in replies, "a question came after the emergency sign"
            reply = "back"  # change the answer about the nerve signs
        replies.append(reply)
        return reply

    list(session.converse(answer))
    assert not session.offered_to_save, "nothing should delay the call in an emergency"
    result = session.finish()
    assert session.exit_status == 0, result
    assert replies[1:] == ["?", "none", "back", replies[-1]] and replies[-1].isdigit()
    assert "EMERGENCY" in result
    assert "Cauda equina syndrome" in result
    assert "No self-care plan" in result


def test_a_story_about_a_relative_asks_for_their_answers() -> None:
    session = Session("--age", "80")
    assert session.next_question() is not None
    session.child.sendline("My dad's lower back went yesterday lifting a box")
    session.child.expect_exact("You told us about your dad: answer each question for them.")
    assert session.next_question() is not None
    session.child.sendintr()
    session.finish()
    assert session.exit_status == 130


def test_ctrl_c_leaves_cleanly_with_status_130() -> None:
    session = Session()
    assert session.next_question() is not None
    session.child.sendintr()
    output = session.finish()
    assert session.exit_status == 130
    assert "Check-up stopped" in output
    assert "Traceback" not in output


def test_an_unclear_reply_gets_a_hint_and_the_question_again() -> None:
    session = Session("--age", "50")
    assert session.next_question() is not None
    session.child.sendline("")  # nothing to tell
    checklist = session.next_question()
    assert checklist is not None and checklist.items
    session.child.sendline("yes please")
    session.child.expect("Please type the numbers that apply")
    session.child.expect_exact(PROMPT)
    session.child.sendline("none")
    following = session.next_question()
    assert following is not None and following.items != checklist.items
    session.child.sendintr()
    session.finish()
    assert session.exit_status == 130


def test_json_prints_the_contract_result_for_scripts_and_save_keeps_it(tmp_path: Path) -> None:
    # Questions go to standard error, so standard output is the result alone.
    diary_path = str(tmp_path / "diary.sqlite3")
    proc = subprocess.run(
        [sys.executable, "-m", "backcare", "check", "--json", "--age", "60", "--region", "UK",
         "--save", "--db", diary_path],
        input="My back hurts.\n1\n", capture_output=True, text=True, env=ENV, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["triage"]["level"] == "emergency"
    assert result["findings"]["chest_pain"] is True
    assert result["findings"]["age"] == 60
    assert "Do you have any of these right now?" in proc.stderr
    with open_diary(diary_path) as diary:
        assert [e.opening.level for e in diary.episodes()] == ["emergency"]


@pytest.mark.parametrize("args", [["--age", "200"], ["--region", "Atlantis"]])
def test_bad_options_are_refused_before_any_question(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "backcare", "check", *args], input="",
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 2
    assert "error" in proc.stdout + proc.stderr


EMERGENCY_SIGNS = {fid for q in INTERVIEW.questions if q.id in ("danger_signs", "nerve_signs")
                   for fid in q.items}


def no_warning_signs(shown: Shown) -> str:
    """None of the signs; an age of 40 when it is asked."""
    return "none" if shown.items else "40" if shown.says("Type a number") else "no"


@pytest.mark.parametrize("story", ["back ache", "My lower back went yesterday lifting a box."])
def test_assess_at_a_keyboard_screens_the_emergency_signs_before_the_verdict(story: str) -> None:
    session = Session("--text", story, "--region", "UK", command="assess")
    asked: set[str] = set()
    for shown, _ in session.converse(no_warning_signs):
        assert "SELF-CARE" not in shown.screen and "ROUTINE" not in shown.screen
        asked.update(shown.items)
    result = session.finish()
    assert session.exit_status == 0, result
    assert asked >= EMERGENCY_SIGNS, "every emergency sign was asked before the verdict"
    assert re.search(r"SELF-CARE AT HOME|SEE A GP|ROUTINE", result.upper()), result
    # The short result: what to do now, and where the rest is.
    assert "What to do now" in result and "add --full to see it all" in " ".join(result.split())
    assert "Likely contributing causes" not in result


def test_assess_stops_at_once_for_an_emergency_and_scripts_stay_one_shot() -> None:
    session = Session("--text", "I can't really feel the loo roll when wiping", "--region",
                      "UK", command="assess")
    first = session.next_question()
    if first is not None:  # the words were not read with confidence: asked, and answered yes
        assert "saddle_numbness" in first.items or first.says("wipe")
        session.child.sendline(str(first.items.get("saddle_numbness", "yes")))
        assert session.next_question() is None
    result = session.finish()
    assert "EMERGENCY" in result and "SELF-CARE" not in result
    proc = subprocess.run([sys.executable, "-m", "backcare", "assess", "--json", "--text",
                           "back ache"], capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout)["triage"]["level"]


def test_the_check_up_says_which_emergency_number_it_guessed_and_why() -> None:
    session = Session(env={**ENV, "LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    session.child.expect("to change it")
    screen = " ".join(ANSI.sub("", session.child.before).split())
    assert session.next_question() is not None
    session.child.sendintr()
    session.finish()
    assert "call 999" in screen
    assert "999: United Kingdom, guessed from your system's language setting en_GB.UTF-8" in screen
