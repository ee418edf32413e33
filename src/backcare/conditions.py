"""Conditions written in the knowledge base, parsed once and evaluated many times.

The knowledge base says *when* a rule fires, a cause gains weight or a plan item applies with a
small condition language, so a clinician can read it in YAML:

    bladder_dysfunction                     the finding is present (true)
    {any: [fever, chest_pain]}              at least one holds
    {all: [flank_pain, {not: kidney_stone_history}]}
    {not: improving}                        not known to be true (false *or unknown*)
    {finding: age, at_least: 55}            numeric comparison; unknown never fires
    {group: neuro_deficit}                  any finding of a named group

Unknown findings behave like absent ones, except under ``not`` where unknown counts as "not
true". That is what makes "unknown never lowers the level" hold: an unknown finding can only
leave a rule in the state it would have if the finding were denied.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FindingValue = bool | int | float
Findings = Mapping[str, FindingValue]
# A number is an int or a float but never a bool (``True >= 1`` must not count as an age).
_NUMBER_TYPES = frozenset({int, float})


class ConditionError(ValueError):
    """A condition in the knowledge base is malformed."""


@dataclass(frozen=True, slots=True)
class Present:
    finding: str

    def holds(self, findings: Findings) -> bool:
        return findings.get(self.finding) is True

    def because(self, findings: Findings) -> list[str]:
        return [self.finding] if self.holds(findings) else []

    def positive_ids(self) -> Iterator[str]:
        yield self.finding

    def negated_ids(self) -> Iterator[str]:
        return iter(())


@dataclass(frozen=True, slots=True)
class Compare:
    finding: str
    op_name: str
    value: float

    def holds(self, findings: Findings) -> bool:
        got = findings.get(self.finding)
        if got is None or type(got) not in _NUMBER_TYPES:
            return False
        return _COMPARATORS[self.op_name](got, self.value)

    def because(self, findings: Findings) -> list[str]:
        return [self.finding] if self.holds(findings) else []

    def positive_ids(self) -> Iterator[str]:
        yield self.finding

    def negated_ids(self) -> Iterator[str]:
        return iter(())


@dataclass(frozen=True, slots=True)
class Not:
    inner: Condition

    def holds(self, findings: Findings) -> bool:
        return not self.inner.holds(findings)

    def because(self, findings: Findings) -> list[str]:
        # A rule never cites the absence of something as the person's evidence.
        return []

    def positive_ids(self) -> Iterator[str]:
        return iter(())

    def negated_ids(self) -> Iterator[str]:
        yield from self.inner.positive_ids()


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def holds(self, findings: Findings) -> bool:
        return any(part.holds(findings) for part in self.parts)

    def because(self, findings: Findings) -> list[str]:
        return [fid for part in self.parts for fid in part.because(findings)]

    def positive_ids(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.positive_ids()

    def negated_ids(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.negated_ids()


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Condition, ...]

    def holds(self, findings: Findings) -> bool:
        return all(part.holds(findings) for part in self.parts)

    def because(self, findings: Findings) -> list[str]:
        if not self.holds(findings):
            return []
        return [fid for part in self.parts for fid in part.because(findings)]

    def positive_ids(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.positive_ids()

    def negated_ids(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.negated_ids()


Condition = Present | Compare | Not | AnyOf | AllOf

_COMPARATORS: dict[str, Callable[[float, float], bool]] = {
    "at_least": operator.ge,
    "above": operator.gt,
    "at_most": operator.le,
    "below": operator.lt,
}


def parse_condition(raw: Any, groups: Mapping[str, tuple[str, ...]]) -> Condition:
    """Turn the YAML form of a condition into an evaluable tree, or say what is wrong."""
    if isinstance(raw, str):
        return Present(raw)
    if not isinstance(raw, dict) or not raw:
        raise ConditionError(f"expected a finding ID or a mapping, got {raw!r}")
    if "finding" in raw:
        ops = [key for key in raw if key != "finding"]
        if len(ops) != 1 or ops[0] not in _COMPARATORS:
            raise ConditionError(
                f"a numeric condition needs exactly one of {sorted(_COMPARATORS)}, got {ops}"
            )
        value = raw[ops[0]]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConditionError(f"{ops[0]} needs a number, got {value!r}")
        return Compare(str(raw["finding"]), ops[0], float(value))
    if len(raw) != 1:
        raise ConditionError(f"one operator per mapping, got {sorted(raw)}")
    (key, value), = raw.items()
    if key == "not":
        return Not(parse_condition(value, groups))
    if key == "group":
        if value not in groups:
            raise ConditionError(f"unknown group {value!r}")
        return AnyOf(tuple(Present(fid) for fid in groups[value]))
    if key in ("any", "all"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{key} needs a non-empty list")
        parts = tuple(parse_condition(item, groups) for item in value)
        return AnyOf(parts) if key == "any" else AllOf(parts)
    raise ConditionError(f"unknown operator {key!r}")


Predicate = Callable[[Findings], bool]
_OPERATORS = {"at_least": ">=", "above": ">", "at_most": "<=", "below": "<"}


def _expression(condition: Condition, assume: str | None) -> str:
    match condition:
        case Present(finding=fid):
            return "True" if fid == assume else f"get({fid!r}) is True"
        case Compare(finding=fid, op_name=op, value=value):
            return f"(type(n := get({fid!r})) in numbers and n {_OPERATORS[op]} {value!r})"
        case Not(inner=inner):
            return f"not ({_expression(inner, assume)})"
        case AnyOf(parts=parts):
            return "(" + " or ".join(_expression(part, assume) for part in parts) + ")"
        case AllOf(parts=parts):
            return "(" + " and ".join(_expression(part, assume) for part in parts) + ")"
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - exhaustive above


def _define(source: str, name: str) -> Callable[..., Any]:
    namespace: dict[str, object] = {"numbers": _NUMBER_TYPES}
    exec(compile(source, "<knowledge-base condition>", "exec"), namespace)
    function = namespace[name]
    assert callable(function)
    return function


def compile_condition(condition: Condition, assume: str | None = None) -> Predicate:
    """The condition as one plain Python function, for the hot path of batch assessment.

    ``assume`` names a finding to take as present whatever the findings say: the watch-list
    asks "would this rule fire if that sign appeared?" without copying the findings.

    Walking the condition tree costs a method call per node; a generated function does the
    same tests in a single frame and about doubles assessments per second (bench/). The
    source is built only from parsed conditions — finding IDs go in as string literals — and
    a property test checks it agrees with :meth:`holds` on random findings.
    """
    body = _expression(condition, assume)
    source = f"def predicate(findings):\n    get = findings.get\n    return {body}\n"
    predicate: Predicate = _define(source, "predicate")
    return predicate


def _because_lines(condition: Condition, indent: str, holds: bool) -> list[str]:
    """Statements appending the findings :meth:`because` would give; ``holds`` when the
    condition is already known to hold, so its own test can be skipped."""
    match condition:
        case Present(finding=fid) | Compare(finding=fid):
            append = f"because.append({fid!r})"
            if holds:
                return [indent + append]
            return [f"{indent}if {_expression(condition, None)}:", f"{indent}    {append}"]
        case Not():
            return []
        case AnyOf(parts=parts):
            return [line for part in parts for line in _because_lines(part, indent, False)]
        case AllOf(parts=parts):
            inner = indent if holds else indent + "    "
            lines = [line for part in parts for line in _because_lines(part, inner, True)]
            if holds or not lines:
                return lines
            return [f"{indent}if {_expression(condition, None)}:", *lines]
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - exhaustive above


def compile_selector(
    conditions: Sequence[Condition],
) -> Callable[[Findings], list[tuple[int, list[str]]]]:
    """One function giving every condition that holds, in order, with its :meth:`because`.

    Every rule is tested on every assessment; one call for all of them, naming the findings
    behind each as it goes, instead of a call per rule and a tree walk per reason, is the
    difference that matters at tens of thousands of assessments a second.
    """
    lines = ["def select(findings):", "    get = findings.get", "    held = []"]
    for position, condition in enumerate(conditions):
        lines.append(f"    if {_expression(condition, None)}:")
        lines.append("        because = []")
        lines.extend(_because_lines(condition, "        ", True))
        lines.append(f"        held.append(({position}, because))")
    lines.append("    return held")
    select: Callable[[Findings], list[tuple[int, list[str]]]] = _define(
        "\n".join(lines) + "\n", "select"
    )
    return select
