"""The engine's input: one candidate's facts and every rater's scores, checked against a role.

This is the format of ``hiring evaluate`` (JSON) and what the web layer builds from stored
scorecards. Validation happens in two steps: the shape (pydantic, unknown keys refused), then the
content against the catalogue (role known, competencies known, scores on the scale). Both steps
report every problem with the field it concerns, e.g. ``ratings[0].scores.persuasion``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError

from hiring.domain.catalogue import Catalogue, ResolvedRole
from hiring.domain.records import CANDIDATE_RANGES
from hiring.domain.rubric import EDUCATION_LEVELS
from hiring.domain.self_assessment import (
    Answer,
    AnswerError,
    Choice,
    build_questionnaire,
    check_answers,
)

RaterKind = Literal["interview", "manager", "self"]
EducationLevel = Literal["none", "secondary", "vocational", "higher", "postgraduate"]
"""The same levels as :data:`hiring.domain.rubric.EDUCATION_LEVELS`, as a type."""
ASSESSOR_KINDS: frozenset[str] = frozenset({"interview", "manager"})
"""Kinds whose scores make the hiring result. ``self`` is compared with it, never mixed in."""


def _within(name: str) -> Any:
    """The bounds of the candidate's input model (:mod:`hiring.domain.records`): the engine
    accepts exactly the facts that can be stored."""
    low, high = CANDIDATE_RANGES[name]
    return Field(default=None, ge=low, le=high)


class _Input(BaseModel):
    # allow_inf_nan: a fact of -Infinity is no fact
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class Evidence(_Input):
    """Evidence in numbers, as the source asks of a level-3 KAM."""

    long_term_clients: int | None = _within("long_term_clients")
    repeat_transactions: int | None = _within("repeat_transactions")
    sales_growth_pct: float | None = _within("sales_growth_pct")


class CandidateFacts(_Input):
    """What is known about the person. Every field is optional: a missing one makes the
    requirements and level criteria that need it "unknown", never "not met"."""

    education: EducationLevel | None = None
    sales_experience_years: float | None = _within("sales_experience_years")
    kam_experience_years: float | None = _within("kam_experience_years")
    languages: list[Annotated[str, StringConstraints(min_length=2, max_length=8)]] = Field(
        default_factory=list
    )
    evidence: Evidence = Field(default_factory=Evidence)

    def value_of(self, field: str) -> float | None:
        """A numeric fact by its rubric name, e.g. ``evidence.long_term_clients``."""
        if field.startswith("evidence."):
            return getattr(self.evidence, field.removeprefix("evidence."))
        return getattr(self, field)


class RaterInput(_Input):
    rater: Annotated[str, StringConstraints(min_length=1, max_length=400)]
    kind: RaterKind
    scores: dict[str, StrictInt | None] = Field(default_factory=dict)
    """Competency key to score; ``None`` (JSON null) means "not assessed", not a low score."""
    red_flags: list[str] = Field(default_factory=list)


class SituationAnswer(_Input):
    most: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    least: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class SelfAssessmentInput(_Input):
    """A self-assessment's answers, by item: ``statement.<competency>.<n>`` to an agreement
    from 1 to 5, ``situation.<key>`` to ``{"most": option, "least": option}``. The engine turns
    them into a self profile (:func:`hiring.domain.self_assessment.self_profile`), compared
    with the panel and never mixed into it."""

    rater: Annotated[str, StringConstraints(min_length=1, max_length=400)] = "self-assessment"
    answers: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=200)],
        Annotated[int, Field(strict=True)] | SituationAnswer,
    ] = Field(default_factory=dict)


class Assessment(_Input):
    role: Annotated[str, StringConstraints(min_length=1)]
    candidate: CandidateFacts = Field(default_factory=CandidateFacts)
    ratings: list[RaterInput] = Field(default_factory=list)
    self_assessment: SelfAssessmentInput | None = None


class AssessmentError(ValueError):
    """The input cannot be evaluated. ``problems`` are ``(field, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{field}: {message}" for field, message in problems))


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(input)"


def parse_assessment(data: Any, catalogue: Catalogue) -> tuple[Assessment, ResolvedRole]:
    """Validate raw data (e.g. parsed JSON) into an assessment for a known role."""
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as exc:
        problems = [
            (_field(tuple(e["loc"])), e["msg"].removeprefix("Value error, ")) for e in exc.errors()
        ]
        raise AssessmentError(problems) from None
    role = catalogue.roles.get(assessment.role)
    if role is None:
        known = ", ".join(sorted(catalogue.roles))
        raise AssessmentError([("role", f"unknown role '{assessment.role}' (known: {known})")])
    check_against_role(assessment, role)
    return assessment, role


def check_against_role(assessment: Assessment, role: ResolvedRole) -> None:
    """Scores must name competencies of the role's library and lie on their scale."""
    library = role.library
    definitions = {c.key: c for c in library.competencies}
    flags = {f.key for f in library.red_flags}
    problems: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for index, rating in enumerate(assessment.ratings):
        where = f"ratings[{index}]"
        if (rating.rater, rating.kind) in seen:
            problems.append((f"{where}.rater", f"rater '{rating.rater}' appears twice"))
        seen.add((rating.rater, rating.kind))
        for key, score in rating.scores.items():
            definition = definitions.get(key)
            if definition is None:
                problems.append((f"{where}.scores.{key}", f"unknown competency '{key}'"))
                continue
            scale = definition.scale or library.scale
            if score is not None and not scale.min <= score <= scale.max:
                problems.append(
                    (
                        f"{where}.scores.{key}",
                        f"score {score} is outside the scale {scale.min}-{scale.max}",
                    )
                )
        for position, flag in enumerate(rating.red_flags):
            if flag not in flags:
                problems.append((f"{where}.red_flags[{position}]", f"unknown red flag '{flag}'"))
    if assessment.self_assessment is not None:
        try:
            check_answers(build_questionnaire(role, seed=0), self_answers(assessment))
        except AnswerError as error:
            problems += [
                (f"self_assessment.answers.{item}", message) for item, message in error.problems
            ]
    if problems:
        raise AssessmentError(problems)


def self_answers(assessment: Assessment) -> dict[str, Answer]:
    """The self-assessment's answers as :mod:`hiring.domain.self_assessment` takes them."""
    if assessment.self_assessment is None:
        return {}
    return {
        item: Choice(answer.most, answer.least) if isinstance(answer, SituationAnswer) else answer
        for item, answer in assessment.self_assessment.answers.items()
    }


def education_rank(level: str) -> int:
    return EDUCATION_LEVELS.index(level)


def scores_by_competency(
    assessment: Assessment, kinds: frozenset[str] = ASSESSOR_KINDS
) -> Mapping[str, list[tuple[str, int | None]]]:
    """Per competency, every ``(rater, score)`` of the raters of the given kinds, in input
    order; ``None`` scores (not assessed) are kept so that they can be shown as such."""
    out: dict[str, list[tuple[str, int | None]]] = {}
    for rating in assessment.ratings:
        if rating.kind in kinds:
            for key, score in rating.scores.items():
                out.setdefault(key, []).append((rating.rater, score))
    return out
