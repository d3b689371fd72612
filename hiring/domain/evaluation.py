"""One candidate's full result against a role: the engine's single entry point.

``evaluate`` combines the pieces (panel aggregation, role fit, job description, level, red flags,
self-assessment gap, development plan) into an :class:`Evaluation`, whose ``summary()`` is the
typed result (:mod:`hiring.domain.summary`) that the web pages and PDF reports render and whose
``as_dict()`` is the same as JSON for the CLI. Nothing here decides anything about the person: it
informs the people who do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hiring.domain.aggregation import CompetencyAggregate, SelfGap, aggregate_ratings, self_gap
from hiring.domain.assessment import (
    Assessment,
    CandidateFacts,
    scores_by_competency,
    self_answers,
)
from hiring.domain.catalogue import Catalogue, CompetencyLibrary, ResolvedRole
from hiring.domain.fit import RoleFit, role_fit
from hiring.domain.job_description import JobDescriptionComparison, compare_with_job_description
from hiring.domain.levels import LevelPlacement, place_level
from hiring.domain.readiness import readiness
from hiring.domain.rubric import Text
from hiring.domain.self_assessment import HOW_COMPUTED, SelfValue, build_questionnaire, self_profile
from hiring.domain.summary import (
    ClusterResult,
    CompetencyResult,
    CriterionResult,
    DevelopmentPlan,
    EvaluationSummary,
    Explanations,
    FitExplanation,
    GapBrief,
    JobDescriptionCounts,
    KamLevelResult,
    RedFlagResult,
    RoleBrief,
    SelectionRisk,
    TermBrief,
    TrainableGap,
)
from hiring.domain.uncertainty import FitBand, Term, fit_band


@dataclass(frozen=True)
class RedFlagCount:
    key: str
    raters: tuple[str, ...]


UNDETERMINED = Text(
    en="Not yet determined: the facts or competencies that decide level 1 are not known yet",
    fi="Ei vielä määritettävissä: tasoa 1 ratkaisevia tietoja tai osaamisia ei vielä tiedetä",
)
"""The level's name when level 1 is blocked by unknown criteria alone."""


@dataclass(frozen=True)
class Evaluation:
    role: ResolvedRole
    aggregates: Mapping[str, CompetencyAggregate]
    """Every competency of the library that any assessor rated or marked not assessed, plus
    every competency of the role (unrated ones as not assessed)."""
    fit: RoleFit
    job_description: JobDescriptionComparison
    level: LevelPlacement | None
    red_flags: tuple[RedFlagCount, ...]
    self_gaps: tuple[SelfGap, ...]
    assessors: tuple[str, ...]
    self_raters: tuple[str, ...]
    self_profile: tuple[SelfValue, ...] = ()
    """The self-assessment's value per competency, with its working (empty without one)."""

    def summary(self) -> EvaluationSummary:
        """The whole result as typed data, with the rubric's names and texts joined in."""
        role = self.role
        flag_names = {f.key: f.name for f in role.library.red_flags}
        how = role.profile.aggregation
        return EvaluationSummary(
            role=RoleBrief(role.key, role.profile.name, how),
            rubric=role.provenance,
            fit=self.fit.fit,
            coverage=self.fit.coverage,
            score=self.fit.score,
            fit_band=self.fit_band(),
            disagreements=sum(1 for c in role.competencies if self.aggregates[c.key].disagreement),
            assessors=self.assessors,
            self_raters=self.self_raters,
            competencies=self._competencies(),
            floors_not_met=tuple(TermBrief.of(t) for t in self.fit.floors_not_met),
            floors_unknown=tuple(TermBrief.of(t) for t in self.fit.floors_unknown),
            gaps=tuple(GapBrief.of(t) for t in self.fit.gaps),
            strengths=tuple(TermBrief.of(t) for t in self.fit.strengths),
            requirements=self.job_description.requirements,
            duties=self.job_description.duties,
            job_description=JobDescriptionCounts.of(self.job_description),
            kam_level=self._kam_level(),
            red_flags=tuple(
                RedFlagResult(f.key, flag_names[f.key], f.raters) for f in self.red_flags
            ),
            self_gap=self.self_gaps,
            readiness=readiness(self.fit, role),
            self_profile=self.self_profile,
            clusters=tuple(cluster_summary(self.fit, role)),
            development_plan=self._development_plan(),
            explanations=Explanations(
                fit=FitExplanation.of(self.fit),
                aggregation=f"value = {how} of the assessors' scores; 'not assessed' is left "
                "out, never counted as a low score; self-ratings are never included",
                disagreement="flagged when the range of scores (highest - lowest) is at least "
                "half the scale's span (2 points on a 1-5 scale)",
                sd="sample standard deviation (n - 1); undefined for one rater",
                self_gap="gap = self-rating - assessors' value; positive means the candidate "
                "rates themself higher than the panel; marked as over- or under-estimation "
                "beyond one scale point",
                self_profile=HOW_COMPUTED,
                level="the highest level whose criteria, and those of every level below it, "
                "are all met; unknown data never counts as met, nor as not met: with level 1 "
                "blocked by unknowns alone the level is undetermined (null), and a higher "
                "level blocked by unknowns alone 'may be higher'",
            ),
        )

    def as_dict(self) -> dict[str, object]:
        """The JSON-ready result (what ``hiring evaluate`` prints)."""
        return self.summary().as_dict()

    def fit_band(self) -> FitBand | None:
        """How sure the fit is, from the raters' spread (:mod:`hiring.domain.uncertainty`)."""
        terms = [
            Term(entry.weight, entry.scale.min, entry.target,
                 tuple(float(s.score) for s in self.aggregates[entry.key].scores))
            for entry in self.role.competencies
            if self.aggregates[entry.key].assessed
        ]  # fmt: skip
        return fit_band(self.fit.fit, terms)

    def _competencies(self) -> tuple[CompetencyResult, ...]:
        role = self.role
        definitions = {c.key: c for c in role.library.competencies}
        terms = {t.key: t for t in self.fit.terms}
        gaps_by_key = {g.key: g for g in self.self_gaps}
        out = []
        for key, aggregate in self.aggregates.items():
            definition = definitions[key]
            scale = definition.scale or role.library.scale
            term = terms.get(key)
            out.append(
                CompetencyResult(
                    key=key,
                    name=definition.name,
                    cluster=definition.cluster,
                    trainable=definition.trainable,
                    scale_min=scale.min,
                    scale_max=scale.max,
                    in_profile=term is not None,
                    scores=aggregate.scores,
                    not_assessed_by=aggregate.not_assessed_by,
                    count=aggregate.count,
                    mean=aggregate.mean,
                    median=aggregate.median,
                    sd=aggregate.sd,
                    low=aggregate.low,
                    high=aggregate.high,
                    range=aggregate.range,
                    disagreement=aggregate.disagreement,
                    disagreement_threshold=aggregate.disagreement_threshold,
                    value=term.value if term else aggregate.value(role.profile.aggregation),
                    weight=term.weight if term else None,
                    target=term.target if term else None,
                    floor=term.floor if term else None,
                    attainment=term.attainment if term else None,
                    status=term.status if term else None,
                    self_rating=gaps_by_key.get(key),
                )
            )
        return tuple(out)

    def _kam_level(self) -> KamLevelResult | None:
        levels = self.role.profile.levels
        if self.level is None or levels is None:
            return None
        placed = next((lv for lv in levels.levels if lv.level == self.level.level), None)
        texts = {(lv.level, c.id): c.text for lv in levels.levels for c in lv.criteria}
        return KamLevelResult(
            level=self.level.level,
            reasons=tuple(
                CriterionResult.of(r, texts[(r.level, r.id)]) for r in self.level.reasons
            ),
            next_level=self.level.next_level,
            missing_for_next=tuple(
                CriterionResult.of(m, texts[(m.level, m.id)]) for m in self.level.missing
            ),
            may_be_higher=self.level.may_be_higher,
            name=placed.name
            if placed
            else UNDETERMINED
            if self.level.level is None
            else levels.not_yet,
            pay=placed.pay if placed else None,
            commission=levels.commission,
        )

    def _development_plan(self) -> DevelopmentPlan:
        """Gaps split by whether the rubric says the competency can be developed: trainable ones
        with the rubric's suggestion, the others as selection risks to weigh."""
        definitions = {c.key: c.competency for c in self.role.competencies}
        trainable: list[TrainableGap] = []
        risks: list[SelectionRisk] = []
        for gap in self.fit.gaps:
            definition = definitions[gap.key]
            below_floor = gap.status == "below_floor"
            item = (gap.key, definition.name, gap.value, gap.target, gap.gap, below_floor)
            if definition.trainable:
                trainable.append(TrainableGap(*item, suggestion=definition.development))
            else:
                risks.append(SelectionRisk(*item, risk=definition.development))
        return DevelopmentPlan(tuple(trainable), tuple(risks))


def cluster_summary(fit: RoleFit, role: ResolvedRole) -> list[ClusterResult]:
    """Weighted means per cluster, in the library's cluster order (see ClusterResult)."""
    cluster_of = {c.key: c.competency.cluster for c in role.competencies}
    out = []
    for cluster in role.library.clusters:
        terms = [t for t in fit.terms if cluster_of[t.key] == cluster.key]
        if not terms:
            continue
        assessed = [t for t in terms if t.value is not None]
        weight = sum(t.weight for t in assessed)
        value = sum(t.weight * (t.value or 0.0) for t in assessed) / weight if weight else None
        target = sum(t.weight * t.target for t in assessed) / weight if weight else None
        out.append(
            ClusterResult(cluster.key, cluster.name, value, target, len(assessed), len(terms))
        )
    return out


class _Panel:
    """The assessors' ratings of one assessment, each competency aggregated once, on demand:
    the same panel read against several roles of one library (:func:`rank_roles`) aggregates
    every competency once, not once per role."""

    def __init__(self, assessment: Assessment, library: CompetencyLibrary) -> None:
        self.scales = {c.key: c.scale or library.scale for c in library.competencies}
        self.scores = scores_by_competency(assessment)
        self._aggregates: dict[str, CompetencyAggregate] = {}

    def aggregates(self, role: ResolvedRole) -> dict[str, CompetencyAggregate]:
        """The role's competencies and every assessed one, in that order."""
        keys = dict.fromkeys([*(c.key for c in role.competencies), *self.scores])
        out = {}
        for key in keys:
            found = self._aggregates.get(key)
            if found is None:
                found = self._aggregates[key] = aggregate_ratings(
                    key, self.scores.get(key, ()), self.scales[key]
                )
            out[key] = found
        return out

    def against(
        self, role: ResolvedRole, facts: CandidateFacts
    ) -> tuple[dict[str, CompetencyAggregate], dict[str, float | None], RoleFit,
               LevelPlacement | None]:  # fmt: skip
        """The panel read against ``role``: its aggregates, their values by the role's
        aggregation, its fit and its level."""
        aggregates = self.aggregates(role)
        values = {k: a.value(role.profile.aggregation) for k, a in aggregates.items()}
        levels = role.profile.levels
        level = place_level(levels, facts, values) if levels else None
        return aggregates, values, role_fit(role, values), level


def evaluate(assessment: Assessment, role: ResolvedRole) -> Evaluation:
    """The full result of an assessment (already checked against ``role``)."""
    library = role.library
    panel = _Panel(assessment, library)
    aggregates, values, fit, level = panel.against(role, assessment.candidate)
    self_scores: dict[str, list[float | None]] = {
        key: [score for _, score in scored]
        for key, scored in scores_by_competency(assessment, frozenset({"self"})).items()
    }
    profile: tuple[SelfValue, ...] = ()
    self_raters = [r.rater for r in assessment.ratings if r.kind == "self"]
    if assessment.self_assessment is not None:
        questionnaire = build_questionnaire(role, seed=0)
        # against another role than the one it was checked for (rank_roles), the items that
        # role does not have are left out
        answers = {k: v for k, v in self_answers(assessment).items() if k in questionnaire.items}
        found = self_profile(role, questionnaire, answers)
        profile = tuple(found.values())
        for value in profile:
            if value.value is not None:
                self_scores.setdefault(value.competency, []).append(value.value)
        self_raters.append(assessment.self_assessment.rater)
    gaps = tuple(self_gap(k, v, values.get(k)) for k, v in self_scores.items())
    observed: dict[str, list[str]] = {}
    for rating in assessment.ratings:
        if rating.kind != "self":
            for flag in dict.fromkeys(rating.red_flags):
                observed.setdefault(flag, []).append(rating.rater)
    red_flags = tuple(
        RedFlagCount(f.key, tuple(observed[f.key])) for f in library.red_flags if f.key in observed
    )
    return Evaluation(
        role=role,
        aggregates=aggregates,
        fit=fit,
        job_description=compare_with_job_description(role, assessment.candidate, fit),
        level=level,
        red_flags=red_flags,
        self_gaps=gaps,
        assessors=tuple(r.rater for r in assessment.ratings if r.kind != "self"),
        self_raters=tuple(self_raters),
        self_profile=profile,
    )


@dataclass(frozen=True)
class RoleRanking:
    role: str
    fit: float | None
    coverage: float
    score: float
    """``sum(weight * attainment) / sum(weight of all)``: the share of the whole profile the
    person is known to attain, counting unassessed competencies as zero. It equals ``fit`` when
    coverage is 1 and keeps a role from ranking first on a handful of assessed competencies."""
    floors_not_met: tuple[str, ...]
    floors_unknown: tuple[str, ...]
    level: int | None

    def as_dict(self, catalogue: Catalogue) -> dict[str, object]:
        return {
            "role": self.role,
            "name": catalogue.roles[self.role].profile.name.model_dump(),
            "fit": self.fit,
            "coverage": self.coverage,
            "score": self.score,
            "floors_not_met": list(self.floors_not_met),
            "floors_unknown": list(self.floors_unknown),
            "level": self.level,
        }


def rank_roles(assessment: Assessment, catalogue: Catalogue) -> list[RoleRanking]:
    """The same ratings against every role profile of the same library, best first (the basis
    for reassigning a representative). Competencies a role does not use are ignored for that
    role. Ranked by :attr:`RoleRanking.score`; ties go to higher coverage, then the role key."""
    rankings = []
    own = catalogue.roles[assessment.role]
    panel = _Panel(assessment, own.library)
    for role in catalogue.roles.values():
        if role.library.key != own.library.key:
            continue
        # what a ranking needs of evaluate(): fit and level, from the assessors alone (a
        # self-assessment never ranks anyone)
        _, _, fit, level = panel.against(role, assessment.candidate)
        rankings.append(
            RoleRanking(
                role=role.key,
                fit=fit.fit,
                coverage=fit.coverage,
                score=fit.score,
                floors_not_met=tuple(t.key for t in fit.floors_not_met),
                floors_unknown=tuple(t.key for t in fit.floors_unknown),
                level=level.level if level else None,
            )
        )
    return sorted(rankings, key=lambda r: (-r.score, -r.coverage, r.role))
