"""Reliability of real panels: one-way ICC with unequal groups and Krippendorff's alpha."""

from __future__ import annotations

import pytest

from hiring.domain.agreement import (
    TENTATIVE,
    krippendorff_alpha,
    one_way_icc,
    panel_agreement,
)
from hiring.domain.reliability import PanelScore, icc

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1-5, missing values as None.
PUBLISHED = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
}


def published_units() -> list[list[float]]:
    columns = zip(*PUBLISHED.values(), strict=True)
    return [[v for v in column if v is not None] for column in columns]


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_alpha_reproduces_the_published_example(level, expected):
    alpha = krippendorff_alpha(published_units(), level)
    assert round(alpha.value, 3) == expected
    assert (alpha.units, alpha.values) == (11, 40)  # unit 12 has one value: not pairable


def test_one_way_icc_of_a_nested_panel_computed_by_hand():
    """Three candidates, each seen by different interviewers: (4, 5), (2, 3, 2), (5, 5).
    N = 7 ratings in n = 3 items; grand mean 26/7; SSB = 10.261905, SSW = 7/6;
    MSB = 5.130952, MSW = 0.291667; k0 = (7 - 17/7) / 2 = 2.285714;
    ICC(1,1) = 4.839286 / (5.130952 + 1.285714 * 0.291667) = 0.878919;
    ICC(1,k0) = 4.839286 / 5.130952 = 0.943155."""
    result = one_way_icc([[4, 5], [2, 3, 2], [5, 5]])
    assert (result.items, result.ratings) == (3, 7)
    assert result.k0 == pytest.approx(16 / 7)
    assert result.icc1_1 == pytest.approx(0.878919, abs=1e-6)
    assert result.icc1_k == pytest.approx(0.943155, abs=1e-6)
    assert result.note is None


def test_with_equal_groups_the_one_way_icc_is_shrout_and_fleiss():
    matrix = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    two_way = icc(matrix)
    one_way = one_way_icc(matrix)
    assert one_way.icc1_1 == pytest.approx(two_way.icc1_1)
    assert one_way.icc1_k == pytest.approx(two_way.icc1_k)


@pytest.mark.parametrize(
    ("groups", "reason"),
    [
        ([[3, 4]], "1 item(s) with two or more ratings"),
        ([[3], [4], [5, 5]], "1 item(s) with two or more ratings"),
        ([[3, 3], [3, 3]], "no variance between items"),
    ],
)
def test_an_undefined_icc_is_none_with_its_reason(groups, reason):
    result = one_way_icc(groups)
    assert (result.icc1_1, result.icc1_k) == (None, None)
    assert reason in result.note


def test_agreement_below_chance_is_kept_and_flagged():
    result = one_way_icc([[1, 5], [5, 1], [2, 3]])
    assert result.icc1_1 < 0
    assert result.note.startswith("negative")
    alpha = krippendorff_alpha([[1, 5], [5, 1], [2, 3]], "interval")
    assert alpha.value < 0
    assert alpha.note.startswith("negative")


def test_alpha_without_variation_is_none():
    alpha = krippendorff_alpha([[3, 3], [3, 3, 3]], "interval")
    assert alpha.value is None
    assert "every value is the same" in alpha.note


def test_a_pooled_figure_that_hides_unreliable_competencies_is_called_out():
    """Two competencies on very different levels: within each, the raters disagree; pooled,
    the difference between the competencies looks like agreement."""
    ratings = []
    for n in range(8):
        low, high = (1, 2) if n % 2 else (2, 1)
        ratings += [PanelScore(f"c{n}", "r1", "knowledge", low),
                    PanelScore(f"c{n}", "r2", "knowledge", high),
                    PanelScore(f"c{n}", "r1", "persuasion", 4 + low),
                    PanelScore(f"c{n}", "r2", "persuasion", 4 + high)]  # fmt: skip
    result = panel_agreement(ratings)
    assert result.overall.alpha["interval"].value >= TENTATIVE
    assert all(a.alpha["interval"].value < TENTATIVE for a in result.by_competency.values())
    assert "read the competencies, not the pooled figure" in result.warning


def test_no_warning_when_the_competencies_agree_too():
    ratings = [
        PanelScore(f"c{n}", rater, comp, n % 5 + 1)
        for n in range(10)
        for rater in ("r1", "r2")
        for comp in ("a", "b")
    ]
    result = panel_agreement(ratings)
    assert result.warning is None
    assert result.by_competency["a"].alpha["ordinal"].value == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("value", "reading"),
    [(None, None), (0.95, "reliable"), (0.8, "reliable"), (0.7999, "tentative"),
     (0.667, "tentative"), (0.6669, "unreliable"), (-0.2, "unreliable")],
)  # fmt: skip
def test_alpha_reads_against_krippendorffs_bands(value, reading):
    from hiring.domain.agreement import alpha_reading

    assert alpha_reading(value) == reading


def test_statistics_add_up_to_those_of_the_union():
    """What the database sums per competency and the page pools: the figures of the sum are
    those of all the items at once."""
    from hiring.domain.agreement import agreement_of, statistics_of

    first, second = published_units()[:6], published_units()[6:]
    whole = agreement_of(statistics_of(first) + statistics_of(second))
    direct = agreement_of(statistics_of(published_units()))
    assert whole.icc.icc1_1 == pytest.approx(direct.icc.icc1_1)
    for level in ("nominal", "ordinal", "interval"):
        assert whole.alpha[level].value == pytest.approx(direct.alpha[level].value)
