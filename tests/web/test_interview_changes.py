"""A recruiter reschedules an interview, changes its kind or its panel, or cancels it; every
change is kept in the interview's history with who, when and why, and an interviewer taken off
the panel keeps no access."""

from __future__ import annotations

import pytest

from hiring.extensions import db
from hiring.models import Interview, InterviewEvent, Scorecard
from hiring.services.interviews import change_interview, is_cancelled
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)

KEYS = ["persuasion", "listening"]


@pytest.fixture
def panel(auth):
    recruiter = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    anna = make_user("interviewer", name="Anna Arvioija", email="anna@example.test")
    bertta = make_user("interviewer", name="Bertta Haastattelija", email="bertta@example.test")
    cecilia = make_user("interviewer", name="Cecilia Kolmas", email="cecilia@example.test")
    candidate = make_candidate(make_opening(recruiter), name="Kalle Kandidaatti")
    interview = make_interview(candidate, [anna, bertta], recruiter, competencies=KEYS)
    auth.login("r@example.test")
    return {"interview": interview, "candidate": candidate, "anna": anna, "bertta": bertta,
            "cecilia": cecilia, "recruiter": recruiter}  # fmt: skip


def change(client, interview, **values):
    data = {"scheduled_at": "2026-11-20T11:00", "kind": "competency_interview",
            "interviewers": [], "reason": ""}  # fmt: skip
    data.update(values)
    return client.post(f"/interviews/{interview.id}/edit", data=data)


def test_the_form_opens_with_the_interview_as_it_is(client, panel):
    html = client.get(f"/interviews/{panel['interview'].id}/edit").get_data(as_text=True)
    assert 'value="2026-11-20T11:00"' in html  # 09:00 UTC in Helsinki (the app's time zone)
    assert html.count("checked") == 2


def test_reschedule_change_kind_and_panel_with_the_history_kept(app, client, auth, panel):
    interview, anna, bertta, cecilia = (
        panel[k] for k in ("interview", "anna", "bertta", "cecilia")
    )
    fill(interview, bertta, dict.fromkeys(KEYS, 3), submit=False)  # a draft, taken off with her
    bertta_card = scorecard_of(interview, bertta).id
    response = change(
        client, interview, scheduled_at="2026-11-24T14:30", kind="role_play",
        interviewers=[anna.id, cecilia.id], reason="Bertta is on leave.",
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    interview = db.session.get(Interview, interview.id)
    assert interview.scheduled_at.isoformat() == "2026-11-24T12:30:00+00:00"
    assert interview.kind == "role_play"
    assert sorted(c.interviewer_id for c in interview.scorecards) == sorted([anna.id, cecilia.id])
    events = [(e.kind, e.reason, e.by.email) for e in interview.events]
    assert events == [
        ("rescheduled", "Bertta is on leave.", "r@example.test"),
        ("kind_changed", "Bertta is on leave.", "r@example.test"),
        ("interviewer_removed", "Bertta is on leave.", "r@example.test"),
        ("interviewer_added", "Bertta is on leave.", "r@example.test"),
    ]
    assert interview.events[2].detail == {"user_id": bertta.id, "name": "Bertta Haastattelija",
                                          "drafts": 1}  # fmt: skip
    page = client.get(f"/candidates/{panel['candidate'].id}").get_data(as_text=True)
    assert "Bertta is on leave." in page
    assert "Bertta Haastattelija taken off the panel" in page
    # Bertta keeps no access; Cecilia has the assignment
    auth.logout()
    auth.login("bertta@example.test")
    assert client.get(f"/scorecards/{bertta_card}").status_code == 404
    assert "Kalle Kandidaatti" not in client.get("/my/interviews").get_data(as_text=True)
    auth.logout()
    auth.login("cecilia@example.test")
    assert "Kalle Kandidaatti" in client.get("/my/interviews").get_data(as_text=True)


def test_someone_who_submitted_stays_on_the_panel(client, panel):
    interview, anna, bertta = panel["interview"], panel["anna"], panel["bertta"]
    fill(interview, bertta, dict.fromkeys(KEYS, 3))
    response = change(client, interview, scheduled_at="2026-11-25T10:00", interviewers=[anna.id])
    assert response.status_code == 200
    assert "Bertta Haastattelija has submitted a scorecard and stays on the panel" in (
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    interview = db.session.get(Interview, interview.id)
    assert len(interview.scorecards) == 2
    assert interview.scheduled_at.day == 20  # nothing of the refused change was kept
    assert db.session.execute(db.select(InterviewEvent)).first() is None


def test_dates_out_of_range_are_refused(client, panel):
    interview, anna = panel["interview"], panel["anna"]
    response = change(client, interview, scheduled_at="1900-01-01T10:00", interviewers=[anna.id])
    assert response.status_code == 200
    assert "Choose a date from" in response.get_data(as_text=True)


def test_cancel_needs_a_reason_and_takes_the_assignments(client, auth, panel):
    interview, anna = panel["interview"], panel["anna"]
    fill(interview, anna, dict.fromkeys(KEYS, 4), submit=False)
    refused = client.post(f"/interviews/{interview.id}/cancel", data={"cancel-reason": " "})
    assert refused.headers["Location"] == f"/interviews/{interview.id}/edit"
    assert not is_cancelled(db.session.get(Interview, interview.id))
    done = client.post(
        f"/interviews/{interview.id}/cancel", data={"cancel-reason": "The candidate fell ill."}
    )
    assert done.headers["Location"] == f"/candidates/{panel['candidate'].id}"
    db.session.expire_all()
    interview = db.session.get(Interview, interview.id)
    assert is_cancelled(interview)
    assert interview.scorecards == []
    assert db.session.execute(db.select(Scorecard)).first() is None
    (event,) = interview.events
    assert (event.kind, event.reason) == ("cancelled", "The candidate fell ill.")
    assert event.detail["drafts"] == 1
    page = client.get(f"/candidates/{panel['candidate'].id}").get_data(as_text=True)
    assert "cancelled" in page
    assert "The candidate fell ill." in page
    again = client.get(f"/interviews/{interview.id}/edit")
    assert again.headers["Location"] == f"/candidates/{panel['candidate'].id}"
    auth.logout()
    auth.login("anna@example.test")
    assert "Kalle Kandidaatti" not in client.get("/my/interviews").get_data(as_text=True)


def test_an_interview_with_a_submitted_scorecard_is_not_cancelled(client, panel):
    interview, anna = panel["interview"], panel["anna"]
    fill(interview, anna, dict.fromkeys(KEYS, 4))
    response = client.post(f"/interviews/{interview.id}/cancel", data={"cancel-reason": "Mistake."})
    assert response.headers["Location"] == f"/interviews/{interview.id}/edit"
    db.session.expire_all()
    assert not is_cancelled(db.session.get(Interview, interview.id))
    assert len(db.session.get(Interview, interview.id).scorecards) == 2
    page = client.get(f"/interviews/{interview.id}/edit").get_data(as_text=True)
    assert "it cannot be cancelled" in page


def test_only_the_recruiting_team_changes_interviews(client, auth, panel):
    interview = panel["interview"]
    auth.logout()
    auth.login("anna@example.test")
    assert client.get(f"/interviews/{interview.id}/edit").status_code == 403
    assert (
        client.post(f"/interviews/{interview.id}/cancel", data={"cancel-reason": "x"}).status_code
        == 403
    )


def test_a_change_holds_the_panel_before_it_looks(panel, database, monkeypatch):
    """An interviewer's first save refers to their scorecard. From the moment a change looks
    for submitted evidence until it commits, that save must wait (PostgreSQL: the scorecard's
    row is locked against the foreign-key check; SQLite: the write lock), so that it cannot
    slip in between the look and the delete. Tried at the moment of looking."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    import hiring.services.interviews as interviews

    interview, anna, bertta = panel["interview"], panel["anna"], panel["bertta"]
    card = scorecard_of(interview, bertta).id
    waited = []
    looked = interviews.is_cancelled

    def competing_save_then_look(found):
        with db.engine.connect() as other:
            if database == "sqlite":
                other.exec_driver_sql("PRAGMA busy_timeout = 0")
                statement = "UPDATE scorecards SET interviewer_id = interviewer_id WHERE id = :c"
            else:
                statement = "SELECT id FROM scorecards WHERE id = :c FOR KEY SHARE NOWAIT"
            try:
                other.execute(text(statement), {"c": card})
            except OperationalError as error:
                waited.append("lock" in str(error))
        return looked(found)

    monkeypatch.setattr(interviews, "is_cancelled", competing_save_then_look)
    change_interview(
        interview, scheduled_at=interview.scheduled_at, kind=interview.kind,
        interviewer_ids=[anna.id], reason="", by=panel["recruiter"],
    )  # fmt: skip
    db.session.commit()
    assert waited == [True]


def test_nobody_takes_themself_off_or_is_put_back(client, auth, panel):
    interview, anna, bertta = panel["interview"], panel["anna"], panel["bertta"]
    recruiter = panel["recruiter"]
    change(client, interview, interviewers=[anna.id, bertta.id, recruiter.id])
    refused = change(client, interview, interviewers=[anna.id, bertta.id])
    assert "You cannot take yourself off a panel" in refused.get_data(as_text=True)
    change(client, interview, interviewers=[anna.id, recruiter.id])  # Bertta off
    again = change(client, interview, interviewers=[anna.id, bertta.id, recruiter.id])
    assert "cannot be put back on it" in again.get_data(as_text=True)
    db.session.expire_all()
    on_panel = {c.interviewer_id for c in db.session.get(Interview, interview.id).scorecards}
    assert on_panel == {anna.id, recruiter.id}


@pytest.mark.parametrize("when", ["0001-01-01T10:00", "9999-12-31T23:00"])
def test_dates_no_time_zone_can_convert_are_refused_not_a_server_error(client, panel, when):
    interview, anna = panel["interview"], panel["anna"]
    response = change(client, interview, scheduled_at=when, interviewers=[anna.id])
    assert response.status_code == 200
    assert "Not a valid date and time." in response.get_data(as_text=True)
    created = client.post(
        f"/candidates/{panel['candidate'].id}/interviews/new",
        data={"scheduled_at": when, "kind": "competency_interview", "interviewers": [anna.id]},
    )
    assert created.status_code == 200
    assert "Not a valid date and time." in created.get_data(as_text=True)


def test_an_opening_is_closed_and_reopened_from_the_list(client, panel):
    from hiring.models import Opening

    opening = panel["candidate"].opening
    closed = client.post(f"/openings/{opening.id}/status", data={"status": "closed"})
    assert closed.headers["Location"] == "/openings"
    db.session.expire_all()
    assert db.session.get(Opening, opening.id).status == "closed"
    page = client.get("/openings").get_data(as_text=True)
    assert ">Reopen<" in page
    form = client.get("/candidates/new").get_data(as_text=True)
    assert f'<option value="{opening.id}">' not in form  # takes no new candidates
    client.post(f"/openings/{opening.id}/status", data={"status": "open"})
    db.session.expire_all()
    assert db.session.get(Opening, opening.id).status == "open"
    bogus = client.post(f"/openings/{opening.id}/status", data={"status": "paused"})
    assert bogus.status_code == 302
    assert "Choose open or closed." in client.get("/openings").get_data(as_text=True)


def test_a_candidate_withdraws_with_a_named_person_and_a_reason(client, panel):
    from hiring.models import Candidate, Decision

    candidate = panel["candidate"]
    response = client.post(
        f"/candidates/{candidate.id}/decisions",
        data={"decision": "withdraw", "reason": "Took another offer."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).status == "withdrawn"
    decision = db.session.execute(db.select(Decision)).scalar_one()
    assert (decision.decision, decision.reason, decision.decided_by.email) == (
        "withdraw", "Took another offer.", "r@example.test",
    )  # fmt: skip
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "The candidate withdrew" in page
