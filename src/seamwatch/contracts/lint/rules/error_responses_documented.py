from __future__ import annotations

from collections.abc import Iterator

from seamwatch.contracts.lint import LintRule, lint_rule
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.core.findings import Finding


@lint_rule(
    "error-responses-documented",
    "Every operation documents at least one 4xx response and 429 Too Many Requests.",
    "document the 4xx error body and a 429 response (with Retry-After) for the operation",
)
def check(rule: LintRule, contract: Contract) -> Iterator[Finding]:
    for op in contract.operations():
        codes = {str(code) for code in (op.spec.get("responses") or {})}
        pointer = join_pointer(op.pointer, "responses")
        if not any(c.startswith("4") and c != "429" for c in codes) and "4XX" not in codes:
            yield rule.finding(contract, pointer, f"{op.label} documents no 4xx response")
        if "429" not in codes:
            yield rule.finding(contract, pointer, f"{op.label} does not document 429")
