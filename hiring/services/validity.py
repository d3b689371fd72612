"""Quality of hire: the hiring panel's figures for the people who were hired, beside their
later results in the field (:mod:`hiring.domain.validity` computes; this module reads).

A hire is a candidacy for an opening whose status is ``hired``; its hiring day is the day of
its newest ``hire`` decision. Its predictors are its stored evaluation: fit, KAM level, and
each competency's panel value as a share of its scale ((value - minimum) / (maximum -
minimum)), so that ratings made under different rubric versions compare. Its outcomes come
from the same person's field periods, leaving day and later manager assessments.

Hires are read in batches, oldest first, and every figure is accumulated as they pass
(:class:`hiring.domain.validity.Comoments`): memory stays constant however many hires there
are, and the queries grow with the batches, not with the people. Aggregates are computed for
everyone; the people behind them are listed only to those the policy lets see them
(:func:`hiring.services.policy.visible_hires`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, exists, func, select

from hiring.domain.catalogue import Catalogue
from hiring.domain.validity import (
    MIN_PEOPLE,
    OUTCOMES,
    Correlation,
    HireFacts,
    PeriodFigures,
    Table,
    outcomes,
)
from hiring.extensions import db
from hiring.i18n import in_language
from hiring.labels import PREDICTOR_LABELS
from hiring.models import (
    Candidate,
    Decision,
    EmploymentEnd,
    FieldPeriod,
    Interview,
    Person,
    RubricSnapshot,
    Scorecard,
    ScorecardRevision,
    StoredEvaluation,
    User,
)
from hiring.services.policy import visible_hires
from hiring.services.results import competency_scales, load_interviews, role_of_snapshot

BATCH = 500
"""Hires read per round."""
PAGE_SIZE = 50
Raters = Literal["all"] | int | None
MONTHS = (6, 12, 24)
"""The windows a user may choose, in months after the hire."""
OVERALL = ("fit", "kam_level")
"""The predictors before the competencies: the result's fit and KAM level."""


def hired_at() -> Any:
    """The moment of each candidacy's newest ``hire`` decision: a correlated subquery, read
    per hire through the decisions' index on their candidate."""
    return (
        select(func.max(Decision.created_at))
        .where(Decision.candidate_id == Candidate.id, Decision.decision == "hire")
        .correlate(Candidate)
        .scalar_subquery()
    )


def _hires_query() -> Select[Any]:
    hired = hired_at()
    return (
        select(
            Candidate.id,
            Candidate.name,
            Candidate.person_id,
            hired.label("hired_at"),
            Person.employee_id,
            Person.manager_id,
            StoredEvaluation.fit,
            StoredEvaluation.kam_level,
            StoredEvaluation.panel_values,
            StoredEvaluation.snapshot_id,
        )
        .join(Person, Person.id == Candidate.person_id)
        .join(StoredEvaluation, StoredEvaluation.candidate_id == Candidate.id)
        .where(Candidate.status == "hired", Candidate.purpose == "application", hired.is_not(None))
    )


@dataclass(frozen=True)
class Hire:
    candidate_id: int
    name: str
    person_id: int
    hired_on: date
    employee: bool
    predictors: dict[str, float]
    """Predictor to value: fit, kam_level and competency keys (shares of the scale)."""
    rubric: str | None


class _Snapshots:
    """Rubric snapshots by id, read once each, with their competency scales."""

    def __init__(self) -> None:
        self.scales: dict[int, dict[str, tuple[int, int]]] = {}
        self.labels: dict[int, str] = {}

    def load(self, ids: set[int]) -> None:
        missing = ids - set(self.scales)
        if not missing:
            return
        for snapshot in db.session.scalars(
            select(RubricSnapshot).where(RubricSnapshot.id.in_(missing))
        ):
            self.scales[snapshot.id] = competency_scales(role_of_snapshot(snapshot))
            self.labels[snapshot.id] = f"{snapshot.role_key} {snapshot.role_version}"


def _share(value: float, scale: tuple[int, int]) -> float:
    low, high = scale
    return (value - low) / (high - low) if high > low else 0.0


def _hire(row: Any, snapshots: _Snapshots) -> Hire:
    predictors: dict[str, float] = {}
    if row.fit is not None:
        predictors["fit"] = row.fit
    if row.kam_level is not None:
        predictors["kam_level"] = float(row.kam_level)
    scales = snapshots.scales.get(row.snapshot_id or 0, {})
    for key, value in (row.panel_values or {}).items():
        if value is not None and key in scales:
            predictors[key] = _share(float(value), scales[key])
    return Hire(
        candidate_id=row.id,
        name=row.name,
        person_id=row.person_id,
        hired_on=row.hired_at.date(),
        employee=row.employee_id is not None,
        predictors=predictors,
        rubric=snapshots.labels.get(row.snapshot_id or 0),
    )


def _scored() -> Any:
    """The interview has a submitted scorecard."""
    return exists(
        select(Scorecard.id)
        .join(ScorecardRevision, ScorecardRevision.scorecard_id == Scorecard.id)
        .where(Scorecard.interview_id == Interview.id, ScorecardRevision.status == "submitted")
    )


def _facts(hires: Sequence[Hire]) -> dict[int, HireFacts]:
    """Each hire's later facts, in three queries for the batch: field periods, leaving days
    and the manager's assessments of the same people (their stored fit, on the day of the
    assessment's first scored interview)."""
    people = list({h.person_id for h in hires})
    periods: dict[int, list[PeriodFigures]] = {}
    for period in db.session.scalars(select(FieldPeriod).where(FieldPeriod.person_id.in_(people))):
        periods.setdefault(period.person_id, []).append(
            PeriodFigures(
                period.period,
                period.sales_vs_plan_pct,
                period.sales_growth_pct,
                period.vip_kol_known,
                period.vip_kol_total,
            )
        )
    left = dict(
        db.session.execute(
            select(EmploymentEnd.person_id, EmploymentEnd.left_on).where(
                EmploymentEnd.person_id.in_(people)
            )
        ).all()
    )
    ratings: dict[int, list[tuple[date, float]]] = {}
    for person_id, began, fit in db.session.execute(
        select(Candidate.person_id, func.min(Interview.scheduled_at), StoredEvaluation.fit)
        .join(StoredEvaluation, StoredEvaluation.candidate_id == Candidate.id)
        .join(Interview, Interview.candidate_id == Candidate.id)
        .where(
            Candidate.person_id.in_(people),
            Candidate.purpose == "assessment",
            StoredEvaluation.fit.is_not(None),
            _scored(),  # a cancelled or unscored interview dates nothing
        )
        .group_by(Candidate.id, Candidate.person_id, StoredEvaluation.fit)
    ):
        if fit is not None:  # the query asks for known fits; the type cannot say so
            ratings.setdefault(person_id, []).append((began.date(), fit))
    return {
        h.candidate_id: HireFacts(
            hired_on=h.hired_on,
            employee=h.employee,
            periods=periods.get(h.person_id, ()),
            left_on=left.get(h.person_id),
            ratings=ratings.get(h.person_id, ()),
        )
        for h in hires
    }


def _batches(query: Select[Any]) -> Iterator[list[Hire]]:
    """The hires of ``query`` in batches of :data:`BATCH`, by candidate number (keyset
    paging: every round reads an index from where the last stopped)."""
    snapshots = _Snapshots()
    after = 0
    while True:
        rows = db.session.execute(
            query.where(Candidate.id > after).order_by(Candidate.id).limit(BATCH)
        ).all()
        if not rows:
            return
        snapshots.load({r.snapshot_id for r in rows if r.snapshot_id})
        yield [_hire(row, snapshots) for row in rows]
        after = rows[-1].id


def _rater_values(
    candidate_ids: Sequence[int], only: int | None = None
) -> dict[int, dict[int, float]]:
    """Per hire, each interviewer's own overall value (only ``only``'s, when given): the mean
    of all their submitted ratings of that person, each as a share of its scale (the rubric of
    its interview), over every interview they sat on."""
    sums: dict[tuple[int, int], list[float]] = {}
    scales_of: dict[int, dict[str, tuple[int, int]]] = {}
    for candidate_id, interviews in load_interviews(candidate_ids).items():
        for interview in interviews:
            snapshot = interview.snapshot
            if snapshot.id not in scales_of:
                scales_of[snapshot.id] = competency_scales(role_of_snapshot(snapshot))
            scales = scales_of[snapshot.id]
            for card in interview.scorecards:
                revision = card.submitted
                if revision is None or (only is not None and card.interviewer_id != only):
                    continue
                shares = sums.setdefault((candidate_id, card.interviewer_id), [])
                shares.extend(
                    _share(r.score, scales[r.competency_key])
                    for r in revision.ratings
                    if r.score is not None and r.competency_key in scales
                )
    found: dict[int, dict[int, float]] = {}
    for (candidate_id, rater_id), shares in sums.items():
        if shares:
            found.setdefault(candidate_id, {})[rater_id] = sum(shares) / len(shares)
    return found


@dataclass
class Validity:
    """The figures of one outcome over one window, as of one day."""

    outcome: str
    months: int
    as_of: date
    hires: int = 0
    """Hired candidacies with a stored result."""
    with_outcome: int = 0
    """... of which the outcome is known."""
    predictors: list[str] = field(default_factory=list)
    """In order: :data:`OVERALL`, then the competencies, the strongest correlation (either
    sign) first, those without a figure last."""
    figures: dict[str, Correlation] = field(default_factory=dict)
    interviewers: list[tuple[int, str, Correlation]] = field(default_factory=list)
    """(user id, name, figure), by name: each interviewer's overall value of the people they
    scored who were hired, against the outcome."""
    rubrics: dict[str, int] = field(default_factory=dict)
    """Rubric version to the number of hires scored under it."""
    minimum: int = MIN_PEOPLE

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "months": self.months,
            "as_of": self.as_of.isoformat(),
            "minimum": self.minimum,
            "hires": self.hires,
            "with_outcome": self.with_outcome,
            "rubrics": self.rubrics,
            "predictors": [
                {"predictor": key, **self.figures[key].as_dict()} for key in self.predictors
            ],
            "interviewers": [
                {"interviewer": name, **figure.as_dict()} for _, name, figure in self.interviewers
            ],
        }


def predictor_names(catalogue: Catalogue, lang: str) -> dict[str, str]:
    """Predictor key to its words in ``lang``: the result's overall figures, then every
    competency of the catalogue by the rubric's name (the page's and the command's)."""
    with in_language(lang):
        names = {key: str(label) for key, label in PREDICTOR_LABELS.items()}
    for library in catalogue.libraries.values():
        for competency in library.competencies:
            names.setdefault(competency.key, competency.name.get(lang))
    return names


def check_choice(outcome: str, months: int) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"not an outcome: {outcome!r} (one of {', '.join(OUTCOMES)})")
    if months not in MONTHS:
        raise ValueError(f"months: one of {', '.join(map(str, MONTHS))}")


def validity(
    outcome: str,
    months: int,
    today: date,
    *,
    raters: Raters = "all",
    minimum: int = MIN_PEOPLE,
) -> Validity:
    """Every figure of ``outcome`` over ``months`` after each hire, as of ``today``.
    ``raters``: every interviewer's own figure as well (``"all"``), none (``None``), or one
    interviewer's (their id: only the hires they scored are read, and no predictor figure is
    made). The caller asks the policy whose figures the viewer may have."""
    check_choice(outcome, months)
    report = Validity(outcome, months, today, minimum=minimum)
    table, rater_table = Table(), Table()
    rubrics: Counter[str] = Counter()
    one = raters if isinstance(raters, int) and not isinstance(raters, bool) else None
    query = _hires_query() if one is None else _hires_query().where(_scored_by(one))
    for batch in _batches(query):
        facts = _facts(batch)
        known: dict[int, float] = {}
        for hire in batch:
            report.hires += 1
            if hire.rubric:
                rubrics[hire.rubric] += 1
            value = outcomes(facts[hire.candidate_id], months, today)[outcome]
            if value is None:
                continue
            known[hire.candidate_id] = value
            report.with_outcome += 1
            if one is None:
                for predictor, x in hire.predictors.items():
                    table.add(predictor, x, value)
        if raters is not None and known:
            for candidate_id, values in _rater_values(list(known), one).items():
                for rater_id, x in values.items():
                    rater_table.add(str(rater_id), x, known[candidate_id])
    report.figures = {key: table.figure(key, minimum) for key in table.moments}

    def strongest(key: str) -> tuple[bool, float, str]:
        r = report.figures[key].r
        return (r is None, -abs(r or 0.0), key)

    competencies = sorted((key for key in table.moments if key not in OVERALL), key=strongest)
    report.predictors = [key for key in OVERALL if key in table.moments] + competencies
    names = dict(
        db.session.execute(
            select(User.id, User.name).where(User.id.in_([int(k) for k in rater_table.moments]))
        ).all()
    )
    report.interviewers = sorted(
        (
            (int(key), names.get(int(key), "?"), rater_table.figure(key, minimum))
            for key in rater_table.moments
        ),
        key=lambda entry: entry[1],
    )
    report.rubrics = dict(sorted(rubrics.items()))
    return report


# --- the people behind the figures ----------------------------------------------------------


@dataclass(frozen=True)
class HireRow:
    hire: Hire
    outcome: float | None
    rater_value: float | None = None


@dataclass
class HirePage:
    rows: list[HireRow]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def _scored_by(interviewer_id: int) -> Any:
    return exists(
        select(Scorecard.id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(ScorecardRevision, ScorecardRevision.scorecard_id == Scorecard.id)
        .where(
            Interview.candidate_id == Candidate.id,
            Scorecard.interviewer_id == interviewer_id,
            ScorecardRevision.status == "submitted",
        )
    )


def hires_page(
    viewer: User,
    outcome: str,
    months: int,
    today: date,
    *,
    page: int = 1,
    interviewer_id: int | None = None,
    size: int = PAGE_SIZE,
) -> HirePage:
    """One page of the hires behind the figures that ``viewer`` may see, newest hire first,
    with their predictors and the outcome; counted and paged in SQL, and only the page's
    people's facts read. ``interviewer_id``: only the hires that interviewer scored, with
    their own value of each."""
    check_choice(outcome, months)
    query = visible_hires(viewer, _hires_query())
    if interviewer_id is not None:
        query = query.where(_scored_by(interviewer_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    hire = query.selected_columns.hired_at
    rows = db.session.execute(
        query.order_by(hire.desc(), Candidate.id.desc()).limit(size).offset((page - 1) * size)
    ).all()
    snapshots = _Snapshots()
    snapshots.load({r.snapshot_id for r in rows if r.snapshot_id})
    hires = [_hire(row, snapshots) for row in rows]
    facts = _facts(hires)
    own = (
        _rater_values([h.candidate_id for h in hires], interviewer_id)
        if interviewer_id is not None
        else {}
    )
    return HirePage(
        rows=[
            HireRow(
                h,
                outcomes(facts[h.candidate_id], months, today)[outcome],
                own.get(h.candidate_id, {}).get(interviewer_id or 0),
            )
            for h in hires
        ],
        total=total,
        page=page,
        size=size,
    )
