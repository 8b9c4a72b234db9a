from __future__ import annotations

from pathlib import Path

import pytest

from seamwatch.core.errors import SecretError
from seamwatch.core.secrets import MASK, Masker, is_secret_ref, resolve_secret


def test_known_secrets_emails_phones_addresses_and_query_tokens_are_masked() -> None:
    masker = Masker(["shpat_abcdef123456"])
    text = ("curl -H 'X-Shopify-Access-Token: shpat_abcdef123456' 'https://x/y?access_token=zzz&limit=5' "
            "-d '{\"email\": \"ann@example.com\", \"phone\": \"+1 (555) 010-9999\", \"address1\": \"1 Main St\"}'")
    masked = masker.text(text)
    for leaked in ("shpat_abcdef123456", "zzz", "ann@example.com", "555", "1 Main St"):
        assert leaked not in masked
    assert "limit=5" in masked and '"address1": "***"' in masked


def test_nested_data_masks_headers_and_address_fields() -> None:
    data = {"Authorization": "Bearer t0ken-value", "order": {"shipping_address": {"address1": "1 Main St", "city": "Ottawa"}},
            "lines": [{"note": "call bob@example.org"}]}
    masked = Masker().data(data)
    assert masked["Authorization"] == MASK
    assert masked["order"]["shipping_address"] == {"address1": MASK, "city": "Ottawa"}
    assert masked["lines"][0]["note"] == f"call {MASK}"


def test_short_values_are_not_treated_as_secrets() -> None:
    assert Masker(["abc"]).text("abc abc") == "abc abc"


def test_secret_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SW_TEST_TOKEN", "from-env")
    secret_file = tmp_path / "token"
    secret_file.write_text("from-file\n")
    assert resolve_secret("${SW_TEST_TOKEN}") == "from-env"
    assert resolve_secret(f"file:{secret_file}") == "from-file"
    assert is_secret_ref("${X}") and is_secret_ref("file:/x") and not is_secret_ref("shpat_123")


@pytest.mark.parametrize(("ref", "text"), [
    ("${SW_UNSET_TOKEN_VAR}", "SW_UNSET_TOKEN_VAR is not set"),
    ("file:/nonexistent/token", "cannot read secret file"),
    ("shpat_literal", "written literally"),
])
def test_bad_secret_references_are_one_clear_error(ref: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SW_UNSET_TOKEN_VAR", raising=False)
    with pytest.raises(SecretError) as info:
        resolve_secret(ref, source="probes/x.yaml", field="systems.shopify.token")
    line = info.value.one_line()
    assert text in line and "probes/x.yaml" in line and "systems.shopify.token" in line and "fix:" in line
    assert "shpat_literal" not in line


def test_timestamps_are_not_taken_for_phone_numbers() -> None:
    from seamwatch.core.secrets import Masker

    masked = Masker([]).text("next run at 2026-12-01 22:06:44 UTC; call +1 (555) 123-4567")
    assert "2026-12-01 22:06:44" in masked and "555" not in masked


def test_guid_segments_are_not_taken_for_phone_numbers() -> None:
    from seamwatch.core.secrets import Masker

    text = "CorrelationId: eb5be093-4521-4a3c-9d1e-0f2a3b4c5d6e, phone 0612 345 678"
    masked = Masker([]).text(text)
    assert "eb5be093-4521-4a3c-9d1e-0f2a3b4c5d6e" in masked and "345 678" not in masked
