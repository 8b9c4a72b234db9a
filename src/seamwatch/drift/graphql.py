"""GraphQL SDL pairs: graphql-core's own breaking/dangerous change finders, as drift changes.

graphql-core's ``find_breaking_changes`` and ``find_dangerous_changes`` are the reference
implementation of what breaks a GraphQL client; we only translate their results (breaking
-> breaking, dangerous -> warning) and add the safe additions they do not report (new
types, new output fields) as info.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphql import (
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)
from graphql.utilities import (
    BreakingChange,
    DangerousChange,
    find_breaking_changes,
    find_dangerous_changes,
)

from seamwatch.core.errors import ContractError
from seamwatch.drift.model import Change, Where
from seamwatch.drift.rules import change
from seamwatch.drift.rules.graphql import graphql_rule_id

__all__ = ["GRAPHQL_SUFFIXES", "diff_graphql", "is_graphql", "load_sdl"]

GRAPHQL_SUFFIXES = (".graphql", ".graphqls", ".gql")

_DOTTED = re.compile(r"\b([A-Za-z_]\w*\.[A-Za-z_]\w*)")
_ARG = re.compile(r"\barg (\w+)")
# graphql-core 3.3 writes arguments as ``Query.order(after:)``.
_DOTTED_ARG = re.compile(r"\b([A-Za-z_]\w*\.[A-Za-z_]\w*)\((\w+):\)")
_MEMBER = re.compile(r"^(\w+) was (?:added to|removed from) (?:enum|union) type (\w+)")
_LEADING = re.compile(r"^@?(\w+)")


def is_graphql(path: Path) -> bool:
    return path.suffix.lower() in GRAPHQL_SUFFIXES


def load_sdl(path: Path) -> GraphQLSchema:
    """Parse an SDL file; raise ``ContractError`` naming file and line when it is invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContractError("file not found", file=path, fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"cannot read file: {exc}", file=path,
                            fix="make it a readable UTF-8 file") from None
    try:
        return build_schema(text)
    except GraphQLError as exc:
        line = exc.locations[0].line if exc.locations else None
        raise ContractError(f"invalid GraphQL SDL: {exc.message}", file=path, line=line,
                            fix="fix the SDL at that line") from None


def diff_graphql(old: Path, new: Path) -> list[Change]:
    """Breaking (breaking), dangerous (warning) and additive (info) changes from old to new."""
    before, after = load_sdl(old), load_sdl(new)
    found: list[BreakingChange | DangerousChange] = [
        *find_breaking_changes(before, after), *find_dangerous_changes(before, after)]
    changes = [_translate(item, old.resolve(), new.resolve()) for item in found]
    return changes + _additions(before, after, new.resolve())


def _translate(item: BreakingChange | DangerousChange, old: Path, new: Path) -> Change:
    where = _location(item.description)
    # What was removed exists only on the old side; anything else is on both.
    new_where: Where | None = None if "REMOVED" in item.type.name else (new, where)
    return change(graphql_rule_id(item.type), where.split(".")[0], item.description, (old, where), new_where)


def _location(description: str) -> str:
    """``Query.orders`` (``Query.orders(first)`` for an argument) from graphql-core's text."""
    member = _MEMBER.match(description)
    if member:
        return f"{member.group(2)}.{member.group(1)}"
    dotted_arg = _DOTTED_ARG.search(description)
    if dotted_arg:
        return f"{dotted_arg.group(1)}({dotted_arg.group(2)})"
    dotted = _DOTTED.search(description)
    if dotted:
        arg = _ARG.search(description)
        return f"{dotted.group(1)}({arg.group(1)})" if arg else dotted.group(1)
    leading = _LEADING.match(description)
    return leading.group(1) if leading else description


def _additions(before: GraphQLSchema, after: GraphQLSchema, new: Path) -> list[Change]:
    changes = []
    for name, kind in after.type_map.items():
        if name.startswith("__"):
            continue
        previous = before.type_map.get(name)
        if previous is None:
            changes.append(change("sw-graphql-type-added", name, f"type {name} added", None, (new, name)))
        elif isinstance(kind, (GraphQLObjectType, GraphQLInterfaceType)) and isinstance(
                previous, (GraphQLObjectType, GraphQLInterfaceType)):
            for field in sorted(kind.fields.keys() - previous.fields.keys()):
                where = f"{name}.{field}"
                changes.append(change("sw-graphql-field-added", name, f"field {where} added",
                                      None, (new, where)))
    return changes
