"""The panel debrief: disagreements first, consensus notes and a summary recorded by people,
scores untouched, the decision on the same page, the summary in the profile document."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.catalogue_cache import current_catalogue
from hiring.domain.debrief import agenda
from hiring.extensions import db
from hiring.models import AuditEntry, DebriefNote, Decision, ScorecardRevision
from hiring.services import ServiceError
from hiring.services.debriefs import debrief_input, record_debrief
from hiring.services.documents import profile_data
from hiring.services.privacy import person_export
from hiring.services.results import load_interviews, result_for
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user


@pytest.fixture
def recruiter(auth):
    user = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    auth.login("r@example.test")
    return user


@pytest.fixture
def panel(recruiter):
    """A candidate interviewed by two, who disagree on persuasion (1 against 5) and agree on
    negotiation; nobody has submitted yet."""
    first = make_user("interviewer", name="Ilkka Ensimmäinen")
    second = make_user("interviewer", name="Outi Toinen")
    candidate = make_candidate(make_opening(recruiter), name="Marina Myyjä")
    interview = make_interview(
        candidate, [first, second], recruiter, competencies=["persuasion", "negotiation"]
    )
    return candidate, interview, first, second


def _submit_both(panel) -> None:
    _candidate, interview, first, second = panel
    fill(
        interview,
        first,
        {"persuasion": 1, "negotiation": 4},
        notes={"persuasion": "Read from a script."},
    )
    fill(
        interview,
        second,
        {"persuasion": 5, "negotiation": 4},
        notes={"persuasion": "Won the room over."},
    )


def _result(candidate, user):
    interviews = load_interviews([candidate.id])[candidate.id]
    return result_for(candidate, interviews, current_catalogue(), user)


def _notes() -> list[DebriefNote]:
    return list(db.session.scalars(select(DebriefNote).order_by(DebriefNote.id)))


def test_the_debrief_waits_for_every_scorecard(client, recruiter, panel):
    candidate, interview, first, _second = panel
    fill(interview, first, {"persuasion": 1, "negotiation": 4}, notes={"persuasion": "Scripted."})
    html = client.get(f"/candidates/{candidate.id}/debrief").get_data(as_text=True)
    assert "The debrief opens when every scorecard is submitted" in html
    assert "Outi Toinen" in html  # who is still to submit
    assert "Scripted." not in html  # no evidence before the panel is complete
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f"/candidates/{candidate.id}/debrief" not in page
    response = client.post(
        f"/candidates/{candidate.id}/debrief", data={"summary": "Too early.", "seen": "0"}
    )
    assert response.status_code == 409
    assert _notes() == []


def test_disagreements_come_first_with_every_score_and_evidence(client, recruiter, panel):
    _submit_both(panel)
    candidate = panel[0]
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f"/candidates/{candidate.id}/debrief" in page
    html = client.get(f"/candidates/{candidate.id}/debrief").get_data(as_text=True)
    disputed = html[html.index('id="disputed"') : html.index('id="agreed"')]
    assert "Persuasion" in disputed
    assert "Negotiation" not in disputed
    assert "Read from a script." in disputed
    assert "Won the room over." in disputed
    assert "Ilkka Ensimmäinen" in disputed
    assert "Outi Toinen" in disputed
    agreed = html[html.index('id="agreed"') : html.index('id="flags"')]
    assert "Negotiation" in agreed
    assert 'id="decisions"' in html  # the decision form sits on the page


def test_agenda_puts_the_widest_disagreement_first():
    from types import SimpleNamespace as C

    profile = [
        C(key="a", count=2, range=0, disagreement=False),
        C(key="b", count=2, range=2, disagreement=True),
        C(key="c", count=0, range=None, disagreement=False),
        C(key="d", count=3, range=4, disagreement=True),
        C(key="e", count=2, range=2, disagreement=True),
    ]
    order = agenda(profile)
    assert [c.key for c in order.disputed] == ["d", "b", "e"]
    assert [c.key for c in order.agreed] == ["a"]
    assert order.unassessed == ("c",)


def test_notes_are_attributed_and_scores_stay_as_submitted(client, recruiter, panel):
    _submit_both(panel)
    candidate = panel[0]
    revisions = db.session.scalar(select(func.count()).select_from(ScorecardRevision))
    response = client.post(
        f"/candidates/{candidate.id}/debrief",
        data={
            "note_persuasion": "Strong with people, weak with a script: probe in the case.",
            "note_negotiation": "",
            "summary": "Advance to the case interview.",
            "seen": "0",
        },
    )
    assert response.status_code == 302
    notes = _notes()
    assert [(n.competency_key, n.written_by_id) for n in notes] == [
        ("persuasion", recruiter.id),
        (None, recruiter.id),
    ]
    assert db.session.scalar(select(func.count()).select_from(ScorecardRevision)) == revisions
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "debrief_noted")).one()
    assert (entry.subject_id, entry.details) == (candidate.id, {"notes": 1, "summary": True})
    html = client.get(f"/candidates/{candidate.id}/debrief").get_data(as_text=True)
    assert "Strong with people, weak with a script" in html
    assert "Riikka Rekrytoija" in html
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Advance to the case interview." in page  # the summary on the candidate's page


def test_a_later_note_supersedes_and_the_earlier_stays_readable(client, recruiter, panel):
    _submit_both(panel)
    candidate = panel[0]
    url = f"/candidates/{candidate.id}/debrief"
    client.post(url, data={"summary": "First take.", "seen": "0"})
    newest = _notes()[-1].id
    client.post(url, data={"summary": "Second take.", "seen": str(newest)})
    # the same text again adds nothing
    again = client.post(url, data={"summary": "Second take.", "seen": str(newest + 1)})
    assert again.status_code == 422
    assert [n.text for n in _notes()] == ["First take.", "Second take."]
    html = client.get(url).get_data(as_text=True)
    summary = html[html.index('id="summary-note"') :]
    assert summary.index("Second take.") < summary.index("1 earlier summary")
    assert "First take." in summary


def test_a_note_written_meanwhile_is_not_overwritten(client, recruiter, panel):
    """Two recruiters write a summary from pages made before either saved: the second is
    refused with their text kept, and saves once they have seen the first."""
    _submit_both(panel)
    candidate = panel[0]
    other = make_user("recruiter", name="Toinen Rekrytoija")
    record_debrief(
        candidate,
        debrief_input({"summary": "Written first.", "seen": 0}),
        _result(candidate, other),
        other,
    )
    db.session.commit()
    url = f"/candidates/{candidate.id}/debrief"
    response = client.post(url, data={"summary": "Written second.", "seen": "0"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Written first." in html
    assert "Written second." in html
    assert [n.text for n in _notes()] == ["Written first."]
    seen = html.split('name="seen"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert seen == str(_notes()[-1].id)
    response = client.post(url, data={"summary": "Written second.", "seen": seen})
    assert response.status_code == 302
    assert [n.text for n in _notes()] == ["Written first.", "Written second."]


def test_bad_input_is_refused_and_changes_nothing(client, recruiter, panel):
    _submit_both(panel)
    candidate = panel[0]
    url = f"/candidates/{candidate.id}/debrief"
    response = client.post(url, data={"summary": "x" * 5001, "seen": "0"})
    assert response.status_code == 422
    assert "x" * 5001 in response.get_data(as_text=True)  # kept to shorten
    response = client.post(url, data={"summary": "  ", "seen": "0"})
    assert response.status_code == 422
    assert "Nothing new to record" in response.get_data(as_text=True)
    for seen in ("a lot", "²", "9" * 5000, "-1"):
        response = client.post(url, data={"summary": "Fine.", "seen": seen})
        assert response.status_code == 422
        assert "reload the page and write again" in response.get_data(as_text=True)
    assert _notes() == []
    with pytest.raises(ServiceError, match="Not a competency of this profile: juggling"):
        record_debrief(
            candidate,
            debrief_input({"notes": {"juggling": "Not in the profile."}}),
            _result(candidate, recruiter),
            recruiter,
        )
    with pytest.raises(ServiceError, match=r"\(notes\.persuasion\)"):
        debrief_input({"notes": {"persuasion": "y" * 5001}})


def test_a_decision_from_the_debrief_returns_there(client, recruiter, panel):
    _submit_both(panel)
    candidate = panel[0]
    response = client.post(
        f"/candidates/{candidate.id}/decisions",
        data={"decision": "advance", "reason": "The panel agreed.", "back": "debrief"},
    )
    assert response.headers["Location"] == f"/candidates/{candidate.id}/debrief#decisions"
    assert db.session.scalars(select(Decision)).one().reason == "The panel agreed."
    refused = client.post(
        f"/candidates/{candidate.id}/decisions",
        data={"decision": "reject", "reason": "", "back": "debrief"},
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="disputed"' in html
    assert "Give the reason for the decision." in html


def test_the_profile_and_the_export_carry_the_debrief(app, recruiter, panel):
    _submit_both(panel)
    candidate = panel[0]
    record_debrief(
        candidate,
        debrief_input({"summary": "Marina Myyjä knows every KOL in town.", "seen": 0}),
        _result(candidate, recruiter),
        recruiter,
    )
    db.session.commit()
    result = _result(candidate, recruiter)
    with app.test_request_context():
        named = profile_data(result, lang="en", blind=False)
        blind = profile_data(result, lang="en", blind=True)
        assert named["debrief"]["summary"] == "Marina Myyjä knows every KOL in town."
        assert named["debrief"]["by"] == "Riikka Rekrytoija"
        assert "Marina" not in blind["debrief"]["summary"]
        from hiring.services.documents import profile_html

        html = profile_html(result, lang="en", blind=False)
        assert "Debrief summary" in html
        assert "knows every KOL in town" in html
    exported = person_export(candidate.person_id)
    notes = exported["candidacies"][0]["debrief_notes"]
    assert [(n["text"], n["written_by"]) for n in notes] == [
        ("Marina Myyjä knows every KOL in town.", "Riikka Rekrytoija")
    ]


def test_the_summary_is_for_the_people_deciding(client, auth, recruiter, panel, monkeypatch):
    """The hiring manager of the opening reads the summary on their page and in the PDF; a
    panelist, who judged alone, gets neither."""
    from hiring.services.documents import profile_html

    _submit_both(panel)
    candidate, _interview, first, _second = panel
    boss = make_user("manager", name="Hilkka Päättäjä", email="boss@example.test")
    candidate.opening.hiring_manager_id = boss.id
    db.session.commit()
    record_debrief(
        candidate,
        debrief_input({"summary": "The panel agrees: advance.", "seen": 0}),
        _result(candidate, recruiter),
        recruiter,
    )
    db.session.commit()
    auth.login("boss@example.test")
    page = client.get(f"/my/candidates/{candidate.id}").get_data(as_text=True)
    assert "The panel agrees: advance." in page
    auth.login(first.email)
    page = client.get(f"/my/candidates/{candidate.id}").get_data(as_text=True)
    assert "Debrief summary" not in page
    # the documents they take away: profile_document asks the policy as the pages do
    import hiring.web.documents as documents

    captured: dict[str, str] = {}

    def keep(result, **options):
        captured["html"] = profile_html(result, **options)
        return b"%PDF"

    monkeypatch.setattr(documents, "profile_pdf", keep)
    with client.application.test_request_context():
        for viewer, shown in ((boss, True), (first, False), (recruiter, True)):
            documents.profile_document(viewer, candidate.id, "en", blind=False)
            assert ("The panel agrees: advance." in captured["html"]) is shown, viewer.name


def test_the_page_reads_the_same_queries_however_many_notes(
    client, recruiter, panel, count_queries
):
    """Notes and their writers come in one query: more notes, by more people, cost none."""
    _submit_both(panel)
    candidate = panel[0]
    url = f"/candidates/{candidate.id}/debrief"

    def write(text: str, by) -> None:
        seen = _notes()[-1].id if _notes() else 0
        record_debrief(
            candidate,
            debrief_input({"notes": {"persuasion": text}, "summary": text, "seen": seen}),
            _result(candidate, by),
            by,
        )
        db.session.commit()

    write("First.", recruiter)
    client.get(url)  # warm: the catalogue, the templates
    db.session.remove()  # the test's session is the requests' session: start each afresh
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for n in range(3):
        write(f"Later {n}.", make_user("recruiter"))
    db.session.remove()
    with count_queries() as more:
        html = client.get(url).get_data(as_text=True)
    assert "Later 2." in html
    assert more.count == one.count
