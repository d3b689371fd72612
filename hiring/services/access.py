"""Who may see what about a candidate. The independence rule lives here."""

from __future__ import annotations

from collections.abc import Sequence

from hiring.models import Interview, Scorecard, User


def own_scorecards(user: User, interviews: Sequence[Interview]) -> list[Scorecard]:
    return [s for i in interviews for s in i.scorecards if s.interviewer_id == user.id]


def may_view_candidate(user: User, interviews: Sequence[Interview]) -> bool:
    """Recruiters and admins see every candidate; anyone else only those they interview."""
    return user.sees_every_candidate or bool(own_scorecards(user, interviews))


def may_see_panel(user: User, interviews: Sequence[Interview]) -> bool:
    """Other interviewers' ratings and notes stay hidden from anyone assigned to this candidate
    until every one of their own scorecards for the candidate is submitted, whatever their
    role: independent evidence first, then the panel."""
    own = own_scorecards(user, interviews)
    if any(s.submitted is None for s in own):
        return False
    return user.sees_every_candidate or bool(own)


def may_open_scorecard(user: User, scorecard: Scorecard, interviews: Sequence[Interview]) -> bool:
    """Interviewers open their own scorecards. A recruiter may open anyone's (to enter a paper
    form, or to read it), but not while their own scorecards for this candidate are
    unsubmitted: another interviewer's scorecard is the panel's evidence too."""
    if scorecard.interviewer_id == user.id:
        return True
    return user.sees_every_candidate and may_see_panel(user, interviews)
