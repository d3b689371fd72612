"""Pearson's r, Fisher's interval, the minimum sample and a hire's outcomes, checked against
hand computation, the standard library and constructed data with known correlations."""

from __future__ import annotations

import math
import random
import statistics
from datetime import date

import pytest

from hiring.domain.employees import period_start
from hiring.domain.validity import (
    MIN_PEOPLE,
    Comoments,
    HireFacts,
    PeriodFigures,
    correlation,
    fisher_interval,
    outcomes,
    strength,
)


def _moments(xs, ys) -> Comoments:
    moments = Comoments()
    for x, y in zip(xs, ys, strict=True):
        moments.add(x, y)
    return moments


def test_pearson_by_hand():
    # x = 1..5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Σdxdy = 6, Σdx² = 10, Σdy² = 6
    xs, ys = [1, 2, 3, 4, 5], [2, 4, 5, 4, 5]
    expected = 6 / math.sqrt(10 * 6)
    assert statistics.correlation(xs, ys) == pytest.approx(expected, abs=1e-15)
    assert _moments(xs, ys).r == pytest.approx(expected, abs=1e-12)


def test_the_streaming_r_is_the_standard_librarys_two_pass_r():
    rng = random.Random(7)
    xs = [rng.gauss(3, 1) for _ in range(500)]
    ys = [0.4 * x + rng.gauss(0, 1) for x in xs]
    two_pass = statistics.correlation(xs, ys)
    assert _moments(xs, ys).r == pytest.approx(two_pass, abs=1e-12)
    # large offsets cost the streaming sums no precision
    shifted = _moments([x + 1e6 for x in xs], [y - 1e6 for y in ys])
    assert shifted.r == pytest.approx(two_pass, abs=1e-9)


def test_fishers_interval_by_hand():
    # r = 0.3, n = 10: z = atanh(0.3) = 0.30952, SE = 1/√7 = 0.37796, z ± 1.95996 SE
    z, se = 0.5 * math.log(1.3 / 0.7), 1 / math.sqrt(7)
    low, high = fisher_interval(0.3, 10)
    assert low == pytest.approx(math.tanh(z - 1.959963984540054 * se), abs=1e-12)
    assert high == pytest.approx(math.tanh(z + 1.959963984540054 * se), abs=1e-12)
    assert (round(low, 2), round(high, 2)) == (-0.41, 0.78)  # as MIN_PEOPLE's note says
    # the textbook example: r = 0.5 of 50 pairs, 95 % from 0.26 to 0.68
    assert tuple(round(v, 2) for v in fisher_interval(0.5, 50)) == (0.26, 0.68)
    assert fisher_interval(1.0, 12) == (1.0, 1.0)
    with pytest.raises(ValueError, match="more than three"):
        fisher_interval(0.5, 3)


@pytest.mark.parametrize("rho", [-0.6, 0.0, 0.3, 0.8])
def test_constructed_data_with_a_known_correlation_are_found(rho):
    """y = ρx + √(1 - ρ²)e with x and e independent standard normals has correlation ρ: the
    figure of 400 such people lies near ρ, and its interval holds ρ."""
    rng = random.Random(2026)
    xs = [rng.gauss(0, 1) for _ in range(400)]
    ys = [rho * x + math.sqrt(1 - rho * rho) * rng.gauss(0, 1) for x in xs]
    figure = correlation(_moments(xs, ys))
    assert figure.n == 400
    assert figure.r == pytest.approx(rho, abs=0.1)
    assert figure.low < rho < figure.high
    assert figure.high - figure.low < 0.2


def test_below_the_minimum_there_is_no_figure():
    rng = random.Random(1)
    xs = [rng.random() for _ in range(MIN_PEOPLE)]
    ys = [x + rng.random() for x in xs]
    few = correlation(_moments(xs[:-1], ys[:-1]))
    assert (few.n, few.r, few.reason, few.shown) == (MIN_PEOPLE - 1, None, "too_few", False)
    enough = correlation(_moments(xs, ys))
    assert enough.shown
    assert enough.r == pytest.approx(statistics.correlation(xs, ys), abs=1e-12)
    flat = correlation(_moments(xs, [1.0] * MIN_PEOPLE))
    assert (flat.r, flat.reason) == (None, "no_spread")


def test_words_for_a_correlation():
    assert [strength(r) for r in (0.05, -0.2, 0.35, -0.7)] == [
        "none", "weak", "moderate", "strong",
    ]  # fmt: skip


def test_a_period_begins_where_its_length_says():
    assert [period_start(p) for p in ("2026", "2026-H2", "2026-Q3", "2026-07")] == [
        (2026, 1), (2026, 7), (2026, 7), (2026, 7),
    ]  # fmt: skip


HIRED = date(2025, 3, 10)


def test_window_outcomes_count_the_periods_after_the_hire():
    hire = HireFacts(
        hired_on=HIRED,
        employee=True,
        periods=[
            PeriodFigures("2025-Q1", 50.0, 1.0, 1, 10),  # began before the hire: not counted
            PeriodFigures("2025-Q2", 90.0, 4.0, 4, 20),
            PeriodFigures("2025-Q3", 100.0, None, 6, 20),
            PeriodFigures("2026-Q1", 110.0, 8.0, 9, 20),
            PeriodFigures("2026-Q2", 500.0, 9.0, 20, 20),  # ends after the window: not counted
        ],
        ratings=[(date(2025, 2, 1), 0.1), (date(2025, 9, 1), 0.6), (date(2026, 2, 1), 0.7)],
    )
    found = outcomes(hire, 12, today=date(2026, 6, 1))
    assert found["sales_vs_plan_pct"] == pytest.approx(100.0)
    assert found["sales_growth_pct"] == pytest.approx(6.0)
    assert found["vip_kol_coverage_pct"] == pytest.approx(45.0)  # the last counted: 9 of 20
    assert found["manager_rating"] == 0.7  # the newest assessment within the window
    assert (found["retained_6m"], found["retained_12m"]) == (1.0, 1.0)
    # before the window has passed, nothing of it is judged; retention at 6 months is known
    early = outcomes(hire, 12, today=date(2026, 3, 1))
    assert [early[k] for k in ("sales_vs_plan_pct", "manager_rating", "retained_12m")] == [
        None, None, None,
    ]  # fmt: skip
    assert early["retained_6m"] == 1.0
    # twelve months after 10 March 2025 is 10 March 2026, but the window's last month (March)
    # is over only on 1 April: until then nothing of it is judged
    assert outcomes(hire, 12, today=date(2026, 3, 31))["sales_vs_plan_pct"] is None
    assert outcomes(hire, 12, today=date(2026, 4, 1))["sales_vs_plan_pct"] == pytest.approx(100)


def test_a_window_is_whole_calendar_months_after_the_month_of_the_hire():
    """Monthly periods: hired in March, twelve months are April to March, not thirteen."""
    months = [f"2025-{m:02d}" for m in range(3, 13)] + [f"2026-{m:02d}" for m in range(1, 6)]
    hire = HireFacts(
        hired_on=HIRED,
        employee=True,
        periods=[PeriodFigures(p, float(n)) for n, p in enumerate(months)],
    )
    found = outcomes(hire, 12, today=date(2026, 6, 1))
    # March 2025 (n = 0) and April 2026 on (n >= 13) are outside: the mean of 1..12
    assert found["sales_vs_plan_pct"] == pytest.approx(6.5)


def test_retention_needs_an_employee_record_and_counts_from_the_leaving_day():
    left = HireFacts(hired_on=HIRED, employee=True, left_on=date(2025, 11, 30))
    found = outcomes(left, 12, today=date(2027, 1, 1))
    assert (found["retained_6m"], found["retained_12m"]) == (1.0, 0.0)
    early = HireFacts(hired_on=HIRED, employee=True, left_on=date(2025, 5, 1))
    assert outcomes(early, 12, today=date(2025, 6, 1))["retained_6m"] == 0.0
    unlinked = HireFacts(hired_on=HIRED, employee=False)
    found = outcomes(unlinked, 12, today=date(2027, 1, 1))
    assert (found["retained_6m"], found["retained_12m"]) == (None, None)
