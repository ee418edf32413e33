"""A diary that has lived through four weeks of a back spasm, for the clinician-report tests.

Built only through the diary's public API, with a clock the test moves forward, so every entry
is written on the day it describes — exactly as a person using ``backcare log`` would leave it.
Structured findings and ticked signs are used rather than free text, so the report tests do not
depend on how the language layer reads a sentence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from backcare import assess
from backcare.diary import Diary, open_diary

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # the assessment; the pain began the day before
# Asked at the assessment and denied: the documented negatives the PDF must show.
DENIED = (
    "saddle_numbness", "bladder_dysfunction", "bowel_dysfunction", "leg_weakness_both",
    "chest_pain", "major_trauma", "cancer_history", "leg_weakness_one", "weight_loss",
    "non_blanching_rash", "paracetamol_overdose", "calf_swelling",
)
OPENING = {
    "pain_score": 7, "onset_days": 1, "pain_lower_back": True, "lifting": True,
    "sudden_onset": True, "muscle_tightness": True, "leg_numbness_one": True,
    "anticoagulant": True, "fever": False, **dict.fromkeys(DENIED, False),
}
PAIN = [7, 7, 6.5, 6, 6, 5, 5.5, 5, 5, 4.5, 4, 4, 4, 3.5, 3.5, 3, 3, 3, 3, 2.5, 2.5, 2, 2, 2, 2,
        1.5, 1.5, 1]


class Clock:
    """The diary's "now", moved by the test."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def lived_diary(path: Path, days: int = len(PAIN)) -> tuple[Diary, Clock]:
    """A diary with a profile, one saved assessment (level "soon") and ``days`` days of check-ins,
    cold then heat sessions, exercises and water — and one warning sign logged on day 12.

    The clock is left on the morning after the last entry.
    """
    clock = Clock(START)
    diary = open_diary(str(path), now=clock)
    diary.set_profile(age=44, sex="female", region="UK", add_conditions=["anticoagulant"])
    diary.save_assessment(assess(age=44, sex="female", region="UK", findings=OPENING))
    started = date(2026, 3, 1)
    for number in range(1, days):
        day = started + timedelta(days=number)
        clock.moment = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=20)
        signs: dict[str, bool] = {}
        if number == 9:
            signs["fever"] = False  # asked again in a check-in: still denied, on a later day
        if number == 12:
            signs["night_pain"] = True  # a warning sign logged in the diary: raises an alert
        diary.check_in(PAIN[number % len(PAIN)], spasms=max(0, 6 - number // 3),
                       movement=min(10, 3 + number // 3), signs=signs, day=day)
        morning = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=8)
        if number <= 3:
            minutes = 25 if number == 2 else 15  # one cold pack left on too long
            diary.record_session("cold", morning, morning + timedelta(minutes=minutes),
                                 place="lower back")
        elif number % 2 == 0:
            diary.record_session("heat", morning, morning + timedelta(minutes=20),
                                 interrupted=number == 6)
        if number >= 2:
            diary.log_exercise("pelvic-tilt", day=day)
        if number >= 5 and number % 3 == 0:
            diary.log_exercise("knee-to-chest", day=day)
        diary.log_water("1.5l", day=day)
    clock.moment = datetime.combine(started + timedelta(days=days), datetime.min.time(),
                                    UTC) + timedelta(hours=9)
    return diary, clock
