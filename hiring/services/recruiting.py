"""Openings, candidates and decisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from hiring.extensions import db
from hiring.models import DECISIONS, STATUS_AFTER, Candidate, Decision, Opening, User
from hiring.services import ServiceError

OPENING_FIELDS = ("title", "role_key", "territory", "hiring_manager", "status")
CANDIDATE_FIELDS = (
    "opening_id",
    "name",
    "email",
    "phone",
    "education",
    "sales_experience_years",
    "kam_experience_years",
    "languages",
    "long_term_clients",
    "repeat_transactions",
    "sales_growth_pct",
    "source",
    "notes",
)


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


def create_opening(data: Mapping[str, Any], by: User) -> Opening:
    opening = Opening(created_by_id=by.id, **{k: data[k] for k in OPENING_FIELDS if k in data})
    db.session.add(opening)
    db.session.flush()
    return opening


def update_opening(opening: Opening, data: Mapping[str, Any]) -> None:
    for key in OPENING_FIELDS:
        if key in data:
            setattr(opening, key, data[key])
    db.session.flush()


def _languages(value: Any) -> str:
    codes = (
        value if isinstance(value, list | tuple) else str(value or "").replace(" ", ",").split(",")
    )
    return ",".join(dict.fromkeys(code.strip().lower() for code in codes if code.strip()))


def create_candidate(data: Mapping[str, Any]) -> Candidate:
    values = {k: data[k] for k in CANDIDATE_FIELDS if k in data}
    values["languages"] = _languages(values.get("languages"))
    candidate = Candidate(**values)
    db.session.add(candidate)
    db.session.flush()
    return candidate


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
    for key in CANDIDATE_FIELDS:
        if key in data:
            value = _languages(data[key]) if key == "languages" else data[key]
            setattr(candidate, key, value)
    db.session.flush()


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
    return record
