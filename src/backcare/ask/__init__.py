"""Answers to a person's questions from the knowledge base's answer cards, with their sources.

    from backcare.ask import answer_question
    result = answer_question("how long should I keep ice on my back?")
    result.answers[0].title, result.answers[0].sources
    result.to_json(id="q1")     # {"id": "q1", "answers": [{"title", "text", "sources", ...}]}
"""

from backcare.ask.answer import Answer, AskResult, Urgent, answer_question
from backcare.ask.batch import answer_batch

__all__ = ["Answer", "AskResult", "Urgent", "answer_batch", "answer_question"]
