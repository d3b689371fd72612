"""Experience levels (the source's KAM levels 1-3), placed from the rules in the role profile.

A person is at the highest level whose criteria, and those of every level below it, are all met.
A criterion whose fact is missing, or whose competency was not assessed, is ``unknown``: it does
not place the person at that level, and it is listed as what to find out. Unknown is never read
as "not met" either:

- level 0 ("not yet") only when a level-1 criterion is known and not met;
- no level at all (``None``, undetermined) when level 1 is blocked by unknown criteria alone;
- ``may_be_higher`` when the next level is blocked by unknown criteria alone.
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
    level: int | None
    """None: undetermined (level 1 is blocked by unknown criteria alone)."""
    reasons: tuple[CriterionCheck, ...]
    """The criteria met at every level up to the placed one."""
    next_level: int | None
    missing: tuple[CriterionCheck, ...]
    """The criteria of the next level that are not met or not known."""

    @property
    def may_be_higher(self) -> bool:
        """The next level is blocked only by criteria nobody knows yet."""
        return bool(self.missing) and all(m.status == "unknown" for m in self.missing)

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "reasons": [r.as_dict() for r in self.reasons],
            "next_level": self.next_level,
            "missing_for_next": [m.as_dict() for m in self.missing],
            "may_be_higher": self.may_be_higher,
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
            undetermined = placed == 0 and all(c.status == "unknown" for c in unmet)
            level_reached = None if undetermined else placed
            return LevelPlacement(level_reached, tuple(reasons), level.level, unmet)
        reasons.extend(checks)
        placed = level.level
    return LevelPlacement(placed, tuple(reasons), None, ())
