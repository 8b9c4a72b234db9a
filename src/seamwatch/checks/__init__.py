"""seamwatch's own integration checks: one registry, one module per check.

A check looks at one exchange (``Exchange``) and returns ``None`` when it held or a message
when it did not. Checks know nothing about Schemathesis: the contract runner adapts them, and
live drift, probes and users' own tests can run them the same way.

To add one: write ``<name>.py`` here with ``@integration_check(...)`` and a test in
``tests/unit/checks/``; document it in the README's check table.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from seamwatch.core.registry import Registry

__all__ = ["CHECKS", "Exchange", "IntegrationCheck", "RunContext", "integration_check"]

System = Literal["shopify", "erp"]


@dataclass
class Exchange:
    """One request and its response, in neutral terms."""

    method: str
    path: str  # the request path, without the base URL
    operation_id: str | None
    status: int
    headers: Mapping[str, str]  # response headers, lower-case names
    body: bytes = b""
    request_headers: Mapping[str, str] = field(default_factory=dict)
    request_query: Mapping[str, Any] = field(default_factory=dict)
    request_body: Any = None
    # Sends a follow-up request (method, path, headers, json) -> (status, headers, body).
    follow_up: Callable[..., tuple[int, Mapping[str, str], bytes]] | None = None

    def json(self) -> Any:
        """The body as JSON, or ``None`` if it is not JSON (parsed once, shared by all checks)."""
        if not hasattr(self, "_parsed"):
            try:
                self._parsed = json.loads(self.body) if self.body else None
            except ValueError:
                self._parsed = None
        return self._parsed

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class RunContext:
    """What a check needs to know about the run: which system, and the pinned version."""

    system: System
    pinned_version: str
    list_operations: frozenset[str] = frozenset()  # operationIds documented with a Link header


Check = Callable[[Exchange, RunContext], str | None]


@dataclass(frozen=True)
class IntegrationCheck:
    id: str
    title: str
    systems: frozenset[str]
    run: Check
    doc: str = ""

    def applies_to(self, context: RunContext) -> bool:
        return context.system in self.systems


CHECKS: Registry[IntegrationCheck] = Registry("integration check")


def integration_check(check_id: str, title: str, systems: tuple[str, ...]) -> Callable[[Check], Check]:
    def decorate(fn: Check) -> Check:
        CHECKS.add(check_id, IntegrationCheck(check_id, title, frozenset(systems), fn, (fn.__doc__ or "").strip()))
        return fn

    return decorate


def _load() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_load()
