"""Reading schemas the way drift compares them: references followed, allOf flattened,
3.0 and 3.1 nullability unified, and a readable label for any schema pointer."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from seamwatch.contracts.refs import Located, RefResolver
from seamwatch.core.documents import join_pointer

__all__ = [
    "ANNOTATIONS",
    "branches",
    "enum_keys",
    "flat_properties",
    "is_null_branch",
    "is_nullable",
    "removal",
    "schema_label",
    "sunset_of",
    "types_of",
    "unwrap",
]

# Keywords that document a schema without changing what it accepts.
ANNOTATIONS = frozenset({"description", "summary", "title", "example", "examples",
                         "externalDocs", "$comment", "xml"})
_STRUCTURE = ("properties", "items", "additionalProperties", "allOf", "oneOf", "anyOf",
              "not", "prefixItems", "patternProperties")


def unwrap(resolver: RefResolver, located: Located) -> Located:
    """Follow ``$ref``s, and look through an ``allOf`` with one branch and nothing else.

    The single-branch ``allOf`` is how OpenAPI 3.0 documents add a description to a
    reference, so it must compare equal to the plain reference.
    """
    node, doc, pointer = resolver.deref(*located)
    while isinstance(node, dict) and _is_wrapper(node):
        node, doc, pointer = resolver.deref(node["allOf"][0], doc, join_pointer(pointer, "allOf", 0))
    return node, doc, pointer


def _is_wrapper(node: dict[str, Any]) -> bool:
    all_of = node.get("allOf")
    if not isinstance(all_of, list) or len(all_of) != 1:
        return False
    return all(k in ANNOTATIONS or k in ("allOf", "deprecated") or k.startswith("x-") for k in node)


def branches(node: dict[str, Any], keyword: str, doc: Any, pointer: str) -> list[Located]:
    """The raw (unresolved) branches of ``keyword``, each with its pointer."""
    items = node.get(keyword)
    if not isinstance(items, list):
        return []
    return [(item, doc, join_pointer(pointer, keyword, i)) for i, item in enumerate(items)]


def is_null_branch(resolver: RefResolver, located: Located) -> bool:
    node = resolver.deref(*located)[0]
    if not isinstance(node, dict):
        return False
    kind = node.get("type")
    only_null = kind == "null" or kind == ["null"]
    return only_null and all(k in ANNOTATIONS or k == "type" for k in node)


def types_of(resolver: RefResolver, located: Located) -> frozenset[str] | None:
    """The non-null types a schema allows; ``None`` means any type."""
    node, doc, pointer = located
    if not isinstance(node, dict):
        return None
    kind = node.get("type")
    if kind is None:
        for branch in branches(node, "allOf", doc, pointer):
            found = types_of(resolver, resolver.deref(*branch))
            if found is not None:
                return found
        if "properties" in node or "additionalProperties" in node:
            return frozenset({"object"})
        return frozenset({"array"}) if "items" in node else None
    kinds = {kind} if isinstance(kind, str) else set(kind)
    kinds.discard("null")
    if "number" in kinds:
        kinds.discard("integer")  # every integer is a number
    return frozenset(kinds) if kinds else None


def is_nullable(resolver: RefResolver, node: Any, doc: Any, pointer: str) -> bool:
    """3.0 ``nullable: true``, 3.1 ``type: [.., "null"]`` or a ``{type: "null"}`` branch."""
    if not isinstance(node, dict):
        return True
    kind = node.get("type")
    if node.get("nullable") is True or kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(is_null_branch(resolver, b) for kw in ("oneOf", "anyOf")
               for b in branches(node, kw, doc, pointer))


def enum_keys(node: Any) -> dict[str, Any] | None:
    """Canonical key -> value of the non-null enum (``const`` is a one-value enum)."""
    if not isinstance(node, dict):
        return None
    if "enum" in node and isinstance(node["enum"], list):
        values = node["enum"]
    elif "const" in node:
        values = [node["const"]]
    else:
        return None
    return {json.dumps(v, sort_keys=True, default=str): v for v in values if v is not None}


def flat_properties(resolver: RefResolver, located: Located) -> tuple[dict[str, Located], set[str]]:
    """Properties (name -> raw entry located where it is written) and required names,
    merged over the schema and its ``allOf`` branches, as oasdiff's ``--flatten-allof``."""
    props: dict[str, Located] = {}
    required: set[str] = set()
    seen: set[tuple[Any, str]] = set()
    pending = [located]
    while pending:
        node, doc, pointer = resolver.deref(*pending.pop())
        if not isinstance(node, dict) or (doc.path, pointer) in seen:
            continue
        seen.add((doc.path, pointer))
        for name, entry in (node.get("properties") or {}).items():
            props.setdefault(name, (entry, doc, join_pointer(pointer, "properties", name)))
        required.update(r for r in node.get("required") or [] if isinstance(r, str))
        pending.extend(reversed(branches(node, "allOf", doc, pointer)))
    return props, required


def sunset_of(*nodes: Any) -> date | None:
    """The ``x-sunset`` date on the first node that has a readable one."""
    for node in nodes:
        value = node.get("x-sunset") if isinstance(node, dict) else None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def removal(today: date, *nodes: Any) -> str:
    """How the removal of a thing is judged: ``plain``, ``deprecated`` or ``before-sunset``.

    ``nodes`` are the raw and the resolved definition (``deprecated`` may sit beside a $ref).
    """
    if not any(isinstance(n, dict) and n.get("deprecated") is True for n in nodes):
        return "plain"
    sunset = sunset_of(*nodes)
    return "before-sunset" if sunset is not None and sunset > today else "deprecated"


def schema_label(pointer: str, root: str = "body") -> str:
    """``/components/schemas/Order/properties/line_items/items`` -> ``Order.line_items[]``."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    start, base = 0, root
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        start, base = 3, tokens[2]
    elif "schema" in tokens:
        start = len(tokens) - tokens[::-1].index("schema")
        if {"parameters", "headers"} & set(tokens[:start]):
            base = "value"
    elif tokens:
        first = next((i for i, t in enumerate(tokens) if t in _STRUCTURE), len(tokens))
        start, base = first, tokens[first - 1] if first else root
    label, i = base, start
    while i < len(tokens):
        token = tokens[i]
        if token in ("properties", "patternProperties") and i + 1 < len(tokens):
            label, i = f"{label}.{tokens[i + 1]}", i + 2
        elif token in ("allOf", "oneOf", "anyOf", "prefixItems"):
            i += 2
        else:
            label += {"items": "[]", "additionalProperties": ".*"}.get(token, "")
            i += 1
    return label
