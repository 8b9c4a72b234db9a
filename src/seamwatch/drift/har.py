"""Recorded responses for live drift: HAR files, and matching a URL to a contract operation.

Operations are found by matching the request path against each path template after the
path part of a server URL (``/admin/api/{version}`` for Shopify, ``/v2.0/{tenant}/
{environment}/api`` for Business Central). Template parameters match one segment or the
part of one, so ``/orders/{order_id}.json`` and ``/companies({companyId})/items`` work.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from seamwatch.contracts.routes import OperationMatcher
from seamwatch.contracts.spec import Contract, Operation
from seamwatch.core.documents import load_document
from seamwatch.core.errors import UsageError
from seamwatch.drift.live import response_drift
from seamwatch.drift.model import Change
from seamwatch.drift.rules import change

__all__ = ["RecordedResponse", "har_drift", "load_har", "match_operation"]

_PARAM = re.compile(r"\\\{[^/]+?\\\}")


@dataclass(frozen=True)
class RecordedResponse:
    """One request/response pair as recorded."""

    method: str
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


def load_har(path: str | Path) -> list[RecordedResponse]:
    """The entries of a HAR file (``log.entries[]``); JSON bodies are parsed."""
    document = load_document(path, UsageError)
    entries = (document.data or {}).get("log", {}).get("entries") if isinstance(document.data, dict) else None
    if not isinstance(entries, list):
        raise UsageError("not a HAR file (no log.entries)", file=document.path, fix="record a HAR file")
    return [_entry(e) for e in entries if isinstance(e, dict)]


def _entry(entry: dict[str, Any]) -> RecordedResponse:
    request, response = entry.get("request") or {}, entry.get("response") or {}
    headers = {str(h.get("name")): str(h.get("value")) for h in response.get("headers") or []
               if isinstance(h, dict)}
    content = response.get("content") or {}
    return RecordedResponse(str(request.get("method", "GET")).upper(), str(request.get("url", "")),
                            int(response.get("status", 0)), headers, _body(content))


def _body(content: dict[str, Any]) -> Any:
    text = content.get("text")
    if text is None:
        return None
    if content.get("encoding") == "base64":
        text = base64.b64decode(text).decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return None


def _server_prefixes(contract: Contract) -> list[re.Pattern[str]]:
    prefixes = []
    for server in contract.data.get("servers") or []:
        path = urlsplit(str((server or {}).get("url", ""))).path.rstrip("/")
        if path:
            prefixes.append(re.compile(_PARAM.sub("[^/]+", re.escape(path))))
    return prefixes


def match_operation(contract: Contract, method: str, url: str,
                    matcher: OperationMatcher | None = None) -> Operation | None:
    """The operation a recorded request was for, after stripping the servers' path prefix."""
    matcher = matcher or OperationMatcher(contract)
    request_path = urlsplit(url).path
    candidates = [request_path]
    for prefix in _server_prefixes(contract):
        found = prefix.match(request_path)
        if found:
            candidates.insert(0, request_path[found.end():])
    for candidate in candidates:
        match = matcher.match(method, candidate)
        if match is not None:
            return match.operation
    return None


def har_drift(contract: Contract, path: str | Path) -> list[Change]:
    """Live drift of every recorded response in a HAR file against ``contract``."""
    changes: list[Change] = []
    matcher = OperationMatcher(contract)
    for recorded in load_har(path):
        op = match_operation(contract, recorded.method, recorded.url, matcher)
        if op is None:
            label = f"{recorded.method} {urlsplit(recorded.url).path}"
            changes.append(change("sw-live-operation-undocumented", label,
                                  f"no operation in the contract matches {label}",
                                  None, (contract.path, "/paths")))
            continue
        changes += response_drift(contract, (op.method, op.path), recorded.status,
                                  recorded.headers, recorded.body)
    return changes
