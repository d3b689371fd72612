"""Interviewers: scoring on their own, drafts, submission, amendments, and the panel."""

from __future__ import annotations

import pytest

from hiring.extensions import db
from hiring.models import Scorecard, ScorecardRevision
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
def setting(auth):
    recruiter = make_user("recruiter")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kalle Kandidaatti")
    me = make_user("interviewer", name="Minna Minä", email="me@example.test")
    other = make_user("interviewer", name="Toinen Tyyppi")
    interview = make_interview(candidate, [me, other], recruiter, competencies=KEYS)
    auth.login("me@example.test")
    return {"candidate": candidate, "me": me, "other": other, "interview": interview}


def post_card(client, card, data: dict[str, object]):
    """Post a scorecard form as the page would: with the version of the revision it shows."""
    db.session.expire_all()
    latest = db.session.get(Scorecard, card.id).latest
    return client.post(
        f"/scorecards/{card.id}", data={"version": latest.version if latest else 0, **data}
    )


def form_data(scores: dict[str, str], action: str = "save", **extra) -> dict[str, object]:
    data: dict[str, object] = {f"score_{k}": v for k, v in scores.items()}
    data.update({f"note_{k}": extra.pop(f"note_{k}", "") for k in scores})
    data.update(extra)
    data[action] = "1"
    return data


def test_assignments_list_own_interviews(client, setting):
    html = client.get("/my/interviews").get_data(as_text=True)
    assert "Kalle Kandidaatti" in html
    assert "Start scoring" in html


def test_scorecard_shows_anchors_questions_and_not_assessed(client, setting, shipped):
    card = scorecard_of(setting["interview"], setting["me"])
    html = client.get(f"/scorecards/{card.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    persuasion = next(
        c for c in next(iter(shipped.libraries.values())).competencies if c.key == "persuasion"
    )
    assert "Not assessed" in html
    assert persuasion.questions[0].en.split("'")[0][:30] in html
    assert "<fieldset" in html
    assert "<legend>Persuasion" in html
    assert html.count('name="score_persuasion"') == 6  # not assessed + 1..5
    assert 'value="late"' in html
    assert "Being late" in html


def test_save_draft_then_submit(client, setting):
    card = scorecard_of(setting["interview"], setting["me"])
    draft = post_card(
        client,
        card,
        form_data({"persuasion": "4", "listening": "", "negotiation": "3"}),
    )
    assert draft.headers["Location"] == f"/scorecards/{card.id}"
    revision = db.session.execute(db.select(ScorecardRevision)).scalar_one()
    assert (revision.status, revision.number) == ("draft", 1)
    assert {r.competency_key: r.score for r in revision.ratings} == {
        "persuasion": 4,
        "listening": None,
        "negotiation": 3,
    }
    submitted = post_card(
        client,
        card,
        form_data(
            {"persuasion": "4", "listening": "", "negotiation": "3"},
            "submit",
            recommendation="yes",
            takeaways="Good.",
        ),
    )
    assert submitted.headers["Location"] == f"/my/candidates/{setting['candidate'].id}"
    db.session.refresh(revision)
    assert (revision.status, revision.recommendation, revision.takeaways) == (
        "submitted",
        "yes",
        "Good.",
    )
    assert revision.submitted_at is not None


def test_submit_needs_evidence_for_extreme_points_and_a_recommendation(client, setting):
    card = scorecard_of(setting["interview"], setting["me"])
    response = post_card(
        client,
        card,
        form_data({"persuasion": "5", "listening": "1", "negotiation": "3"}, "submit"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count("Write the evidence for the lowest or highest score.") == 4  # 2 + summary
    assert "Choose a recommendation." in html
    assert db.session.execute(db.select(ScorecardRevision)).first() is None
    # The error summary comes before everything else of the page's content, takes the focus
    # when the page loads, and links each problem to its field, named by its competency.
    summary = html[
        html.index('<div class="error-summary"') : html.index(
            "</div>", html.index('<div class="error-summary"')
        )
    ]
    assert html.index('class="error-summary"') < html.index("<h1>")
    assert "autofocus" in summary
    assert 'tabindex="-1"' in summary
    assert (
        '<a href="#note_persuasion">Persuasion – Evidence: Write the evidence for the lowest or '
        "highest score.</a>" in summary
    )
    assert '<a href="#note_listening">Listening – Evidence: ' in summary
    assert (
        '<a href="#recommendation-0">Overall recommendation: Choose a recommendation.</a>'
        in summary
    )
    for target in ("note_persuasion", "note_listening", "recommendation-0"):
        assert f'id="{target}"' in html


def test_score_off_the_scale_rejected(client, setting):
    card = scorecard_of(setting["interview"], setting["me"])
    response = post_card(
        client,
        card,
        form_data({"persuasion": "9", "listening": "", "negotiation": ""}),
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.execute(db.select(ScorecardRevision)).first() is None


def test_submitted_scorecard_is_immutable(client, setting):
    card = fill(
        setting["interview"], setting["me"], {"persuasion": 4, "listening": 3, "negotiation": 3}
    )
    response = post_card(
        client,
        card,
        form_data(
            {"persuasion": "1", "listening": "1", "negotiation": "1"}, "submit", recommendation="no"
        ),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This scorecard is submitted and can no longer change" in html
    # a post to it (a second tab) is told that nothing it sent was saved
    assert "what you just sent was not saved" in html
    assert "what you just sent was not saved" not in client.get(f"/scorecards/{card.id}").get_data(
        as_text=True
    )
    revision = db.session.execute(db.select(ScorecardRevision)).scalar_one()
    assert {r.score for r in revision.ratings} == {4, 3}


def test_amendment_makes_new_revision_and_keeps_history(client, setting):
    card = fill(
        setting["interview"], setting["me"], {"persuasion": 4, "listening": 3, "negotiation": 3}
    )
    assert (
        client.post(f"/scorecards/{card.id}/amend", data={"reason": ""}).headers["Location"]
        == f"/scorecards/{card.id}"
    )
    assert len(db.session.execute(db.select(ScorecardRevision)).all()) == 1
    client.post(f"/scorecards/{card.id}/amend", data={"reason": "Mixed up two candidates' notes."})
    post_card(
        client,
        card,
        form_data(
            {"persuasion": "2", "listening": "3", "negotiation": "3"}, "submit", recommendation="no"
        ),
    )
    revisions = (
        db.session.execute(db.select(ScorecardRevision).order_by(ScorecardRevision.number))
        .scalars()
        .all()
    )
    assert [(r.number, r.status) for r in revisions] == [(1, "submitted"), (2, "submitted")]
    assert revisions[1].amendment_reason == "Mixed up two candidates' notes."
    assert {r.competency_key: r.score for r in revisions[0].ratings}["persuasion"] == 4
    assert {r.competency_key: r.score for r in revisions[1].ratings}["persuasion"] == 2
    html = client.get(f"/scorecards/{card.id}").get_data(as_text=True)
    assert "Mixed up two candidates" in html
    assert "Revision 1" in html
    assert "Revision 2" in html


def test_panel_hidden_until_own_scorecard_submitted(client, setting):
    fill(
        setting["interview"],
        setting["other"],
        {"persuasion": 2, "listening": 2, "negotiation": 2},
        notes={"persuasion": "OTHER'S NOTE"},
    )
    url = f"/my/candidates/{setting['candidate'].id}"
    before = client.get(url).get_data(as_text=True)
    assert "Submit your own scorecard for this candidate first" in before
    assert "OTHER" not in before
    assert "Toinen Tyyppi" not in before
    fill(
        setting["interview"],
        setting["me"],
        {"persuasion": 4, "listening": 3, "negotiation": 3},
        submit=False,
    )
    assert "Toinen Tyyppi" not in client.get(url).get_data(as_text=True)  # a draft is not enough
    fill(setting["interview"], setting["me"], {"persuasion": 4, "listening": 3, "negotiation": 3})
    after = client.get(url).get_data(as_text=True)
    assert "Toinen Tyyppi" in after
    assert "OTHER&#39;S NOTE" in after


def test_other_interviewers_scorecard_is_404(client, setting):
    card = scorecard_of(setting["interview"], setting["other"])
    assert client.get(f"/scorecards/{card.id}").status_code == 404
    assert post_card(client, card, form_data({"persuasion": "3"})).status_code == 404
    assert client.post(f"/scorecards/{card.id}/amend", data={"reason": "x"}).status_code == 404


def test_unassigned_interviewer_cannot_see_candidate(client, auth, setting):
    make_user("interviewer", email="stranger@example.test")
    auth.logout()
    auth.login("stranger@example.test")
    assert client.get(f"/my/candidates/{setting['candidate'].id}").status_code == 404


def test_recruiter_may_enter_scorecard_on_behalf(client, auth, setting):
    make_user("recruiter", email="rec@example.test")
    auth.logout()
    auth.login("rec@example.test")
    card = scorecard_of(setting["interview"], setting["other"])
    response = post_card(
        client,
        card,
        form_data(
            {"persuasion": "3", "listening": "3", "negotiation": "3"},
            "submit",
            recommendation="yes",
        ),
    )
    assert response.status_code == 302
    revision = db.session.execute(db.select(ScorecardRevision)).scalar_one()
    assert revision.author.email == "rec@example.test"


def test_concurrent_save_gets_a_message_and_keeps_the_answers(client, setting, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    import hiring.web.interviewer as views

    def stale(*args, **kwargs):
        raise StaleDataError("changed meanwhile")

    monkeypatch.setattr(views, "save_scorecard", stale)
    card = scorecard_of(setting["interview"], setting["me"])
    response = post_card(client, card, form_data({"persuasion": "3"}, note_persuasion="TYPED"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone saved this scorecard at the same moment" in page
    assert "TYPED" in page


def test_save_from_an_older_copy_is_refused_and_keeps_the_answers(client, setting):
    card = scorecard_of(setting["interview"], setting["me"])
    old_page = client.get(f"/scorecards/{card.id}").get_data(as_text=True)
    assert 'name="version" type="hidden" value="0"' in old_page
    # The same scorecard is saved from another tab meanwhile.
    fill(setting["interview"], setting["me"], {"persuasion": 4}, submit=False)
    stale = client.post(
        f"/scorecards/{card.id}",
        data={"version": "0", **form_data({"persuasion": "2"}, note_persuasion="FROM OLD TAB")},
    )
    page = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "was saved again after you opened it" in page
    assert "FROM OLD TAB" in page
    db.session.expire_all()
    rating = db.session.get(Scorecard, card.id).latest.ratings[0]
    assert (rating.competency_key, rating.score) == ("persuasion", 4)
    # The refused page carries the newer version: saving again is a deliberate replace.
    current = db.session.get(Scorecard, card.id).latest.version
    assert f'name="version" type="hidden" value="{current}"' in page
    again = client.post(
        f"/scorecards/{card.id}",
        data={"version": str(current), **form_data({"persuasion": "2"})},
    )
    assert again.headers["Location"] == f"/scorecards/{card.id}"


def test_long_interviewer_name_does_not_break_results(client, auth, setting):
    long_name = "Pitkä " + "Nimi" * 28
    make_user("interviewer", name=long_name[:120], email="long@example.test")
    from hiring.extensions import db as database
    from hiring.models import User

    person = database.session.execute(
        database.select(User).where(User.email == "long@example.test")
    ).scalar_one()
    interview = make_interview(
        setting["candidate"], [person], make_user("recruiter"), competencies=KEYS
    )
    fill(interview, person, {"persuasion": 3, "listening": 3, "negotiation": 3})
    fill(setting["interview"], setting["me"], {"persuasion": 3, "listening": 3, "negotiation": 3})
    page = client.get(f"/my/candidates/{setting['candidate'].id}")
    assert page.status_code == 200
    assert long_name[:120] in page.get_data(as_text=True)


def test_scorecard_guidance_is_rendered_once_per_snapshot_and_language(
    app, client, setting, shipped
):
    """The guidance on a scorecard (description, questions, probes, evidence, anchors) depends
    only on the rubric snapshot and the language: the first page renders it, the next ones
    reuse it, and another language gets its own."""
    from flask import template_rendered
    from flask_babel import refresh
    from markupsafe import escape

    from hiring.web import fragments

    fragments._guides.clear()
    card = scorecard_of(setting["interview"], setting["me"])
    persuasion = shipped.roles["kam"].competency("persuasion").competency
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    def page(language: str) -> str:
        client.get(f"/language/{language}")
        refresh()  # the test client shares this app context, where the locale is kept
        rendered.clear()
        return client.get(f"/scorecards/{card.id}").get_data(as_text=True)

    template_rendered.connect(record, app)
    try:
        first = page("en")
        assert rendered.count("interviewer/_competency_guide.html") == len(KEYS)
        again = page("en")
        assert rendered.count("interviewer/_competency_guide.html") == 0
        finnish = page("fi")
        assert rendered.count("interviewer/_competency_guide.html") == len(KEYS)
    finally:
        template_rendered.disconnect(record, app)
    for html in (first, again):
        assert escape(persuasion.questions[0].get("en")) in html
        assert escape(persuasion.anchors[5].get("en")) in html
    assert escape(persuasion.questions[0].get("fi")) in finnish
    assert escape(persuasion.anchors[5].get("fi")) in finnish
    assert escape(persuasion.questions[0].get("en")) not in finnish
