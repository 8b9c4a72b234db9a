from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seamwatch.contracts.lint import LintRule, lint_rule
from seamwatch.contracts.schemas import SchemaChecker
from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer
from seamwatch.core.findings import Finding


@lint_rule(
    "examples-valid",
    "Every example in a request body, response or parameter validates against its schema.",
    "correct the example (or the schema) so that they agree",
)
def check(rule: LintRule, contract: Contract) -> Iterator[Finding]:
    checker = SchemaChecker(contract)
    for example, schema_pointer, example_pointer in _examples(contract):
        for message in checker.errors(example, schema_pointer)[:3]:
            yield rule.finding(contract, example_pointer, f"example does not match schema: {message}")


def _examples(contract: Contract) -> Iterator[tuple[Any, str, str]]:
    for node, pointer in _media_and_parameters(contract):
        if not isinstance(node, dict) or "schema" not in node:
            continue
        schema_pointer = join_pointer(pointer, "schema")
        if "example" in node:
            yield node["example"], schema_pointer, join_pointer(pointer, "example")
        for name, example in (node.get("examples") or {}).items():
            if isinstance(example, dict) and "$ref" in example:
                example = contract.deref(example, join_pointer(pointer, "examples", name))
            if isinstance(example, dict) and "value" in example:
                yield example["value"], schema_pointer, join_pointer(pointer, "examples", name, "value")


def _media_and_parameters(contract: Contract) -> Iterator[tuple[Any, str]]:
    """Every media-type object and parameter, where examples live beside a schema."""
    stack: list[tuple[Any, str]] = [(contract.data.get("paths") or {}, "/paths"),
                                    (contract.data.get("components") or {}, "/components"),
                                    (contract.data.get("webhooks") or {}, "/webhooks")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            if "schema" in node and ("example" in node or "examples" in node):
                yield node, pointer
            for key, value in node.items():
                if key in ("schema", "example", "examples"):
                    continue
                if isinstance(value, (dict, list)):
                    stack.append((value, join_pointer(pointer, key)))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                stack.append((value, join_pointer(pointer, i)))
