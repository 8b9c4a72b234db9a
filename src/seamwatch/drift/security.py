"""Security: the requirements each operation effectively has, and the declared schemes.

An operation's ``security`` (else the document's) is a list of alternatives; each is a set
of schemes that must all be satisfied. An empty alternative (or no list) means a client may
call without credentials. Global changes are reported per operation they affect.
"""

from __future__ import annotations

from typing import Any

from seamwatch.core.documents import join_pointer
from seamwatch.drift.context import DiffRun, OpRef
from seamwatch.drift.model import Where

__all__ = ["compare_operation_security", "compare_security_schemes"]

Alternatives = dict[frozenset[str], dict[str, set[str]]]


def _effective(op: OpRef) -> tuple[Alternatives, Where]:
    if "security" in op.spec:
        listed, pointer = op.spec.get("security"), join_pointer(op.pointer, "security")
    else:
        listed, pointer = op.contract.data.get("security"), "/security"
    found: Alternatives = {}
    for alternative in listed or []:
        if isinstance(alternative, dict):
            scopes = {str(k): set(v or []) for k, v in alternative.items()}
            found[frozenset(scopes)] = scopes
    if not listed:
        found[frozenset()] = {}
    return found, (op.contract.path, pointer)


def compare_operation_security(run: DiffRun, old: OpRef, new: OpRef) -> None:
    (a1, where1), (a2, where2) = _effective(old), _effective(new)
    label = new.label
    open1, open2 = frozenset() in a1, frozenset() in a2
    if open1 != open2:
        if open2:
            run.emit("sw-api-security-no-longer-required", label,
                     "operation can now be called without credentials", where1, where2)
        else:
            schemes = " or ".join(sorted("+".join(sorted(k)) for k in a2))
            run.emit("sw-api-security-now-required", label,
                     f"operation now requires credentials ({schemes})", where1, where2)
        return
    for key in sorted(a1.keys() - a2.keys(), key=sorted):
        run.emit("api-security-removed", label, f"security {'+'.join(sorted(key))} removed", where1, where2)
    for key in sorted(a2.keys() - a1.keys(), key=sorted):
        run.emit("api-security-added", label, f"security {'+'.join(sorted(key))} added", where1, where2)
    for key in a1.keys() & a2.keys():
        for scheme in sorted(key):
            for scope in sorted(a2[key][scheme] - a1[key][scheme]):
                run.emit("api-security-scope-added", label,
                         f"security {scheme} requires scope {scope!r}", where1, where2)
            for scope in sorted(a1[key][scheme] - a2[key][scheme]):
                run.emit("api-security-scope-removed", label,
                         f"security {scheme} no longer requires scope {scope!r}", where1, where2)


def compare_security_schemes(run: DiffRun) -> None:
    """components/securitySchemes: added, removed, and changes to how credentials travel."""
    s1, s2 = _schemes(run, run.old, True), _schemes(run, run.new, False)
    for name in sorted(s1.keys() - s2.keys()):
        run.emit("api-security-component-removed", "", f"security scheme {name} removed", s1[name][1], None)
    for name in sorted(s2.keys() - s1.keys()):
        run.emit("api-security-component-added", "", f"security scheme {name} added", None, s2[name][1])
    for name in sorted(s1.keys() & s2.keys()):
        (one, where1), (two, where2) = s1[name], s2[name]
        if one.get("type") != two.get("type"):
            run.emit("api-security-component-type-changed", "",
                     f"security scheme {name}: type changed from {one.get('type')} to {two.get('type')}",
                     where1, where2)
            continue
        differs = [k for k in ("in", "name", "scheme") if _norm(one, k) != _norm(two, k)]
        if differs:
            what = ", ".join(f"{k} {one.get(k)!r} -> {two.get(k)!r}" for k in differs)
            run.emit("sw-api-security-component-changed", "", f"security scheme {name}: {what}",
                     where1, where2)


def _schemes(run: DiffRun, contract: Any, old: bool) -> dict[str, tuple[dict, Where]]:
    deref = run.old_deref if old else run.new_deref
    found = {}
    for name, raw in ((contract.data.get("components") or {}).get("securitySchemes") or {}).items():
        pointer = join_pointer("/components/securitySchemes", name)
        node, doc, pointer = deref((raw, contract.document, pointer))
        if isinstance(node, dict):
            found[str(name)] = (node, (doc.path, pointer))
    return found


def _norm(scheme: dict, key: str) -> str:
    # Header names and HTTP auth schemes are case-insensitive.
    return str(scheme.get(key, "")).lower()
