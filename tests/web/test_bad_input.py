"""Bad input found from outside gets a clear answer, never a server error: ids larger than any
database id (in paths and in queries), a 400-digit count, a NUL character anywhere."""

from __future__ import annotations

import pytest

from hiring.extensions import db
from hiring.models import Candidate, Decision, Opening
from tests.factories import make_candidate, make_interview, make_opening, make_user

BIG = "9" * 25


@pytest.fixture
def world(auth):
    make_user("admin", email="a@example.test")
    recruiter = make_user("recruiter", email="r@example.test")
    interviewer = make_user("interviewer")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kalle")
    interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
    auth.login("a@example.test")
    return {"opening": opening, "candidate": candidate, "interview": interview}


@pytest.mark.parametrize(
    "path",
    [
        f"/candidates/{BIG}", f"/candidates/{BIG}/edit", f"/candidates/{BIG}/profile.pdf",
        f"/openings/{BIG}/shortlist", f"/openings/{BIG}/edit", f"/scorecards/{BIG}",
        f"/interviews/{BIG}/edit", f"/team/people/{BIG}", f"/report-jobs/{BIG}",
        f"/my/openings/{BIG}", f"/my/candidates/{BIG}", f"/panel-quality?opening={BIG}",
        "/candidates/2147483648",
    ],
)  # fmt: skip
def test_an_id_no_database_holds_is_no_page(client, world, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("method", ["active", "role"])
def test_an_id_no_database_holds_is_no_user(client, world, method):
    assert client.post(f"/admin/users/{BIG}/{method}", data={"role": "admin"}).status_code == 404


@pytest.mark.parametrize("suffix", ["shortlist", "shortlist.pdf"])
def test_ids_in_a_query_that_are_no_ids_are_left_out(client, world, suffix):
    opening, candidate = world["opening"], world["candidate"]
    path = f"/openings/{opening.id}/{suffix}?id={BIG}&id=x&id={candidate.id}"
    response = client.get(path)
    assert response.status_code == 200
    assert client.get(f"/candidates/new?opening={BIG}").status_code == 200


def test_a_400_digit_count_is_not_a_number(client, world):
    response = client.post(
        "/candidates/new",
        data={"name": "Ok", "opening_id": world["opening"].id, "source": "external",
              "long_term_clients": "9" * 400},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Not a valid integer value." in response.get_data(as_text=True)
    assert db.session.execute(db.select(Candidate).where(Candidate.name == "Ok")).first() is None


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/candidates?q=a%00b", None),
        ("get", "/team?territory=a%00b", None),
        ("post", "/candidates/new", {"name": "A\x00B", "source": "external"}),
        ("post", "/openings/new", {"title": "T\x00", "role_key": "kam", "status": "open"}),
        ("post", "/candidates/{candidate}/decisions", {"decision": "advance", "reason": "x\x00"}),
        ("post", "/interviews/{interview}/cancel", {"cancel-reason": "x\x00"}),
        ("post", "/login", {"email": "a\x00@example.test", "password": "x"}),
    ],
)
def test_a_nul_character_is_refused_whole_with_a_message(client, world, method, path, data):
    url = path.format(candidate=world["candidate"].id, interview=world["interview"].id)
    if data is not None:
        data = dict(data)
        if "opening_id" not in data and "candidates/new" in url:
            data["opening_id"] = world["opening"].id
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 400
    assert "contains a NUL character" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Decision)).first() is None
    assert len(db.session.execute(db.select(Opening)).all()) == 1  # the world's own
