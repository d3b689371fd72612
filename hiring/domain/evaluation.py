"""One candidate's full result against a role: the engine's single entry point.

``evaluate`` combines the pieces (panel aggregation, role fit, job description, level, red flags,
self-assessment gap, development plan) into an :class:`Evaluation`, whose ``as_dict`` is the
plain data that the CLI prints as JSON and that the web pages and PDF reports render. Nothing here
decides anything about the person: it informs the people who do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hiring.domain.aggregation import CompetencyAggregate, SelfGap, aggregate_ratings, self_gap
from hiring.domain.assessment import Assessment, scores_by_competency
from hiring.domain.catalogue import Catalogue, ResolvedRole
from hiring.domain.fit import CompetencyFit, RoleFit, role_fit
from hiring.domain.job_description import JobDescriptionComparison, compare_with_job_description
from hiring.domain.levels import LevelPlacement, place_level
from hiring.domain.rubric import Text


@dataclass(frozen=True)
class RedFlagCount:
    key: str
    raters: tuple[str, ...]

    def as_dict(self, name: Text) -> dict[str, object]:
        return {
            "key": self.key,
            "name": name.model_dump(),
            "count": len(self.raters),
            "raters": list(self.raters),
        }


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

    def development_plan(self) -> dict[str, list[dict[str, object]]]:
        """Gaps split by whether the rubric says the competency can be developed: trainable ones
        with the rubric's suggestion, the others as selection risks to weigh."""
        definitions = {c.key: c.competency for c in self.role.competencies}
        trainable: list[dict[str, object]] = []
        risks: list[dict[str, object]] = []
        for gap in self.fit.gaps:
            definition = definitions[gap.key]
            item = {
                "key": gap.key,
                "name": definition.name.model_dump(),
                "value": gap.value,
                "target": gap.target,
                "gap": gap.gap,
                "floor_not_met": gap.status == "below_floor",
            }
            if definition.trainable:
                trainable.append({**item, "suggestion": definition.development.model_dump()})
            else:
                risks.append({**item, "risk": definition.development.model_dump()})
        return {"trainable": trainable, "not_trainable": risks}

    def as_dict(self) -> dict[str, object]:
        role = self.role
        definitions = {c.key: c for c in role.library.competencies}
        terms = {t.key: t for t in self.fit.terms}
        gaps_by_key = {g.key: g for g in self.self_gaps}
        competencies = []
        for key, aggregate in self.aggregates.items():
            definition = definitions[key]
            term = terms.get(key)
            entry: dict[str, object] = {
                "key": key,
                "name": definition.name.model_dump(),
                "cluster": definition.cluster,
                "trainable": definition.trainable,
                "scale_min": (definition.scale or role.library.scale).min,
                "scale_max": (definition.scale or role.library.scale).max,
                "in_profile": term is not None,
                **aggregate.as_dict(),
                "value": term.value if term else aggregate.value(role.profile.aggregation),
            }
            if term is not None:
                entry.update(
                    weight=term.weight,
                    target=term.target,
                    floor=term.floor,
                    attainment=term.attainment,
                    status=term.status,
                )
            if key in gaps_by_key:
                entry["self"] = gaps_by_key[key].as_dict()
            competencies.append(entry)
        flag_names = {f.key: f.name for f in role.library.red_flags}
        levels = role.profile.levels
        kam_level = None
        if self.level is not None and levels is not None:
            placed = next((lv for lv in levels.levels if lv.level == self.level.level), None)
            texts = {
                (lv.level, c.id): c.text.model_dump() for lv in levels.levels for c in lv.criteria
            }
            placement = self.level.as_dict()
            for check in (*placement["reasons"], *placement["missing_for_next"]):
                check["text"] = texts[(check["level"], check["id"])]
            kam_level = {
                **placement,
                "name": placed.name.model_dump() if placed else levels.not_yet.model_dump(),
                "pay": placed.pay.model_dump() if placed and placed.pay else None,
                "commission": levels.commission.model_dump() if levels.commission else None,
            }
        return {
            "role": {
                "key": role.key,
                "name": role.profile.name.model_dump(),
                "aggregation": role.profile.aggregation,
            },
            "rubric": role.provenance.as_dict(),
            "fit": self.fit.fit,
            "coverage": self.fit.coverage,
            "assessors": list(self.assessors),
            "self_raters": list(self.self_raters),
            "competencies": competencies,
            "floors_not_met": [_brief(t) for t in self.fit.floors_not_met],
            "gaps": [{**_brief(t), "importance": t.importance} for t in self.fit.gaps],
            "strengths": [_brief(t) for t in self.fit.strengths],
            "requirements": [r.as_dict() for r in self.job_description.requirements],
            "duties": [d.as_dict() for d in self.job_description.duties],
            "job_description": self.job_description.summary(),
            "kam_level": kam_level,
            "red_flags": [f.as_dict(flag_names[f.key]) for f in self.red_flags],
            "self_gap": [{"key": g.key, **g.as_dict()} for g in self.self_gaps],
            "clusters": [c.as_dict(role) for c in cluster_summary(self.fit, role)],
            "development_plan": self.development_plan(),
            "explanations": {
                "fit": {
                    **self.fit.explanation(),
                    "terms": [t.as_dict() for t in self.fit.terms],
                },
                "aggregation": f"value = {role.profile.aggregation} of the assessors' scores; "
                "'not assessed' is left out, never counted as a low score; self-ratings are "
                "never included",
                "disagreement": "flagged when the range of scores (highest - lowest) is at "
                "least half the scale's span (2 points on a 1-5 scale)",
                "sd": "sample standard deviation (n - 1); undefined for one rater",
                "self_gap": "gap = self-rating - assessors' value; positive means the "
                "candidate rates themself higher than the panel",
                "level": "the highest level whose criteria, and those of every level below "
                "it, are all met; unknown data never counts as met",
            },
        }


@dataclass(frozen=True)
class ClusterSummary:
    """One cluster of the role's competencies, summarised for a chart of a few axes.

    ``value`` and ``target`` are weight-averaged over the cluster's *assessed* competencies
    only, so the two are always compared on the same competencies; ``assessed`` of ``total``
    tells how many that is. Unassessed clusters have no value.
    """

    key: str
    value: float | None
    target: float | None
    assessed: int
    total: int

    def as_dict(self, role: ResolvedRole) -> dict[str, object]:
        names = {c.key: c.name for c in role.library.clusters}
        return {
            "key": self.key,
            "name": names[self.key].model_dump(),
            "value": self.value,
            "target": self.target,
            "assessed": self.assessed,
            "total": self.total,
        }


def cluster_summary(fit: RoleFit, role: ResolvedRole) -> list[ClusterSummary]:
    """Weighted means per cluster, in the library's cluster order (see ClusterSummary)."""
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
        out.append(ClusterSummary(cluster.key, value, target, len(assessed), len(terms)))
    return out


def _brief(term: CompetencyFit) -> dict[str, object]:
    return {
        "key": term.key,
        "value": term.value,
        "target": term.target,
        "floor": term.floor,
        "weight": term.weight,
        "gap": term.gap,
    }


def evaluate(assessment: Assessment, role: ResolvedRole) -> Evaluation:
    """The full result of an assessment (already checked against ``role``)."""
    library = role.library
    scales = {c.key: c.scale or library.scale for c in library.competencies}
    assessor_scores = scores_by_competency(assessment)
    keys = list(dict.fromkeys([*(c.key for c in role.competencies), *assessor_scores]))
    aggregates = {k: aggregate_ratings(k, assessor_scores.get(k, ()), scales[k]) for k in keys}
    how = role.profile.aggregation
    values = {k: a.value(how) for k, a in aggregates.items()}
    fit = role_fit(role, values)
    levels = role.profile.levels
    level = place_level(levels, assessment.candidate, values) if levels else None
    self_scores = scores_by_competency(assessment, frozenset({"self"}))
    gaps = tuple(self_gap(k, [s for _, s in v], values.get(k)) for k, v in self_scores.items())
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
        self_raters=tuple(r.rater for r in assessment.ratings if r.kind == "self"),
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
    level: int | None

    def as_dict(self, catalogue: Catalogue) -> dict[str, object]:
        return {
            "role": self.role,
            "name": catalogue.roles[self.role].profile.name.model_dump(),
            "fit": self.fit,
            "coverage": self.coverage,
            "score": self.score,
            "floors_not_met": list(self.floors_not_met),
            "level": self.level,
        }


def rank_roles(assessment: Assessment, catalogue: Catalogue) -> list[RoleRanking]:
    """The same ratings against every role profile of the same library, best first (the basis
    for reassigning a representative). Competencies a role does not use are ignored for that
    role. Ranked by :attr:`RoleRanking.score`; ties go to higher coverage, then the role key."""
    rankings = []
    for role in catalogue.roles.values():
        if role.library.key != catalogue.roles[assessment.role].library.key:
            continue
        result = evaluate(assessment, role)
        rankings.append(
            RoleRanking(
                role=role.key,
                fit=result.fit.fit,
                coverage=result.fit.coverage,
                score=result.fit.weighted_attainment / result.fit.total_weight,
                floors_not_met=tuple(t.key for t in result.fit.floors_not_met),
                level=result.level.level if result.level else None,
            )
        )
    return sorted(rankings, key=lambda r: (-r.score, -r.coverage, r.role))
