"""The panel's spread in floats equals the exact-fraction standard deviation."""

from __future__ import annotations

import random
import statistics

import pytest

from hiring.domain.aggregation import sample_sd


def test_sample_sd_matches_statistics_stdev_on_every_small_panel():
    rng = random.Random(20261201)
    for _ in range(5000):
        n = rng.randint(2, 12)
        low, high = rng.choice([(1, 5), (1, 3), (0, 10), (1, 7)])
        values = [rng.randint(low, high) for _ in range(n)]
        exact = statistics.stdev(values)
        assert sample_sd(values) == pytest.approx(exact, rel=1e-12, abs=1e-12)
        assert round(sample_sd(values), 2) == round(exact, 2)  # what the product shows


@pytest.mark.parametrize(
    ("values", "expected"), [([4], None), ([], None), ([3, 3, 3], 0.0), ([2, 4], 2**0.5)]
)
def test_sample_sd_edges(values, expected):
    assert sample_sd(values) == expected
