"""Money, timestamps and ids the way Shopify renders them.

Money is kept as integer cents so arbitrarily large or negative amounts (which the contract
allows) never lose precision or hit a decimal context limit.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from itertools import count

__all__ = [
    "IdSequence",
    "cents_from_decimal",
    "format_cents",
    "iso",
    "parse_cents",
    "tax_cents",
    "truncate",
]

_MONEY = re.compile(r"(-?)([0-9]+)\.([0-9]{2})", re.ASCII)


def parse_cents(text: str) -> int | None:
    """``"-12.50"`` -> ``-1250``; ``None`` unless ``text`` is a two-decimal money string."""
    match = _MONEY.fullmatch(text)
    if match is None:
        return None
    sign, units, fraction = match.groups()
    cents = int(units) * 100 + int(fraction)
    return -cents if sign else cents


def cents_from_decimal(value: Decimal) -> int:
    """Seed prices are Decimals with at most two places."""
    return int(value * 100)


def format_cents(cents: int) -> str:
    """``-1250`` -> ``"-12.50"``."""
    sign = "-" if cents < 0 else ""
    units, fraction = divmod(abs(cents), 100)
    return f"{sign}{units}.{fraction:02d}"


def tax_cents(taxable_cents: int, rate: Decimal) -> int:
    """``round(subtotal * rate, 2)`` in cents, with Python's (banker's) rounding like Decimal.

    Integer arithmetic only: exact for any amount, and cheap enough to run per request.
    """
    numerator, denominator = rate.as_integer_ratio()
    whole, rest = divmod(taxable_cents * numerator, denominator)  # floor, 0 <= rest < den
    if 2 * rest > denominator or (2 * rest == denominator and whole % 2):
        whole += 1
    return whole


def truncate(moment: datetime) -> datetime:
    """Shopify timestamps have whole seconds; storing them so keeps filters and output in step."""
    return moment.replace(microsecond=0)


def iso(moment: datetime | None) -> str | None:
    """ISO-8601 with the shop's UTC offset (the sandbox shop lives in UTC: ``+00:00``)."""
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


class IdSequence:
    """Increasing 64-bit ids. Large starting points make them look (and sort) like Shopify's."""

    def __init__(self, start: int) -> None:
        self._counter = count(start)

    def next(self) -> int:
        """The next id."""
        return next(self._counter)
