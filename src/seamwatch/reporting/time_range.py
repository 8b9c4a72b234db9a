"""Report windows: ``--since``/``--until`` as a duration before now (``24h``) or ISO-8601."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Final

from seamwatch.core.errors import UsageError

__all__ = ["DEFAULT_WINDOW", "bucket_seconds_for", "parse_instant"]

DEFAULT_WINDOW: Final = timedelta(hours=24)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Round bucket widths a reader can add up in their head.
_NICE_BUCKETS: Final = (60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
# Charts read well with a few dozen points.
TARGET_BUCKETS: Final = 48


def parse_instant(value: str, now: datetime, *, option: str) -> datetime:
    """``24h``/``30m``/``7d`` (that long before ``now``) or an ISO-8601 instant (UTC if naive)."""
    match = _DURATION.match(value)
    if match:
        return now - timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{option} {value!r} is neither a duration nor an ISO-8601 time",
                         field=option, fix="write e.g. 24h, 30m, 7d or 2026-03-01T00:00:00Z") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def bucket_seconds_for(span: timedelta) -> int:
    """The smallest round bucket width giving at most :data:`TARGET_BUCKETS` buckets."""
    seconds = max(span.total_seconds(), 1.0)
    for width in _NICE_BUCKETS:
        if seconds / width <= TARGET_BUCKETS:
            return width
    return int(-(-seconds // TARGET_BUCKETS // 86400) * 86400)  # whole days beyond that
