"""Comparing one operation present on both sides: parameters, request body, responses.

For a webhook the direction flips: its payload is data the API *sends* to us, so it is
judged like a response body (a removed payload field breaks the receiver). What a webhook
receiver answers is its own business and is not compared.
"""

from __future__ import annotations

import re
from typing import Any

from seamwatch.contracts.refs import Located
from seamwatch.core.documents import join_pointer
from seamwatch.drift.context import DiffRun, OpRef
from seamwatch.drift.schema_view import removal, sunset_of
from seamwatch.drift.security import compare_operation_security

__all__ = ["compare_operation"]

ParamKey = tuple[str, str]


def compare_operation(run: DiffRun, old: OpRef, new: OpRef) -> None:
    if old.webhook:
        _body(run, old, new, direction="response")
        return
    compare_operation_security(run, old, new)
    _parameters(run, old, new)
    _body(run, old, new, direction="request")
    _responses(run, old, new)


# -- parameters

def _parameters(run: DiffRun, old: OpRef, new: OpRef) -> None:
    p1, p2 = _effective_parameters(run, old, run.old_deref), _effective_parameters(run, new, run.new_deref)
    label = new.label
    moved = {key[1]: key for key in p2.keys() - p1.keys() if key[0] != "path"}
    for key, (raw, param, doc, pointer) in p1.items():
        if key in p2:
            continue
        twin = moved.pop(key[1], None) if key[0] != "path" else None
        if twin is not None:
            run.emit("sw-request-parameter-location-changed", label,
                     f"parameter {key[1]} moved from {key[0]} to {twin[0]}",
                     (doc.path, pointer), (p2[twin][2].path, p2[twin][3]))
            del p2[twin]
            continue
        _parameter_removed(run, label, key, raw, param, (doc.path, pointer))
    for key, (_, param, doc, pointer) in p2.items():
        if key not in p1:
            kind = "required" if param.get("required") is True else "optional"
            run.emit(f"new-{kind}-request-parameter", label,
                     f"new {kind} {key[0]} parameter {param.get('name')}", None, (doc.path, pointer))
    for key in p1.keys() & p2.keys():
        _parameter_changed(run, label, key, p1[key], p2[key])


def _effective_parameters(run: DiffRun, op: OpRef, deref: Any) -> dict[ParamKey, tuple]:
    """Path-level parameters overridden by operation-level ones, keyed so renames of
    path parameters (``{id}`` -> ``{order_id}``) are not changes."""
    template = re.findall(r"\{([^}/]+)\}", op.path)
    found: dict[ParamKey, tuple] = {}
    doc = op.contract.document
    levels = ((op.item_pointer, op.item.get("parameters")), (op.pointer, op.spec.get("parameters")))
    for base, listed in levels:
        for i, raw in enumerate(listed or []):
            param, pdoc, pointer = deref((raw, doc, join_pointer(base, "parameters", i)))
            if not isinstance(param, dict) or "name" not in param:
                continue
            where, name = str(param.get("in", "query")), str(param["name"])
            if where == "path" and name in template:
                key = ("path", f"#{template.index(name)}")
            else:
                key = (where, name.lower() if where == "header" else name)
            found[key] = (raw, param, pdoc, pointer)
    return found


def _parameter_removed(run: DiffRun, label: str, key: ParamKey, raw: Any, param: dict, where: Any) -> None:
    kind = removal(run.today, raw, param)
    rule_id = {"plain": "request-parameter-removed",
               "deprecated": "request-parameter-removed-with-deprecation",
               "before-sunset": "request-parameter-removed-before-sunset"}[kind]
    detail = {"plain": "", "deprecated": " (it was deprecated)",
              "before-sunset": f" before its sunset date {sunset_of(raw, param)}"}[kind]
    run.emit(rule_id, label, f"{key[0]} parameter {param.get('name')} removed{detail}", where, None)


def _parameter_changed(run: DiffRun, label: str, key: ParamKey, old: tuple, new: tuple) -> None:
    (_, p1, doc1, ptr1), (_, p2, doc2, ptr2) = old, new
    where1, where2 = (doc1.path, ptr1), (doc2.path, ptr2)
    name = f"{key[0]} parameter {p2.get('name')}"
    req1, req2 = p1.get("required") is True, p2.get("required") is True
    if req1 != req2:
        run.emit(f"request-parameter-became-{'required' if req2 else 'optional'}", label,
                 f"{name} became {'required' if req2 else 'optional'}", where1, where2)
    dep1, dep2 = p1.get("deprecated") is True, p2.get("deprecated") is True
    if dep1 != dep2:
        run.emit(f"request-parameter-{'deprecated' if dep2 else 'reactivated'}", label,
                 f"{name} {'deprecated' if dep2 else 'reactivated'}", where1, where2)
    s1, s2 = _parameter_schema(p1, doc1, ptr1), _parameter_schema(p2, doc2, ptr2)
    if s1 is not None and s2 is not None:
        run.schema(s1, s2, "request", "parameter", label, name)


def _parameter_schema(param: dict, doc: Any, pointer: str) -> Located | None:
    if "schema" in param:
        return (param["schema"], doc, join_pointer(pointer, "schema"))
    for media, entry in (param.get("content") or {}).items():
        if isinstance(entry, dict) and "schema" in entry:
            return (entry["schema"], doc, join_pointer(pointer, "content", media, "schema"))
    return None


# -- bodies

def _body(run: DiffRun, old: OpRef, new: OpRef, direction: str) -> None:
    label = new.label
    b1 = run.old_deref((old.spec.get("requestBody"), old.contract.document,
                        join_pointer(old.pointer, "requestBody")))
    b2 = run.new_deref((new.spec.get("requestBody"), new.contract.document,
                        join_pointer(new.pointer, "requestBody")))
    where1, where2 = (b1[1].path, b1[2]), (b2[1].path, b2[2])
    if not isinstance(b1[0], dict) and not isinstance(b2[0], dict):
        return
    if direction == "request" and not _request_body_presence(run, label, b1, b2, where1, where2):
        return
    if not (isinstance(b1[0], dict) and isinstance(b2[0], dict)):
        return
    context = "webhook payload" if direction == "response" else "request body"
    _media(run, label, b1, b2, direction, context, "request-body-media-type")


def _request_body_presence(run: DiffRun, label: str, b1: Located, b2: Located,
                           where1: Any, where2: Any) -> bool:
    """Report a body added, removed or changed requiredness; False when one side has none."""
    if not isinstance(b1[0], dict):
        kind = "required" if b2[0].get("required") is True else "optional"
        run.emit(f"request-body-added-{kind}", label, f"{kind} request body added", None, where2)
        return False
    if not isinstance(b2[0], dict):
        run.emit("request-body-removed", label, "request body removed", where1, None)
        return False
    req1, req2 = b1[0].get("required") is True, b2[0].get("required") is True
    if req1 != req2:
        became = "required" if req2 else "optional"
        run.emit(f"request-body-became-{became}", label, f"request body became {became}", where1, where2)
    return True


def _media(run: DiffRun, label: str, b1: Located, b2: Located, direction: str,
           context: str, rule_stem: str) -> None:
    """Media types of a body or response: added, removed, and the schema of shared ones."""
    c1 = {str(k).lower(): (k, v) for k, v in (b1[0].get("content") or {}).items()}
    c2 = {str(k).lower(): (k, v) for k, v in (b2[0].get("content") or {}).items()}
    for media in c1.keys() - c2.keys():
        run.emit(f"{rule_stem}-removed", label, f"{context}: media type {media} removed",
                 (b1[1].path, join_pointer(b1[2], "content", c1[media][0])), (b2[1].path, b2[2]))
    for media in c2.keys() - c1.keys():
        run.emit(f"{rule_stem}-added", label, f"{context}: media type {media} added",
                 (b1[1].path, b1[2]), (b2[1].path, join_pointer(b2[2], "content", c2[media][0])))
    for media in sorted(c1.keys() & c2.keys()):
        (k1, m1), (k2, m2) = c1[media], c2[media]
        if isinstance(m1, dict) and isinstance(m2, dict) and "schema" in m1 and "schema" in m2:
            run.schema((m1["schema"], b1[1], join_pointer(b1[2], "content", k1, "schema")),
                       (m2["schema"], b2[1], join_pointer(b2[2], "content", k2, "schema")),
                       direction, "body", label, f"{context} {media}")


# -- responses

def _responses(run: DiffRun, old: OpRef, new: OpRef) -> None:
    label = new.label
    r1 = {str(k).upper(): (k, v) for k, v in (old.spec.get("responses") or {}).items()}
    r2 = {str(k).upper(): (k, v) for k, v in (new.spec.get("responses") or {}).items()}
    base1, base2 = join_pointer(old.pointer, "responses"), join_pointer(new.pointer, "responses")
    for code in sorted(r1.keys() - r2.keys()):
        kind = "success" if code.startswith("2") else "non-success"
        run.emit(f"response-{kind}-status-removed", label, f"response {code} removed",
                 (old.contract.path, join_pointer(base1, r1[code][0])), None)
    for code in sorted(r2.keys() - r1.keys()):
        kind = "success" if code.startswith("2") else "non-success"
        run.emit(f"response-{kind}-status-added", label, f"response {code} added",
                 None, (new.contract.path, join_pointer(base2, r2[code][0])))
    for code in sorted(r1.keys() & r2.keys()):
        one = run.old_deref((r1[code][1], old.contract.document, join_pointer(base1, r1[code][0])))
        two = run.new_deref((r2[code][1], new.contract.document, join_pointer(base2, r2[code][0])))
        if isinstance(one[0], dict) and isinstance(two[0], dict):
            _headers(run, label, code, one, two)
            _media(run, label, one, two, "response", f"response {code}", "response-media-type")


def _headers(run: DiffRun, label: str, code: str, r1: Located, r2: Located) -> None:
    h1 = _header_map(run.old_deref, r1)
    h2 = _header_map(run.new_deref, r2)
    for key in sorted(h1.keys() - h2.keys()):
        name, (header, doc, pointer) = h1[key]
        kind = "required" if header.get("required") is True else "optional"
        run.emit(f"{kind}-response-header-removed", label, f"response {code}: {kind} header {name} removed",
                 (doc.path, pointer), None)
    for key in sorted(h2.keys() - h1.keys()):
        name, (_, doc, pointer) = h2[key]
        run.emit("response-header-added", label, f"response {code}: header {name} added",
                 None, (doc.path, pointer))
    for key in sorted(h1.keys() & h2.keys()):
        (_, (one, doc1, ptr1)), (name, (two, doc2, ptr2)) = h1[key], h2[key]
        if one.get("required") is True and two.get("required") is not True:
            run.emit("response-header-became-optional", label,
                     f"response {code}: header {name} became optional", (doc1.path, ptr1), (doc2.path, ptr2))
        if "schema" in one and "schema" in two:
            run.schema((one["schema"], doc1, join_pointer(ptr1, "schema")),
                       (two["schema"], doc2, join_pointer(ptr2, "schema")),
                       "response", "header", label, f"response {code} header {name}")


def _header_map(deref: Any, response: Located) -> dict[str, tuple[str, Located]]:
    """Lower-cased name (headers are case-insensitive) -> (name as written, header)."""
    node, doc, pointer = response
    found = {}
    for name, raw in (node.get("headers") or {}).items():
        header = deref((raw, doc, join_pointer(pointer, "headers", name)))
        if isinstance(header[0], dict):
            found[str(name).lower()] = (str(name), header)
    return found
