"""``http``: one request, then every condition on status, time, headers and body must hold.

A failed condition is classified by what the response was: a 5xx or 429 answer keeps its
HTTP classification; a 2xx/3xx/4xx that breaks a ``[STATUS]`` condition is ``http_4xx``; a
body or header condition that does not hold is ``schema`` (the answer is not what the
contract promises).
"""

from __future__ import annotations

from typing import Any

from seamwatch.config.probes import HttpProbe
from seamwatch.core.results import Classification
from seamwatch.probes.conditions import evaluate_condition
from seamwatch.probes.context import Outcome, ProbeContext
from seamwatch.probes.errors import StepFailed
from seamwatch.probes.kinds import probe_kind

__all__ = ["run_http"]

_ALL_STATUSES = tuple(range(100, 600))


@probe_kind("http")
async def run_http(probe: HttpProbe, ctx: ProbeContext) -> Outcome:
    async with ctx.step("request"):
        start = ctx.clock.monotonic()
        response = await ctx.http.request(probe.system, f"{probe.method} {probe.path}", probe.method,
                                          probe.path, ok=_ALL_STATUSES)
        elapsed_ms = (ctx.clock.monotonic() - start) * 1000.0
    async with ctx.step("conditions"):
        body = _body(response)
        failed = []
        for condition in probe.parsed_conditions():
            holds, seen = evaluate_condition(condition, response.status_code, elapsed_ms,
                                             response.headers, body)
            if not holds:
                failed.append((condition, seen))
        if failed:
            detail = "; ".join(f"{c.raw} (got {seen})" for c, seen in failed)
            raise StepFailed(_classify(response.status_code, [c for c, _ in failed]),
                             f"{len(failed)} condition(s) failed: {detail}")
    return Outcome(message=f"{response.status_code} in {elapsed_ms:.0f} ms",
                   details={"status": response.status_code})


def _body(response: Any) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        # A success that says it is JSON and is not is a broken answer, whatever the
        # conditions; an error status keeps its own classification.
        if response.status_code < 400 and "json" in response.headers.get("content-type", "").lower():
            excerpt = response.text[:200].replace("\n", " ")
            raise StepFailed("schema", f"the body is labelled JSON but is not valid JSON: {excerpt!r}") from None
        return None


def _classify(status: int, failed: list[Any]) -> Classification:
    if status == 429:
        return "rate_limited"
    if status >= 500:
        return "http_5xx"
    placeholders = {c.placeholder for c in failed}
    if "STATUS" in placeholders:
        return "http_4xx"
    if placeholders == {"RESPONSE_TIME"}:
        return "timeout"
    return "schema"
