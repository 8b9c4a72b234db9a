from __future__ import annotations

from typing import Any

from seamwatch.reporting import report_format


@report_format("markdown", "md")
def render(document: dict[str, Any]) -> str:
    s = document["summary"]
    verdict = "passed" if s["ok"] else "FAILED"
    lines = [
        f"## seamwatch contract test: {document['system']} {document['pinned_version']} {verdict}",
        "",
        f"`{document['contract']}` against `{document['base_url']}`, seed {document['seed']}, "
        f"{document['duration_seconds']:.1f} s",
        "",
        "| operations | cases | failures | known (baseline) | run errors |",
        "|---:|---:|---:|---:|---:|",
        f"| {s['operations']} | {s['cases']} | {s['failures']} | {s['known_failures']} | {s['errors']} |",
        "",
    ]
    failures = [f for op in document["operations"] for f in op["failures"]]
    if failures:
        lines += ["### Failures", ""]
        for f in failures:
            lines += [f"- **{f['operation']}** `{f['check']}`: {f['title']}", "",
                      "  ```", f"  {f['curl']}", "  ```", ""]
    if document["errors"]:
        lines += ["### Run errors", ""] + [f"- {e}" for e in document["errors"]] + [""]
    return "\n".join(lines)
