"""Inter-rater reliability of an interview panel: intraclass correlations and rater leniency.

Pure domain code (standard library only). Scores come in as long-format ratings, one row per
(candidate, rater, competency); :func:`hiring.domain.reliability_csv.read_long_csv` parses
such a file. Intraclass
correlations follow Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater
reliability", Psychological Bulletin 86(2), 420-428. Every ICC that would divide by zero (for
example when every score is the same) is reported as ``None``: the coefficient is undefined for
such data, and ``None`` survives JSON where NaN does not.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from statistics import fmean

DEFAULT_LENIENCY_THRESHOLD = 0.5
"""Mean deviation, in scale points, from which a rater counts as lenient or severe."""

_TOLERANCE = 1e-9
"""Absorbs binary rounding when a mean deviation lands exactly on the threshold (0.4999...)."""

_ZERO_DENOMINATOR = 1e-12
"""A denominator at most this fraction of the mean squared score is treated as zero: rounding
in the means leaves ~1e-17 residues where the exact arithmetic would give 0."""


class ReliabilityError(ValueError):
    """Input that reliability statistics cannot be computed from; the message says why."""


@dataclass(frozen=True)
class IccResult:
    """The six Shrout & Fleiss intraclass correlations of one complete n x k matrix.

    Rows are targets (what is rated: a candidate, or a candidate's competency), columns are
    judges (raters). From the two-way ANOVA mean squares

    - BMS = k * sum_i (row_mean_i - grand)^2 / (n - 1)            between targets
    - WMS = sum_ij (x_ij - row_mean_i)^2 / (n (k - 1))            within targets
    - JMS = n * sum_j (col_mean_j - grand)^2 / (k - 1)            between judges
    - EMS = sum_ij (x_ij - row_mean_i - col_mean_j + grand)^2 / ((n - 1)(k - 1))   residual

    the coefficients are

    - ICC(1,1) = (BMS - WMS) / (BMS + (k - 1) WMS)
    - ICC(2,1) = (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)
    - ICC(3,1) = (BMS - EMS) / (BMS + (k - 1) EMS)
    - ICC(1,k) = (BMS - WMS) / BMS
    - ICC(2,k) = (BMS - EMS) / (BMS + (JMS - EMS) / n)
    - ICC(3,k) = (BMS - EMS) / BMS

    Which one to read: ``1`` assumes each target had its own random set of judges (one-way);
    ``2`` treats the judges as a random sample of possible judges and counts a judge's
    systematic leniency as error (absolute agreement); ``3`` treats these judges as the only
    ones of interest and ignores their systematic offsets (consistency). ``_1`` is the
    reliability of a single judge's score, ``_k`` that of the mean of all k judges, which is
    what a panel decision uses. A value is ``None`` where its denominator is zero.
    """

    n: int
    k: int
    bms: float
    wms: float
    jms: float
    ems: float
    icc1_1: float | None
    icc2_1: float | None
    icc3_1: float | None
    icc1_k: float | None
    icc2_k: float | None
    icc3_k: float | None

    def as_dict(self) -> dict[str, int | float | None]:
        """Every field under its own name, unrounded; ``None`` stays ``None`` (JSON null)."""
        return asdict(self)


@dataclass(frozen=True)
class PanelScore:
    """One score a rater gave one candidate on one competency."""

    candidate: str
    rater: str
    competency: str
    score: float

    def __post_init__(self) -> None:
        for name in ("candidate", "rater", "competency"):
            if not getattr(self, name):
                raise ReliabilityError(f"a rating needs a {name}: {self!r}")
        if not _is_number(self.score) or not math.isfinite(self.score):
            raise ReliabilityError(f"score {self.score!r} is not a number: {self!r}")


@dataclass(frozen=True)
class RaterLeniency:
    """How far one rater's scores sit from the rest of the panel on the same items.

    ``mean_deviation`` is the mean, over the ``items`` (candidate, competency pairs) this rater
    shares with at least one other rater, of (this rater's score - mean of the other raters'
    scores on that item). Leaving the rater out of the comparison mean keeps a single harsh
    rater from dragging the yardstick towards themselves. ``tendency`` is ``"lenient"`` when
    mean_deviation >= threshold, ``"severe"`` when <= -threshold, ``"in line"`` otherwise, and
    ``"not enough data"`` when there is no shared item (mean_deviation is ``None``).
    """

    rater: str
    items: int
    mean_deviation: float | None
    tendency: str

    def as_dict(self) -> dict[str, str | int | float | None]:
        return asdict(self)


@dataclass(frozen=True)
class PanelReliability:
    """Reliability of a panel's ratings.

    ``raters`` is the sorted set of raters in the (filtered) data and forms the matrix columns.
    ``overall`` is the ICC over every (candidate, competency) item scored by all of them;
    ``complete_items`` counts those items, ``dropped_items`` the ones missing some rater.
    ``by_competency`` holds, per competency, the ICC over the candidates scored on it by all
    raters, or ``None`` when there are fewer than 2 such candidates (or raters). ``note`` says why
    ``overall`` is ``None``, and is ``None`` itself when ``overall`` was computed.
    """

    competency: str | None
    raters: tuple[str, ...]
    overall: IccResult | None
    complete_items: int
    dropped_items: int
    by_competency: dict[str, IccResult | None]
    leniency: list[RaterLeniency]
    note: str | None = None
    threshold: float = DEFAULT_LENIENCY_THRESHOLD

    def as_dict(self) -> dict[str, object]:
        """Plain, unrounded data for JSON: nested results become dicts, ``raters`` a list."""
        return {
            "competency": self.competency,
            "raters": list(self.raters),
            "overall": None if self.overall is None else self.overall.as_dict(),
            "complete_items": self.complete_items,
            "dropped_items": self.dropped_items,
            "by_competency": {
                key: None if result is None else result.as_dict()
                for key, result in self.by_competency.items()
            },
            "leniency": [entry.as_dict() for entry in self.leniency],
            "note": self.note,
            "threshold": self.threshold,
        }


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _ratio(numerator: float, denominator: float, scale: float) -> float | None:
    if abs(denominator) <= _ZERO_DENOMINATOR * scale:
        return None
    return numerator / denominator


def _validated(matrix: Sequence[Sequence[float]]) -> list[list[float]]:
    n = len(matrix)
    if n < 2:
        raise ReliabilityError(f"an ICC needs at least 2 targets (rows), got {n}")
    k = len(matrix[0])
    if k < 2:
        raise ReliabilityError(f"an ICC needs at least 2 raters (columns), got {k}")
    rows: list[list[float]] = []
    for i, row in enumerate(matrix, start=1):
        if len(row) != k:
            raise ReliabilityError(
                f"row {i} has {len(row)} scores, row 1 has {k}: the matrix must be rectangular"
            )
        values: list[float] = []
        for j, value in enumerate(row, start=1):
            if not _is_number(value) or not math.isfinite(value):
                raise ReliabilityError(
                    f"row {i}, column {j}: {value!r} is not a number (no missing values allowed)"
                )
            values.append(float(value))
        rows.append(values)
    return rows


def icc(matrix: Sequence[Sequence[float]]) -> IccResult:
    """The six Shrout & Fleiss (1979) ICCs of a complete n-targets x k-raters matrix.

    ``matrix[i][j]`` is rater j's score of target i; n >= 2, k >= 2, every row the same length,
    every cell a finite number, else :class:`ReliabilityError`. The formulas are on
    :class:`IccResult`. Squared deviations are summed directly (rather than as differences of
    sums of squares) so that no mean square comes out slightly negative through rounding.
    """
    rows = _validated(matrix)
    n, k = len(rows), len(rows[0])
    cells = [x for row in rows for x in row]
    grand = fmean(cells)
    row_means = [fmean(row) for row in rows]
    col_means = [fmean(row[j] for row in rows) for j in range(k)]

    ss_targets = k * math.fsum((m - grand) ** 2 for m in row_means)
    ss_judges = n * math.fsum((m - grand) ** 2 for m in col_means)
    ss_within = math.fsum((x - row_means[i]) ** 2 for i, row in enumerate(rows) for x in row)
    ss_residual = math.fsum(
        (x - row_means[i] - col_means[j] + grand) ** 2
        for i, row in enumerate(rows)
        for j, x in enumerate(row)
    )
    bms = ss_targets / (n - 1)
    wms = ss_within / (n * (k - 1))
    jms = ss_judges / (k - 1)
    ems = ss_residual / ((n - 1) * (k - 1))

    scale = fmean(x * x for x in cells)
    return IccResult(
        n=n,
        k=k,
        bms=bms,
        wms=wms,
        jms=jms,
        ems=ems,
        icc1_1=_ratio(bms - wms, bms + (k - 1) * wms, scale),
        icc2_1=_ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n, scale),
        icc3_1=_ratio(bms - ems, bms + (k - 1) * ems, scale),
        icc1_k=_ratio(bms - wms, bms, scale),
        icc2_k=_ratio(bms - ems, bms + (jms - ems) / n, scale),
        icc3_k=_ratio(bms - ems, bms, scale),
    )


Item = tuple[str, str]
"""A (candidate, competency) pair: one thing the panel scores."""


def _by_item(ratings: Iterable[PanelScore]) -> dict[Item, dict[str, float]]:
    """Scores keyed by item, then rater; a second score for the same triple is an error."""
    items: dict[Item, dict[str, float]] = {}
    for rating in ratings:
        scores = items.setdefault((rating.candidate, rating.competency), {})
        if rating.rater in scores:
            raise ReliabilityError(
                f"duplicate rating: candidate {rating.candidate!r}, rater {rating.rater!r}, "
                f"competency {rating.competency!r} is scored more than once"
            )
        scores[rating.rater] = float(rating.score)
    return items


def tendency(mean_deviation: float | None, threshold: float) -> str:
    if mean_deviation is None:
        return "not enough data"
    if mean_deviation >= threshold - _TOLERANCE:
        return "lenient"
    if mean_deviation <= -threshold + _TOLERANCE:
        return "severe"
    return "in line"


def _leniency(items: dict[Item, dict[str, float]], threshold: float) -> list[RaterLeniency]:
    if not 0 < threshold < math.inf:  # an infinite one would be written as JSON's non-number
        raise ReliabilityError(
            f"the leniency threshold must be positive and finite, got {threshold!r}"
        )
    deviations: dict[str, list[float]] = {}
    for scores in items.values():
        for rater, score in scores.items():
            others = [s for r, s in scores.items() if r != rater]
            shared = deviations.setdefault(rater, [])
            if others:
                shared.append(score - fmean(others))
    result: list[RaterLeniency] = []
    for rater in sorted(deviations):
        shared = deviations[rater]
        mean_deviation = fmean(shared) if shared else None
        result.append(
            RaterLeniency(
                rater=rater,
                items=len(shared),
                mean_deviation=mean_deviation,
                tendency=tendency(mean_deviation, threshold),
            )
        )
    return result


def rater_leniency(
    ratings: Iterable[PanelScore], threshold: float = DEFAULT_LENIENCY_THRESHOLD
) -> list[RaterLeniency]:
    """Each rater's mean leave-one-out deviation from the rest of the panel, sorted by rater.

    For every item (candidate, competency) the rater scored and at least one other rater also
    scored: deviation = rater's score - mean of the other raters' scores on that item. The
    result is the mean of those deviations with its tendency (see :class:`RaterLeniency`);
    ``threshold`` (> 0 and finite, scale points) is inclusive on both sides. A repeated (candidate,
    rater, competency) raises :class:`ReliabilityError` naming it.
    """
    return _leniency(_by_item(ratings), threshold)


def panel_reliability(
    ratings: Iterable[PanelScore],
    competency: str | None = None,
    threshold: float = DEFAULT_LENIENCY_THRESHOLD,
) -> PanelReliability:
    """ICCs and leniency of a panel, from long-format ratings.

    With ``competency`` given, only that competency's ratings are used. Raters = the sorted
    set of raters in those ratings; targets = the (candidate, competency) items scored by every
    one of them. An ICC needs a complete matrix, so items missing any rater are left out and
    counted in ``dropped_items`` rather than imputed. ``by_competency`` repeats the analysis
    per competency with candidates as targets. ``leniency`` uses every shared item, complete or
    not (see :func:`rater_leniency`).
    """
    selected = [r for r in ratings if competency is None or r.competency == competency]
    items = _by_item(selected)
    raters = tuple(sorted({rater for scores in items.values() for rater in scores}))
    leniency = _leniency(items, threshold)

    complete = sorted(key for key, scores in items.items() if len(scores) == len(raters))
    rows = {key: [items[key][rater] for rater in raters] for key in complete}
    enough_raters = len(raters) >= 2

    by_competency: dict[str, IccResult | None] = {}
    for key in sorted({comp for _, comp in items}):
        matrix = [row for (_, comp), row in rows.items() if comp == key]
        by_competency[key] = icc(matrix) if enough_raters and len(matrix) >= 2 else None

    overall: IccResult | None = None
    note: str | None = None
    if not items:
        note = "no ratings" + ("" if competency is None else f" for competency {competency!r}")
    elif not enough_raters:
        note = f"only 1 rater ({raters[0]}); an ICC needs at least 2"
    elif len(complete) < 2:
        note = (
            f"only {len(complete)} item(s) scored by all {len(raters)} raters; "
            "an ICC needs at least 2"
        )
    else:
        overall = icc(list(rows.values()))

    return PanelReliability(
        competency=competency,
        raters=raters,
        overall=overall,
        complete_items=len(complete),
        dropped_items=len(items) - len(complete),
        by_competency=by_competency,
        leniency=leniency,
        note=note,
        threshold=threshold,
    )
