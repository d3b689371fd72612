"""A scorecard belongs to its interviewer: drafts stay private, and anything entered by someone
else is labelled with who entered it wherever the scores appear."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hiring.extensions import db
from hiring.models import Scorecard
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)

KEYS = ["persuasion", "listening", "negotiation"]


@pytest.fixture
def world():
    recruiter = make_user("recruiter", name="Riikka Rekry", email="rec@example.test")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kalle Kandidaatti")
    anna = make_user("interviewer", name="Anna Arvioija", email="anna@example.test")
    bertta = make_user("interviewer", name="Bertta Boss", email="bertta@example.test")
    interview = make_interview(candidate, [anna, bertta], recruiter, competencies=KEYS)
    return {
        "recruiter": recruiter,
        "candidate": candidate,
        "anna": anna,
        "bertta": bertta,
        "interview": interview,
    }


def test_recruiter_off_the_panel_cannot_open_an_interviewers_draft(client, auth, world):
    fill(
        world["interview"],
        world["anna"],
        {"persuasion": 4},
        submit=False,
        notes={"persuasion": "PRIVATE DRAFT NOTE"},
    )
    card = scorecard_of(world["interview"], world["anna"])
    auth.login("rec@example.test")
    assert client.get(f"/scorecards/{card.id}").status_code == 404
    post = client.post(
        f"/scorecards/{card.id}", data={"version": "1", "score_persuasion": "1", "save": "1"}
    )
    assert post.status_code == 404
    db.session.expire_all()
    assert db.session.get(Scorecard, card.id).latest.ratings[0].score == 4


def test_draft_of_an_amendment_stays_private_the_submitted_revision_is_readable(
    client, auth, world
):
    fill(world["interview"], world["anna"], {"persuasion": 4}, notes={"persuasion": "SUBMITTED"})
    fill(world["interview"], world["bertta"], {"persuasion": 3})
    card = scorecard_of(world["interview"], world["anna"])
    auth.login("anna@example.test")
    client.post(f"/scorecards/{card.id}/amend", data={"reason": "Typo"})
    client.post(
        f"/scorecards/{card.id}",
        data={
            "version": "1",
            "score_persuasion": "2",
            "note_persuasion": "AMENDMENT DRAFT",
            "save": "1",
        },
    )
    auth.logout()
    auth.login("rec@example.test")
    page = client.get(f"/scorecards/{card.id}").get_data(as_text=True)
    assert "SUBMITTED" in page
    assert "AMENDMENT DRAFT" not in page
    assert "stays private to the person writing it" in page
    client.post(f"/scorecards/{card.id}/amend", data={"reason": "x"})
    db.session.expire_all()
    assert len(db.session.get(Scorecard, card.id).revisions) == 2


def test_amendment_by_a_recruiter_is_labelled_everywhere(client, auth, world):
    fill(world["interview"], world["anna"], {"persuasion": 4, "listening": 3, "negotiation": 3})
    fill(world["interview"], world["bertta"], {"persuasion": 3, "listening": 3, "negotiation": 3})
    card = scorecard_of(world["interview"], world["anna"])
    auth.login("rec@example.test")
    amend = client.post(f"/scorecards/{card.id}/amend", data={"reason": "Paper form differs"})
    assert amend.headers["Location"] == f"/scorecards/{card.id}"
    submit = client.post(
        f"/scorecards/{card.id}",
        data={
            "version": "1",
            "score_persuasion": "2",
            "score_listening": "3",
            "score_negotiation": "3",
            "recommendation": "no",
            "submit": "1",
        },
    )
    assert submit.status_code == 302
    label = "Anna Arvioija · Competency interview, entered by Riikka Rekry"
    result = client.get(f"/candidates/{world['candidate'].id}").get_data(as_text=True)
    assert label in result
    history = client.get(f"/scorecards/{card.id}").get_data(as_text=True)
    assert "Entered by Riikka Rekry for Anna Arvioija." in history
    assert "entered for Anna Arvioija" in history
    pdf = client.get(f"/candidates/{world['candidate'].id}/profile.pdf?lang=en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "entered by Riikka Rekry" in " ".join(text.split())
    auth.logout()
    auth.login("anna@example.test")
    own = client.get("/my/interviews").get_data(as_text=True)
    assert "Entered or amended for you by Riikka Rekry" in own


def test_paper_scorecard_entered_by_recruiter_is_labelled(client, auth, world):
    fill(world["interview"], world["bertta"], {"persuasion": 3})
    card = scorecard_of(world["interview"], world["anna"])
    auth.login("rec@example.test")
    page = client.get(f"/scorecards/{card.id}").get_data(as_text=True)
    assert "You are entering this scorecard for Anna Arvioija" in page
    client.post(
        f"/scorecards/{card.id}",
        data={"version": "0", "score_persuasion": "3", "recommendation": "yes", "submit": "1"},
    )
    result = client.get(f"/candidates/{world['candidate'].id}").get_data(as_text=True)
    assert "Anna Arvioija · Competency interview, entered by Riikka Rekry" in result
