"""Readiness for a role: a verdict a manager can act on, with the reasons it rests on.

The verdict reads the role fit (:mod:`hiring.domain.fit`) and the rubric's word on which
competencies can be developed (``trainable``). It informs; it never decides. The rules, in order:

1. **not yet known**: less than :data:`KNOWN_COVERAGE` of the profile's weight is assessed;
   the unassessed competencies are listed, heaviest first, as what to assess next.
2. **not a fit**: a competency the rubric calls hard to develop is below its floor, or below its
   target by :data:`HARD_GAP` points or more; those competencies are named.
3. **ready now**: no floor unmet, fit at least :data:`READY_FIT`, and no competency that is hard
   to develop below its target.
4. **ready with development**: everything else. The gaps to close are listed, trainable ones
   first, and the horizon is :data:`MONTHS_PER_POINT` months per scale point of the largest gap
   (a rule of thumb, shown as such).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from hiring.domain.catalogue import ResolvedRole
from hiring.domain.fit import CompetencyFit, RoleFit

Verdict = Literal["ready_now", "ready_with_development", "not_a_fit", "not_yet_known"]
VERDICTS: tuple[Verdict, ...] = (
    "ready_now",
    "ready_with_development",
    "not_a_fit",
    "not_yet_known",
)

KNOWN_COVERAGE = 0.6
"""Below this share of the profile's weight assessed, too little is known for a verdict."""
READY_FIT = 0.85
"""The fit at or above which a person with no floor unmet and no hard gap is ready now."""
HARD_GAP = 1.0
"""A competency that is hard to develop, this many scale points or more below target, rules
the role out (as does one below its floor)."""
MONTHS_PER_POINT = 6
"""The horizon's rule of thumb: six months of development per scale point of the largest gap."""


@dataclass(frozen=True)
class GapToClose:
    key: str
    value: float
    target: int
    gap: float
    trainable: bool
    below_floor: bool

    @classmethod
    def of(cls, term: CompetencyFit, trainable: bool) -> GapToClose:
        assert term.value is not None
        return cls(
            term.key,
            term.value,
            term.target,
            term.gap or 0.0,
            trainable,
            term.status == "below_floor",
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "value": self.value,
            "target": self.target,
            "gap": self.gap,
            "trainable": self.trainable,
            "below_floor": self.below_floor,
        }


@dataclass(frozen=True)
class Readiness:
    verdict: Verdict
    fit: float | None
    coverage: float
    gaps: tuple[GapToClose, ...] = ()
    """For "ready with development" the gaps to close, trainable first; for "not a fit" the
    gaps that rule the role out."""
    to_assess: tuple[str, ...] = ()
    """Competencies not assessed, heaviest first (all verdicts; the reason for "not yet
    known")."""
    horizon_months: int | None = None
    """For "ready with development": :data:`MONTHS_PER_POINT` per point of the largest gap."""

    @property
    def rules(self) -> str:
        """The rules the verdict follows, in words."""
        return RULES

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "fit": self.fit,
            "coverage": self.coverage,
            "gaps": [g.as_dict() for g in self.gaps],
            "to_assess": list(self.to_assess),
            "horizon_months": self.horizon_months,
            "rules": self.rules,
        }


RULES = (
    f"not yet known: less than {KNOWN_COVERAGE:.0%} of the profile's weight assessed; "
    "not a fit: a competency hard to develop below its floor, or "
    f"{HARD_GAP:g} point(s) or more below target; "
    f"ready now: no floor unmet, fit at least {READY_FIT:.0%}, no competency hard to develop "
    "below target; ready with development: the rest, with "
    f"{MONTHS_PER_POINT} months per point of the largest gap as a rule of thumb"
)


def readiness(fit: RoleFit, role: ResolvedRole) -> Readiness:
    """The verdict for ``role`` from the person's fit to it (see the module's rules)."""
    trainable = {entry.key: entry.competency.trainable for entry in role.competencies}
    unassessed = sorted(
        (t for t in fit.terms if t.status == "not_assessed"), key=lambda t: (-t.weight, t.key)
    )
    to_assess = tuple(t.key for t in unassessed)
    if fit.coverage < KNOWN_COVERAGE or fit.fit is None:
        return Readiness("not_yet_known", fit.fit, fit.coverage, to_assess=to_assess)
    gaps = [GapToClose.of(t, trainable[t.key]) for t in fit.gaps]
    hard = [g for g in gaps if not g.trainable and (g.below_floor or g.gap >= HARD_GAP)]
    if hard:
        return Readiness("not_a_fit", fit.fit, fit.coverage, tuple(hard), to_assess)
    untrainable_below = any(not g.trainable for g in gaps)
    if not fit.floors_not_met and fit.fit >= READY_FIT and not untrainable_below:
        return Readiness("ready_now", fit.fit, fit.coverage, tuple(gaps), to_assess)
    ordered = sorted(gaps, key=lambda g: (not g.trainable, not g.below_floor, -g.gap, g.key))
    largest = max((g.gap for g in gaps), default=0.0)
    horizon = MONTHS_PER_POINT * max(1, math.ceil(largest))
    return Readiness(
        "ready_with_development", fit.fit, fit.coverage, tuple(ordered), to_assess, horizon
    )
