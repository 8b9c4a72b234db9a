"""Fixtures: the storage suite's ``store_url`` (SQLite and PostgreSQL) and a local HTTP sink."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from seamwatch.testing.sink import HttpSink
from tests.integration.storage.conftest import clock, pg_url, store_url

__all__ = ["clock", "pg_url", "sink", "store_url"]


@pytest.fixture
def sink() -> Iterator[HttpSink]:
    with HttpSink() as running:
        yield running
