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
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_RUBRICS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "recruiter@example.test", "correct horse battery"
WRITERS = 6
KILL_AFTER = 60
"""Acknowledged candidates before the kill (or ``KILL_WITHIN`` seconds, whichever first)."""
KILL_WITHIN = 5.0
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(database: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("HIRING_", "FLASK_"))
    }
    env.update(
        HIRING_DATABASE_URL=f"sqlite:///{database}",
        HIRING_SECRET_KEY="crash-test-" + os.urandom(8).hex(),
        HIRING_RUBRICS_DIR=str(SHIPPED_RUBRICS),
        # Argon2's production cost is for a server; here it would only slow the logins.
        HIRING_ARGON2_TIME_COST="1",
        HIRING_ARGON2_MEMORY_COST="64",
        PYTHONPATH=str(ROOT),
    )
    return env


class Server:
    """gunicorn serving ``hiring.wsgi:app`` in a process group of its own."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--preload", "--workers", "2", "--threads", "4", "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "hiring.wsgi:app"],
            env=env, cwd=ROOT, stdout=self.log, stderr=self.log, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text(errors="replace")
            probe = Browser(self.port)
            try:
                if probe.get("/login")[0] == 200:
                    return
            except OSError:
                pass
            finally:
                probe.close()
            time.sleep(0.1)
        self.stop(signal.SIGKILL)
        raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')}")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        self.log.close()


class Browser:
    """One person's connection: cookies, and the CSRF token of the last form read."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        found = TOKEN.search(page)
        if found:
            self.token = found.group(1)
        return response.status, response.getheader("Location") or "", page

    def close(self) -> None:
        self.connection.close()

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({"csrf_token": self.token, **fields})
        return self.request("POST", path, body)

    def log_in(self) -> None:
        self.get("/login")
        status, location, _ = self.post("/login", {"email": EMAIL, "password": PASSWORD})
        assert (status, location) == (302, "/"), "login failed"

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
    server = Server(env, log)
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

    restarted = Server(env, log)
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
