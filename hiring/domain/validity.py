"""What predicted success: how the hiring panel's figures for the people who were hired relate
to those people's later results in the field.

Two parts, both pure:

- **Outcomes** (:func:`outcomes`): from a hire's date, their field periods, the day they left
  (if they did) and their manager's later assessments, the figures a sales director judges a
  hire by, over the months after the hire (sales against plan, growth, VIP/KOL coverage, the
  manager's later rating) and retention at 6 and 12 months.
- **Correlation** (:class:`Comoments`, :func:`correlation`): Pearson's r between a predictor
  and an outcome, accumulated one person at a time in constant memory, with a 95 % confidence
  interval from Fisher's z transformation, and no figure at all below :data:`MIN_PEOPLE`.

Pearson's r = Σ(x - x̄)(y - ȳ) / √(Σ(x - x̄)² Σ(y - ȳ)²). Fisher's z = atanh(r) is nearly normal
with standard error 1 / √(n - 3), so the interval is tanh(z ± 1.96 / √(n - 3)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import NormalDist
from typing import Literal

from hiring.domain.employees import period_end, period_start
from hiring.domain.retention import add_months

MIN_PEOPLE = 10
"""The fewest people with both figures for which a correlation is shown. With 10 people and
r = 0.3 the 95 % interval already runs from -0.41 to 0.78: any fewer and the number says
nothing a reader could act on, so the page says "too few hires to say" instead."""

CONFIDENCE = 0.95

OUTCOMES = (
    "sales_vs_plan_pct",
    "sales_growth_pct",
    "vip_kol_coverage_pct",
    "manager_rating",
    "retained_6m",
    "retained_12m",
)
"""The later results a hire is judged by (labels in :data:`hiring.labels.OUTCOME_LABELS`)."""

WINDOW_OUTCOMES = OUTCOMES[:4]
"""Outcomes read over the months after the hire (``months``); retention has its own spans."""

RETENTION_MONTHS = {"retained_6m": 6, "retained_12m": 12}

Reason = Literal["too_few", "no_spread"]


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    """One field period's figures of a hired person."""

    period: str
    sales_vs_plan_pct: float | None = None
    sales_growth_pct: float | None = None
    vip_kol_known: int | None = None
    vip_kol_total: int | None = None


@dataclass(frozen=True)
class HireFacts:
    """What is known of one hire after the fact."""

    hired_on: date
    employee: bool
    """Linked to an employee record: only then is their staying or leaving known."""
    periods: Sequence[PeriodFigures] = ()
    left_on: date | None = None
    ratings: Sequence[tuple[date, float]] = ()
    """Their manager's later assessments: the day of each one's interview and its fit (0-1)."""


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _months_of(period: str) -> tuple[int, int]:
    (first_year, first_month), (last_year, last_month) = period_start(period), period_end(period)
    return first_year * 12 + first_month - 1, last_year * 12 + last_month - 1


def outcomes(hire: HireFacts, months: int, today: date) -> dict[str, float | None]:
    """Each outcome of ``hire`` (None: unknown), as of ``today``.

    The window is the ``months`` whole calendar months after the month of the hire (hired on
    10 March, 12 months: April to March). Its outcomes wait until those months are over (on
    1 April here), so that early and late hires are judged over the same span and a figure
    does not change as the window's last month is imported. They count the periods that lie
    within the window: sales against plan and growth are those periods' means, VIP/KOL
    coverage is the last such period's known share (per cent), and the manager's rating the
    fit of the newest assessment held after the hire and by the window's last day. Retention at
    N months is 1 when the person had not left N months after the hire, 0 when they left
    before, and unknown for someone not linked to an employee record or hired less than N
    months ago."""
    found: dict[str, float | None] = dict.fromkeys(OUTCOMES)
    first = _month(hire.hired_on) + 1
    last = first + months - 1
    over = _first_day(last + 1)
    if over <= today:
        counted = [p for p in hire.periods if first <= _months_of(p.period)[0]]
        counted = [p for p in counted if _months_of(p.period)[1] <= last]
        counted.sort(key=lambda p: _months_of(p.period))
        for name in ("sales_vs_plan_pct", "sales_growth_pct"):
            values = [v for p in counted if (v := getattr(p, name)) is not None]
            found[name] = sum(values) / len(values) if values else None
        shares = [
            100 * p.vip_kol_known / p.vip_kol_total
            for p in counted
            if p.vip_kol_known is not None and p.vip_kol_total
        ]
        found["vip_kol_coverage_pct"] = shares[-1] if shares else None
        later = [(day, fit) for day, fit in hire.ratings if hire.hired_on < day < over]
        found["manager_rating"] = max(later)[1] if later else None
    if hire.employee:
        for name, span in RETENTION_MONTHS.items():
            due = add_months(hire.hired_on, span)
            if hire.left_on is not None and hire.left_on < due:
                found[name] = 0.0
            elif due <= today:
                found[name] = 1.0
    return found


def _first_day(month: int) -> date:
    """The first day of a month counted as ``year * 12 + month - 1``."""
    year, index = divmod(month, 12)
    return date(year, index + 1, 1)


# --- correlation ------------------------------------------------------------------------------


@dataclass
class Comoments:
    """Pearson's r accumulated one pair at a time (Welford's updates of the means, sums of
    squares and co-moment): constant memory, and no cancellation from large sums."""

    n: int = 0
    mean_x: float = 0.0
    mean_y: float = 0.0
    squares_x: float = 0.0
    squares_y: float = 0.0
    comoment: float = 0.0

    def add(self, x: float, y: float) -> None:
        self.n += 1
        dx = x - self.mean_x
        self.mean_x += dx / self.n
        dy = y - self.mean_y
        self.mean_y += dy / self.n
        self.squares_x += dx * (x - self.mean_x)
        self.squares_y += dy * (y - self.mean_y)
        self.comoment += dx * (y - self.mean_y)

    @property
    def r(self) -> float | None:
        """None with fewer than two pairs, or when either figure does not vary."""
        if self.n < 2 or self.squares_x <= 0 or self.squares_y <= 0:
            return None
        value = self.comoment / math.sqrt(self.squares_x * self.squares_y)
        return max(-1.0, min(1.0, value))


@dataclass(frozen=True)
class Correlation:
    """Pearson's r of ``n`` people with its interval; ``reason`` says why there is none."""

    n: int
    r: float | None = None
    low: float | None = None
    high: float | None = None
    reason: Reason | None = None

    @property
    def shown(self) -> bool:
        return self.r is not None

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, "r": self.r, "low": self.low, "high": self.high,
                "reason": self.reason}  # fmt: skip


def fisher_interval(r: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The confidence interval of a correlation ``r`` of ``n`` pairs (n > 3) by Fisher's z."""
    if n <= 3:
        raise ValueError("Fisher's interval needs more than three pairs")
    if abs(r) >= 1:
        return r, r
    z = math.atanh(r)
    half = NormalDist().inv_cdf(0.5 + confidence / 2) / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def correlation(moments: Comoments, minimum: int = MIN_PEOPLE) -> Correlation:
    """The figure to show for ``moments``: none below ``minimum`` people (``too_few``) or
    when a figure does not vary (``no_spread``)."""
    if moments.n < max(minimum, 4):
        return Correlation(moments.n, reason="too_few")
    r = moments.r
    if r is None:
        return Correlation(moments.n, reason="no_spread")
    low, high = fisher_interval(r, moments.n)
    return Correlation(moments.n, r, low, high)


Strength = Literal["none", "weak", "moderate", "strong"]


def strength(r: float) -> Strength:
    """Words for the size of a correlation (Cohen's conventions: 0.1 small, 0.3 medium, 0.5
    large), for a reader who does not think in r."""
    size = abs(r)
    if size < 0.1:
        return "none"
    if size < 0.3:
        return "weak"
    if size < 0.5:
        return "moderate"
    return "strong"


@dataclass
class Table:
    """Comoments by predictor, filled as hires are read."""

    moments: dict[str, Comoments] = field(default_factory=dict)

    def add(self, predictor: str, x: float | None, y: float | None) -> None:
        if x is None or y is None:
            return
        self.moments.setdefault(predictor, Comoments()).add(x, y)

    def figure(self, predictor: str, minimum: int = MIN_PEOPLE) -> Correlation:
        return correlation(self.moments.get(predictor, Comoments()), minimum)
