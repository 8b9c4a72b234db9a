"""The conditions language of ``http`` probes, parsed when the probe file loads.

A condition is ``[PLACEHOLDER]<path> OPERATOR VALUE``::

    [STATUS] == 200                          HTTP status code
    [RESPONSE_TIME] < 800                    milliseconds, first byte to last
    [HEADER].x-shopify-api-version == 2026-01 a response header (name is case-insensitive)
    [BODY].orders[0].id > 0                  a JSON body field: .key and [index] steps

Operators are ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``. ``[STATUS]`` and
``[RESPONSE_TIME]`` compare numbers; ordering operators always need a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seamwatch.core.documents import did_you_mean

__all__ = ["OPERATORS", "PLACEHOLDERS", "Condition", "ConditionSyntaxError", "parse_condition"]

PLACEHOLDERS = ("STATUS", "RESPONSE_TIME", "HEADER", "BODY")
OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
_ORDERING = frozenset({"<", "<=", ">", ">="})
_NUMERIC = frozenset({"STATUS", "RESPONSE_TIME"})

# Placeholder, then a path with no spaces or operator characters, then the operator run.
_SHAPE = re.compile(r"^\[([^\]]*)\]([^\s=!<>]*)\s*([=!<>]*)\s*(.*?)\s*$")
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_HEADER_NAME = re.compile(r"^\.([A-Za-z0-9!#$%&'*+^_`|~-]+)$")

EXAMPLE = "e.g. '[STATUS] == 200' or '[BODY].orders[0].id > 0'"


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Condition:
    """A parsed condition. ``path`` holds body steps (str keys, int indexes)."""

    raw: str
    placeholder: str
    operator: str
    value: str
    header: str | None = None
    path: tuple[str | int, ...] = ()
    number: float | None = None


def parse_condition(text: str) -> Condition:
    """Parse ``text`` or raise :class:`ConditionSyntaxError` saying what is wrong."""
    match = _SHAPE.match(text.strip())
    if match is None:
        raise ConditionSyntaxError(
            f"condition {text!r} does not start with a [PLACEHOLDER]",
            f"start with one of {', '.join(f'[{p}]' for p in PLACEHOLDERS)}; {EXAMPLE}",
        )
    placeholder, suffix, operator, value = match.groups()
    if placeholder not in PLACEHOLDERS:
        guess = did_you_mean(placeholder.upper(), PLACEHOLDERS)
        hint = f"did you mean [{guess}]?" if guess else (
            f"use one of {', '.join(f'[{p}]' for p in PLACEHOLDERS)}")
        raise ConditionSyntaxError(f"unknown placeholder [{placeholder}] in {text!r}", hint)
    if operator not in OPERATORS:
        what = f"unknown operator {operator!r}" if operator else "no comparison operator"
        raise ConditionSyntaxError(f"{what} in {text!r}",
                                   f"use one of {' '.join(OPERATORS)}; {EXAMPLE}")
    if not value:
        raise ConditionSyntaxError(f"no value to compare with in {text!r}",
                                   f"write a value after {operator}; {EXAMPLE}")
    header, path = _target(placeholder, suffix, text)
    number = _number(value)
    if number is None and (placeholder in _NUMERIC or operator in _ORDERING):
        raise ConditionSyntaxError(
            f"{value!r} is not a number in {text!r}",
            f"[{placeholder}] {operator} needs a number" if placeholder in _NUMERIC
            else f"{operator} compares numbers; use == or != for text")
    return Condition(raw=text, placeholder=placeholder, operator=operator, value=value,
                     header=header, path=path, number=number)


def _target(placeholder: str, suffix: str, text: str) -> tuple[str | None, tuple[str | int, ...]]:
    """The header name or body path that follows the placeholder."""
    if placeholder in _NUMERIC:
        if suffix:
            raise ConditionSyntaxError(f"[{placeholder}] takes no path, got {suffix!r} in {text!r}",
                                       f"write [{placeholder}] alone")
        return None, ()
    if placeholder == "HEADER":
        header = _HEADER_NAME.match(suffix)
        if header is None:
            raise ConditionSyntaxError(f"[HEADER] needs one header name in {text!r}",
                                       "write [HEADER].name, e.g. [HEADER].x-shopify-api-version")
        return header.group(1).lower(), ()
    return None, _body_path(suffix, text)


def _body_path(suffix: str, text: str) -> tuple[str | int, ...]:
    steps: list[str | int] = []
    position = 0
    while position < len(suffix):
        step = _STEP.match(suffix, position)
        if step is None:
            raise ConditionSyntaxError(
                f"bad body path {suffix!r} at {suffix[position:]!r} in {text!r}",
                "write steps as .key or [index], e.g. [BODY].orders[0].id")
        key, index = step.groups()
        steps.append(int(index) if index is not None else key)
        position = step.end()
    return tuple(steps)


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None
