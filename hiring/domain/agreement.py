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
from statistics import fmean
from typing import Literal

from hiring.domain.reliability import PanelScore

Level = Literal["nominal", "ordinal", "interval"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval")

TENTATIVE = 0.667
"""Krippendorff: below .667 no conclusions, up to .800 only tentative ones."""

_EPSILON = 1e-12


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


def one_way_icc(groups: Iterable[Sequence[float]]) -> OneWayIcc:
    """The one-way ICCs of items rated by any number of raters each (see the module)."""
    usable = [list(g) for g in groups if len(g) >= 2]
    n = len(usable)
    total = sum(len(g) for g in usable)
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
    grand = fmean(x for g in usable for x in g)
    means = [fmean(g) for g in usable]
    ssb = sum(len(g) * (m - grand) ** 2 for g, m in zip(usable, means, strict=True))
    ssw = sum((x - m) ** 2 for g, m in zip(usable, means, strict=True) for x in g)
    msb = ssb / (n - 1)
    msw = ssw / (total - n)
    k0 = (total - sum(len(g) ** 2 for g in usable) / total) / (n - 1)
    scale = max(1.0, grand * grand)
    if msb <= _EPSILON * scale:
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


def krippendorff_alpha(units: Iterable[Sequence[float]], level: Level) -> Alpha:
    """Krippendorff's alpha of ``units``, each the values its raters gave (missing ones left
    out), at the level of measurement ``level`` (see the module for the computation)."""
    pairable = [list(u) for u in units if len(u) >= 2]
    coincidences: dict[tuple[float, float], float] = defaultdict(float)
    for unit in pairable:
        weight = 1 / (len(unit) - 1)
        for i, c in enumerate(unit):
            for j, k in enumerate(unit):
                if i != j:
                    coincidences[(c, k)] += weight
    counts: dict[float, float] = defaultdict(float)
    for (c, _k), o in coincidences.items():
        counts[c] += o
    n = sum(counts.values())
    if len(pairable) < 1 or n < 2:
        return Alpha(
            level,
            None,
            len(pairable),
            round(n),
            "fewer than two pairable values: alpha is undefined",
        )
    observed = sum(o * _difference(level, c, k, counts) for (c, k), o in coincidences.items())
    expected = sum(
        counts[c] * counts[k] * _difference(level, c, k, counts) for c in counts for k in counts
    )
    if expected <= _EPSILON:
        return Alpha(
            level, None, len(pairable), round(n), "every value is the same: alpha is undefined"
        )
    value = 1 - (n - 1) * observed / expected
    note = "negative: disagreement beyond chance" if value < 0 else None
    return Alpha(level, value, len(pairable), round(n), note)


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


def _agreement(groups: list[list[float]]) -> Agreement:
    return Agreement(
        one_way_icc(groups), {level: krippendorff_alpha(groups, level) for level in LEVELS}
    )


def panel_agreement(ratings: Iterable[PanelScore]) -> PanelAgreement:
    """Agreement of every (candidate, competency) item, however many raters scored it: per
    competency, and pooled over all items. The pooled figure mixes differences between
    competencies into the between-item variance, so it can look good while every competency
    is unreliable; :attr:`PanelAgreement.warning` says so when it happens (judged on interval
    alpha against Krippendorff's .667)."""
    items: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in ratings:
        items[(r.candidate, r.competency)].append(r.score)
    by_competency = {
        key: _agreement([scores for (_, comp), scores in items.items() if comp == key])
        for key in sorted({comp for _, comp in items})
    }
    overall = _agreement(list(items.values()))
    pooled = overall.alpha["interval"].value
    figures = [a.alpha["interval"].value for a in by_competency.values()]
    known = [f for f in figures if f is not None]
    warning = None
    if pooled is not None and pooled >= TENTATIVE and known and all(f < TENTATIVE for f in known):
        warning = (
            f"the pooled alpha ({pooled:.3f}) looks acceptable, but no competency reaches "
            f"{TENTATIVE}: read the competencies, not the pooled figure"
        )
    return PanelAgreement(by_competency, overall, warning)
