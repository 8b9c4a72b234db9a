"""The rule registry and its generated catalogue."""

from __future__ import annotations

import re

from seamwatch.drift import DRIFT_RULES, catalogue_markdown
from seamwatch.drift.rules import CATALOGUE_PATH

OASDIFF_NAMED = re.compile(r"^(api|endpoint|new|request|response|required|optional)-[a-z0-9-]+$")


def test_catalogue_file_is_up_to_date() -> None:
    assert CATALOGUE_PATH.read_text(encoding="utf-8") == catalogue_markdown(), (
        "run `seamwatch drift rules > src/seamwatch/drift/RULES.md`")


def test_every_rule_is_documented_and_well_named() -> None:
    text = catalogue_markdown()
    for rule_id, rule in DRIFT_RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id), rule_id
        assert rule_id.startswith(("sw-", "graphql-")) or OASDIFF_NAMED.match(rule_id), rule_id
        assert rule.summary.endswith(".") and rule.advice, rule_id
        assert f"| `{rule_id}` | {rule.level.value} |" in text
