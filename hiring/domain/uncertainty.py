"""How sure a fit is: a band around it from the spread of the panel's scores.

The fit is a weighted mean of attainments (:mod:`hiring.domain.fit`):
``fit = sum_c w_c a_c / W`` over the assessed competencies, ``W = sum_c w_c``, with
``a_c = (v_c - min_c) / (target_c - min_c)`` capped at 1, and ``v_c`` the panel's value. Each
value is uncertain because the raters differ: its standard error is ``s_c / sqrt(n_c)``, the
sample standard deviation of the ``n_c`` raters' scores over the square root of their number.
Propagated through the weights (first order, competencies independent):

    SE(fit) = sqrt( sum_c (w_c / W)^2 * (SE(v_c) / (target_c - min_c))^2 )

The cap at the target is ignored (the slope is taken as ``1 / (target_c - min_c)`` even above
the target), which makes the band wider, never narrower, than a capped analysis: conservative.
The band is ``fit +- 1.96 SE``, within 0 and 1. With a single rater on any assessed competency
there is no spread to measure: the band is unknown (``None``), never zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.96


@dataclass(frozen=True)
class Term:
    """One assessed competency: its weight, scale minimum, target and the raters' scores."""

    weight: float
    scale_min: int
    target: int
    scores: tuple[float, ...]


@dataclass(frozen=True)
class FitBand:
    fit: float
    se: float | None
    low: float | None
    high: float | None
    reason: str | None = None
    """Why the band is unknown."""

    def as_dict(self) -> dict[str, object]:
        return {"se": self.se, "low": self.low, "high": self.high, "reason": self.reason}


def fit_band(fit: float | None, terms: Sequence[Term]) -> FitBand | None:
    """The band around ``fit`` (None when there is no fit); see the module."""
    if fit is None or not terms:
        return None
    single = [t for t in terms if len(t.scores) < 2]
    if single:
        return FitBand(
            fit, None, None, None, "one rater on some competencies: no spread to measure"
        )
    total = sum(t.weight for t in terms)
    variance = 0.0
    for t in terms:
        n = len(t.scores)
        mean = sum(t.scores) / n
        sd = math.sqrt(sum((x - mean) ** 2 for x in t.scores) / (n - 1))
        slope = 1 / (t.target - t.scale_min) if t.target > t.scale_min else 0.0
        variance += (t.weight / total) ** 2 * (slope * sd / math.sqrt(n)) ** 2
    se = math.sqrt(variance)
    return FitBand(fit, se, max(0.0, fit - Z95 * se), min(1.0, fit + Z95 * se))
