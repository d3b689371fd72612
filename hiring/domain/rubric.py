"""The rubric format: the competency library and role profiles, as pydantic models.

These models are the contract between the YAML files under ``rubrics/`` (edited by HR people and
sales leaders) and the engine. Every model forbids unknown keys, so a misspelt key is an error
with a line number rather than a silently ignored setting. Cross-references (a role naming a
competency, a target outside the scale) are checked in :mod:`hiring.domain.catalogue`, where the
whole set of files is known.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A stable identifier: lower case letters, digits and underscores, starting with a letter."""

SourceRef = Annotated[str, StringConstraints(pattern=r"^s[1-7]\.[a-z0-9_]+$", max_length=64)]
"""An item of the source document, e.g. ``s1.charisma`` (sections of the seed's DIGEST.md)."""

LANGUAGES: tuple[str, ...] = ("en", "fi")

EDUCATION_LEVELS: tuple[str, ...] = ("none", "secondary", "vocational", "higher", "postgraduate")
"""Ordered from least to most; a requirement of ``higher`` is met by ``higher`` or above."""

CANDIDATE_FIELDS: tuple[str, ...] = (
    "sales_experience_years",
    "kam_experience_years",
    "evidence.long_term_clients",
    "evidence.repeat_transactions",
    "evidence.sales_growth_pct",
)
"""Numeric facts about a candidate that level rules and requirements may test."""

CandidateField = Literal[
    "sales_experience_years",
    "kam_experience_years",
    "evidence.long_term_clients",
    "evidence.repeat_transactions",
    "evidence.sales_growth_pct",
]


class Strict(BaseModel):
    # allow_inf_nan: YAML's .nan and .inf are numbers to pydantic; a weight of .nan made fit NaN
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class Text(Strict):
    """A text in every supported language. Both are required: the product is bilingual."""

    en: Annotated[str, StringConstraints(min_length=1)]
    fi: Annotated[str, StringConstraints(min_length=1)]

    def get(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en


class Statement(Text):
    """A self-assessment statement the person rates their agreement with. ``reverse`` marks one
    where agreeing means *less* of the competency ("I prefer to leave the paperwork of a deal
    to others"); its answer is turned round (1 becomes 5) before it is scored."""

    reverse: bool = False


class SituationOption(Strict):
    """One way to act in a situation, keyed by the rubric's authors."""

    key: Key
    text: Text
    competency: Key
    """The competency this way of acting shows, or fails to show."""
    effectiveness: int
    """How well it serves the situation, on the library's scale (1 harmful ... 5 the best)."""


class Situation(Strict):
    """A situational judgement item: a scenario from the source and four ways to act. The
    person picks the one they would most likely do and the one they would least likely do."""

    key: Key
    scenario: Text
    options: list[SituationOption] = Field(min_length=4, max_length=4)
    covers: list[SourceRef] = Field(min_length=1)


class Scale(Strict):
    """A rating scale: whole points from ``min`` to ``max``, each labelled."""

    min: int = 1
    max: int = 5
    labels: dict[int, Text]

    @model_validator(mode="after")
    def _points_labelled(self) -> Scale:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        if self.max - self.min > 10:
            raise ValueError("a scale may have at most 11 points")
        missing = [p for p in self.points if p not in self.labels]
        extra = [p for p in self.labels if p not in self.points]
        if missing or extra:
            raise ValueError(
                f"labels must name every point {self.min}..{self.max} exactly once"
                + (f"; missing {missing}" if missing else "")
                + (f"; outside the scale {extra}" if extra else "")
            )
        return self

    @property
    def points(self) -> range:
        return range(self.min, self.max + 1)

    @property
    def span(self) -> int:
        return self.max - self.min


class Cluster(Strict):
    key: Key
    name: Text
    description: Text


class Competency(Strict):
    """One competency with everything an interviewer, a candidate and a report need."""

    key: Key
    cluster: Key
    name: Text
    description: Text
    trainable: bool
    development: Text
    """For a trainable competency: a concrete way to develop it. For one that is not trainable:
    why it is a selection risk and what to weigh. Printed in profiles, so it speaks of the
    candidate and the role only, never of the source document."""
    source_note: Text | None = None
    """What the source document says behind the development text (its stories, its market):
    shown on the rubric catalogue's pages, never in a candidate's documents."""
    scale: Scale | None = None
    """Overrides the library's default scale for this competency."""
    anchors: dict[int, Text]
    """Behavioural anchors: what a person at each point of the scale does."""
    questions: list[Text] = Field(min_length=1)
    probes: list[Text] = Field(default_factory=list)
    self_statements: list[Statement] = Field(min_length=1)
    evidence: list[Text] = Field(min_length=1)
    covers: list[SourceRef] = Field(min_length=1)
    """The items of the source document this competency represents (see rubrics/README.md)."""


class RedFlag(Strict):
    """One of the classic mistakes with key accounts, observable in an interview or role play."""

    key: Key
    name: Text
    description: Text
    observe: Text
    covers: list[SourceRef] = Field(min_length=1)


class CompetencyLibrary(Strict):
    kind: Literal["competency_library"]
    key: Key
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    scale: Scale
    clusters: list[Cluster] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(default_factory=list)
    situations: list[Situation] = Field(default_factory=list)
    """Situational judgement items of the self-assessment."""


class RoleCompetency(Strict):
    key: Key
    target: int
    weight: float
    floor: int | None = None
    """A must-have minimum. Not meeting it is shown prominently; it never rejects anyone."""


class Requirement(Strict):
    """A formal requirement of the job description, checked against the candidate's facts.

    ``kind`` decides which other field is used:
    - ``education``: ``education`` is the minimum level (see EDUCATION_LEVELS);
    - ``minimum``: ``field`` (a candidate fact) must be at least ``min``;
    - ``language``: the candidate speaks at least one of ``languages``;
    - ``competency``: the panel's aggregate for ``competency`` is at least ``min``.
    ``needed: false`` marks a requirement that applies only where the opening needs it
    ("a foreign language, if needed"); it is reported but does not count as unmet.
    """

    id: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    kind: Literal["education", "minimum", "language", "competency"]
    text: Text
    needed: bool = True
    education: str | None = None
    field: CandidateField | None = None
    min: float | None = None
    languages: list[Annotated[str, StringConstraints(min_length=2, max_length=8)]] | None = None
    competency: Key | None = None
    covers: list[SourceRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Requirement:
        wanted = {
            "education": {"education"},
            "minimum": {"field", "min"},
            "language": {"languages"},
            "competency": {"competency", "min"},
        }[self.kind]
        optional = {"education", "field", "min", "languages", "competency"}
        given = {name for name in optional if getattr(self, name) is not None}
        if missing := sorted(wanted - given):
            raise ValueError(f"a requirement of kind '{self.kind}' needs {', '.join(missing)}")
        if extra := sorted(given - wanted):
            raise ValueError(f"a requirement of kind '{self.kind}' takes no {', '.join(extra)}")
        if self.education is not None and self.education not in EDUCATION_LEVELS:
            raise ValueError(
                f"education '{self.education}' is not one of {', '.join(EDUCATION_LEVELS)}"
            )
        return self


class Clause(Strict):
    """A numbered clause of the job description kept as text (general provisions, rights,
    responsibility)."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    text: Text


class Duty(Strict):
    id: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    text: Text
    competencies: list[Key] = Field(min_length=1)


class LevelCriterion(Strict):
    """One condition for a KAM experience level: a candidate fact or a competency rating."""

    id: Key
    text: Text
    field: CandidateField | None = None
    competency: Key | None = None
    min: float

    @model_validator(mode="after")
    def _one_subject(self) -> LevelCriterion:
        if (self.field is None) == (self.competency is None):
            raise ValueError("a level criterion needs exactly one of 'field' or 'competency'")
        return self


class Pay(Strict):
    """Pay at a level. ``basis`` says whose figures they are: ``source`` figures are the source
    document's market context (its city, currency and time), shown as context and never as pay
    advice; ``organisation`` figures are the organisation's own band, which needs a currency and
    a period. The source gives no period for its figures, so none is invented for them."""

    basis: Literal["source", "organisation"]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    """ISO 4217 code, e.g. EUR; required when there is a figure."""
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    period: Literal["month", "year"] | None = None
    note: Text

    @model_validator(mode="after")
    def _figures(self) -> Pay:
        has_figure = self.min is not None or self.max is not None
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"pay min {self.min:g} is above max {self.max:g}")
        if has_figure and self.currency is None:
            raise ValueError("a pay figure needs a currency (an ISO 4217 code such as EUR)")
        if self.basis == "organisation" and has_figure and self.period is None:
            raise ValueError("an organisation's pay band needs a period: month or year")
        return self


class Level(Strict):
    level: int = Field(ge=1, le=9)
    name: Text
    description: Text
    criteria: list[LevelCriterion] = Field(min_length=1)
    pay: Pay | None = None
    covers: list[SourceRef] = Field(default_factory=list)


class Commission(Strict):
    min_pct: float = Field(ge=0, le=100)
    max_pct: float = Field(ge=0, le=100)
    note: Text


class Levels(Strict):
    """Experience levels. A person is at the highest level whose criteria, and those of every
    level below it, are all met; level 0 means "not yet"."""

    not_yet: Text
    levels: list[Level] = Field(min_length=1)
    commission: Commission | None = None


class Omission(Strict):
    """A competency of the library that a role profile leaves out on purpose, and why: shown on
    the role's page, so that a reader knows the omission is a decision and not an oversight."""

    competency: Key
    reason: Text


class RoleProfile(Strict):
    kind: Literal["role_profile"]
    key: Key
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    library: Key
    name: Text
    description: Text
    aggregation: Literal["mean", "median"] = "mean"
    """How the panel's ratings of one competency become the number used for fit."""
    competencies: list[RoleCompetency] = Field(min_length=1)
    red_flags: list[Key] | None = None
    """The red flags an interviewer checks for this role; default: every one in the library."""
    requirements: list[Requirement] = Field(default_factory=list)
    general_provisions: list[Clause] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)
    rights: list[Clause] = Field(default_factory=list)
    responsibilities: list[Clause] = Field(default_factory=list)
    levels: Levels | None = None
    omits: list[Omission] = Field(default_factory=list)
    """Library competencies this profile deliberately does not score, each with its reason."""
