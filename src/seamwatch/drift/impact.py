"""Mapping impact: which changes touch a field our canonical mappings read or write.

A mapping names, per system, a contract and field paths in it. A diffed file stands for
that contract when it *is* that file, or when its ``info.title`` is the same: users diff
two versions that live elsewhere (a pinned copy and the next version), so the title is how
we recognise "the Shopify contract" in any path. Field pointers are then compared by JSON
pointer; a pointer into another file matches when the file name is the same.

A change affects a mapped field when its location is the field's property (or one on the
way to it, like ``line_items`` for ``line_items[].sku``), is inside the field (also through
its ``$ref`` target, e.g. the shared ``Money`` schema), or - for changes that are not info -
is a parent of it (the whole ``Order`` schema changed). Affected changes name the mapping
(``order:total``) and are raised to breaking; info changes are named but keep their level,
since a safe change (a wider request limit, a new optional field) stays safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seamwatch.contracts.mappings import (
    Mapping,
    load_mapping,
    load_mapping_contracts,
    mapped_pointers,
)
from seamwatch.contracts.refs import RefResolver
from seamwatch.contracts.spec import Contract
from seamwatch.core.errors import UsageError
from seamwatch.drift.model import Change, Level, Where
from seamwatch.drift.schema_view import unwrap

__all__ = ["MappedField", "apply_mapping_impact", "mapped_fields"]


@dataclass(frozen=True)
class MappedField:
    """One mapped field of one system: ``order:total`` and where it lives in its contract."""

    label: str
    path: tuple[Where, ...]
    inside: tuple[Where, ...]
    contract_root: Path


def apply_mapping_impact(changes: list[Change], old: Contract, new: Contract,
                         directory: Path) -> list[Change]:
    """``changes`` with every change that touches a mapped field flagged (and raised)."""
    fields = mapped_fields(directory, old, new)
    out = []
    for item in changes:
        sides = ((0, item.old, item.new, old.path), (1, item.new, item.old, new.path))
        hits = sorted({f.label for side, where, other, root in sides if where is not None
                       for f in fields[side] if _touches(f, where, other, root, item.level)})
        if hits:
            item = item.affecting(hits, Level.BREAKING if item.level != Level.INFO else Level.INFO)
        out.append(item)
    return out


def mapped_fields(directory: Path, old: Contract,
                  new: Contract) -> tuple[list[MappedField], list[MappedField]]:
    """Mapped fields whose contract is the old file, and those whose contract is the new one."""
    if not directory.is_dir():
        raise UsageError("mappings directory not found", file=directory,
                         fix="pass --mappings contracts/mappings or another directory of mapping files")
    found: tuple[list[MappedField], list[MappedField]] = ([], [])
    resolver = RefResolver()
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        mapping, document = load_mapping(path)
        contracts = load_mapping_contracts(mapping, document, resolver)
        for system, contract in contracts.items():
            for side, diffed in enumerate((old, new)):
                if _same_contract(contract, diffed):
                    found[side].extend(_fields(mapping, system, contract))
    return found


def _same_contract(mapped: Contract, diffed: Contract) -> bool:
    if mapped.path.resolve() == diffed.path.resolve():
        return True
    title = (mapped.data.get("info") or {}).get("title")
    return bool(title) and title == (diffed.data.get("info") or {}).get("title")


def _fields(mapping: Mapping, system: str, contract: Contract) -> list[MappedField]:
    result = []
    for name, sides in mapping.fields.items():
        if system not in sides:
            continue
        # One field at a time: mapped_pointers keeps only the first field per shared pointer.
        single = mapping.model_copy(update={"fields": {name: sides}})
        path = tuple(_split(p) for p in mapped_pointers(single, system, contract))
        if path:
            result.append(MappedField(f"{mapping.mapping}:{name}", path,
                                      _inside(contract, path[-1]), contract.path))
    return result


def _split(file_pointer: str) -> Where:
    file, _, pointer = file_pointer.partition("#")
    return (Path(file), pointer)


def _inside(contract: Contract, leaf: Where) -> tuple[Where, ...]:
    """The leaf property and the schemas its value resolves to (also array items)."""
    found = [leaf]
    document = contract.resolver.load(leaf[0])
    node = _at(document.data, leaf[1])
    located = unwrap(contract.resolver, (node, document, leaf[1]))
    found.append((located[1].path, located[2]))
    items = located[0].get("items") if isinstance(located[0], dict) else None
    if isinstance(items, dict):
        inner = unwrap(contract.resolver, (items, located[1], located[2] + "/items"))
        found.append((inner[1].path, inner[2]))
    return tuple(dict.fromkeys(found))


def _at(data: object, pointer: str) -> object:
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        data = data.get(token) if isinstance(data, dict) else None  # type: ignore[union-attr]
    return data


def _same_file(a: Path, b: Path, diffed_root: Path, mapped_root: Path) -> bool:
    if a == b or a.name == b.name:
        return True
    return a == diffed_root and b == mapped_root


def _touches(field: MappedField, where: Where, other: Where | None, root: Path, level: Level) -> bool:
    file, pointer = where
    for mapped_file, mapped in field.path:
        if _same_file(file, mapped_file, root, field.contract_root):
            parent = bool(pointer) and level != Level.INFO and mapped.startswith(pointer + "/")
            if pointer == mapped or parent:
                return True
    for i, (target_file, target) in enumerate(field.inside):
        # A shared target (Money) counts only when it changed in place: a property that
        # stopped referring to it sits at the target on one side and elsewhere on the other.
        in_place = i == 0 or other is None or other[1] == pointer
        inside = pointer == target or pointer.startswith(target + "/")
        if in_place and inside and _same_file(file, target_file, root, field.contract_root):
            return True
    return False
