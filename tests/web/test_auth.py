"""Logging in and out, passwords, the safe next redirect, access by role."""

from __future__ import annotations

import pytest

from hiring.extensions import db
from tests.factories import PASSWORD, make_user


def test_login_redirects_recruiter_to_candidates(client, auth):
    make_user("recruiter", email="r@example.test")
    response = auth.login("R@Example.test ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/candidates"


def test_login_interviewer_lands_on_own_interviews(client, auth):
    make_user("interviewer", email="i@example.test")
    auth.login("i@example.test")
    assert client.get("/").headers["Location"] == "/my/interviews"


@pytest.mark.parametrize(
    ("email", "password"), [("r@example.test", "wrong"), ("x@example.test", PASSWORD)]
)
def test_login_wrong_credentials_same_message(client, auth, email, password):
    make_user("recruiter", email="r@example.test")
    response = auth.login(email, password)
    assert response.status_code == 200
    assert "The email or the password is not correct." in response.get_data(as_text=True)


def test_login_deactivated_user_refused(client, auth):
    user = make_user("recruiter", email="r@example.test")
    user.active = False
    db.session.commit()
    assert auth.login("r@example.test").status_code == 200
    assert client.get("/candidates").status_code == 302


def test_login_follows_safe_next_only(client):
    make_user("recruiter", email="r@example.test")
    ok = client.post(
        "/login", data={"email": "r@example.test", "password": PASSWORD, "next": "/openings"}
    )
    assert ok.headers["Location"] == "/openings"
    client.post("/logout")
    evil = client.post(
        "/login", data={"email": "r@example.test", "password": PASSWORD, "next": "//evil.example"}
    )
    assert evil.headers["Location"] == "/"


def test_login_with_a_line_break_in_next_goes_home(client):
    make_user("recruiter", email="r@example.test")
    response = client.post(
        "/login", data={"email": "r@example.test", "password": PASSWORD, "next": "/openings\r\n"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_pages_need_login(client):
    response = client.get("/candidates")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/candidates", "/openings", "/candidates/new", "/admin/users"])
def test_interviewer_cannot_open_recruiter_or_admin_pages(client, auth, path):
    make_user("interviewer", email="i@example.test")
    auth.login("i@example.test")
    assert client.get(path).status_code == 403


def test_recruiter_cannot_open_admin(client, auth):
    make_user("recruiter", email="r@example.test")
    auth.login("r@example.test")
    assert client.get("/admin/users").status_code == 403


def test_logout_ends_session(client, auth):
    make_user("recruiter", email="r@example.test")
    auth.login("r@example.test")
    assert auth.logout().headers["Location"] == "/login"
    assert client.get("/candidates").status_code == 302


def test_change_password(client, auth):
    user = make_user("recruiter", email="r@example.test")
    auth.login("r@example.test")
    response = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "a much longer secret",
            "confirm": "a much longer secret",
        },
    )
    assert response.headers["Location"] == "/"
    auth.logout()
    assert auth.login("r@example.test", "a much longer secret").status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")


def test_change_password_wrong_current_message_beside_field(client, auth):
    make_user("recruiter", email="r@example.test")
    auth.login("r@example.test")
    response = client.post(
        "/account/password",
        data={
            "current": "nope",
            "password": "a much longer secret",
            "confirm": "a much longer secret",
        },
    )
    assert response.status_code == 200
    assert "The current password is not correct." in response.get_data(as_text=True)


def test_admin_creates_user_and_duplicate_is_refused(client, auth):
    make_user("admin", email="a@example.test")
    auth.login("a@example.test")
    data = {
        "email": "new@example.com",
        "name": "New",
        "role": "interviewer",
        "password": "long enough pw",
    }
    assert client.post("/admin/users", data=data).headers["Location"] == "/admin/users"
    again = client.post("/admin/users", data=data)
    assert again.status_code == 200
    assert "A user with this email already exists." in again.get_data(as_text=True)


def test_csrf_is_required_when_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    make_user("recruiter", email="r@example.test")
    client = app.test_client()
    response = client.post("/login", data={"email": "r@example.test", "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "There is nothing here"), ("fi", "Täällä ei ole mitään")]
)
def test_error_pages_in_the_readers_language(client, lang, text):
    response = client.get("/no/such/page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_admin_deactivates_and_reactivates_a_user(client, auth):
    admin = make_user("admin", email="a@example.test")
    other = make_user("interviewer", email="i@example.test")
    auth.login("a@example.test")
    assert client.post(f"/admin/users/{other.id}/active").headers["Location"] == "/admin/users"
    db.session.refresh(other)
    assert other.active is False
    client.post(f"/admin/users/{other.id}/active")
    db.session.refresh(other)
    assert other.active is True
    client.post(f"/admin/users/{admin.id}/active")
    db.session.refresh(admin)
    assert admin.active is True
    assert "You cannot deactivate yourself." in client.get("/admin/users").get_data(as_text=True)
