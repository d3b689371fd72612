"""Aggregating the panel's ratings of one competency, and the self-vs-assessor gap."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hiring.domain.rubric import Scale

Aggregation = Literal["mean", "median"]


def disagreement_threshold(scale: Scale) -> float:
    """The range of scores at which a panel disagrees: half the scale's span.

    On the default 1-5 scale this is 2 points (one rater says 2, another 4); on a 1-3 scale it is
    1 point; on 0-10 it is 5. Scaling by the span keeps the flag meaning the same on every scale.
    """
    return scale.span / 2


@dataclass(frozen=True)
class RaterScore:
    rater: str
    score: int


@dataclass(frozen=True)
class CompetencyAggregate:
    """The panel's view of one competency.

    ``scores`` are the raters who scored it; ``not_assessed_by`` the raters who saw the candidate
    but marked it "not assessed", which is not a low score and is never counted as one.
    ``sd`` is the sample standard deviation (n - 1), undefined for a single rater.
    """

    key: str
    scores: tuple[RaterScore, ...]
    not_assessed_by: tuple[str, ...]
    count: int
    mean: float | None
    median: float | None
    sd: float | None
    low: int | None
    high: int | None
    range: int | None
    disagreement: bool
    disagreement_threshold: float

    @property
    def assessed(self) -> bool:
        return self.count > 0

    def value(self, how: Aggregation) -> float | None:
        return self.median if how == "median" else self.mean

    def as_dict(self) -> dict[str, object]:
        return {
            "scores": [{"rater": s.rater, "score": s.score} for s in self.scores],
            "not_assessed_by": list(self.not_assessed_by),
            "count": self.count,
            "mean": self.mean,
            "median": self.median,
            "sd": self.sd,
            "low": self.low,
            "high": self.high,
            "range": self.range,
            "disagreement": self.disagreement,
            "disagreement_threshold": self.disagreement_threshold,
        }


def sample_sd(values: Sequence[int]) -> float | None:
    """The sample standard deviation (n - 1) of whole-number scores, or None for fewer than
    two. Computed from integer sums, ``sqrt((n * sum(x^2) - sum(x)^2) / (n * (n - 1)))``: exact
    up to the one division and the square root, and many times faster than
    ``statistics.stdev``, which works in exact fractions (the same value to the last digit or
    two, far below the two decimals the product shows; a test compares them)."""
    n = len(values)
    if n < 2:
        return None
    total = sum(values)
    spread = n * sum(v * v for v in values) - total * total
    return math.sqrt(spread / (n * (n - 1)))


def aggregate_ratings(
    key: str, ratings: Sequence[tuple[str, int | None]], scale: Scale
) -> CompetencyAggregate:
    """Aggregate ``(rater, score)`` pairs; a ``None`` score means "not assessed"."""
    scores = tuple(RaterScore(rater, score) for rater, score in ratings if score is not None)
    not_assessed = tuple(rater for rater, score in ratings if score is None)
    threshold = disagreement_threshold(scale)
    if not scores:
        return CompetencyAggregate(
            key, (), not_assessed, 0, None, None, None, None, None, None, False, threshold
        )
    values = [s.score for s in scores]
    low, high = min(values), max(values)
    return CompetencyAggregate(
        key=key,
        scores=scores,
        not_assessed_by=not_assessed,
        count=len(values),
        mean=sum(values) / len(values),
        median=float(statistics.median(values)),
        sd=sample_sd(values),
        low=low,
        high=high,
        range=high - low,
        disagreement=len(values) > 1 and high - low >= threshold,
        disagreement_threshold=threshold,
    )


@dataclass(frozen=True)
class SelfGap:
    """How the candidate rates themself against the assessors' aggregate.

    ``gap = self - assessors``: positive means the candidate rates themself higher than the panel
    does. Undefined (None) when either side did not assess the competency.
    """

    key: str
    self_score: float | None
    assessors: float | None
    gap: float | None

    @property
    def estimate(self) -> str | None:
        """``"over"`` or ``"under"`` when the candidate rates themself more than one scale point
        above or below the panel; None otherwise (or when either side is missing)."""
        if self.gap is None:
            return None
        if self.gap > GAP_MARKER:
            return "over"
        if self.gap < -GAP_MARKER:
            return "under"
        return None

    def as_dict(self) -> dict[str, object]:
        return {
            "self": self.self_score,
            "assessors": self.assessors,
            "gap": self.gap,
            "estimate": self.estimate,
        }


GAP_MARKER = 1.0
"""A self-rating more than this many scale points from the panel's value is marked."""


def self_gap(key: str, self_scores: Sequence[float | None], assessors: float | None) -> SelfGap:
    """The mean of the self-ratings (normally one) against the assessors' value."""
    given = [s for s in self_scores if s is not None]
    own = sum(given) / len(given) if given else None
    gap = own - assessors if own is not None and assessors is not None else None
    return SelfGap(key, own, assessors, gap)
