"""The candidate against the job description: formal requirements and duties.

A requirement is ``met``, ``not_met``, or ``unknown`` when the fact it needs is missing (an
unknown is a question for the next interview, never a "no"). A duty is ``covered`` when every
competency it relies on was assessed and reached its target, ``not_covered`` when one was assessed
below target, and ``unknown`` when the rest were not assessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from hiring.domain.assessment import CandidateFacts, education_rank
from hiring.domain.catalogue import ResolvedRole
from hiring.domain.fit import RoleFit
from hiring.domain.rubric import Requirement

RequirementStatus = Literal["met", "not_met", "unknown"]
DutyStatus = Literal["covered", "not_covered", "unknown"]


@dataclass(frozen=True)
class RequirementCheck:
    id: str
    kind: str
    needed: bool
    status: RequirementStatus
    expected: str
    actual: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "needed": self.needed,
            "status": self.status,
            "expected": self.expected,
            "actual": self.actual,
        }


def check_requirement(
    requirement: Requirement, facts: CandidateFacts, values: Mapping[str, float | None]
) -> RequirementCheck:
    """One requirement against the candidate's facts and the panel's competency values."""
    actual: str | None
    status: RequirementStatus
    match requirement.kind:
        case "education":
            required = requirement.education or "none"
            expected = f"education {required} or above"
            actual = facts.education
            if facts.education is None:
                status = "unknown"
            else:
                met = education_rank(facts.education) >= education_rank(required)
                status = "met" if met else "not_met"
        case "minimum":
            field, minimum = requirement.field or "", requirement.min or 0.0
            expected = f"{field} >= {minimum:g}"
            value = facts.value_of(field)
            actual = None if value is None else f"{value:g}"
            status = "unknown" if value is None else ("met" if value >= minimum else "not_met")
        case "language":
            wanted = [code.lower() for code in requirement.languages or []]
            expected = "one of: " + ", ".join(wanted)
            spoken = [code.lower() for code in facts.languages]
            actual = ", ".join(spoken) if spoken else None
            status = "met" if set(spoken) & set(wanted) else "not_met"
            if not spoken:
                status = "unknown"
        case _:  # competency
            key, minimum = requirement.competency or "", requirement.min or 0.0
            expected = f"{key} >= {minimum:g}"
            value = values.get(key)
            actual = None if value is None else f"{value:g}"
            status = "unknown" if value is None else ("met" if value >= minimum else "not_met")
    return RequirementCheck(
        requirement.id, requirement.kind, requirement.needed, status, expected, actual
    )


@dataclass(frozen=True)
class DutyCheck:
    id: str
    competencies: tuple[str, ...]
    status: DutyStatus
    below_target: tuple[str, ...]
    not_assessed: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "competencies": list(self.competencies),
            "status": self.status,
            "below_target": list(self.below_target),
            "not_assessed": list(self.not_assessed),
        }


@dataclass(frozen=True)
class JobDescriptionComparison:
    requirements: tuple[RequirementCheck, ...]
    duties: tuple[DutyCheck, ...]

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per status. Requirements marked ``needed: false`` (e.g. a foreign language
        "if needed") are counted apart, so they never add to the unmet count."""
        needed = Counter(r.status for r in self.requirements if r.needed)
        optional = Counter(r.status for r in self.requirements if not r.needed)
        duties = Counter(d.status for d in self.duties)
        statuses: tuple[RequirementStatus, ...] = ("met", "not_met", "unknown")
        duty_statuses: tuple[DutyStatus, ...] = ("covered", "not_covered", "unknown")
        return {
            "requirements": {s: needed[s] for s in statuses},
            "optional_requirements": {s: optional[s] for s in statuses},
            "duties": {s: duties[s] for s in duty_statuses},
        }


def compare_with_job_description(
    role: ResolvedRole, facts: CandidateFacts, fit: RoleFit
) -> JobDescriptionComparison:
    values = {t.key: t.value for t in fit.terms}
    terms = {t.key: t for t in fit.terms}
    requirements = tuple(check_requirement(r, facts, values) for r in role.profile.requirements)
    duties = []
    for duty in role.profile.duties:
        below = tuple(
            k for k in duty.competencies if terms[k].status in ("below_target", "below_floor")
        )
        missing = tuple(k for k in duty.competencies if terms[k].status == "not_assessed")
        status: DutyStatus = "not_covered" if below else ("unknown" if missing else "covered")
        duties.append(DutyCheck(duty.id, tuple(duty.competencies), status, below, missing))
    return JobDescriptionComparison(requirements, tuple(duties))
