"""Small plain factories for test data, going through the services like the app does."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from types import SimpleNamespace

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import AuditEntry, Candidate, Interview, Opening, Scorecard, User
from hiring.services.accounts import create_user
from hiring.services.interviews import ScorecardInput, save_scorecard, schedule_interview
from hiring.services.recruiting import create_candidate, create_opening
from hiring.services.results import role_of_snapshot

PASSWORD = "correct horse battery"
_serial = count(1)


def make_user(role: str = "recruiter", name: str | None = None, email: str | None = None) -> User:
    n = next(_serial)
    user = create_user(
        email or f"{role}{n}@example.test", name or f"{role.title()} {n}", role, PASSWORD
    )
    db.session.commit()
    return user


def make_opening(by: User, role_key: str = "kam", title: str = "KAM Helsinki") -> Opening:
    opening = create_opening({"title": title, "role_key": role_key, "territory": "Uusimaa"}, by)
    db.session.commit()
    return opening


def make_candidate(
    opening: Opening | None = None, name: str = "Maija Meikäläinen", **values
) -> Candidate:
    data = {"name": name, "opening_id": opening.id if opening else None, **values}
    candidate = create_candidate(data)
    db.session.commit()
    return candidate


def make_interview(
    candidate: Candidate,
    interviewers: list[User],
    by: User,
    competencies: list[str] | None = None,
    kind: str = "competency_interview",
) -> Interview:
    interview = schedule_interview(
        candidate,
        scheduled_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        kind=kind,
        interviewer_ids=[u.id for u in interviewers],
        competencies=competencies,
        by=by,
        catalogue=current_catalogue(),
    )
    db.session.commit()
    return interview


def scorecard_of(interview: Interview, user: User) -> Scorecard:
    return next(s for s in interview.scorecards if s.interviewer_id == user.id)


def fill(
    interview: Interview,
    user: User,
    scores: dict[str, int | None],
    *,
    submit: bool = True,
    recommendation: str = "yes",
    red_flags: list[str] | None = None,
    notes: dict[str, str] | None = None,
) -> Scorecard:
    """Fill (and by default submit) ``user``'s scorecard. Extreme scores get a note."""
    card = scorecard_of(interview, user)
    role = role_of_snapshot(interview.snapshot)
    auto_notes = {k: f"evidence for {k}" for k in scores}
    data = ScorecardInput(
        scores=scores,
        notes={**auto_notes, **(notes or {})},
        red_flags=red_flags or [],
        recommendation=recommendation,
        takeaways="",
    )
    save_scorecard(card, user, role, data, submit=submit)
    db.session.commit()
    return card


def documents_issued() -> list[SimpleNamespace]:
    """The audit log's record of documents handed out, oldest first, in the shape the
    download record had: actor, kind, candidate_id, opening_id, lang, blind, role_key, at."""
    entries = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.action == "document_issued").order_by(AuditEntry.id)
    ).scalars()
    return [
        SimpleNamespace(
            actor=entry.actor,
            kind=entry.details["kind"],
            candidate_id=entry.candidate_id,
            opening_id=entry.opening_id,
            lang=entry.details["lang"],
            blind=bool(entry.details.get("blind")),
            role_key=entry.details.get("role"),
            at=entry.at,
        )
        for entry in entries
    ]
