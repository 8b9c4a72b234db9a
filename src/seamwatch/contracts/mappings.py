"""Field mappings: Shopify <-> canonical <-> ERP, declared in ``contracts/mappings/*.yaml``.

A mapping names, for each canonical field, the path it has in each system's contract schema
(``line_items[].sku``), whether our integration reads or writes it, and a named transform.
Every path must exist in its contract; that is checked when the mapping is validated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from seamwatch.contracts.canonical import CANONICAL_MODELS
from seamwatch.contracts.refs import RefResolver
from seamwatch.contracts.spec import Contract, load_contract
from seamwatch.contracts.transforms import TRANSFORMS
from seamwatch.core.documents import Document, did_you_mean, join_pointer, load_document
from seamwatch.core.errors import MappingError
from seamwatch.core.findings import Finding, Severity

__all__ = [
    "FieldSide",
    "Mapping",
    "SystemRef",
    "check_mapping_paths",
    "load_mapping",
    "mapped_pointers",
    "to_canonical",
]

MAPPING_PATHS_RULE = "mapping-paths-exist"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SystemRef(_Strict):
    contract: str = Field(description="contract path, relative to the mapping file")
    schema_name: str = Field(alias="schema", description="component schema the paths start at")


class FieldSide(_Strict):
    path: str = Field(description="dotted path; `[]` steps into array items")
    transform: str = "identity"
    access: Literal["read", "write", "read_write"] = "read"
    default: Any = None

    @field_validator("transform")
    @classmethod
    def _known_transform(cls, value: str) -> str:
        if value not in TRANSFORMS:
            hint = did_you_mean(value, TRANSFORMS.names())
            raise ValueError(f"unknown transform {value!r}" + (f"; did you mean {hint!r}?" if hint else ""))
        return value


class Mapping(_Strict):
    mapping: str
    canonical: str
    description: str = ""
    systems: dict[str, SystemRef]
    fields: dict[str, dict[str, FieldSide]]

    @field_validator("canonical")
    @classmethod
    def _known_model(cls, value: str) -> str:
        if value not in CANONICAL_MODELS:
            raise ValueError(f"unknown canonical model {value!r}; known: {sorted(CANONICAL_MODELS)}")
        return value


def load_mapping(path: str | Path) -> tuple[Mapping, Document]:
    document = load_document(path, MappingError)
    try:
        mapping = Mapping.model_validate(document.data)
    except ValidationError as exc:
        error = exc.errors()[0]
        pointer = join_pointer("", *error["loc"])
        raise MappingError(error["msg"], file=document.path, line=document.line_of(pointer),
                           field=pointer or "/", fix="see contracts/mappings/README.md") from None
    for name, sides in mapping.fields.items():
        for system in sides:
            if system not in mapping.systems:
                pointer = join_pointer("/fields", name, system)
                raise MappingError(f"system {system!r} is not declared under `systems`",
                                   file=document.path, line=document.line_of(pointer),
                                   field=pointer, fix=f"add `{system}` to `systems`")
    return mapping, document


def _branches(contract: Contract, node: Any, pointer: str) -> Iterator[tuple[dict, str]]:
    """A schema and every allOf/oneOf/anyOf branch it is made of, references followed."""
    node, doc, pointer = contract.resolver.deref(node, contract.document, pointer)
    if not isinstance(node, dict):
        return
    yield node, f"{doc.path}#{pointer}"
    for key in ("allOf", "oneOf", "anyOf"):
        for i, branch in enumerate(node.get(key) or []):
            yield from _branches(contract, branch, join_pointer(pointer, key, i))


def _resolve_path(contract: Contract, schema: str, path: str) -> tuple[list[str], str | None]:
    """Pointers of each property along ``path``; the first missing segment, if any."""
    start = join_pointer("/components/schemas", schema)
    if contract.schema(schema) is None:
        return [], f"schema {schema!r}"
    current = [(contract.schema(schema), start)]
    pointers: list[str] = []
    for segment in path.split("."):
        name, is_array = segment.removesuffix("[]"), segment.endswith("[]")
        found = []
        for node, pointer in current:
            for branch, where in _branches(contract, node, pointer):
                props = branch.get("properties") or {}
                if name in props:
                    ptr = join_pointer(where.split("#", 1)[1], "properties", name)
                    pointers.append(where.split("#", 1)[0] + "#" + ptr)
                    child = props[name]
                    if is_array:
                        child_node, _, child_ptr = contract.resolver.deref(child, contract.document, ptr)
                        found.append((child_node.get("items", {}), join_pointer(child_ptr, "items")))
                    else:
                        found.append((child, ptr))
        if not found:
            return pointers, segment
        current = found
    return pointers, None


def check_mapping_paths(mapping: Mapping, document: Document,
                        contracts: dict[str, Contract]) -> list[Finding]:
    """One finding per mapped path that its contract schema does not have."""
    findings = []
    for name, sides in mapping.fields.items():
        for system, side in sides.items():
            ref = mapping.systems[system]
            _, missing = _resolve_path(contracts[system], ref.schema_name, side.path)
            if missing is not None:
                pointer = join_pointer("/fields", name, system, "path")
                findings.append(Finding(
                    rule_id=MAPPING_PATHS_RULE, severity=Severity.ERROR,
                    message=f"{system} path {side.path!r} for {name!r}: {missing!r} is not in "
                            f"{ref.schema_name} of {Path(ref.contract).name}",
                    location=str(document.path), pointer=pointer, line=document.line_of(pointer),
                    fix="map an existing field, or update the mapping after the contract changed",
                ))
    return findings


def load_mapping_contracts(mapping: Mapping, document: Document,
                           resolver: RefResolver | None = None) -> dict[str, Contract]:
    resolver = resolver or RefResolver()
    return {system: load_contract(document.path.parent / ref.contract, resolver)
            for system, ref in mapping.systems.items()}


def mapped_pointers(mapping: Mapping, system: str, contract: Contract) -> dict[str, str]:
    """``file#pointer`` of every schema property the mapping touches -> canonical field name."""
    result: dict[str, str] = {}
    for name, sides in mapping.fields.items():
        if system in sides:
            pointers, _ = _resolve_path(contract, mapping.systems[system].schema_name, sides[system].path)
            for pointer in pointers:
                result.setdefault(pointer, name)
    return result


def _values(payload: Any, path: str) -> Any:
    """Read ``path`` from ``payload``; an ``[]`` segment yields a list of child values."""
    head, _, rest = path.partition(".")
    name = head.removesuffix("[]")
    value = payload.get(name) if isinstance(payload, dict) else None
    if head.endswith("[]"):
        items = value if isinstance(value, list) else []
        return [_values(item, rest) if rest else item for item in items]
    return _values(value, rest) if rest else value


def to_canonical(mapping: Mapping, system: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Map one system's payload to canonical field values (``lines[].sku`` -> list per line).

    Raises ``TransformError`` when a value has the wrong type (e.g. a float for money).
    """
    flat: dict[str, Any] = {}
    for name, sides in mapping.fields.items():
        side = sides.get(system)
        if side is None:
            continue
        transform = TRANSFORMS.get(side.transform)
        raw = _values(payload, side.path)
        if isinstance(raw, list) and "[]" in side.path:
            flat[name] = [transform(v) if v is not None else side.default for v in raw]
        else:
            flat[name] = transform(raw) if raw not in (None, "") else side.default
    return _nest(flat)


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"lines[].sku": [a, b], "lines[].qty": [1, 2]}`` -> ``{"lines": [{sku, qty}, ...]}``."""
    out: dict[str, Any] = {}
    for name, value in flat.items():
        if "[]." in name:
            head, field = name.split("[].", 1)
            rows = out.setdefault(head, [])
            for i, item in enumerate(value or []):
                while len(rows) <= i:
                    rows.append({})
                rows[i][field] = item
        else:
            out[name] = value
    return out
