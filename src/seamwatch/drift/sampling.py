"""Live drift: sample a system's read operations and compare each real response with the
contract (``response_drift``). Read-only: only GET operations are called.

Path parameters are filled from earlier answers: an ``order_id`` or ``salesOrderId`` takes
the first ``id`` of the ``orders`` / ``salesOrders`` collection already fetched; values given
with ``--param`` (Business Central's ``companyId``) are used as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from seamwatch.contracts.spec import Contract, Operation
from seamwatch.core.http import connection_failure
from seamwatch.drift.live import response_drift
from seamwatch.drift.model import Change, DriftReport

__all__ = ["LiveSample", "sample_live"]

_PARAM = re.compile(r"\{([^{}]+)\}")
_MAX_PASSES = 3


@dataclass
class LiveSample:
    report: DriftReport
    called: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _collection(op: Operation) -> str:
    """``/orders.json`` -> ``orders``; ``/v2.0/companies({companyId})/salesOrders`` -> ``salesOrders``."""
    last = op.path.rstrip("/").rsplit("/", 1)[-1]
    return last.removesuffix(".json").split("(", 1)[0]


def _resource_names(param: str) -> list[str]:
    stem = re.sub(r"(_id|Id)$", "", param)
    return [stem + "s", stem[:-1] + "ies" if stem.endswith("y") else stem + "s", stem]


def _first_id(body: Any, collection: str) -> Any:
    items = body.get("value", body.get(collection)) if isinstance(body, dict) else None
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0].get("id")
    return None


def _fill(op: Operation, known: dict[str, Any]) -> str | None:
    values = {}
    for name in _PARAM.findall(op.path):
        value = known.get(name)
        for candidate in _resource_names(name) if value is None else []:
            value = known.get(f"collection:{candidate}")
            if value is not None:
                break
        if value is None:
            return None
        values[name] = value
    return _PARAM.sub(lambda m: str(values[m.group(1)]), op.path)


def sample_live(contract: Contract, client: httpx.Client, base_url: str,
                parameters: dict[str, str] | None = None) -> LiveSample:
    """Call each GET operation once (where its path can be filled) and diff the answers."""
    known: dict[str, Any] = dict(parameters or {})
    pending = [op for op in contract.operations() if op.method == "get"]
    sample = LiveSample(DriftReport(str(contract.path), base_url))
    changes: list[Change] = []
    for _ in range(_MAX_PASSES):
        waiting = []
        for op in pending:
            path = _fill(op, known)
            if path is None:
                waiting.append(op)
                continue
            try:
                reply = client.get(base_url.rstrip("/") + path)
            except httpx.HTTPError as exc:
                raise connection_failure(exc, base_url) from None
            body = _json(reply)
            ident = _first_id(body, _collection(op))
            if ident is not None:
                known.setdefault(f"collection:{_collection(op)}", ident)
            changes += response_drift(contract, (op.method, op.path), reply.status_code,
                                      dict(reply.headers), body)
            sample.called.append(f"{op.label} -> {reply.status_code}")
        pending = waiting
    sample.skipped = [f"{op.label}: no value for its path parameters" for op in pending]
    sample.report = DriftReport(str(contract.path), base_url, changes)
    return sample


def _json(reply: httpx.Response) -> Any:
    try:
        return reply.json() if reply.content else None
    except ValueError:
        return reply.text
