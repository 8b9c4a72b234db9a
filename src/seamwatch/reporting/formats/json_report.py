from __future__ import annotations

import json
from typing import Any

from seamwatch.reporting import report_format


@report_format("json", "json")
def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=False, default=str) + "\n"
