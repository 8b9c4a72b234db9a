"""Health probes: one module per kind (``probes/kinds``), one runner, one classification.

The composition root builds :class:`SystemLink`\\ s (one shared HTTP client per system) and
a :class:`ProbeRunner`; ``await runner.run(probe)`` always returns a
:class:`~seamwatch.core.results.ProbeResult`.
"""

from __future__ import annotations

from seamwatch.probes.budget import OrderPacer, ShopifyBudget, parse_call_limit
from seamwatch.probes.client import ProbeHttp, SystemLink
from seamwatch.probes.context import SYNTHETIC_PREFIX, SYNTHETIC_TAG, Outcome, ProbeContext
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.kinds import PROBE_KINDS, probe_kind
from seamwatch.probes.runner import ProbeRunner

__all__ = [
    "PROBE_KINDS",
    "SYNTHETIC_PREFIX",
    "SYNTHETIC_TAG",
    "OrderPacer",
    "Outcome",
    "ProbeContext",
    "ProbeHttp",
    "ProbeRunner",
    "ShopifyBudget",
    "StepFailed",
    "SystemLink",
    "parse_call_limit",
    "probe_kind",
]
