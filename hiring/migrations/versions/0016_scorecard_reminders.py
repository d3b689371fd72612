"""reminders of overdue scorecards, each user's language, and an index on what is pending

``hiring remind`` records, per scorecard, when its interviewer was last reminded and how many
times. A user's language (the one they last chose in the app) is the language of what is
sent to them. Overdue scorecards are sought among the candidates with a pending scorecard,
through an index on that count.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 16:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scorecard_reminders",
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("count >= 1", name=op.f("ck_scorecard_reminders_count")),
        sa.ForeignKeyConstraint(
            ["scorecard_id"], ["scorecards.id"],
            name=op.f("fk_scorecard_reminders_scorecard_id_scorecards"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scorecard_id", name=op.f("pk_scorecard_reminders")),
    )  # fmt: skip
    # not in batch mode: adding a column needs no copy of the table on either database
    op.add_column("users", sa.Column("language", sa.String(length=5), nullable=True))
    op.create_index("ix_stored_evaluations_pending", "stored_evaluations", ["pending"])


def downgrade():
    op.drop_index("ix_stored_evaluations_pending", table_name="stored_evaluations")
    if op.get_bind().dialect.name == "sqlite":  # SQLite 3.35+ drops a column in place
        op.execute("ALTER TABLE users DROP COLUMN language")
    else:
        op.drop_column("users", "language")
    op.drop_table("scorecard_reminders")
