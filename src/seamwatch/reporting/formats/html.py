from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from seamwatch.reporting import report_format

_ENV = Environment(loader=PackageLoader("seamwatch.reporting", "templates"),
                   autoescape=select_autoescape(["html"]))


@report_format("html", "html")
def render(document: dict[str, Any]) -> str:
    return _ENV.get_template("contract_run.html").render(doc=document)
