"""Every API endpoint reads the database in the same number of queries with 10 candidates as
with 1,000: lists page in SQL, and nothing is loaded per row or per candidate in the
database."""

from __future__ import annotations

from hiring.demo import DEMO_LOGINS
from hiring.extensions import db
from hiring.models import Candidate, User
from hiring.services.api_tokens import NewToken, create_token
from hiring.synthetic import load_synthetic

ENDPOINTS = (
    "/api/v1/openings",
    "/api/v1/candidates",
    "/api/v1/candidates?sort=fit&per_page=100",
    "/api/v1/candidates/{candidate}/evaluation",
    "/api/v1/candidates/{candidate}/scorecards",
    "/api/v1/candidates/{candidate}/scorecards/greenhouse",
    "/api/v1/candidates/{candidate}/decisions",
)


def _counts(client, count_queries, headers: dict[str, str], candidate: int) -> dict[str, int]:
    counts = {}
    for endpoint in ENDPOINTS:
        url = endpoint.format(candidate=candidate)
        assert client.get(url, headers=headers).status_code == 200, url  # and warm
        with count_queries() as counter:
            assert client.get(url, headers=headers).status_code == 200
        counts[endpoint] = counter.count
    return counts


def test_api_queries_are_the_same_for_10_and_1000_candidates(app, client, count_queries):
    load_synthetic(10, seed=3)
    recruiter = db.session.execute(
        db.select(User).where(User.email == DEMO_LOGINS["users"]["recruiter"])
    ).scalar_one()
    scopes = ["read:candidates"]
    headers = {
        "Authorization": "Bearer "
        + create_token(recruiter, NewToken(name="Counts", scopes=scopes)).secret
    }
    db.session.commit()
    candidate = db.session.execute(
        db.select(Candidate.id).order_by(Candidate.id.desc()).limit(1)
    ).scalar_one()  # a synthetic one: three submitted scorecards
    few = _counts(client, count_queries, headers, candidate)
    load_synthetic(990, seed=4)
    many = _counts(client, count_queries, headers, candidate)
    assert db.session.execute(db.select(db.func.count(Candidate.id))).scalar_one() >= 1000
    assert many == few
