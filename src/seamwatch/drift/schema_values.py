"""Checks on the values a schema accepts: type, format, null, enum, limits and pattern.

Each check knows which way is safe: a client *sends* request values, so a narrower request
schema breaks it; it *receives* response values, so a wider response schema may.
"""

from __future__ import annotations

from typing import Any

from seamwatch.contracts.refs import RefResolver
from seamwatch.drift.pairs import Recorder
from seamwatch.drift.schema_view import enum_keys, is_nullable, types_of

__all__ = ["check_values"]

# (narrower, wider) formats; any other pair of different formats is a change.
_WIDER_FORMATS = {("int32", "int64"), ("float", "double")}

# keyword, which bound it is, and the rule suffix stem.
_LIMITS = (("maxLength", "max", "max-length"), ("minLength", "min", "min-length"),
           ("maximum", "max", "max"), ("minimum", "min", "min"),
           ("maxItems", "max", "max-items"), ("minItems", "min", "min-items"))
# Rule suffix when a request bound appears where there was none (oasdiff's naming).
_SET_SUFFIX = {"max-length": "max-length-set", "min-length": "min-length-increased",
               "max": "max-set", "min": "min-set", "max-items": "max-items-decreased",
               "min-items": "min-items-set"}


def check_values(out: Recorder, old: RefResolver, new: RefResolver) -> None:
    pair = out.pair
    s1, s2 = _as_schema(pair.old[0]), _as_schema(pair.new[0])
    _types(out, old, new, s1, s2)
    if is_nullable(old, *pair.old) != is_nullable(new, *pair.new):
        became = "became-nullable" if is_nullable(new, *pair.new) else "became-not-nullable"
        out.schema(became, f"{pair.label()} {became.replace('-', ' ')}")
    _enums(out, s1, s2)
    for keyword, bound, stem in _LIMITS:
        _limit(out, keyword, bound, stem, _number(s1.get(keyword)), _number(s2.get(keyword)))
    _pattern(out, s1.get("pattern"), s2.get("pattern"))


def _as_schema(node: Any) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _type_effect(t1: frozenset[str] | None, t2: frozenset[str] | None) -> str | None:
    if t1 == t2:
        return None
    if t1 is None:
        return "narrow"
    if t2 is None:
        return "widen"
    if t1 <= _with_integers(t2):
        return "widen"
    return "narrow" if t2 <= _with_integers(t1) else "change"


def _with_integers(kinds: frozenset[str]) -> frozenset[str]:
    return kinds | {"integer"} if "number" in kinds else kinds


def _format_effect(f1: Any, f2: Any) -> str | None:
    if f1 == f2:
        return None
    if f2 is None or (f1, f2) in _WIDER_FORMATS:
        return "widen"
    return "narrow" if f1 is None or (f2, f1) in _WIDER_FORMATS else "change"


def _types(out: Recorder, old: RefResolver, new: RefResolver, s1: dict, s2: dict) -> None:
    t1, t2 = types_of(old, out.pair.old), types_of(new, out.pair.new)
    effect, what = _type_effect(t1, t2), "type"
    shown = (_show_types(t1), _show_types(t2))
    if effect is None:
        effect, what = _format_effect(s1.get("format"), s2.get("format")), "format"
        shown = (s1.get("format") or "any", s2.get("format") or "any")
    if effect is None:
        return
    verb = {"widen": "was widened", "narrow": "was narrowed", "change": "changed"}[effect]
    message = f"{out.pair.label()}: {what} {verb} from {shown[0]} to {shown[1]}"
    out.schema(_type_suffix(out.pair.direction, out.pair.role, effect), message)


def _show_types(kinds: frozenset[str] | None) -> str:
    return "any" if kinds is None else "|".join(sorted(kinds))


def _type_suffix(direction: str, role: str, effect: str) -> str:
    if direction == "request":
        return "type-generalized" if effect == "widen" else "type-changed"
    if effect == "narrow":
        return "type-specialized"
    return "type-generalized" if effect == "widen" and role == "header" else "type-changed"


def _enums(out: Recorder, s1: dict, s2: dict) -> None:
    e1, e2 = enum_keys(s1), enum_keys(s2)
    label = out.pair.label()
    if e1 is None and e2 is None:
        return
    if e1 is None:
        out.schema("became-enum", f"{label} was restricted to {sorted(e2 or {})}")
    elif e2 is None:
        out.schema("became-not-enum", f"{label} is no longer restricted to {sorted(e1)}")
    else:
        for key in sorted(e1.keys() - e2.keys()):
            out.schema("enum-value-removed", f"{label}: enum value {key} removed")
        for key in sorted(e2.keys() - e1.keys()):
            out.schema("enum-value-added", f"{label}: enum value {key} added")


def _limit(out: Recorder, keyword: str, bound: str, stem: str, v1: float | None, v2: float | None) -> None:
    if v1 == v2:
        return
    label = out.pair.label()
    tighter = v1 is None or (v2 is not None and (v2 < v1 if bound == "max" else v2 > v1))
    if out.pair.direction == "request":
        if tighter and v1 is None:
            out.schema(_SET_SUFFIX[stem], f"{label}: {keyword} set to {_show(v2)}")
        elif tighter:
            moved = "decreased" if bound == "max" else "increased"
            out.schema(f"{stem}-{moved}", f"{label}: {keyword} {moved} from {_show(v1)} to {_show(v2)}")
        else:
            moved = "increased" if bound == "max" else "decreased"
            out.schema(f"{stem}-{moved}", f"{label}: {keyword} {_loosened(v1, v2)}")
    elif not tighter:
        out.schema(_loose_response_suffix(stem, bound, v2), f"{label}: {keyword} {_loosened(v1, v2)}")


def _loose_response_suffix(stem: str, bound: str, v2: float | None) -> str:
    if v2 is None and stem in ("max-length", "min-items"):
        return f"{stem}-unset"
    return f"{stem}-{'increased' if bound == 'max' else 'decreased'}"


def _loosened(v1: float | None, v2: float | None) -> str:
    return f"removed (was {_show(v1)})" if v2 is None else f"changed from {_show(v1)} to {_show(v2)}"


def _show(value: float | None) -> str:
    return "none" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def _pattern(out: Recorder, p1: Any, p2: Any) -> None:
    if p1 == p2:
        return
    label = out.pair.label()
    if p1 is None:
        out.schema("pattern-added", f"{label}: pattern {p2!r} added")
    elif p2 is None:
        out.schema("pattern-removed", f"{label}: pattern {p1!r} removed")
    else:
        out.schema("pattern-changed", f"{label}: pattern changed from {p1!r} to {p2!r}")
