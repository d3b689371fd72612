"""One candidate's result against a role as typed, frozen data.

This is what the result page, the radar chart, the PDF documents and the CSV export read, and,
through ``as_dict()``, the JSON the CLI prints. Built by
:meth:`hiring.domain.evaluation.Evaluation.summary`; every number is explained where it is
computed (:mod:`hiring.domain.aggregation`, :mod:`hiring.domain.fit`, ...).

Field names equal the JSON keys, so a template reads ``c.mean`` the way it read ``c["mean"]``.
The one exception: a competency's self-rating is ``self_rating`` here (``self`` cannot name a
dataclass field) and ``"self"`` in JSON. Texts stay :class:`~hiring.domain.rubric.Text`
objects (``name.en``, ``name.get(lang)``) until ``as_dict()`` dumps them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from pydantic import BaseModel

from hiring.domain.aggregation import Aggregation, RaterScore, SelfGap
from hiring.domain.catalogue import Provenance
from hiring.domain.fit import CompetencyFit, RoleFit, Status
from hiring.domain.job_description import DutyCheck, JobDescriptionComparison, RequirementCheck
from hiring.domain.levels import CriterionCheck, CriterionStatus
from hiring.domain.readiness import Readiness
from hiring.domain.rubric import Commission, Pay, Text
from hiring.domain.self_assessment import SelfValue
from hiring.domain.uncertainty import FitBand


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: texts and other rubric models dumped, tuples as lists,
    typed results through their ``as_dict()``."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    return value


class JsonReady:
    """Gives a dataclass ``as_dict()``: every field under its own name, in field order (so the
    order of the fields is the order of the JSON keys)."""

    def as_dict(self) -> dict[str, Any]:
        assert is_dataclass(self)
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class RoleBrief(JsonReady):
    key: str
    name: Text
    aggregation: Aggregation


PROFILE_ONLY = ("weight", "target", "floor", "attainment", "status")
"""The fields of :class:`CompetencyResult` that only a competency of the role's profile has."""


@dataclass(frozen=True)
class CompetencyResult(JsonReady):
    """The panel's view of one competency, with the role's target when the role uses it.

    ``value`` is the number the fit uses (the role's aggregation of ``scores``). The
    profile-only fields (``weight`` to ``status``) are None, and absent from ``as_dict()``,
    for a competency rated outside the role's profile (``in_profile`` false).
    """

    key: str
    name: Text
    cluster: str
    trainable: bool
    scale_min: int
    scale_max: int
    in_profile: bool
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
    value: float | None
    weight: float | None = None
    target: int | None = None
    floor: int | None = None
    attainment: float | None = None
    status: Status | None = None
    self_rating: SelfGap | None = None

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        del data["self_rating"]
        if not self.in_profile:
            for key in PROFILE_ONLY:
                del data[key]
        if self.self_rating is not None:
            data["self"] = self.self_rating.as_dict()
        return data


@dataclass(frozen=True)
class TermBrief(JsonReady):
    """A competency of the profile in a short list (floors not met, strengths)."""

    key: str
    value: float | None
    target: int
    floor: int | None
    weight: float
    gap: float | None

    @classmethod
    def of(cls, term: CompetencyFit) -> TermBrief:
        return cls(term.key, term.value, term.target, term.floor, term.weight, term.gap)


@dataclass(frozen=True)
class GapBrief(TermBrief):
    importance: float
    """Weight times the gap: what the gap costs this role."""

    @classmethod
    def of(cls, term: CompetencyFit) -> GapBrief:
        return cls(
            term.key, term.value, term.target, term.floor, term.weight, term.gap, term.importance
        )


@dataclass(frozen=True)
class StatusCounts(JsonReady):
    met: int
    not_met: int
    unknown: int


@dataclass(frozen=True)
class DutyCounts(JsonReady):
    covered: int
    not_covered: int
    unknown: int


@dataclass(frozen=True)
class JobDescriptionCounts(JsonReady):
    """Counts per status; ``needed: false`` requirements are counted apart (see
    :meth:`~hiring.domain.job_description.JobDescriptionComparison.summary`)."""

    requirements: StatusCounts
    optional_requirements: StatusCounts
    duties: DutyCounts

    @classmethod
    def of(cls, comparison: JobDescriptionComparison) -> JobDescriptionCounts:
        counts = comparison.summary()
        return cls(
            StatusCounts(**counts["requirements"]),
            StatusCounts(**counts["optional_requirements"]),
            DutyCounts(**counts["duties"]),
        )


@dataclass(frozen=True)
class CriterionResult(JsonReady):
    """A level criterion checked, with its text from the role profile."""

    level: int
    id: str
    subject: str
    min: float
    actual: float | None
    status: CriterionStatus
    text: Text

    @classmethod
    def of(cls, check: CriterionCheck, text: Text) -> CriterionResult:
        return cls(
            check.level, check.id, check.subject, check.min, check.actual, check.status, text
        )


@dataclass(frozen=True)
class KamLevelResult(JsonReady):
    """The experience level placed (0: "not yet", a level-1 criterion known not to be met;
    None: undetermined, level 1 blocked by unknowns alone), why, and what is missing for the
    next (``may_be_higher``: only unknowns block it)."""

    level: int | None
    reasons: tuple[CriterionResult, ...]
    next_level: int | None
    missing_for_next: tuple[CriterionResult, ...]
    may_be_higher: bool
    name: Text
    pay: Pay | None
    commission: Commission | None


@dataclass(frozen=True)
class RedFlagResult(JsonReady):
    key: str
    name: Text
    raters: tuple[str, ...]
    """The assessors who observed it (self-ratings never count)."""

    @property
    def count(self) -> int:
        return len(self.raters)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": plain(self.name),
            "count": self.count,
            "raters": list(self.raters),
        }


@dataclass(frozen=True)
class ClusterResult(JsonReady):
    """One cluster of the role's competencies, summarised for a chart of a few axes.

    ``value`` and ``target`` are weight-averaged over the cluster's *assessed* competencies
    only, so the two are always compared on the same competencies; ``assessed`` of ``total``
    tells how many that is. Unassessed clusters have no value.
    """

    key: str
    name: Text
    value: float | None
    target: float | None
    assessed: int
    total: int


@dataclass(frozen=True)
class PlanItem(JsonReady):
    """A gap against the target, in the development plan."""

    key: str
    name: Text
    value: float | None
    target: int
    gap: float | None
    floor_not_met: bool


@dataclass(frozen=True)
class TrainableGap(PlanItem):
    suggestion: Text
    """The rubric's concrete way to develop the competency."""


@dataclass(frozen=True)
class SelectionRisk(PlanItem):
    risk: Text
    """Why the rubric calls the competency hard to develop, and what to weigh."""


@dataclass(frozen=True)
class DevelopmentPlan(JsonReady):
    """Gaps split by whether the rubric says the competency can be developed."""

    trainable: tuple[TrainableGap, ...]
    not_trainable: tuple[SelectionRisk, ...]


@dataclass(frozen=True)
class FitTerm(JsonReady):
    """One competency's term of the fit: ``contribution = weight * attainment``."""

    key: str
    weight: float
    target: int
    floor: int | None
    value: float | None
    attainment: float | None
    contribution: float | None
    status: Status

    @classmethod
    def of(cls, term: CompetencyFit) -> FitTerm:
        contribution = None if term.attainment is None else term.weight * term.attainment
        return cls(
            term.key,
            term.weight,
            term.target,
            term.floor,
            term.value,
            term.attainment,
            contribution,
            term.status,
        )


@dataclass(frozen=True)
class FitExplanation(JsonReady):
    """The fit's working: the formula, its sums and every term."""

    formula: str
    weighted_attainment: float
    assessed_weight: float
    total_weight: float
    fit: float | None
    coverage: float
    terms: tuple[FitTerm, ...]

    @classmethod
    def of(cls, fit: RoleFit) -> FitExplanation:
        return cls(
            formula=str(fit.explanation()["formula"]),
            weighted_attainment=fit.weighted_attainment,
            assessed_weight=fit.assessed_weight,
            total_weight=fit.total_weight,
            fit=fit.fit,
            coverage=fit.coverage,
            terms=tuple(FitTerm.of(t) for t in fit.terms),
        )


@dataclass(frozen=True)
class Explanations(JsonReady):
    """How each number was made, in words, for the "how this was computed" sections."""

    fit: FitExplanation
    aggregation: str
    disagreement: str
    sd: str
    self_gap: str
    self_profile: str
    level: str


@dataclass(frozen=True)
class EvaluationSummary(JsonReady):
    """Everything the engine says about one candidate against one role."""

    role: RoleBrief
    rubric: Provenance
    fit: float | None
    coverage: float
    score: float
    """The share of the whole profile attained (:attr:`hiring.domain.fit.RoleFit.score`): what
    lists rank by, so a few assessed competencies cannot rank first."""
    fit_band: FitBand | None
    """How sure the fit is (:mod:`hiring.domain.uncertainty`); None without a fit."""
    disagreements: int
    """Competencies of the profile on which the assessors disagree strongly."""
    assessors: tuple[str, ...]
    self_raters: tuple[str, ...]
    competencies: tuple[CompetencyResult, ...]
    """The role's competencies first, in profile order, then any other rated one."""
    floors_not_met: tuple[TermBrief, ...]
    floors_unknown: tuple[TermBrief, ...]
    """Competencies with a floor that nobody assessed (unknown, not met)."""
    gaps: tuple[GapBrief, ...]
    """Below target, most important first: unmet floors, then by weight x gap."""
    strengths: tuple[TermBrief, ...]
    requirements: tuple[RequirementCheck, ...]
    duties: tuple[DutyCheck, ...]
    job_description: JobDescriptionCounts
    kam_level: KamLevelResult | None
    red_flags: tuple[RedFlagResult, ...]
    self_gap: tuple[SelfGap, ...]
    readiness: Readiness
    """The verdict for this role, with its reasons (:mod:`hiring.domain.readiness`)."""
    self_profile: tuple[SelfValue, ...]
    """A self-assessment's value per competency and how each was reached (see
    :func:`hiring.domain.self_assessment.self_profile`); compared, never counted."""
    clusters: tuple[ClusterResult, ...]
    development_plan: DevelopmentPlan
    explanations: Explanations

    @property
    def profile(self) -> tuple[CompetencyResult, ...]:
        """The competencies of the role's profile."""
        return tuple(c for c in self.competencies if c.in_profile)

    @property
    def others(self) -> tuple[CompetencyResult, ...]:
        """Competencies rated outside the role's profile."""
        return tuple(c for c in self.competencies if not c.in_profile)

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready form (what ``hiring evaluate`` prints)."""
        data = super().as_dict()
        data["self_gap"] = [{"key": g.key, **g.as_dict()} for g in self.self_gap]
        return data
