"""What a contract tells the runner beyond JSON Schema, through two extensions.

- ``x-seamwatch-accept-statuses: [422]`` on an operation: statuses a *valid* request may
  still get because of server state (Business Central's "nothing to post", Shopify refusing
  to cancel a cancelled order). Schemathesis' ``positive_data_acceptance`` accepts them there.
- ``x-seamwatch-skip-in-tests: <reason>`` on a parameter or a request-body property: a value
  that cannot be generated meaningfully (a ``page_info`` cursor only comes from a ``Link``
  header; ``fields`` trims responses below the documented ``required`` set). It is left out
  of positive cases; negative cases still exercise it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seamwatch.contracts.spec import Contract
from seamwatch.core.documents import join_pointer

__all__ = ["ContractHints", "read_hints"]

ACCEPT = "x-seamwatch-accept-statuses"
SKIP = "x-seamwatch-skip-in-tests"
_DEFAULT_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


@dataclass
class ContractHints:
    accept: dict[str, list[str]] = field(default_factory=dict)  # operationId -> extra statuses
    skip_query: dict[str, set[str]] = field(default_factory=dict)  # operationId -> names
    skip_body: dict[str, set[str]] = field(default_factory=dict)  # operationId -> property names

    def schemathesis_config(self) -> str:
        """TOML for Schemathesis' per-operation check settings."""
        blocks = []
        for op_id, extra in sorted(self.accept.items()):
            statuses = ", ".join(f'"{s}"' for s in [*_DEFAULT_ACCEPTED, *extra])
            blocks.append(f'[[operations]]\ninclude-operation-id = ["{op_id}"]\n'
                          f"checks.positive_data_acceptance.expected-statuses = [{statuses}]\n")
        return "\n".join(blocks)

    def strip(self, operation_id: str | None, query: Any, body: Any) -> None:
        """Remove skipped parameters and body properties from a positive case, in place."""
        if isinstance(query, dict):
            for name in self.skip_query.get(operation_id or "", ()):
                query.pop(name, None)
        names = self.skip_body.get(operation_id or "", set())
        if names:
            _strip_keys(body, names)


def _strip_keys(node: Any, names: set[str]) -> None:
    if isinstance(node, dict):
        for name in names & node.keys():
            del node[name]
        for value in node.values():
            _strip_keys(value, names)
    elif isinstance(node, list):
        for value in node:
            _strip_keys(value, names)


def read_hints(contract: Contract) -> ContractHints:
    hints = ContractHints()
    for op in contract.operations():
        op_id = op.operation_id or ""
        if isinstance(op.spec.get(ACCEPT), list):
            hints.accept[op_id] = [str(s) for s in op.spec[ACCEPT]]
        params = [*(contract.data["paths"][op.path].get("parameters") or []), *(op.spec.get("parameters") or [])]
        for i, param in enumerate(params):
            param = contract.deref(param, join_pointer(op.pointer, "parameters", i))
            if isinstance(param, dict) and param.get(SKIP) and param.get("in") == "query":
                hints.skip_query.setdefault(op_id, set()).add(str(param.get("name")))
        body = op.spec.get("requestBody")
        if body is not None:
            names = _skipped_properties(contract, contract.deref(body, op.pointer), set())
            if names:
                hints.skip_body[op_id] = names
    return hints


def _skipped_properties(contract: Contract, node: Any, seen: set[int]) -> set[str]:
    node = contract.deref(node, "") if isinstance(node, dict) and "$ref" in node else node
    if id(node) in seen or not isinstance(node, (dict, list)):
        return set()
    seen.add(id(node))
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _skipped_properties(contract, item, seen)
        return found
    for name, prop in (node.get("properties") or {}).items():
        resolved = contract.deref(prop, "") if isinstance(prop, dict) and "$ref" in prop else prop
        if isinstance(resolved, dict) and resolved.get(SKIP):
            found.add(name)
    for key, value in node.items():
        if key != "properties" and isinstance(value, (dict, list)):
            found |= _skipped_properties(contract, value, seen)
        elif key == "properties":
            for prop in value.values():
                found |= _skipped_properties(contract, prop, seen)
    return found
