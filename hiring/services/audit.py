"""The audit trail: every entry is written here, and read here for the admin's page and CSV.

An entry says who did what to which record, when and from where, and never the content
itself (see :mod:`hiring.models.audit`). Entries are written in the caller's transaction, so
an action that is rolled back leaves no entry, and one that is committed always has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Select, insert, select

from hiring.domain.records import whole_number
from hiring.extensions import db
from hiring.models import AUDIT_ACTIONS, AuditEntry, User
from hiring.models.base import utcnow

LINK_HOLDER = "candidate"
"""The actor of what a self-assessment link's holder did."""

UNKNOWN_ACTOR = "-"
"""The actor of an entry with no user and no command-line account (a failed login for an
address that is no account: what was typed is never stored)."""

MIN_YEAR, MAX_YEAR = 1900, 9000
"""The dates a filter takes (as the interview form's)."""

PAGE_SIZE = 50
EXPORT_BATCH = 1000


def _address() -> str | None:
    """The web client's address (the proxy's, until the app trusts a forwarding header)."""
    if has_request_context():
        return (request.remote_addr or "")[:45] or None
    return None


def _row(
    action: str,
    *,
    user: User | None,
    actor: str | None,
    subject: str | None,
    subject_id: int | None,
    candidate_id: int | None,
    opening_id: int | None,
    details: Mapping[str, Any] | None,
    keep_address: bool = True,
) -> dict[str, Any]:
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"not an audit action: {action!r}")
    return {
        "at": utcnow(),
        "user_id": user.id if user is not None else None,
        "actor": (actor or (user.email if user is not None else UNKNOWN_ACTOR))[:254],
        "action": action,
        "subject": subject,
        "subject_id": subject_id,
        "candidate_id": candidate_id,
        "opening_id": opening_id,
        "address": _address() if keep_address else None,
        "details": dict(details or {}),
    }


def record(
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    subject: str | None = None,
    subject_id: int | None = None,
    candidate_id: int | None = None,
    opening_id: int | None = None,
    details: Mapping[str, Any] | None = None,
    keep_address: bool = True,
) -> None:
    """Write one entry: done by ``user`` (the web) or ``actor`` (``cli:<account>``, or
    :data:`LINK_HOLDER`), in the current transaction; from the web client's address unless
    ``keep_address`` is off."""
    db.session.execute(
        insert(AuditEntry),
        [
            _row(
                action,
                user=user,
                actor=actor,
                subject=subject,
                subject_id=subject_id,
                candidate_id=candidate_id,
                opening_id=opening_id,
                details=details,
                keep_address=keep_address,
            )
        ],
    )


# --- documents handed out ---------------------------------------------------------------------


def _document(kind: str, lang: str, blind: bool, role_key: str | None) -> dict[str, Any]:
    details: dict[str, Any] = {"kind": kind, "lang": lang}
    if blind:
        details["blind"] = True
    if role_key:
        details["role"] = role_key
    return details


def record_download(
    *,
    kind: str,
    lang: str,
    user: User | None = None,
    actor: str | None = None,
    candidate_id: int | None = None,
    opening_id: int | None = None,
    role_key: str | None = None,
    blind: bool = False,
) -> None:
    """One document handed out: by ``user`` (the web) or ``actor`` (the command line)."""
    subject, subject_id = (
        ("candidate", candidate_id)
        if candidate_id is not None
        else ("opening", opening_id)
        if opening_id is not None
        else (None, None)
    )
    record(
        "document_issued",
        user=user,
        actor=actor,
        subject=subject,
        subject_id=subject_id,
        candidate_id=candidate_id,
        opening_id=opening_id,
        details=_document(kind, lang, blind, role_key),
    )


def record_downloads(
    kind: str,
    opening_id: int,
    candidate_ids: Iterable[int],
    *,
    lang: str,
    blind: bool = False,
    user: User | None = None,
    actor: str | None = None,
) -> None:
    """A document about several candidates (a shortlist, a zip of profiles) is recorded as one
    entry per candidate in it, written in one statement."""
    rows = [
        _row(
            "document_issued",
            user=user,
            actor=actor,
            subject="candidate",
            subject_id=candidate_id,
            candidate_id=candidate_id,
            opening_id=opening_id,
            details=_document(kind, lang, blind, None),
        )
        for candidate_id in candidate_ids
    ]
    if rows:  # one executemany: nothing needs the new rows' ids
        db.session.execute(insert(AuditEntry), rows)


def record_batch_download(
    opening_id: int,
    candidate_ids: Iterable[int],
    *,
    lang: str,
    blind: bool,
    user: User | None = None,
    actor: str | None = None,
) -> None:
    """A zip of profiles: one entry per candidate whose profile is in it."""
    record_downloads(
        "batch", opening_id, candidate_ids, lang=lang, blind=blind, user=user, actor=actor
    )


# --- read by the administrator ----------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator narrows the log to; every part optional."""

    action: str | None = None
    user_id: int | None = None
    candidate_id: int | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> tuple[AuditFilter, list[str]]:
        """The filter a query asks for, and the names of the parts that were not understood
        (left out of the filter, so the page says so instead of failing)."""
        problems: list[str] = []

        def number(name: str) -> int | None:
            text = str(args.get(name) or "").strip()
            value = whole_number(text)
            if text and value is None:
                problems.append(name)
            return value

        def day(name: str) -> date | None:
            text = str(args.get(name) or "").strip()
            if not text:
                return None
            try:
                value = date.fromisoformat(text)
            except ValueError:
                problems.append(name)
                return None
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                problems.append(name)
                return None
            return value

        action = str(args.get("action") or "")
        if action and action not in AUDIT_ACTIONS:
            problems.append("action")
        wanted = cls(
            action=action if action in AUDIT_ACTIONS else None,
            user_id=number("user"),
            candidate_id=number("candidate"),
            since=day("since"),
            until=day("until"),
        )
        return wanted, problems

    def arguments(self) -> dict[str, Any]:
        """The filter as query arguments (for links that keep it)."""
        values = {
            "action": self.action,
            "user": self.user_id,
            "candidate": self.candidate_id,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {key: value for key, value in values.items() if value is not None}


def _filtered(query: Select[Any], wanted: AuditFilter) -> Select[Any]:
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.user_id is not None:
        query = query.where(AuditEntry.user_id == wanted.user_id)
    if wanted.candidate_id is not None:
        query = query.where(AuditEntry.candidate_id == wanted.candidate_id)
    if wanted.since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.since, time.min, UTC))
    if wanted.until is not None:
        end = datetime.combine(wanted.until + timedelta(days=1), time.min, UTC)
        query = query.where(AuditEntry.at < end)
    return query


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    older: int | None
    """The ``before`` of the next (older) page, or None when this is the last."""
    users: dict[int, str] = field(default_factory=dict)
    """The names of the users on this page, by id."""


def audit_page(wanted: AuditFilter, before: int | None = None, size: int = PAGE_SIZE) -> AuditPage:
    """Newest first, ``size`` entries older than entry ``before``: read in index order and
    stopped after the page (no count of the whole log)."""
    query = _filtered(select(AuditEntry), wanted).order_by(AuditEntry.id.desc())
    if before is not None:
        query = query.where(AuditEntry.id < before)
    entries = list(db.session.execute(query.limit(size + 1)).scalars())
    older = entries[size - 1].id if len(entries) > size else None
    entries = entries[:size]
    ids = {entry.user_id for entry in entries if entry.user_id is not None}
    names = (
        {
            row.id: row.name
            for row in db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))
        }
        if ids
        else {}
    )
    return AuditPage(entries, older, names)


def audit_rows(wanted: AuditFilter) -> Iterator[AuditEntry]:
    """Every matching entry, newest first, read ``EXPORT_BATCH`` at a time by id (constant
    memory, whatever the log's size)."""
    before: int | None = None
    while True:
        query = _filtered(select(AuditEntry), wanted).order_by(AuditEntry.id.desc())
        if before is not None:
            query = query.where(AuditEntry.id < before)
        batch = list(db.session.execute(query.limit(EXPORT_BATCH)).scalars())
        yield from batch
        if len(batch) < EXPORT_BATCH:
            return
        before = batch[-1].id
        db.session.expunge_all()
