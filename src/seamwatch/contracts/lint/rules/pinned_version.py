from __future__ import annotations

import re
from collections.abc import Iterator

from seamwatch.contracts.lint import LintRule, lint_rule
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.core.findings import Finding

_FLOATING = re.compile(r"(?i)\b(latest|unstable|current|release[-_ ]?candidate)\b")


@lint_rule(
    "pinned-version",
    "The contract pins one API version: info.version and server version variables are not "
    "'latest', 'unstable' or a release candidate.",
    "pin a concrete version such as 2026-01 (Shopify) or v2.0 (Business Central)",
)
def check(rule: LintRule, contract: Contract) -> Iterator[Finding]:
    version = str((contract.data.get("info") or {}).get("version", ""))
    if not version or _FLOATING.search(version):
        yield rule.finding(contract, "/info/version", f"info.version {version!r} is not pinned")
    for i, server in enumerate(contract.data.get("servers") or []):
        for name, var in ((server or {}).get("variables") or {}).items():
            values = [var.get("default", "")] + list(var.get("enum") or [])
            for value in values:
                if _FLOATING.search(str(value)):
                    yield rule.finding(contract, join_pointer("/servers", i, "variables", name),
                                       f"server variable {name!r} allows floating version {value!r}")
                    break
