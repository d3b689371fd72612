"""Candidates, decisions, accounts: rules that hold whatever the view."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hiring.extensions import db
from hiring.models import Candidate, User
from hiring.services import ServiceError
from hiring.services.accounts import authenticate, change_password, create_user
from hiring.services.recruiting import (
    RecordInvalid,
    create_candidate,
    record_decision,
    update_candidate,
)
from tests.factories import PASSWORD, make_candidate, make_user


def test_create_candidate_normalises_languages(app):
    candidate = create_candidate({"name": "A", "languages": "FI, en fi  sv"})
    assert candidate.languages == "fi,en,sv"


def test_update_with_stale_version_refused_and_nothing_changed(app):
    candidate = make_candidate(None, notes="original")
    with pytest.raises(ServiceError, match="Someone else changed this candidate"):
        update_candidate(candidate, {"notes": "mine"}, seen_version=candidate.version - 1)
    db.session.rollback()
    assert db.session.get(Candidate, candidate.id).notes == "original"


def test_concurrent_saves_second_loses_nothing_silently(app):
    """Two people load the same candidate; the second save is refused by the version check
    in the UPDATE itself, even when both passed the form-level check."""
    candidate = make_candidate(None, notes="original")
    with Session(db.engine) as first, Session(db.engine) as second:
        mine = first.get(Candidate, candidate.id)
        theirs = second.get(Candidate, candidate.id)
        mine.notes = "first"
        first.commit()
        theirs.notes = "second"
        with pytest.raises(StaleDataError):
            second.commit()
    db.session.expire_all()
    stored = db.session.get(Candidate, candidate.id)
    assert (stored.notes, stored.version) == ("first", 2)


def test_decision_sets_status_and_keeps_history(app):
    recruiter = make_user("recruiter")
    candidate = make_candidate(None)
    record_decision(candidate, "on_hold", "waiting for references", recruiter)
    record_decision(candidate, "advance", "references fine", recruiter)
    db.session.commit()
    assert candidate.status == "advanced"
    assert [(d.decision, d.decided_by_id) for d in candidate.decisions] == [
        ("on_hold", recruiter.id),
        ("advance", recruiter.id),
    ]


@pytest.mark.parametrize(
    ("decision", "reason", "field"), [("hire", "", "reason"), ("fire", "x", "decision")]
)
def test_decision_refused(app, decision, reason, field):
    with pytest.raises(ServiceError) as caught:
        record_decision(make_candidate(None), decision, reason, make_user("recruiter"))
    assert caught.value.field == field


def test_accounts_password_rules(app):
    with pytest.raises(ServiceError) as caught:
        create_user("x@example.com", "X", "recruiter", "short")
    assert caught.value.field == "password"
    with pytest.raises(ServiceError) as unknown:
        create_user("x@example.com", "X", "boss", PASSWORD)
    assert unknown.value.field == "role"


def test_authenticate_and_change_password(app):
    user = make_user("interviewer", email="Case@Example.com")
    assert authenticate("case@example.com ", PASSWORD) == user
    assert authenticate("case@example.com", "wrong password") is None
    with pytest.raises(ServiceError):
        change_password(user, "wrong password", "another long one")
    change_password(user, PASSWORD, "another long one")
    assert authenticate("case@example.com", "another long one") == user
    user.active = False
    assert authenticate("case@example.com", "another long one") is None


def test_two_admins_creating_the_same_user_get_a_message_not_an_error(app, monkeypatch):
    """The race: both pass the "does it exist" check before either has saved."""
    from hiring.services import ServiceError, accounts

    accounts.create_user("same@example.test", "First", "interviewer", "long password 1")
    db.session.commit()
    monkeypatch.setattr(accounts, "find_user", lambda email: None)
    with pytest.raises(ServiceError) as caught:
        accounts.create_user("same@example.test", "Second", "interviewer", "long password 2")
    assert str(caught.value.message) == "A user with this email already exists."
    assert caught.value.field == "email"
    db.session.commit()  # the session is usable: the failed insert was rolled back alone
    names = db.session.execute(db.select(User.name)).scalars().all()
    assert names == ["First"]


def test_same_user_race_through_the_admin_page_is_a_form_error(client, auth, monkeypatch):
    from hiring.services import accounts

    make_user("admin", email="boss@example.test")
    make_user("interviewer", email="taken@example.com")
    auth.login("boss@example.test")
    monkeypatch.setattr(accounts, "find_user", lambda email: None)
    response = client.post(
        "/admin/users",
        data={
            "email": "taken@example.com",
            "name": "Again",
            "role": "interviewer",
            "password": "long password 1",
        },
    )
    assert response.status_code == 200
    assert "A user with this email already exists." in response.get_data(as_text=True)


def test_a_closed_opening_takes_no_new_candidate_and_keeps_its_own(app, client, auth):
    """Seen: a closed opening was still offered for new candidates. It is not offered, a new
    candidate for it is refused with a message and nothing saved, and a candidate it already
    has keeps it when edited."""
    from hiring.services.recruiting import update_opening
    from tests.factories import make_opening

    recruiter = make_user("recruiter", email="r@example.test")
    closed, open_ = make_opening(recruiter, title="Closed KAM"), make_opening(recruiter)
    kept = make_candidate(closed, name="Already There")
    update_opening(closed, {"status": "closed"})
    db.session.commit()
    auth.login("r@example.test")
    form = client.get("/candidates/new").get_data(as_text=True)
    assert f'<option value="{open_.id}">KAM Helsinki</option>' in form
    assert f'<option disabled value="{closed.id}">Closed KAM (closed)</option>' in form
    response = client.post("/candidates/new", data={"name": "Newcomer", "opening_id": closed.id})
    assert response.status_code == 200
    assert (
        db.session.execute(db.select(Candidate).where(Candidate.name == "Newcomer")).first() is None
    )
    assert "This opening is closed: it takes no new candidates." in response.get_data(as_text=True)
    with pytest.raises(RecordInvalid) as refused:
        create_candidate({"name": "Newcomer", "opening_id": closed.id})
    assert [(str(p), p.field) for p in refused.value.problems] == [
        ("This opening is closed: it takes no new candidates.", "opening_id")
    ]
    db.session.rollback()
    edit = client.get(f"/candidates/{kept.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{closed.id}">Closed KAM</option>' in edit
    update_candidate(kept, {"notes": "still here"}, seen_version=kept.version)
    db.session.commit()
    assert db.session.get(Candidate, kept.id).opening_id == closed.id


def test_the_tool_never_rejects_anyone_by_itself(app):
    """People decide: however low a panel scores a candidate, their status stays as it was
    and no decision exists until a person records one, with a reason and their name."""
    from hiring.models import Candidate, Decision
    from hiring.services.recruiting import record_decision
    from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

    recruiter = make_user("recruiter")
    panel = [make_user("interviewer") for _ in range(3)]
    candidate = make_candidate(make_opening(recruiter), name="Matala Pistemäärä")
    interview = make_interview(candidate, panel, recruiter, competencies=["persuasion"])
    for interviewer in panel:
        fill(interview, interviewer, {"persuasion": 1})
    db.session.commit()
    assert db.session.get(Candidate, candidate.id).status == "active"
    assert db.session.execute(db.select(Decision)).first() is None
    with pytest.raises(ServiceError):
        record_decision(candidate, "reject", "   ", recruiter)  # no reason, no decision
    record_decision(candidate, "reject", "Persuasion well below the floor.", recruiter)
    db.session.commit()
    decision = db.session.execute(db.select(Decision)).scalar_one()
    assert (decision.decided_by_id, decision.reason) == (
        recruiter.id,
        "Persuasion well below the floor.",
    )
