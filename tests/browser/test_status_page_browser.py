"""The status page and the HTML report in Debian's Chromium: states, figures and charts.

Chromium must be installed (``apt-get install -y chromium``): without it these tests fail,
they never skip. No browser is ever downloaded. Screenshots go to ``reports/screenshots/``
and are copied to ``reports/assets/`` (committed, linked from the README).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from seamwatch.config import resolve_secrets
from seamwatch.core.clock import FakeClock
from seamwatch.core.secrets import Masker
from seamwatch.reporting.probe_output import write_probe_reports
from seamwatch.reporting.probe_report import build_probe_report, report_document
from seamwatch.sandbox.serve import ServerThread
from seamwatch.storage import SqlStore, open_store
from seamwatch.web import build_status_app
from tests.unit.reporting.probe_fixtures import ERP_TOKEN, NOW, TOKEN_ENV, probe_config, seed, slo_statuses

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS, ASSETS = REPO / "reports" / "screenshots", REPO / "reports" / "assets"
TOKEN = "browser-page-token-91ac"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Chromium is missing: apt-get install -y chromium (browser tests never skip)"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield launched
        launched.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'browser.db'}", FakeClock(NOW)) as opened:
        seed(opened)
        yield opened


def _save(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ASSETS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    shutil.copyfile(SCREENSHOTS / name, ASSETS / name)


def _series_drawn(page: Page, chart: str) -> int:
    # pygal draws each series in the plot and again in its overlays; count the plot's own.
    return page.locator(f"#chart-{chart} svg g.plot:not(.overlay):not(.text-overlay):not(.tooltip-overlay)"
                        " > g.series").count()


def _check_charts(page: Page) -> None:
    assert page.locator("#chart-success-rate").get_attribute("data-series") == \
        "erp-items|order-roundtrip|shopify-locations"
    assert _series_drawn(page, "success-rate") == 3
    assert _series_drawn(page, "latency") == 4  # erp and shopify, p50 and p95 each
    legend = page.locator("#chart-latency").inner_text(timeout=TIMEOUT_MS)
    assert "erp p95" in legend and "shopify p50" in legend
    assert _series_drawn(page, "sync-lag-shopify_to_erp") == 2  # within / over the objective
    assert "over objective (> 60 s)" in page.locator("#chart-sync-lag-shopify_to_erp").inner_text()
    for chart in ("error-budget", "burn-rate"):
        assert page.locator(f"#chart-{chart} svg").count() == 1, chart


def test_status_page_shows_the_stores_states_figures_and_charts(
        browser: Browser, store: SqlStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in TOKEN_ENV.items():
        monkeypatch.setenv(name, value)
    config = probe_config(tmp_path)
    app = build_status_app(store, config, slo_statuses=slo_statuses, clock=FakeClock(NOW),
                           masker=Masker(resolve_secrets(config).values()), token=TOKEN)
    window = store.results(NOW - timedelta(hours=24), NOW)
    with ServerThread(app, name="status-page") as server:
        context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {TOKEN}"},
                                      viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        assert page.goto(server.url + "/").status == 200
        state = {probe: page.locator(f'tr[data-probe="{probe}"] [data-state]').get_attribute("data-state")
                 for probe in ("shopify-locations", "erp-items", "order-roundtrip")}
        assert state == {"shopify-locations": "ok", "erp-items": "degraded", "order-roundtrip": "breached"}
        degraded = page.locator('tr[data-probe="erp-items"]')
        assert "last run failed (http_5xx at step request)" in degraded.inner_text()
        assert degraded.locator('.recent [data-success="false"]').count() == 3
        assert page.locator("#total-runs").inner_text() == str(len(window))
        assert page.locator("#total-failures").inner_text() == str(sum(not r.success for r in window))
        slo = page.locator('tr[data-slo="order-sync-lag:probe:order-roundtrip"]')
        assert slo.locator(".slo-budget").inner_text() == "-67.00%" and slo.locator(".slo-samples").inner_text() == "12"
        _check_charts(page)
        assert ERP_TOKEN not in page.content()
        _save(page, "status-page.png")
        context.close()


def test_html_report_opens_from_a_file_with_the_same_figures(browser: Browser, store: SqlStore, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    report = build_probe_report(store, NOW - timedelta(hours=24), NOW, generated_at=NOW, bucket_seconds=1800,
                                slo_statuses=slo_statuses())
    html = write_probe_reports(report_document(report, Masker([ERP_TOKEN])), tmp_path, ["html"])["html"]
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)  # no network at all
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(html.as_uri())
    assert page.locator("#total-runs").inner_text() == "36"
    assert page.locator('tr[data-probe="erp-items"] .probe-success-rate').inner_text() == "75.00%"
    assert page.locator("#recent-failures tr").count() == 1 + 4  # header + every failure
    _check_charts(page)
    assert ERP_TOKEN not in page.content()
    _save(page, "report.png")
    context.close()
