"""Two-step login (TOTP): setting it up, logging in with a code, codes good once, the same
limits as passwords, roles that must use it, turning it off, and an administrator's reset."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from hiring.extensions import db
from hiring.models import AuditEntry, TwoStep, User
from tests.conftest import Auth
from tests.factories import PASSWORD, make_user


def code(user_id: int, steps_ahead: int = 0) -> str:
    """A code of the step after the last one used (so never spent, and within the accepted
    drift however a 30-second boundary falls during the test), or of the current step."""
    db.session.expire_all()
    enrolment = db.session.get(TwoStep, user_id)
    if enrolment.last_step is not None and steps_ahead:
        return pyotp.TOTP(enrolment.secret).at((enrolment.last_step + 1) * 30)
    return pyotp.TOTP(enrolment.secret).at(time.time())


def spent(user_id: int) -> str:
    """The code of the last step used."""
    db.session.expire_all()
    enrolment = db.session.get(TwoStep, user_id)
    return pyotp.TOTP(enrolment.secret).at(enrolment.last_step * 30)


def actions() -> list[tuple[str, dict]]:
    db.session.expire_all()
    return [
        (e.action, e.details)
        for e in db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id)).scalars()
    ]


def enrol(client, user_id: int) -> None:
    client.post("/account/two-step", data={"action": "begin"})
    done = client.post("/account/two-step", data={"action": "confirm", "code": code(user_id)})
    assert done.status_code == 302, done.get_data(as_text=True)


def test_setting_it_up_takes_a_code_from_the_app(client, auth):
    anna = make_user("recruiter", email="anna@example.test")
    db.session.commit()
    auth.login("anna@example.test")
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "Set up two-step login" in page
    started = client.post("/account/two-step", data={"action": "begin"}).get_data(as_text=True)
    assert "<svg" in started
    assert "style=" not in started.split("<svg", 1)[1].split("</svg>", 1)[0]  # CSP: no styles
    key = re.search(r'<code id="two-step-key">([A-Z2-7]+)</code>', started).group(1)
    assert key == db.session.get(TwoStep, anna.id).secret
    wrong = client.post("/account/two-step", data={"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert db.session.get(TwoStep, anna.id).confirmed_at is None
    right = client.post("/account/two-step", data={"action": "confirm", "code": code(anna.id)})
    assert right.status_code == 302
    db.session.expire_all()
    assert db.session.get(TwoStep, anna.id).confirmed_at is not None
    assert "Two-step login is on since" in client.get("/account/two-step").get_data(as_text=True)
    assert ("two_step_enabled", {}) in actions()


def test_logging_in_needs_the_code_and_a_code_is_good_once(app, client, auth):
    anna = make_user("recruiter", email="anna@example.test")
    db.session.commit()
    auth.login("anna@example.test")
    enrol(client, anna.id)
    used = spent(anna.id)  # the step the enrolment's code used
    auth.logout()

    first = auth.login("anna@example.test")
    assert first.headers["Location"] == "/login/code"
    assert client.get("/candidates").headers["Location"].startswith("/login")  # not yet in
    replay = client.post("/login/code", data={"code": used})
    assert replay.status_code == 422  # the code the enrolment used is spent
    good = client.post("/login/code", data={"code": code(anna.id, steps_ahead=1)})
    assert good.status_code == 302
    assert client.get("/candidates").status_code == 200
    logged = actions()
    assert ("login_failed", {"two_step": True}) in logged
    assert logged[-1] == ("login", {"two_step": True})

    # another browser, the same code again: refused
    other = app.test_client()
    Auth(other).login("anna@example.test")
    again = other.post("/login/code", data={"code": spent(anna.id)})
    assert again.status_code == 422


def test_turning_it_on_ends_every_other_session(app, client, auth):
    """Found in review: a session opened with a stolen password went on after the owner
    turned two-step login on."""
    make_user("recruiter", email="anna@example.test")
    db.session.commit()
    thief = app.test_client()
    Auth(thief).login("anna@example.test")
    auth.login("anna@example.test")
    anna = db.session.execute(db.select(User)).scalar_one()
    enrol(client, anna.id)
    assert thief.get("/candidates").headers["Location"].startswith("/login")
    assert client.get("/candidates").status_code == 200  # the owner's own session goes on


def test_wrong_codes_count_against_the_login_limits(app, client, auth):
    anna = make_user("recruiter", email="anna@example.test")
    db.session.commit()
    auth.login("anna@example.test")
    enrol(client, anna.id)
    auth.logout()
    auth.login("anna@example.test")
    for _attempt in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        assert client.post("/login/code", data={"code": "123456"}).status_code == 422
    refused = client.post("/login/code", data={"code": code(anna.id, steps_ahead=1)})
    assert refused.status_code == 429


def test_the_code_must_follow_the_password_within_five_minutes(client, auth, monkeypatch):
    anna = make_user("recruiter", email="anna@example.test")
    db.session.commit()
    auth.login("anna@example.test")
    enrol(client, anna.id)
    auth.logout()
    auth.login("anna@example.test")
    later = time.time() + 301
    monkeypatch.setattr("hiring.web.auth.time.time", lambda: later)
    late = client.post("/login/code", data={"code": code(anna.id, steps_ahead=1)})
    assert late.headers["Location"] == "/login"


@pytest.fixture
def required(app):
    app.config["TWO_STEP_ROLES"] = "admin,recruiter"
    yield
    app.config["TWO_STEP_ROLES"] = ""


def test_a_role_that_must_use_it_is_led_to_set_it_up_and_cannot_turn_it_off(client, auth, required):
    rita = make_user("recruiter", email="rita@example.test")
    make_user("interviewer", email="ilkka@example.test")
    db.session.commit()
    auth.login("rita@example.test")
    for path in ("/candidates", "/openings", "/"):
        assert client.get(path).headers["Location"] == "/account/two-step", path
    assert client.get("/account/two-step").status_code == 200
    enrol(client, rita.id)
    assert client.get("/candidates").status_code == 200
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "Turn two-step login off" not in page
    refused = client.post("/account/two-step", data={"action": "off", "code": code(rita.id, 1)})
    assert "Your role must use two-step login." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(TwoStep, rita.id).confirmed_at is not None
    auth.logout()
    auth.login("ilkka@example.test")  # interviewers are not required
    assert client.get("/my/interviews").status_code == 200


def test_turning_it_off_takes_a_code(client, auth):
    ilkka = make_user("interviewer", email="ilkka@example.test")
    db.session.commit()
    auth.login("ilkka@example.test")
    enrol(client, ilkka.id)
    wrong = client.post("/account/two-step", data={"action": "off", "code": "999999"})
    assert wrong.status_code == 422
    off = client.post("/account/two-step", data={"action": "off", "code": code(ilkka.id, 1)})
    assert off.status_code == 302
    assert db.session.get(TwoStep, ilkka.id) is None
    auth.logout()
    assert auth.login("ilkka@example.test").headers["Location"] == "/"
    assert ("two_step_disabled", {}) in actions()


def test_an_administrator_resets_a_lost_phone(app, client, auth):
    make_user("admin", email="admin@example.test")
    anna = make_user("recruiter", email="anna@example.test")
    db.session.commit()
    hers = app.test_client()
    Auth(hers).login("anna@example.test")
    enrol(hers, anna.id)
    assert hers.get("/candidates").status_code == 200
    auth.login("admin@example.test")
    assert client.post(f"/admin/users/{anna.id}/two-step").status_code == 302
    db.session.expire_all()
    assert db.session.get(TwoStep, anna.id) is None
    assert hers.get("/candidates").headers["Location"].startswith("/login")  # sessions ended
    assert Auth(hers).login("anna@example.test", PASSWORD).headers["Location"] == "/"
    entry = [a for a in actions() if a[0] == "two_step_reset"]
    assert entry == [("two_step_reset", {})]
    assert db.session.get(User, anna.id).active
