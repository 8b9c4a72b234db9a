"""``$filter``: parse with odata-query's grammar, compile the AST into a Python predicate.

Entities are kept in memory as JSON-ready dicts, so a filter becomes a closure over those
dicts. Literals are coerced once, at compile time, to the type of the property they are
compared with: dates stay ``YYYY-MM-DD`` strings and date-times become the store's
fixed-width UTC form, so both compare correctly as strings. Compiled filters are cached per
entity set, which keeps a repeated ``$filter`` GET as cheap as a plain one.
"""

from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from odata_query import ast
from odata_query.exceptions import ODataException
from odata_query.grammar import ODataLexer, ODataParser

from seamwatch.sandbox.erp.errors import ApiError

__all__ = ["FilterCompiler", "Predicate", "decode_enum", "format_datetime", "invalid_filter"]

Record = Mapping[str, Any]
Predicate = Callable[[Record], bool]
Getter = Callable[[Record], Any]

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_enum(value: str) -> str:
    """BC's XmlConvert-escaped enum names back to display form (``In_x0020_Review``)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def format_datetime(moment: datetime) -> str:
    """The store's one date-time form: UTC, microseconds, ``Z`` (sorts as a string)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def invalid_filter(message: str) -> ApiError:
    return ApiError(400, "BadRequest_InvalidFilter", f"Invalid filter expression: {message}")


class FilterCompiler:
    """Compiles ``$filter`` text for one entity set (property name -> OData type)."""

    def __init__(self, fields: Mapping[str, str], cache_size: int = 256) -> None:
        self.fields = dict(fields)
        self._cache: OrderedDict[str, Predicate] = OrderedDict()
        self._cache_size = cache_size

    def compile(self, text: str) -> Predicate:
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        predicate = self._build(text)
        self._cache[text] = predicate
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return predicate

    def _build(self, text: str) -> Predicate:
        try:
            # The lexer and parser keep state, so each parse gets fresh ones (cheap).
            tree = ODataParser().parse(ODataLexer().tokenize(text))
        except ODataException as exc:
            raise invalid_filter(f"syntax error in {text!r}") from exc
        except Exception as exc:  # sly raises plain errors on some inputs
            raise invalid_filter(f"cannot parse {text!r}") from exc
        if tree is None:
            raise invalid_filter("empty expression")
        return self._boolean(tree)

    # -- boolean expressions ------------------------------------------------------------
    def _boolean(self, node: ast._Node) -> Predicate:
        if isinstance(node, ast.BoolOp):
            left, right = self._boolean(node.left), self._boolean(node.right)
            if isinstance(node.op, ast.And):
                return lambda r: left(r) and right(r)
            return lambda r: left(r) or right(r)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self._boolean(node.operand)
            return lambda r: not inner(r)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Call):
            return self._predicate_call(node)
        if isinstance(node, ast.Boolean):
            # BC turns a filter into field filters; a bare constant names no field.
            raise invalid_filter("a constant is not a filter on a property")
        if isinstance(node, ast.Identifier) and self._field_type(node) == "boolean":
            name = node.name
            return lambda r: r.get(name) is True
        raise invalid_filter(f"{type(node).__name__} is not a boolean expression")

    def _compare(self, node: ast.Compare) -> Predicate:
        left_type, right_type = self._operand_type(node.left), self._operand_type(node.right)
        left = self._operand(node.left, right_type)
        if isinstance(node.comparator, ast.In):
            return self._in(left, node.right, left_type)
        right = self._operand(node.right, left_type)
        op = _COMPARATORS.get(type(node.comparator))
        if op is None:
            raise invalid_filter(f"unsupported operator {type(node.comparator).__name__}")
        return lambda r: op(left(r), right(r))

    def _in(self, left: Getter, right: ast._Node, left_type: str | None) -> Predicate:
        if not isinstance(right, ast.List):
            raise invalid_filter("'in' needs a parenthesised list of literals")
        values = {_coerce(item, left_type) for item in right.val}
        return lambda r: left(r) in values

    def _predicate_call(self, node: ast.Call) -> Predicate:
        name = node.func.name.lower()
        test = _STRING_TESTS.get(name)
        if test is None or len(node.args) != 2:
            raise invalid_filter(f"unsupported function {node.func.name}")
        haystack, needle = (self._operand(arg, "string") for arg in node.args)

        def run(r: Record) -> bool:
            a, b = haystack(r), needle(r)
            return isinstance(a, str) and isinstance(b, str) and test(a, b)

        return run

    # -- operands ---------------------------------------------------------------------
    def _field_type(self, node: ast.Identifier) -> str:
        if node.namespace or node.name not in self.fields:
            raise invalid_filter(f"could not find a property named '{node.name}'")
        kind = self.fields[node.name]
        if kind == "array":
            raise invalid_filter(f"property '{node.name}' cannot be filtered")
        return kind

    def _operand_type(self, node: ast._Node) -> str | None:
        if isinstance(node, ast.Identifier):
            return self._field_type(node)
        if isinstance(node, ast.Call) and node.func.name.lower() in _STRING_MAPS:
            return "string"
        return None

    def _operand(self, node: ast._Node, other_type: str | None) -> Getter:
        if isinstance(node, ast.Identifier):
            self._field_type(node)
            name = node.name
            return lambda r: r.get(name)
        if isinstance(node, ast.Call):
            return self._value_call(node)
        if isinstance(node, ast._Literal):
            constant = _coerce(node, other_type)
            return lambda r: constant
        raise invalid_filter(f"unsupported expression {type(node).__name__}")

    def _value_call(self, node: ast.Call) -> Getter:
        transform = _STRING_MAPS.get(node.func.name.lower())
        if transform is None or len(node.args) != 1:
            raise invalid_filter(f"unsupported function {node.func.name}")
        inner = self._operand(node.args[0], "string")

        def run(r: Record) -> Any:
            value = inner(r)
            return transform(value) if isinstance(value, str) else None

        return run


def _coerce(node: ast._Node, target: str | None) -> Any:
    """A literal as the value stored for a property of type ``target``."""
    if isinstance(node, ast.Null):
        return None
    if not isinstance(node, ast._Literal) or isinstance(
        node, (ast.List, ast.Duration, ast.Geography)
    ):
        raise invalid_filter(f"unsupported literal {type(node).__name__}")
    try:
        return _COERCIONS.get(target or "", _raw)(node)
    except (ValueError, TypeError) as exc:
        raise invalid_filter(
            f"{type(node).__name__} literal is not comparable with a {target} property"
        ) from exc


def _raw(node: ast._Literal) -> Any:
    value = node.py_val
    if isinstance(value, datetime):
        return format_datetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _expect(node: ast._Literal, *kinds: type) -> ast._Literal:
    if not isinstance(node, kinds):
        raise TypeError(type(node).__name__)
    return node


def _as_datetime(node: ast._Literal) -> str:
    node = _expect(node, ast.DateTime, ast.Date)
    value = node.py_val
    if isinstance(value, datetime):
        return format_datetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    return format_datetime(datetime(value.year, value.month, value.day, tzinfo=UTC))


def _as_number(node: ast._Literal) -> float | int:
    value = _expect(node, ast.Integer, ast.Float).py_val
    return value


_COERCIONS: dict[str, Callable[[ast._Literal], Any]] = {
    "string": lambda n: _expect(n, ast.String).py_val,
    "enum": lambda n: decode_enum(_expect(n, ast.String).py_val),
    "guid": lambda n: str(uuid.UUID(str(_expect(n, ast.GUID, ast.String).py_val))),
    "date": lambda n: _expect(n, ast.Date).py_val.isoformat(),
    "datetime": _as_datetime,
    "number": _as_number,
    "integer": _as_number,
    "boolean": lambda n: _expect(n, ast.Boolean).py_val,
}


def _ordered(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """Ordering comparisons are false when either side is null or the types do not mix."""

    def compare(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return False
        try:
            return op(a, b)
        except TypeError:
            return False

    return compare


_COMPARATORS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Gt: _ordered(lambda a, b: a > b),
    ast.GtE: _ordered(lambda a, b: a >= b),
    ast.Lt: _ordered(lambda a, b: a < b),
    ast.LtE: _ordered(lambda a, b: a <= b),
}

_STRING_TESTS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda a, b: b in a,
    "startswith": str.startswith,
    "endswith": str.endswith,
}

_STRING_MAPS: dict[str, Callable[[str], Any]] = {
    "tolower": str.lower,
    "toupper": str.upper,
    "trim": str.strip,
}
