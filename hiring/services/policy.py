"""Who may see and do what: the one access policy.

Every view, CLI command, report and batch asks these functions; nothing else decides access.
The written matrix is ``docs/access.md``, and ``tests/web/test_access_matrix.py`` walks every
route of the app against it.

Two kinds of rule live here:

- **Permissions by role** (:func:`can`): named abilities such as ``"recruiting.manage"``, each
  granted to a set of roles. Blueprints guard themselves with one permission.
- **Rules about an object**: a candidate, a scorecard, a batch of profiles. The independence
  rule (nobody assigned to a candidate sees the other interviewers' evidence before their own
  scorecards for that candidate are submitted) binds every role, recruiters included.

The functions take the candidate's interviews with their scorecards and revisions loaded
(:func:`hiring.services.results.load_interviews`), so asking costs no query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Select, exists, false, or_, select

from hiring.models import (
    Candidate,
    Interview,
    Opening,
    Person,
    ReportJob,
    Scorecard,
    ScorecardRevision,
    User,
)

SelectT = TypeVar("SelectT", bound=Select[Any])

PERMISSIONS: dict[str, frozenset[str]] = {
    # Openings, candidates, interviews, decisions, every candidate's result (within the
    # independence rule), shortlists, CSV exports, batches of profiles.
    "recruiting.manage": frozenset({"admin", "recruiter"}),
    # User accounts.
    "users.manage": frozenset({"admin"}),
    # Data protection: the audit log, retention and purging, a person's export and erasure.
    "privacy.manage": frozenset({"admin"}),
    # One's own assignments and scorecards, and the candidates one interviews.
    "interviews.own": frozenset({"admin", "recruiter", "interviewer", "manager"}),
    # The rubric catalogue and job descriptions (no personal data).
    "catalogue.read": frozenset({"admin", "recruiter", "interviewer", "manager"}),
    # A team of representatives: the talent pool, import and export, assessments (a manager
    # their own team's people; an administrator every team's).
    "team.manage": frozenset({"admin", "manager"}),
    # Quality of hire: which hiring figures predicted later results (aggregates over every
    # hire; the people behind them only as far as team.manage reaches, see visible_hires).
    "validity.read": frozenset({"admin", "manager"}),
}


def can(user: User | None, permission: str) -> bool:
    """Whether ``user``'s role grants ``permission`` (an unknown name is a programming error)."""
    roles = PERMISSIONS[permission]
    return user is not None and user.is_authenticated and user.active and user.role in roles


def sees_every_candidate(user: User) -> bool:
    """Every candidacy for an opening (not managers' assessments of their people)."""
    return can(user, "recruiting.manage")


def sees_every_team(user: User) -> bool:
    return can(user, "team.manage") and user.role == "admin"


# --- people and teams -----------------------------------------------------------------------


def manages_person(user: User, person: Person | None) -> bool:
    """Whether ``user`` is the manager of ``person`` (an employee in their team)."""
    return person is not None and user.id is not None and person.manager_id == user.id


def may_view_person(user: User, person: Person) -> bool:
    """An employee's record, field data and assessments: their manager's, and any
    administrator's. A person who is only an applicant is nobody's team member."""
    return can(user, "team.manage") and (sees_every_team(user) or manages_person(user, person))


def visible_people(user: User, query: SelectT) -> SelectT:
    """Narrow a SELECT of people to the employees ``user`` may open, in SQL."""
    query = query.where(Person.employee_id.is_not(None))
    if sees_every_team(user):
        return query
    if not can(user, "team.manage"):
        return query.where(false())
    return query.where(Person.manager_id == user.id)


def visible_hires(user: User, query: SelectT) -> SelectT:
    """Narrow a SELECT of hired candidacies joined with their people to those whose people
    ``user`` may see behind the quality-of-hire figures: every hire for an administrator, the
    employees of their own team for a manager, nobody for anyone else."""
    if not can(user, "validity.read"):
        return query.where(false())
    if sees_every_team(user):
        return query
    return query.where(Person.manager_id == user.id, Person.employee_id.is_not(None))


def sees_every_interviewer_validity(user: User) -> bool:
    """Each interviewer's own quality-of-hire figure, all of them: administrators only."""
    return can(user, "validity.read") and user.role == "admin"


def may_see_interviewer_validity(user: User, interviewer_id: int) -> bool:
    """One interviewer's figure, and the hires behind it: administrators', and the
    interviewer's own."""
    return sees_every_interviewer_validity(user) or (
        user.is_authenticated and user.active and user.id == interviewer_id
    )


def is_assessment(candidate: Candidate) -> bool:
    """A manager's assessment of a representative, outside any opening (not a candidacy)."""
    return candidate.purpose == "assessment"


def may_manage_candidacy(user: User, candidate: Candidate) -> bool:
    """The recruiting team's pages and actions (edit, schedule, decide, links) serve
    candidacies for openings; a manager's assessment is the team's, not theirs."""
    return sees_every_candidate(user) and not is_assessment(candidate)


# --- candidates -----------------------------------------------------------------------------


def own_scorecards(user: User, interviews: Iterable[Interview]) -> list[Scorecard]:
    return [s for i in interviews for s in i.scorecards if s.interviewer_id == user.id]


def manages_opening(user: User, opening: Opening | None) -> bool:
    """Whether ``user`` is the hiring manager of ``opening``."""
    return opening is not None and user.id is not None and opening.hiring_manager_id == user.id


def may_view_opening(user: User, opening: Opening) -> bool:
    """Recruiters and admins see every opening; a hiring manager the ones they manage."""
    return sees_every_candidate(user) or manages_opening(user, opening)


def _oversees(user: User, candidate: Candidate | None) -> bool:
    """Sees the candidate without rating them: the recruiting team a candidacy, the hiring
    manager their opening's candidates; an assessment the person's manager and
    administrators."""
    if candidate is None:
        return sees_every_candidate(user)
    if is_assessment(candidate):
        return sees_every_team(user) or manages_person(user, candidate.person)
    return sees_every_candidate(user) or manages_opening(user, candidate.opening)


def may_view_candidate(
    user: User, interviews: Sequence[Interview], candidate: Candidate | None = None
) -> bool:
    """Recruiters and admins see every candidacy; the hiring manager of the candidate's
    opening sees its candidates; a representative's manager (and an admin) their
    assessments; anyone else only those they rate."""
    return _oversees(user, candidate) or bool(own_scorecards(user, interviews))


def may_see_panel(
    user: User, interviews: Sequence[Interview], candidate: Candidate | None = None
) -> bool:
    """The panel's ratings and notes, and every number made from them: hidden from anyone
    assigned to this candidate until every one of their own scorecards for the candidate is
    submitted, whatever their role (independent evidence first, then the panel). The hiring
    manager of the candidate's opening sees them on the same terms."""
    own = own_scorecards(user, interviews)
    if any(s.submitted is None for s in own):
        return False
    return _oversees(user, candidate) or bool(own)


def may_see_debrief(user: User, candidate: Candidate) -> bool:
    """The panel debrief's notes and summary: for the people deciding, the recruiting team
    and the hiring manager of the candidate's opening (who reach them only where they may see
    the panel); not each panelist, who judged alone and learns the panel's view in the
    meeting itself."""
    return sees_every_candidate(user) or manages_opening(user, candidate.opening)


def may_see_contact_details(user: User) -> bool:
    """Email, phone, notes, source and decisions: the recruiting team's, not the panel's."""
    return sees_every_candidate(user)


def visible_candidates(user: User, query: SelectT) -> SelectT:
    """Narrow a SELECT of candidates to the candidacies ``user`` may open, in SQL: every
    candidacy for the recruiting team; for anyone else those they rate and those of the
    openings they manage. (Managers' assessments are listed in the talent pool.)"""
    if sees_every_candidate(user):
        return query.where(Candidate.purpose != "assessment")
    assigned = exists(
        select(Scorecard.id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .where(Interview.candidate_id == Candidate.id, Scorecard.interviewer_id == user.id)
    )
    managed = Candidate.opening_id.in_(
        select(Opening.id).where(Opening.hiring_manager_id == user.id)
    )
    return query.where(or_(assigned, managed))


def managed_openings(user: User) -> Select[Any]:
    """The openings ``user`` is the hiring manager of, newest first."""
    return (
        select(Opening)
        .where(Opening.hiring_manager_id == user.id)
        .order_by(Opening.status.desc(), Opening.created_at.desc())
    )


def withheld_candidates(user: User) -> Select[Any]:
    """In SQL, the candidates whose figures are withheld from ``user``: those on whose panel
    they sit with a scorecard not yet submitted (a handful for anyone), as
    :func:`may_see_panel` withholds a computed result (the lists' side of the same rule)."""
    submitted = exists(
        select(ScorecardRevision.id).where(
            ScorecardRevision.scorecard_id == Scorecard.id,
            ScorecardRevision.status == "submitted",
        )
    )
    return (
        select(Interview.candidate_id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .where(Scorecard.interviewer_id == user.id, ~submitted)
        .distinct()
    )


def withheld_people(user: User) -> Select[Any]:
    """In SQL, the people whose stored standing (KAM score, fit, level, readiness) is withheld
    from ``user``: those on one of whose assessments they sit with a scorecard not yet
    submitted (the independence rule, as :func:`withheld_candidates` for candidacies; a
    manager always sits on their own people's assessments)."""
    return (
        select(Candidate.person_id)
        .where(Candidate.id.in_(withheld_candidates(user)), Candidate.purpose == "assessment")
        .distinct()
    )


# --- scorecards -----------------------------------------------------------------------------


class ScorecardAccess(Enum):
    """What a person may do with one scorecard."""

    NONE = "none"
    READ = "read"
    """The latest submitted revision, read only (the panel's evidence)."""
    EDIT = "edit"
    """Fill and save the working draft, or submit it."""
    AMEND = "amend"
    """Read the submitted revision and open an amendment."""


def scorecard_access(
    user: User, scorecard: Scorecard, interviews: Sequence[Interview]
) -> ScorecardAccess:
    """A scorecard belongs to its interviewer. A draft is seen only by its interviewer and by
    whoever wrote that draft; a recruiter who may see the panel may enter a paper scorecard
    for an interviewer (when nobody has started one) and may amend a submitted one, and every
    revision records who entered it, so the result shows "entered by" wherever that differs."""
    latest = scorecard.latest
    if scorecard.interviewer_id == user.id:
        if latest is not None and latest.status == "submitted":
            return ScorecardAccess.AMEND
        return ScorecardAccess.EDIT
    candidate = scorecard.interview.candidate
    if not (may_manage_candidacy(user, candidate) and may_see_panel(user, interviews, candidate)):
        return ScorecardAccess.NONE
    if latest is None or (latest.status == "draft" and latest.author_id == user.id):
        return ScorecardAccess.EDIT
    if latest.status == "submitted":
        return ScorecardAccess.AMEND
    # Someone else's draft: only the submitted revision it amends, if any, may be read.
    return ScorecardAccess.READ if scorecard.submitted is not None else ScorecardAccess.NONE


def readable_revision(
    user: User, scorecard: Scorecard, access: ScorecardAccess
) -> ScorecardRevision | None:
    """The revision ``user`` is shown: their working copy when they may edit, else the latest
    submitted one (never another person's draft)."""
    if access is ScorecardAccess.EDIT:
        return scorecard.latest
    if access is ScorecardAccess.NONE:
        return None
    return scorecard.submitted


# --- documents ------------------------------------------------------------------------------


def may_open_batch(user: User, job: ReportJob) -> bool:
    """A batch of profiles was made with its creator's rights; only they may see it."""
    return sees_every_candidate(user) and job.created_by_id == user.id


def unseeable_in_batch(
    user: User, candidate_ids: Iterable[int], interviews: dict[int, list[Interview]]
) -> list[int]:
    """The candidates of a finished batch whose profile ``user`` may not take now (the
    independence rule closes again when the user is put on the panel of a new interview)."""
    return [cid for cid in candidate_ids if not may_see_panel(user, interviews.get(cid, []))]
