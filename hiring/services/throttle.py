"""Login throttling: failed logins counted per account and per address, in a fixed window, in
the database (every worker process shares it); over the limit, a login is refused before any
password is checked, so guessing costs the server nothing. Password checks run at most
``LOGIN_CONCURRENT_CHECKS`` at once per process (Argon2 takes 64 MiB each)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hiring.extensions import db
from hiring.models import LoginThrottle
from hiring.models.base import utcnow

_checks: dict[int, threading.BoundedSemaphore] = {}
_checks_lock = threading.Lock()


def checking_slot() -> threading.BoundedSemaphore:
    """The process's semaphore for password checks, sized by the configuration."""
    size = int(current_app.config["LOGIN_CONCURRENT_CHECKS"])
    with _checks_lock:
        return _checks.setdefault(size, threading.BoundedSemaphore(size))


def keys(email: str, address: str) -> tuple[str, str]:
    return f"account:{email.strip().lower()[:254]}", f"address:{address[:64]}"


def _window() -> timedelta:
    return timedelta(seconds=int(current_app.config["LOGIN_WINDOW_SECONDS"]))


def refused(email: str, address: str, now: datetime | None = None) -> bool:
    """Whether a login for ``email`` from ``address`` is refused for now."""
    now = now or utcnow()
    account, place = keys(email, address)
    limits = {
        account: int(current_app.config["LOGIN_FAILURES_PER_ACCOUNT"]),
        place: int(current_app.config["LOGIN_FAILURES_PER_ADDRESS"]),
    }
    rows = db.session.execute(
        db.select(LoginThrottle).where(LoginThrottle.key.in_(list(limits)))
    ).scalars()
    return any(
        row.window_start > now - _window() and row.failures >= limits[row.key] for row in rows
    )


def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    """Count a failed login against the account and the address (a window that has ended
    starts again at one). Flushes; the caller commits."""
    now = now or utcnow()
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = LoginThrottle.__table__
    assert isinstance(table, Table)
    expired = table.c.window_start <= now - _window()
    for key in keys(email, address):
        statement = insert(table).values(key=key, window_start=now, failures=1)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "window_start": db.case((expired, now), else_=table.c.window_start),
                "failures": db.case((expired, 1), else_=table.c.failures + 1),
            },
        )
        db.session.execute(statement)


def record_success(email: str) -> None:
    """A login that succeeded clears its account's count (not the address's)."""
    account, _place = keys(email, "")
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.key == account))
