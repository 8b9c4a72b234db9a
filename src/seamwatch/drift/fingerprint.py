"""Structural fingerprints: equal fingerprints mean equal meaning to a client.

Descriptions and examples are left out and every ``$ref`` is replaced by the fingerprint
of what it points at, so a schema moved to another component or file, or inlined instead
of referenced, fingerprints the same. Drift skips equal pairs (schemas, and whole
operations) without walking them, which is what keeps a diff of two multi-MB specs fast.

A fingerprint that went through a cycle is marked: it depends on where the cycle was
entered, so it is never used to skip a pair.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from seamwatch.contracts.refs import Located, RefResolver
from seamwatch.core.documents import Document, escape_token
from seamwatch.drift.schema_view import ANNOTATIONS

__all__ = ["Fingerprints"]

# Maps whose keys are names (any name, "description" included) rather than keywords.
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
                        "responses", "content", "headers", "encoding", "links", "callbacks"})
# Values compared exactly as written.
_LITERALS = frozenset({"enum", "const", "default", "required", "type", "security"})

# Pointers are only needed where a $ref is followed, so they are built lazily from this
# (parent, token) chain instead of for every node.
_Trail = tuple[Any, Any]


def _pointer(trail: _Trail | str) -> str:
    tokens = []
    while isinstance(trail, tuple):
        trail, token = trail
        tokens.append(escape_token(token))
    return trail + "".join("/" + t for t in reversed(tokens))


class Fingerprints:
    """Memoised fingerprints of the objects reachable in one side's documents."""

    def __init__(self, resolver: RefResolver) -> None:
        self.resolver = resolver
        # Keyed by document identity (documents are cached per resolver, and hashing a
        # Path is slow at this volume) and pointer; references also by their text.
        self._cache: dict[tuple[int, str], tuple[str, bool]] = {}
        self._refs: dict[tuple[int, str], tuple[str, bool]] = {}
        self._open: set[tuple[int, str]] = set()

    def of(self, located: Located) -> tuple[str, bool]:
        """``(digest, went_through_a_cycle)`` of the schema (or any object) at ``located``."""
        node, doc, pointer = self.resolver.deref(*located)
        key = (id(doc), pointer)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if key in self._open:
            return f"cycle:{doc.path.name}#{pointer}", True
        self._open.add(key)
        try:
            state = [False]
            data = self._normal(node, doc, pointer, state)
            digest = hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        finally:
            self._open.discard(key)
        self._cache[key] = (digest, state[0])
        return digest, state[0]

    def same(self, old: Located, new: Located, other: Fingerprints) -> bool:
        """True when ``old`` (on this side) and ``new`` (on ``other``) mean the same."""
        a, cyclic_a = self.of(old)
        b, cyclic_b = other.of(new)
        return a == b and not cyclic_a and not cyclic_b

    def _normal(self, node: Any, doc: Document, trail: _Trail | str, state: list[bool]) -> Any:
        """``node`` without annotations, each ``$ref`` replaced by its target's digest."""
        if isinstance(node, list):
            return [self._normal(v, doc, (trail, i), state) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        ref = node.get("$ref")
        if isinstance(ref, str):
            ref_key = (id(doc), ref)
            found = self._refs.get(ref_key)
            if found is None:
                found = self.of((node, doc, _pointer(trail)))
                if not found[1]:
                    self._refs[ref_key] = found
            state[0] |= found[1]
            out["$ref"] = found[0]
        for key, value in node.items():
            if key in ANNOTATIONS or key == "$ref":
                continue
            if key in _LITERALS or not isinstance(value, (dict, list)):
                out[key] = value
            elif key in _NAME_MAPS and isinstance(value, dict):
                at = (trail, key)
                out[key] = {k: self._normal(v, doc, (at, k), state) for k, v in value.items()}
            else:
                out[key] = self._normal(value, doc, (trail, key), state)
        return out
