"""Validate a backcare Bundle with ``fhir.resources.R4B``, fast enough for a year of entries.

A year's diary is about 1,850 resources and 20,000 FHIR elements, and ``fhir.resources`` checks
each element in Python (tens of microseconds apiece). Most elements repeat word for word: every
resource names the same patient, a water entry has the same code as the next, an episode's
entries all carry the same link to it. Validation is a pure function of an element's content,
so each distinct element is validated once and its model reused wherever the same content
appears; every resource is still validated by its own class, and the Bundle around them. What
is checked is exactly what ``Bundle.model_validate`` checks, in well under half the time.
"""

from __future__ import annotations

import functools
import importlib
import json
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from backcare.collector import cyclic_gc_paused
from backcare.diary.transfer import TransferError

RESOURCE_TYPES = ("Patient", "EpisodeOfCare", "QuestionnaireResponse", "Observation",
                  "RiskAssessment", "Procedure", "DetectedIssue")


class BundleError(TransferError):
    """A Bundle backcare refuses; ``field`` is the path of the failing element."""


def validate_bundle(data: Any) -> None:
    """Check the Bundle's shape, then validate it with ``fhir.resources.R4B``."""
    entries = _checked_shape(data)
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    location: tuple[int | str, ...] = ()
    elements = _ElementModels()
    try:
        with cyclic_gc_paused():
            validated = []
            for number, entry in enumerate(entries):
                location = ("entry", number, "resource")
                resource = entry["resource"]
                model_class = _resource_class(resource["resourceType"])
                prepared: dict[str, Any] = {}
                for key, value in resource.items():
                    location = ("entry", number, "resource", key)
                    prepared[key] = elements.prepared(model_class, key, value)
                location = ("entry", number, "resource")
                validated.append({**entry, "resource": model_class.model_validate(prepared)})
            location = ()
            Bundle.model_validate({**data, "entry": validated})
    except ValidationError as exc:
        if elements.position is not None:
            location = (*location, elements.position)
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        given = first.get("input")
        # Quote a wrong scalar; a whole resource would bury the message.
        if isinstance(given, str | int | float) and first["type"] != "extra_forbidden":
            message = f"{message} (got {given!r:.80})"
        raise BundleError(_fhir_path((*location, *first["loc"])), message) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleError("Bundle", f"not a valid FHIR R4B Bundle: {exc}") from exc


def _checked_shape(data: Any) -> list[Mapping[str, Any]]:
    """The entries of something shaped like a backcare Bundle, or the first thing wrong."""
    if not isinstance(data, Mapping):
        raise BundleError("Bundle", f"must be a JSON object, got {type(data).__name__}")
    if data.get("resourceType") != "Bundle":
        raise BundleError("Bundle.resourceType",
                          f"must be 'Bundle', got {data.get('resourceType')!r}")
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        raise BundleError("Bundle.entry", "must be a list")
    for number, entry in enumerate(entries):
        where = f"Bundle.entry[{number}]"
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            raise BundleError(f"{where}.resource", "is missing")
        kind = resource.get("resourceType")
        if kind not in RESOURCE_TYPES:
            raise BundleError(f"{where}.resource.resourceType",
                              f"{kind!r} is not part of a backcare Bundle (expected one of "
                              f"{', '.join(RESOURCE_TYPES)})")
    return entries


class _ElementModels:
    """Validated models of a resource's complex elements, by their content, for one Bundle."""

    def __init__(self) -> None:
        self._models: dict[tuple[type, str], Any] = {}
        # where in a list the element being validated sits, for an error's location
        self.position: int | None = None

    def prepared(self, resource_class: type, key: str, value: Any) -> Any:
        """``value`` with its complex elements as validated models, ready for the resource.

        Anything that is not a complex element (a primitive, an unknown key, a value of the
        wrong shape) is passed through untouched for the resource's own validation to judge.
        """
        element = _element_class(resource_class, key)
        if element is None:
            return value
        model_class, many = element
        if many and isinstance(value, list) and all(isinstance(item, dict) for item in value):
            models = []
            for position, item in enumerate(value):
                self.position = position
                models.append(self._model(model_class, item))
            self.position = None
            return models
        if not many and isinstance(value, dict):
            return self._model(model_class, value)
        return value

    def _model(self, model_class: Any, value: dict[str, Any]) -> Any:
        try:
            content = json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):  # not JSON: validate it on its own, unshared
            return model_class.model_validate(value)
        found = self._models.get((model_class, content))
        if found is None:
            found = self._models[(model_class, content)] = model_class.model_validate(value)
        return found


@functools.cache
def _element_class(resource_class: Any, key: str) -> tuple[type, bool] | None:
    """The model class of a resource's complex element ``key`` and whether it is a list."""
    field = resource_class.model_fields.get(key)
    if field is None:
        return None
    many = False
    annotation = field.annotation
    while True:
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) in (list, typing.List):  # noqa: UP006
            many = True
        if len(arguments) != 1 or hasattr(annotation, "get_model_klass"):
            break
        annotation = arguments[0]
    if not hasattr(annotation, "get_model_klass"):
        return None
    return annotation.get_model_klass(), many


def _resource_class(kind: str) -> Any:
    """The ``fhir.resources.R4B`` model of one of :data:`RESOURCE_TYPES`."""
    return getattr(importlib.import_module(f"fhir.resources.R4B.{kind.lower()}"), kind)


def _fhir_path(location: Sequence[int | str]) -> str:
    """pydantic's ``('entry', 3, 'resource', 'status')`` as ``Bundle.entry[3].resource.status``."""
    path = "Bundle"
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" not in part:  # skip validator names pydantic adds for wrapped types
            path += f".{part}"
    return path
