"""Live drift, offline core: how one recorded response differs from its contract.

We walk the schema ourselves rather than run a JSON Schema validator, because the first
question before an upgrade is "what does the API send that the contract does not know
about?" and validators accept undocumented fields silently in open schemas. ``$ref``s and
``allOf`` are followed; for ``oneOf``/``anyOf`` the branch that fits the value best is used.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from seamwatch.contracts.refs import Located
from seamwatch.contracts.spec import Contract, Operation
from seamwatch.core.documents import did_you_mean, join_pointer
from seamwatch.core.errors import UsageError
from seamwatch.drift.model import Change, Level
from seamwatch.drift.rules import change
from seamwatch.drift.schema_view import (
    branches,
    enum_keys,
    flat_properties,
    is_null_branch,
    is_nullable,
    types_of,
    unwrap,
)

__all__ = ["find_operation", "response_drift"]

_RANK = {Level.BREAKING: 10, Level.WARNING: 3, Level.INFO: 1}
# Keywords that constrain a value beside its oneOf/anyOf branches.
_OWN_KEYWORDS = frozenset({"type", "properties", "required", "enum", "const", "items",
                           "additionalProperties", "format", "allOf"})


def find_operation(contract: Contract, operation: str | tuple[str, str]) -> Operation:
    """An operation by operationId, or by ``(method, path template)``."""
    ops = list(contract.operations())
    for op in ops:
        if op.operation_id == operation or (isinstance(operation, tuple)
                                            and (op.method, op.path) == (operation[0].lower(), operation[1])):
            return op
    hint = did_you_mean(str(operation), [o.operation_id or "" for o in ops])
    raise UsageError(f"no operation {operation!r} in the contract", file=contract.path,
                     fix=f"did you mean {hint!r}?" if hint else "name an operationId or (method, path)")


def response_drift(contract: Contract, operation: str | tuple[str, str], status: int,
                   headers: Mapping[str, str], body: Any) -> list[Change]:
    """Changes between one real response and the contract's documented response.

    ``body`` is the parsed JSON (a ``str`` is parsed first; ``None`` means no body).
    """
    op = find_operation(contract, operation)
    found = _documented_response(contract, op, status)
    if found is None:
        where = (contract.path, join_pointer(op.pointer, "responses"))
        message = f"status {status} is not documented"
        return [change("sw-live-status-undocumented", op.label, message, None, where)]
    response, doc, pointer = found
    if not isinstance(response, dict):
        return []
    changes = _missing_headers(contract, op, (response, doc, pointer), headers)
    schema = _json_schema(response, doc, pointer)
    if schema is not None and body is not None:
        walker = _Walker(contract, op.label)
        walker.walk(_parsed(body), schema, "")
        changes += walker.changes
    return changes


def _documented_response(contract: Contract, op: Operation, status: int) -> Located | None:
    responses = op.spec.get("responses") or {}
    by_code = {str(k).upper(): k for k in responses}
    for code in (str(status), f"{str(status)[0]}XX", "DEFAULT"):
        if code in by_code:
            key = by_code[code]
            return contract.resolver.deref(responses[key], contract.document,
                                           join_pointer(op.pointer, "responses", key))
    return None


def _missing_headers(contract: Contract, op: Operation, response: Located,
                     headers: Mapping[str, str]) -> list[Change]:
    node, doc, pointer = response
    present = {k.lower() for k in headers}
    changes = []
    for name, raw in (node.get("headers") or {}).items():
        header, hdoc, hpointer = contract.resolver.deref(raw, doc, join_pointer(pointer, "headers", name))
        if isinstance(header, dict) and header.get("required") is True and name.lower() not in present:
            changes.append(change("sw-live-header-missing", op.label, f"required header {name} is missing",
                                  None, (hdoc.path, hpointer)))
    return changes


def _json_schema(response: dict, doc: Any, pointer: str) -> Located | None:
    for media, entry in (response.get("content") or {}).items():
        if "json" in str(media).lower() and isinstance(entry, dict) and "schema" in entry:
            return (entry["schema"], doc, join_pointer(pointer, "content", media, "schema"))
    return None


def _parsed(body: Any) -> Any:
    if isinstance(body, (str, bytes)):
        try:
            return json.loads(body)
        except ValueError:
            return None
    return body


class _Walker:
    """Walks a value and its schema side by side, recording what differs."""

    def __init__(self, contract: Contract, label: str) -> None:
        self.contract, self.label = contract, label
        self.resolver = contract.resolver
        self.changes: list[Change] = []

    def _add(self, rule_id: str, path: str, message: str, located: Located,
             level: Level | None = None) -> None:
        item = change(rule_id, self.label, f"{path or '/'}: {message}", None, (located[1].path, located[2]))
        self.changes.append(item if level is None else item.affecting((), level))

    def walk(self, value: Any, located: Located, path: str) -> None:
        # Value problems are reported at the property (``located``); structure problems at
        # the schema that defines the object (``here``), which is where one would fix them.
        node, doc, pointer = here = unwrap(self.resolver, located)
        if not isinstance(node, dict):
            return
        if value is None:
            if types_of(self.resolver, here) is not None and not is_nullable(self.resolver, *here):
                self._add("sw-live-type-mismatch", path, "null where the contract does not allow it", located)
            return
        if self._best_branch(value, here, path) and not _OWN_KEYWORDS & node.keys():
            return  # a pure oneOf/anyOf: the chosen branch said everything
        if not self._type_fits(value, here, located, path):
            return
        keys = enum_keys(node)
        if keys is not None and json.dumps(value, sort_keys=True, default=str) not in keys:
            self._add("sw-live-enum-value-unknown", path, f"value {value!r} is not in the enum", located)
        if isinstance(value, dict):
            self._object(value, here, path)
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            items = (node["items"], doc, join_pointer(pointer, "items"))
            for i, item in enumerate(value):
                self.walk(item, items, f"{path}/{i}")

    def _best_branch(self, value: Any, here: Located, path: str) -> bool:
        """Walk the oneOf/anyOf branch with the fewest (weighted) problems; False if none."""
        node, doc, pointer = here
        options = [b for kw in ("oneOf", "anyOf") for b in branches(node, kw, doc, pointer)
                   if not is_null_branch(self.resolver, b)]
        if not options:
            return False
        scored = []
        for branch in options:
            trial = _Walker(self.contract, self.label)
            trial.walk(value, branch, path)
            scored.append((sum(_RANK[c.level] for c in trial.changes), trial.changes))
        self.changes += min(scored, key=lambda s: s[0])[1]
        return True

    def _type_fits(self, value: Any, here: Located, located: Located, path: str) -> bool:
        kinds = types_of(self.resolver, here)
        if kinds is not None and not any(_is_type(value, k) for k in kinds):
            self._add("sw-live-type-mismatch", path,
                      f"{_json_type(value)} where the contract says {'|'.join(sorted(kinds))}", located)
            return False
        fmt = here[0].get("format")
        if fmt in _FORMATS and not _FORMATS[fmt](value):
            self._add("sw-live-type-mismatch", path, f"{value!r} is not a valid {fmt}", located)
        return True

    def _object(self, value: dict[str, Any], here: Located, path: str) -> None:
        node = here[0]
        props, required = flat_properties(self.resolver, here)
        for name in sorted(required - value.keys()):
            entry = props.get(name, here)
            self._add("sw-live-required-field-missing", path, f"required field {name!r} is missing", entry)
        extra = node.get("additionalProperties")
        for name, item in value.items():
            child = f"{path}/{name}"
            if name in props:
                self.walk(item, props[name], child)
            elif isinstance(extra, dict):
                self.walk(item, (extra, here[1], join_pointer(here[2], "additionalProperties")), child)
            elif extra is not True:
                level = Level.WARNING if extra is False else None
                self._add("sw-live-undocumented-field", child, f"field {name!r} is not documented",
                          here, level)


def _is_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    checks = {"string": str, "boolean": bool, "object": dict, "array": list}
    return isinstance(value, checks.get(kind, object))


def _json_type(value: Any) -> str:
    for kind in ("boolean", "integer", "number", "string", "object", "array"):
        if _is_type(value, kind):
            return kind
    return type(value).__name__


def _date_time(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value.upper():
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _date(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and bool(uuid.UUID(value))
    except ValueError:
        return False


def _int_range(bits: int) -> Any:
    return lambda v: not isinstance(v, int) or -(2 ** (bits - 1)) <= v < 2 ** (bits - 1)


_FORMATS = {"date-time": _date_time, "date": _date, "uuid": _uuid,
            "int32": _int_range(32), "int64": _int_range(64)}
