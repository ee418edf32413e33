"""Free text in a person's own words → findings with evidence spans."""

from backcare.language.reader import read_text
from backcare.language.reading import MAX_TEXT_CHARS, Evidence, Ignored, TextReading

__all__ = ["MAX_TEXT_CHARS", "Evidence", "Ignored", "TextReading", "read_text"]
