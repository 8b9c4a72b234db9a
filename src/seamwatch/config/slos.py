"""The ``slos`` section: which SLOs to evaluate, their objectives, windows and burn-rate rules.

Four SLOs are built in (:data:`BUILTIN_SLOS`) and apply when the section is absent. An entry
under ``slos.definitions`` whose ``name`` is a built-in one overrides only the fields it sets;
any other name defines a new SLO and must say its ``sli``. ``enabled: false`` drops one.

Units: ratio SLIs (``success_rate``, ``webhook_delivery``) take fractions (0.995 = 99.5%) and
must stay *above* the objective; time SLIs (``sync_lag``, ``api_latency``) take milliseconds
and must stay *below* it. ``page_threshold`` is therefore below the objective for ratios and
above it for times; the other way round is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from seamwatch.config.invalid import Problem, invalid
from seamwatch.config.systems import NAME_PATTERN
from seamwatch.core.documents import did_you_mean

__all__ = [
    "BUILTIN_SLOS", "DEFAULT_BURN_RATES", "SLI_KINDS", "BurnRateRule", "ResolvedSlo",
    "SloDefinition", "Slos",
]

SLI_KINDS: Final = ("success_rate", "sync_lag", "api_latency", "webhook_delivery")
RATIO_SLIS: Final = frozenset({"success_rate", "webhook_delivery"})
# What each SLI is grouped by; only success_rate may choose.
SCOPES: Final[dict[str, tuple[str, ...]]] = {
    "success_rate": ("system", "probe"), "sync_lag": ("direction",),
    "api_latency": ("operation",), "webhook_delivery": ("topic",),
}
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dhms])\s*$")


def _seconds(value: Any) -> Any:
    """``30d``, ``6h``, ``5m``, ``90s`` or a number of seconds -> seconds."""
    if isinstance(value, str):
        match = _DURATION.match(value)
        if not match:
            raise invalid(f"cannot read duration {value!r}",
                          "write a number of seconds or e.g. 30d, 6h, 5m, 90s")
        return float(match.group(1)) * _UNITS[match.group(2)]
    return value


Duration = Annotated[float, BeforeValidator(_seconds), Field(gt=0)]


def _sli(value: Any) -> Any:
    if isinstance(value, str) and value not in SLI_KINDS:
        guess = did_you_mean(value, SLI_KINDS)
        raise invalid(f"unknown sli kind {value!r}",
                      f"did you mean {guess!r}?" if guess else f"use one of {', '.join(SLI_KINDS)}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BurnRateRule(_Strict):
    """Fires when the error-budget burn rate exceeds ``factor`` over BOTH windows."""

    severity: Literal["page", "ticket"] = Field(description="page (wake someone) or ticket.")
    long_window: Duration = Field(description="Long window, seconds or 1h/6h/3d.")
    short_window: Duration = Field(description="Short window (resets quickly on recovery).")
    factor: float = Field(gt=0, description="Burn-rate factor; 1 spends the budget in exactly one SLO window.")

    @model_validator(mode="after")
    def _short_is_shorter(self) -> BurnRateRule:
        if self.short_window >= self.long_window:
            raise invalid(f"short_window ({self.short_window:g}s) is not shorter than long_window "
                          f"({self.long_window:g}s)", "make short_window about 1/12 of long_window")
        return self


DEFAULT_BURN_RATES: Final = (
    BurnRateRule(severity="page", long_window=3600, short_window=300, factor=14.4),
    BurnRateRule(severity="page", long_window=6 * 3600, short_window=1800, factor=6),
    BurnRateRule(severity="ticket", long_window=3 * 86400, short_window=6 * 3600, factor=1),
)


class SloDefinition(_Strict):
    """One entry of ``slos.definitions``; unset fields come from the built-in SLO of that name
    or from the section's defaults."""

    name: str = Field(pattern=NAME_PATTERN, description="SLO id; a built-in name overrides that SLO.")
    sli: Annotated[str, BeforeValidator(_sli)] | None = Field(
        None, description=f"One of {', '.join(SLI_KINDS)}. Required for a new name.")
    objective: float | None = Field(None, gt=0, description="Ratio: lower bound (0.995). ms: upper bound (60000).")
    page_threshold: float | None = Field(None, gt=0, description="Ratio: breached below. ms: breached above.")
    percentile: float | None = Field(None, gt=0, lt=1, description="sync_lag/api_latency only. Default 0.95.")
    per: Literal["system", "probe", "direction", "operation", "topic"] | None = Field(
        None, description="Grouping: success_rate system (default) or probe; fixed for the others.")
    window: Duration | None = Field(None, description="SLO (error-budget) window. Default slos.window.")
    min_samples: int | None = Field(None, ge=1, description="Default slos.min_samples.")
    grace_seconds: Duration | None = Field(
        None, description="webhook_delivery: a webhook not arrived this long after expected_at is lost. Default 300.")
    max_delay_ms: float | None = Field(
        None, gt=0, description="webhook_delivery: an arrival later than this counts as bad. Default: none.")
    burn_rates: tuple[BurnRateRule, ...] | None = Field(None, description="Default slos.burn_rates.")
    enabled: bool = Field(True, description="false drops this SLO (e.g. a built-in one).")


@dataclass(frozen=True)
class ResolvedSlo:
    """An SLO with every default applied: what the SLO engine evaluates."""

    name: str
    sli: str
    objective: float
    page_threshold: float
    percentile: float | None
    per: str
    window_seconds: float
    min_samples: int
    burn_rates: tuple[BurnRateRule, ...]
    grace_seconds: float = 300.0
    max_delay_ms: float | None = None

    @property
    def unit(self) -> Literal["ratio", "ms"]:
        return "ratio" if self.sli in RATIO_SLIS else "ms"

    @property
    def budget(self) -> float:
        """Allowed fraction of bad samples: 1 - objective (ratios) or 1 - percentile (times)."""
        return 1 - self.objective if self.percentile is None else 1 - self.percentile


BUILTIN_SLOS: Final[dict[str, dict[str, Any]]] = {
    "api-success-rate": {"sli": "success_rate", "objective": 0.995, "page_threshold": 0.99, "per": "system"},
    "order-sync-lag": {"sli": "sync_lag", "objective": 60_000.0, "page_threshold": 300_000.0,
                       "percentile": 0.95, "per": "direction"},
    "webhook-delivery": {"sli": "webhook_delivery", "objective": 0.99, "page_threshold": 0.95,
                         "per": "topic"},
    "api-latency": {"sli": "api_latency", "objective": 800.0, "page_threshold": 2000.0,
                    "percentile": 0.95, "per": "operation"},
}


class Slos(_Strict):
    """SLO settings. Absent: the four built-in SLOs over 30 days with the SRE-workbook rules."""

    window: Duration = Field(30 * 86400.0, description="Error-budget window for every SLO. Default 30d.")
    min_samples: int = Field(
        10, ge=1, description="Fewer samples in a window: no_data, never pages. Default 10.")
    burn_rates: tuple[BurnRateRule, ...] = Field(
        DEFAULT_BURN_RATES, description="Default: page 1h/5m x14.4, page 6h/30m x6, ticket 3d/6h x1.")
    builtin: bool = Field(True, description="Include the built-in SLOs. Default true.")
    definitions: list[SloDefinition] = Field(default_factory=list, description="Overrides and new SLOs.")

    @model_validator(mode="after")
    def _resolvable(self) -> Slos:
        problems = _resolve(self)[1]
        if problems:
            raise invalid(problems[0][1], problems[0][2], problems=problems)
        return self

    def resolved(self) -> tuple[ResolvedSlo, ...]:
        """Every enabled SLO with defaults applied, built-in ones first."""
        return tuple(_resolve(self)[0])


def _resolve(section: Slos) -> tuple[list[ResolvedSlo], list[Problem]]:
    merged: dict[str, tuple[dict[str, Any], int | None]] = {
        name: (dict(fields), None) for name, fields in BUILTIN_SLOS.items()} if section.builtin else {}
    problems: list[Problem] = []
    for index, entry in enumerate(section.definitions):
        # Attributes, not model_dump(): burn_rates must stay BurnRateRule instances.
        given = {key: getattr(entry, key) for key in entry.model_fields_set - {"name", "enabled"}
                 if getattr(entry, key) is not None}
        base, _ = merged.get(entry.name, ({}, None))
        if base and "sli" in given and given["sli"] != base["sli"]:
            problems.append((("definitions", index, "sli"),
                             f"{entry.name!r} is the built-in {base['sli']} SLO; sli cannot change",
                             "drop sli here, or give the new SLO another name"))
            continue
        if not entry.enabled:
            merged.pop(entry.name, None)
            continue
        merged[entry.name] = ({**base, **given}, index)
    resolved = []
    for name, (fields, index) in merged.items():
        where: tuple[str | int, ...] = ("definitions", index) if index is not None else ()
        slo, problem = _one(section, name, fields, where)
        if problem:
            problems.append(problem)
        elif slo:
            resolved.append(slo)
    return resolved, problems


def _one(section: Slos, name: str, fields: dict[str, Any],
         where: tuple[str | int, ...]) -> tuple[ResolvedSlo | None, Problem | None]:
    sli = fields.get("sli")
    if sli is None:
        return None, (where + ("name",), f"{name!r} is not a built-in SLO and has no sli",
                      f"add sli: one of {', '.join(SLI_KINDS)} (built-in names: {', '.join(BUILTIN_SLOS)})")
    defaults = next(d for d in BUILTIN_SLOS.values() if d["sli"] == sli)
    values = {**defaults, **fields}
    per = values["per"]
    if per not in SCOPES[sli]:
        return None, (where + ("per",), f"{sli} cannot be grouped per {per}",
                      f"use per: {' or '.join(SCOPES[sli])}")
    if sli in RATIO_SLIS and values.get("percentile") is not None:
        return None, (where + ("percentile",), f"{sli} is a ratio and has no percentile", "remove percentile")
    problem = _sides(sli, values, where, fields)
    if problem:
        return None, problem
    return ResolvedSlo(
        name=name, sli=sli, objective=values["objective"], page_threshold=values["page_threshold"],
        percentile=values.get("percentile"), per=per, window_seconds=values.get("window", section.window),
        min_samples=values.get("min_samples", section.min_samples),
        burn_rates=tuple(values.get("burn_rates") or section.burn_rates),
        grace_seconds=values.get("grace_seconds", 300.0), max_delay_ms=values.get("max_delay_ms"),
    ), None


def _sides(sli: str, values: dict[str, Any], where: tuple[str | int, ...],
           given: dict[str, Any]) -> Problem | None:
    """A ratio pages below its objective; a time pages above it. Anything else is refused."""
    objective, page = values["objective"], values["page_threshold"]
    # Blame the field the user wrote (an override of only one of the two).
    blame = "page_threshold" if "page_threshold" in given or "objective" not in given else "objective"
    if sli in RATIO_SLIS:
        if objective >= 1:
            return (where + ("objective",), f"objective {objective:g} is not a fraction below 1",
                    "write ratios as fractions, e.g. 0.995 for 99.5%")
        if page >= objective:
            return (where + (blame,), f"page_threshold {page:g} is not below the objective {objective:g} "
                    f"({sli} is a ratio: higher is better)",
                    f"set page_threshold below {objective:g} (e.g. {round(1 - 2 * (1 - objective), 6):g})")
    elif page <= objective:
        return (where + (blame,), f"page_threshold {page:g} ms is not above the objective {objective:g} ms "
                f"({sli} is a time: lower is better)",
                f"set page_threshold above {objective:g} (e.g. {objective * 2.5:g})")
    return None
