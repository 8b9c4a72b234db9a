"""Sandbox throughput: a simple Shopify GET and an ERP ``$filter`` query over loopback.

Load comes from a separate process (an httpx async loop, 20 concurrent connections), so the
client does not share the server's GIL. Baseline, measured in the same run: the same load
against a bare uvicorn app that answers a fixed JSON body. Goal (issue 3): >= 1,000
requests/s for a simple GET on the 2-core CI machine, with the Shopify bucket raised.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from seamwatch.sandbox.faults import FaultState
from seamwatch.sandbox.serve import ServerThread
from seamwatch.sandbox.settings import SandboxSettings

_LOAD = r"""
import asyncio, json, sys, time, httpx
url, headers, seconds, conc = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
async def worker(client, stop, counts):
    while time.perf_counter() < stop:
        r = await client.get(url, headers=headers)
        counts[r.status_code] = counts.get(r.status_code, 0) + 1
async def main():
    counts = {}
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        await client.get(url, headers=headers)
        start = time.perf_counter()
        await asyncio.gather(*(worker(client, start + seconds, counts) for _ in range(conc)))
        elapsed = time.perf_counter() - start
    print(json.dumps({"rps": sum(counts.values()) / elapsed, "statuses": counts}))
asyncio.run(main())
"""


async def _bare_app(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b'{"order":{"id":1,"name":"#1001"}}'
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _load(url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", _LOAD, url, json.dumps(headers), str(seconds), "20"],
                         capture_output=True, text=True, timeout=seconds + 60, check=True)
    return json.loads(out.stdout)


def run(smoke: bool = False) -> dict[str, Any]:
    seconds = 0.5 if smoke else 5.0
    settings = SandboxSettings(bucket_size=10**9, leak_per_second=10**6, erp_requests_per_window=10**9,
                               bridge_db=Path("/dev/null"))
    from seamwatch.sandbox.erp import build_erp_app
    from seamwatch.sandbox.shopify import build_shopify_app

    faults = FaultState()
    with ServerThread(_bare_app) as bare, \
            ServerThread(build_shopify_app(settings, faults)) as shop, \
            ServerThread(build_erp_app(settings, faults)) as erp:
        settings.shopify_port, settings.erp_port = shop.port, erp.port
        baseline = _load(f"{bare.url}/orders/1.json", {}, seconds)
        shop_headers = {"X-Shopify-Access-Token": settings.shopify_token}
        get = _load(f"{settings.shopify_base}/orders/count.json", shop_headers, seconds)
        company = f"{settings.erp_base}/v2.0/companies({settings.company_id})"
        erp_filter = _load(f"{company}/items?$filter=number eq 'SW-MUG'",
                           {"Authorization": f"Bearer {settings.erp_token}"}, seconds)
    return {
        "benchmark": "sandbox throughput",
        "seconds_per_measurement": seconds,
        "baseline_bare_uvicorn_rps": round(baseline["rps"]),
        "shopify_get_rps": round(get["rps"]),
        "erp_filter_rps": round(erp_filter["rps"]),
        "ratio_shopify_get_vs_bare": round(get["rps"] / baseline["rps"], 2),
        "ratio_erp_filter_vs_bare": round(erp_filter["rps"] / baseline["rps"], 2),
        "statuses": {"shopify": get["statuses"], "erp": erp_filter["statuses"]},
        "goal": ">= 1000 req/s for a simple GET",
    }
