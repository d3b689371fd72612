"""Experience levels (the source's KAM levels 1-3), placed from the rules in the role profile.

A person is at the highest level whose criteria, and those of every level below it, are all met.
Level 0 means "not yet". A criterion whose fact is missing, or whose competency was not assessed,
is ``unknown``: it does not place the person at that level, and it is listed as what to find out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from hiring.domain.assessment import CandidateFacts
from hiring.domain.rubric import Level, LevelCriterion, Levels

CriterionStatus = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class CriterionCheck:
    level: int
    id: str
    subject: str
    min: float
    actual: float | None
    status: CriterionStatus

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "id": self.id,
            "subject": self.subject,
            "min": self.min,
            "actual": self.actual,
            "status": self.status,
        }


@dataclass(frozen=True)
class LevelPlacement:
    level: int
    reasons: tuple[CriterionCheck, ...]
    """The criteria met at every level up to the placed one."""
    next_level: int | None
    missing: tuple[CriterionCheck, ...]
    """The criteria of the next level that are not met or not known."""

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "reasons": [r.as_dict() for r in self.reasons],
            "next_level": self.next_level,
            "missing_for_next": [m.as_dict() for m in self.missing],
        }


def _check(
    level: Level,
    criterion: LevelCriterion,
    facts: CandidateFacts,
    values: Mapping[str, float | None],
) -> CriterionCheck:
    subject: str
    if criterion.field is not None:
        subject, actual = criterion.field, facts.value_of(criterion.field)
    else:
        subject = criterion.competency or ""
        actual = values.get(subject)
    if actual is None:
        status: CriterionStatus = "unknown"
    else:
        status = "met" if actual >= criterion.min else "not_met"
    return CriterionCheck(level.level, criterion.id, subject, criterion.min, actual, status)


def place_level(
    levels: Levels, facts: CandidateFacts, values: Mapping[str, float | None]
) -> LevelPlacement:
    """Place a person on the role's experience levels; see the module docstring."""
    reasons: list[CriterionCheck] = []
    placed = 0
    for level in levels.levels:
        checks = [_check(level, c, facts, values) for c in level.criteria]
        unmet = tuple(c for c in checks if c.status != "met")
        if unmet:
            return LevelPlacement(placed, tuple(reasons), level.level, unmet)
        reasons.extend(checks)
        placed = level.level
    return LevelPlacement(placed, tuple(reasons), None, ())
