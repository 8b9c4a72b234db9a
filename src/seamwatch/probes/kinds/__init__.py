"""Probe kinds: one module each, registered in :data:`PROBE_KINDS` under the config ``kind``.

A kind is ``async def run(probe, ctx) -> Outcome``: it raises
:class:`~seamwatch.probes.errors.StepFailed` for a classified failure and returns an
:class:`~seamwatch.probes.context.Outcome` otherwise. Adding a kind is one module here (plus
its config model in :mod:`seamwatch.config.probes`) and one test.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from seamwatch.core.registry import Registry
from seamwatch.probes.context import Outcome, ProbeContext

__all__ = ["PROBE_KINDS", "ProbeKind", "probe_kind"]

ProbeKind = Callable[[Any, ProbeContext], Awaitable[Outcome]]
PROBE_KINDS: Registry[ProbeKind] = Registry("probe kind")


def probe_kind(name: str) -> Callable[[ProbeKind], ProbeKind]:
    """Register the decorated coroutine function as probe kind ``name``."""
    return PROBE_KINDS.register(name)


# Imported for their registration side effect, after the registry exists.
from seamwatch.probes.kinds import http, inventory_roundtrip, order_roundtrip  # noqa: E402,F401
