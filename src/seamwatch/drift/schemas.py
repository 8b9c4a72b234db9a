"""Comparing two schemas without inlining them: a memoised graph of schema pairs.

Each pair of schemas (old location, new location, direction, role) is compared once. Its
own changes and the child pairs it leads to (properties, items, branches) are stored as a
node; the changes an operation sees are the union over every node reachable from its root
pair. Recursive schemas simply lead back to a node that already exists, and a component
used by a thousand operations is compared once, which keeps a diff linear in spec size.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from seamwatch.contracts.refs import Located, RefResolver
from seamwatch.drift.fingerprint import Fingerprints
from seamwatch.drift.pairs import NodeKey, Pair, SchemaChange
from seamwatch.drift.schema_structure import compare_pair
from seamwatch.drift.schema_view import unwrap

__all__ = ["SchemaDiff"]


@dataclass(slots=True)
class _Node:
    changes: list[SchemaChange] = field(default_factory=list)
    children: list[NodeKey] = field(default_factory=list)


_EMPTY = _Node()


class SchemaDiff:
    """Compares schemas of an old and a new contract; results are memoised per pair."""

    def __init__(self, old: RefResolver, new: RefResolver, today: date,
                 roots: tuple[Path, Path] | None = None) -> None:
        self.old_resolver, self.new_resolver = old, new
        self.roots = roots
        self.old_prints, self.new_prints = Fingerprints(old), Fingerprints(new)
        self.today = today
        self._nodes: dict[NodeKey, _Node] = {}
        self._closures: dict[NodeKey, tuple[SchemaChange, ...]] = {}

    def pair(self, old: Located, new: Located, direction: str, role: str) -> Pair:
        return Pair(unwrap(self.old_resolver, old), unwrap(self.new_resolver, new), direction, role)

    def same(self, old: Located, new: Located) -> bool:
        return self.old_prints.same(old, new, self.new_prints)

    def compare(self, old: Located, new: Located, direction: str, role: str) -> tuple[SchemaChange, ...]:
        """Every change between the two schemas and everything they reach."""
        root = self.pair(old, new, direction, role)
        if self.same(root.old, root.new):
            return ()
        key = root.key
        if key not in self._closures:
            self._build(root)
            self._closures[key] = self._collect(key)
        return self._closures[key]

    def _build(self, root: Pair) -> None:
        pending = [root]
        while pending:
            pair = pending.pop()
            key = pair.key
            if key in self._nodes:
                continue
            if self.same(pair.old, pair.new):
                self._nodes[key] = _EMPTY
                continue
            changes, children = compare_pair(self, pair)
            self._nodes[key] = _Node(changes, [c.key for c in children])
            pending.extend(children)

    def _collect(self, root: NodeKey) -> tuple[SchemaChange, ...]:
        found: dict[SchemaChange, None] = {}
        seen = {root}
        queue = deque([root])
        while queue:
            key = queue.popleft()
            done = self._closures.get(key) if key != root else None
            if done is not None:
                found.update(dict.fromkeys(done))
                continue
            node = self._nodes[key]
            found.update(dict.fromkeys(node.changes))
            for child in node.children:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        return tuple(found)
