"""``probe run --once``: every probe once, in file order, each result committed as it lands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from seamwatch.config.models import ProbeConfig
from seamwatch.core.clock import Clock
from seamwatch.core.results import ProbeResult
from seamwatch.probes import ProbeRunner
from seamwatch.service.wiring import build_links, build_masker, close_links
from seamwatch.storage.protocol import Store

__all__ = ["run_once"]


async def run_once(config: ProbeConfig, store: Store, clock: Clock, tokens: dict[str, str],
                   probes: Sequence[Any] | None = None,
                   on_result: Callable[[ProbeResult], None] | None = None) -> list[ProbeResult]:
    """Run ``probes`` (default: all) one after another; store each result before the next."""
    links = build_links(config, tokens, clock)
    runner = ProbeRunner(config, links, clock, build_masker(tokens))
    results: list[ProbeResult] = []
    try:
        for probe in probes if probes is not None else config.probes:
            result = await runner.run(probe)
            store.add_results([result])
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        await close_links(links)
    return results
