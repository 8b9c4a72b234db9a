"""Spec-vs-spec diff of two OpenAPI 3.0/3.1 contracts: paths, operations and webhooks.

Operations are matched by method and path template with parameter names ignored
(``/orders/{id}`` is ``/orders/{order_id}``). Parameters, bodies and responses are compared
in :mod:`seamwatch.drift.operation_parts`, security in :mod:`seamwatch.drift.security`,
schemas in :mod:`seamwatch.drift.schemas`.
"""

from __future__ import annotations

import re
from datetime import date

from seamwatch.contracts.spec import HTTP_METHODS, Contract
from seamwatch.core.documents import join_pointer
from seamwatch.drift.context import DiffRun, OpRef
from seamwatch.drift.model import Change
from seamwatch.drift.operation_parts import compare_operation
from seamwatch.drift.schema_view import removal, sunset_of
from seamwatch.drift.security import compare_security_schemes

__all__ = ["diff_openapi"]

_TEMPLATE_PARAM = re.compile(r"\{[^}/]+\}")


def diff_openapi(old: Contract, new: Contract, today: date) -> list[Change]:
    """Every change from ``old`` to ``new`` that a client of the API would notice."""
    run = DiffRun(old, new, today)
    for section, webhook in (("paths", False), ("webhooks", True)):
        ops1, ops2 = _operations(old, section, webhook), _operations(new, section, webhook)
        _removed_and_added(run, ops1, ops2, webhook)
        for key in ops1.keys() & ops2.keys():
            if not _same_operation(run, ops1[key], ops2[key]):
                _lifecycle(run, ops1[key], ops2[key])
                compare_operation(run, ops1[key], ops2[key])
    compare_security_schemes(run)
    _components_removed(run)
    return run.changes


def _operations(contract: Contract, section: str, webhook: bool) -> dict[tuple[str, str], OpRef]:
    found: dict[tuple[str, str], OpRef] = {}
    for path, raw in (contract.data.get(section) or {}).items():
        item_pointer = join_pointer(f"/{section}", path)
        item = contract.resolver.deref(raw, contract.document, item_pointer)[0]
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                key = (_TEMPLATE_PARAM.sub("{}", str(path)), method)
                found[key] = OpRef(contract, str(path), method, item[method], item, item_pointer, webhook)
    return found


def _same_operation(run: DiffRun, old: OpRef, new: OpRef) -> bool:
    """True when nothing a client notices differs, so the operation need not be walked.

    Operations of a large spec are mostly unchanged; one fingerprint each is far cheaper
    than comparing their parameters, bodies and responses part by part.
    """
    if not old.webhook and "security" not in old.spec and "security" not in new.spec \
            and old.contract.data.get("security") != new.contract.data.get("security"):
        return False
    prints = run.schemas.old_prints, run.schemas.new_prints
    doc1, doc2 = old.contract.document, new.contract.document
    pairs = (((old.spec, doc1, old.pointer), (new.spec, doc2, new.pointer)),
             ((old.item.get("parameters"), doc1, join_pointer(old.item_pointer, "parameters")),
              (new.item.get("parameters"), doc2, join_pointer(new.item_pointer, "parameters"))))
    return all(prints[0].same(a, b, prints[1]) for a, b in pairs)


def _removed_and_added(run: DiffRun, ops1: dict[tuple[str, str], OpRef],
                       ops2: dict[tuple[str, str], OpRef], webhook: bool) -> None:
    paths2 = {key[0] for key in ops2}
    for key, op in ops1.items():
        if key in ops2:
            continue
        if webhook:
            run.emit("sw-webhook-removed", op.label, f"webhook {op.path} ({op.method.upper()}) removed",
                     op.where, None)
            continue
        kind = removal(run.today, op.spec)
        scope = "api" if key[0] in paths2 else "api-path"
        rule_id = {"plain": f"{scope}-removed-without-deprecation",
                   "deprecated": f"{scope}-removed-with-deprecation",
                   "before-sunset": f"{scope}-removed-before-sunset"}[kind]
        what = "operation" if scope == "api" else "path"
        detail = {"plain": "without deprecation", "deprecated": "after deprecation",
                  "before-sunset": f"before its sunset date {sunset_of(op.spec)}"}[kind]
        run.emit(rule_id, op.label, f"{what} removed {detail}", op.where, None)
    for key, op in ops2.items():
        if key not in ops1:
            rule_id = "sw-webhook-added" if webhook else "endpoint-added"
            run.emit(rule_id, op.label, f"{'webhook' if webhook else 'operation'} added", None, op.where)


def _lifecycle(run: DiffRun, old: OpRef, new: OpRef) -> None:
    """Deprecation, operationId and tags of an operation present on both sides."""
    label = new.label
    was, now = old.spec.get("deprecated") is True, new.spec.get("deprecated") is True
    if was != now:
        sunset = sunset_of(new.spec)
        note = f" (sunset {sunset})" if now and sunset else ""
        run.emit("endpoint-deprecated" if now else "endpoint-reactivated", label,
                 f"operation {'deprecated' if now else 'reactivated'}{note}", old.where, new.where)
    id1, id2 = old.spec.get("operationId"), new.spec.get("operationId")
    if id1 and id1 != id2:
        what = f"renamed to {id2!r}" if id2 else "removed"
        run.emit("api-operation-id-removed", label, f"operationId {id1!r} {what}", old.where, new.where)
    elif id2 and not id1:
        run.emit("api-operation-id-added", label, f"operationId {id2!r} added", old.where, new.where)
    tags1, tags2 = set(old.spec.get("tags") or []), set(new.spec.get("tags") or [])
    for tag in sorted(tags1 - tags2, key=str):
        run.emit("api-tag-removed", label, f"tag {tag!r} removed", old.where, new.where)
    for tag in sorted(tags2 - tags1, key=str):
        run.emit("api-tag-added", label, f"tag {tag!r} added", old.where, new.where)


def _components_removed(run: DiffRun) -> None:
    def names(contract: Contract) -> set[str]:
        return set((contract.data.get("components") or {}).get("schemas") or {})

    for name in sorted(names(run.old) - names(run.new)):
        pointer = join_pointer("/components/schemas", name)
        run.emit("api-schema-removed", "", f"schema {name} removed from components",
                 (run.old.path, pointer), None)
