"""The KAM 9-box: bands, thresholds and placement."""

from __future__ import annotations

import pytest

from hiring.domain.nine_box import Box, Thresholds, band, box_of_key, place


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), (94.9, 0), (95, 1), (109.9, 1), (110, 2), (250, 2)],
)
def test_a_threshold_begins_the_higher_band(value, expected):
    assert band(value, (95, 110)) == expected


def test_a_person_is_placed_by_performance_and_fit():
    thresholds = Thresholds()
    assert place(131, 0.99, thresholds) == Box(2, 2)
    assert place(97, 0.62, thresholds) == Box(1, 1)
    assert place(90, 0.95, thresholds) == Box(0, 2)
    assert place(None, 0.9, thresholds) is None
    assert place(120, None, thresholds) is None


def test_thresholds_come_from_configuration_text():
    assert Thresholds.parse("90, 105", "50,75") == Thresholds((90.0, 105.0), (0.5, 0.75))
    assert Thresholds.parse(None, "") == Thresholds()


@pytest.mark.parametrize(
    ("performance", "fit"), [("110,95", None), ("95", None), (None, "80,60"), ("a,b", None)]
)
def test_bad_thresholds_are_refused(performance, fit):
    with pytest.raises(ValueError):  # noqa: PT011 - each says what is wrong in its own words
        Thresholds.parse(performance, fit)


def test_a_box_is_named_performance_first():
    assert Box(2, 1).key == "high-medium"
    assert box_of_key("high-medium") == Box(2, 1)
    assert box_of_key("top-left") is None
    assert box_of_key("high") is None
