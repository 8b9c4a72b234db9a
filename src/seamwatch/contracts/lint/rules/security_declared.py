from __future__ import annotations

from collections.abc import Iterator

from seamwatch.contracts.lint import LintRule, lint_rule
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.core.findings import Finding


@lint_rule(
    "security-declared",
    "Every operation is covered by a declared security scheme (top-level or its own).",
    "declare components.securitySchemes and a top-level `security` requirement",
)
def check(rule: LintRule, contract: Contract) -> Iterator[Finding]:
    schemes = set((contract.data.get("components") or {}).get("securitySchemes") or {})
    top = contract.data.get("security")
    for i, requirement in enumerate(top or []):
        for name in requirement or {}:
            if name not in schemes:
                yield rule.finding(contract, join_pointer("/security", i),
                                   f"security requirement names undeclared scheme {name!r}")
    for op in contract.operations():
        own = op.spec.get("security")
        effective = own if own is not None else top
        if not effective:
            yield rule.finding(contract, op.pointer, f"{op.label} has no security requirement")
            continue
        if own is not None:
            for i, requirement in enumerate(own):
                for name in requirement or {}:
                    if name not in schemes:
                        yield rule.finding(contract, join_pointer(op.pointer, "security", i),
                                           f"{op.label} names undeclared scheme {name!r}")
