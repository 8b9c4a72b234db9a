"""Report renderers. One registry of formats; every renderer reads the same masked document.

To add a format: one module here that registers ``@REPORT_FORMATS.register(name)`` a function
``(document) -> str`` plus its file suffix, and one test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seamwatch.core.registry import Registry

__all__ = ["REPORT_FORMATS", "ReportFormat", "report_format"]


@dataclass(frozen=True)
class ReportFormat:
    name: str
    suffix: str
    render: Callable[[dict[str, Any]], str]


REPORT_FORMATS: Registry[ReportFormat] = Registry("report format")


def report_format(name: str, suffix: str) -> Callable[[Callable[[dict[str, Any]], str]], Callable[[dict[str, Any]], str]]:
    def decorate(render: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any]], str]:
        REPORT_FORMATS.add(name, ReportFormat(name, suffix, render))
        return render

    return decorate
