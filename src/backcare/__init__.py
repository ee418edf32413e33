"""backcare: help through a back spasm — urgency, causes, a care plan — every statement sourced.

The public API::

    import backcare
    result = backcare.assess(text="My back went lifting a box 2 days ago", age=44)
    result.triage.level        # "self_care"
    result.to_json()           # the contract's JSON

    backcare.next_question({"fever": False}, age=44)    # the check-up's next question
    backcare.answer_question("ice or heat?")            # answers with their sources
    with backcare.open_diary() as diary: ...             # the recovery diary

Every name loads on first use, so ``import backcare`` (and ``backcare --help``) stays quick:
the assessment code and the knowledge base's models take a third of a second to import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backcare.ask import answer_question
    from backcare.assessment import Assessment, assess
    from backcare.diary import open_diary
    from backcare.errors import FieldError
    from backcare.intake import Intake, IntakeError
    from backcare.interview import next_question
    from backcare.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
    from backcare.triage import level_for

_LAZY = {
    "Assessment": "backcare.assessment",
    "assess": "backcare.assessment",
    "FieldError": "backcare.errors",
    "Intake": "backcare.intake",
    "IntakeError": "backcare.intake",
    "KnowledgeBase": "backcare.knowledge.loader",
    "KnowledgeError": "backcare.knowledge.loader",
    "load_knowledge": "backcare.knowledge.loader",
    "level_for": "backcare.triage",
    "answer_question": "backcare.ask",
    "next_question": "backcare.interview",
    "open_diary": "backcare.diary",
}

__all__ = [
    "Assessment",
    "FieldError",
    "Intake",
    "IntakeError",
    "KnowledgeBase",
    "KnowledgeError",
    "answer_question",
    "assess",
    "level_for",
    "load_knowledge",
    "next_question",
    "open_diary",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'backcare' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
