"""Requests per second under gunicorn, each page against a bare Flask endpoint, in one run.

The app and a bare Flask app (one route returning a short text, ``benchmarks/bare.py``) are
served by the same gunicorn set-up, two sync workers each, on a database with the demo data and
2,000 synthetic candidates: SQLite, then PostgreSQL (``--databases sqlite,postgresql``, the
default; the server is ``HIRING_BENCH_POSTGRES_URL``, and a database that cannot be reached
counts as missed targets). ``wrk`` (a load generator in C, in another process) asks
for each page in turn, for ``SECONDS`` per round, over ``ROUNDS`` interleaved rounds; each
figure is the median of the rounds. Targets, as fractions of the bare endpoint's rate:

- the candidate list (a recruiter's first page) and a candidate's page: at least 0.3;
- the scorecard form (an interviewer's draft): at least 0.3;
- saving a scorecard draft (every competency scored; CSRF and the optimistic lock checked as
  always, each ``wrk`` connection on a scorecard of its own): at least 0.2;
- the API's candidate list (``/api/v1/candidates`` with a token) against the HTML list: at
  least 0.8 (the server's API rate limit is lifted for the run).

Printed beside them, with no target: the floor every signed-in page pays, ``/healthz`` asked
with a recruiter's session cookie. It renders nothing and reads no candidate, but like every
page it opens and re-signs the session, loads and checks the user (active, the session's
token), and adds the security headers. Its ratio to bare is the most any page can reach.

Isolation: the candidate page's 95th-percentile latency while two batches of profiles are made
by two ``hiring worker`` processes (through Redis, ``HIRING_BENCH_REDIS_URL``, default database
13) against its latency when idle: at most 2 (PDF work must not starve the web workers).

Needs ``wrk`` (Debian package ``wrk``; ``make bench`` installs it when it can). Run with
``python -m benchmarks.web [--databases sqlite]``.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ROOT,
    Targets,
    drop_postgres,
    make_app,
    postgres_database,
    server_env,
)

SECONDS = 5
ROUNDS = 3
CONNECTIONS = 4
SYNTHETIC = 2_000
TARGETS = {"candidate list": 0.3, "candidate page": 0.3, "scorecard form": 0.3,
           "scorecard save": 0.2}  # fmt: skip
POSTGRES_NAME = "hiring_bench_web"
API_TARGET = 0.8
"""The API's candidate list against the HTML list."""
ISOLATION_TARGET = 2.0
"""The candidate page's p95 while two batches are made, against idle."""
ISOLATION_SECONDS = 10
REDIS_URL = os.environ.get("HIRING_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
P95_SCRIPT = """
function done(summary, latency, requests)
  io.write(string.format("p95: %d\\n", latency:percentile(95)))
end
"""
BIN = Path(sys.executable).parent

SAVE_SCRIPT = """
-- Each connection saves the draft of its own scorecard. The form carries the version it was
-- read at (the optimistic lock): every save that succeeds (a redirect) moves it on by one,
-- and a refused one brings the current version in the page, which is read from there.
local cards = {%(cards)s}
local body_of = {}
local version = {}
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("card", cards[counter])
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  -- the version each scorecard is at now, read from the database before this run
  version = tonumber(args[index]) or 0
  refused = 0
end

function request()
  local body = "%(body)s&version=" .. version
  return wrk.format("POST", "/scorecards/" .. card, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "%(cookie)s",
  }, body)
end

function response(status, headers, body)
  if status == 302 then
    version = version + 1
  else
    refused = refused + 1
    local seen = string.match(body, 'name="version" type="hidden" value="(%%d+)"')
      or string.match(body, 'name="version" value="(%%d+)"')
    if seen then version = tonumber(seen) end
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("refused") end
  io.write("saves refused: " .. total .. "\\n")
end
"""


def card_versions(url: str, cards: list[int]) -> list[str]:
    """The version each scorecard's draft is at now (0: no draft yet), for the save script."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [
                str(
                    connection.execute(
                        sa.text(
                            "SELECT coalesce(max(version), 0) FROM scorecard_revisions "
                            "WHERE scorecard_id = :card AND status = 'draft'"
                        ),
                        {"card": card},
                    ).scalar_one()
                )
                for card in cards
            ]
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(url: str) -> dict[str, Any]:
    """The data set on the (empty) database at ``url``, and the ids the load needs: a
    candidate with a full panel, and one fresh scorecard assignment of the demo interviewer
    per ``wrk`` connection."""
    from datetime import UTC, datetime

    from flask_migrate import upgrade

    from hiring.catalogue_cache import current_catalogue
    from hiring.demo import DEMO_LOGINS
    from hiring.extensions import db
    from hiring.models import Candidate, Scorecard, User
    from hiring.services.api_tokens import NewToken, create_token
    from hiring.services.interviews import schedule_interview
    from hiring.synthetic import load_synthetic

    app = make_app(url)
    with app.app_context():
        upgrade()
        load_synthetic(SYNTHETIC, seed=11)
        db.session.commit()
        users = DEMO_LOGINS["users"]
        recruiter = db.session.execute(
            db.select(User).where(User.email == users["recruiter"])
        ).scalar_one()
        interviewer = db.session.execute(
            db.select(User).where(User.email == users["interviewer"])
        ).scalar_one()
        demo = db.session.execute(db.select(Candidate).order_by(Candidate.id)).scalars().first()
        assert demo is not None
        targets = db.session.execute(
            db.select(Candidate).order_by(Candidate.id.desc()).limit(CONNECTIONS)
        ).scalars()
        cards = []
        for candidate in targets:
            interview = schedule_interview(
                candidate,
                scheduled_at=datetime(2026, 3, 3, 9, tzinfo=UTC),
                kind="competency_interview",
                interviewer_ids=[interviewer.id],
                competencies=None,
                by=recruiter,
                catalogue=current_catalogue(),
            )
            cards.append(
                db.session.execute(
                    db.select(Scorecard.id).where(Scorecard.interview_id == interview.id)
                ).scalar_one()
            )
        db.session.commit()
        keys = [c.key for c in current_catalogue().role("kam").competencies]
        token = create_token(recruiter, NewToken(name="bench", scopes=["read:candidates"]))
        db.session.commit()
        # the two openings with the most candidates: the batches of the isolation round
        busiest = (
            db.session.execute(
                db.select(Candidate.opening_id)
                .where(Candidate.opening_id.is_not(None))
                .group_by(Candidate.opening_id)
                .order_by(db.func.count().desc())
                .limit(2)
            )
            .scalars()
            .all()
        )
        ids = {"candidate": demo.id, "cards": cards, "keys": keys, "token": token.secret,
               "openings": list(busiest)}  # fmt: skip
        db.session.remove()
        db.engine.dispose()  # the servers open connections of their own
    return ids


class Session:
    """A logged-in browser: cookies and the CSRF token of the last form read."""

    def __init__(self, base: str, email: str, password: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        token = self.token("/login")
        data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
        self.opener.open(f"{base}/login", data.encode()).read()
        assert any(c.name == "session" for c in self.jar), "login failed"

    def token(self, path: str) -> str:
        page = self.opener.open(f"{self.base}{path}").read().decode()
        field = re.search(r'<input[^>]*\bname="csrf_token"[^>]*>', page)
        match = re.search(r'\bvalue="([^"]+)"', field.group(0)) if field else None
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class Server:
    def __init__(self, app: str, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--backlog",
                "2048",
                app,
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/", timeout=2).read()
                return
            except urllib.error.HTTPError:
                return  # serving (a redirect to the login page, say)
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{app} did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def wrk(
    url: str,
    *,
    seconds: int,
    cookie: str = "",
    header: str = "",
    script: Path | None = None,
    script_args: list[str] | None = None,
) -> float:
    """Requests per second that ``wrk`` measured; any error or unexpected status fails."""
    return float(_wrk(url, seconds, cookie, header, script, script_args)["rate"])


def p95_ms(url: str, *, seconds: int, cookie: str, script: Path) -> float:
    """The 95th percentile of the latency ``wrk`` measured, in milliseconds."""
    return float(_wrk(url, seconds, cookie, "", script, None)["p95"]) / 1000


def _wrk(
    url: str,
    seconds: int,
    cookie: str,
    header: str,
    script: Path | None,
    script_args: list[str] | None,
) -> dict[str, float]:
    command = ["wrk", "-t", str(CONNECTIONS), "-c", str(CONNECTIONS), "-d", f"{seconds}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if header:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    if bad or (errors and re.search(r"(read|write|timeout) [1-9]", errors.group(0))):
        raise RuntimeError(f"{url}: failed requests\n{out}")
    refused = re.search(r"saves refused: (\d+)", out)
    p95 = re.search(r"p95: (\d+)", out)
    if script is not None and refused is None and p95 is None:  # wrk fell back to GET
        raise RuntimeError(f"{url}: the wrk script did not run\n{out}")
    if refused and int(refused.group(1)):
        raise RuntimeError(f"{url}: {refused.group(1)} saves were not accepted\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return {"rate": float(match.group(1)), "p95": float(p95.group(1)) if p95 else 0.0}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    backends = [name.strip() for name in args.databases.split(",")]
    if not set(backends) <= {"sqlite", "postgresql"}:
        parser.error("--databases takes sqlite, postgresql or both, separated by a comma")
    targets = Targets("Web: requests per second against a bare Flask endpoint, gunicorn, 2 workers")
    if shutil.which("wrk") is None:
        targets.missed("web", "wrk is not installed (apt-get install wrk)")
        return targets.report()
    for backend in backends:
        with tempfile.TemporaryDirectory() as folder:
            if backend == "sqlite":
                url, drop = f"sqlite:///{Path(folder) / 'web.sqlite'}", None
            else:
                try:
                    url, drop = postgres_database(POSTGRES_NAME, fresh=True), POSTGRES_NAME
                except Exception as exc:  # a database that cannot be reached: a missed target
                    targets.missed(backend, f"{type(exc).__name__}: {exc}"[:300])
                    continue
            try:
                measure(backend, url, Path(folder), targets)
            except Exception as exc:  # the other database's figures are still reported
                targets.missed(backend, f"{type(exc).__name__}: {exc}"[:300])
            finally:
                if drop:
                    drop_postgres(drop)
    return targets.report()


def measure(backend: str, url: str, folder: Path, targets: Targets) -> None:
    """Every page's rate on one database, interleaved with the bare endpoint's; then the
    isolation of the candidate page from batches."""
    from hiring.demo import DEMO_LOGINS

    start = time.perf_counter()
    ids = prepare(url)
    print(f"\n{backend}: demo + {SYNTHETIC:,} candidates in {time.perf_counter() - start:.0f} s")
    # the API's rate limit would stop the load generator; batches go to Redis
    env = server_env(url, API_RATE_LIMIT="100000000 per minute", REDIS_URL=REDIS_URL)
    bare = Server("benchmarks.bare:app", env)
    try:
        app = Server("hiring.wsgi:app", env)
    except BaseException:
        bare.stop()
        raise
    try:
        password = DEMO_LOGINS["password"]
        recruiter = Session(app.base, DEMO_LOGINS["users"]["recruiter"], password)
        interviewer = Session(app.base, DEMO_LOGINS["users"]["interviewer"], password)
        token = interviewer.token(f"/scorecards/{ids['cards'][0]}")
        fields = {"csrf_token": token, "recommendation": "yes", "takeaways": "Bench.",
                  "save": "Save draft"}  # fmt: skip
        fields.update({f"score_{key}": "3" for key in ids["keys"]})
        fields.update({f"note_{key}": "Concrete example." for key in ids["keys"]})
        script = folder / "save.lua"
        script.write_text(
            SAVE_SCRIPT
            % {
                "cards": ", ".join(str(c) for c in ids["cards"]),
                "body": urllib.parse.urlencode(fields),
                "cookie": interviewer.cookie,
            }
        )
        runs = {
            "bare": lambda s: wrk(f"{bare.base}/", seconds=s),
            "session floor": lambda s: wrk(
                f"{app.base}/healthz", seconds=s, cookie=recruiter.cookie
            ),
            "candidate list": lambda s: wrk(
                f"{app.base}/candidates", seconds=s, cookie=recruiter.cookie
            ),
            "candidate page": lambda s: wrk(
                f"{app.base}/candidates/{ids['candidate']}", seconds=s, cookie=recruiter.cookie
            ),
            "scorecard form": lambda s: wrk(
                f"{app.base}/scorecards/{ids['cards'][0]}",
                seconds=s,
                cookie=interviewer.cookie,
            ),
            "api candidate list": lambda s: wrk(
                f"{app.base}/api/v1/candidates",
                seconds=s,
                header=f"Authorization: Bearer {ids['token']}",
            ),
            "scorecard save": lambda s: wrk(
                f"{app.base}/",
                seconds=s,
                script=script,
                script_args=card_versions(url, ids["cards"]),
            ),
        }
        for run in runs.values():  # warm: every worker has compiled what it serves
            run(1)
        rates: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(ROUNDS):
            for name, run in runs.items():
                rates[name].append(run(SECONDS))
        isolation(backend, targets, app, recruiter, ids, env, folder)
    finally:
        app.stop()
        bare.stop()
    median = {name: statistics.median(values) for name, values in rates.items()}
    print(f"\n{backend}: median of {ROUNDS} interleaved rounds of {SECONDS} s, "
          f"{CONNECTIONS} connections")  # fmt: skip
    for name, rate in median.items():
        print(f"  {name:<18} {rate:9.1f} requests/s")
    floor = median["session floor"] / median["bare"]
    print(f"  the session floor: {floor:.3f} of bare (a page doing no work of its own)")
    for name, limit in TARGETS.items():
        targets.at_least(f"{backend}: {name} / bare", median[name] / median["bare"], limit)
        targets.notes.append(
            f"{backend}: {name} / session floor: {median[name] / median['session floor']:.3f}"
        )
    targets.notes.append(f"{backend}: session floor / bare: {floor:.3f}")
    targets.at_least(
        f"{backend}: api candidate list / candidate list",
        median["api candidate list"] / median["candidate list"],
        API_TARGET,
    )


def isolation(
    backend: str,
    targets: Targets,
    app: Server,
    recruiter: Session,
    ids: dict[str, Any],
    env: dict[str, str],
    folder: Path,
) -> None:
    """The candidate page's p95 latency idle, then while two ``hiring worker`` processes make
    two batches of profiles (each opening's every candidate, through Redis)."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except (RedisError, OSError):
        targets.missed(f"{backend}: isolation", f"Redis does not answer at {REDIS_URL}")
        return
    script = folder / "p95.lua"
    script.write_text(P95_SCRIPT)
    page = f"{app.base}/candidates/{ids['candidate']}"
    idle = p95_ms(page, seconds=ISOLATION_SECONDS, cookie=recruiter.cookie, script=script)
    workers = [
        subprocess.Popen([str(BIN / "hiring"), "worker"], env=env, cwd=ROOT,
                         start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        for _ in range(2)
    ]  # fmt: skip
    try:
        for opening in ids["openings"]:
            start_batch(recruiter, opening)
        time.sleep(8)  # both workers warmed up and rendering
        busy = p95_ms(page, seconds=ISOLATION_SECONDS, cookie=recruiter.cookie, script=script)
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=30)
    print(f"\n{backend}: candidate page p95: {idle:.1f} ms idle, {busy:.1f} ms with two batches")
    targets.at_most(
        f"{backend}: candidate page p95 with two batches / idle", busy / idle, ISOLATION_TARGET
    )


def start_batch(recruiter: Session, opening: int) -> None:
    """Every profile of the opening as a zip, queued for the workers (the shortlist's form)."""
    token = recruiter.token(f"/openings/{opening}/shortlist")
    data = urllib.parse.urlencode({"csrf_token": token, "lang": "en"}).encode()
    request = urllib.request.Request(f"{recruiter.base}/openings/{opening}/profiles", data)
    with recruiter.opener.open(request) as answer:
        assert "/report-jobs/" in answer.geturl(), answer.geturl()


if __name__ == "__main__":
    sys.exit(main())
