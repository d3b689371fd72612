"""the panel's debrief notes, the day an employee left, and the audit log's words for both

``debrief_notes`` holds the consensus notes and summaries a panel's debrief records;
``employment_ends`` the day an employee's employment ended, from which retention after a hire
is counted. The audit log's CHECK constraint gains ``debrief_noted``, ``employee_linked`` and
``employment_ended``: on SQLite the table is rebuilt for it (its rows copied as they are, with
the triggers that keep it append-only made again), on PostgreSQL the constraint is replaced in
place.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 01:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

_ACTIONS = (
    "login", "login_failed", "logout", "password_changed", "two_step_enabled",
    "two_step_disabled", "two_step_reset", "user_added", "user_role_changed",
    "user_password_reset", "user_deactivated", "user_activated", "scorecard_submitted",
    "scorecard_amended", "decision_recorded", "document_issued", "data_exported",
    "data_imported", "person_erased", "retention_purge", "self_assessment_issued",
    "self_assessment_revoked", "self_assessment_opened", "self_assessment_submitted",
    "self_assessment_declined", "api_token_created", "api_token_revoked",
)  # fmt: skip
_NEW_ACTIONS = ("debrief_noted", "employee_linked", "employment_ended")
_MESSAGE = "audit_log is append-only"


def _actions(actions):
    connection = op.get_bind()
    codes = ", ".join(f"'{value}'" for value in actions)
    condition = f"action IN ({codes})"
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log DROP CONSTRAINT ck_audit_log_action")
        op.execute(f"ALTER TABLE audit_log ADD CONSTRAINT ck_audit_log_action CHECK ({condition})")
        return
    # SQLite cannot change a CHECK constraint: the table is rebuilt (batch mode), which
    # drops the old table with its triggers; they are made again on the new one
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        name = op.f("ck_audit_log_action")
        batch.drop_constraint(name, type_="check")
        batch.create_check_constraint(name, condition)
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
        )


def upgrade():
    op.create_table(
        "debrief_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("competency_key", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"],
            name=op.f("fk_debrief_notes_candidate_id_candidates"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"], ["users.id"],
            name=op.f("fk_debrief_notes_written_by_id_users"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debrief_notes")),
    )  # fmt: skip
    op.create_index(op.f("ix_debrief_notes_candidate_id"), "debrief_notes", ["candidate_id"])
    op.create_table(
        "employment_ends",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"],
            name=op.f("fk_employment_ends_person_id_people"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"],
            name=op.f("fk_employment_ends_recorded_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_employment_ends")),
    )  # fmt: skip
    _actions(_ACTIONS + _NEW_ACTIONS)


def downgrade():
    # the older revision has no words for these entries: they go, with the notes
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    codes = ", ".join(f"'{a}'" for a in _NEW_ACTIONS)
    op.execute(f"DELETE FROM audit_log WHERE action IN ({codes})")
    if postgresql:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    _actions(_ACTIONS)
    op.drop_table("employment_ends")
    op.drop_index(op.f("ix_debrief_notes_candidate_id"), table_name="debrief_notes")
    op.drop_table("debrief_notes")
