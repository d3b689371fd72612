"""The audit trail: one append-only log of who did what to which record, when and from where.

It replaces the earlier record of downloads alone. An entry names its subject by plain ids,
never by a foreign key: erasing a person (GDPR) removes their data but not the record that
something was done, which keeps only numbers. Nothing sensitive is written into it (no names,
notes, scores, reasons or typed passwords): ``details`` holds codes such as a document's kind
and language, or the counts of a purge. The database refuses to change or delete an entry
(triggers on SQLite and PostgreSQL), and the ORM refuses before it gets there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from hiring.models.base import Base, UTCDateTime, one_of, utcnow

AUDIT_ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "password_changed",
    "two_step_enabled",
    "two_step_disabled",
    "two_step_reset",
    "user_added",
    "user_role_changed",
    "user_password_reset",
    "user_deactivated",
    "user_activated",
    "scorecard_submitted",
    "scorecard_amended",
    "decision_recorded",
    "document_issued",
    "data_exported",
    "data_imported",
    "person_erased",
    "retention_purge",
    "self_assessment_issued",
    "self_assessment_revoked",
    "self_assessment_opened",
    "self_assessment_submitted",
    "self_assessment_declined",
    "api_token_created",
    "api_token_revoked",
    "debrief_noted",
    "employee_linked",
    "employment_ended",
)
"""What an entry records (labels in :data:`hiring.labels.AUDIT_ACTION_LABELS`)."""

AUDIT_SUBJECTS = (
    "candidate",
    "person",
    "opening",
    "user",
    "scorecard",
    "decision",
    "self_assessment",
    "batch",
    "audit_log",
    "api_token",
)
"""Which kind of record ``subject_id`` numbers."""


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (one_of("action", AUDIT_ACTIONS), one_of("subject", AUDIT_SUBJECTS))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    """Who, when a user: users are deactivated, never deleted, so the log always names them."""
    actor: Mapped[str] = mapped_column(String(254))
    """The user's e-mail at the time, ``cli:<account>`` for the command line, ``candidate``
    for a self-assessment link's holder, or ``-`` for an unknown account (a failed login
    never stores what was typed)."""
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(20))
    subject_id: Mapped[int | None]
    candidate_id: Mapped[int | None]
    """The candidacy concerned, kept after the candidate is erased (no foreign key)."""
    opening_id: Mapped[int | None]
    """The opening concerned, kept after the opening is deleted (no foreign key)."""
    address: Mapped[str | None] = mapped_column(String(45))
    """The client's address for a web request; empty for the command line."""
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


Index("ix_audit_log_action", AuditEntry.action, AuditEntry.id)
Index("ix_audit_log_user", AuditEntry.user_id, AuditEntry.id)
Index("ix_audit_log_candidate", AuditEntry.candidate_id, AuditEntry.id)

APPEND_ONLY_MESSAGE = "audit_log is append-only"

SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
)
"""The same statements as migration 0019's (kept as text there, as a revision must stay)."""

for _statement in SQLITE_TRIGGERS:
    event.listen(AuditEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_TRIGGERS:
    event.listen(
        AuditEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper: Any, connection: Any, target: AuditEntry) -> None:
    raise PermissionError(APPEND_ONLY_MESSAGE)
