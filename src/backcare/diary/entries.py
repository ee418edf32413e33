"""What a person may write in the diary, checked before anything touches the database.

A bad value is refused with an :class:`EntryError` naming the field ("pain: must be between 0
and 10, got 11"), never clipped or guessed: a diary that quietly stored 10 for 11, or 500 l for
500 ml, would mislead the person and their clinician later.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from backcare.diary.guidance import DiaryGuidance, TherapyKind
from backcare.errors import FieldError
from backcare.text_check import MAX_LINE_CHARS, MAX_TEXT_CHARS, check_text, excerpt

# Household measures people log water in. A "cup" or "glass" is taken as a metric cup.
WATER_UNITS_ML = {
    "ml": 1.0, "millilitre": 1.0, "millilitres": 1.0, "milliliter": 1.0, "milliliters": 1.0,
    "cl": 10.0, "dl": 100.0,
    "l": 1000.0, "litre": 1000.0, "litres": 1000.0, "liter": 1000.0, "liters": 1000.0,
    "cup": 250.0, "cups": 250.0, "glass": 250.0, "glasses": 250.0,
    "oz": 29.5735, "fl oz": 29.5735,
}
# More than this in one entry is a slip of the keyboard (500 l for 500 ml), not a drink.
MAX_WATER_ML = 5000
MAX_SPASMS = 1000
MAX_SESSION_MINUTES = 24 * 60
THERAPY_WORDS: dict[str, TherapyKind] = {
    "cold": "cold", "ice": "cold", "ice-pack": "cold", "cold-pack": "cold",
    "heat": "heat", "hot": "heat", "warm": "heat", "heat-pack": "heat",
}
_MINUTES = re.compile(r"^\s*(?P<number>[-+]?\d+(?:[.,]\d+)?)\s*(m|mins?|minutes?)?\s*$")
_AMOUNT = re.compile(r"^\s*(?P<number>[-+]?\d+(?:[.,]\d+)?|[-+]?[.,]\d+)\s*(?P<unit>[a-z. ]*?)\s*$")


class EntryError(FieldError):
    """A diary entry the diary refuses; ``field`` names what was wrong."""

    default_code = "invalid_entry"


def _number(field: str, value: str | float) -> float:
    if isinstance(value, bool):
        raise EntryError(field, f"must be a number, got {excerpt(value)}")
    if isinstance(value, str):
        cleaned = value.strip().removesuffix("/10").strip().replace(",", ".")
        try:
            number = float(cleaned)
        except ValueError:
            raise EntryError(field, f"must be a number, got {excerpt(value)}") from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise EntryError(field, f"must be a number, got {excerpt(value)}")
    return number


def _score(field: str, value: str | float, low: float, high: float, whole: bool) -> float:
    number = _number(field, value)
    if not low <= number <= high:
        raise EntryError(field, f"must be between {low:g} and {high:g}, got {value}")
    if whole and not number.is_integer():
        raise EntryError(field, f"must be a whole number, got {value}")
    return number


def pain(value: str | float, guidance: DiaryGuidance) -> float:
    """A pain score on the scale the knowledge base defines for ``pain_score`` (0–10)."""
    finding = guidance.kb.findings["pain_score"]
    low = finding.minimum if finding.minimum is not None else 0.0
    high = finding.maximum if finding.maximum is not None else 10.0
    return _score("pain", value, low, high, whole=False)


def movement(value: str | float | None) -> int | None:
    """How well the person moves today, 0 (cannot move) to 10 (as normal)."""
    return None if value is None else int(_score("movement", value, 0, 10, whole=True))


def spasms(value: str | float | None) -> int | None:
    """How many spasms today."""
    return None if value is None else int(_score("spasms", value, 0, MAX_SPASMS, whole=True))


def water_ml(amount: str | float) -> int:
    """Millilitres from what a person types: ``500ml``, ``0.5 l``, ``2 cups``, ``33cl``."""
    if isinstance(amount, str):
        match = _AMOUNT.match(amount.lower())
        if not match:
            raise EntryError("water", f"cannot read {excerpt(amount)}: write e.g. 500ml, 0.5l "
                                      "or 2 cups")
        unit = match["unit"].strip().rstrip(".")
        if not unit:
            raise EntryError("water", f"{excerpt(amount)} needs a unit: write e.g. 500ml, 0.5l "
                                      "or 2 cups")
        if unit not in WATER_UNITS_ML:
            known = ", ".join(sorted({"ml", "l", "cl", "cups", "glasses", "oz"}))
            raise EntryError("water", f"unknown unit {excerpt(unit)} (use {known})")
        ml = _number("water", match["number"]) * WATER_UNITS_ML[unit]
    else:
        ml = _number("water", amount)
    if ml <= 0:
        raise EntryError("water", f"must be more than 0 ml, got {amount}")
    if ml > MAX_WATER_ML:
        raise EntryError("water", f"{amount} is more than {MAX_WATER_ML} ml in one go; "
                                  "log each drink on its own")
    return max(1, round(ml))


def exercise(name: str, guidance: DiaryGuidance) -> str:
    """The plan item ID for an exercise name: ``pelvic-tilt``, ``Pelvic tilt``, ``pelvic_tilt``."""
    wanted = re.sub(r"[\s\-]+", "_", name.strip().lower())
    if wanted in guidance.exercises:
        return wanted
    known = ", ".join(item.replace("_", "-") for item in guidance.exercises)
    raise EntryError("exercise", f"unknown exercise {excerpt(name)} (known: {known})",
                     "unknown_exercise")


def therapy(name: str) -> TherapyKind:
    """``ice``/``cold`` or ``heat``."""
    kind = THERAPY_WORDS.get(name.strip().lower().replace(" ", "-"))
    if kind is None:
        raise EntryError("kind", f"must be ice (cold) or heat, got {excerpt(name)}")
    return kind


def minutes(value: str | float) -> float:
    """A session's length in minutes: ``15``, ``15min``, ``15 minutes``; at most a day."""
    if isinstance(value, str):
        match = _MINUTES.match(value.lower())
        if not match:
            raise EntryError("minutes", f"must be a number of minutes, got {excerpt(value)}")
        value = match["number"]
    length = _number("minutes", value)
    if not 0 < length <= MAX_SESSION_MINUTES:
        raise EntryError("minutes", f"must be more than 0 and at most {MAX_SESSION_MINUTES}, "
                                    f"got {length:g}")
    return length


def moment(field: str, value: str | datetime | None) -> datetime | None:
    """A moment typed as ``YYYY-MM-DD HH:MM``, in local time unless it names its zone."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise EntryError(field, f"must be YYYY-MM-DD HH:MM, got {excerpt(value)}") from None
    return value if value.tzinfo else value.astimezone()


def notes(text: str | None, field: str = "note") -> str | None:
    """Free text, or ``None`` when blank: an empty note and no note are the same thing."""
    if text is None or not text.strip():
        return None
    return check_text(field, text, MAX_TEXT_CHARS, EntryError).strip()


def place(text: str | None) -> str | None:
    """Where a pack was held ("lower back"), or ``None``."""
    if text is None or not text.strip():
        return None
    return check_text("where", text, MAX_LINE_CHARS, EntryError).strip()


def day(value: str | date | None, today: date) -> date:
    """The day an entry is for: ``today``, ``yesterday`` or ``YYYY-MM-DD``; never the future."""
    if value is None:
        return today
    if isinstance(value, str):
        word = value.strip().lower()
        if word == "today":
            return today
        if word == "yesterday":
            return today - timedelta(days=1)
        try:
            value = date.fromisoformat(word)
        except ValueError:
            raise EntryError("date", f"must be YYYY-MM-DD, today or yesterday, got "
                                     f"{excerpt(value)}") from None
    if value > today:
        raise EntryError("date", f"{value.isoformat()} is in the future")
    return value
