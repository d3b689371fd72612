"""Pages as production sends them: the suite turns CSRF protection off, so the browser tests'
markup check never saw the hidden CSRF fields. Each form wrote its own with ``id="csrf_token"``,
and a page with several forms (a candidate's, an interview's, a submitted scorecard's) had the
same id twice, an error in the Nu Html Checker."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.factories import (
    PASSWORD,
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)


@pytest.fixture
def pages(app):
    recruiter = make_user("recruiter", email="rekry@example.test")
    anna = make_user("interviewer", email="anna@example.test")
    candidate = make_candidate(make_opening(recruiter), name="Kalle")
    interview = make_interview(candidate, [anna, recruiter], recruiter, competencies=["persuasion"])
    fill(interview, anna, {"persuasion": 4})
    fill(interview, recruiter, {"persuasion": 3})
    return {
        "rekry@example.test": [
            f"/candidates/{candidate.id}",
            f"/interviews/{interview.id}/edit",
            f"/candidates/{candidate.id}/debrief",
            "/account/two-step",
        ],
        "anna@example.test": [f"/scorecards/{scorecard_of(interview, anna).id}"],
    }


def test_every_id_on_a_page_is_unique_with_csrf_protection_on(app, pages):
    clients = {}
    for email in pages:  # logged in before CSRF protection is on: the test posts no token
        clients[email] = app.test_client()
        clients[email].post("/login", data={"email": email, "password": PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: every form has its hidden field
    checked = 0
    for email, paths in pages.items():
        client = clients[email]
        for path in paths:
            page = client.get(path)
            assert page.status_code == 200, path
            html = page.get_data(as_text=True)
            assert 'name="csrf_token"' in html, path
            twice = [i for i, n in Counter(re.findall(r'\bid="([^"]+)"', html)).items() if n > 1]
            assert twice == [], path
            checked += 1
    assert checked == 5
