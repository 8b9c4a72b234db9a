"""The JSON probe report: the document itself, keys in schema order, 2-space indent."""

from __future__ import annotations

import json
from typing import Any

from seamwatch.reporting.probe_formats import probe_report_format


@probe_report_format("json", "json")
def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
