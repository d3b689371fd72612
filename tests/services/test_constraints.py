"""The database checks itself: it refuses the codes and numbers the application would refuse,
and erasing a candidate takes their interviews, scorecards and decisions with them in one
transaction while the audit log keeps only their id. On SQLite and PostgreSQL alike."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import CheckConstraint, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from wtforms.validators import NumberRange

from hiring.catalogue_cache import current_catalogue
from hiring.config import LANGUAGES
from hiring.domain.employees import ACCOUNT_KINDS, EMPLOYEE_RANGES, FIELD_RANGES
from hiring.domain.readiness import VERDICTS
from hiring.domain.rubric import EDUCATION_LEVELS
from hiring.domain.team_csv import read_team_csv, team_template
from hiring.extensions import db
from hiring.forms.recruiting import CandidateForm, OpeningForm
from hiring.labels import (
    DECISION_LABELS,
    EDUCATION_LABELS,
    KIND_LABELS,
    RECOMMENDATION_LABELS,
    ROLE_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from hiring.models import (
    AUDIT_ACTIONS,
    AUDIT_SUBJECTS,
    CANDIDATE_STATUSES,
    DECISIONS,
    INTERVIEW_EVENTS,
    INTERVIEW_KINDS,
    PURPOSES,
    RECOMMENDATIONS,
    ROLES,
    AuditEntry,
    Candidate,
    DebriefNote,
    Decision,
    Interview,
    Opening,
    Person,
    Rating,
    ReportJob,
    RubricSnapshot,
    Scorecard,
    ScorecardRevision,
    TwoStep,
    User,
)
from hiring.models.interviews import REVISION_STATUSES
from hiring.models.recruiting import CANDIDATE_RANGES, OPENING_STATUSES, SOURCES
from hiring.models.reports import ITEM_STATUSES, JOB_STATUSES
from hiring.models.self_assessments import SELF_LANGUAGES, SelfAnswer, SelfAssessment
from hiring.services.api_tokens import NewToken, create_token
from hiring.services.audit import record_download
from hiring.services.batches import create_job
from hiring.services.interviews import amend_scorecard
from hiring.services.onboarding import add_account
from hiring.services.people import import_team
from hiring.services.recruiting import record_decision
from hiring.services.self_assessments import issue_self_assessment
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

BAD_VALUES: list[tuple[str, str, Any]] = [
    ("users", "role", "wizard"),
    ("openings", "status", "paused"),
    ("candidates", "education", "phd"),
    ("candidates", "education", ""),
    ("candidates", "source", "agency"),
    ("candidates", "status", "archived"),
    ("candidates", "sales_experience_years", -0.5),
    ("candidates", "sales_experience_years", 70.5),
    ("candidates", "kam_experience_years", -1),
    ("candidates", "kam_experience_years", 71),
    ("candidates", "long_term_clients", -1),
    ("candidates", "long_term_clients", 100_001),
    ("candidates", "repeat_transactions", -1),
    ("candidates", "repeat_transactions", 10_000_001),
    ("candidates", "sales_growth_pct", -100.5),
    ("candidates", "sales_growth_pct", 10_000.5),
    ("decisions", "decision", "maybe"),
    ("interviews", "kind", "chat"),
    ("interview_events", "kind", "postponed"),
    ("scorecard_revisions", "status", "final"),
    ("scorecard_revisions", "recommendation", "maybe"),
    ("scorecard_revisions", "number", 0),
    ("scorecard_reminders", "count", 0),
    ("login_throttles", "failures", -1),
    ("audit_log", "action", "viewed_everything"),
    ("audit_log", "subject", "planet"),
    ("report_jobs", "lang", "sv"),
    ("report_jobs", "status", "cancelled"),
    ("report_jobs", "total", -1),
    ("report_jobs", "done", -1),
    ("report_job_items", "status", "rendering"),
    ("stored_evaluations", "fit", 1.5),
    ("stored_evaluations", "coverage", -0.1),
    ("stored_evaluations", "score", 1.1),
    ("stored_evaluations", "kam_level", 4),
    ("stored_evaluations", "floors_not_met", -1),
    ("stored_evaluations", "red_flags", -1),
    ("stored_evaluations", "assessors", -1),
    ("stored_evaluations", "pending", -1),
    ("self_assessments", "lang", "sv"),
    ("self_assessments", "last_page", -1),
    ("candidates", "purpose", "review"),
    ("people", "education", "phd"),
    ("people", "readiness", "maybe"),
    ("people", "years_in_role", -1),
    ("people", "sales_experience_years", 70.5),
    ("people", "kam_fit", 1.5),
    ("people", "kam_score", -0.1),
    ("people", "kam_coverage", 1.1),
    ("people", "kam_level", 4),
    ("people", "independent_raters", -1),
    ("field_periods", "ends_month", 13),
    ("kam_accounts", "kind", "friend"),
    ("kam_accounts", "level", 5),
    ("kam_account_progress", "level", 0),
    *(("field_periods", column, high + 1) for column, (_low, high) in FIELD_RANGES.items()),
]
"""(table, column, a value its CHECK refuses): at least one for every CHECK."""

ALLOWED_VALUES: list[tuple[str, str, tuple[Any, ...]]] = [
    ("users", "role", ROLES),
    ("openings", "status", OPENING_STATUSES),
    ("candidates", "education", (*EDUCATION_LEVELS, None)),
    ("candidates", "source", SOURCES),
    ("candidates", "status", CANDIDATE_STATUSES),
    *(
        ("candidates", column, (low, high, None))
        for column, (low, high) in CANDIDATE_RANGES.items()
    ),
    ("decisions", "decision", DECISIONS),
    ("interviews", "kind", INTERVIEW_KINDS),
    ("interview_events", "kind", INTERVIEW_EVENTS),
    ("scorecard_revisions", "status", REVISION_STATUSES),
    ("scorecard_revisions", "recommendation", (*RECOMMENDATIONS, None)),
    ("scorecard_revisions", "number", (1_000, 1)),
    ("scorecard_reminders", "count", (1, 40)),
    ("login_throttles", "failures", (0, 20)),
    ("audit_log", "action", AUDIT_ACTIONS),
    ("audit_log", "subject", (*AUDIT_SUBJECTS, None)),
    ("report_jobs", "lang", LANGUAGES),
    ("report_jobs", "status", JOB_STATUSES),
    ("report_jobs", "total", (0, 10_000)),
    ("report_jobs", "done", (0, 10_000)),
    ("report_job_items", "status", ITEM_STATUSES),
    ("stored_evaluations", "fit", (0, 1, None)),
    ("stored_evaluations", "coverage", (0, 1, None)),
    ("stored_evaluations", "score", (0, 1, None)),
    ("stored_evaluations", "kam_level", (0, 3, None)),
    ("stored_evaluations", "floors_not_met", (0, 40)),
    ("stored_evaluations", "red_flags", (0, 7)),
    ("stored_evaluations", "assessors", (0, 12)),
    ("stored_evaluations", "pending", (0, 12)),
    ("self_assessments", "lang", SELF_LANGUAGES),
    ("self_assessments", "last_page", (0, 30)),
    ("candidates", "purpose", PURPOSES),
    ("people", "education", (*EDUCATION_LEVELS, None)),
    ("people", "readiness", (*VERDICTS, None)),
    *(("people", column, (low, high, None)) for column, (low, high) in EMPLOYEE_RANGES.items()),
    ("people", "kam_fit", (0, 1, None)),
    ("people", "kam_score", (0, 1, None)),
    ("people", "kam_coverage", (0, 1, None)),
    ("people", "kam_level", (0, 3, None)),
    ("people", "independent_raters", (0, 5)),
    ("field_periods", "ends_month", (1, 12)),
    ("kam_accounts", "kind", ACCOUNT_KINDS),
    ("kam_accounts", "level", (1, 4)),
    ("kam_account_progress", "level", (1, 4)),
    *(("field_periods", column, (low, high, None)) for column, (low, high) in FIELD_RANGES.items()),
]
"""(table, column, values its CHECK lets through): every code, both ends of every range, and
NULL where the column is nullable."""


def add_self_assessment(candidate: Candidate, by: User) -> None:
    """A self-assessment link of the candidate's with one answer (tables of 0009)."""
    link = issue_self_assessment(candidate, by, days=14, lang="fi", catalogue=current_catalogue())
    db.session.add(SelfAnswer(assessment_id=link.assessment.id, item="statement.x.0", value=4))


def add_interview_change(interview: Interview, by: User) -> None:
    """The interview moved by an hour, kept in its history (table of 0015)."""
    from datetime import timedelta

    from hiring.services.interviews import change_interview

    change_interview(
        interview,
        scheduled_at=interview.scheduled_at + timedelta(hours=1),
        kind=interview.kind,
        interviewer_ids=[card.interviewer_id for card in interview.scorecards],
        reason="The room was taken.",
        by=by,
    )


def add_reminder(card: Scorecard) -> None:
    """A reminder of the scorecard sent (table of 0016)."""
    from hiring.models import ScorecardReminder
    from hiring.models.base import utcnow

    db.session.add(ScorecardReminder(scorecard_id=card.id, sent_at=utcnow(), count=1))


def add_two_step(user: User) -> None:
    """A confirmed two-step login (the table of 0021)."""
    from hiring.models.base import utcnow

    db.session.add(TwoStep(user_id=user.id, secret="JBSWY3DPEHPK3PXP", confirmed_at=utcnow()))


def add_login_failure() -> None:
    """A failed login counted (table of 0017)."""
    from hiring.services.throttle import record_failure

    record_failure("someone@example.test", "192.0.2.1")


def add_debrief_note(candidate: Candidate, by: User) -> None:
    """A debrief summary (table of 0024)."""
    from hiring.models import DebriefNote

    db.session.add(DebriefNote(candidate_id=candidate.id, text="Advance.", written_by_id=by.id))


def add_leaving(manager: User) -> None:
    """The day the representative of :func:`add_team_member` left (table of 0024)."""
    from datetime import date

    from hiring.models import EmploymentEnd

    person = db.session.execute(
        db.select(Person).where(Person.employee_id.is_not(None))
    ).scalar_one()
    db.session.add(
        EmploymentEnd(person_id=person.id, left_on=date(2026, 10, 31), recorded_by_id=manager.id)
    )


def add_team_member(manager: User) -> None:
    """A representative in ``manager``'s team with one period's field data (tables of 0011)
    and an account taken on as a KAM (0012)."""
    import_team(read_team_csv(team_template()), manager)
    person = db.session.execute(
        db.select(Person).where(Person.employee_id.is_not(None))
    ).scalar_one()
    add_account(person, {"name": "Dr. Esimerkki", "kind": "kol"}, manager)


def build_world() -> SimpleNamespace:
    """One row or more in every table: a candidate interviewed by one interviewer, whose
    scorecard was submitted and then amended, with a decision, a profile download, a batch
    job for the opening, a self-assessment link with an answer, and a representative with
    field data."""
    recruiter = make_user("recruiter")
    interviewer = make_user("interviewer")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, sales_experience_years=5, sales_growth_pct=12.5)
    interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
    card = fill(interview, interviewer, {"persuasion": 4})
    amend_scorecard(card, interviewer, "A typo in the evidence.")
    record_decision(candidate, "advance", "Strong persuasion.", recruiter)
    add_debrief_note(candidate, recruiter)
    record_download(
        kind="profile", lang="en", user=recruiter, candidate_id=candidate.id, opening_id=opening.id
    )
    create_job(opening, lang="fi", blind=True, by=recruiter)
    add_self_assessment(candidate, recruiter)
    add_team_member(recruiter)
    add_leaving(recruiter)
    add_interview_change(interview, recruiter)
    add_reminder(card)
    add_login_failure()
    add_two_step(recruiter)
    create_token(recruiter, NewToken(name="Report", scopes=["read:candidates"]))
    db.session.commit()
    return SimpleNamespace(
        recruiter=recruiter,
        interviewer=interviewer,
        opening=opening,
        candidate=candidate,
        interview=interview,
        scorecard=card,
    )


@pytest.fixture
def world(app) -> SimpleNamespace:
    return build_world()


APPEND_ONLY = frozenset({"audit_log"})
"""Tables whose rows cannot be changed: a value is tried on a new row instead."""


def set_value(table_name: str, column: str, value: Any) -> None:
    """Write ``value`` into ``column`` of the first row of the table, past the ORM (of a copy
    of it, for an append-only table)."""
    table = db.metadata.tables[table_name]
    key = next(iter(table.primary_key.columns))
    first = select(func.min(key)).scalar_subquery()
    if table_name in APPEND_ONLY:
        row = db.session.execute(select(table).where(key == first)).mappings().one()
        copy = {name: row[name] for name in row if name != key.name}
        db.session.execute(insert(table).values({**copy, column: value}))
        return
    db.session.execute(update(table).where(key == first).values({column: value}))


def count(model: type) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


CANDIDATE_RECORDS = (Interview, Scorecard, ScorecardRevision, Rating, Decision, DebriefNote)
"""What goes with a candidate."""


def counts(models: tuple[type, ...] = CANDIDATE_RECORDS) -> tuple[int, ...]:
    return tuple(count(model) for model in models)


# --- CHECK constraints --------------------------------------------------------------------


@pytest.mark.parametrize(("table", "column", "value"), BAD_VALUES)
def test_a_bad_value_is_refused(world, table, column, value):
    with pytest.raises(IntegrityError, match=f"ck_{table}_{column}"):
        set_value(table, column, value)
    db.session.rollback()


@pytest.mark.parametrize(("table", "column", "values"), ALLOWED_VALUES)
def test_every_allowed_value_is_accepted(world, table, column, values):
    for value in values:
        set_value(table, column, value)
    db.session.commit()


def test_every_check_constraint_has_a_bad_value_test(app):
    declared = {
        constraint.name
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    assert declared == {f"ck_{table}_{column}" for table, column, _ in BAD_VALUES}
    assert declared == {f"ck_{table}_{column}" for table, column, _ in ALLOWED_VALUES}


def test_the_codes_are_the_ones_people_can_choose():
    """The CHECKs are built from the models' tuples; the forms offer the labels' keys."""
    assert tuple(ROLE_LABELS) == ROLES
    assert tuple(code for code in EDUCATION_LABELS if code) == EDUCATION_LEVELS
    assert tuple(SOURCE_LABELS) == SOURCES
    assert tuple(KIND_LABELS) == INTERVIEW_KINDS
    assert tuple(DECISION_LABELS) == DECISIONS
    assert tuple(STATUS_LABELS) == CANDIDATE_STATUSES
    assert tuple(RECOMMENDATION_LABELS) == RECOMMENDATIONS
    status_choices = OpeningForm.status.kwargs["choices"]
    assert tuple(choice.value for choice in status_choices) == OPENING_STATUSES


@pytest.mark.parametrize("column", sorted(CANDIDATE_RANGES))
def test_the_ranges_are_the_ones_the_candidate_form_enforces(column):
    validators = getattr(CandidateForm, column).kwargs["validators"]
    (number_range,) = (v for v in validators if isinstance(v, NumberRange))
    assert (number_range.min, number_range.max) == CANDIDATE_RANGES[column]


# --- ON DELETE rules -----------------------------------------------------------------------


def _erase(model: type, row_id: int, how: str) -> None:
    if how == "orm":
        db.session.delete(db.session.get(model, row_id))
    else:
        db.session.execute(delete(model).where(model.id == row_id))
    db.session.commit()


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_erasing_a_candidate_removes_their_records_and_keeps_the_audit_log(world, how):
    other = make_candidate(world.opening, name="Matti Virtanen")
    other_interview = make_interview(
        other, [world.interviewer], world.recruiter, competencies=["persuasion"]
    )
    fill(other_interview, world.interviewer, {"persuasion": 3})
    record_decision(other, "reject", "Not this time.", world.recruiter)
    db.session.commit()
    erased = world.candidate.id
    assert len(world.scorecard.revisions) == 2
    assert counts() == (2, 2, 3, 3, 2, 1)
    assert counts((SelfAssessment, SelfAnswer)) == (1, 1)
    if how == "orm":  # loaded collections take the ORM's own cascade path as well
        assert world.candidate.decisions
        assert world.interview.scorecards

    _erase(Candidate, erased, how)

    assert db.session.get(Candidate, erased) is None
    assert counts() == (1, 1, 1, 1, 1, 0)
    assert db.session.execute(select(Interview.candidate_id)).scalar_one() == other.id
    assert db.session.execute(select(Decision.candidate_id)).scalar_one() == other.id
    download = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "document_issued")
    ).scalar_one()
    assert (download.candidate_id, download.details["kind"]) == (erased, "profile")
    assert download.user_id == world.recruiter.id
    assert counts((SelfAssessment, SelfAnswer)) == (0, 0)
    # Nothing the candidate shared with others goes: people, the opening, the rubric.
    assert counts((User, Opening, RubricSnapshot, ReportJob)) == (2, 1, 1, 1)


def test_erasing_a_candidate_is_one_transaction(world):
    candidate_id = world.candidate.id
    db.session.delete(world.candidate)
    db.session.flush()
    assert counts() == (0, 0, 0, 0, 0, 0)
    db.session.rollback()
    assert db.session.get(Candidate, candidate_id) is not None
    assert counts() == (1, 1, 2, 2, 1, 1)


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_deleting_an_opening_keeps_its_candidates_without_it(world, how):
    opening_id, candidate_id = world.opening.id, world.candidate.id

    _erase(Opening, opening_id, how)

    candidate = db.session.get(Candidate, candidate_id)
    assert candidate is not None
    assert candidate.opening_id is None
    assert count(Interview) == 1
    assert count(ReportJob) == 0
    issued = select(AuditEntry.opening_id).where(AuditEntry.action == "document_issued")
    assert db.session.execute(issued).scalar_one() == opening_id


@pytest.mark.parametrize("who", ["recruiter", "interviewer"])
def test_a_user_with_authored_records_cannot_be_deleted(world, who):
    """Users are deactivated, not deleted: their decisions, scorecards, jobs and downloads
    keep naming them."""
    user = getattr(world, who)
    db.session.delete(user)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(User, user.id) is not None


def test_deleting_a_user_who_only_set_things_up_clears_the_reference(app):
    admin = make_user("admin")
    interviewer = make_user("interviewer")
    opening = make_opening(admin)
    interview = make_interview(make_candidate(opening), [interviewer], admin)
    opening_id, interview_id = opening.id, interview.id

    _erase(User, admin.id, "orm")

    assert db.session.get(Opening, opening_id).created_by_id is None
    assert db.session.get(Interview, interview_id).created_by_id is None


def test_a_rubric_snapshot_in_use_cannot_be_deleted(world):
    with pytest.raises(IntegrityError):
        db.session.execute(delete(RubricSnapshot))
    db.session.rollback()
    assert count(RubricSnapshot) == 1
