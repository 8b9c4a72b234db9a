"""The units the schema comparison works on: a pair of schemas, and a change inside one."""

from __future__ import annotations

from dataclasses import dataclass, field

from seamwatch.contracts.refs import Located
from seamwatch.drift.model import Where
from seamwatch.drift.rules import schema_rule_id
from seamwatch.drift.schema_view import schema_label

__all__ = ["NodeKey", "Pair", "Recorder", "SchemaChange"]

NodeKey = tuple[int, str, int, str, str, str]

@dataclass(frozen=True)
class SchemaChange:
    """A change inside a schema, before it is attached to the operations that reach it."""

    id: str
    message: str
    old: Where | None
    new: Where | None

    def __hash__(self) -> int:
        # Changes are deduplicated in sets many times per operation; hash once.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.id, self.message, self.old, self.new))
            object.__setattr__(self, "_hash", cached)
        return cached


@dataclass(frozen=True, slots=True)
class Pair:
    """Two resolved schemas to compare. ``direction``: request or response; ``role``: where
    the schema sits (body, parameter, header, or property for anything nested)."""

    old: Located
    new: Located
    direction: str
    role: str

    @property
    def key(self) -> NodeKey:
        # Document identity: documents are cached per resolver, and hashing Paths is slow.
        return (id(self.old[1]), self.old[2], id(self.new[1]), self.new[2], self.direction, self.role)

    @property
    def old_where(self) -> Where:
        return (self.old[1].path, self.old[2])

    @property
    def new_where(self) -> Where:
        return (self.new[1].path, self.new[2])

    def label(self, pointer: str | None = None) -> str:
        """Readable name of the schema (or of ``pointer`` on the new side), e.g. ``Order.email``."""
        return schema_label(self.new[2] if pointer is None else pointer)


@dataclass
class Recorder:
    """Collects the changes found in one pair."""

    pair: Pair
    changes: list[SchemaChange] = field(default_factory=list)

    def schema(self, suffix: str, message: str, *, old: Where | None = None,
               new: Where | None = None) -> None:
        """A change to the schema itself, named after the pair's direction and role.

        It sits at the pair's own locations unless ``old``/``new`` say otherwise.
        """
        rule_id = schema_rule_id(self.pair.direction, self.pair.role, suffix)
        self.add(rule_id, message, old or self.pair.old_where, new or self.pair.new_where)

    def add(self, rule_id: str, message: str, old: Where | None, new: Where | None) -> None:
        self.changes.append(SchemaChange(rule_id, message, old, new))
