"""Reliability for real interview panels: each candidate seen by a different subset of
interviewers, some cells missing.

Two measures, each for any number of ratings per item:

- **One-way random-effects ICC** (Shrout & Fleiss 1979, case 1; McGraw & Wong 1996) with
  unequal group sizes: every item (a candidate's competency) has its own raters. From the
  one-way ANOVA over the items with at least two ratings (N ratings in n items, n_i per item)

  - MSB = sum_i n_i (mean_i - grand)^2 / (n - 1)       between items
  - MSW = sum_i sum_j (x_ij - mean_i)^2 / (N - n)      within items
  - k0  = (N - sum_i n_i^2 / N) / (n - 1)               the adjusted mean group size

  ICC(1,1) = (MSB - MSW) / (MSB + (k0 - 1) MSW) is the reliability of one rater's score and
  ICC(1,k0) = (MSB - MSW) / MSB that of the mean of k0 raters. With equal group sizes k0 = k
  and both reduce to the complete-data formulas of :mod:`hiring.domain.reliability`.

- **Krippendorff's alpha** (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"),
  which handles missing ratings by design. Every unit with m_u >= 2 values adds, for each
  ordered pair of values (c, k) from different raters, 1 / (m_u - 1) to the coincidence o_ck;
  n_c = sum_k o_ck and n = sum_c n_c. Then alpha = 1 - (n - 1) sum o_ck d2_ck /
  sum n_c n_k d2_ck, with the difference d2 of the level of measurement: nominal 0 or 1,
  interval (c - k)^2, ordinal (sum_{g from c to k} n_g - (n_c + n_k) / 2)^2.

A figure that cannot be computed (too few items, no variance) is ``None`` with a reason, never
a misleading number; a negative figure (agreement below chance) is kept and flagged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from hiring.domain.reliability import PanelScore

Level = Literal["nominal", "ordinal", "interval"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval")

TENTATIVE = 0.667
"""Krippendorff: below .667 no conclusions, up to .800 only tentative ones."""
RELIABLE = 0.800
"""Krippendorff: from .800 the data can be relied on."""

Reading = Literal["reliable", "tentative", "unreliable"]


def alpha_reading(value: float | None) -> Reading | None:
    """How an alpha reads against Krippendorff's (2004) bands: ``reliable`` from .800,
    ``tentative`` from .667, ``unreliable`` below (``None`` for no figure)."""
    if value is None:
        return None
    if value >= RELIABLE:
        return "reliable"
    return "tentative" if value >= TENTATIVE else "unreliable"


_EPSILON = 1e-12
_RELATIVE = 1e-9
"""Between-item mean squares below this share of the mean squared rating are rounding, not
variance (sums of squares lose the last digits that deviations would keep)."""


@dataclass(frozen=True)
class OneWayIcc:
    items: int
    ratings: int
    k0: float
    msb: float
    msw: float
    icc1_1: float | None
    icc1_k: float | None
    note: str | None = None
    """Why a figure is ``None``, or that it is negative (agreement below chance)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "items": self.items,
            "ratings": self.ratings,
            "k0": self.k0,
            "msb": self.msb,
            "msw": self.msw,
            "icc1_1": self.icc1_1,
            "icc1_k": self.icc1_k,
            "note": self.note,
        }


@dataclass(frozen=True)
class ItemSums:
    """All the one-way ICC needs of a set of items with two or more ratings each, as sums over
    the items: a database can compute them without handing over a single rating, and the sums
    of two sets are the sums of their union (``+``)."""

    items: int
    """n: items with two or more ratings."""
    ratings: int
    """N: their ratings, sum n_i."""
    size_squares: float
    """sum n_i^2."""
    total: float
    """sum of every rating."""
    item_totals: float
    """sum_i S_i^2 / n_i, with S_i the sum of item i's ratings."""
    squares: float
    """sum of every rating squared."""

    def __add__(self, other: ItemSums) -> ItemSums:
        return ItemSums(
            self.items + other.items,
            self.ratings + other.ratings,
            self.size_squares + other.size_squares,
            self.total + other.total,
            self.item_totals + other.item_totals,
            self.squares + other.squares,
        )


NO_ITEMS = ItemSums(0, 0, 0.0, 0.0, 0.0, 0.0)


def item_sums(groups: Iterable[Sequence[float]]) -> ItemSums:
    """The sums of the items in ``groups`` with two or more ratings."""
    sums = NO_ITEMS
    for group in groups:
        if len(group) >= 2:
            size, total = len(group), float(sum(group))
            sums += ItemSums(
                1, size, size * size, total, total * total / size, sum(x * x for x in group)
            )
    return sums


def one_way_icc(groups: Iterable[Sequence[float]]) -> OneWayIcc:
    """The one-way ICCs of items rated by any number of raters each (see the module)."""
    return one_way_icc_of(item_sums(groups))


def one_way_icc_of(sums: ItemSums) -> OneWayIcc:
    """The one-way ICCs from the sums of the items: SSB = sum S_i^2/n_i - (sum x)^2 / N and
    SSW = sum x^2 - sum S_i^2/n_i (rounding below zero counts as zero)."""
    n, total = sums.items, sums.ratings
    if n < 2:
        return OneWayIcc(
            n,
            total,
            0.0,
            0.0,
            0.0,
            None,
            None,
            f"{n} item(s) with two or more ratings; the ICC needs at least 2",
        )
    ssb = max(0.0, sums.item_totals - sums.total * sums.total / total)
    ssw = max(0.0, sums.squares - sums.item_totals)
    msb = ssb / (n - 1)
    msw = ssw / (total - n)
    k0 = (total - sums.size_squares / total) / (n - 1)
    if msb <= _RELATIVE * sums.squares / total:
        return OneWayIcc(
            n, total, k0, msb, msw, None, None, "no variance between items: the ICC is undefined"
        )
    icc1_1 = (msb - msw) / (msb + (k0 - 1) * msw)
    icc1_k = (msb - msw) / msb
    note = None
    if icc1_1 < 0:
        note = "negative: the raters agree less than chance would (read as no reliability)"
    return OneWayIcc(n, total, k0, msb, msw, icc1_1, icc1_k, note)


@dataclass(frozen=True)
class Alpha:
    level: Level
    value: float | None
    units: int
    """Units with at least two values (the pairable ones)."""
    values: int
    """Pairable values, n."""
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "value": self.value,
            "units": self.units,
            "values": self.values,
            "note": self.note,
        }


def _difference(level: Level, c: float, k: float, counts: Mapping[float, float]) -> float:
    if level == "nominal":
        return 0.0 if c == k else 1.0
    if level == "interval":
        return (c - k) ** 2
    low, high = min(c, k), max(c, k)
    between = sum(count for value, count in counts.items() if low <= value <= high)
    return (between - (counts[c] + counts[k]) / 2) ** 2


Coincidences = Mapping[tuple[float, float], float]
"""o_ck: value pairs (c, k) to their coincidence count (see the module)."""


def coincidences(units: Iterable[Sequence[float]]) -> tuple[dict[tuple[float, float], float], int]:
    """The coincidence matrix of ``units`` and the number of pairable units (two or more
    values). Matrices of disjoint sets of units add up to the matrix of their union."""
    matrix: dict[tuple[float, float], float] = defaultdict(float)
    pairable = 0
    for unit in units:
        if len(unit) < 2:
            continue
        pairable += 1
        weight = 1 / (len(unit) - 1)
        for i, c in enumerate(unit):
            for j, k in enumerate(unit):
                if i != j:
                    matrix[(c, k)] += weight
    return matrix, pairable


def krippendorff_alpha(units: Iterable[Sequence[float]], level: Level) -> Alpha:
    """Krippendorff's alpha of ``units``, each the values its raters gave (missing ones left
    out), at the level of measurement ``level`` (see the module for the computation)."""
    return alpha_of(*coincidences(units), level)


def alpha_of(matrix: Coincidences, pairable: int, level: Level) -> Alpha:
    """Krippendorff's alpha from the coincidence matrix of ``pairable`` units."""
    counts: dict[float, float] = defaultdict(float)
    for (c, _k), o in matrix.items():
        counts[c] += o
    n = sum(counts.values())
    if pairable < 1 or n < 2:
        return Alpha(
            level,
            None,
            pairable,
            round(n),
            "fewer than two pairable values: alpha is undefined",
        )
    observed = sum(o * _difference(level, c, k, counts) for (c, k), o in matrix.items())
    expected = sum(
        counts[c] * counts[k] * _difference(level, c, k, counts) for c in counts for k in counts
    )
    if expected <= _EPSILON:
        return Alpha(level, None, pairable, round(n), "every value is the same: alpha is undefined")
    value = 1 - (n - 1) * observed / expected
    note = "negative: disagreement beyond chance" if value < 0 else None
    return Alpha(level, value, pairable, round(n), note)


@dataclass(frozen=True)
class Agreement:
    """One-way ICC and Krippendorff's alpha of one set of items."""

    icc: OneWayIcc
    alpha: dict[Level, Alpha]

    def as_dict(self) -> dict[str, object]:
        return {
            "icc": self.icc.as_dict(),
            "alpha": {level: a.as_dict() for level, a in self.alpha.items()},
        }


@dataclass(frozen=True)
class PanelAgreement:
    """Agreement of real panels: per competency (the headline) and over every item."""

    by_competency: dict[str, Agreement]
    overall: Agreement
    warning: str | None = None
    """Set when the pooled figure looks acceptable while no competency's does."""

    def as_dict(self) -> dict[str, object]:
        return {
            "by_competency": {k: a.as_dict() for k, a in self.by_competency.items()},
            "overall": self.overall.as_dict(),
            "warning": self.warning,
        }


@dataclass(frozen=True)
class ItemStatistics:
    """A set of items (a competency's, or every one) in the form both measures need: the sums
    of the one-way ICC and the coincidence matrix of Krippendorff's alpha. A database can
    compute it for a competency in one query (:mod:`hiring.services.panel_quality`), and the
    statistics of disjoint sets add up (``+``) to those of their union."""

    sums: ItemSums
    matrix: Coincidences

    def __add__(self, other: ItemStatistics) -> ItemStatistics:
        matrix: dict[tuple[float, float], float] = defaultdict(float, self.matrix)
        for pair, o in other.matrix.items():
            matrix[pair] += o
        return ItemStatistics(self.sums + other.sums, dict(matrix))


NO_STATISTICS = ItemStatistics(NO_ITEMS, {})


def statistics_of(groups: Iterable[Sequence[float]]) -> ItemStatistics:
    usable = [list(g) for g in groups if len(g) >= 2]
    matrix, _ = coincidences(usable)
    return ItemStatistics(item_sums(usable), dict(matrix))


def agreement_of(statistics: ItemStatistics) -> Agreement:
    pairable = statistics.sums.items
    return Agreement(
        one_way_icc_of(statistics.sums),
        {level: alpha_of(statistics.matrix, pairable, level) for level in LEVELS},
    )


def panel_agreement(ratings: Iterable[PanelScore]) -> PanelAgreement:
    """Agreement of every (candidate, competency) item, however many raters scored it: per
    competency, and pooled over all items (see :func:`panel_agreement_of`)."""
    items: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in ratings:
        items[(r.candidate, r.competency)].append(r.score)
    return panel_agreement_of(
        {
            key: statistics_of([scores for (_, comp), scores in items.items() if comp == key])
            for key in sorted({comp for _, comp in items})
        }
    )


def panel_agreement_of(by_competency: Mapping[str, ItemStatistics]) -> PanelAgreement:
    """Agreement per competency and pooled over all of them. The pooled figure mixes
    differences between competencies into the between-item variance, so it can look good while
    every competency is unreliable; :attr:`PanelAgreement.warning` says so when it happens
    (judged on interval alpha against Krippendorff's .667)."""
    figures_by = {key: agreement_of(stats) for key, stats in sorted(by_competency.items())}
    overall = agreement_of(sum(by_competency.values(), NO_STATISTICS))
    pooled = overall.alpha["interval"].value
    figures = [a.alpha["interval"].value for a in figures_by.values()]
    known = [f for f in figures if f is not None]
    warning = None
    if pooled is not None and pooled >= TENTATIVE and known and all(f < TENTATIVE for f in known):
        warning = (
            f"the pooled alpha ({pooled:.3f}) looks acceptable, but no competency reaches "
            f"{TENTATIVE}: read the competencies, not the pooled figure"
        )
    return PanelAgreement(figures_by, overall, warning)
