"""The whole probe file: ``systems``, ``probes``, ``storage`` and ``budget``.

Every default a user can meet in the probe service is defined here, once, with its meaning.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from seamwatch.config.alerting import AlertingConfig
from seamwatch.config.invalid import Problem, invalid
from seamwatch.config.probes import Probe
from seamwatch.config.service import ServiceSettings
from seamwatch.config.slos import Slos
from seamwatch.config.systems import NAME_PATTERN, System, SystemKind
from seamwatch.config.web import StatusPage
from seamwatch.core.documents import Document

__all__ = ["DEFAULT_STORAGE_URL", "Budget", "ProbeConfig", "Storage"]

DEFAULT_STORAGE_URL = "sqlite:///reports/seamwatch.sqlite"
_STORAGE_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _storage_url(value: str) -> str:
    scheme = urlsplit(value).scheme
    if scheme not in _STORAGE_SCHEMES:
        raise invalid(f"storage url scheme {scheme!r} is not supported",
                      f"use sqlite:///path or postgresql+psycopg://host/db (default {DEFAULT_STORAGE_URL})")
    return value


class Storage(_Strict):
    """Where probe results are kept."""

    url: Annotated[str, AfterValidator(_storage_url)] = Field(
        DEFAULT_STORAGE_URL,
        description=f"SQLAlchemy URL: SQLite (default {DEFAULT_STORAGE_URL}, relative to the "
        "working directory) or postgresql+psycopg://.",
    )
    retention_days: int = Field(90, ge=1, description="Results older than this are deleted. Default 90.")


class Budget(_Strict):
    """How much of a merchant's API allowance probes may use."""

    shopify_bucket_share: float = Field(
        0.1, gt=0, le=1,
        description="Largest share of Shopify's call-limit bucket probes may hold. Default 0.1 (10%).",
    )
    max_orders_per_minute: int = Field(
        5, ge=1,
        description="Synthetic orders a minute per shop, at most. Default 5: development stores "
        "refuse more than 5 new orders a minute.",
    )


class ProbeConfig(_Strict):
    """A validated probe file. Load it with :func:`seamwatch.config.load_probe_config`."""

    systems: dict[Annotated[str, Field(pattern=NAME_PATTERN)], System] = Field(
        min_length=1, description="Systems under test by name."
    )
    probes: list[Probe] = Field(default_factory=list, description="Probe definitions.")
    storage: Storage = Field(default_factory=Storage, description="Result store.")
    budget: Budget = Field(default_factory=Budget, description="API budget limits.")
    service: ServiceSettings = Field(default_factory=ServiceSettings,
                                     description="probe serve: listening, webhooks, sweeper.")
    alerting: AlertingConfig = Field(default_factory=AlertingConfig,
                                     description="Receivers, routes, alert policy and maintenance windows.")
    slos: Slos = Field(default_factory=Slos,
                       description="SLO objectives, windows and burn-rate rules (built-in defaults).")
    status_page: StatusPage = Field(default_factory=StatusPage,
                                    description="What the status page shows and how often it reloads.")
    # Set by the loader so later steps (secret resolution) can still point at file:line.
    _document: Document | None = PrivateAttr(None)

    @property
    def document(self) -> Document | None:
        """The file this config was loaded from, when it came from a file."""
        return self._document

    @model_validator(mode="after")
    def _references(self) -> ProbeConfig:
        problems = _duplicate_names(self) + _unknown_systems(self)
        if problems:
            _, message, fix = problems[0]
            raise invalid(message, fix, problems=problems)
        return self


def _duplicate_names(config: ProbeConfig) -> list[Problem]:
    problems: list[Problem] = []
    first_at: dict[str, int] = {}
    for index, probe in enumerate(config.probes):
        if probe.name in first_at:
            problems.append((("probes", index, "name"),
                             f"duplicate probe name {probe.name!r} (also probes[{first_at[probe.name]}])",
                             "give every probe a unique name"))
        first_at.setdefault(probe.name, index)
    return problems


def _unknown_systems(config: ProbeConfig) -> list[Problem]:
    known = ", ".join(sorted(config.systems)) or "none"
    problems: list[Problem] = []
    for index, probe in enumerate(config.probes):
        # (field, required kind or None for any)
        refs: list[tuple[str, SystemKind | None]] = (
            [("system", None)] if probe.kind == "http" else [("shopify", "shopify"), ("erp", "erp")]
        )
        for field, kind in refs:
            name = getattr(probe, field)
            system = config.systems.get(name)
            if system is None:
                problems.append(((("probes", index, field)),
                                 f"unknown system {name!r} (known: {known})",
                                 "name a system defined under systems:, or add it there"))
            elif kind is not None and system.kind != kind:
                problems.append((("probes", index, field),
                                 f"system {name!r} is kind {system.kind}, {field} needs kind {kind}",
                                 f"name a {kind} system here"))
    return problems
