"""The production server killed in the middle of writes loses no acknowledged write and leaves
no half-written record.

The app runs under gunicorn (two workers of four threads, loaded once before they fork) on a
SQLite database made by the migrations, as ``hiring db upgrade`` makes it. Recruiters logged
in over HTTP, with their CSRF tokens, add candidates from several threads at once; while they
do, the whole server (master and workers) gets SIGKILL, as in a crash or the out-of-memory
killer: no shutdown code runs. The server is then started again on the same file. SQLite's
crash safety is the app's to keep (WAL, one transaction per request); PostgreSQL's is the
server's, so this test runs on SQLite only."""

from __future__ import annotations

import http.client
import os
import re
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_RUBRICS
from tests.servers import BIN, PASSWORD, Server, clean_environment, free_port
from tests.servers import Browser as Connection

EMAIL = "recruiter@example.test"
WRITERS = 6
KILL_AFTER = 60
"""Acknowledged candidates before the kill (or ``KILL_WITHIN`` seconds, whichever first)."""
KILL_WITHIN = 5.0


def server_env(database: Path) -> dict[str, str]:
    return clean_environment(
        HIRING_DATABASE_URL=f"sqlite:///{database}",
        HIRING_SECRET_KEY="crash-test-" + os.urandom(8).hex(),
        HIRING_RUBRICS_DIR=str(SHIPPED_RUBRICS),
    )


def start_server(env: dict[str, str], log: Path) -> Server:
    """gunicorn serving ``hiring.wsgi:app``: two workers of four threads, loaded once."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--preload", "--workers", "2", "--threads", "4", "--bind",
               f"127.0.0.1:{port}", "--log-level", "warning", "hiring.wsgi:app"]  # fmt: skip
    return Server(command, env, log, port)


class Browser(Connection):
    def log_in(self, email: str = EMAIL, password: str = PASSWORD) -> None:
        super().log_in(email, password)

    def add_candidate(self, name: str) -> int | None:
        """The new candidate's id when the app says it was saved; None otherwise."""
        status, location, _ = self.post(
            "/candidates/new",
            {"name": name, "opening_id": "", "email": "", "phone": "", "education": "",
             "languages": "fi, en", "source": "external", "notes": "Crash test.",
             "version": ""},
        )  # fmt: skip
        saved = re.fullmatch(r"/candidates/(\d+)", location)
        return int(saved.group(1)) if status == 302 and saved else None


@dataclass
class Writers:
    """Recruiters adding candidates until the server goes away."""

    port: int
    acknowledged: dict[int, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    """Requests under way when the server died (no response), by the exception's name."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, writer: int, ready: threading.Barrier) -> None:
        browser = Browser(self.port)
        try:
            browser.log_in()
            browser.get("/candidates/new")
            ready.wait()
            for n in range(1, 100_000):
                name = f"Crash {writer}-{n}"
                try:
                    saved = browser.add_candidate(name)
                except (OSError, http.client.HTTPException) as error:
                    with self.lock:
                        self.cut.append(type(error).__name__)
                    return
                with self.lock:
                    if saved is None:
                        self.refused.append(name)
                    else:
                        self.acknowledged[saved] = name
        finally:
            browser.close()


@pytest.fixture
def crash_database(tmp_path) -> Path:
    """A SQLite file made as ``hiring db upgrade`` makes it (the same function, run here to
    spare the test an app start), with one recruiter. The test takes no ``database``
    parameter: it is SQLite's alone."""
    from flask_migrate import upgrade

    from hiring.app import create_app
    from hiring.extensions import db
    from hiring.services.accounts import create_user

    path = tmp_path / "crash.sqlite"
    app = create_app(
        {
            "SECRET_KEY": "crash-test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "RUBRICS_DIR": str(SHIPPED_RUBRICS),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 64,
        }
    )
    with app.app_context():
        upgrade()
        create_user(EMAIL, "Riikka Recruiter", "recruiter", PASSWORD)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return path


def test_server_killed_in_the_middle_of_writes_keeps_every_acknowledged_write(
    crash_database, tmp_path
):
    database = crash_database
    env, log = server_env(database), tmp_path / "server.log"
    server = start_server(env, log)
    writers = Writers(server.port)
    ready = threading.Barrier(WRITERS + 1, timeout=60)
    threads = [
        threading.Thread(target=writers.run, args=(n, ready), daemon=True)
        for n in range(1, WRITERS + 1)
    ]
    try:
        for thread in threads:
            thread.start()
        ready.wait()
        deadline = time.monotonic() + KILL_WITHIN
        while len(writers.acknowledged) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.01)
        server.stop(signal.SIGKILL)  # the master and its workers at once, mid-request
        for thread in threads:
            thread.join(timeout=30)
    finally:
        server.stop(signal.SIGKILL)

    acknowledged, cut = dict(writers.acknowledged), list(writers.cut)
    assert writers.refused == []
    assert len(acknowledged) >= 10, log.read_text(errors="replace")
    assert len(cut) == WRITERS  # every writer was stopped by the kill, not by an error
    assert {"RemoteDisconnected", "ConnectionResetError"} & set(cut), cut  # some mid-request

    restarted = start_server(env, log)
    try:
        browser = Browser(restarted.port)
        browser.log_in()
        browser.get("/candidates/new")
        after = browser.add_candidate("After the crash")
        assert after is not None, "the database takes no writes after the restart"
        assert browser.get(f"/candidates/{after}")[0] == 200
        browser.close()
    finally:
        restarted.stop()

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = dict(
            connection.execute("SELECT id, name FROM candidates WHERE name LIKE 'Crash %'")
        )
        # every write that was answered "saved" is there, as it was sent
        assert {i: stored.get(i) for i in acknowledged} == acknowledged
        # the unanswered ones may or may not be; nothing else is
        assert len(acknowledged) <= len(stored) <= len(acknowledged) + len(cut)
        # and every candidate is whole: the person, the stored evaluation, the panel share
        # are written in the candidate's transaction
        incomplete = connection.execute(
            "SELECT c.id FROM candidates c "
            "LEFT JOIN people p ON p.id = c.person_id "
            "LEFT JOIN stored_evaluations e ON e.candidate_id = c.id "
            "LEFT JOIN panel_shares s ON s.candidate_id = c.id "
            "WHERE p.id IS NULL OR e.candidate_id IS NULL OR s.candidate_id IS NULL"
        ).fetchall()
        assert incomplete == []
        assert connection.execute("SELECT count(*) FROM candidates").fetchone() == (
            len(stored) + 1,
        )
