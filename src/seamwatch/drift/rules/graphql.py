"""Rules for GraphQL SDL pairs: one per graphql-core change type, plus safe additions."""

from __future__ import annotations

from graphql.utilities import BreakingChangeType, DangerousChangeType

from seamwatch.drift.model import Level
from seamwatch.drift.rules import rule

__all__ = ["graphql_rule_id"]

_ADVICE = {
    Level.BREAKING: "Update the queries and mutations that use it before upgrading.",
    Level.WARNING: "Check the queries that use it: results or defaults may differ.",
}


def graphql_rule_id(kind: BreakingChangeType | DangerousChangeType) -> str:
    """``FIELD_REMOVED`` -> ``graphql-field-removed``."""
    return "graphql-" + kind.name.lower().replace("_", "-")


def _summary(kind: BreakingChangeType | DangerousChangeType) -> str:
    words = kind.name.lower().replace("_", " ").replace("arg", "argument")
    return f"graphql-core reports {kind.__class__.__name__} {kind.name}: {words}."


for _kind in BreakingChangeType:
    rule(graphql_rule_id(_kind), Level.BREAKING, "graphql", _summary(_kind), _ADVICE[Level.BREAKING])
for _kind in DangerousChangeType:
    rule(graphql_rule_id(_kind), Level.WARNING, "graphql", _summary(_kind), _ADVICE[Level.WARNING])
rule("sw-graphql-type-added", Level.INFO, "graphql", "A new type in the schema.", "Nothing to do.")
rule("sw-graphql-field-added", Level.INFO, "graphql", "A new field on an existing type.", "Nothing to do.")
