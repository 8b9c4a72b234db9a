"""The ``probes`` section: one model per probe kind, chosen by ``kind``.

Each probe has a unique ``name``, a ``schedule`` and the settings of its kind. The systems a
probe names are checked against ``systems`` by :class:`seamwatch.config.models.ProbeConfig`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from seamwatch.config.conditions import Condition, ConditionSyntaxError, parse_condition
from seamwatch.config.invalid import invalid
from seamwatch.config.systems import NAME_PATTERN

__all__ = [
    "DEFAULT_PROBE_SKU",
    "HttpProbe",
    "InventoryRoundtripProbe",
    "OrderRoundtripProbe",
    "Poll",
    "Probe",
    "ProbeKind",
    "Schedule",
]

ProbeKind = Literal["http", "order_roundtrip", "inventory_roundtrip"]
DEFAULT_PROBE_SKU = "SW-PROBE-001"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _cron(value: str) -> str:
    try:
        CronTrigger.from_crontab(value)
    except ValueError as exc:
        raise invalid(f"invalid cron expression {value!r}: {exc}",
                      "write five fields: minute hour day month day_of_week, e.g. '*/5 * * * *'")
    return value


class Schedule(_Strict):
    """When a probe runs: every ``interval_seconds`` or on a ``cron`` expression (one of them)."""

    interval_seconds: float | None = Field(None, gt=0, description="Run every N seconds.")
    cron: Annotated[str, AfterValidator(_cron)] | None = Field(
        None, description="Five-field crontab expression (APScheduler CronTrigger.from_crontab), UTC."
    )
    jitter_seconds: float = Field(
        0, ge=0, description="Random delay up to N seconds added to each run. Default 0."
    )
    misfire_grace_seconds: float = Field(
        30, gt=0, description="A run later than this is skipped, not run late. Default 30."
    )

    @model_validator(mode="after")
    def _one_trigger(self) -> Schedule:
        if (self.interval_seconds is None) == (self.cron is None):
            raise invalid("a schedule needs exactly one of interval_seconds and cron",
                          "write interval_seconds: 60 or cron: '*/5 * * * *'")
        return self

    def describe(self) -> str:
        """Human form for summaries: 'every 60s' or "cron '*/5 * * * *'"."""
        base = f"every {self.interval_seconds:g}s" if self.interval_seconds else f"cron '{self.cron}'"
        return f"{base} ±{self.jitter_seconds:g}s" if self.jitter_seconds else base


class Poll(_Strict):
    """Adaptive polling for round-trips: fast at first, then backing off."""

    first_interval_seconds: float = Field(0.25, gt=0, description="First wait. Default 0.25.")
    max_interval_seconds: float = Field(5, gt=0, description="Longest wait. Default 5.")
    backoff: float = Field(1.5, ge=1, description="Each wait is the last times this. Default 1.5.")

    @model_validator(mode="after")
    def _ordered(self) -> Poll:
        if self.max_interval_seconds < self.first_interval_seconds:
            raise invalid("max_interval_seconds is below first_interval_seconds",
                          "make max_interval_seconds >= first_interval_seconds")
        return self


class _ProbeBase(_Strict):
    name: str = Field(pattern=NAME_PATTERN, description="Unique name; letters, digits, _ . -")
    schedule: Schedule = Field(description="When the probe runs.")

    def system_names(self) -> tuple[str, ...]:
        """The systems this probe talks to, for summaries."""
        raise NotImplementedError


def _condition(value: str) -> str:
    try:
        parse_condition(value)
    except ConditionSyntaxError as exc:
        raise invalid(exc.message, exc.fix) from None
    return value


def _path(value: str) -> str:
    if not value.startswith("/"):
        raise invalid(f"path {value!r} does not start with /", f"write /{value.lstrip('/')}")
    return value


class HttpProbe(_ProbeBase):
    """A request to one system, with conditions on status, time, headers and body."""

    kind: Literal["http"]
    system: str = Field(description="Name of a system in `systems`.")
    method: Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] = Field(
        "GET", description="HTTP method. Default GET."
    )
    path: Annotated[str, AfterValidator(_path)] = Field(
        description="Appended to the system's base_url; starts with /. May carry a ?query.")
    conditions: list[Annotated[str, AfterValidator(_condition)]] = Field(
        default_factory=lambda: ["[STATUS] == 200"],
        min_length=1,
        description="All must hold. Default ['[STATUS] == 200']. See seamwatch.config.conditions.",
    )

    def parsed_conditions(self) -> list[Condition]:
        """The conditions, parsed (they were validated at load time)."""
        return [parse_condition(c) for c in self.conditions]

    def system_names(self) -> tuple[str, ...]:
        return (self.system,)


class _Roundtrip(_ProbeBase):
    shopify: str = Field(description="Name of a shopify system in `systems`.")
    erp: str = Field(description="Name of an erp system in `systems`.")
    timeout_seconds: float = Field(
        120, gt=0, description="Give up (classified missing) after this long. Default 120."
    )
    poll: Poll = Field(default_factory=Poll, description="Polling cadence while waiting.")

    def system_names(self) -> tuple[str, ...]:
        return (self.shopify, self.erp)


class OrderRoundtripProbe(_Roundtrip):
    """Create a synthetic Shopify order, wait for it in the ERP, compare, clean up.

    Development stores accept at most 5 new orders a minute: schedule accordingly.
    """

    kind: Literal["order_roundtrip"]
    sku: str = Field(DEFAULT_PROBE_SKU, min_length=1,
                     description=f"SKU of the probe product. Default {DEFAULT_PROBE_SKU}.")
    quantity: int = Field(1, ge=1, description="Quantity ordered. Default 1.")
    late_after_seconds: float = Field(
        60, gt=0, description="Arriving after this long counts as late. Default 60."
    )

    @model_validator(mode="after")
    def _late_before_timeout(self) -> OrderRoundtripProbe:
        if self.late_after_seconds > self.timeout_seconds:
            raise invalid("late_after_seconds is above timeout_seconds",
                          "make late_after_seconds <= timeout_seconds")
        return self


class InventoryRoundtripProbe(_Roundtrip):
    """Adjust a probe item's stock in the ERP, wait for Shopify to show it, revert."""

    kind: Literal["inventory_roundtrip"]
    item_number: str = Field(DEFAULT_PROBE_SKU, min_length=1,
                             description=f"ERP item number of the probe item. Default {DEFAULT_PROBE_SKU}.")
    adjustment: int = Field(1, description="Stock change applied then reverted; not 0. Default 1.")
    location_id: int | None = Field(
        None, description="Shopify location to read; default: the shop's only/first location."
    )

    @model_validator(mode="after")
    def _nonzero(self) -> InventoryRoundtripProbe:
        if self.adjustment == 0:
            raise invalid("adjustment is 0, so nothing would change", "use 1 or -1")
        return self


Probe = Annotated[
    HttpProbe | OrderRoundtripProbe | InventoryRoundtripProbe, Field(discriminator="kind")
]
