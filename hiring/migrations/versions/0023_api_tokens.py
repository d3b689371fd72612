"""personal API tokens, and the audit log's record of their creation and revocation

The audit log's CHECK constraints gain the two actions and the subject. On SQLite the table is
rebuilt for it (its rows copied as they are, with the triggers that keep it append-only made
again); on PostgreSQL the constraints are replaced in place.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 23:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
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
_NEW_ACTIONS = ("api_token_created", "api_token_revoked")
_NEW_SUBJECTS = ("api_token",)
_MESSAGE = "audit_log is append-only"


def _condition(column, values):
    codes = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({codes})"


def _sqlite_triggers():
    return [
        f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def _checks(actions, subjects):
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for column, values in (("action", actions), ("subject", subjects)):
            name = f"ck_audit_log_{column}"
            op.execute(f"ALTER TABLE audit_log DROP CONSTRAINT {name}")
            op.execute(f"ALTER TABLE audit_log ADD CONSTRAINT {name} CHECK "
                       f"({_condition(column, values)})")  # fmt: skip
        return
    # SQLite cannot change a CHECK constraint: the table is rebuilt (batch mode), which
    # drops the old table with its triggers; they are made again on the new one
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        for column, values in (("action", actions), ("subject", subjects)):
            name = op.f(f"ck_audit_log_{column}")
            batch.drop_constraint(name, type_="check")
            batch.create_check_constraint(name, _condition(column, values))
    for statement in _sqlite_triggers():
        op.execute(statement)


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=12), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("digest", name=op.f("uq_api_tokens_digest")),
    )  # fmt: skip
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])
    _checks(_ACTIONS + _NEW_ACTIONS, _SUBJECTS + _NEW_SUBJECTS)


def downgrade():
    # the older revision has no words for these entries: they go, with the tokens
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    codes = ", ".join(f"'{a}'" for a in _NEW_ACTIONS)
    op.execute(f"DELETE FROM audit_log WHERE action IN ({codes}) OR subject = 'api_token'")
    if postgresql:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    _checks(_ACTIONS, _SUBJECTS)
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
