"""Checks on a schema's structure: properties, required, items and allOf/oneOf/anyOf branches.

Each check records the pair's own changes and returns the child pairs to compare next;
:mod:`seamwatch.drift.schemas` walks those children once each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seamwatch.contracts.refs import Located, RefResolver
from seamwatch.core.documents import join_pointer
from seamwatch.drift.model import Where
from seamwatch.drift.pairs import Pair, Recorder, SchemaChange
from seamwatch.drift.schema_values import check_values
from seamwatch.drift.schema_view import branches, flat_properties, is_null_branch, removal

if TYPE_CHECKING:
    from seamwatch.drift.schemas import SchemaDiff

__all__ = ["compare_pair"]

_COMPOSITIONS = (("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of"))


def compare_pair(ctx: SchemaDiff, pair: Pair) -> tuple[list[SchemaChange], list[Pair]]:
    """The pair's own changes, and the child pairs it leads to."""
    out = Recorder(pair)
    check_values(out, ctx.old_resolver, ctx.new_resolver)
    children = _properties(ctx, out)
    children += _items(ctx, pair)
    children += _additional(ctx, out)
    for keyword, stem in _COMPOSITIONS:
        children += _composition(ctx, out, keyword, stem)
    return out.changes, children


def _schema(located: Located) -> dict[str, Any]:
    return located[0] if isinstance(located[0], dict) else {}


def _where(located: Located) -> Where:
    return (located[1].path, located[2])


def _flag(resolver: RefResolver, entry: Located, key: str) -> bool:
    """``key: true`` on the property as written or on what its ``$ref`` points at."""
    raw = entry[0]
    if not isinstance(raw, dict):
        return False
    if raw.get(key) is True:
        return True
    if "$ref" not in raw:
        return False
    resolved = resolver.deref(*entry)[0]
    return isinstance(resolved, dict) and resolved.get(key) is True


def _visible(resolver: RefResolver, located: Located, direction: str) -> tuple[dict[str, Located], set[str]]:
    # readOnly properties are never sent, writeOnly ones never received.
    props, required = flat_properties(resolver, located)
    hidden = "readOnly" if direction == "request" else "writeOnly"
    props = {name: entry for name, entry in props.items() if not _flag(resolver, entry, hidden)}
    return props, required & props.keys()


def _properties(ctx: SchemaDiff, out: Recorder) -> list[Pair]:
    pair = out.pair
    p1, r1 = _visible(ctx.old_resolver, pair.old, pair.direction)
    p2, r2 = _visible(ctx.new_resolver, pair.new, pair.direction)
    for name, entry in p1.items():
        if name not in p2:
            _removed(ctx, out, entry, name in r1)
    for name, entry in p2.items():
        if name not in p1:
            _added(out, entry, name in r2)
    children = []
    for name in p1.keys() & p2.keys():
        _required(out, p1[name], p2[name], name in r1, name in r2)
        _deprecated(ctx, out, p1[name], p2[name])
        children.append(ctx.pair(p1[name], p2[name], pair.direction, "property"))
    return children


def _removed(ctx: SchemaDiff, out: Recorder, entry: Located, required: bool) -> None:
    resolved = ctx.old_resolver.deref(*entry)[0]
    kind = removal(ctx.today, entry[0], resolved)
    label = out.pair.label(entry[2])
    if out.pair.direction == "request":
        rule_id = {"plain": "request-property-removed",
                   "deprecated": "sw-request-property-removed-with-deprecation",
                   "before-sunset": "sw-request-property-removed-before-sunset"}[kind]
    else:
        plain = "response-required-property-removed" if required else "response-optional-property-removed"
        rule_id = {"plain": plain,
                   "deprecated": "sw-response-property-removed-with-deprecation",
                   "before-sunset": "sw-response-property-removed-before-sunset"}[kind]
    what = {"plain": "", "deprecated": " (it was deprecated)",
            "before-sunset": " before its sunset date"}[kind]
    qualifier = "required " if required else ""
    out.add(rule_id, f"{qualifier}{out.pair.direction} property {label} removed{what}",
            _where(entry), None)


def _added(out: Recorder, entry: Located, required: bool) -> None:
    label = out.pair.label(entry[2])
    kind = "required" if required else "optional"
    if out.pair.direction == "request":
        rule_id = f"new-{kind}-request-property"
    else:
        rule_id = f"response-{kind}-property-added"
    out.add(rule_id, f"{kind} {out.pair.direction} property {label} added", None, _where(entry))


def _required(out: Recorder, old: Located, new: Located, was: bool, now: bool) -> None:
    if was == now:
        return
    direction = out.pair.direction
    became = "required" if now else "optional"
    out.add(f"{direction}-property-became-{became}",
            f"{direction} property {out.pair.label(new[2])} became {became}", _where(old), _where(new))


def _deprecated(ctx: SchemaDiff, out: Recorder, old: Located, new: Located) -> None:
    was, now = _flag(ctx.old_resolver, old, "deprecated"), _flag(ctx.new_resolver, new, "deprecated")
    if was != now:
        what = "deprecated" if now else "reactivated"
        direction = out.pair.direction
        out.add(f"{direction}-property-{what}",
                f"{direction} property {out.pair.label(new[2])} {what}", _where(old), _where(new))


def _items(ctx: SchemaDiff, pair: Pair) -> list[Pair]:
    i1, i2 = _schema(pair.old).get("items"), _schema(pair.new).get("items")
    if not (isinstance(i1, dict) and isinstance(i2, dict)):
        return []
    old = (i1, pair.old[1], join_pointer(pair.old[2], "items"))
    new = (i2, pair.new[1], join_pointer(pair.new[2], "items"))
    return [ctx.pair(old, new, pair.direction, "property")]


def _additional(ctx: SchemaDiff, out: Recorder) -> list[Pair]:
    pair = out.pair
    a1 = _schema(pair.old).get("additionalProperties")
    a2 = _schema(pair.new).get("additionalProperties")
    if pair.direction == "request" and a2 is False and a1 is not False:
        out.add("sw-request-property-additional-properties-disallowed",
                f"{pair.label()} no longer accepts undocumented properties",
                pair.old_where, pair.new_where)
    if not (isinstance(a1, dict) and isinstance(a2, dict)):
        return []
    old = (a1, pair.old[1], join_pointer(pair.old[2], "additionalProperties"))
    new = (a2, pair.new[1], join_pointer(pair.new[2], "additionalProperties"))
    return [ctx.pair(old, new, pair.direction, "property")]


def _composition(ctx: SchemaDiff, out: Recorder, keyword: str, stem: str) -> list[Pair]:
    pair = out.pair
    b1 = _real_branches(ctx.old_resolver, pair.old, keyword)
    b2 = _real_branches(ctx.new_resolver, pair.new, keyword)
    if not b1 and not b2:
        return []
    matched, removed, added = _match(ctx, b1, b2)
    for branch in removed:
        out.schema(f"{stem}-removed", f"{pair.label()}: {keyword} branch {_describe(branch)} removed",
                   old=_where(branch))
    for branch in added:
        out.schema(f"{stem}-added", f"{pair.label()}: {keyword} branch {_describe(branch)} added",
                   new=_where(branch))
    return [ctx.pair(o, n, pair.direction, pair.role) for o, n in matched]


def _real_branches(resolver: RefResolver, located: Located, keyword: str) -> list[Located]:
    found = branches(_schema(located), keyword, located[1], located[2])
    if keyword == "allOf":
        return found
    # A {type: "null"} branch is how 3.1 spells nullable; the nullability check reports it.
    return [b for b in found if not is_null_branch(resolver, b)]


def _ref_key(ctx: SchemaDiff, resolver: RefResolver, branch: Located, side: int) -> tuple[str, str] | None:
    if not (isinstance(branch[0], dict) and isinstance(branch[0].get("$ref"), str)):
        return None
    _, doc, pointer = resolver.deref(*branch)
    root = ctx.roots[side] if ctx.roots else None
    return ("" if doc.path == root else doc.path.name, pointer)


def _match(ctx: SchemaDiff, b1: list[Located], b2: list[Located]
           ) -> tuple[list[tuple[Located, Located]], list[Located], list[Located]]:
    """Pair branches by reference target, then by meaning, then inline ones in order."""
    refs1 = [_ref_key(ctx, ctx.old_resolver, b, 0) for b in b1]
    refs2 = [_ref_key(ctx, ctx.new_resolver, b, 1) for b in b2]
    left1, left2 = list(range(len(b1))), list(range(len(b2)))
    matched: list[tuple[int, int]] = []
    tests = (lambda i, j: refs1[i] is not None and refs1[i] == refs2[j],
             lambda i, j: ctx.same(b1[i], b2[j]),
             lambda i, j: refs1[i] is None and refs2[j] is None)
    for test in tests:
        for i in list(left1):
            j = next((j for j in left2 if test(i, j)), None)
            if j is not None:
                matched.append((i, j))
                left1.remove(i)
                left2.remove(j)
    return ([(b1[i], b2[j]) for i, j in matched], [b1[i] for i in left1], [b2[j] for j in left2])


def _describe(branch: Located) -> str:
    node = branch[0]
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return node["$ref"].rsplit("/", 1)[-1]
    return "#" + branch[2].rsplit("/", 1)[-1]
