"""Charts for the probe report and the status page: pygal, rendered to inline SVG.

Inputs are the masked report document (:func:`seamwatch.reporting.probe_report.report_document`),
so a chart can only show what the document already shows. pygal is configured with
``js=[]`` (its default pulls tooltips from a CDN) and no XML declaration (the SVG is inlined
in HTML), so the pages open offline. Each chart lists its series names in ``series`` so
the page can state them (``data-series``) and tests can check them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import re
import sys

import pygal
from pygal.style import Style

from seamwatch.reporting.probe_report import MIN_RESULTS_FOR_CHARTS

# pygal appends a legacy ``sys.meta_path`` finder (PluginImportFixer, for third-party map
# plugins we do not use) that has no ``find_spec``: every later import that misses the
# finders before it raises ImportWarning (an error under our pytest settings) on 3.11 and
# is ignored on 3.12+. This is the one module that imports pygal, so undo that here.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

__all__ = ["Chart", "report_charts"]

_STYLE = Style(
    background="transparent", plot_background="#ffffff", foreground="#1d2330",
    foreground_strong="#1d2330", foreground_subtle="#8a93a3", opacity=".85", opacity_hover=".95",
    colors=("#1a73e8", "#e8710a", "#137333", "#b3261e", "#9334e6", "#12b5cb", "#f9ab00", "#5f6368"),
    font_family="system-ui, sans-serif",
)
_WITHIN, _OVER = "#137333", "#b3261e"
# pygal always embeds a <script> holding its tooltip config, even with js=[] (no tooltip
# code is loaded, so it would do nothing); dropped so the pages carry no script at all.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def _svg(chart: Any) -> str:
    return _SCRIPT.sub("", chart.render(is_unicode=True))


@dataclass(frozen=True)
class Chart:
    """One rendered chart: ``svg`` is None when there is nothing to draw (``empty`` says why)."""

    id: str
    title: str
    series: tuple[str, ...]
    svg: str | None
    empty: str = ""


def _config(**extra: Any) -> dict[str, Any]:
    return {"js": [], "disable_xml_declaration": True, "style": _STYLE, "width": 900, "height": 360,
            "explicit_size": False, "legend_at_bottom": True, "truncate_legend": 40,
            "print_values": False, **extra}


def _label(bucket: str, multi_day: bool) -> str:
    # "2026-03-01T12:30:00Z" -> "12:30", or "03-01 12:30" when the window spans days.
    return f"{bucket[5:10]} {bucket[11:16]}" if multi_day else bucket[11:16]


def _time_axis(doc: dict[str, Any]) -> tuple[list[str], dict[str, int]]:
    buckets = [b for b in doc["window"]["buckets"] if b]
    multi_day = len({b[:10] for b in buckets}) > 1
    return [_label(b, multi_day) for b in buckets], {b: i for i, b in enumerate(buckets)}


def _line(title: str, y_title: str, labels: list[str], **extra: Any) -> pygal.Line:
    chart = pygal.Line(**_config(title=title, y_title=y_title, x_label_rotation=30,
                                 show_minor_x_labels=False, x_labels_major_every=max(1, len(labels) // 8),
                                 allow_interruptions=False, **extra))
    chart.x_labels = labels
    return chart


def success_rate_chart(doc: dict[str, Any]) -> Chart:
    """Success rate (%) per probe per time bucket."""
    title = "Success rate per probe (%)"
    labels, index = _time_axis(doc)
    chart = _line(title, "% of runs that succeeded", labels, range=(0, 100))
    names = []
    for probe in doc["probes"]:
        values: list[float | None] = [None] * len(labels)
        for point in probe["series"]:
            values[index[point["bucket"]]] = round(100 * point["success_rate"], 2)
        chart.add(probe["probe"], values)
        names.append(probe["probe"])
    return Chart("success-rate", title, tuple(names), _svg(chart))


def latency_chart(doc: dict[str, Any]) -> Chart:
    """API latency p50 and p95 (ms) per system per time bucket."""
    title = "API latency per system (ms, p50 and p95)"
    labels, index = _time_axis(doc)
    chart = _line(title, "ms", labels)
    names = []
    for system in doc["latency"]:
        for key, suffix in (("p50_ms", "p50"), ("p95_ms", "p95")):
            values: list[float | None] = [None] * len(labels)
            for point in system["series"]:
                values[index[point["bucket"]]] = point[key]
            name = f"{system['system']} {suffix}"
            chart.add(name, values, stroke_style={"dasharray": "6,3"} if suffix == "p95" else None)
            names.append(name)
    if not names:
        return Chart("latency", title, (), None, "No API calls recorded in this window.")
    return Chart("latency", title, tuple(names), _svg(chart))


def _seconds(ms: float | None) -> str:
    return "∞" if ms is None else f"{ms / 1000:g} s"


def sync_lag_charts(doc: dict[str, Any]) -> list[Chart]:
    """One histogram per direction; bins past the SLO objective are drawn in their own colour."""
    charts = []
    for entry in doc["sync_lag"]:
        bins, objective = entry["bins"], entry["objective_ms"]
        labels = [f"{_seconds(b['from_ms'])}–{_seconds(b['to_ms'])}" for b in bins]
        if objective is None:
            title = f"Sync lag {entry['direction']} (runs per lag bin; no SLO)"
            series = {"runs": [b["count"] for b in bins]}
            colours: tuple[str, ...] = (_STYLE.colors[0],)
        else:
            pct = entry["objective_percentile"]
            goal = f"p{pct * 100:g} ≤ {_seconds(objective)}" if pct else f"≤ {_seconds(objective)}"
            title = f"Sync lag {entry['direction']} (SLO {goal}; {100 * entry['within_objective']:.1f}% within)"
            over = [b["to_ms"] is None or b["to_ms"] > objective for b in bins]
            series = {f"within objective (≤ {_seconds(objective)})": [None if o else b["count"] for b, o in zip(bins, over)],
                      f"over objective (> {_seconds(objective)})": [b["count"] if o else None for b, o in zip(bins, over)]}
            colours = (_WITHIN, _OVER)
        style = Style(**{**_STYLE.to_dict(), "colors": colours})
        chart = pygal.StackedBar(**{**_config(title=title, y_title="runs", x_label_rotation=30), "style": style})
        chart.x_labels = labels
        for name, values in series.items():
            chart.add(name, values)
        charts.append(Chart(f"sync-lag-{entry['direction']}", title, tuple(series), _svg(chart)))
    return charts


def budget_chart(doc: dict[str, Any]) -> Chart:
    """Error budget remaining (%) per SLO; below zero means the budget is spent."""
    title = "Error budget remaining per SLO (%)"
    slos = [s for s in doc["slos"] if s["budget_remaining"] is not None]
    if not slos:
        return Chart("error-budget", title, (), None, "No SLO with an error budget yet.")
    chart = pygal.HorizontalBar(**_config(title=title, height=max(200, 60 + 40 * len(slos))))
    chart.x_labels = [s["key"] for s in slos]
    chart.add("budget remaining", [round(100 * s["budget_remaining"], 2) for s in slos])
    return Chart("error-budget", title, ("budget remaining",), _svg(chart))


def burn_rate_chart(doc: dict[str, Any]) -> Chart:
    """Long-window burn rate per SLO, one series per window pair (with its threshold)."""
    title = "Burn rate per SLO (long window; 1 = spending exactly the budget)"
    pairs: dict[str, dict[str, float | None]] = {}
    for slo in doc["slos"]:
        for rate in slo["burn_rates"]:
            name = f"{rate['label']} {rate['severity']} (threshold {rate['threshold']:g})"
            pairs.setdefault(name, {})[slo["key"]] = rate["long_rate"]
    if not pairs:
        return Chart("burn-rate", title, (), None, "No burn-rate figures yet.")
    keys = [s["key"] for s in doc["slos"]]
    chart = pygal.Bar(**_config(title=title, y_title="× budget rate"))
    chart.x_labels = keys
    for name, rates in pairs.items():
        chart.add(name, [None if rates.get(k) is None else round(rates[k] or 0.0, 3) for k in keys])
    return Chart("burn-rate", title, tuple(pairs), _svg(chart))


def report_charts(doc: dict[str, Any]) -> list[Chart]:
    """Every chart of a report document, in page order; placeholders while there is no data yet."""
    slo_charts = [budget_chart(doc), burn_rate_chart(doc)]
    if doc["totals"]["runs"] < MIN_RESULTS_FOR_CHARTS:
        waiting = doc["notice"] or "No data yet."
        return [Chart("success-rate", "Success rate per probe (%)", (), None, waiting),
                Chart("latency", "API latency per system (ms, p50 and p95)", (), None, waiting),
                Chart("sync-lag", "Sync lag per direction", (), None, waiting), *slo_charts]
    lag = sync_lag_charts(doc) or [Chart("sync-lag", "Sync lag per direction", (), None,
                                         "No sync-lag samples in this window.")]
    return [success_rate_chart(doc), latency_chart(doc), *lag, *slo_charts]
