"""Sources in the order a reader should weigh them: guidelines first, the founding
patient-information articles last.

Every statement cites its sources; listing them strongest first means the first name a person
reads behind a piece of advice is a guideline or a review, not a blog post the knowledge base
happened to start from.
"""

from __future__ import annotations

from collections.abc import Iterable

from backcare.knowledge.loader import KnowledgeBase
from backcare.knowledge.schema import Source, SourceKind

WEIGHT_ORDER: tuple[SourceKind, ...] = (
    "guideline", "systematic_review", "consensus", "regulator", "trial", "cohort", "study",
    "survey", "textbook", "campaign", "patient_information", "seed",
)
# How a kind is named to a reader (the rest read as they are, with spaces).
KIND_NAMES = {"seed": "patient-information article", "patient_information":
              "patient-information article", "systematic_review": "systematic review"}


def weighed(kb: KnowledgeBase, ids: Iterable[str]) -> tuple[Source, ...]:
    """The known sources among ``ids``, once each, strongest first (stable within a kind)."""
    found = [kb.sources[sid] for sid in dict.fromkeys(ids) if sid in kb.sources]
    return tuple(sorted(found, key=lambda source: WEIGHT_ORDER.index(source.kind)))


def kind_name(source: Source) -> str:
    return KIND_NAMES.get(source.kind, source.kind.replace("_", " "))
