"""The state one OpenAPI diff carries around: both contracts, the schema comparison, and
the changes found so far; plus :class:`OpRef`, one operation on one side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from seamwatch.contracts.refs import Located
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.drift.model import Change, Where
from seamwatch.drift.rules import change
from seamwatch.drift.schemas import SchemaDiff

__all__ = ["DiffRun", "OpRef"]


@dataclass(frozen=True)
class OpRef:
    """One operation on one side: its spec, pointer, path item and the contract."""

    contract: Contract
    path: str
    method: str
    spec: dict[str, Any]
    item: dict[str, Any]
    item_pointer: str
    webhook: bool = False

    @property
    def pointer(self) -> str:
        return join_pointer(self.item_pointer, self.method)

    @property
    def where(self) -> Where:
        return (self.contract.path, self.pointer)

    @property
    def label(self) -> str:
        where = f"webhook:{self.path}" if self.webhook else self.path
        return f"{self.method.upper()} {where}"


class DiffRun:
    """State of one diff: both contracts, the schema comparison and the changes so far."""

    def __init__(self, old: Contract, new: Contract, today: date) -> None:
        self.old, self.new, self.today = old, new, today
        self.schemas = SchemaDiff(old.resolver, new.resolver, today, roots=(old.path, new.path))
        self.changes: list[Change] = []
        self._seen: set[tuple[str, Any]] = set()

    def emit(self, rule_id: str, operation: str, message: str,
             old: Where | None = None, new: Where | None = None) -> None:
        self.changes.append(change(rule_id, operation, message, old, new))

    def old_deref(self, located: Located) -> Located:
        return self.old.resolver.deref(*located)

    def new_deref(self, located: Located) -> Located:
        return self.new.resolver.deref(*located)

    def schema(self, old: Located, new: Located, direction: str, role: str,
               operation: str, context: str) -> None:
        """Compare two schemas and attach what differs to ``operation``, once each."""
        for item in self.schemas.compare(old, new, direction, role):
            if (operation, item) in self._seen:
                continue
            self._seen.add((operation, item))
            self.emit(item.id, operation, f"{context}: {item.message}", item.old, item.new)
