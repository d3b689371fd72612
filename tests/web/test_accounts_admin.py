"""An administrator changes other people's accounts, and each change applies at that person's
next request: a password reset (a temporary password shown once, every session ended, a new
password required first), a role change, a deactivation. A password change ends the user's
other sessions and keeps the one that made it."""

from __future__ import annotations

import re

from hiring.extensions import db
from tests.conftest import Auth
from tests.factories import PASSWORD, make_user


def session_of(app, email: str, password: str = PASSWORD):
    other = app.test_client()
    assert Auth(other).login(email, password).status_code == 302
    return other


def test_reset_shows_a_temporary_password_once_ends_sessions_and_asks_for_a_new_one(
    app, client, auth
):
    make_user("admin", email="a@example.test")
    anna = make_user("interviewer", email="anna@example.test")
    before = session_of(app, "anna@example.test")
    assert before.get("/my/interviews").status_code == 200
    auth.login("a@example.test")

    page = client.post(f"/admin/users/{anna.id}/password")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    temporary = re.search(r'<code id="temporary">([^<]+)</code>', page.get_data(as_text=True))
    assert temporary is not None
    temporary = temporary.group(1)
    assert len(temporary) >= 16
    db.session.refresh(anna)
    assert temporary not in anna.password_hash
    assert anna.must_change_password is True

    # the session Anna had is over; the old password no longer works
    assert before.get("/my/interviews").headers["Location"].startswith("/login")
    assert Auth(app.test_client()).login("anna@example.test").status_code == 200
    # with the temporary one, every page leads to the password form first
    fresh = session_of(app, "anna@example.test", temporary)
    for path in ("/my/interviews", "/rubrics", "/"):
        assert fresh.get(path).headers["Location"] == "/account/password", path
    assert fresh.get("/account/password").status_code == 200
    changed = fresh.post(
        "/account/password",
        data={
            "current": temporary,
            "password": "my very own secret",
            "confirm": "my very own secret",
        },
    )
    assert changed.status_code == 302
    assert fresh.get("/my/interviews").status_code == 200  # the same session goes on
    db.session.refresh(anna)
    assert anna.must_change_password is False


def test_a_new_user_chooses_their_own_password_at_first_login(app, client, auth):
    make_user("admin", email="a@example.test")
    auth.login("a@example.test")
    data = {"email": "new@example.com", "name": "New", "role": "interviewer",
            "password": "chosen by the admin"}  # fmt: skip
    client.post("/admin/users", data=data)
    newcomer = session_of(app, "new@example.com", "chosen by the admin")
    assert newcomer.get("/my/interviews").headers["Location"] == "/account/password"


def test_the_same_password_again_is_refused(client, auth):
    make_user("recruiter", email="r@example.test")
    auth.login("r@example.test")
    response = client.post(
        "/account/password", data={"current": PASSWORD, "password": PASSWORD, "confirm": PASSWORD}
    )
    assert "Choose a password different from the current one." in response.get_data(as_text=True)


def test_a_password_change_ends_the_other_sessions(app, client, auth):
    make_user("recruiter", email="r@example.test")
    elsewhere = session_of(app, "r@example.test")
    auth.login("r@example.test")
    client.post(
        "/account/password",
        data={"current": PASSWORD, "password": "a much longer secret",
              "confirm": "a much longer secret"},
    )  # fmt: skip
    assert client.get("/candidates").status_code == 200
    assert elsewhere.get("/candidates").headers["Location"].startswith("/login")


def test_a_role_change_applies_at_the_next_request(app, client, auth):
    make_user("admin", email="a@example.test")
    riikka = make_user("recruiter", email="r@example.test")
    hers = session_of(app, "r@example.test")
    assert hers.get("/candidates").status_code == 200
    auth.login("a@example.test")
    response = client.post(f"/admin/users/{riikka.id}/role", data={"role": "interviewer"})
    assert response.headers["Location"] == "/admin/users"
    assert hers.get("/candidates").status_code == 403
    assert hers.get("/my/interviews").status_code == 200


def test_nobody_changes_their_own_role_or_resets_their_own_password(client, auth):
    admin = make_user("admin", email="a@example.test")
    auth.login("a@example.test")
    client.post(f"/admin/users/{admin.id}/role", data={"role": "interviewer"})
    client.post(f"/admin/users/{admin.id}/password")
    db.session.refresh(admin)
    assert (admin.role, admin.must_change_password) == ("admin", False)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "You cannot change your own role." in page
    assert "Change your own password on your account page." in page


def test_an_unknown_role_is_refused(client, auth):
    make_user("admin", email="a@example.test")
    other = make_user("interviewer", email="i@example.test")
    auth.login("a@example.test")
    client.post(f"/admin/users/{other.id}/role", data={"role": "overlord"})
    db.session.refresh(other)
    assert other.role == "interviewer"
    assert "Not a valid choice" in client.get("/admin/users").get_data(as_text=True)


def test_deactivation_ends_the_open_session(app, client, auth):
    make_user("admin", email="a@example.test")
    other = make_user("interviewer", email="i@example.test")
    theirs = session_of(app, "i@example.test")
    auth.login("a@example.test")
    client.post(f"/admin/users/{other.id}/active")
    assert theirs.get("/my/interviews").headers["Location"].startswith("/login")
    client.post(f"/admin/users/{other.id}/active")  # active again: a new login is needed
    assert theirs.get("/my/interviews").headers["Location"].startswith("/login")


def test_a_session_without_the_token_is_no_session(app):
    """A cookie signed with the app's key but carrying only the user id (the older form, or
    a guess) does not log anyone in."""
    from flask.sessions import SecureCookieSessionInterface

    make_user("admin", email="a@example.test")
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    client = app.test_client()
    client.set_cookie("session", serializer.dumps({"_user_id": "1", "_fresh": True}))
    assert client.get("/admin/users").headers["Location"].startswith("/login")
