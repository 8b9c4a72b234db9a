"""The slos: section: defaults, partial overrides and refusals with file:line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamwatch.config import load_probe_config
from seamwatch.core.errors import ConfigError

HEAD = """systems:
  shopify: {kind: shopify, base_url: "http://127.0.0.1:1/admin/api/2026-01", api_version: "2026-01",
            auth: {token: "${SHOPIFY_TOKEN}"}}
"""


def _load(tmp_path: Path, slos: str = "") -> object:
    path = tmp_path / "probes.yaml"
    path.write_text(HEAD + slos)
    return load_probe_config(path)


def _error(tmp_path: Path, slos: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, slos)
    return caught.value


def test_absent_section_gives_the_four_defaults(tmp_path: Path) -> None:
    resolved = {d.name: d for d in _load(tmp_path).slos.resolved()}  # type: ignore[attr-defined]
    assert sorted(resolved) == ["api-latency", "api-success-rate", "order-sync-lag", "webhook-delivery"]
    lag = resolved["order-sync-lag"]
    assert (lag.objective, lag.page_threshold, lag.percentile, lag.window_seconds, lag.min_samples) == (
        60_000, 300_000, 0.95, 30 * 86400, 10)
    assert [(b.severity, b.long_window, b.short_window, b.factor) for b in lag.burn_rates] == [
        ("page", 3600, 300, 14.4), ("page", 21600, 1800, 6), ("ticket", 259200, 21600, 1)]


def test_a_partial_override_keeps_the_other_defaults(tmp_path: Path) -> None:
    config = _load(tmp_path, """slos:
  window: 7d
  definitions:
    - {name: api-latency, objective: 500, percentile: 0.99}
    - {name: webhook-delivery, enabled: false}
    - {name: orders-probe, sli: success_rate, per: probe, objective: 0.98, page_threshold: 0.9}
""")
    resolved = {d.name: d for d in config.slos.resolved()}  # type: ignore[attr-defined]
    assert "webhook-delivery" not in resolved
    latency = resolved["api-latency"]
    assert (latency.objective, latency.page_threshold, latency.percentile, latency.window_seconds) == (
        500, 2000, 0.99, 7 * 86400)
    assert resolved["orders-probe"].per == "probe" and resolved["orders-probe"].budget == pytest.approx(0.02)


def test_a_misspelled_key_gets_did_you_mean_with_its_line(tmp_path: Path) -> None:
    error = _error(tmp_path, "slos:\n  definitions:\n    - name: api-latency\n      objectiv: 500\n")
    assert error.line == 7 and error.field == "slos.definitions[0].objectiv"
    assert "did you mean 'objective'" in error.fix


def test_an_unknown_sli_kind_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    error = _error(tmp_path, "slos:\n  definitions:\n    - {name: x, sli: sync_lagg, objective: 1000}\n")
    assert "unknown sli kind 'sync_lagg'" in error.message and "sync_lag" in error.fix
    assert error.line == 6


@pytest.mark.parametrize(("entry", "words"), [
    ("{name: api-success-rate, page_threshold: 0.999}", "not below the objective"),
    ("{name: order-sync-lag, objective: 600000}", "not above the objective"),
    ("{name: api-success-rate, objective: 99.5}", "not a fraction"),
])
def test_a_page_threshold_on_the_wrong_side_is_refused(tmp_path: Path, entry: str, words: str) -> None:
    error = _error(tmp_path, f"slos:\n  definitions:\n    - {entry}\n")
    assert words in error.message and error.line == 6 and error.fix


def test_a_new_slo_needs_an_sli_and_burn_windows_must_nest(tmp_path: Path) -> None:
    assert "has no sli" in _error(tmp_path, "slos:\n  definitions:\n    - {name: mine, objective: 0.9}\n").message
    error = _error(tmp_path, "slos:\n  burn_rates:\n    - {severity: page, long_window: 5m, short_window: 1h, "
                   "factor: 14.4}\n")
    assert "not shorter" in error.message
