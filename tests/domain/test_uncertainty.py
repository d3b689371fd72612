"""How sure a fit is: the band from the raters' spread, checked against a hand computation."""

from __future__ import annotations

import pytest

from hiring.domain.uncertainty import Term, fit_band


def test_the_band_of_a_hand_computed_case():
    """c1: weight 3, scale from 1, target 4, scores 3 and 5: mean 4, s = sqrt 2, SE = 1,
    slope 1/3. c2: weight 1, target 5, scores 2, 4, 3: mean 3, s = 1, SE = 1/sqrt 3, slope 1/4.
    fit = (3 * 1 + 1 * 0.5) / 4 = 0.875.
    SE(fit)^2 = (3/4)^2 (1/3)^2 + (1/4)^2 (1/(4 sqrt 3))^2 = 0.0625 + 0.00130208 = 0.0638021,
    SE = 0.252591; band 0.875 -+ 1.96 * 0.252591 = 0.379922 to 1.370078, capped at 1."""
    band = fit_band(0.875, [Term(3, 1, 4, (3, 5)), Term(1, 1, 5, (2, 4, 3))])
    assert band.se == pytest.approx(0.252591, abs=1e-6)
    assert band.low == pytest.approx(0.379922, abs=1e-6)
    assert band.high == 1.0
    assert band.reason is None


def test_agreeing_raters_make_a_narrow_band():
    band = fit_band(0.75, [Term(2, 1, 5, (4, 4, 4)), Term(1, 1, 5, (4, 4))])
    assert (band.se, band.low, band.high) == (0.0, 0.75, 0.75)


def test_one_rater_means_the_band_is_unknown_not_zero():
    band = fit_band(1.0, [Term(3, 1, 4, (5,)), Term(1, 1, 5, (4, 4))])
    assert (band.se, band.low, band.high) == (None, None, None)
    assert "one rater" in band.reason


def test_no_fit_no_band():
    assert fit_band(None, []) is None
