"""JUnit XML: one testsuite per contract, one testcase per operation and check."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from seamwatch.reporting import report_format


@report_format("junit", "junit.xml")
def render(document: dict[str, Any]) -> str:
    cases = list(_cases(document))
    suite = ET.Element("testsuite", {
        "name": f"seamwatch contract {document['system']} ({document['contract']})",
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
        "errors": str(sum(1 for c in cases if c.find("error") is not None)),
        "skipped": str(sum(1 for c in cases if c.find("skipped") is not None)),
        "time": f"{document['duration_seconds']:.3f}",
        "timestamp": document["started_at"],
    })
    suite.extend(cases)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _cases(document: dict[str, Any]) -> Any:
    known = {(f["operation"], f["check"]): f for f in document["known_failures"]}
    for op in document["operations"]:
        failures: dict[str, list[dict[str, Any]]] = {}
        for f in op["failures"]:
            failures.setdefault(f["check"], []).append(f)
        for check in sorted(set(op["checks"]) | set(failures) | {k[1] for k in known if k[0] == op["label"]}):
            case = ET.Element("testcase", {"classname": op["label"], "name": check})
            if check in failures:
                for f in failures[check]:
                    node = ET.SubElement(case, "failure", {"message": f["title"], "type": check})
                    node.text = f"{f['message']}\n\nReproduce with:\n{f['curl']}"
            elif (op["label"], check) in known:
                ET.SubElement(case, "skipped", {"message": "known failure (in the baseline)"})
            yield case
    for i, error in enumerate(document["errors"]):
        case = ET.Element("testcase", {"classname": "run", "name": f"run-error-{i + 1}"})
        ET.SubElement(case, "error", {"message": error[:200]}).text = error
        yield case
