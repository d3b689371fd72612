"""Stored evaluations: written when their inputs change, never when a page is viewed, and
read per viewer with the independence rule."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from hiring.extensions import db
from hiring.models import Candidate, Interview, StoredEvaluation, User
from hiring.services.evaluations import rebuild_evaluations, stale_count
from hiring.services.interviews import ScorecardInput, save_scorecard
from hiring.services.recruiting import update_candidate, update_opening
from hiring.services.results import build_result, load_interviews, role_of_snapshot
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

KEYS = ["persuasion", "listening", "negotiation"]


def stored(candidate_id: int) -> StoredEvaluation:
    db.session.expire_all()
    return db.session.get(StoredEvaluation, candidate_id)


@pytest.fixture
def scored(app):
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter), name="Kalle", kam_experience_years=1)
    a, b = make_user("interviewer"), make_user("interviewer")
    interview = make_interview(candidate, [a, b], recruiter, competencies=KEYS)
    return {"recruiter": recruiter, "candidate": candidate, "a": a, "b": b, "interview": interview}


def test_new_candidate_has_an_empty_evaluation(app):
    candidate = make_candidate(name="Nobody")
    row = stored(candidate.id)
    assert (row.fit, row.assessors, row.pending, row.role_key) == (None, 0, 0, None)


def test_scheduling_and_each_submission_update_the_stored_figures(scored):
    candidate, interview = scored["candidate"], scored["interview"]
    assert (stored(candidate.id).assessors, stored(candidate.id).pending) == (0, 2)
    fill(interview, scored["a"], {"persuasion": 4, "listening": 3, "negotiation": 3}, submit=False)
    assert stored(candidate.id).assessors == 0  # a draft changes nothing
    fill(interview, scored["a"], {"persuasion": 4, "listening": 3, "negotiation": 3})
    fill(interview, scored["b"], {"persuasion": 2, "listening": 3, "negotiation": 5})
    row = stored(candidate.id)
    result = build_result(candidate, load_interviews([candidate.id])[candidate.id], None)
    summary = result.summary
    assert (row.assessors, row.pending) == (2, 0)
    assert row.fit == pytest.approx(summary.fit)
    assert row.coverage == pytest.approx(summary.coverage)
    assert row.kam_level == summary.kam_level.level
    assert row.panel_values["persuasion"] == 3.0
    assert row.snapshot_id == interview.snapshot_id
    assert row.role_key == "kam"


def test_editing_the_facts_updates_the_level(app):
    """Level 1 needs two years of sales, negotiation 3 and professional presence 3."""
    recruiter, rater = make_user("recruiter"), make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter), sales_experience_years=1)
    interview = make_interview(
        candidate, [rater], recruiter, competencies=["negotiation", "professional_presence"]
    )
    fill(interview, rater, {"negotiation": 4, "professional_presence": 4})
    assert stored(candidate.id).kam_level == 0
    update_candidate(candidate, {"sales_experience_years": 3}, candidate.version)
    db.session.commit()
    assert stored(candidate.id).kam_level == 1


def test_changing_the_openings_role_recomputes_its_candidates(app):
    recruiter = make_user("recruiter")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening)
    assert stored(candidate.id).role_key == "kam"
    update_opening(opening, {"role_key": "medical_rep"})
    db.session.commit()
    assert stored(candidate.id).role_key == "medical_rep"


def test_rebuild_recomputes_and_counts(scored):
    candidate = scored["candidate"]
    db.session.delete(stored(candidate.id))
    db.session.commit()
    assert stale_count() == 1
    assert rebuild_evaluations(missing_only=True) == 1
    assert stale_count() == 0
    assert rebuild_evaluations() == 1  # everyone


def test_rebuild_command(runner, scored):
    result = runner.invoke(
        args=["results", "rebuild", "--opening", str(scored["candidate"].opening_id)]
    )
    assert result.exit_code == 0
    assert result.output == "recomputed 1 stored evaluation(s)\n"
    missing = runner.invoke(args=["results", "rebuild", "--opening", "999"])
    assert missing.exit_code == 2
    assert "error: no opening with id 999" in missing.output


def test_viewing_pages_writes_nothing(client, auth, scored, count_queries):
    auth.login(scored["recruiter"].email)
    db.session.expire_all()
    with count_queries() as seen:
        for url in (
            "/candidates",
            f"/candidates/{scored['candidate'].id}",
            "/candidates/export.csv",
        ):
            client.get(url).close()
    assert seen.count > 0
    row = stored(scored["candidate"].id)
    computed = row.computed_at
    client.get("/candidates")
    assert stored(scored["candidate"].id).computed_at == computed


def _submit(interview_id: int, user_id: int, scores: dict[str, int]) -> None:
    """Submit ``user_id``'s scorecard of the interview as a request does, up to its flush."""
    interview, person = db.session.get(Interview, interview_id), db.session.get(User, user_id)
    card = next(s for s in interview.scorecards if s.interviewer_id == user_id)
    data = ScorecardInput(
        scores=dict(scores), notes={k: "evidence" for k in scores}, recommendation="yes"
    )
    save_scorecard(card, person, role_of_snapshot(interview.snapshot), data, submit=True)
    db.session.flush()


def test_submission_counts_a_scorecard_submitted_after_its_panel_was_read(app, scored):
    """A request that read the panel before another interviewer's submission was committed
    (the access check reads it when a recruiter enters a paper scorecard) computes the
    figures from the panel as it is when they are stored: both scorecards count."""
    interview, a, b = scored["interview"], scored["a"], scored["b"]
    assert [card.revisions for card in interview.scorecards] == [[], []]  # read: none in
    with app.app_context():  # meanwhile, a's own request
        _submit(interview.id, a.id, {"persuasion": 4, "listening": 3, "negotiation": 3})
        db.session.commit()
    _submit(interview.id, b.id, {"persuasion": 2, "listening": 3, "negotiation": 5})
    db.session.commit()
    row = stored(scored["candidate"].id)
    assert (row.assessors, row.pending) == (2, 0)
    assert row.panel_values["persuasion"] == 3.0


def test_submission_uses_the_candidates_facts_edited_after_they_were_read(app):
    """A request that read the candidate before a recruiter's edit of their facts was
    committed computes the level from the facts as they are when it stores it."""
    recruiter, rater = make_user("recruiter"), make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter), sales_experience_years=1)
    interview = make_interview(
        candidate, [rater], recruiter, competencies=["negotiation", "professional_presence"]
    )
    assert candidate.sales_experience_years == 1  # read: too little sales for level 1
    with app.app_context():  # meanwhile, the recruiter's edit
        edited = db.session.get(Candidate, candidate.id)
        update_candidate(edited, {"sales_experience_years": 3}, edited.version)
        db.session.commit()
    fill(interview, rater, {"negotiation": 4, "professional_presence": 4})
    assert stored(candidate.id).kam_level == 1


def test_submission_waits_for_one_being_stored_and_counts_it(app, scored, database):
    """Two submissions on one candidate at once (PostgreSQL, read committed): the second
    reads the panel only when the first is committed, so the stored figures count both."""
    if database != "postgresql":
        pytest.skip("SQLite lets one writer at a time; tests/web/test_concurrency.py runs both")
    interview_id, a_id, b_id = scored["interview"].id, scored["a"].id, scored["b"].id
    first_flushed, commit_first = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        with app.app_context():
            try:
                _submit(interview_id, a_id, {"persuasion": 4, "listening": 3, "negotiation": 3})
                first_flushed.set()
                assert commit_first.wait(30)
                db.session.commit()
            except BaseException as error:
                failures.append(error)
                first_flushed.set()

    def second() -> None:
        with app.app_context():
            try:
                _submit(interview_id, b_id, {"persuasion": 2, "listening": 3, "negotiation": 5})
                db.session.commit()
            except BaseException as error:
                failures.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_flushed.wait(30)
    threads[1].start()
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(500):  # until the second request waits for the first's lock
        if db.session.execute(waiting).scalar_one():
            break
        db.session.rollback()
        threads[1].join(0.01)
    else:
        commit_first.set()
        raise AssertionError("the second submission never waited for the first")
    commit_first.set()
    for thread in threads:
        thread.join(30)
    assert failures == []
    row = stored(scored["candidate"].id)
    assert (row.assessors, row.pending) == (2, 0)
    assert row.panel_values["persuasion"] == 3.0


def test_refreshes_deferred_inside_another_go_on_to_it_also_after_an_error(app):
    """A deferral inside another hands its candidates to the outer one, also when it ends in
    an error the outer code catches: the outer refresh still stores them."""
    from hiring.models import StoredEvaluation
    from hiring.services.evaluations import refreshes_deferred
    from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

    recruiter, interviewer = make_user("recruiter"), make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter))
    interview = make_interview(candidate, [interviewer], recruiter, ["persuasion"])
    with refreshes_deferred():
        try:
            with refreshes_deferred():
                fill(interview, interviewer, {"persuasion": 4})
                raise RuntimeError("after the scorecard")
        except RuntimeError:
            pass
        assert db.session.get(StoredEvaluation, candidate.id).assessors == 0  # not yet
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(StoredEvaluation, candidate.id).assessors == 1
