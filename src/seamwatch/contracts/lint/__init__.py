"""Lint rules for contracts: one registry, one module per rule under ``rules/``.

To add a rule: write ``rules/<name>.py`` that decorates a function with ``@lint_rule(...)``,
and add a failing and a passing fixture to ``tests/unit/contracts/test_lint_rules.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from seamwatch.contracts.spec import Contract
from seamwatch.core.findings import Finding, Severity
from seamwatch.core.registry import Registry

__all__ = ["LINT_RULES", "LintRule", "lint_contract", "lint_rule"]

Check = Callable[["LintRule", Contract], Iterable[Finding]]


@dataclass(frozen=True)
class LintRule:
    id: str
    summary: str
    fix: str
    check: Check
    severity: Severity = Severity.ERROR

    def finding(self, contract: Contract, pointer: str, message: str) -> Finding:
        return Finding(
            rule_id=self.id, severity=self.severity, message=message,
            location=str(contract.path), pointer=pointer,
            line=contract.document.line_of(pointer), fix=self.fix,
        )


LINT_RULES: Registry[LintRule] = Registry("lint rule")


def lint_rule(rule_id: str, summary: str, fix: str,
              severity: Severity = Severity.ERROR) -> Callable[[Check], Check]:
    def decorate(check: Check) -> Check:
        LINT_RULES.add(rule_id, LintRule(rule_id, summary, fix, check, severity))
        return check

    return decorate


def _load_rules() -> None:
    from seamwatch.contracts.lint import rules

    for info in pkgutil.iter_modules(rules.__path__):
        importlib.import_module(f"{rules.__name__}.{info.name}")


_load_rules()


def lint_contract(contract: Contract, only: Iterable[str] | None = None) -> list[Finding]:
    selected = set(only) if only is not None else None
    findings: list[Finding] = []
    for rule_id, rule in LINT_RULES:
        if selected is None or rule_id in selected:
            findings.extend(rule.check(rule, contract))
    return sorted(findings, key=lambda f: (f.line or 0, f.rule_id))
