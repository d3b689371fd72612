"""Sending generated requests through the test client, and what a refused one may leave behind:
nothing.

Every request is followed by what the end of a request does in production (the session is
removed, so nothing flushed and not committed survives), and the database is read through a
connection of its own, so a fingerprint shows only what was committed.
"""

from __future__ import annotations

import io
import os
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import g
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from hiring.extensions import db

SCALE = float(os.environ.get("HIRING_PROPERTY_SCALE", "1"))
"""How many times the written number of examples each property runs: the suite's budget sets
the default; ``HIRING_PROPERTY_SCALE=10`` searches ten times as far (minutes, not seconds)."""


def examples(count: int) -> settings:
    """Hypothesis settings for a property: ``count`` examples (times :data:`SCALE`), no
    deadline (the first request of a test renders templates cold), and the app fixture shared
    by the examples (each example restores or tolerates what the previous one left)."""
    return settings(
        max_examples=max(1, round(count * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


Fingerprint = dict[str, list[str]]


def fingerprint() -> Fingerprint:
    """Every committed row of every table, as text; read again only when something may have
    been committed since the rows were last read (see :class:`Watcher`)."""
    watcher = Watcher.of(str(db.engine.url))
    version = watcher.version()
    if watcher.seen is not None and watcher.seen[0] == version:
        return watcher.seen[1]
    with db.engine.connect() as connection:
        found = {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(table.select()))
            for table in db.metadata.sorted_tables
        }
    watcher.seen = (version, found)
    return found


class Watcher:
    """Tells whether anything may have been committed since it last looked, so that the rows
    are not read before and after each of thousands of requests (most of the time, else).

    SQLite: ``PRAGMA data_version`` on a connection of the watcher's own changes when another
    connection commits. PostgreSQL: the server's current snapshot (its oldest running and next
    transaction ids, and the running ones) moves on whenever any transaction on the server is
    given an id, as every one that writes is; other databases' work only costs a re-read.
    Anything else: always re-read."""

    current: Watcher | None = None

    def __init__(self, url: str) -> None:
        self.url = url
        self.seen: tuple[object, Fingerprint] | None = None
        self.sqlite: sqlite3.Connection | None = None
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            self.sqlite = sqlite3.connect(parsed.database, isolation_level=None)
        self.postgresql = parsed.get_backend_name() == "postgresql"

    @classmethod
    def of(cls, url: str) -> Watcher:
        if cls.current is None or cls.current.url != url:
            cls.close()
            cls.current = Watcher(url)
        return cls.current

    def version(self) -> object:
        if self.sqlite is not None:
            return self.sqlite.execute("PRAGMA data_version").fetchone()[0]
        if self.postgresql:
            with db.engine.connect() as connection:
                return connection.execute(text("SELECT pg_current_snapshot()::text")).scalar()
        return object()  # equal to nothing: read every time

    @classmethod
    def close(cls) -> None:
        if cls.current is not None and cls.current.sqlite is not None:
            cls.current.sqlite.close()
        cls.current = None


def differences(before: Fingerprint, after: Fingerprint, allowed: Collection[str] = ()) -> str:
    """The tables that changed (other than ``allowed``), with a row that appeared or went."""
    found = []
    for name in before:
        if name in allowed or before[name] == after[name]:
            continue
        gone = sorted(set(before[name]) - set(after[name]))[:1]
        new = sorted(set(after[name]) - set(before[name]))[:1]
        found.append(f"{name}: -{gone} +{new}"[:600])
    return "; ".join(found)


@dataclass
class Outcome:
    response: TestResponse
    flashes: list[tuple[str, str]]
    before: Fingerprint
    after: Fingerprint

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def redirected(self) -> bool:
        return self.status in (301, 302, 303, 307, 308)

    @property
    def location(self) -> str:
        return self.response.headers.get("Location", "")

    @property
    def error_flashed(self) -> bool:
        return any(category == "error" for category, _message in self.flashes)

    def wrote(self, allowed: Collection[str] = ()) -> str:
        return differences(self.before, self.after, allowed)

    def assert_wrote_nothing(self, allowed: Collection[str] = (), why: str = "") -> None:
        changed = self.wrote(allowed)
        assert not changed, f"{why or 'refused'} (status {self.status}) but wrote {changed}"


def contains_nul(pairs: Iterable[tuple[str, Any]]) -> bool:
    return any(isinstance(value, str) and "\x00" in value for _name, value in pairs)


def end_of_request() -> None:
    """What the end of a request does in production, where every request has an app context
    of its own (the tests share one): the session goes, with anything not committed, and so
    does the user Flask-Login loaded into ``g``."""
    db.session.remove()
    g.pop("_login_user", None)


def send(
    client: Any,
    method: str,
    url: str,
    pairs: Iterable[tuple[str, Any]] = (),
    query: Iterable[tuple[str, Any]] = (),
    files: dict[str, tuple[bytes, str]] | None = None,
) -> Outcome:
    """Send the request and check what holds for every request: no server error, and a NUL
    character anywhere in the form or the query is refused whole (400) with nothing written.
    ``files`` are uploads by field name: the content and the file's name. The session's
    messages are taken (and cleared), so that the outcome tells a refusal that redirects with
    an error message from a success."""
    pairs, query = list(pairs), list(query)
    data = MultiDict(pairs)
    for name, (content, filename) in (files or {}).items():
        data.add(name, (io.BytesIO(content), filename))
    before = fingerprint()
    response = client.open(
        url, method=method, data=data or None, query_string=MultiDict(query) if query else None
    )
    end_of_request()
    with client.session_transaction() as session:
        flashes = list(session.pop("_flashes", []))
    outcome = Outcome(response, flashes, before, fingerprint())
    assert outcome.status < 500, f"{method} {url}: {outcome.status}"
    if contains_nul(pairs) or contains_nul(query):
        assert outcome.status == 400, f"a NUL character was not refused: {outcome.status}"
        outcome.assert_wrote_nothing(why="a NUL character was refused")
    return outcome


def follow(client: Any, outcome: Outcome) -> TestResponse:
    """After a success, the page it leads to shows what was saved without an error."""
    location = outcome.location
    parts = urlsplit(location)
    assert not parts.netloc or parts.netloc == "localhost", f"redirect off the site: {location}"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path)
    end_of_request()
    with client.session_transaction() as session:
        session.pop("_flashes", None)
    assert response.status_code < 500, f"GET {path} after a save: {response.status_code}"
    return response


def login(app: Any, email: str, password: str) -> Any:
    """A test client of its own, logged in as ``email``."""
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.remove()
    return client
