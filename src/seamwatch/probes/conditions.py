"""Evaluating the conditions of ``http`` probes (parsed by :mod:`seamwatch.config.conditions`)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from seamwatch.config.conditions import Condition

__all__ = ["evaluate_condition"]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_MISSING = object()


def evaluate_condition(condition: Condition, status: int, elapsed_ms: float,
                       headers: Mapping[str, str], body: Any) -> tuple[bool, str]:
    """``(holds, what was seen)`` for one condition on one response."""
    actual = _actual(condition, status, elapsed_ms, headers, body)
    if actual is _MISSING:
        return False, "absent"
    if condition.number is not None:
        number = _as_number(actual)
        if number is not None:
            return _COMPARE[condition.operator](number, condition.number), f"{number:g}"
        if condition.operator not in ("==", "!="):
            return False, f"{actual!r} (not a number)"
    text = _as_text(actual)
    return _COMPARE[condition.operator](text, condition.value), text


def _actual(condition: Condition, status: int, elapsed_ms: float,
            headers: Mapping[str, str], body: Any) -> Any:
    if condition.placeholder == "STATUS":
        return status
    if condition.placeholder == "RESPONSE_TIME":
        return elapsed_ms
    if condition.placeholder == "HEADER":
        value = headers.get(condition.header or "")
        return _MISSING if value is None else value
    node = body
    for step in condition.path:
        if isinstance(step, int) and isinstance(node, list) and -len(node) <= step < len(node):
            node = node[step]
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            node = node[step]
        else:
            return _MISSING
    return node


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
