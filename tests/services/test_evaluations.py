"""Stored evaluations: written when their inputs change, never when a page is viewed, and
read per viewer with the independence rule."""

from __future__ import annotations

import pytest

from hiring.extensions import db
from hiring.models import StoredEvaluation
from hiring.services.evaluations import rebuild_evaluations, stale_count
from hiring.services.recruiting import update_candidate, update_opening
from hiring.services.results import build_result, load_interviews
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
