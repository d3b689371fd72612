"""Scheduling interviews and the life of a scorecard: draft, submit, amend.

A scorecard belongs to one interviewer and one interview. Its content lives in numbered
revisions: a draft revision can be saved again and again; once submitted it is never changed.
An amendment opens a new draft revision with a reason; until that is submitted, the previous
submitted revision is the one that counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from hiring.domain.catalogue import Catalogue, ResolvedRole, role_snapshot
from hiring.extensions import db
from hiring.models import (
    INTERVIEW_KINDS,
    RECOMMENDATIONS,
    Candidate,
    Interview,
    Rating,
    RubricSnapshot,
    Scorecard,
    ScorecardRevision,
    User,
)
from hiring.models.base import utcnow
from hiring.services import AccessDenied, ServiceError
from hiring.services.access import may_open_scorecard


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


def schedule_interview(
    candidate: Candidate,
    *,
    scheduled_at: datetime,
    kind: str,
    interviewer_ids: Sequence[int],
    competencies: Sequence[str] | None,
    by: User,
    catalogue: Catalogue,
) -> Interview:
    """Schedule an interview against the candidate's opening's role, as the rubric is today."""
    if candidate.opening is None:
        raise ServiceError(_l("Attach the candidate to an opening first."))
    if kind not in INTERVIEW_KINDS:
        raise ServiceError(_l("Choose the kind of interview."), "kind")
    role = catalogue.role(candidate.opening.role_key)
    chosen = list(dict.fromkeys(competencies or ()))
    unknown = [key for key in chosen if role.competency(key) is None]
    if unknown:
        raise ServiceError(
            _l("Not in this role: %(keys)s", keys=", ".join(unknown)), "competencies"
        )
    ids = list(dict.fromkeys(interviewer_ids))
    if not ids:
        raise ServiceError(_l("Assign at least one interviewer."), "interviewers")
    interviewers = (
        db.session.execute(db.select(User).where(User.id.in_(ids), User.active.is_(True)))
        .scalars()
        .all()
    )
    if len(interviewers) != len(ids):
        raise ServiceError(_l("An interviewer is unknown or deactivated."), "interviewers")
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
    return interview


def may_fill(scorecard: Scorecard, user: User) -> bool:
    """The assigned interviewer fills a scorecard; a recruiter may enter one on their behalf
    (a paper form), and the revision records who entered it, unless the recruiter's own
    scorecards for this candidate are still unsubmitted (the independence rule)."""
    if user.id == scorecard.interviewer_id:
        return True
    interviews = (
        db.session.execute(
            db.select(Interview).where(Interview.candidate_id == scorecard.interview.candidate_id)
        )
        .scalars()
        .all()
    )
    return may_open_scorecard(user, scorecard, interviews)


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
    flags = {f.key for f in role.red_flags}
    if any(flag not in flags for flag in data.red_flags):
        problems.append(ServiceError(_l("Unknown red flag."), "red_flags"))
    if data.recommendation is not None and data.recommendation not in RECOMMENDATIONS:
        problems.append(ServiceError(_l("Choose a recommendation."), "recommendation"))
    if submit and data.recommendation is None:
        problems.append(ServiceError(_l("Choose a recommendation."), "recommendation"))
    if problems:
        raise ScorecardInvalid(problems)


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
) -> ScorecardRevision:
    """Save the working draft (``submit=False``) or submit it. A submitted revision is final:
    saving again needs an amendment first."""
    if not may_fill(scorecard, user):
        raise AccessDenied
    keys = scorecard_competencies(scorecard.interview, role)
    _check(role, keys, data, submit)
    revision = scorecard.latest
    if revision is not None and revision.status == "submitted":
        raise ServiceError(
            _l("This scorecard is submitted and cannot change. Amend it to make a new revision.")
        )
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
    db.session.flush()
    return revision


def amend_scorecard(scorecard: Scorecard, user: User, reason: str) -> ScorecardRevision:
    """Open a new draft revision of a submitted scorecard, starting from its content."""
    if not may_fill(scorecard, user):
        raise AccessDenied
    current = scorecard.latest
    if current is None or current.status != "submitted":
        raise ServiceError(_l("Only a submitted scorecard can be amended."))
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
