"""Scheduling interviews and the life of a scorecard: draft, submit, amend.

A scorecard belongs to one interviewer and one interview. Its content lives in numbered
revisions: a draft revision can be saved again and again; once submitted it is never changed.
An amendment opens a new draft revision with a reason; until that is submitted, the previous
submitted revision is the one that counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_datetime
from sqlalchemy.orm import selectinload

from hiring.domain.catalogue import Catalogue, ResolvedRole, role_snapshot
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import (
    INTERVIEW_KINDS,
    RECOMMENDATIONS,
    Candidate,
    Interview,
    InterviewEvent,
    Rating,
    RubricSnapshot,
    Scorecard,
    ScorecardRevision,
    User,
)
from hiring.models.base import utcnow
from hiring.services import AccessDenied, ServiceError, audit
from hiring.services.evaluations import refresh_evaluations
from hiring.services.policy import ScorecardAccess, scorecard_access


def snapshot_for(role: ResolvedRole) -> RubricSnapshot:
    """The stored snapshot of this exact rubric content, created on first use."""
    sha = role.provenance.sha256
    snapshot = db.session.execute(
        db.select(RubricSnapshot).where(RubricSnapshot.sha256 == sha)
    ).scalar_one_or_none()
    if snapshot is None:
        snapshot = RubricSnapshot(
            sha256=sha,
            role_key=role.provenance.role,
            role_version=role.provenance.role_version,
            library_key=role.provenance.library,
            library_version=role.provenance.library_version,
            data=role_snapshot(role),
        )
        db.session.add(snapshot)
        db.session.flush()
    return snapshot


FUTURE_DAYS = 730
"""How far ahead an interview may be scheduled."""


def _check_date(scheduled_at: datetime) -> None:
    """Within ``INTERVIEW_YEARS_BACK`` years before today and two years after it."""
    now = utcnow()
    years = int(current_app.config["INTERVIEW_YEARS_BACK"])
    earliest = now - timedelta(days=round(365.25 * years))
    latest = now + timedelta(days=FUTURE_DAYS)
    if not earliest <= scheduled_at <= latest:
        raise ServiceError(
            _l(
                "Choose a date from %(first)s to %(last)s.",
                first=earliest.date().isoformat(),
                last=latest.date().isoformat(),
            ),
            "scheduled_at",
        )


def schedule_interview(
    candidate: Candidate,
    *,
    scheduled_at: datetime,
    kind: str,
    interviewer_ids: Sequence[int],
    competencies: Sequence[str] | None,
    by: User,
    catalogue: Catalogue,
    role_key: str | None = None,
) -> Interview:
    """Schedule an interview against the candidate's opening's role (or ``role_key``'s, for
    an assessment outside openings), as the rubric is today."""
    if role_key is None and candidate.opening is None:
        raise ServiceError(_l("Attach the candidate to an opening first."))
    if kind not in INTERVIEW_KINDS:
        raise ServiceError(_l("Choose the kind of interview."), "kind")
    _check_date(scheduled_at)
    role = catalogue.role(role_key or candidate.opening.role_key)  # type: ignore[union-attr]
    chosen = list(dict.fromkeys(competencies or ()))
    unknown = [key for key in chosen if role.competency(key) is None]
    if unknown:
        raise ServiceError(
            _l("Not in this role: %(keys)s", keys=", ".join(unknown)), "competencies"
        )
    ids = list(dict.fromkeys(interviewer_ids))
    if not ids:
        raise ServiceError(_l("Assign at least one interviewer."), "interviewers")
    _active_interviewers(ids)
    interview = Interview(
        candidate_id=candidate.id,
        scheduled_at=scheduled_at,
        kind=kind,
        competencies=chosen or None,
        snapshot_id=snapshot_for(role).id,
        created_by_id=by.id,
    )
    db.session.add(interview)
    db.session.flush()
    for interviewer_id in ids:
        db.session.add(Scorecard(interview_id=interview.id, interviewer_id=interviewer_id))
    db.session.flush()
    refresh_evaluations([candidate.id])
    return interview


def is_cancelled(interview: Interview) -> bool:
    return (
        db.session.execute(
            db.select(InterviewEvent.id).where(
                InterviewEvent.interview_id == interview.id, InterviewEvent.kind == "cancelled"
            )
        ).first()
        is not None
    )


def histories(interview_ids: Sequence[int]) -> dict[int, list[InterviewEvent]]:
    """Each interview's changes, oldest first, with their authors: one query for them all."""
    found: dict[int, list[InterviewEvent]] = {i: [] for i in interview_ids}
    if not interview_ids:
        return found
    for event in db.session.execute(
        db.select(InterviewEvent)
        .where(InterviewEvent.interview_id.in_(interview_ids))
        .order_by(InterviewEvent.id)
        .options(selectinload(InterviewEvent.by))
    ).scalars():
        found[event.interview_id].append(event)
    return found


def _active_interviewers(ids: Sequence[int]) -> list[User]:
    found = list(
        db.session.execute(db.select(User).where(User.id.in_(ids), User.active.is_(True))).scalars()
    )
    if len(found) != len(ids):
        raise ServiceError(_l("An interviewer is unknown or deactivated."), "interviewers")
    return found


def _lock(interview: Interview) -> dict[int, list[ScorecardRevision]]:
    """Hold the interview, its scorecards and their revisions until the transaction ends,
    and return the revisions per scorecard as they are now.

    The interview row first (an UPDATE that changes nothing: a row lock on PostgreSQL, the
    write lock on SQLite), so two changes of one interview run one after the other; then the
    scorecards, so that an interviewer's first save, which must refer to its scorecard, waits
    for us (and finds it gone, or sees our change); then the revisions are read afresh, so a
    save that came first is seen."""
    db.session.execute(
        db.update(Interview).where(Interview.id == interview.id).values(kind=Interview.kind)
    )
    db.session.execute(
        db.select(Scorecard.id).where(Scorecard.interview_id == interview.id).with_for_update()
    ).all()
    rows = db.session.execute(
        db.select(ScorecardRevision)
        .join(ScorecardRevision.scorecard)
        .where(Scorecard.interview_id == interview.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalars()
    by_card: dict[int, list[ScorecardRevision]] = {}
    for revision in rows:
        by_card.setdefault(revision.scorecard_id, []).append(revision)
    return by_card


def _event(
    interview: Interview, kind: str, detail: dict[str, object], reason: str, by: User
) -> None:
    db.session.add(
        InterviewEvent(
            interview_id=interview.id, kind=kind, detail=detail, reason=reason.strip(), by_id=by.id
        )
    )


def change_interview(
    interview: Interview,
    *,
    scheduled_at: datetime,
    kind: str,
    interviewer_ids: Sequence[int],
    reason: str,
    by: User,
) -> int:
    """Reschedule the interview, change its kind, add interviewers or remove ones who have
    submitted nothing (their drafts go with them, and so does their access). Each change is
    kept in the interview's history with ``reason``. Returns how many changes were made."""
    if kind not in INTERVIEW_KINDS:
        raise ServiceError(_l("Choose the kind of interview."), "kind")
    wanted = list(dict.fromkeys(interviewer_ids))
    if not wanted:
        raise ServiceError(_l("Assign at least one interviewer."), "interviewers")
    revisions = _lock(interview)
    if is_cancelled(interview):
        raise ServiceError(_l("This interview is cancelled and can no longer change."))
    changes: list[tuple[str, dict[str, object]]] = []
    if scheduled_at != interview.scheduled_at:
        _check_date(scheduled_at)
        changes.append(("rescheduled", {"from": interview.scheduled_at.isoformat(),
                                        "to": scheduled_at.isoformat()}))  # fmt: skip
        interview.scheduled_at = scheduled_at
    if kind != interview.kind:
        changes.append(("kind_changed", {"from": interview.kind, "to": kind}))
        interview.kind = kind
    db.session.expire(interview, ["scorecards"])
    current = {card.interviewer_id: card for card in interview.scorecards}
    for interviewer_id, card in current.items():
        if interviewer_id in wanted:
            continue
        if interviewer_id == by.id:
            # Off the panel, a recruiter would see the others' evidence before scoring.
            raise ServiceError(
                _l("You cannot take yourself off a panel: ask another recruiter."),
                "interviewers",
            )
        if any(r.status == "submitted" for r in revisions.get(card.id, [])):
            raise ServiceError(
                _l(
                    "%(name)s has submitted a scorecard and stays on the panel: submitted "
                    "evidence can be amended, never removed.",
                    name=card.interviewer.name,
                ),
                "interviewers",
            )
        drafts = len(revisions.get(card.id, []))
        changes.append(("interviewer_removed", {"user_id": interviewer_id,
                        "name": card.interviewer.name, "drafts": drafts}))  # fmt: skip
        db.session.delete(card)
    added = [i for i in wanted if i not in current]
    removed_before = {
        event.detail.get("user_id")
        for event in interview.events
        if event.kind == "interviewer_removed"
    }
    if any(person_id in removed_before for person_id in added):
        # They may have read the panel's evidence while off it: not independent any more.
        raise ServiceError(
            _l("Someone taken off this panel cannot be put back on it: schedule another "
               "interviewer."),
            "interviewers",
        )  # fmt: skip
    for person in _active_interviewers(added) if added else []:
        db.session.add(Scorecard(interview_id=interview.id, interviewer_id=person.id))
        changes.append(("interviewer_added", {"user_id": person.id, "name": person.name}))
    for event_kind, detail in changes:
        _event(interview, event_kind, detail, reason, by)
    db.session.flush()
    db.session.expire(interview, ["scorecards", "events"])
    refresh_evaluations([interview.candidate_id])
    return len(changes)


def cancel_interview(interview: Interview, reason: str, by: User) -> None:
    """Cancel an interview that produced no submitted scorecard: its interviewers lose their
    assignments (and any drafts), and the cancellation stays in its history with the reason.
    An interview with submitted evidence is not cancelled: that evidence is amended instead."""
    if not reason.strip():
        raise ServiceError(_l("Give the reason for cancelling."), "reason")
    revisions = _lock(interview)
    if is_cancelled(interview):
        raise ServiceError(_l("This interview is already cancelled."))
    db.session.expire(interview, ["scorecards"])
    if any(r.status == "submitted" for rs in revisions.values() for r in rs):
        raise ServiceError(
            _l(
                "A scorecard of this interview is submitted, so it took place: it cannot be "
                "cancelled. Amend a scorecard that is wrong."
            )
        )
    names = [card.interviewer.name for card in interview.scorecards]
    drafts = sum(len(rs) for rs in revisions.values())
    for card in list(interview.scorecards):
        db.session.delete(card)
    _event(interview, "cancelled", {"interviewers": names, "drafts": drafts}, reason, by)
    db.session.flush()
    db.session.expire(interview, ["scorecards", "events"])
    refresh_evaluations([interview.candidate_id])


def assignments_of(user: User) -> list[Scorecard]:
    """The scorecards assigned to ``user``, newest interview first, with their candidates and
    revisions (and each revision's author) loaded."""
    return list(
        db.session.execute(
            db.select(Scorecard)
            .join(Scorecard.interview)
            .where(Scorecard.interviewer_id == user.id)
            .order_by(Interview.scheduled_at.desc(), Scorecard.id.desc())
            .options(
                selectinload(Scorecard.interview).selectinload(Interview.candidate),
                selectinload(Scorecard.revisions).selectinload(ScorecardRevision.author),
            )
        ).scalars()
    )


def access_to(scorecard: Scorecard, user: User) -> ScorecardAccess:
    """The policy's answer for this scorecard, with the candidate's interviews loaded."""
    interviews = (
        db.session.execute(
            db.select(Interview).where(Interview.candidate_id == scorecard.interview.candidate_id)
        )
        .scalars()
        .all()
    )
    return scorecard_access(user, scorecard, interviews)


@dataclass
class ScorecardInput:
    scores: dict[str, int | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    red_flags: list[str] = field(default_factory=list)
    recommendation: str | None = None
    takeaways: str = ""


def _check(role: ResolvedRole, keys: Sequence[str], data: ScorecardInput, submit: bool) -> None:
    problems: list[ServiceError] = []
    for key in keys:
        entry = role.competency(key)
        assert entry is not None
        score = data.scores.get(key)
        if score is not None and not entry.scale.min <= score <= entry.scale.max:
            problems.append(ServiceError(_l("Choose a point on the scale."), f"score_{key}"))
        extreme = score in (entry.scale.min, entry.scale.max)
        if submit and extreme and not data.notes.get(key, "").strip():
            problems.append(
                ServiceError(
                    _l("Write the evidence for the lowest or highest score."), f"note_{key}"
                )
            )
    if submit and keys and all(data.scores.get(key) is None for key in keys):
        problems.append(
            ServiceError(
                _l(
                    "Score at least one competency before you submit: a scorecard with every "
                    "competency not assessed tells the panel nothing."
                ),
                f"score_{keys[0]}",
            )
        )
    flags = {f.key for f in role.red_flags}
    if any(flag not in flags for flag in data.red_flags):
        problems.append(ServiceError(_l("Unknown red flag."), "red_flags"))
    if data.recommendation is not None and data.recommendation not in RECOMMENDATIONS:
        problems.append(ServiceError(_l("Choose a recommendation."), "recommendation"))
    if submit and data.recommendation is None:
        problems.append(ServiceError(_l("Choose a recommendation."), "recommendation"))
    if problems:
        raise ScorecardInvalid(problems)


def _check_not_before(interview: Interview) -> None:
    """A scorecard records an interview that happened: not submitted long before its time."""
    hours = int(current_app.config["SCORECARD_EARLY_HOURS"])
    when = interview.scheduled_at
    if utcnow() < when - timedelta(hours=hours):
        raise ServiceError(
            _l(
                "The interview is on %(date)s: submit the scorecard after it. You can save a "
                "draft now.",
                date=format_datetime(when, "yyyy-MM-dd HH:mm"),
            )
        )


class SavedMeanwhile(ServiceError):
    """The scorecard was saved by someone (or in another tab) after this copy was opened."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            _l(
                "This scorecard was saved again after you opened it (in another tab, or by "
                "someone entering it for you). Nothing was saved now; your answers are kept "
                "below. Check them, and save again to replace the newer version with them."
            )
        )
        self.current_version = current_version


class ScorecardInvalid(ServiceError):
    def __init__(self, problems: list[ServiceError]) -> None:
        super().__init__(_l("The scorecard has problems; see the marked fields."))
        self.problems = problems


def scorecard_competencies(interview: Interview, role: ResolvedRole) -> list[str]:
    return list(interview.competencies or [c.key for c in role.competencies])


def save_scorecard(
    scorecard: Scorecard,
    user: User,
    role: ResolvedRole,
    data: ScorecardInput,
    *,
    submit: bool,
    seen_version: int | None = None,
) -> ScorecardRevision:
    """Save the working draft (``submit=False``) or submit it. A submitted revision is final:
    saving again needs an amendment first. ``seen_version`` is the version of the revision the
    person's page was built from (0 for none): a save made on an older copy is refused with
    :class:`SavedMeanwhile`, so it never silently replaces a newer save."""
    revision = scorecard.latest
    if revision is not None and revision.status == "submitted":
        raise ServiceError(
            _l("This scorecard is submitted and cannot change. Amend it to make a new revision.")
        )
    if access_to(scorecard, user) is not ScorecardAccess.EDIT:
        raise AccessDenied
    current_version = revision.version if revision is not None else 0
    if seen_version is not None and seen_version != current_version:
        raise SavedMeanwhile(current_version)
    keys = scorecard_competencies(scorecard.interview, role)
    _check(role, keys, data, submit)
    if submit:
        _check_not_before(scorecard.interview)
    if revision is None:
        revision = ScorecardRevision(scorecard=scorecard, number=1, author_id=user.id)
        db.session.add(revision)
    revision.author_id = user.id
    revision.updated_at = utcnow()  # always an UPDATE, so the version check always runs
    revision.recommendation = data.recommendation
    revision.takeaways = data.takeaways.strip()
    revision.red_flags = list(dict.fromkeys(data.red_flags))
    existing = {r.competency_key: r for r in revision.ratings}
    for key in keys:
        rating = existing.get(key)
        if rating is None:
            rating = Rating(competency_key=key)
            revision.ratings.append(rating)
        rating.score = data.scores.get(key)
        rating.note = data.notes.get(key, "").strip()
    if submit:
        revision.status = "submitted"
        revision.submitted_at = utcnow()
        refresh_evaluations([scorecard.interview.candidate_id])
    db.session.flush()
    if submit:
        _audit(scorecard, revision, user, "scorecard_submitted")
    return revision


def _audit(scorecard: Scorecard, revision: ScorecardRevision, user: User, action: str) -> None:
    audit.record(
        action,
        user=user,
        subject="scorecard",
        subject_id=scorecard.id,
        candidate_id=scorecard.interview.candidate_id,
        details={"revision": revision.number},
    )


def amend_scorecard(scorecard: Scorecard, user: User, reason: str) -> ScorecardRevision:
    """Open a new draft revision of a submitted scorecard, starting from its content. The new
    revision records who opened it, so an amendment by someone other than the interviewer is
    labelled with their name wherever the scores appear."""
    current = scorecard.latest
    if current is None or current.status != "submitted":
        raise ServiceError(_l("Only a submitted scorecard can be amended."))
    if access_to(scorecard, user) is not ScorecardAccess.AMEND:
        raise AccessDenied
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the amendment."), "reason")
    revision = ScorecardRevision(
        scorecard=scorecard,
        number=current.number + 1,
        author_id=user.id,
        recommendation=current.recommendation,
        takeaways=current.takeaways,
        red_flags=list(current.red_flags),
        amendment_reason=reason.strip(),
        ratings=[
            Rating(competency_key=r.competency_key, score=r.score, note=r.note)
            for r in current.ratings
        ],
    )
    db.session.add(revision)
    db.session.flush()
    _audit(scorecard, revision, user, "scorecard_amended")
    return revision


def input_from_revision(revision: ScorecardRevision | None) -> ScorecardInput:
    if revision is None:
        return ScorecardInput()
    return ScorecardInput(
        scores={r.competency_key: r.score for r in revision.ratings},
        notes={r.competency_key: r.note for r in revision.ratings},
        red_flags=list(revision.red_flags),
        recommendation=revision.recommendation,
        takeaways=revision.takeaways,
    )
