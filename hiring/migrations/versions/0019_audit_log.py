"""one append-only audit log, replacing the record of downloads alone

Every download recorded so far becomes a ``document_issued`` entry with the same who, when,
subject, kind and language. Triggers refuse to change or delete an entry on SQLite and
PostgreSQL. Downgrading gives the downloads back their own table and drops the log (the
other entries are lost: the older revision has nowhere to keep them).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 19:45:00

"""

import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

_ACTIONS = (
    "login", "login_failed", "logout", "password_changed", "two_step_enabled",
    "two_step_disabled", "two_step_reset", "user_added", "user_role_changed",
    "user_password_reset", "user_deactivated", "user_activated", "scorecard_submitted",
    "scorecard_amended", "decision_recorded", "document_issued", "data_exported",
    "data_imported", "person_erased", "retention_purge", "self_assessment_issued",
    "self_assessment_revoked", "self_assessment_opened", "self_assessment_submitted",
    "self_assessment_declined",
)  # fmt: skip
_SUBJECTS = (
    "candidate", "person", "opening", "user", "scorecard", "decision", "self_assessment",
    "batch", "audit_log",
)  # fmt: skip
_MESSAGE = "audit_log is append-only"
_BATCH = 1000


def _one_of(column, values):
    codes = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({codes})", name=op.f(f"ck_audit_log_{column}"))


def _triggers(dialect):
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            for verb in ("UPDATE", "DELETE")
        ]
    return [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ]


def upgrade():
    audit = op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("opening_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=45), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        _one_of("action", _ACTIONS),
        _one_of("subject", _SUBJECTS),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )  # fmt: skip
    op.create_index("ix_audit_log_action", "audit_log", ["action", "id"])
    op.create_index("ix_audit_log_user", "audit_log", ["user_id", "id"])
    op.create_index("ix_audit_log_candidate", "audit_log", ["candidate_id", "id"])
    connection = op.get_bind()
    downloads = sa.table(
        "report_downloads",
        *(sa.column(name) for name in ("id", "user_id", "actor", "kind", "candidate_id",
                                       "opening_id", "role_key", "lang")),
        sa.column("blind", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )  # fmt: skip
    last = 0
    while True:
        rows = connection.execute(
            sa.select(downloads).where(downloads.c.id > last).order_by(downloads.c.id)
            .limit(_BATCH)
        ).all()  # fmt: skip
        if not rows:
            break
        entries = []
        for row in rows:
            details = {"kind": row.kind, "lang": row.lang}
            if row.blind:
                details["blind"] = True
            if row.role_key:
                details["role"] = row.role_key
            subject, subject_id = (
                ("candidate", row.candidate_id) if row.candidate_id is not None
                else ("opening", row.opening_id) if row.opening_id is not None
                else (None, None)
            )  # fmt: skip
            entries.append({
                "at": row.created_at, "user_id": row.user_id, "actor": row.actor,
                "action": "document_issued", "subject": subject, "subject_id": subject_id,
                "candidate_id": row.candidate_id, "opening_id": row.opening_id,
                "address": None, "details": details,
            })  # fmt: skip
        op.bulk_insert(audit, entries)
        last = rows[-1].id
    op.drop_table("report_downloads")
    for statement in _triggers(connection.dialect.name):
        op.execute(statement)


def downgrade():
    connection = op.get_bind()
    downloads = op.create_table(
        "report_downloads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("opening_id", sa.Integer(), nullable=True),
        sa.Column("role_key", sa.String(length=64), nullable=True),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('profile', 'shortlist', 'job_description', 'batch')",
            name=op.f("ck_report_downloads_kind"),
        ),
        sa.CheckConstraint("lang IN ('en', 'fi')", name=op.f("ck_report_downloads_lang")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_report_downloads_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_downloads")),
    )  # fmt: skip
    op.create_index(op.f("ix_report_downloads_candidate_id"), "report_downloads", ["candidate_id"])
    audit = sa.table(
        "audit_log",
        *(sa.column(name) for name in ("id", "user_id", "actor", "action", "candidate_id",
                                       "opening_id")),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("details", sa.JSON()),
    )  # fmt: skip
    last = 0
    while True:
        rows = connection.execute(
            sa.select(audit).where(audit.c.id > last, audit.c.action == "document_issued")
            .order_by(audit.c.id).limit(_BATCH)
        ).all()  # fmt: skip
        if not rows:
            break
        entries = []
        for row in rows:
            details = row.details if isinstance(row.details, dict) else json.loads(row.details)
            entries.append({
                "user_id": row.user_id, "actor": row.actor, "kind": details.get("kind"),
                "candidate_id": row.candidate_id, "opening_id": row.opening_id,
                "role_key": details.get("role"), "lang": details.get("lang"),
                "blind": bool(details.get("blind")), "created_at": row.at,
            })  # fmt: skip
        op.bulk_insert(downloads, entries)
        last = rows[-1].id
    op.drop_table("audit_log")  # its triggers go with it
    if connection.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
