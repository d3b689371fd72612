from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.engine import Engine
from werkzeug.routing.rules import Rule

from hiring.app import create_app
from hiring.domain.catalogue import Catalogue, load_catalogue
from hiring.extensions import db

TESTS = Path(__file__).resolve().parent
FIXTURE_RUBRICS = TESTS / "fixtures" / "rubrics"
SHIPPED_RUBRICS = TESTS.parent / "rubrics"
POSTGRES_ADMIN_URL = os.environ.get("HIRING_TEST_DATABASE_URL", "")
DATABASES = ["sqlite", "postgresql"] if POSTGRES_ADMIN_URL else ["sqlite"]

# Under pytest-xdist (``make test`` runs a worker per core) each worker has a PostgreSQL
# database and a Redis database of its own, so that one worker's clean-up never meets another's
# test: ``test`` becomes ``test_gw0``, ``test_gw1``...; Redis takes database 15, 14...
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if POSTGRES_ADMIN_URL and WORKER:
    _admin = make_url(POSTGRES_ADMIN_URL)
    POSTGRES_URL = _admin.set(database=f"{_admin.database}_{WORKER}").render_as_string(False)
else:
    POSTGRES_URL = POSTGRES_ADMIN_URL
if WORKER and "HIRING_TEST_REDIS_URL" not in os.environ:
    # 15 down to 1: database 0 is the one a development set-up uses, and the tests empty theirs
    if int(WORKER[2:]) >= 15:
        raise pytest.UsageError("at most 15 pytest workers: each takes a Redis database of 1-15")
    os.environ["HIRING_TEST_REDIS_URL"] = f"redis://127.0.0.1:6379/{15 - int(WORKER[2:])}"


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


def _create_worker_database() -> None:
    """This worker's own PostgreSQL database, made beside the one CI names when missing."""
    name = make_url(POSTGRES_URL).database
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def _postgres_schema(database: str) -> Iterator[None]:
    if database != "postgresql":
        yield
        return
    if POSTGRES_URL != POSTGRES_ADMIN_URL:
        _create_worker_database()
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


@pytest.fixture(scope="session")
def _sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the schema, made once: each test starts from a copy of it, which
    costs a file copy instead of creating every table, index and trigger again."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return path


@functools.cache
def _may_skip_triggers() -> bool:
    """Whether this role may turn triggers off (a superuser, as CI's ``postgres``); any other
    owner of the tables empties them with TRUNCATE, slower but allowed. Asked once per
    worker: the role does not change during a run."""
    return bool(
        db.session.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    )


def _emptied_postgres() -> None:
    """Every table emptied and every sequence restarted, as TRUNCATE ... RESTART IDENTITY
    would, at a tenth of its cost on tables of a few rows. Triggers are off for the statement
    (the audit log refuses DELETE), and so are the foreign keys' checks: every table goes."""
    tables = "".join(f'DELETE FROM "{t.name}"; ' for t in reversed(db.metadata.sorted_tables))
    if not _may_skip_triggers():
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        return
    db.session.execute(
        text(
            "DO $$ DECLARE s record; BEGIN "
            "SET LOCAL session_replication_role = replica; "
            f"{tables}"
            "FOR s IN SELECT sequencename FROM pg_sequences "
            "WHERE schemaname = current_schema() LOOP "
            "EXECUTE format('ALTER SEQUENCE %I RESTART', s.sequencename); "
            "END LOOP; END $$"
        )
    )
    db.session.commit()


class _SharedTemplateCode(BytecodeCache):
    """The templates' compiled code, kept across the suite's apps: every test builds a new app
    with a new Jinja environment, which would parse and compile each template it renders again
    (a third of a web test's time). Jinja checks each entry against its template's source."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = _SharedTemplateCode()

_builders: dict[tuple[object, ...], Any] = {}
_compile_builder = Rule._compile_builder


def _shared_builder(self: Rule, append_unknown: bool = True) -> Any:
    """Werkzeug's URL builder of a rule, compiled once per rule for the suite's apps. Every
    test builds a new app, whose ~90 rules each generate and compile two builder functions
    from an AST: 58 of the 65 ms a new app cost, about two minutes of the suite. A builder is
    an unbound function of the rule's text, defaults and host settings that reaches its
    rule's converters through its first argument only (``.self``), so the one compiled for an
    equal rule serves every app's. Rules with unhashable defaults compile as before."""
    if set(self.defaults or ()) & self.arguments:
        # a default for a variable of the rule is baked in through the map's converter
        return _compile_builder(self, append_unknown)
    key = (
        self.rule, self.subdomain, self.host, self.merge_slashes,
        self.map.host_matching if self.map else None,
        tuple(sorted((self.defaults or {}).items())), append_unknown,
    )  # fmt: skip
    try:
        found = _builders.get(key)
    except TypeError:
        return _compile_builder(self, append_unknown)
    if found is None:
        found = _builders[key] = _compile_builder(self, append_unknown)
    return found


Rule._compile_builder = _shared_builder  # type: ignore[method-assign]


@event.listens_for(Engine, "connect")
def _no_disk_flush_per_commit(dbapi_connection: Any, connection_record: Any) -> None:
    """The suite's databases are thrown away: a commit need not wait for the disk. SQLite
    flushed its log at every commit (the suite commits tens of thousands of times); PostgreSQL
    connections are opened with ``synchronous_commit=off`` (``_config``). Only this process's
    connections: servers a test starts keep the product's settings."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def _config(url: str) -> dict[str, object]:
    engine: dict[str, object] = {}
    if url.startswith("postgresql"):
        engine = {"connect_args": {"options": "-c synchronous_commit=off"}}
    return {
        "SQLALCHEMY_ENGINE_OPTIONS": engine,
        "TESTING": True,
        "SECRET_KEY": "test",
        "RUBRICS_DIR": str(SHIPPED_RUBRICS),
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        # Argon2's cost is a production setting; the suite hashes many passwords.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 64,
        # a worker run inside a test would lower the test process's own priority for good
        "WORKER_NICE": 0,
    }


@pytest.fixture
def app(
    database: str, _postgres_schema: None, _sqlite_schema: Path, tmp_path: Path
) -> Iterator[object]:
    """An app with a fresh, empty database for every test."""
    if database == "sqlite":
        shutil.copyfile(_sqlite_schema, tmp_path / "test.sqlite")
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        url = POSTGRES_URL
    app = create_app({**_config(url), "REPORTS_DIR": str(tmp_path / "reports")})
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    with app.app_context():
        if database == "postgresql":
            _emptied_postgres()
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
    """The SQL statements run while it listens, in order."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: object, _cursor: object, statement: str, *_args: object) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counter: ...`` keeps the SQL statements run inside
    (``counter.count`` of them, ``counter.statements`` themselves)."""
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


@pytest.fixture
def no_pdf_layout(monkeypatch) -> None:
    """Documents built as always (data, template, HTML) but not laid out by WeasyPrint, for
    tests of who may download what or of the queries a document runs: the layout reads no
    database and takes seconds a document. The PDF tests (tests/reports, tests/web/
    test_documents.py) lay out real documents."""
    from hiring.services import documents
    from hiring.web import documents as pages

    def html_only(html: str, **_: object) -> bytes:
        assert html.rstrip().endswith("</html>")
        return b"%PDF-1.7\n% not laid out in this test\n"

    monkeypatch.setattr(documents, "render_pdf", html_only)
    monkeypatch.setattr(pages, "render_pdf", html_only)
