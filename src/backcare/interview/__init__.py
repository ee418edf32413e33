"""The guided check-up: ask only what matters, warning signs first, until the level is settled.

    from backcare.interview import next_question
    question = next_question({"pain_lower_back": True}, age=44)
    question.to_json()   # {"id": "danger_signs", "type": "checklist", ...}
"""

from backcare.interview.engine import Item, Option, Question, next_question, questions_left
from backcare.interview.model import Interview, load_interview
from backcare.interview.session import Position, Session

__all__ = [
    "Interview",
    "Item",
    "Option",
    "Position",
    "Question",
    "Session",
    "load_interview",
    "next_question",
    "questions_left",
]
