from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from seamwatch.core.errors import UsageError
from seamwatch.reporting.time_range import bucket_seconds_for, parse_instant

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("24h", NOW - timedelta(hours=24)), ("30m", NOW - timedelta(minutes=30)), ("7d", NOW - timedelta(days=7)),
    ("0s", NOW), ("2026-03-01T06:00:00Z", datetime(2026, 3, 1, 6, tzinfo=UTC)),
    ("2026-03-01T06:00:00", datetime(2026, 3, 1, 6, tzinfo=UTC)),
    ("2026-03-01T07:00:00+01:00", datetime(2026, 3, 1, 6, tzinfo=UTC)),
])
def test_parse_instant(text: str, expected: datetime) -> None:
    assert parse_instant(text, NOW, option="--since") == expected


def test_bad_instant_is_a_usage_error_naming_the_option() -> None:
    with pytest.raises(UsageError, match="--since 'yesterday'"):
        parse_instant("yesterday", NOW, option="--since")


@pytest.mark.parametrize(("span", "width"), [
    (timedelta(hours=1), 300), (timedelta(hours=24), 1800), (timedelta(days=7), 21600), (timedelta(days=90), 172800)])
def test_buckets_are_round_and_at_most_48(span: timedelta, width: int) -> None:
    assert bucket_seconds_for(span) == width
    assert span.total_seconds() / width <= 48
