from __future__ import annotations

from collections.abc import Iterator

from seamwatch.contracts.lint import LintRule, lint_rule
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.core.findings import Finding

# A 204 (or a 2xx with no content by design) has nothing to describe.
_BODYLESS = {"204", "205"}


@lint_rule(
    "success-response-schema",
    "Every operation documents a 2xx response, with a schema unless it is bodiless (204).",
    "add a 2xx response with content.<media type>.schema",
)
def check(rule: LintRule, contract: Contract) -> Iterator[Finding]:
    for op in contract.operations():
        responses = {str(code): value for code, value in (op.spec.get("responses") or {}).items()}
        success = [code for code in responses if code.startswith("2")]
        if not success:
            yield rule.finding(contract, join_pointer(op.pointer, "responses"),
                               f"{op.label} documents no 2xx response")
            continue
        for code in success:
            if code in _BODYLESS:
                continue
            pointer = join_pointer(op.pointer, "responses", code)
            response = contract.deref(responses[code], pointer)
            content = (response or {}).get("content") or {}
            if not any(isinstance(m, dict) and "schema" in m for m in content.values()):
                yield rule.finding(contract, pointer, f"{op.label} {code} response has no schema")
