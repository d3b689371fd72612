"""The panel quality page: per-competency agreement and each interviewer's calibration, for
the recruiting team, per opening and overall, within the independence rule."""

from __future__ import annotations

import re

import pytest
from flask_babel import refresh

from tests.factories import PASSWORD, fill
from tests.services.test_panel_quality import World, scores_for


@pytest.fixture
def world(app) -> World:
    return World()


def page(client, user, query: str = "", lang: str = "en") -> str:
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    client.get(f"/language/{lang}?next=/")
    refresh()  # the test's app context, shared with the requests, keeps the locale it cached
    response = client.get(f"/panel-quality{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_recruiter_sees_agreement_per_competency_and_each_interviewers_calibration(client, world):
    html = page(client, world.recruiter)
    text = text_of(html)
    assert "From 7 candidates scored by two or more interviewers" in text
    for competency in ("Persuasion", "Listening", "Negotiation", "All competencies pooled"):
        assert competency in text
    assert "ICC(1,1)" in html
    # Aino and Bertta share six candidates: a figure; Cecilia three, Daniel two: too few
    assert re.search(r"Aino 7 \d+ [+-]\d\.\d\d", text)
    assert re.search(r"Cecilia 3 \d+ – too few to say", text)
    assert "left out of every figure" not in text


def test_one_opening_and_its_choice(client, world):
    html = page(client, world.recruiter, f"?opening={world.two.id}")
    assert f"Panel quality: {world.two.title}" in html
    assert f'<option value="{world.two.id}" selected>' in html
    assert "From 1 candidate scored by two or more interviewers" in text_of(html)
    assert "too few candidates to say" in html


@pytest.mark.parametrize("query", ["?opening=999999", "?opening=abc", "?opening=-1"])
def test_an_unknown_opening_is_404(client, world, query):
    client.post("/login", data={"email": world.recruiter.email, "password": PASSWORD})
    assert client.get(f"/panel-quality{query}").status_code == 404


def test_a_recruiter_on_a_panel_sees_nothing_of_the_candidate_they_have_not_scored(client, world):
    """Cecilia (made a recruiter here) has not submitted on candidate 6: the page leaves that
    candidate out of every figure and says so, until she submits."""
    world.c.role = "recruiter"
    from hiring.extensions import db

    db.session.commit()
    text = text_of(page(client, world.c, f"?opening={world.one.id}"))
    assert "1 candidate on whose panel your own scorecard is not yet submitted" in text
    assert "From 5 candidates" in text
    assert re.search(r"Aino 5 \d+", text)
    fill(world.interview_of(world.candidates[5]), world.c, scores_for(6, world.c.id))
    text = text_of(page(client, world.c, f"?opening={world.one.id}"))
    assert "not yet submitted" not in text
    assert "From 6 candidates" in text


def test_in_finnish(client, world):
    text = text_of(page(client, world.recruiter, lang="fi"))
    assert "Paneelien laatu" in text
    assert "Kaikki osaamisalueet yhdessä" in text
    assert "liian vähän" in text


def test_the_period_is_chosen_and_checked(client, world):
    html = page(client, world.recruiter, "?period=12")
    assert '<option value="12" selected>' in html
    assert '<option value="all" selected>' in page(client, world.recruiter)  # the default
    assert client.get("/panel-quality?period=5").status_code == 404
