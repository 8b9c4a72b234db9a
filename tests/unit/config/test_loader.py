"""Probe files: the shipped ones load; each kind of mistake gives one precise ConfigError."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seamwatch.config import (
    HttpProbe,
    OrderRoundtripProbe,
    ProbeConfig,
    load_probe_config,
    resolve_secrets,
    validate_probe_file,
)
from seamwatch.core.errors import ConfigError, SecretError

REPO = Path(__file__).resolve().parents[3]

BASE = """\
systems:
  shop:
    kind: shopify
    base_url: http://127.0.0.1:8701/admin/api/2026-01
    auth:
      token: ${SW_TEST_SHOPIFY_TOKEN}
  erp:
    kind: erp
    base_url: http://127.0.0.1:8702/api
    auth:
      token: ${SW_TEST_ERP_TOKEN}
probes:
  - name: ping
    kind: http
    system: shop
    path: /locations.json
    schedule:
      interval_seconds: 30
    conditions:
      - "[STATUS] == 200"
  - name: orders
    kind: order_roundtrip
    shopify: shop
    erp: erp
    schedule:
      cron: "*/5 * * * *"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "probes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def only_error(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    errors = validate_probe_file(path)
    assert len(errors) == 1, [e.one_line() for e in errors]
    with pytest.raises(ConfigError) as raised:
        load_probe_config(path)
    assert raised.value.one_line() == errors[0].one_line()
    assert errors[0].file == str(path)
    return errors[0]


@pytest.mark.parametrize("name", ["sandbox.yaml", "live.example.yaml"])
def test_shipped_probe_files_load(name: str) -> None:
    config = load_probe_config(REPO / "probes" / name)
    kinds = {p.kind for p in config.probes}
    assert kinds == {"http", "order_roundtrip", "inventory_roundtrip"}
    assert {s.kind for s in config.systems.values()} == {"shopify", "erp"}


def test_defaults_live_in_the_models(tmp_path: Path) -> None:
    config = load_probe_config(write(tmp_path, BASE))
    ping, orders = config.probes
    assert isinstance(ping, HttpProbe) and ping.method == "GET"
    assert ping.schedule.jitter_seconds == 0 and ping.schedule.misfire_grace_seconds == 30
    assert ping.parsed_conditions()[0].number == 200
    assert isinstance(orders, OrderRoundtripProbe)
    assert (orders.sku, orders.quantity, orders.timeout_seconds, orders.late_after_seconds) == (
        "SW-PROBE-001", 1, 120, 60)
    assert (orders.poll.first_interval_seconds, orders.poll.max_interval_seconds,
            orders.poll.backoff) == (0.25, 5, 1.5)
    assert config.systems["shop"].timeout_seconds == 10
    assert config.systems["shop"].auth_header() == "X-Shopify-Access-Token"
    assert config.storage.url == "sqlite:///reports/seamwatch.sqlite"
    assert config.storage.retention_days == 90
    assert config.budget.shopify_bucket_share == 0.1


def test_env_references_are_not_expanded_outside_tokens(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SW_PATH", "/expanded")
    config = load_probe_config(write(tmp_path, BASE.replace("/locations.json", "/${SW_PATH}")))
    assert isinstance(config.probes[0], HttpProbe) and config.probes[0].path == "/${SW_PATH}"


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("interval_seconds: 30", "intervall_seconds: 30"))
    assert error.line == 18
    assert error.field == "probes[0].schedule.intervall_seconds"
    assert "unknown key 'intervall_seconds'" in error.message
    assert error.fix == "did you mean 'interval_seconds'?"


def test_unknown_key_in_a_roundtrip_probe_suggests_its_own_fields(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE + "    late_afer_seconds: 30\n")
    assert (error.line, error.field) == (27, "probes[1].late_afer_seconds")
    assert error.fix == "did you mean 'late_after_seconds'?"


def test_literal_token_is_refused_and_not_echoed(tmp_path: Path) -> None:
    literal = "shpat_0123456789abcdef"
    error = only_error(tmp_path, BASE.replace("${SW_TEST_SHOPIFY_TOKEN}", literal))
    assert (error.line, error.field) == (6, "systems.shop.auth.token")
    assert "literally" in error.message
    assert "${ENV_VAR}" in error.fix and "file:" in error.fix
    assert literal not in error.one_line()


def test_unknown_system_names_it_and_lists_known_ones(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("system: shop", "system: shopp"))
    assert (error.line, error.field) == (15, "probes[0].system")
    assert "unknown system 'shopp'" in error.message and "known: erp, shop" in error.message


def test_roundtrip_needs_the_right_system_kind(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("shopify: shop", "shopify: erp"))
    assert (error.line, error.field) == (23, "probes[1].shopify")
    assert "needs kind shopify" in error.message


def test_bad_cron(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace('"*/5 * * * *"', '"*/5 * * *"'))
    assert (error.line, error.field) == (26, "probes[1].schedule.cron")
    assert "invalid cron expression" in error.message and "five fields" in error.fix


def test_schedule_needs_exactly_one_trigger(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("      interval_seconds: 30\n",
                                              "      interval_seconds: 30\n      cron: '* * * * *'\n"))
    assert (error.line, error.field) == (17, "probes[0].schedule")
    assert "exactly one" in error.message


@pytest.mark.parametrize(("condition", "message", "fix"), [
    ("[STATUS] = 200", "unknown operator '='", "=="),
    ("[STATUS] 200", "no comparison operator", "=="),
    ("[STATUS] => 200", "unknown operator '=>'", ">="),
    ("[STATS] == 200", "unknown placeholder [STATS]", "did you mean [STATUS]?"),
    ("[RESPONSE_TIME] < fast", "is not a number", "needs a number"),
    ("[BODY].orders[x].id > 0", "bad body path", ".key or [index]"),
    ("[HEADER] == 1", "[HEADER] needs one header name", "[HEADER].name"),
])
def test_bad_condition(tmp_path: Path, condition: str, message: str, fix: str) -> None:
    error = only_error(tmp_path, BASE.replace('"[STATUS] == 200"', f'"{condition}"'))
    assert (error.line, error.field) == (20, "probes[0].conditions[0]")
    assert message in error.message and fix in error.fix


def test_duplicate_probe_names(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("name: orders", "name: ping"))
    assert (error.line, error.field) == (21, "probes[1].name")
    assert "duplicate probe name 'ping'" in error.message


def test_missing_required_field(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("    path: /locations.json\n", ""))
    assert (error.line, error.field) == (13, "probes[0].path")
    assert "missing required field 'path'" in error.message and "add path:" in error.fix


def test_unknown_probe_kind_suggests(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("kind: order_roundtrip", "kind: order_round_trip"))
    assert (error.line, error.field) == (21, "probes[1]")
    assert error.fix == "did you mean 'order_roundtrip'?"


def test_yaml_syntax_error(tmp_path: Path) -> None:
    error = only_error(tmp_path, BASE.replace("    kind: http\n", "    kind: [http\n"))
    assert error.line is not None and 14 <= error.line <= 16
    assert "invalid YAML" in error.message


def test_validate_collects_every_error(tmp_path: Path) -> None:
    text = (BASE.replace("system: shop", "system: nope")
                .replace("interval_seconds: 30", "interval_seconds: -1")
                .replace("quantity", "x"))
    path = write(tmp_path, text + "    quantityy: 2\n")
    fields = {e.field for e in validate_probe_file(path)}
    assert fields == {"probes[0].schedule.interval_seconds", "probes[1].quantityy"}
    # Cross-references are checked once the structure is valid: then every one is reported.
    path = write(tmp_path, BASE.replace("system: shop", "system: nope").replace("erp: erp", "erp: gone"))
    assert {e.field for e in validate_probe_file(path)} == {"probes[0].system", "probes[1].erp"}


def test_resolve_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token_file = tmp_path / "erp-token"
    token_file.write_text("erp-secret\n", encoding="utf-8")
    path = write(tmp_path, BASE.replace("${SW_TEST_ERP_TOKEN}", f"file:{token_file}"))
    monkeypatch.setenv("SW_TEST_SHOPIFY_TOKEN", "shop-secret")
    assert resolve_secrets(load_probe_config(path)) == {"shop": "shop-secret", "erp": "erp-secret"}


def test_unset_env_var_is_a_secret_error_naming_the_field(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SW_TEST_SHOPIFY_TOKEN", raising=False)
    monkeypatch.setenv("SW_TEST_ERP_TOKEN", "x")
    config: ProbeConfig = load_probe_config(write(tmp_path, BASE))
    with pytest.raises(SecretError) as raised:
        resolve_secrets(config)
    error = raised.value
    assert (error.field, error.line) == ("systems.shop.auth.token", 6)
    assert error.file and error.file.endswith("probes.yaml")
    assert "SW_TEST_SHOPIFY_TOKEN is not set" in error.message


def test_readme_example_is_a_valid_probe_file(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `seamwatch probe validate --config FILE`")[1].split("\n## ")[0]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None
    config = load_probe_config(write(tmp_path, block.group(1)))
    assert [p.kind for p in config.probes] == ["http", "order_roundtrip", "inventory_roundtrip"]
