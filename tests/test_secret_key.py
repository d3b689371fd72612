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
