"""``backcare ask --batch``: one ``{"id", "question"}`` object per line in, one result per line out.

It shares the assessment batch's line handling (``backcare.batch.run_batch``), so a malformed
line becomes an error line in the same shape and the rest of the batch is still answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from backcare.ask.answer import answer_question
from backcare.batch import BatchLine, run_batch
from backcare.intake import IntakeError
from backcare.knowledge.loader import KnowledgeBase, load_knowledge

FIELDS = frozenset({"id", "question"})


def answer_batch(lines: Iterable[bytes], kb: KnowledgeBase | None = None) -> Iterator[BatchLine]:
    """Yield ``(result, ok)`` for each non-blank line, in order; bad lines give ``ok=False``."""
    knowledge = kb or load_knowledge()

    def answer_line(record: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(record) - FIELDS)
        if unknown:
            raise IntakeError(unknown[0], "unknown key; a line has only id and question",
                              "unknown_field")
        identifier = record.get("id")
        if identifier is not None and (
            isinstance(identifier, bool) or not isinstance(identifier, str | int | float)
        ):
            raise IntakeError("id", "must be a string or a number", "wrong_type")
        question = record.get("question")
        if question is None:
            raise IntakeError("question", "is missing", "missing_question")
        if not isinstance(question, str):
            raise IntakeError("question", "must be a string", "wrong_type")
        return answer_question(question, knowledge).to_json(identifier)

    return run_batch(lines, answer_line)
