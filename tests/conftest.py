from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import event, text

from hiring.app import create_app
from hiring.domain.catalogue import Catalogue, load_catalogue
from hiring.extensions import db

TESTS = Path(__file__).resolve().parent
FIXTURE_RUBRICS = TESTS / "fixtures" / "rubrics"
SHIPPED_RUBRICS = TESTS.parent / "rubrics"
POSTGRES_URL = os.environ.get("HIRING_TEST_DATABASE_URL", "")
DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(scope="session")
def mini() -> Catalogue:
    """The small hand-made catalogue under tests/fixtures/rubrics (engine arithmetic)."""
    return load_catalogue([FIXTURE_RUBRICS])


@pytest.fixture(scope="session")
def shipped() -> Catalogue:
    """The rubrics the product ships."""
    return load_catalogue([SHIPPED_RUBRICS])


@pytest.fixture(scope="session", params=DATABASES)
def database(request: pytest.FixtureRequest) -> str:
    """Which database the app tests run on: SQLite always; PostgreSQL as well when
    HIRING_TEST_DATABASE_URL is set (CI sets it, and there a missing server is a failure)."""
    return request.param


@pytest.fixture(scope="session")
def _postgres_schema(database: str) -> Iterator[None]:
    if database != "postgresql":
        yield
        return
    app = create_app(_config(POSTGRES_URL))
    with app.app_context():  # not held during the tests: each test pushes its own app
        # Whatever an earlier run or schema left behind goes, whatever its foreign keys.
        db.session.execute(text("DROP SCHEMA public CASCADE"))
        db.session.execute(text("CREATE SCHEMA public"))
        db.session.commit()
        db.create_all()
        db.engine.dispose()
    yield
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _config(url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "RUBRICS_DIR": str(SHIPPED_RUBRICS),
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        # Argon2's cost is a production setting; the suite hashes many passwords.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 64,
    }


@pytest.fixture
def app(database: str, _postgres_schema: None, tmp_path: Path) -> Iterator[object]:
    """An app with a fresh, empty database for every test."""
    url = f"sqlite:///{tmp_path / 'test.sqlite'}" if database == "sqlite" else POSTGRES_URL
    app = create_app({**_config(url), "REPORTS_DIR": str(tmp_path / "reports")})
    with app.app_context():
        if database == "sqlite":
            db.create_all()
        else:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object) -> None:
        self.count += 1


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counter: ...`` counts the SQL statements run inside."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


class Auth:
    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str = "correct horse battery") -> object:
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self) -> object:
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


class FakeSMTP:
    """Stands in for smtplib.SMTP: keeps what would have been sent."""

    sent: ClassVar[list] = []
    fail = False

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        if FakeSMTP.fail:
            raise ConnectionRefusedError("no server")
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    import smtplib

    FakeSMTP.sent = []
    FakeSMTP.fail = False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.test", MAIL_SENDER="rekry@example.test")
    return FakeSMTP
