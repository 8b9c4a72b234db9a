"""What a probe kind gets for one run (:class:`ProbeContext`) and gives back (:class:`Outcome`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.results import Classification, Direction
from seamwatch.probes.client import ProbeHttp
from seamwatch.probes.recorder import RunRecorder

__all__ = ["SYNTHETIC_PREFIX", "SYNTHETIC_TAG", "Outcome", "ProbeContext", "WebhookExpectation"]

# The marks every synthetic record carries, shared with the contract runner's conventions.
SYNTHETIC_TAG = "seamwatch-synthetic"
SYNTHETIC_PREFIX = "SW-SYN-"

WebhookExpectation = Callable[[str, str, str], None]
"""``expect(probe, topic, reference)``: a webhook for ``reference`` should arrive.

References: the order name for ``orders/create``; ``<inventory_item_id>:<available>`` for
``inventory_levels/update``."""


@dataclass
class Outcome:
    """A finished run. ``classification`` set means it failed without an exception (``late``)."""

    classification: Classification | None = None
    message: str = ""
    sync_lag_ms: float | None = None
    direction: Direction | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProbeContext:
    """Everything one run may use; built by the runner, fresh for each run."""

    config: ProbeConfig
    http: ProbeHttp
    recorder: RunRecorder
    clock: Clock
    reference: str
    expect_webhook: Callable[[str, str], None] | None = None   # (topic, reference)
    cache: dict[str, Any] = field(default_factory=dict)   # shared by runs: stable lookups
    notes: dict[str, Any] = field(default_factory=dict)   # this run only

    def step(self, name: str) -> Any:
        """Shorthand for ``recorder.step(name)``."""
        return self.recorder.step(name)
