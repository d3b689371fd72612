"""A manager's team beyond the list: a representative's KAM assessments, the team's
development plan and the 9-box.

An assessment is a candidate row outside any opening (``purpose = "assessment"``) with one
interview of kind ``manager_assessment`` on which the person's manager and the independent
raters each have a scorecard.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlalchemy.sql.elements import ColumnElement

from hiring.domain.catalogue import Catalogue
from hiring.domain.nine_box import BOX_ADVICE, Box, Thresholds
from hiring.domain.team_development import Member, TeamGap, team_gaps
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import Candidate, FieldPeriod, Person, StoredEvaluation, User
from hiring.models.base import utcnow
from hiring.models.people import standing_key
from hiring.services import ServiceError
from hiring.services.evaluations import KAM_ROLE
from hiring.services.interviews import schedule_interview
from hiring.services.policy import visible_people
from hiring.services.recruiting import candidate_record
from hiring.services.talent_pool import (
    EXPORT_BATCH,
    hidden_people,
    in_box,
    nine_box_thresholds,
    placed,
)

# --- a person's page ------------------------------------------------------------------------


def newest_period(person: Person) -> FieldPeriod | None:
    if not person.periods:
        return None
    return max(person.periods, key=lambda p: (p.ends_year, p.ends_month, p.period))


def assessments_of(person: Person) -> list[Candidate]:
    """The person's assessments, newest first."""
    query = (
        db.select(Candidate)
        .where(Candidate.person_id == person.id, Candidate.purpose == "assessment")
        .order_by(Candidate.id.desc())
    )
    return list(db.session.execute(query).scalars())


def rater_choices(person: Person) -> list[User]:
    """Who may rate the person independently: active users other than their manager."""
    query = db.select(User).where(User.active.is_(True), User.role != "admin").order_by(User.name)
    if person.manager_id is not None:
        query = query.where(User.id != person.manager_id)
    return list(db.session.execute(query).scalars())


def start_assessment(
    person: Person,
    *,
    raters: Sequence[int],
    by: User,
    catalogue: Catalogue,
    when: datetime | None = None,
) -> Candidate:
    """Open a KAM assessment of the representative: their manager and each of ``raters``
    score them on the KAM profile's scorecard, independently. The facts the KAM level reads
    (sales experience, long-term clients, repeat transactions, growth) are the person's and
    their newest period's, kept with the assessment."""
    if person.employee_id is None:
        raise ServiceError(_l("Only a team's representatives are assessed here."))
    independent = [r for r in dict.fromkeys(raters) if r != person.manager_id]
    ids = ([person.manager_id] if person.manager_id is not None else []) + independent
    if not ids:
        raise ServiceError(_l("Choose at least one rater."), "raters")
    newest = newest_period(person)
    record = candidate_record(
        {
            "name": person.name,
            "email": person.email,
            "education": person.education,
            "sales_experience_years": person.sales_experience_years,
            "languages": person.languages,
            "long_term_clients": newest.long_term_clients if newest else None,
            "repeat_transactions": newest.repeat_transactions if newest else None,
            "sales_growth_pct": newest.sales_growth_pct if newest else None,
            "source": "internal",
        }
    )
    candidate = Candidate(
        **record.row(),
        person=person,
        purpose="assessment",
        own_manager_id=person.manager_id,
    )
    db.session.add(candidate)
    db.session.flush()
    schedule_interview(
        candidate,
        scheduled_at=when or utcnow(),
        kind="manager_assessment",
        interviewer_ids=ids,
        competencies=None,
        by=by,
        catalogue=catalogue,
        role_key=KAM_ROLE,
    )
    return candidate


# --- the team's development plan ------------------------------------------------------------


def team_development(
    viewer: User, catalogue: Catalogue, team: str | None = None
) -> tuple[list[TeamGap], int]:
    """The KAM profile's gaps across the viewer's people, from the panel values stored with
    each person's newest assessment, and how many people were read: fetched in batches of
    ``EXPORT_BATCH`` and tallied as they come (linear in the team, constant in memory)."""
    role = catalogue.roles.get(KAM_ROLE)
    if role is None:
        return [], 0
    scored = db.aliased(StoredEvaluation)
    newest = (  # the newest assessment someone has submitted on, as the standing reads it
        db.select(func.max(Candidate.id))
        .join(scored, scored.candidate_id == Candidate.id)
        .where(
            Candidate.person_id == Person.id,
            Candidate.purpose == "assessment",
            scored.assessors > 0,
        )
        .correlate(Person)
        .scalar_subquery()
    )
    query = visible_people(
        viewer, db.select(Person.id, Person.name, StoredEvaluation.panel_values)
    ).join(StoredEvaluation, StoredEvaluation.candidate_id == newest)
    query = query.where(StoredEvaluation.role_key == KAM_ROLE, StoredEvaluation.assessors > 0)
    hidden = hidden_people(viewer)
    if hidden:  # their panel values wait for the viewer's own scorecard
        query = query.where(Person.id.not_in(hidden))
    if team is not None:
        query = query.where(Person.team == team)
    read = 0

    def members() -> Iterator[Member]:
        nonlocal read
        rows = db.session.execute(query.execution_options(yield_per=EXPORT_BATCH))
        for person_id, name, values in rows:
            read += 1
            yield Member(person_id, name, values or {})

    gaps = team_gaps(role, members())
    return gaps, read


# --- the 9-box ----


@dataclass(frozen=True)
class NineBoxCell:
    box: Box
    count: int
    people: list[Person]
    """The best by KAM score, at most :data:`NINE_BOX_NAMES` of them."""

    @property
    def advice(self) -> str:
        return BOX_ADVICE[(self.box.performance, self.box.fit)]


@dataclass(frozen=True)
class NineBox:
    cells: dict[tuple[int, int], NineBoxCell]
    """By (performance band, fit band)."""
    not_placed: int
    thresholds: Thresholds


NINE_BOX_NAMES = 6
"""Names shown in a cell; the cell links to the pool filtered to it for the rest."""


def _band_of(column: Any, limits: tuple[float, float]) -> ColumnElement[int]:
    low, high = limits
    return case((column < low, 0), (column < high, 1), else_=2)


def nine_box(viewer: User, team: str | None = None) -> NineBox:
    """The viewer's people (of one ``team``, when given) in the 9-box: every cell's count (one
    grouped query) and each cell's best few (one small query per cell)."""
    thresholds = nine_box_thresholds()
    hidden = hidden_people(viewer)
    where = [*placed(), Person.id.not_in(hidden)] if hidden else placed()
    if team is not None:
        where.append(Person.team == team)
    performance_band = _band_of(Person.performance, thresholds.performance)
    fit_band = _band_of(Person.kam_fit, thresholds.fit)
    grouped = (
        visible_people(viewer, db.select(performance_band, fit_band, db.func.count(Person.id)))
        .where(*where)
        .group_by(performance_band, fit_band)
    )
    counts = {(int(p), int(f)): int(n) for p, f, n in db.session.execute(grouped)}
    cells = {}
    for performance in range(3):
        for fit in range(3):
            box = Box(performance, fit)
            count = counts.get((performance, fit), 0)
            names = (
                visible_people(viewer, db.select(Person))
                .where(*in_box(box, thresholds), *where)
                .order_by(standing_key("kam_score").desc(), Person.id)
                .limit(NINE_BOX_NAMES)
            )
            people = list(db.session.execute(names).scalars())
            cells[(performance, fit)] = NineBoxCell(box, count, people)
    everyone = visible_people(viewer, db.select(db.func.count(Person.id)))
    if team is not None:
        everyone = everyone.where(Person.team == team)
    total = int(db.session.execute(everyone).scalar_one())
    return NineBox(cells, total - sum(counts.values()), thresholds)
