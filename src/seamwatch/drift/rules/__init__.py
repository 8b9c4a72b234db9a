"""The drift rule registry: every change seamwatch reports has one rule with a stable ID.

IDs are oasdiff's where oasdiff has a rule for the same change (so people who know oasdiff
feel at home), ``graphql-*`` from graphql-core's change types, and ``sw-*`` for changes
oasdiff has no rule for. The catalogue (``src/seamwatch/drift/RULES.md``) is generated from
this registry by :func:`catalogue_markdown`; a test keeps the file up to date.

To add a rule: declare it in one of the modules below and add a spec pair that triggers it
to ``tests/unit/drift/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seamwatch.core.registry import Registry
from seamwatch.drift.model import Change, Level, Where

__all__ = [
    "CATALOGUE_PATH",
    "DRIFT_RULES",
    "Rule",
    "catalogue_markdown",
    "change",
    "family",
    "rule",
    "schema_rule_id",
]

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "RULES.md"

# Catalogue sections, in reading order.
AREAS = ("operations", "parameters", "request bodies", "responses", "schema properties",
         "request schemas", "response schemas", "security", "graphql", "live responses")
_TITLES = {"graphql": "GraphQL"}

# Where a schema sits decides the wording of its rule IDs, as in oasdiff.
ROLE_WORDS = {"body": "body", "property": "property", "parameter": "parameter", "header": "header"}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level
    area: str
    summary: str
    advice: str


DRIFT_RULES: Registry[Rule] = Registry("drift rule")


def rule(rule_id: str, level: Level, area: str, summary: str, advice: str) -> None:
    if area not in AREAS:
        raise ValueError(f"unknown drift rule area {area!r}; known: {AREAS}")
    DRIFT_RULES.add(rule_id, Rule(rule_id, level, area, summary, advice))


def family(direction: str, suffix: str, level: Level, summary: str, advice: str, *,
           oasdiff: tuple[str, ...] = ("body", "property", "parameter"),
           ours: tuple[str, ...] = ()) -> None:
    """One schema rule per role: ``{direction}-{role}-{suffix}`` (``sw-`` for ``ours``).

    ``summary`` may use ``{what}``, e.g. "the {what}'s maxLength was decreased".
    """
    area = f"{direction} schemas"
    for prefix, roles in (("", oasdiff), ("sw-", ours)):
        for role in roles:
            what = f"{direction} {ROLE_WORDS[role]}"
            rule(f"{prefix}{direction}-{role}-{suffix}", level, area,
                 summary.format(what=what), advice.format(what=what))


_resolved: dict[tuple[str, str, str], str] = {}


def schema_rule_id(direction: str, role: str, suffix: str) -> str:
    """The rule for ``suffix`` at a schema in ``role``; falls back to the property rule."""
    key = (direction, role, suffix)
    if key not in _resolved:
        candidates = (f"{direction}-{role}-{suffix}", f"sw-{direction}-{role}-{suffix}",
                      f"{direction}-property-{suffix}", f"sw-{direction}-property-{suffix}")
        found = next((c for c in candidates if c in DRIFT_RULES), None)
        if found is None:
            raise LookupError(f"no drift rule for {direction} {role} {suffix}")
        _resolved[key] = found
    return _resolved[key]


def change(rule_id: str, operation: str, message: str,
           old: Where | None = None, new: Where | None = None) -> Change:
    """A change at its rule's level."""
    return Change(rule_id, DRIFT_RULES.get(rule_id).level, operation, message, old, new)


def catalogue_markdown() -> str:
    """The rule catalogue as Markdown: every rule's ID, level, meaning and advice."""
    lines = [
        "# Drift rules",
        "",
        ("<!-- Generated from seamwatch.drift.rules; run `seamwatch drift rules > "
         "src/seamwatch/drift/RULES.md` after changing a rule. -->"),
        "",
        "Every change `seamwatch drift` reports carries one of these IDs. IDs without a prefix",
        "are [oasdiff](https://github.com/oasdiff/oasdiff)'s for the same change; `graphql-*`",
        "come from graphql-core's change types; `sw-*` are seamwatch's own.",
        "",
        "Levels: **breaking** (existing clients fail), **warning** (clients may fail; check),",
        "**info** (safe). Request rules judge what a client sends; response rules what it",
        "receives. A change that touches a field named in `--mappings` is flagged with the",
        "mapping and raised to breaking, unless the rule is info.",
        "",
        f"{len(DRIFT_RULES)} rules.",
    ]
    areas: dict[str, list[Rule]] = {}
    for _, item in DRIFT_RULES:
        areas.setdefault(item.area, []).append(item)
    for area in (a for a in AREAS if a in areas):
        title = _TITLES.get(area, area[:1].upper() + area[1:])
        lines += ["", f"## {title}", "",
                  "| id | level | meaning | what to do |", "|---|---|---|---|"]
        for item in areas[area]:
            lines.append(f"| `{item.id}` | {item.level.value} | {item.summary} | {item.advice} |")
    return "\n".join(lines) + "\n"


def _load() -> None:
    # Imported for their side effect: each module declares its rules in DRIFT_RULES.
    from seamwatch.drift.rules import graphql, live, operations, schemas  # noqa: F401


_load()
