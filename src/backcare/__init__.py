"""backcare: help through a back spasm — urgency, causes, a care plan — every statement sourced.

The public API::

    import backcare
    result = backcare.assess(text="My back went lifting a box 2 days ago", age=44)
    result.triage.level        # "self_care"
    result.to_json()           # the contract's JSON
"""

from backcare.assessment import Assessment, assess
from backcare.intake import Intake, IntakeError
from backcare.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from backcare.triage import level_for

__all__ = [
    "Assessment",
    "Intake",
    "IntakeError",
    "KnowledgeBase",
    "KnowledgeError",
    "assess",
    "level_for",
    "load_knowledge",
]
__version__ = "0.1.0"
