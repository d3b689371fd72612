"""Password guessing is throttled before any password is checked: per account and per
address, in the database (shared by every worker process), with a generic message."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hiring.extensions import db
from hiring.models import LoginThrottle
from hiring.models.base import utcnow
from hiring.services import accounts, throttle
from tests.conftest import Auth
from tests.factories import PASSWORD, make_user


@pytest.fixture
def guesses(app, monkeypatch):
    """Counts the password checks that really ran."""
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=5)
    made = []
    verify = accounts.PasswordHasher.verify

    def counted(self, hash_, password):
        made.append(password)
        return verify(self, hash_, password)

    monkeypatch.setattr(accounts.PasswordHasher, "verify", counted)
    return made


def test_an_account_is_refused_after_its_failures_before_any_check(app, client, guesses):
    make_user("recruiter", email="r@example.test")
    auth = Auth(client)
    for _ in range(3):
        assert auth.login("r@example.test", "wrong guess 123").status_code == 200
    refused = auth.login("r@example.test")  # even the right password, for now
    assert refused.status_code == 429
    assert "Too many failed logins: wait 15 minutes" in refused.get_data(as_text=True)
    assert len(guesses) == 3  # the fourth attempt checked no password
    # when the window has passed, the right password works and clears the count
    db.session.execute(
        db.update(LoginThrottle).values(window_start=utcnow() - timedelta(minutes=16))
    )
    db.session.commit()
    assert auth.login("r@example.test").status_code == 302
    assert db.session.get(LoginThrottle, "account:r@example.test") is None


def test_one_address_trying_many_accounts_is_refused(app, client, guesses):
    auth = Auth(client)
    for n in range(5):
        auth.login(f"nobody{n}@example.test", "wrong guess 123")
    make_user("recruiter", email="r@example.test")
    assert auth.login("r@example.test", PASSWORD).status_code == 429
    assert len(guesses) == 5


def test_another_address_and_account_are_not_held_up(app, client, guesses):
    make_user("recruiter", email="r@example.test")
    make_user("recruiter", email="s@example.test")
    auth = Auth(client)
    for _ in range(3):
        auth.login("r@example.test", "wrong guess 123")
    assert auth.login("s@example.test").status_code == 302
    elsewhere = app.test_client()
    response = elsewhere.post(
        "/login",
        data={"email": "s@example.test", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.status_code == 302


def test_the_counts_restart_after_the_window(app):
    now = utcnow()
    for _ in range(3):
        throttle.record_failure("r@example.test", "192.0.2.1", now=now)
    db.session.commit()
    assert db.session.get(LoginThrottle, "account:r@example.test").failures == 3
    later = now + timedelta(seconds=901)
    throttle.record_failure("r@example.test", "192.0.2.1", now=later)
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(LoginThrottle, "account:r@example.test")
    assert row.failures == 1
    assert not throttle.refused("r@example.test", "192.0.2.1", now=later)


def test_password_checks_run_a_bounded_number_at_once(app, monkeypatch):
    """Each Argon2 check takes 64 MiB: a process runs at most LOGIN_CONCURRENT_CHECKS."""
    import threading
    import time

    app.config.update(LOGIN_CONCURRENT_CHECKS=2)
    running, most = [0], [0]
    lock = threading.Lock()

    def slow(self, hash_, password):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
        return True

    monkeypatch.setattr(accounts.PasswordHasher, "verify", slow)

    def attempt():
        with app.app_context():
            accounts.authenticate("nobody@example.test", "whatever guess")

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2


def test_a_login_makes_a_new_session_that_ends_when_idle(app, client):
    import time

    make_user("recruiter", email="r@example.test")
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
        before["lang"] = "fi"
    response = Auth(client).login("r@example.test")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["lang"] == "fi"  # the language chosen before is kept
    assert client.get("/candidates").status_code == 200
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    time.sleep(2.1)
    assert client.get("/candidates").headers["Location"].startswith("/login")
