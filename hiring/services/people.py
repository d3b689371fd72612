"""People over time: linking candidacies to a person, and importing a sales team.

A person is found again by e-mail address: a candidate whose address (ignoring case) is that
of exactly one person already known is that person; anyone else is a new person. Employees are
found by employee id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func
from sqlalchemy.orm import selectinload

from hiring.domain.employees import EmployeeRecord, FieldRecord
from hiring.domain.records import CandidateRecord
from hiring.domain.team_csv import FIELD_COLUMNS, TEAM_COLUMNS, RowProblem, TeamFile, TeamRow
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import Candidate, FieldPeriod, Person, User
from hiring.services import ServiceError


def _applicant_by_email(email: str) -> Person | None:
    """The one person known by this address who is not an employee (an employee's record is
    never joined to an application: their manager would learn of it, and a recruiter's edit
    would rewrite the employee's details)."""
    if not email:
        return None
    found = list(
        db.session.execute(
            db.select(Person)
            .where(func.lower(Person.email) == email.lower(), Person.employee_id.is_(None))
            .limit(2)
        ).scalars()
    )
    return found[0] if len(found) == 1 else None


def person_for(record: CandidateRecord) -> Person:
    """The person a new candidacy is of: the one already known by its e-mail address, else a
    new person with the candidacy's details."""
    person = _applicant_by_email(record.email)
    if person is None:
        person = Person(
            name=record.name,
            email=record.email,
            education=record.education,
            sales_experience_years=record.sales_experience_years,
            languages=",".join(record.languages),
        )
        db.session.add(person)
        db.session.flush()
    return person


def follow_candidate_details(person: Person, record: CandidateRecord) -> None:
    """A candidacy's name or address was corrected: an applicant is called what they were last
    called (their other candidacies keep the details given for them). An employee's record is
    their team's, changed by its import only."""
    if person.employee_id is None and (person.name, person.email) != (record.name, record.email):
        person.name, person.email = record.name, record.email


def other_candidacies(candidate: Candidate) -> list[Candidate]:
    """The same person's other candidacies for openings, newest first (the recruiting team's
    view of one applicant over the years; never their manager's assessments)."""
    query = (
        db.select(Candidate)
        .where(
            Candidate.person_id == candidate.person_id,
            Candidate.purpose == "application",
            Candidate.id != candidate.id,
        )
        .options(selectinload(Candidate.opening))
        .order_by(Candidate.id.desc())
    )
    return list(db.session.execute(query).scalars())


# --- the team import ------------------------------------------------------------------------

IMPORT_BATCH = 500
"""Employee ids looked up per query (databases limit the parameters of one statement)."""


@dataclass
class ImportOutcome:
    """What an import did (or, with problems and without ``valid_only``, would not do)."""

    people_added: int = 0
    people_updated: int = 0
    periods_added: int = 0
    periods_updated: int = 0
    rows_skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        """What the audit log keeps of an import: its counts, never its rows."""
        return {
            "what": "team",
            "added": self.people_added,
            "updated": self.people_updated,
            "periods": self.periods_added + self.periods_updated,
            "skipped": self.rows_skipped,
        }


class ImportRefused(ServiceError):
    """The file has problems and nothing was imported."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(_l("The file has problems; nothing was imported."))
        self.problems = problems


def _ownership_problems(
    rows: Sequence[TeamRow], manager: User, may_transfer: bool
) -> dict[int, RowProblem]:
    """Rows whose employee id belongs to another manager's team, when the importer may not
    move people between teams."""
    if may_transfer:
        return {}
    ids = sorted({r.employee.employee_id for r in rows if r.employee is not None})
    others: set[str | None] = set()
    for start in range(0, len(ids), IMPORT_BATCH):
        others.update(
            db.session.execute(
                db.select(Person.employee_id).where(
                    Person.employee_id.in_(ids[start : start + IMPORT_BATCH]),
                    Person.manager_id.is_not(None),
                    Person.manager_id != manager.id,
                )
            ).scalars()
        )
    return {
        r.row: RowProblem(r.row, "employee_id", "other_team")
        for r in rows
        if r.employee is not None and r.employee.employee_id in others
    }


def check_import(team: TeamFile, manager: User, *, may_transfer: bool) -> TeamFile:
    """The file with the problems only the database can tell added to its rows."""
    owned = _ownership_problems(team.rows, manager, may_transfer)
    if not owned:
        return team
    rows = tuple(
        TeamRow(r.row, r.cells, r.employee, r.field, (*r.problems, owned[r.row]))
        if r.row in owned
        else r
        for r in team.rows
    )
    return TeamFile(rows=rows, problems=team.problems)


def apply_employee(person: Person, record: EmployeeRecord, manager: User) -> None:
    """The row's details onto the person. A blank cell leaves the stored value as it is: a
    file with only some columns filled (a quarter's figures) must not erase who people are."""
    person.employee_id = record.employee_id
    person.name = record.name
    given: dict[str, object] = {
        "email": record.email,
        "team": record.team,
        "territory": record.territory,
        "current_role": record.role,
        "years_in_role": record.years_in_role,
        "sales_experience_years": record.sales_experience_years,
        "education": record.education,
        "languages": ",".join(record.languages),
    }
    for column, value in given.items():
        if value not in (None, ""):
            setattr(person, column, value)
    person.manager_id = manager.id


def _employees_by_id(ids: Iterable[str]) -> dict[str, Person]:
    """The people already known by these employee ids, with their periods, a few queries per
    ``IMPORT_BATCH`` ids (not one per row)."""
    wanted = sorted(ids)
    found: dict[str, Person] = {}
    for start in range(0, len(wanted), IMPORT_BATCH):
        query = (
            db.select(Person)
            .where(Person.employee_id.in_(wanted[start : start + IMPORT_BATCH]))
            .options(selectinload(Person.periods))
        )
        for person in db.session.execute(query).scalars():
            assert person.employee_id is not None
            found[person.employee_id] = person
    return found


def _apply_period(person: Person, record: FieldRecord, outcome: ImportOutcome) -> None:
    existing = next((p for p in person.periods if p.period == record.period), None)
    if existing is None:
        existing = FieldPeriod(period=record.period)
        person.periods.append(existing)
        outcome.periods_added += 1
    else:
        outcome.periods_updated += 1
    existing.ends_year, existing.ends_month = record.ends
    for name in FIELD_COLUMNS:
        if name != "period":
            setattr(existing, name, getattr(record, name))


def refresh_field_standing(person: Person) -> None:
    """The newest period and its sales against plan, as the talent pool sorts on them."""
    if not person.periods:
        person.latest_period = person.performance = None
        return
    newest = max(person.periods, key=lambda p: (p.ends_year, p.ends_month, p.period))
    person.latest_period = newest.period
    person.performance = newest.sales_vs_plan_pct


def import_team(
    team: TeamFile, manager: User, *, valid_only: bool = False, may_transfer: bool = False
) -> ImportOutcome:
    """Add or update the representatives of ``team`` in ``manager``'s team, with their field
    data. A file with any problem imports nothing (:class:`ImportRefused`) unless
    ``valid_only``, when the rows without problems are imported and the others counted as
    skipped. An existing employee id updates that person and adds (or updates) the period;
    it never makes a duplicate. ``may_transfer``: rows may move a person from another
    manager's team (an administrator's import); otherwise such rows are problems."""
    team = check_import(team, manager, may_transfer=may_transfer)
    problems = team.all_problems
    if team.problems or (problems and not valid_only):
        raise ImportRefused(problems)
    outcome = ImportOutcome(problems=problems)
    outcome.rows_skipped = len(team.rows) - len(team.valid_rows)
    existing = _employees_by_id({r.employee.employee_id for r in team.valid_rows if r.employee})
    people: dict[str, Person] = {}
    for row in team.valid_rows:
        assert row.employee is not None
        key = row.employee.employee_id
        person = people.get(key)
        if person is None:
            person = existing.get(key)
            if person is None and may_transfer:
                # someone who applied earlier and was hired: the same person, now with an
                # employee id. Only an administrator's (or the operator's) import links them:
                # a manager's would learn that the address had applied, and take over the
                # applicant's record.
                person = _applicant_by_email(row.employee.email)
            if person is None:
                person = Person(name=row.employee.name)
                db.session.add(person)
                outcome.people_added += 1
            else:
                outcome.people_updated += 1
            apply_employee(person, row.employee, manager)
            people[key] = person
        if row.field is not None:
            _apply_period(person, row.field, outcome)
    for person in people.values():
        refresh_field_standing(person)
    db.session.flush()
    return outcome


# --- the team export ------------------------------------------------------------------------

EXPORT_BATCH = 500


def _employee_cells(person: Person) -> list[object]:
    return [
        person.employee_id, person.name, person.email, person.team, person.territory,
        person.current_role, person.years_in_role, person.sales_experience_years,
        person.education, person.languages,
    ]  # fmt: skip


def team_members(manager: User | None) -> Select[Any]:
    """The employees of ``manager``'s team (everyone's, for None), by employee id."""
    query = db.select(Person).where(Person.employee_id.is_not(None))
    if manager is not None:
        query = query.where(Person.manager_id == manager.id)
    return query.order_by(Person.employee_id)


def export_team(manager: User | None) -> Iterator[list[object]]:
    """The team in the import's format (:data:`TEAM_COLUMNS`): a row per person and period,
    oldest period first, or one row without field data for a person who has none; unknown
    values are None. Read in batches, so memory does not grow with the team. Write it with
    :func:`hiring.reports.csv_export.csv_chunks` (numbers as the import reads them, text safe
    to open in a spreadsheet)."""
    yield list(TEAM_COLUMNS)
    last_id: str | None = None
    while True:
        query = team_members(manager).options(selectinload(Person.periods)).limit(EXPORT_BATCH)
        if last_id is not None:
            query = query.where(Person.employee_id > last_id)
        batch = list(db.session.execute(query).scalars())
        if not batch:
            return
        for person in batch:
            person_cells = _employee_cells(person)
            if not person.periods:
                yield person_cells + [None] * len(FIELD_COLUMNS)
            for period in person.periods:
                yield person_cells + [getattr(period, name) for name in FIELD_COLUMNS]
        last_id = batch[-1].employee_id
        for person in batch:  # with their periods (cascade "all")
            db.session.expunge(person)
