"""Free text in a person's own words → findings with evidence spans."""

from backcare.language.fusion import read_text, read_texts
from backcare.language.reading import (
    MAX_TEXT_CHARS,
    Evidence,
    Ignored,
    Possible,
    TextReading,
    answering_for,
    found_by,
    read_as_about,
)

__all__ = [
    "MAX_TEXT_CHARS", "Evidence", "Ignored", "Possible", "TextReading", "answering_for",
    "found_by", "read_as_about", "read_text", "read_texts",
]
