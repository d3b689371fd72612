"""A person's data under the GDPR: everything held about them (access and portability), their
erasure, and the purge of applicants past their retention date.

Erasing deletes the person row; the database's ``ON DELETE CASCADE`` takes their candidacies
with the interviews, scorecards, revisions, ratings, decisions, debrief notes, self-assessments
and answers, stored figures, field data, leaving day and accounts, in the caller's
transaction. A batch zip that holds one of their profiles goes too (its file once the
transaction has committed). What stays: the audit log, which names records by number only,
and the panel statistics' sums, which cannot identify anyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, func, inspect, select, true

from hiring.domain.retention import add_months, retention_until
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import (
    ApplicantActivity,
    AuditEntry,
    Candidate,
    DebriefNote,
    Decision,
    EmploymentEnd,
    FieldPeriod,
    Interview,
    InterviewEvent,
    KamAccount,
    Opening,
    Person,
    Rating,
    ReportJob,
    ReportJobItem,
    Scorecard,
    ScorecardRevision,
    SelfAnswer,
    SelfAssessment,
    StoredEvaluation,
    User,
)
from hiring.models.base import utcnow
from hiring.services import ServiceError, audit
from hiring.services.batch_files import discard

EXPORT_FORMAT = "hiring-person-export/1"

LEFT_OUT = frozenset({"token_hash", "seed", "search_text", "password_hash", "session_token"})
"""Columns that are no one's personal data (a link's hash, a shuffle seed) or are derived
from what is exported already (the folded search text)."""


class PersonNotFound(ServiceError):
    def __init__(self, person_id: int) -> None:
        super().__init__(_l("There is no person %(id)d.", id=person_id))


def find_person(person_id: int) -> Person:
    found = db.session.get(Person, person_id)
    if found is None:
        raise PersonNotFound(person_id)
    return found


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(row: Any) -> dict[str, Any]:
    """Every stored column of ``row`` (deferred ones included), as JSON values."""
    return {
        attribute.key: _value(getattr(row, attribute.key))
        for attribute in inspect(row).mapper.column_attrs
        if attribute.key not in LEFT_OUT
    }


def _names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {row.id: row.name for row in rows}


def _all(query: Any) -> list[Any]:
    return list(db.session.execute(query).scalars())


def person_export(person_id: int) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data: their details, field data and
    leaving day, each candidacy with its facts, notes, stored figures, interviews (with their
    history), scorecards with every revision and rating, decisions, debrief notes and
    self-assessments with their answers, and the documents about them that were handed
    out."""
    person = find_person(person_id)
    candidacies = _all(
        select(Candidate).where(Candidate.person_id == person.id).order_by(Candidate.id)
    )
    ids = [c.id for c in candidacies]
    interviews = _all(
        select(Interview).where(Interview.candidate_id.in_(ids)).order_by(Interview.id)
    )
    interview_ids = [i.id for i in interviews]
    events = _all(
        select(InterviewEvent)
        .where(InterviewEvent.interview_id.in_(interview_ids))
        .order_by(InterviewEvent.id)
    )
    scorecards = _all(
        select(Scorecard).where(Scorecard.interview_id.in_(interview_ids)).order_by(Scorecard.id)
    )
    revisions = _all(
        select(ScorecardRevision)
        .where(ScorecardRevision.scorecard_id.in_([s.id for s in scorecards]))
        .order_by(ScorecardRevision.id)
    )
    ratings = _all(
        select(Rating).where(Rating.revision_id.in_([r.id for r in revisions])).order_by(Rating.id)
    )
    decisions = _all(select(Decision).where(Decision.candidate_id.in_(ids)).order_by(Decision.id))
    debrief_notes = _all(
        select(DebriefNote).where(DebriefNote.candidate_id.in_(ids)).order_by(DebriefNote.id)
    )
    assessments = _all(
        select(SelfAssessment)
        .where(SelfAssessment.candidate_id.in_(ids))
        .order_by(SelfAssessment.id)
    )
    answers = _all(
        select(SelfAnswer).where(SelfAnswer.assessment_id.in_([a.id for a in assessments]))
    )
    evaluations = {
        e.candidate_id: e
        for e in _all(select(StoredEvaluation).where(StoredEvaluation.candidate_id.in_(ids)))
    }
    openings = {
        o.id: o
        for o in _all(
            select(Opening).where(
                Opening.id.in_({c.opening_id for c in candidacies if c.opening_id})
            )
        )
    }
    # since each candidacy was added: SQLite gives a new row the number of the newest one
    # erased, whose log entries must not be taken for this person's
    added = {c.id: c.created_at for c in candidacies}
    issued = [
        entry
        for entry in _all(
            select(AuditEntry)
            .where(AuditEntry.candidate_id.in_(ids), AuditEntry.action == "document_issued")
            .order_by(AuditEntry.id)
        )
        if entry.candidate_id is not None and entry.at >= added[entry.candidate_id]
    ]
    names = _names(
        [s.interviewer_id for s in scorecards]
        + [r.author_id for r in revisions]
        + [d.decided_by_id for d in decisions]
        + [n.written_by_id for n in debrief_notes]
        + [e.user_id for e in issued]
    )

    def grouped(rows: Sequence[Any], key: str) -> dict[int, list[Any]]:
        groups: dict[int, list[Any]] = {}
        for row in rows:
            groups.setdefault(getattr(row, key), []).append(row)
        return groups

    events_of, cards_of = grouped(events, "interview_id"), grouped(scorecards, "interview_id")
    revisions_of, ratings_of = grouped(revisions, "scorecard_id"), grouped(ratings, "revision_id")
    answers_of = grouped(answers, "assessment_id")
    interviews_of, decisions_of = (
        grouped(interviews, "candidate_id"),
        grouped(decisions, "candidate_id"),
    )
    assessments_of = grouped(assessments, "candidate_id")
    debrief_of = grouped(debrief_notes, "candidate_id")

    def scorecard(card: Scorecard) -> dict[str, Any]:
        return {
            **_columns(card),
            "interviewer": names.get(card.interviewer_id),
            "revisions": [
                {
                    **_columns(revision),
                    "author": names.get(revision.author_id),
                    "ratings": [_columns(r) for r in ratings_of.get(revision.id, [])],
                }
                for revision in revisions_of.get(card.id, [])
            ],
        }

    def candidacy(candidate: Candidate) -> dict[str, Any]:
        opening = openings.get(candidate.opening_id or 0)
        evaluation = evaluations.get(candidate.id)
        return {
            **_columns(candidate),
            "opening": {"id": opening.id, "title": opening.title, "role_key": opening.role_key}
            if opening
            else None,
            "stored_evaluation": _columns(evaluation) if evaluation else None,
            "interviews": [
                {
                    **_columns(interview),
                    "history": [_columns(e) for e in events_of.get(interview.id, [])],
                    "scorecards": [scorecard(c) for c in cards_of.get(interview.id, [])],
                }
                for interview in interviews_of.get(candidate.id, [])
            ],
            "decisions": [
                {**_columns(d), "decided_by": names.get(d.decided_by_id)}
                for d in decisions_of.get(candidate.id, [])
            ],
            "debrief_notes": [
                {**_columns(n), "written_by": names.get(n.written_by_id)}
                for n in debrief_of.get(candidate.id, [])
            ],
            "self_assessments": [
                {**_columns(a), "answers": [_columns(x) for x in answers_of.get(a.id, [])]}
                for a in assessments_of.get(candidate.id, [])
            ],
        }

    accounts = _all(
        select(KamAccount).where(KamAccount.person_id == person.id).order_by(KamAccount.id)
    )
    ending = db.session.get(EmploymentEnd, person.id)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "person": _columns(person),
        "field_periods": [
            _columns(p)
            for p in _all(
                select(FieldPeriod)
                .where(FieldPeriod.person_id == person.id)
                .order_by(FieldPeriod.id)
            )
        ],
        "employment_end": _columns(ending) if ending else None,
        "kam_accounts": [
            {**_columns(a), "progress": [_columns(p) for p in a.progress]} for a in accounts
        ],
        "candidacies": [candidacy(c) for c in candidacies],
        "documents_issued": [
            {
                "at": _value(e.at),
                "by": names.get(e.user_id or 0, e.actor),
                "candidate_id": e.candidate_id,
                **e.details,
            }
            for e in issued
        ],
    }


def record_export(person_id: int, *, by: User | None = None, actor: str | None = None) -> None:
    audit.record(
        "data_exported",
        user=by,
        actor=actor,
        subject="person",
        subject_id=person_id,
        details={"what": "person"},
    )


# --- erasure ----------------------------------------------------------------------------------


@dataclass
class Erasure:
    """What an erasure took: counts for the audit log and the message, and the batch files to
    remove once the transaction has committed (:func:`remove_files`)."""

    people: list[int] = field(default_factory=list)
    candidacies: int = 0
    batches: int = 0
    files: list[str] = field(default_factory=list)
    jobs: list[tuple[int, int]] = field(default_factory=list)
    """(batch id, opening id) of the batches that went: their parts and zips go too."""


def _erase(person_ids: Sequence[int], erasure: Erasure, *, due: Any = None) -> None:
    """Delete the people and, by cascade, everything of theirs; the batches that hold one of
    their profiles go with them, whichever opening they were made for (a candidacy can have
    moved since). ``due``: a condition every deleted person must still meet at the moment of
    deleting (a purge's, so that someone who applied again meanwhile stays)."""
    ids = set(
        db.session.execute(
            select(Candidate.id).where(Candidate.person_id.in_(person_ids))
        ).scalars()
    )
    listed = set(
        db.session.execute(
            select(ReportJobItem.job_id).where(ReportJobItem.candidate_id.in_(ids))
        ).scalars()
    ) if ids else set()  # fmt: skip
    # every batch is read (batches are few): a zip's contents are also kept as a JSON list
    doomed = [
        job
        for job in _all(select(ReportJob))
        if job.id in listed or ids & set(job.candidate_ids or ())
    ]
    for job in doomed:
        erasure.jobs.append((job.id, job.opening_id))
        if job.path:
            erasure.files.append(job.path)
    if doomed:
        db.session.execute(delete(ReportJob).where(ReportJob.id.in_([j.id for j in doomed])))
    condition = Person.id.in_(person_ids)
    if due is not None:
        condition = condition & due
    gone = list(db.session.execute(delete(Person).where(condition).returning(Person.id)).scalars())
    db.session.expire_all()  # nothing loaded of theirs may be written back
    erasure.people.extend(gone)
    erasure.candidacies += len(ids)
    erasure.batches += len(doomed)


def erase_person(person_id: int, *, by: User | None = None, actor: str | None = None) -> Erasure:
    """Erase one person (the administrator's action or ``hiring person erase``): their data
    go in the caller's transaction, and an audit entry without their data remains."""
    find_person(person_id)
    erasure = Erasure()
    _erase([person_id], erasure)
    audit.record(
        "person_erased",
        user=by,
        actor=actor,
        subject="person",
        subject_id=person_id,
        details={"candidacies": erasure.candidacies, "batches": erasure.batches},
    )
    return erasure


def remove_files(erasure: Erasure) -> None:
    """Remove the files of the batches an erasure took (a finished zip, the profiles of one
    still running), after its transaction committed."""
    for path in erasure.files:
        Path(path).unlink(missing_ok=True)
    for job_id, opening_id in erasure.jobs:
        discard(job_id, opening_id)


def confirms(person: Person, typed: str) -> bool:
    """The typed confirmation of an erasure: the person's name as shown, in any case and
    spacing."""

    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    return bool(typed.strip()) and norm(typed) == norm(person.name)


# --- retention --------------------------------------------------------------------------------


def purge_cutoff(today: date, months: int) -> datetime:
    """Applicants whose last activity is before this instant are past their retention date:
    :func:`hiring.domain.retention.retention_until` is before ``today``. Counting back rounds
    down at a short month's end (six months before 31 August is 28 February), so the first day
    whose date counted forward reaches ``today`` is taken."""
    day = add_months(today, -months)
    if add_months(day, months) < today:
        day += timedelta(days=1)
    return datetime.combine(day, time.min, UTC)


def keep_until(person_id: int, months: int) -> date | None:
    """The day until which an applicant's data are kept (their documents show it too); None
    for a person who never applied."""
    activity = db.session.get(ApplicantActivity, person_id)
    if activity is None:
        return None
    return retention_until([activity.last_activity_at], months)


def due_query(cutoff: datetime) -> Any:
    """Applicants (never employees) past their retention date, oldest activity first, through
    the index on the stored last activity: (person id, last activity)."""
    return (
        select(ApplicantActivity.person_id, ApplicantActivity.last_activity_at)
        .join(Person, Person.id == ApplicantActivity.person_id)
        .where(ApplicantActivity.last_activity_at < cutoff, Person.employee_id.is_(None))
        .order_by(ApplicantActivity.last_activity_at, ApplicantActivity.person_id)
    )


@dataclass(frozen=True)
class Due:
    person_id: int
    last_activity: datetime
    keep_until: date
    candidacies: int


def due_for_purge(
    cutoff: datetime, months: int, limit: int, offset: int = 0
) -> tuple[list[Due], int]:
    """A page of the applicants past their retention date, and how many there are."""
    rows = list(db.session.execute(due_query(cutoff).limit(limit).offset(offset)))
    total = db.session.execute(
        select(func.count()).select_from(due_query(cutoff).order_by(None).subquery())
    ).scalar_one()
    counts = {
        row.person_id: row.n
        for row in db.session.execute(
            select(Candidate.person_id, func.count().label("n"))
            .where(Candidate.person_id.in_([row.person_id for row in rows]))
            .group_by(Candidate.person_id)
        )
    }
    due = [
        Due(
            row.person_id,
            row.last_activity_at,
            retention_until([row.last_activity_at], months),
            counts.get(row.person_id, 0),
        )
        for row in rows
    ]
    return due, total


PURGE_BATCH = 200


def purge(cutoff: datetime, *, by: User | None = None, actor: str | None = None) -> Erasure:
    """Erase every applicant past their retention date, ``PURGE_BATCH`` at a time, in the
    caller's transaction; one audit entry with the counts and the people's numbers. The due
    rows are locked when read (PostgreSQL) and the condition is checked again by the delete
    itself, so a person who applies again meanwhile is kept with everything of theirs."""
    erasure = Erasure()
    still_due = Person.employee_id.is_(None) & exists(
        select(ApplicantActivity.person_id).where(
            ApplicantActivity.person_id == Person.id, ApplicantActivity.last_activity_at < cutoff
        )
    )
    seen: set[int] = set()
    while True:
        ids = [
            row.person_id
            for row in db.session.execute(
                due_query(cutoff)
                .where(ApplicantActivity.person_id.not_in(seen) if seen else true())
                .limit(PURGE_BATCH)
                .with_for_update()
            )
        ]
        if not ids:
            break
        seen.update(ids)
        _erase(ids, erasure, due=still_due)
    if erasure.people:
        audit.record(
            "retention_purge",
            user=by,
            actor=actor,
            details={
                "people": len(erasure.people),
                "candidacies": erasure.candidacies,
                "batches": erasure.batches,
                "ids": erasure.people,
            },
        )
    return erasure
