"""What a drift run produces: levels, changes and the report. Data only; renderers consume it."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["Change", "DriftReport", "Level", "Where"]

Where = tuple[Path, str]
"""A file and a location inside it: a JSON pointer (OpenAPI) or ``Type.field`` (GraphQL)."""


class Level(str, enum.Enum):
    """How much a change matters to a client. Ordered: ``BREAKING`` > ``WARNING`` > ``INFO``."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"breaking": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two contracts (or between a contract and a real response).

    ``old``/``new`` say where the change sits on each side (``None`` where it does not
    exist, e.g. ``new`` of a removed property). For schema changes the pointer is the
    schema property the change concerns, the component's pointer when reached via ``$ref``.
    """

    id: str
    level: Level
    operation: str
    message: str
    old: Where | None = None
    new: Where | None = None
    mappings: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        """``file#pointer`` on the new side, or on the old side for what no longer exists."""
        where = self.new or self.old
        if where is None:
            return ""
        return f"{where[0].name}#{where[1]}"

    def affecting(self, mappings: Iterable[str], level: Level) -> Change:
        """A copy naming the mappings it touches, with its level raised to ``level``."""
        merged = tuple(sorted(set(self.mappings) | set(mappings)))
        raised = level if level.rank > self.level.rank else self.level
        return replace(self, mappings=merged, level=raised)

    def sort_key(self) -> tuple[int, str, str, str]:
        return (-self.level.rank, self.operation, self.id, self.location)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level.value,
            "operation": self.operation,
            "location": self.location,
            "message": self.message,
            "mappings": list(self.mappings),
        }


@dataclass
class DriftReport:
    """The changes found between ``old`` and ``new``, sorted most severe first."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.changes = sorted(self.changes, key=Change.sort_key)

    def counts(self) -> dict[str, int]:
        tally = Counter(c.level.value for c in self.changes)
        return {level.value: tally.get(level.value, 0) for level in Level}

    def worst(self) -> Level | None:
        return self.changes[0].level if self.changes else None

    def fails(self, fail_on: str) -> bool:
        """True when a change at or above ``fail_on`` (``breaking``/``warning``/``never``) exists."""
        if fail_on == "never" or not self.changes:
            return False
        return self.changes[0].level.rank >= Level(fail_on).rank

    def summary(self) -> dict[str, Any]:
        return {**self.counts(), "old": self.old, "new": self.new}

    def to_dict(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes], "summary": self.summary()}
