"""Read the knowledge base once into typed, cross-checked objects.

A broken file must stop the program with a message naming the file and the entry, never
half-load: the engine has no medical fallback of its own.
"""

from __future__ import annotations

import functools
import gc
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from backcare.conditions import Condition, ConditionError, parse_condition
from backcare.knowledge import parsed_cache
from backcare.knowledge.kept import kept
from backcare.knowledge.schema import (
    LEVEL_ORDER,
    Asked,
    AskedFile,
    AskFile,
    Card,
    CardFile,
    Cause,
    CauseFile,
    Finding,
    FindingFile,
    Level,
    LevelId,
    Phase,
    PlanFile,
    PlanItem,
    Region,
    RegionFile,
    Rule,
    Source,
    SourceFile,
    TriageFile,
)

KNOWLEDGE_DIR = Path(__file__).resolve().parent

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")
_VALIDATORS: dict[type[Any], TypeAdapter[Any]] = {}  # pydantic's, for each model read
# pydantic's words for a key a dataclass does not know, in the words it uses for a model's.
_MESSAGES = {"unexpected_keyword_argument": "Extra inputs are not permitted"}


class KnowledgeError(ValueError):
    """The knowledge base is malformed; the message names the file and the entry."""


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Everything the engine knows, indexed for the lookups it makes on every assessment.

    Compared and hashed by identity, so per-knowledge-base indexes can be cached on it.
    """

    version: str
    sources: Mapping[str, Source]
    findings: Mapping[str, Finding]
    sections: Mapping[str, tuple[str, ...]]
    levels: Mapping[LevelId, Level]
    regions: tuple[Region, ...]
    default_emergency_advice: str
    default_crisis_line: str
    out_of_scope: str
    out_of_scope_sources: tuple[str, ...]
    no_rule_fired: str
    no_rule_fired_sources: tuple[str, ...]
    rules: tuple[Rule, ...]
    rule_conditions: Mapping[str, Condition]
    named_cause_conditions: Mapping[tuple[str, str], Condition | None]
    causes: Mapping[str, Cause]
    cause_support: Mapping[str, tuple[tuple[Condition, float], ...]]
    phases: tuple[Phase, ...]
    plan_items: tuple[PlanItem, ...]
    plan_conditions: Mapping[str, Condition | None]
    screen_conditions: Mapping[tuple[str, str, int], Condition]
    cards: Mapping[str, Card]
    no_answer: str
    no_answer_sources: tuple[str, ...]
    not_answered: tuple[str, ...]
    asked: tuple[Asked, ...]

    def level_rank(self, level: LevelId) -> int:
        return LEVEL_ORDER.index(level)

    def region(self, code: str | None) -> Region | None:
        """The region for a code or alias ("uk", "GB", "United Kingdom"), if known."""
        if not code:
            return None
        wanted = code.strip().casefold()
        for region in self.regions:
            names = (region.code, region.name, *region.aliases)
            if wanted in (name.casefold() for name in names):
                return region
        return None


def read_knowledge_file(path: Path) -> Any:
    """One knowledge-base YAML file, parsed; a missing or malformed file names itself.

    Every feature's loader (the knowledge base, the interview, the language rules, the diary's
    guidance, the clinical codes) reads its file through here, with libyaml's fast loader. A
    text parsed before comes from the copy kept in the user's cache (``parsed_cache.py``).
    """
    try:
        with path.open(encoding="utf-8") as handle:
            text, name = handle.read(), handle.name
    except OSError as exc:
        raise KnowledgeError(f"{path.name}: cannot read: {exc}") from exc
    return parsed_cache.parsed(text, lambda: _parse_yaml(text, name, path))


def _parse_yaml(text: str, name: str, path: Path) -> Any:
    """``text`` parsed as the file ``name`` (the name that error messages give)."""
    import yaml

    try:  # libyaml's loader is about ten times faster; PyYAML's wheels ship it.
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
        from yaml import SafeLoader as Loader  # type: ignore[assignment]
    stream = io.StringIO(text)
    stream.name = name
    try:
        return yaml.load(stream, Loader=Loader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from exc


def _entry_name(raw: Any, location: tuple[int | str, ...]) -> str:
    """Name the entry a validation error points at: its ``id`` if it has one."""
    node = raw
    named = ""
    for step in location:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "id" in node:
            named = f" entry {node['id']!r}"
    return named


def validate_knowledge(model: type[T], raw: Any, path: Path) -> T:
    """``raw`` as ``model``, or an error naming the file, the entry and the field.

    pydantic is imported, and its validator for ``model`` built, only when a file is read.
    """
    from pydantic import TypeAdapter, ValidationError

    validator = _VALIDATORS.get(model) or _VALIDATORS.setdefault(model, TypeAdapter(model))
    try:
        value: T = validator.validate_python(raw)
        return value
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        entry = _entry_name(raw, first["loc"])
        message = _MESSAGES.get(first["type"], first["msg"])
        raise KnowledgeError(
            f"{path.name}:{entry} at {where}: {message}"
            + (f" ({len(exc.errors()) - 1} more errors)" if len(exc.errors()) > 1 else "")
        ) from exc


def _condition(raw: Any, groups: Mapping[str, tuple[str, ...]], where: str) -> Condition:
    try:
        return parse_condition(raw, groups)
    except ConditionError as exc:
        raise KnowledgeError(f"{where}: {exc}") from exc


def _unique(ids: Iterable[str], where: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise KnowledgeError(f"{where}: entry {item!r} is defined twice")
        seen.add(item)


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and cross-check the knowledge base in ``directory`` (the packaged one by default)."""
    if directory is None:
        return _packaged_knowledge()
    return _load(directory)


@functools.cache
def _packaged_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded once (validated on its first run after a change,
    then from the copy kept in the user's cache: ``kept.py``) and then kept out of the cyclic
    collector.

    It is tens of thousands of immutable objects that live as long as the process; without
    ``gc.freeze()`` every full collection rescans them, which cost a long diary's progress
    report about 40 % of its time (bench/bench_diary.py).
    """
    kb = kept("knowledge-base", KnowledgeBase, KNOWLEDGE_DIR, lambda: _load(KNOWLEDGE_DIR))
    gc.freeze()
    return kb


def _load(directory: Path) -> KnowledgeBase:
    def path(name: str) -> Path:
        found = directory / name
        if not found.exists():
            raise KnowledgeError(f"{name}: missing from the knowledge base at {directory}")
        return found

    source_path = path("sources.yaml")
    source_file = validate_knowledge(SourceFile, read_knowledge_file(source_path), source_path)
    _unique((s.id for s in source_file.sources), "sources.yaml")
    sources = {s.id: s for s in source_file.sources}

    findings: dict[str, Finding] = {}
    sections: dict[str, tuple[str, ...]] = {}
    finding_files = sorted((directory / "findings").glob("*.yaml"))
    if not finding_files:
        raise KnowledgeError(f"findings/: no finding files in {directory / 'findings'}")
    for finding_path in finding_files:
        parsed = validate_knowledge(FindingFile, read_knowledge_file(finding_path), finding_path)
        for finding in parsed.findings:
            if finding.id in findings:
                raise KnowledgeError(
                    f"findings/{finding_path.name}: entry {finding.id!r} is defined twice"
                )
            findings[finding.id] = finding
        sections[parsed.section] = tuple(f.id for f in parsed.findings)

    triage_path = path("triage.yaml")
    triage = validate_knowledge(TriageFile, read_knowledge_file(triage_path), triage_path)
    _unique((r.id for r in triage.rules), "triage.yaml")
    levels = {level.id: level for level in triage.levels}
    if set(levels) != set(LEVEL_ORDER):
        raise KnowledgeError(f"triage.yaml: levels must be exactly {list(LEVEL_ORDER)}")
    for group, members in triage.groups.items():
        for member in members:
            if member not in findings:
                raise KnowledgeError(f"triage.yaml: group {group!r} names unknown {member!r}")
    rule_conditions = {
        rule.id: _condition(rule.when, triage.groups, f"triage.yaml: entry {rule.id!r}")
        for rule in triage.rules
    }
    named_cause_conditions = {
        (rule.id, named.cause): (
            None if named.when is None
            else _condition(named.when, triage.groups, f"triage.yaml: entry {rule.id!r} names")
        )
        for rule in triage.rules
        for named in rule.names
    }

    region_path = path("regions.yaml")
    region_file = validate_knowledge(RegionFile, read_knowledge_file(region_path), region_path)

    cause_path = path("causes.yaml")
    cause_file = validate_knowledge(CauseFile, read_knowledge_file(cause_path), cause_path)
    _unique((c.id for c in cause_file.causes), "causes.yaml")
    causes = {c.id: c for c in cause_file.causes}
    cause_support = {
        cause.id: tuple(
            (_condition(s.when, triage.groups, f"causes.yaml: entry {cause.id!r}"), s.weight)
            for s in cause.support
        )
        for cause in cause_file.causes
    }

    plan_path = path("plan.yaml")
    plan = validate_knowledge(PlanFile, read_knowledge_file(plan_path), plan_path)
    _unique((item.id for item in plan.items), "plan.yaml")
    plan_conditions = {
        item.id: (
            None if item.when is None
            else _condition(item.when, triage.groups, f"plan.yaml: entry {item.id!r}")
        )
        for item in plan.items
    }
    screen_conditions = {
        (item.id, kind, index): _condition(
            screen.when, triage.groups, f"plan.yaml: entry {item.id!r} {kind}[{index}]"
        )
        for item in plan.items
        for kind, screens in (("withhold", item.withhold), ("caution", item.caution))
        for index, screen in enumerate(screens)
    }

    cards = _load_cards(directory, sources, findings, causes, {i.id for i in plan.items})
    ask_path = path("ask.yaml")
    ask = validate_knowledge(AskFile, read_knowledge_file(ask_path), ask_path)
    asked_path = path("asked.yaml")
    asked = validate_knowledge(AskedFile, read_knowledge_file(asked_path), asked_path)

    kb = KnowledgeBase(
        version=source_file.version,
        sources=sources,
        findings=findings,
        sections=sections,
        levels=levels,
        regions=region_file.regions,
        default_emergency_advice=region_file.default_advice,
        default_crisis_line=region_file.default_crisis_line,
        out_of_scope=triage.out_of_scope,
        out_of_scope_sources=triage.out_of_scope_sources,
        no_rule_fired=triage.no_rule_fired,
        no_rule_fired_sources=triage.no_rule_fired_sources,
        rules=triage.rules,
        rule_conditions=rule_conditions,
        named_cause_conditions=named_cause_conditions,
        causes=causes,
        cause_support=cause_support,
        phases=plan.phases,
        plan_items=plan.items,
        plan_conditions=plan_conditions,
        screen_conditions=screen_conditions,
        cards=cards,
        no_answer=ask.no_answer,
        no_answer_sources=ask.no_answer_sources,
        not_answered=ask.not_answered,
        asked=asked.questions,
    )
    _check_references(kb, directory)
    return kb


def _load_cards(
    directory: Path,
    sources: Mapping[str, Source],
    findings: Mapping[str, Finding],
    causes: Mapping[str, Cause],
    plan_ids: set[str],
) -> dict[str, Card]:
    """Read the answer cards, checking each one's references where its file is still known."""
    card_files = sorted((directory / "cards").glob("*.yaml"))
    if not card_files:
        raise KnowledgeError(f"cards/: no card files in {directory / 'cards'}")
    cards: dict[str, Card] = {}
    for card_path in card_files:
        parsed = validate_knowledge(CardFile, read_knowledge_file(card_path), card_path)
        for card in parsed.cards:
            where = f"cards/{card_path.name}: entry {card.id!r}"
            if card.id in cards:
                raise KnowledgeError(f"{where} is defined twice")
            for kind, ids, known in (
                ("source", card.sources, sources),
                ("finding", card.findings, findings),
                ("cause", card.causes, causes),
                ("plan item", card.plan_items, plan_ids),
            ):
                for ref in ids:
                    if ref not in known:
                        raise KnowledgeError(f"{where}: names unknown {kind} {ref!r}")
            cards[card.id] = card
    return cards


def _condition_ids(conditions: Iterable[Condition | None]) -> Iterator[str]:
    for condition in conditions:
        if condition is not None:
            yield from condition.positive_ids()
            yield from condition.negated_ids()


# Files read by their own feature's loader (the diary, the interview, the language layer):
# their citations must still exist, and count as uses of the bibliography.
COMPANION_FILES = ("diary.yaml", "interview.yaml", "language.yaml")


def _citations_in(node: Any, where: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                yield where, tuple(str(item) for item in value)
            else:
                yield from _citations_in(value, where)
    elif isinstance(node, list):
        for item in node:
            yield from _citations_in(item, where)


def _companion_citations(directory: Path) -> list[tuple[str, tuple[str, ...]]]:
    return [
        citation
        for name in COMPANION_FILES
        if (directory / name).exists()
        for citation in _citations_in(read_knowledge_file(directory / name), name)
    ]


def _check_references(kb: KnowledgeBase, directory: Path) -> None:
    """Every finding, cause and source a file mentions must exist, and every source be used."""
    checks: list[tuple[str, Iterable[Condition | None]]] = [
        *((f"triage.yaml: entry {rid!r}", [c]) for rid, c in kb.rule_conditions.items()),
        *((f"triage.yaml: entry {rid!r} names {cause!r}", [c])
          for (rid, cause), c in kb.named_cause_conditions.items()),
        *((f"causes.yaml: entry {cid!r}", [c for c, _ in support])
          for cid, support in kb.cause_support.items()),
        *((f"plan.yaml: entry {iid!r}", [c]) for iid, c in kb.plan_conditions.items()),
        *((f"plan.yaml: entry {iid!r} {kind}", [c])
          for (iid, kind, _), c in kb.screen_conditions.items()),
    ]
    for where, conditions in checks:
        for fid in _condition_ids(conditions):
            if fid not in kb.findings:
                raise KnowledgeError(f"{where}: unknown finding {fid!r}")

    for number, asked in enumerate(kb.asked, 1):
        for card in asked.cards:
            if card not in kb.cards:
                raise KnowledgeError(f"asked.yaml: question {number} ({asked.question!r}) "
                                     f"names unknown card {card!r}")

    for rule in kb.rules:
        if rule.advice is not None:
            try:
                rule.advice.format(emergency="", crisis_line="")
            except (KeyError, IndexError, ValueError) as exc:
                raise KnowledgeError(
                    f"triage.yaml: entry {rule.id!r}: advice names an unknown blank {exc}"
                ) from exc
        for named in rule.names:
            if named.cause not in kb.causes:
                raise KnowledgeError(
                    f"triage.yaml: entry {rule.id!r}: names unknown cause {named.cause!r}"
                )

    cited: list[tuple[str, tuple[str, ...]]] = [
        *((f"triage.yaml: level {lv.id!r}", lv.sources) for lv in kb.levels.values()),
        ("triage.yaml: out_of_scope", kb.out_of_scope_sources),
        ("triage.yaml: no_rule_fired", kb.no_rule_fired_sources),
        *((f"triage.yaml: entry {r.id!r}", r.sources) for r in kb.rules),
        *((f"causes.yaml: entry {c.id!r}", c.sources) for c in kb.causes.values()),
        *((f"plan.yaml: entry {i.id!r}", i.sources) for i in kb.plan_items),
        *((f"plan.yaml: entry {i.id!r} screen", s.sources)
          for i in kb.plan_items for s in (*i.withhold, *i.caution)),
        *((f"cards: entry {c.id!r}", c.sources) for c in kb.cards.values()),
        ("ask.yaml: no_answer", kb.no_answer_sources),
        *_companion_citations(directory),
    ]
    used: set[str] = set()
    for where, ids in cited:
        for sid in ids:
            if sid not in kb.sources:
                raise KnowledgeError(f"{where}: cites unknown source {sid!r}")
            used.add(sid)
    unused = sorted(set(kb.sources) - used)
    if unused:
        raise KnowledgeError(f"sources.yaml: sources nobody cites: {', '.join(unused)}")
