"""Drift report renderers: text (rich), JSON, Markdown, JUnit XML and self-contained HTML.

Each takes a :class:`DriftReport` and returns a string (text prints through a rich
console). The human formats group a change that reaches many operations (a shared schema)
into one entry listing the operations; JSON and JUnit keep one entry per operation.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.console import Console
from rich.markup import escape

from seamwatch.drift.model import Change, DriftReport, Level

__all__ = ["FORMATS", "Group", "group_changes", "render", "render_text"]

_COLOURS = {Level.BREAKING: "red", Level.WARNING: "yellow", Level.INFO: "cyan"}
_SHOWN_OPERATIONS = 4


@dataclass
class Group:
    """Changes with the same rule, level and location, over one or more operations."""

    first: Change
    operations: list[str] = field(default_factory=list)

    def operations_text(self, limit: int = _SHOWN_OPERATIONS) -> str:
        ops = [o for o in self.operations if o]
        more = f" (+{len(ops) - limit} more)" if len(ops) > limit else ""
        return ", ".join(ops[:limit]) + more


def group_changes(changes: list[Change]) -> dict[Level, list[Group]]:
    grouped: dict[Level, dict[tuple[str, str, tuple[str, ...]], Group]] = {level: {} for level in Level}
    for item in changes:
        key = (item.id, item.location, item.mappings)
        group = grouped[item.level].setdefault(key, Group(item))
        group.operations.append(item.operation)
    return {level: list(groups.values()) for level, groups in grouped.items()}


def render_text(report: DriftReport, console: Console) -> None:
    counts = report.counts()
    console.print(f"[bold]seamwatch drift[/bold] {escape(report.old)} -> {escape(report.new)}",
                  soft_wrap=True)
    for level, groups in group_changes(report.changes).items():
        if not groups:
            continue
        colour = _COLOURS[level]
        console.print(f"\n[bold {colour}]{level.value.upper()}[/bold {colour}] ({counts[level.value]})")
        for group in groups:
            item = group.first
            mapped = f" [bold]affects mapping {', '.join(item.mappings)}[/bold]" if item.mappings else ""
            console.print(f"  [{colour}]{item.id}[/{colour}]{mapped}", soft_wrap=True)
            console.print(f"    {escape(item.message)}", soft_wrap=True, highlight=False)
            where = f"{group.operations_text()} at " if group.operations_text() else ""
            console.print(f"    [dim]{escape(where + item.location)}[/dim]", soft_wrap=True, highlight=False)
    total = ", ".join(f"{n} {level}" for level, n in counts.items())
    console.print(f"\n{len(report.changes)} changes: {total}" if report.changes else "\nno changes")


def _text(report: DriftReport) -> str:
    buffer = io.StringIO()
    render_text(report, Console(file=buffer, width=120, color_system=None))
    return buffer.getvalue()


def _json(report: DriftReport) -> str:
    return json.dumps(report.to_dict(), indent=2) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _markdown(report: DriftReport) -> str:
    counts = report.counts()
    lines = [f"# Contract drift: `{report.old}` -> `{report.new}`", "",
             " | ".join(f"**{n}** {level}" for level, n in counts.items()), ""]
    if not report.changes:
        return "\n".join(lines + ["No changes.", ""])
    lines += ["| level | rule | operations | location | message | mappings |",
              "|---|---|---|---|---|---|"]
    for level, groups in group_changes(report.changes).items():
        for g in groups:
            item = g.first
            lines.append(f"| {level.value} | `{item.id}` | {_cell(g.operations_text())} | "
                         f"`{_cell(item.location)}` | {_cell(item.message)} | {', '.join(item.mappings)} |")
    return "\n".join(lines) + "\n"


def _junit(report: DriftReport) -> str:
    """One testcase per rule and operation; breaking changes are failures."""
    cases: dict[tuple[str, str], list[Change]] = {}
    for item in report.changes:
        cases.setdefault((item.operation or "(document)", item.id), []).append(item)
    failures = sum(1 for items in cases.values() if items[0].level == Level.BREAKING)
    suites = ET.Element("testsuites", name="seamwatch drift")
    suite = ET.SubElement(suites, "testsuite", name=f"drift {report.old} -> {report.new}",
                          tests=str(max(len(cases), 1)), failures=str(failures), errors="0", skipped="0")
    if not cases:
        ET.SubElement(suite, "testcase", classname="drift", name="no changes")
    for (operation, rule_id), items in sorted(cases.items()):
        case = ET.SubElement(suite, "testcase", classname=operation, name=rule_id)
        detail = "\n".join(f"{c.level.value}: {c.message} at {c.location}"
                           + (f" (affects mapping {', '.join(c.mappings)})" if c.mappings else "")
                           for c in items)
        if items[0].level == Level.BREAKING:
            failure = ET.SubElement(case, "failure", message=items[0].message, type=rule_id)
            failure.text = detail
        else:
            ET.SubElement(case, "system-out").text = detail
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _html(report: DriftReport) -> str:
    env = Environment(loader=PackageLoader("seamwatch.drift", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("drift.html.j2")
    return template.render(report=report, counts=report.counts(), groups=group_changes(report.changes))


FORMATS: dict[str, Callable[[DriftReport], str]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "junit": _junit,
    "html": _html,
}


def render(report: DriftReport, fmt: str) -> str:
    """``report`` in ``fmt`` (one of :data:`FORMATS`)."""
    return FORMATS[fmt](report)
