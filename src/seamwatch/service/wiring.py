"""Building what probes need, once: tokens, masker, one HTTP client per system, budgets."""

from __future__ import annotations

from collections.abc import Mapping

from seamwatch.config.models import ProbeConfig
from seamwatch.config.systems import System
from seamwatch.core.clock import Clock
from seamwatch.core.http import HttpSettings, build_async_client
from seamwatch.core.secrets import Masker
from seamwatch.probes import OrderPacer, ShopifyBudget, SystemLink

__all__ = ["auth_headers", "build_links", "build_masker", "close_links"]


def auth_headers(system: System, token: str | None) -> dict[str, str]:
    header = system.auth_header()
    if header is None or token is None:
        return {}
    value = f"Bearer {token}" if header.lower() == "authorization" else token
    return {header: value, "Accept": "application/json"}


def build_masker(tokens: Mapping[str, str], extra: tuple[str, ...] = ()) -> Masker:
    return Masker([*tokens.values(), *extra])


def build_links(config: ProbeConfig, tokens: Mapping[str, str], clock: Clock) -> dict[str, SystemLink]:
    """One link per system. Shopify systems get the call-limit budget and the order pacer."""
    links: dict[str, SystemLink] = {}
    for name, system in config.systems.items():
        client = build_async_client(system.base_url, headers=auth_headers(system, tokens.get(name)),
                                    settings=HttpSettings(timeout=system.timeout_seconds,
                                                          connect_timeout=min(5.0, system.timeout_seconds)))
        shopify = system.kind == "shopify"
        links[name] = SystemLink(
            name=name, system=system, client=client,
            budget=ShopifyBudget(clock, config.budget.shopify_bucket_share) if shopify else None,
            pacer=OrderPacer(clock, config.budget.max_orders_per_minute) if shopify else None,
        )
    return links


async def close_links(links: Mapping[str, SystemLink]) -> None:
    for link in links.values():
        await link.client.aclose()
