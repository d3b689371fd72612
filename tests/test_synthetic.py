"""``hiring demo --candidates N``: a large data set in bulk, scored as the product would."""

from __future__ import annotations

from collections import Counter

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Decision,
    Interview,
    Opening,
    Rating,
    Scorecard,
    ScorecardRevision,
    StoredEvaluation,
)
from hiring.services.evaluations import refresh_evaluations
from hiring.synthetic import load_synthetic


def _figures() -> dict[int, tuple[object, ...]]:
    rows = db.session.execute(
        db.select(
            StoredEvaluation.candidate_id,
            StoredEvaluation.fit,
            StoredEvaluation.score,
            StoredEvaluation.coverage,
            StoredEvaluation.kam_level,
            StoredEvaluation.assessors,
            StoredEvaluation.panel_values,
        )
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def test_every_candidate_is_scored_by_three_on_every_competency(app) -> None:
    summary = load_synthetic(40, seed=3)
    db.session.commit()
    role = current_catalogue().role("kam")
    keys = {c.key for c in role.competencies}
    synthetic = db.session.execute(
        db.select(Candidate.id).join(Opening).where(Opening.title.like("%synthetic%"))
    ).scalars()
    ids = set(synthetic)
    assert len(ids) == summary.candidates == 40
    interviews = Counter(
        db.session.execute(
            db.select(Interview.candidate_id).where(Interview.candidate_id.in_(ids))
        ).scalars()
    )
    assert set(interviews.values()) == {1}
    cards = db.session.execute(
        db.select(Interview.candidate_id, Scorecard.interviewer_id, ScorecardRevision.id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .join(ScorecardRevision, ScorecardRevision.scorecard_id == Scorecard.id)
        .where(Interview.candidate_id.in_(ids), ScorecardRevision.status == "submitted")
    ).all()
    per_candidate = Counter(c for c, _u, _r in cards)
    assert set(per_candidate.values()) == {3}
    assert summary.scorecards == len(cards) == 120
    for _cid, _user, revision in cards[:9]:
        rated = set(
            db.session.execute(
                db.select(Rating.competency_key).where(
                    Rating.revision_id == revision, Rating.score.is_not(None)
                )
            ).scalars()
        )
        assert rated == keys
    assert summary.ratings == 120 * len(keys)
    decisions = db.session.execute(db.select(Decision).where(Decision.candidate_id.in_(ids)))
    decided = list(decisions.scalars())
    assert len(decided) == summary.decisions
    for decision in decided:
        assert decision.candidate.status != "active"


def test_stored_results_are_the_ones_the_product_computes(app) -> None:
    load_synthetic(25, seed=5)
    db.session.commit()
    stored = _figures()
    assert len(stored) == db.session.execute(db.select(db.func.count(Candidate.id))).scalar()
    assert all(figures[0] is not None for figures in stored.values())
    refresh_evaluations(stored)  # one scorecard at a time would have stored these
    db.session.commit()
    assert _figures() == stored


def test_the_same_seed_gives_the_same_people_and_scores(app) -> None:
    def snapshot() -> list[tuple[object, ...]]:
        rows = db.session.execute(
            db.select(Candidate.name, Candidate.education, StoredEvaluation.fit)
            .join(StoredEvaluation)
            .join(Opening)
            .where(Opening.title.like("%synthetic%"))
            .order_by(Candidate.id)
        )
        return [tuple(row) for row in rows]

    load_synthetic(15, seed=9)
    db.session.commit()
    first = snapshot()
    db.session.execute(db.delete(Candidate))
    db.session.execute(db.delete(Opening).where(Opening.title.like("%synthetic%")))
    db.session.commit()
    load_synthetic(15, seed=9)
    db.session.commit()
    assert snapshot() == first
    load_synthetic(15, seed=10)
    db.session.commit()
    assert snapshot()[15:] != first


def test_the_command_adds_candidates_and_says_what_it_did(runner) -> None:
    result = runner.invoke(args=["demo", "--candidates", "12", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Added 12 candidates in 1 opening(s), 36 submitted scorecards" in result.output
    assert "recruiter@demo.example" in result.output
    # the demo itself was loaded first (an empty database), so 12 + the demo's candidates
    again = runner.invoke(args=["demo", "--candidates", "3"])
    assert again.exit_code == 0, again.output
    # the demo's three (two open, the closed 2024 intake) and one per synthetic load
    assert db.session.execute(db.select(db.func.count(Opening.id))).scalar() == 5


@pytest.mark.parametrize("count", ["0", "-5", "many"])
def test_a_bad_count_is_refused_with_a_message(runner, count: str) -> None:
    result = runner.invoke(args=["demo", "--candidates", count])
    assert result.exit_code == 2
    assert "--candidates" in result.output
    assert "Traceback" not in result.output
    assert db.session.execute(db.select(db.func.count(Candidate.id))).scalar() == 0


def test_without_the_demo_users_the_command_says_so(runner) -> None:
    from tests.factories import make_user

    make_user("admin")
    result = runner.invoke(args=["demo", "--candidates", "5"])
    assert result.exit_code == 2
    assert "the demo users are needed" in result.output
    assert db.session.execute(db.select(db.func.count(Candidate.id))).scalar() == 0


def test_postgresql_gets_fresh_statistics_after_the_bulk_load(app) -> None:
    """Measured at 50,000 on PostgreSQL: right after the bulk load a candidate's page took
    twice as long as at 500, the planner working from tables it had never analysed."""
    from sqlalchemy import text

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite plans without statistics")
    db.session.execute(text("TRUNCATE ratings"))  # as if never analysed: no rows counted
    db.session.commit()
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE ratings")  # the table's estimate is now empty
    load_synthetic(6, seed=4)
    db.session.commit()
    estimate = db.session.execute(
        text("SELECT reltuples FROM pg_class WHERE relname = 'ratings'")
    ).scalar_one()
    assert estimate >= 6 * 3 * len(current_catalogue().role("kam").competencies)
