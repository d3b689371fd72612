"""interviews' history (rescheduled, changed, cancelled), sessions that end, and withdrawal

An interview's changes are kept as events (a cancellation among them). Every user gets a
session token, part of each login session's id: a new one ends the sessions made with the old
(a password change or reset, a deactivation), and a flag that sends a user whose password an
administrator chose to the password form first. A candidate can withdraw: a decision
``withdraw`` and a status ``withdrawn``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 16:20:00

"""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

EVENTS = ("rescheduled", "kind_changed", "interviewer_added", "interviewer_removed", "cancelled")
STATUSES_BEFORE = ("active", "advanced", "offer", "hired", "rejected", "on_hold")
STATUSES_AFTER = (*STATUSES_BEFORE, "withdrawn")
DECISIONS_BEFORE = ("advance", "offer", "hire", "reject", "on_hold")
DECISIONS_AFTER = (*DECISIONS_BEFORE, "withdraw")


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """On SQLite, run the block with foreign keys off and check them afterwards: the batch
    mode rebuilds ``candidates`` and ``decisions``, and dropping the old tables with foreign
    keys on would empty the tables that refer to them (ON DELETE CASCADE). As in 0004."""
    context = op.get_context()
    if context.dialect.name != "sqlite":
        yield
        return
    with context.autocommit_block():
        op.execute("PRAGMA foreign_keys=OFF")
    yield
    if not context.as_sql:
        dangling = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if dangling:
            raise RuntimeError(f"rows refer to rows that do not exist: {dangling}")
    with context.autocommit_block():
        op.execute("PRAGMA foreign_keys=ON")


def _codes(candidates, decisions):
    # The batch mode reflects the tables ``candidates`` refers to; SQLite's reflection skips
    # the expression indexes of ``people`` with a warning. They are not rebuilt (only
    # ``candidates`` and ``decisions`` are), so nothing is lost.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        _rebuild(candidates, decisions)


def _rebuild(candidates, decisions):
    with _sqlite_foreign_keys_off():
        with op.batch_alter_table("candidates", schema=None) as batch_op:
            batch_op.drop_constraint(op.f("ck_candidates_status"), type_="check")
            batch_op.create_check_constraint(
                op.f("ck_candidates_status"), _one_of("status", candidates)
            )
        with op.batch_alter_table("decisions", schema=None) as batch_op:
            batch_op.drop_constraint(op.f("ck_decisions_decision"), type_="check")
            batch_op.create_check_constraint(
                op.f("ck_decisions_decision"), _one_of("decision", decisions)
            )


def upgrade():
    op.create_table(
        "interview_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_one_of("kind", EVENTS), name=op.f("ck_interview_events_kind")),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interviews.id"],
            name=op.f("fk_interview_events_interview_id_interviews"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_interview_events_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_events")),
    )  # fmt: skip
    op.create_index(op.f("ix_interview_events_interview_id"), "interview_events", ["interview_id"])
    # not in batch mode: adding a column needs no copy of the table on either database
    op.add_column("users", sa.Column("session_token", sa.String(length=64), nullable=True))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    _codes(STATUSES_AFTER, DECISIONS_AFTER)


def downgrade():
    # A withdrawal reads as "on hold" in the older codes (it is not a rejection).
    op.execute("UPDATE candidates SET status = 'on_hold' WHERE status = 'withdrawn'")
    op.execute("UPDATE decisions SET decision = 'on_hold' WHERE decision = 'withdraw'")
    _codes(STATUSES_BEFORE, DECISIONS_BEFORE)
    if op.get_bind().dialect.name == "sqlite":  # SQLite 3.35+ drops a column in place
        op.execute("ALTER TABLE users DROP COLUMN must_change_password")
        op.execute("ALTER TABLE users DROP COLUMN session_token")
    else:
        op.drop_column("users", "must_change_password")
        op.drop_column("users", "session_token")
    op.drop_index(op.f("ix_interview_events_interview_id"), table_name="interview_events")
    op.drop_table("interview_events")
