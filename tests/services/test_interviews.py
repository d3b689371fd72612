"""Scheduling and the life of a scorecard, at the service level."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hiring.extensions import db
from hiring.models import Interview, RubricSnapshot
from hiring.services import AccessDenied, ServiceError
from hiring.services.interviews import (
    ScorecardInput,
    ScorecardInvalid,
    amend_scorecard,
    save_scorecard,
    schedule_interview,
)
from hiring.services.results import role_of_snapshot
from tests.factories import make_candidate, make_interview, make_opening, make_user, scorecard_of


@pytest.fixture
def world(app, shipped):
    recruiter = make_user("recruiter")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening)
    people = [make_user("interviewer"), make_user("interviewer")]
    return recruiter, candidate, people


def test_schedule_dedupes_interviewers_and_shares_snapshot(world, shipped):
    recruiter, candidate, people = world
    first = make_interview(candidate, [people[0], people[0], people[1]], recruiter)
    second = make_interview(candidate, people, recruiter)
    assert len(first.scorecards) == 2
    assert first.snapshot_id == second.snapshot_id
    snapshot = db.session.execute(db.select(RubricSnapshot)).scalar_one()
    assert snapshot.sha256 == shipped.roles["kam"].provenance.sha256


def test_schedule_rejects_unknown_competency_and_nothing_is_saved(world, shipped):
    recruiter, candidate, people = world
    with pytest.raises(ServiceError) as caught:
        schedule_interview(
            candidate,
            scheduled_at=datetime.now(UTC),
            kind="case",
            interviewer_ids=[people[0].id],
            competencies=["persuasion", "visit_discipline"],
            by=recruiter,
            catalogue=shipped,
        )
    assert caught.value.field == "competencies"
    db.session.rollback()
    assert db.session.execute(db.select(Interview)).first() is None


def test_schedule_rejects_deactivated_interviewer(world, shipped):
    recruiter, candidate, people = world
    people[1].active = False
    db.session.commit()
    with pytest.raises(ServiceError, match="unknown or deactivated"):
        make_interview(candidate, people, recruiter)


def data(**scores) -> ScorecardInput:
    return ScorecardInput(
        scores=scores, notes={k: "seen" for k in scores}, recommendation="yes", takeaways="t"
    )


def test_save_draft_twice_updates_in_place(world):
    recruiter, candidate, people = world
    interview = make_interview(candidate, people, recruiter, competencies=["persuasion"])
    card = scorecard_of(interview, people[0])
    role = role_of_snapshot(interview.snapshot)
    save_scorecard(card, people[0], role, data(persuasion=2), submit=False)
    save_scorecard(card, people[0], role, data(persuasion=3), submit=False)
    db.session.commit()
    assert [(r.number, r.status) for r in card.revisions] == [(1, "draft")]
    assert [(r.competency_key, r.score) for r in card.latest.ratings] == [("persuasion", 3)]


def test_other_interviewer_cannot_save(world):
    recruiter, candidate, people = world
    interview = make_interview(candidate, people, recruiter, competencies=["persuasion"])
    card = scorecard_of(interview, people[0])
    with pytest.raises(AccessDenied):
        save_scorecard(
            card, people[1], role_of_snapshot(interview.snapshot), data(persuasion=3), submit=True
        )


def test_submit_validation_collects_every_problem(world):
    recruiter, candidate, people = world
    interview = make_interview(
        candidate, people, recruiter, competencies=["persuasion", "listening"]
    )
    card = scorecard_of(interview, people[0])
    bad = ScorecardInput(scores={"persuasion": 5, "listening": 1}, red_flags=["nonsense"])
    with pytest.raises(ScorecardInvalid) as caught:
        save_scorecard(card, people[0], role_of_snapshot(interview.snapshot), bad, submit=True)
    assert sorted(p.field for p in caught.value.problems) == [
        "note_listening",
        "note_persuasion",
        "recommendation",
        "red_flags",
    ]


def test_a_scorecard_with_nothing_assessed_is_not_submitted(world):
    """Seen: a scorecard with every competency "Not assessed" was accepted as submitted. It
    can be saved as a draft, but submitting it is refused with a message at the first
    competency, and nothing is submitted."""
    recruiter, candidate, people = world
    interview = make_interview(
        candidate, people, recruiter, competencies=["persuasion", "listening"]
    )
    card = scorecard_of(interview, people[0])
    role = role_of_snapshot(interview.snapshot)
    empty = data(persuasion=None, listening=None)
    save_scorecard(card, people[0], role, empty, submit=False)
    with pytest.raises(ScorecardInvalid) as caught:
        save_scorecard(card, people[0], role, empty, submit=True)
    db.session.rollback()
    assert [
        (p.field, "Score at least one competency" in str(p)) for p in caught.value.problems
    ] == [("score_persuasion", True)]
    assert card.submitted is None
    save_scorecard(card, people[0], role, data(persuasion=None, listening=3), submit=True)
    assert card.submitted is not None


def test_amend_only_submitted(world):
    recruiter, candidate, people = world
    interview = make_interview(candidate, people, recruiter, competencies=["persuasion"])
    card = scorecard_of(interview, people[0])
    role = role_of_snapshot(interview.snapshot)
    save_scorecard(card, people[0], role, data(persuasion=3), submit=False)
    with pytest.raises(ServiceError, match="Only a submitted scorecard"):
        amend_scorecard(card, people[0], "because")
    save_scorecard(card, people[0], role, data(persuasion=3), submit=True)
    with pytest.raises(ServiceError, match="reason"):
        amend_scorecard(card, people[0], "  ")
    revision = amend_scorecard(card, people[0], "typo")
    assert (revision.number, revision.status, revision.ratings[0].score) == (2, "draft", 3)
    assert card.submitted.number == 1  # the submitted revision still counts


def test_stale_save_cannot_overwrite_a_submitted_revision(world):
    """Request A loaded the draft; request B submitted it meanwhile; A's save is refused."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    from hiring.models import ScorecardRevision

    recruiter, candidate, people = world
    interview = make_interview(candidate, people, recruiter, competencies=["persuasion"])
    card = scorecard_of(interview, people[0])
    role = role_of_snapshot(interview.snapshot)
    save_scorecard(card, people[0], role, data(persuasion=2), submit=False)
    db.session.commit()
    revision_id = card.latest.id
    assert card.latest.status == "draft"  # request A has the draft loaded
    with Session(db.engine) as other:  # request B submits
        theirs = other.get(ScorecardRevision, revision_id)
        theirs.status = "submitted"
        theirs.recommendation = "no"
        other.commit()
    with pytest.raises(StaleDataError):
        save_scorecard(card, people[0], role, data(persuasion=5), submit=False)
    db.session.rollback()
    stored = db.session.get(ScorecardRevision, revision_id)
    assert (stored.status, stored.recommendation, stored.ratings[0].score) == ("submitted", "no", 2)


def test_double_amendment_is_refused_by_the_database(world):
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm import Session

    from hiring.models import ScorecardRevision

    recruiter, candidate, people = world
    interview = make_interview(candidate, people, recruiter, competencies=["persuasion"])
    card = scorecard_of(interview, people[0])
    role = role_of_snapshot(interview.snapshot)
    save_scorecard(card, people[0], role, data(persuasion=3), submit=True)
    db.session.commit()
    assert len(card.revisions) == 1  # this request has loaded the revisions
    with Session(db.engine) as other:  # a second click amends first
        other.add(ScorecardRevision(scorecard_id=card.id, number=2, author_id=people[0].id))
        other.commit()
    with pytest.raises(IntegrityError):
        amend_scorecard(card, people[0], "typo")
    db.session.rollback()


@pytest.mark.parametrize(
    "when", [datetime(1900, 1, 1, 9, tzinfo=UTC), datetime(2062, 1, 1, 9, tzinfo=UTC)]
)
def test_a_date_far_out_of_range_is_refused(world, shipped, when):
    """Seen: 1900-01-01 was accepted as an interview date."""
    recruiter, candidate, people = world
    with pytest.raises(ServiceError, match="Choose a date from") as caught:
        schedule_interview(
            candidate, scheduled_at=when, kind="case", interviewer_ids=[people[0].id],
            competencies=None, by=recruiter, catalogue=shipped,
        )  # fmt: skip
    assert caught.value.field == "scheduled_at"
    db.session.rollback()
    assert db.session.execute(db.select(Interview)).first() is None


def test_a_scorecard_is_submitted_after_its_interview_not_before(world, shipped):
    """Seen: a scorecard could be submitted before its interview's date. A draft can be
    saved; submitting waits until the interview's time (less the configured tolerance)."""
    from datetime import timedelta

    recruiter, candidate, people = world
    interview = schedule_interview(
        candidate, scheduled_at=datetime.now(UTC) + timedelta(days=3), kind="case",
        interviewer_ids=[people[0].id], competencies=["persuasion"], by=recruiter,
        catalogue=shipped,
    )  # fmt: skip
    db.session.commit()
    card = scorecard_of(interview, people[0])
    role = role_of_snapshot(interview.snapshot)
    save_scorecard(card, people[0], role, data(persuasion=3), submit=False)
    with pytest.raises(ServiceError, match="submit the scorecard after it"):
        save_scorecard(card, people[0], role, data(persuasion=3), submit=True)
    db.session.rollback()
    assert card.submitted is None
    interview.scheduled_at = datetime.now(UTC) + timedelta(hours=11)  # within 12 hours
    save_scorecard(card, people[0], role, data(persuasion=3), submit=True)
    assert card.submitted is not None
