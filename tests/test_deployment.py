"""Several stateless instances on PostgreSQL and Redis, run with the very commands of
``deploy/compose.yaml`` and the systemd units in ``deploy/systemd/``.

The migrations run once (the compose file's ``migrate`` command); two web instances (its
``web`` command, gunicorn with ``hiring.gunicorn_conf``) and one worker (its ``worker``
command) share the database, Redis, the secret key and the reports folder, and nothing else.
A recruiter logs in on one instance and goes on on the other; a batch of profiles started on
the second is made by the worker and downloaded from the first. The second instance reaches
PostgreSQL through a relay that the test cuts: its ``/readyz`` turns 503 while the first's
stays 200, and it is ready again once the database is back.

Needs PostgreSQL (``HIRING_TEST_DATABASE_URL``) and Redis; in CI their absence fails the test,
elsewhere it skips saying why."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import signal
import socket
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from hiring.config import Defaults
from tests.conftest import POSTGRES_ADMIN_URL, SHIPPED_RUBRICS, WORKER
from tests.servers import ROOT, Browser, Server, clean_environment, free_port, program

DEPLOY = ROOT / "deploy"
EMAIL = "recruiter@example.test"
SERVER_SETTINGS = {"BIND", "WEB_WORKERS", "WEB_TIMEOUT", "MAX_REQUESTS"}
"""The settings of ``hiring.gunicorn_conf``, beside the app's own (``hiring.config``)."""


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text("utf-8"))


def unit_command(name: str) -> list[str]:
    text = (DEPLOY / "systemd" / name).read_text("utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


COMMANDS = {
    service: compose()["services"][service]["command"] for service in ("migrate", "web", "worker")
}


@pytest.mark.parametrize(
    ("service", "unit"),
    [("migrate", "hiring-migrate.service"), ("web", "hiring-web.service"),
     ("worker", "hiring-worker.service")],
)  # fmt: skip
def test_the_systemd_units_run_the_compose_files_commands(service, unit):
    assert program(unit_command(unit)) == program(COMMANDS[service])


def test_every_setting_the_deployments_name_is_one_the_app_reads():
    named = set(compose()["x-settings"]) | set(compose()["services"]["web"]["environment"])
    for line in (DEPLOY / "Dockerfile").read_text("utf-8").split():
        if line.startswith("HIRING_"):
            named.add(line.split("=")[0])
    known = {name for name in vars(Defaults) if name.isupper()} | {"DATABASE_URL"}
    unknown = {n for n in named if n.removeprefix("HIRING_") not in known | SERVER_SETTINGS}
    assert unknown == set()


def _needed(what: str, why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is needed in CI: {why}")
    pytest.skip(f"{what}: {why}")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database of this test's own, dropped afterwards."""
    if not POSTGRES_ADMIN_URL:
        _needed("PostgreSQL", "set HIRING_TEST_DATABASE_URL")
    admin = sa.make_url(POSTGRES_ADMIN_URL)
    name = f"{admin.database}_deploy_{WORKER or 'main'}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin.set(database=name).render_as_string(hide_password=False)
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def redis_url() -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    url = os.environ.get("HIRING_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except (RedisError, OSError):
        _needed("Redis", f"nothing answers at {url}")
    return url


class Relay:
    """A TCP relay to PostgreSQL that can be cut (every connection closed, none accepted) and
    mended on the same port: a database that becomes unreachable, and comes back."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    def mend(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self.lock:
            doomed, self.sockets = [*self.sockets, self.listener], []
        for sock in doomed:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _seed(url: str) -> dict[str, int]:
    """A recruiter, and one opening's candidate with a submitted scorecard."""
    from hiring.app import create_app
    from hiring.extensions import db
    from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

    app = create_app(
        {"SECRET_KEY": "seed", "SQLALCHEMY_DATABASE_URI": url, "RUBRICS_DIR": str(SHIPPED_RUBRICS),
         "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 64}
    )  # fmt: skip
    with app.app_context():
        recruiter = make_user("recruiter", name="Riikka Rekrytoija", email=EMAIL)
        interviewer = make_user("interviewer")
        opening = make_opening(recruiter)
        candidate = make_candidate(opening, name="Kalle Kandidaatti")
        interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
        fill(interview, interviewer, {"persuasion": 4})
        db.session.commit()
        ids = {"opening": opening.id, "candidate": candidate.id}
        db.session.remove()
        db.engine.dispose()
    return ids


def _ready(port: int) -> tuple[int, dict[str, Any]]:
    browser = Browser(port)
    try:
        status, _, body = browser.get("/readyz")
    finally:
        browser.close()
    return status, json.loads(body)


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} within {seconds} s")


def test_two_instances_and_a_worker_share_sessions_batches_and_readiness(
    postgres_url, redis_url, tmp_path
):
    relay_target = sa.make_url(postgres_url)
    relay = Relay(relay_target.host or "127.0.0.1", relay_target.port or 5432)
    relay.mend()
    through_relay = relay_target.set(host="127.0.0.1", port=relay.port)
    shared = clean_environment(
        HIRING_REDIS_URL=redis_url,
        HIRING_SECRET_KEY="deploy-test-" + os.urandom(8).hex(),
        HIRING_REPORTS_DIR=str(tmp_path / "reports"),
        HIRING_RUBRICS_DIR=str(SHIPPED_RUBRICS),
        HIRING_WEB_WORKERS="1",
        # served over plain http on the loopback: a Secure cookie would not come back
        HIRING_SESSION_COOKIE_SECURE="false",
    )
    direct = {**shared, "HIRING_DATABASE_URL": postgres_url}
    migrate = subprocess.run(
        program(COMMANDS["migrate"]), env=direct, cwd=ROOT, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    ids = _seed(postgres_url)

    started: list[Server] = []
    worker = None
    worker_log = (tmp_path / "worker.log").open("ab")
    try:
        ports = free_port(), free_port()
        first = Server(
            program(COMMANDS["web"]),
            {**direct, "HIRING_BIND": f"127.0.0.1:{ports[0]}"},
            tmp_path / "first.log",
            ports[0],
        )
        started.append(first)
        second = Server(
            program(COMMANDS["web"]),
            {
                **shared,
                "HIRING_DATABASE_URL": through_relay.render_as_string(hide_password=False),
                "HIRING_BIND": f"127.0.0.1:{ports[1]}",
            },
            tmp_path / "second.log",
            ports[1],
        )
        started.append(second)
        worker = subprocess.Popen(
            program(COMMANDS["worker"]), env=direct, cwd=ROOT, stdout=worker_log,
            stderr=worker_log, start_new_session=True,
        )  # fmt: skip

        # logged in on the first instance, the same person goes on on the second
        on_first = Browser(first.port)
        on_first.log_in(EMAIL)
        on_second = Browser(second.port)
        on_second.cookies = dict(on_first.cookies)
        status, _, page = on_second.get(f"/openings/{ids['opening']}/shortlist")
        assert status == 200
        assert "Kalle Kandidaatti" in page

        # a batch started on the second is made by the worker, and taken from the first
        status, location, _ = on_second.post(f"/openings/{ids['opening']}/profiles", {"lang": "en"})
        assert status == 302
        assert location.startswith("/report-jobs/"), location
        job = int(location.rsplit("/", 1)[1])
        engine = sa.create_engine(sa.make_url(postgres_url).set(drivername="postgresql+psycopg"))
        try:

            def done() -> bool:
                with engine.connect() as connection:
                    state = connection.execute(
                        sa.text("SELECT status FROM report_jobs WHERE id = :id"), {"id": job}
                    ).scalar_one()
                assert state in ("queued", "running", "done"), state
                return state == "done"

            _wait_for(done, 120, "the worker did not finish the batch")
        finally:
            engine.dispose()
        status, data = on_first.fetch(f"/report-jobs/{job}/download")
        assert status == 200
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            (name,) = archive.namelist()
            assert archive.read(name).startswith(b"%PDF-")

        # readiness follows the database, instance by instance
        everything = {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
        assert _ready(first.port) == (200, everything)
        assert _ready(second.port)[0] == 200
        relay.cut()
        status, body = _ready(second.port)
        assert (status, body["checks"]) == (503, {"database": "unavailable", "redis": "ok"})
        assert _ready(first.port)[0] == 200
        relay.mend()
        _wait_for(lambda: _ready(second.port)[0] == 200, 30, "the second did not recover")
        on_first.close()
        on_second.close()
    finally:
        for server in started:
            server.stop()
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        worker_log.close()
        relay.cut()
