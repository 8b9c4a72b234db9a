from __future__ import annotations

from collections.abc import Iterator

from seamwatch.contracts.lint import LintRule, lint_rule
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.core.findings import Finding


@lint_rule(
    "operation-ids-unique",
    "Every operation has an operationId, and no two share one.",
    "give each operation a unique operationId (links and reports refer to them)",
)
def check(rule: LintRule, contract: Contract) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for op in contract.operations():
        pointer = join_pointer(op.pointer, "operationId")
        if not op.operation_id:
            yield rule.finding(contract, op.pointer, f"{op.label} has no operationId")
        elif op.operation_id in seen:
            yield rule.finding(contract, pointer,
                               f"operationId {op.operation_id!r} is also used by {seen[op.operation_id]}")
        else:
            seen[op.operation_id] = op.label
