"""Prometheus alerting rules for the same multiwindow burn-rate alerts ``slo status`` applies.

One alert, ``SeamwatchSloErrorBudgetBurn``, per SLO and burn-rate rule. An alert fires when the
error ratio over BOTH windows is above ``factor * budget`` and each window holds at least
``min_samples`` samples, computed from the metrics in :mod:`seamwatch.reporting.metrics`:

- success_rate: ``seamwatch_probe_results_total`` (``classification!="ok"`` over all), by
  system or probe;
- sync_lag / api_latency: histogram ``_count`` minus ``_bucket{le="<objective s>"}`` over
  ``_count`` (the buckets always contain the objectives);
- webhook_delivery: deliveries are judged in the store after a grace period, so its rules
  read the exported ``seamwatch_slo_burn_rate`` gauge (absent with too few samples).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from prometheus_client.utils import floatToGoString

from seamwatch.config import BurnRateRule, ResolvedSlo

__all__ = ["ALERT_NAME", "render_rules", "rules_document"]

ALERT_NAME = "SeamwatchSloErrorBudgetBurn"
_RESULTS = "seamwatch_probe_results_total"
_HISTOGRAMS = {"sync_lag": ("seamwatch_sync_lag_seconds", ("direction",)),
               "api_latency": ("seamwatch_api_latency_seconds", ("system", "operation"))}
# The side to route to when the metric's own labels cannot say (PromQL has no config lookup).
_SYSTEM = {"sync_lag": "bridge", "webhook_delivery": "shopify"}


def _window(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def _error_ratio(d: ResolvedSlo, w: str) -> tuple[str, str, str]:
    """(error-ratio expression, sample-count expression, ``on (...)`` labels) over window ``w``."""
    if d.sli == "success_rate":
        by = d.per
        ratio = (f'sum by ({by}) (rate({_RESULTS}{{classification!="ok"}}[{w}]))'
                 f" / sum by ({by}) (rate({_RESULTS}[{w}]))")
        return ratio, f"sum by ({by}) (increase({_RESULTS}[{w}]))", by
    metric, labels = _HISTOGRAMS[d.sli]
    by = ", ".join(labels)
    le = floatToGoString(d.objective / 1000)
    total = f"sum by ({by}) (rate({metric}_count[{w}]))"
    good = f'sum by ({by}) (rate({metric}_bucket{{le="{le}"}}[{w}]))'
    return f"({total} - {good}) / {total}", f"sum by ({by}) (increase({metric}_count[{w}]))", by


def _expr(d: ResolvedSlo, rule: BurnRateRule) -> str:
    long_w, short_w = _window(rule.long_window), _window(rule.short_window)
    if d.sli == "webhook_delivery":
        gauge = f'seamwatch_slo_burn_rate{{slo="{d.name}",window="%s"}}'
        return (f"max by (scope) ({gauge % long_w}) > {rule.factor:g}\nand on (scope)\n"
                f"max by (scope) ({gauge % short_w}) > {rule.factor:g}")
    threshold = round(rule.factor * d.budget, 10)
    parts = []
    for w in (long_w, short_w):
        ratio, samples, on = _error_ratio(d, w)
        parts.append(f"(\n  ({ratio}) > {threshold:g}\n  and on ({on})\n  ({samples}) >= {d.min_samples}\n)")
    return f"\nand on ({on})\n".join(parts)


def _alert(d: ResolvedSlo, rule: BurnRateRule) -> dict[str, Any]:
    long_w, short_w = _window(rule.long_window), _window(rule.short_window)
    labels = {"severity": rule.severity, "slo": d.name, "sli": d.sli,
              "long_window": long_w, "short_window": short_w}
    if d.sli in _SYSTEM:
        labels["system"] = _SYSTEM[d.sli]
    return {
        "alert": ALERT_NAME,
        "expr": _expr(d, rule),
        "labels": labels,
        "annotations": {
            "summary": f"{d.name} is burning its error budget faster than {rule.factor:g}x "
                       f"over {long_w} and {short_w}",
            "description": f"At {rule.factor:g}x the {_window(d.window_seconds)} budget "
                           f"({d.budget:.3%} bad allowed) is gone in "
                           f"{d.window_seconds / rule.factor / 3600:.1f} h. Check `seamwatch slo status`.",
        },
    }


def rules_document(definitions: Sequence[ResolvedSlo]) -> dict[str, Any]:
    """The rule file as data: one group, one alert per SLO and burn-rate rule."""
    alerts = [_alert(d, rule) for d in definitions for rule in d.burn_rates]
    return {"groups": [{"name": "seamwatch-slo-burn-rates", "rules": alerts}]}


class _Literal(str):
    pass


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def render_rules(definitions: Sequence[ResolvedSlo]) -> str:
    """The rule file as YAML (multi-line expressions as ``|`` blocks), for ``promtool``."""
    document = rules_document(definitions)
    for rule in document["groups"][0]["rules"]:
        rule["expr"] = _Literal(rule["expr"])
    dumper = type("_RulesDumper", (yaml.SafeDumper,), {})
    dumper.add_representer(_Literal, _literal)
    header = "# Generated by `seamwatch slo rules`; multiwindow burn-rate alerts (SRE workbook).\n"
    return header + yaml.dump(document, Dumper=dumper, sort_keys=False, width=200)
