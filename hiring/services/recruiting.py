"""Openings, candidates and decisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hiring.domain.records import CANDIDATE_RANGES, CandidateRecord
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import (
    DECISIONS,
    STATUS_AFTER,
    ApplicantActivity,
    Candidate,
    Decision,
    Opening,
    User,
)
from hiring.models.base import utcnow
from hiring.models.recruiting import OPENING_STATUSES
from hiring.services import ServiceError, audit
from hiring.services.evaluations import refresh_evaluations
from hiring.services.people import follow_candidate_details, person_for

OPENING_FIELDS = (
    "title",
    "role_key",
    "territory",
    "hiring_manager",
    "hiring_manager_id",
    "status",
)
CANDIDATE_FIELDS = tuple(CandidateRecord.model_fields)


def all_openings() -> list[Opening]:
    """Every opening by title (for choosing one)."""
    return list(db.session.execute(db.select(Opening).order_by(Opening.title)).scalars())


def openings_with_counts() -> list[tuple[Opening, int]]:
    """Every opening, open ones first and newest first, with its number of candidates, in one
    query."""
    count = (
        db.select(db.func.count(Candidate.id))
        .where(Candidate.opening_id == Opening.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Opening, count).order_by(Opening.status.desc(), Opening.created_at.desc())
    ).all()
    return [(opening, int(n)) for opening, n in rows]


def _opening_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The opening's fields from ``data``. A hiring manager must be an active user; without a
    name as printed, theirs is printed."""
    values = {k: data[k] for k in OPENING_FIELDS if k in data}
    manager_id = values.get("hiring_manager_id")
    if manager_id is not None:
        manager = db.session.get(User, manager_id)
        if manager is None or not manager.active:
            raise ServiceError(_l("Choose an active user."), field="hiring_manager_id")
        if not (values.get("hiring_manager") or "").strip():
            values["hiring_manager"] = manager.name
    return values


def create_opening(data: Mapping[str, Any], by: User) -> Opening:
    opening = Opening(created_by_id=by.id, **_opening_values(data))
    db.session.add(opening)
    db.session.flush()
    return opening


def update_opening(opening: Opening, data: Mapping[str, Any]) -> None:
    """Edit an opening. A new role profile changes what its candidates are compared with, so
    their stored evaluations are recomputed."""
    role_before = opening.role_key
    for key, value in _opening_values(data).items():
        setattr(opening, key, value)
    db.session.flush()
    if opening.role_key != role_before:
        refresh_evaluations(
            db.session.execute(
                db.select(Candidate.id).where(Candidate.opening_id == opening.id)
            ).scalars()
        )


def set_opening_status(opening: Opening, status: str) -> None:
    """Close an opening (it takes no new candidates; everything in it stays) or reopen it."""
    if status not in OPENING_STATUSES:
        raise ServiceError(_l("Choose open or closed."), "status")
    opening.status = status
    db.session.flush()


def _message(error: Mapping[str, Any]) -> Any:
    """A pydantic error of the candidate record in the reader's language."""
    kind, context = error["type"], error.get("ctx") or {}
    field = str(error["loc"][0]) if error["loc"] else ""
    if kind in ("missing", "string_too_short"):
        return _l("This field is required.")
    if kind == "string_too_long":
        return _l("At most %(n)d characters.", n=context.get("max_length", 0))
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = CANDIDATE_RANGES[field]
        return _l("Enter a number from %(low)s to %(high)s.", low=f"{low:g}", high=f"{high:g}")
    if kind.startswith(("int_", "float_")):
        return _l("Enter a number.")
    if kind == "extra_forbidden":
        return _l("Unknown field.")
    return {
        "email": _l("Enter an email address."),
        "phone": _l("Digits, spaces and + ( ) - . only."),
        "languages": _l("Two- or three-letter codes separated by commas, e.g. fi, en."),
        "education": _l("Not a valid choice."),
        "source": _l("Not a valid choice."),
    }.get(field, _l("Not a valid value."))


class RecordInvalid(ServiceError):
    """A record's values broke the input model; ``problems`` name each field."""

    def __init__(self, problems: list[ServiceError]) -> None:
        super().__init__(_l("Some values are not valid; see the marked fields."))
        self.problems = problems


def candidate_record(data: Mapping[str, Any]) -> CandidateRecord:
    """``data`` checked against the candidate's input model, whoever sends it (web form,
    command line, CSV import, API); a refusal names every field that is wrong."""
    values = {k: data[k] for k in data if k not in ("version",)}
    try:
        return CandidateRecord.model_validate(values)
    except ValidationError as exc:
        problems = [
            ServiceError(_message(error), str(error["loc"][0]) if error["loc"] else None)
            for error in exc.errors()
        ]
        raise RecordInvalid(problems) from None


def create_candidate(data: Mapping[str, Any]) -> Candidate:
    record = candidate_record(data)
    _check_opening(record.opening_id, allow_closed=None)
    candidate = Candidate(**record.row(), person=person_for(record))
    db.session.add(candidate)
    db.session.flush()
    refresh_evaluations([candidate.id])
    mark_activity(candidate)
    return candidate


def mark_activity(candidate: Candidate) -> None:
    """The applicant's data are kept ``RETENTION_MONTHS`` from now: a candidacy of theirs was
    added or a decision recorded (an upsert that only moves the date forward)."""
    now = utcnow()
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ApplicantActivity).values(
        person_id=candidate.person_id, last_activity_at=now
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[ApplicantActivity.person_id],
            set_={"last_activity_at": statement.excluded.last_activity_at},
            where=ApplicantActivity.last_activity_at < statement.excluded.last_activity_at,
        )
    )


def _check_opening(opening_id: int | None, *, allow_closed: int | None) -> None:
    """The opening must exist and be open; a closed one is accepted only as ``allow_closed``
    (the opening the candidate already had: editing them does not move them out of it)."""
    if opening_id is None:
        return
    opening = db.session.get(Opening, opening_id)
    if opening is None:
        raise RecordInvalid([ServiceError(_l("Not a valid choice."), "opening_id")])
    if opening.status != "open" and opening_id != allow_closed:
        raise RecordInvalid(
            [ServiceError(_l("This opening is closed: it takes no new candidates."), "opening_id")]
        )


def update_candidate(candidate: Candidate, data: Mapping[str, Any], seen_version: int) -> None:
    """Apply an edit made on the copy at ``seen_version``. If somebody saved the candidate in
    the meantime the edit is refused, so neither person's changes are silently lost."""
    if seen_version != candidate.version:
        raise ServiceError(
            _l(
                "Someone else changed this candidate while you were editing. Your changes were "
                "not saved: reload the page to see the current data and edit again."
            )
        )
    current = {key: getattr(candidate, key) for key in CANDIDATE_FIELDS}
    record = candidate_record({**current, **{k: v for k, v in data.items() if k in current}})
    _check_opening(record.opening_id, allow_closed=candidate.opening_id)
    for key, value in record.row().items():
        setattr(candidate, key, value)
    follow_candidate_details(candidate.person, record)
    db.session.flush()
    refresh_evaluations([candidate.id])


def record_decision(candidate: Candidate, decision: str, reason: str, by: User) -> Decision:
    """Record a person's decision with their reason; the candidate's status follows it."""
    if decision not in DECISIONS:
        raise ServiceError(_l("Choose a decision."), "decision")
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the decision."), "reason")
    record = Decision(
        candidate_id=candidate.id, decision=decision, reason=reason.strip(), decided_by_id=by.id
    )
    db.session.add(record)
    candidate.status = STATUS_AFTER[decision]
    db.session.flush()
    mark_activity(candidate)
    audit.record(
        "decision_recorded",
        user=by,
        subject="decision",
        subject_id=record.id,
        candidate_id=candidate.id,
        opening_id=candidate.opening_id,
    )
    return record
