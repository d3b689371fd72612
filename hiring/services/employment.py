"""A hire's life as an employee: linking a hired candidacy's person to an employee record in a
team, and recording the day an employee left. Both feed the quality-of-hire figures
(:mod:`hiring.services.validity`): field results arrive with the team's imports, and retention
counts from the leaving day."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select

from hiring.domain.employees import EmployeeRecord
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import Candidate, Decision, EmploymentEnd, Person, User
from hiring.models.base import utcnow
from hiring.services import ServiceError, audit
from hiring.services.people import apply_employee
from hiring.services.policy import can

EARLIEST = date(1950, 1, 1)


def employee_record(data: dict[str, Any]) -> EmployeeRecord:
    """The team import's input model, for a record typed on a page; a problem is a
    :class:`ServiceError` naming its field."""
    try:
        return EmployeeRecord.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        field = str(problem["loc"][0]) if problem["loc"] else None
        raise ServiceError(f"{field}: {problem['msg']}", field) from None


def link_employee(candidate: Candidate, record: EmployeeRecord, manager: User, by: User) -> Person:
    """Make the hired ``candidate``'s person an employee in ``manager``'s team with the
    details of ``record``. Refused for a candidacy that is not hired, a person who already is
    an employee, an employee id someone else has, and a manager who manages no team."""
    if candidate.status != "hired":
        raise ServiceError(_l("Only a hired candidate becomes an employee."))
    person = candidate.person
    if person.employee_id is not None:
        raise ServiceError(_l("This person already has an employee record."))
    taken = db.session.scalar(
        select(func.count())
        .select_from(Person)
        .where(Person.employee_id == record.employee_id, Person.id != person.id)
    )
    if taken:
        raise ServiceError(
            _l("Employee id %(id)s is someone else's.", id=record.employee_id), "employee_id"
        )
    if not can(manager, "team.manage"):
        raise ServiceError(_l("Choose a manager or an administrator."), "manager_id")
    apply_employee(person, record, manager)
    db.session.flush()
    audit.record(
        "employee_linked",
        user=by,
        subject="person",
        subject_id=person.id,
        candidate_id=candidate.id,
        opening_id=candidate.opening_id,
    )
    return person


def team_managers() -> list[User]:
    """The people who may have a team: active managers and administrators, by name."""
    query = (
        select(User)
        .where(User.active.is_(True), User.role.in_(("manager", "admin")))
        .order_by(User.name)
    )
    return list(db.session.scalars(query))


def newest_hire(person: Person) -> date | None:
    """The day of the newest ``hire`` decision about any of the person's candidacies."""
    moment = db.session.scalar(
        select(func.max(Decision.created_at))
        .join(Candidate, Candidate.id == Decision.candidate_id)
        .where(Candidate.person_id == person.id, Decision.decision == "hire")
    )
    return moment.date() if moment is not None else None


def leaving_of(person: Person) -> EmploymentEnd | None:
    return db.session.get(EmploymentEnd, person.id)


def record_leaving(person: Person, left_on: date | None, by: User, *, today: date) -> None:
    """Record (or correct) the day ``person`` left; ``None`` clears a day recorded by
    mistake. A day in the future or before 1950 is refused."""
    if person.employee_id is None:
        raise ServiceError(_l("Only an employee's leaving is recorded."))
    if left_on is not None and not EARLIEST <= left_on <= today:
        raise ServiceError(_l("Give a day from 1950 to today."), "left_on")
    hired = newest_hire(person)
    if left_on is not None and hired is not None and left_on < hired:
        raise ServiceError(
            _l("They were hired on %(day)s: give a later day.", day=hired.isoformat()),
            "left_on",
        )
    existing = leaving_of(person)
    if left_on is None:
        if existing is None:
            raise ServiceError(_l("No leaving day is recorded."))
        db.session.delete(existing)
    elif existing is None:
        db.session.add(EmploymentEnd(person_id=person.id, left_on=left_on, recorded_by_id=by.id))
    else:
        existing.left_on, existing.recorded_by_id = left_on, by.id
        existing.recorded_at = utcnow()
    db.session.flush()
    audit.record(
        "employment_ended",
        user=by,
        subject="person",
        subject_id=person.id,
        details={"cleared": left_on is None},
    )
