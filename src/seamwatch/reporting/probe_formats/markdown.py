"""The Markdown probe report, for ``$GITHUB_STEP_SUMMARY`` or a ticket: tables, no charts."""

from __future__ import annotations

from typing import Any

from seamwatch.reporting.probe_formats import probe_report_format

RECENT_ROWS = 20  # the JSON and HTML reports carry all recent failures; a summary needs fewer


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{100 * ratio:.2f}%"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _slo_value(slo: dict[str, Any]) -> str:
    if slo["value"] is None:
        return "-"
    return _pct(slo["value"]) if slo["unit"] == "ratio" else f"{slo['value']:g} ms"


def _sections(doc: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if doc["probes"]:
        lines += ["### Probes", ""] + _table(["probe", "runs", "failures", "success rate"], [
            [p["probe"], p["runs"], p["runs"] - p["successes"], _pct(p["success_rate"])] for p in doc["probes"]])
    if doc["latency"]:
        lines += ["### API latency (worst bucket)", ""] + _table(["system", "calls", "p50 ms", "p95 ms"], [
            [s["system"], s["calls"], max(p["p50_ms"] for p in s["series"]), max(p["p95_ms"] for p in s["series"])]
            for s in doc["latency"]])
    if doc["sync_lag"]:
        lines += ["### Sync lag", ""] + _table(["direction", "samples", "objective ms", "within objective"], [
            [d["direction"], d["samples"], d["objective_ms"], _pct(d["within_objective"])] for d in doc["sync_lag"]])
    if doc["slos"]:
        lines += ["### SLOs", ""] + _table(
            ["SLO", "scope", "state", "value", "objective", "samples", "budget left", "burn rates (long/short)"],
            [[s["name"], s["scope"], s["state"], _slo_value(s), s["objective"], s["samples"],
              _pct(s["budget_remaining"]),
              ", ".join(f"{b['label']} {_cell(b['long_rate'])}/{_cell(b['short_rate'])}" for b in s["burn_rates"]) or "-"]
             for s in doc["slos"]])
    failures = doc["failures"]
    if failures["by_classification"]:
        lines += ["### Failures by classification", ""] + _table(
            ["classification", "runs"], [[c["classification"], c["count"]] for c in failures["by_classification"]])
        lines += [f"### Recent failures (newest {min(RECENT_ROWS, len(failures['recent']))})", ""] + _table(
            ["started", "probe", "classification", "failed step", "message"],
            [[f["started_at"], f["probe"], f["classification"], f["failed_step"], f["message"][:200]]
             for f in failures["recent"][:RECENT_ROWS]])
    return lines


@probe_report_format("markdown", "md")
def render(document: dict[str, Any]) -> str:
    t, w = document["totals"], document["window"]
    lines = [f"## seamwatch probe report: {w['since']} to {w['until']}", ""]
    if document["notice"]:
        lines += [f"> **{document['notice']}**", ""]
    lines += _table(["runs", "successes", "failures", "success rate"],
                    [[t["runs"], t["successes"], t["failures"], _pct(t["success_rate"])]])
    lines += _sections(document)
    lines += ["Charts: see `probe-report.html` next to this file.", ""]
    return "\n".join(lines)
