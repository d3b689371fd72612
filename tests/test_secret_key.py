"""The app never serves with the published development key outside development and tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask.sessions import SecureCookieSessionInterface

from hiring.app import create_app
from hiring.config import DEVELOPMENT_SECRET_KEY, ConfigurationError

SHIPPED = str(Path(__file__).resolve().parent.parent / "rubrics")


def _config(tmp_path: Path, **extra: object) -> dict[str, object]:
    return {
        "RUBRICS_DIR": SHIPPED,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
        "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        **extra,
    }


def test_refuses_to_start_without_a_key(tmp_path):
    with pytest.raises(ConfigurationError) as caught:
        create_app(_config(tmp_path))
    message = str(caught.value)
    assert message.startswith("Refusing to start with no secret key.")
    assert "HIRING_SECRET_KEY" in message
    assert f"> {tmp_path / 'secret_key'}" in message


def test_refuses_the_published_development_key(tmp_path):
    with pytest.raises(ConfigurationError, match="the published development key"):
        create_app(_config(tmp_path, SECRET_KEY=DEVELOPMENT_SECRET_KEY))


def test_reads_the_key_file(tmp_path):
    (tmp_path / "secret_key").write_text("a" * 64 + "\n", encoding="utf-8")
    app = create_app(_config(tmp_path))
    assert app.config["SECRET_KEY"] == "a" * 64


def test_development_and_tests_start_with_the_development_key(tmp_path):
    assert create_app(_config(tmp_path, TESTING=True)).config["SECRET_KEY"] == (
        DEVELOPMENT_SECRET_KEY
    )
    assert create_app(_config(tmp_path, DEBUG=True)).config["SECRET_KEY"] == (
        DEVELOPMENT_SECRET_KEY
    )


def test_a_cookie_signed_with_the_development_key_opens_nothing(tmp_path):
    """The hole: a session cookie forged with the published key opened /admin/users."""
    (tmp_path / "secret_key").write_text("b" * 64, encoding="utf-8")
    app = create_app(_config(tmp_path))
    forger = create_app(_config(tmp_path, TESTING=True, SECRET_KEY_FILE=str(tmp_path / "none")))
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    assert serializer is not None
    forged = serializer.dumps({"_user_id": "1", "_fresh": True})
    client = app.test_client()
    client.set_cookie("session", forged)
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_console_script_says_how_to_make_a_key(tmp_path):
    script = Path(sys.executable).parent / "hiring"
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("HIRING_", "FLASK_"))
    }
    env.update(
        HIRING_DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}",
        HIRING_SECRET_KEY_FILE=str(tmp_path / "missing"),
    )
    result = subprocess.run(
        [str(script), "run", "--port", "1"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode != 0
    assert "Refusing to start with no secret key." in result.stderr
    assert "secrets.token_hex(32)" in result.stderr


def _session_for(app, user_id: int, token: str) -> str:
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    return serializer.dumps({"_user_id": f"{user_id}:{token}", "_fresh": True})


@pytest.mark.parametrize("fallbacks", [["old-key-" + "a" * 56], "old-key-" + "a" * 56])
def test_a_rotated_key_keeps_sessions_signed_with_the_old_one(tmp_path, fallbacks):
    """Key rotation: sessions signed with a key named in SECRET_KEY_FALLBACKS still open, new
    ones are signed with the new key, and a key in neither opens nothing."""
    from sqlalchemy import text

    from hiring.extensions import db
    from tests.factories import make_user

    old = create_app(_config(tmp_path, SECRET_KEY="old-key-" + "a" * 56))
    with old.app_context():
        db.create_all()
        user_id = make_user("admin", email="admin@example.test").id
        db.session.commit()
        token = db.session.execute(text("SELECT session_token FROM users")).scalar_one() or ""
    signed_before = _session_for(old, user_id, token)
    new = create_app(
        _config(tmp_path, SECRET_KEY="new-key-" + "b" * 56, SECRET_KEY_FALLBACKS=fallbacks)
    )
    client = new.test_client()
    client.set_cookie("session", signed_before)
    assert client.get("/admin/users").status_code == 200
    stranger = _session_for(
        create_app(_config(tmp_path, SECRET_KEY="some-other-key-" + "c" * 50)), user_id, token
    )
    other = new.test_client()
    other.set_cookie("session", stranger)
    assert other.get("/admin/users").headers["Location"].startswith("/login")


def test_the_development_key_is_refused_as_a_fallback(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY_FALLBACKS"):
        create_app(
            _config(tmp_path, SECRET_KEY="k" * 64, SECRET_KEY_FALLBACKS=[DEVELOPMENT_SECRET_KEY])
        )


@pytest.mark.parametrize(
    ("extra", "production", "secure"),
    [
        ({}, False, False),  # make run: plain http on the loopback
        ({}, True, True),  # hiring.wsgi under gunicorn
        ({"BASE_URL": "https://hiring.example.fi"}, False, True),
        ({"SESSION_COOKIE_SECURE": False}, True, False),  # a server reached by plain http
    ],
)
def test_the_session_cookie_is_secure_outside_local_development(
    tmp_path, extra, production, secure
):
    app = create_app(_config(tmp_path, SECRET_KEY="k" * 64, **extra), production=production)
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    with app.test_request_context():
        from flask import session

        session["x"] = 1
        response = app.make_response("")
        app.session_interface.save_session(app, session, response)
        cookie = response.headers["Set-Cookie"]
    assert ("Secure" in cookie) is secure
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("months", [0, -24, "abc", "12.5", 5000])
def test_a_retention_period_that_would_purge_everyone_does_not_start(tmp_path, months):
    """Found in review: 0 or a negative HIRING_RETENTION_MONTHS made `hiring purge` (from
    cron, without a prompt) erase nearly every applicant; text gave a server error."""
    with pytest.raises(ConfigurationError, match="HIRING_RETENTION_MONTHS"):
        create_app(_config(tmp_path, SECRET_KEY="k" * 64, RETENTION_MONTHS=months))
    assert (
        create_app(_config(tmp_path, SECRET_KEY="k" * 64, RETENTION_MONTHS="36")).config[
            "RETENTION_MONTHS"
        ]
        == 36
    )
