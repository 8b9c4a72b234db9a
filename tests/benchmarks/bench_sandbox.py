"""Sandbox throughput: a simple Shopify GET and an ERP ``$filter`` query over loopback.

Load comes from four separate client processes (keep-alive http.client loops), so the
clients do not share the server's GIL. Baseline, measured in the same run: the same load
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

# A lean keep-alive client (http.client): an httpx loop tops out below the server's rate and
# would measure itself. Several such processes together make the load.
_LOAD = r"""
import http.client, json, sys, time
from urllib.parse import urlsplit
url, headers, seconds = urlsplit(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3])
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
target = url.path + ("?" + url.query if url.query else "")
counts, stop = {}, time.perf_counter() + seconds
start = time.perf_counter()
while time.perf_counter() < stop:
    conn.request("GET", target, headers=headers)
    reply = conn.getresponse(); reply.read()
    counts[reply.status] = counts.get(reply.status, 0) + 1
print(json.dumps({"requests": sum(counts.values()), "elapsed": time.perf_counter() - start, "statuses": counts}))
"""
CLIENTS = 4


async def _bare_app(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b'{"order":{"id":1,"name":"#1001"}}'
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _load(url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
    procs = [subprocess.Popen([sys.executable, "-c", _LOAD, url, json.dumps(headers), str(seconds)],
                              stdout=subprocess.PIPE, text=True) for _ in range(CLIENTS)]
    results = [json.loads(p.communicate(timeout=seconds + 60)[0]) for p in procs]
    statuses: dict[str, int] = {}
    for result in results:
        for status, count in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    elapsed = max(r["elapsed"] for r in results)
    return {"rps": sum(r["requests"] for r in results) / elapsed, "statuses": statuses}


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
        erp_filter = _load(f"{company}/items?%24filter=number%20eq%20%27SW-MUG%27",
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
