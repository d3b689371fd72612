"""The record of who took which document about whom (GDPR: who saw personal data)."""

from __future__ import annotations

from collections.abc import Iterable

from hiring.extensions import db
from hiring.models import ReportDownload, User


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


def record_batch_download(
    opening_id: int,
    candidate_ids: Iterable[int],
    *,
    lang: str,
    blind: bool,
    user: User | None = None,
    actor: str | None = None,
) -> None:
    """A zip of profiles is recorded as one download per candidate whose profile is in it."""
    for candidate_id in candidate_ids:
        record_download(
            kind="batch",
            lang=lang,
            user=user,
            actor=actor,
            candidate_id=candidate_id,
            opening_id=opening_id,
            blind=blind,
        )
