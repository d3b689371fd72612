"""The record of who took which document about whom (GDPR: who saw personal data)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert

from hiring.extensions import db
from hiring.models import ReportDownload, User
from hiring.models.base import utcnow


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
) -> ReportDownload:
    """Write down one document handed out: by ``user`` (the web) or ``actor`` (the command
    line, ``cli:<account>``)."""
    entry = ReportDownload(
        user_id=user.id if user else None,
        actor=actor or (user.email if user else "unknown"),
        kind=kind,
        candidate_id=candidate_id,
        opening_id=opening_id,
        role_key=role_key,
        lang=lang,
        blind=blind,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


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
    download per candidate in it, written in one statement."""
    who = actor or (user.email if user else "unknown")
    rows = [
        {
            "user_id": user.id if user else None,
            "actor": who,
            "kind": kind,
            "candidate_id": candidate_id,
            "opening_id": opening_id,
            "lang": lang,
            "blind": blind,
            "created_at": utcnow(),
        }
        for candidate_id in candidate_ids
    ]
    if rows:  # one executemany: nothing needs the new rows' ids
        db.session.execute(insert(ReportDownload), rows)


def record_batch_download(
    opening_id: int,
    candidate_ids: Iterable[int],
    *,
    lang: str,
    blind: bool,
    user: User | None = None,
    actor: str | None = None,
) -> None:
    """A zip of profiles: one download per candidate whose profile is in it."""
    record_downloads(
        "batch", opening_id, candidate_ids, lang=lang, blind=blind, user=user, actor=actor
    )
