from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seamwatch.slo.sketch import (
    GAMMA,
    INF_BUCKET,
    RELATIVE_ERROR,
    ZERO_BUCKET,
    bucket_of,
    bucket_value,
    quantile,
    run_lag_bucket,
)


def test_the_stated_error_is_at_most_one_percent() -> None:
    assert GAMMA == 1.02
    assert RELATIVE_ERROR <= 0.01


@given(st.floats(min_value=0.002, max_value=1e9, allow_nan=False))
def test_every_value_is_within_the_relative_error_of_its_bucket(ms: float) -> None:
    index = bucket_of(ms)
    assert GAMMA ** (index - 1) < ms <= GAMMA ** index * (1 + 1e-12)
    assert abs(bucket_value(index) - ms) / ms <= RELATIVE_ERROR + 1e-12


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("q", [0.5, 0.95, 0.99])
def test_sketch_percentile_is_within_one_percent_of_the_exact_one(seed: int, q: float) -> None:
    rnd = random.Random(seed)
    values = [rnd.lognormvariate(8, 1.5) for _ in range(20_000)]
    exact = sorted(values)[math.ceil(q * len(values)) - 1]  # nearest rank
    counts: dict[int, int] = {}
    for v in values:
        counts[bucket_of(v)] = counts.get(bucket_of(v), 0) + 1
    estimate = quantile(counts, q)
    assert estimate is not None
    assert abs(estimate - exact) / exact <= 0.01


def test_edges_zero_infinity_and_empty() -> None:
    assert bucket_of(0.0) == ZERO_BUCKET and bucket_value(ZERO_BUCKET) == 0.0
    assert bucket_of(math.inf) == INF_BUCKET and bucket_value(INF_BUCKET) == math.inf
    assert quantile({}, 0.95) is None
    with pytest.raises(ValueError):
        bucket_of(math.nan)


def test_a_sync_that_never_arrived_is_an_infinite_lag() -> None:
    assert run_lag_bucket(None, "shopify_to_erp", "late") == INF_BUCKET
    assert run_lag_bucket(None, "shopify_to_erp", "http_5xx") is None
    assert run_lag_bucket(1500.0, None, None) is None
    assert run_lag_bucket(1500.0, "erp_to_shopify", None) == bucket_of(1500.0)
