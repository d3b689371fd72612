"""Role fit: how a person's assessed profile compares with a role profile's targets.

The formula, stated once (README "How each number is computed" repeats it):

* For each competency of the profile that was assessed, with panel value ``a``, target ``t`` and
  scale minimum ``m``: ``attainment = min(1, (a - m) / (t - m))`` (1 when ``t = m``).
  Attainment is capped at 1, so a competency above target cannot hide a gap elsewhere.
* ``fit = sum(weight * attainment) / sum(weight)`` over the assessed competencies only.
* ``coverage = sum(weight of assessed) / sum(weight of all)``: how much of the profile the fit
  rests on. A fit with low coverage says little.
* A floor (must-have minimum) not met is listed, never folded into the fit and never a rejection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from hiring.domain.catalogue import ProfileCompetency, ResolvedRole

Status = Literal["met", "below_target", "below_floor", "not_assessed"]


def attainment(value: float, target: int, scale_min: int) -> float:
    """The share of the way from the scale's minimum to the target, capped at 1."""
    if target <= scale_min:
        return 1.0
    return min(1.0, (value - scale_min) / (target - scale_min))


@dataclass(frozen=True)
class CompetencyFit:
    key: str
    weight: float
    target: int
    floor: int | None
    value: float | None
    attainment: float | None
    status: Status

    @property
    def gap(self) -> float | None:
        return None if self.value is None else max(0.0, self.target - self.value)

    @property
    def importance(self) -> float:
        """Weight times the gap: what the gap costs this role."""
        return self.weight * (self.gap or 0.0)

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "weight": self.weight,
            "target": self.target,
            "floor": self.floor,
            "value": self.value,
            "attainment": self.attainment,
            "contribution": None if self.attainment is None else self.weight * self.attainment,
            "status": self.status,
        }


@dataclass(frozen=True)
class RoleFit:
    fit: float | None
    coverage: float
    weighted_attainment: float
    assessed_weight: float
    total_weight: float
    terms: tuple[CompetencyFit, ...]

    @property
    def score(self) -> float:
        """``sum(weight x attainment) / sum(weight of all)``: the share of the whole profile the
        person is known to attain, unassessed competencies counting as zero. It equals ``fit``
        at full coverage and keeps a few assessed competencies from ranking first."""
        return self.weighted_attainment / self.total_weight if self.total_weight else 0.0

    @property
    def floors_not_met(self) -> list[CompetencyFit]:
        return [t for t in self.terms if t.status == "below_floor"]

    @property
    def floors_unknown(self) -> list[CompetencyFit]:
        """Competencies with a floor that nobody assessed: whether the floor is met is unknown,
        which is not "met"."""
        return [t for t in self.terms if t.floor is not None and t.status == "not_assessed"]

    @property
    def gaps(self) -> list[CompetencyFit]:
        """Below target, most important first: unmet floors, then by weight x gap."""
        below = [t for t in self.terms if t.status in ("below_target", "below_floor")]
        return sorted(below, key=lambda t: (t.status != "below_floor", -t.importance, t.key))

    @property
    def strengths(self) -> list[CompetencyFit]:
        """At or above target, largest margin first, then by weight."""
        met = [t for t in self.terms if t.status == "met"]
        return sorted(met, key=lambda t: (-((t.value or 0.0) - t.target), -t.weight, t.key))

    def explanation(self) -> dict[str, object]:
        return {
            "formula": "fit = sum(weight * attainment) / sum(weight of assessed); "
            "attainment = min(1, (value - scale min) / (target - scale min)); "
            "coverage = sum(weight of assessed) / sum(weight of all)",
            "weighted_attainment": self.weighted_attainment,
            "assessed_weight": self.assessed_weight,
            "total_weight": self.total_weight,
            "fit": self.fit,
            "coverage": self.coverage,
        }


def _term(entry: ProfileCompetency, value: float | None) -> CompetencyFit:
    if value is None:
        return CompetencyFit(
            entry.key, entry.weight, entry.target, entry.floor, None, None, "not_assessed"
        )
    status: Status = "met"
    if entry.floor is not None and value < entry.floor:
        status = "below_floor"
    elif value < entry.target:
        status = "below_target"
    return CompetencyFit(
        entry.key,
        entry.weight,
        entry.target,
        entry.floor,
        value,
        attainment(value, entry.target, entry.scale.min),
        status,
    )


def role_fit(role: ResolvedRole, values: Mapping[str, float | None]) -> RoleFit:
    """Fit of panel values (competency key to aggregate, None = not assessed) to a role."""
    terms = tuple(_term(entry, values.get(entry.key)) for entry in role.competencies)
    total = sum(t.weight for t in terms)
    assessed = sum(t.weight for t in terms if t.attainment is not None)
    weighted = sum(t.weight * t.attainment for t in terms if t.attainment is not None)
    return RoleFit(
        fit=weighted / assessed if assessed else None,
        coverage=assessed / total if total else 0.0,
        weighted_attainment=weighted,
        assessed_weight=assessed,
        total_weight=total,
        terms=terms,
    )
