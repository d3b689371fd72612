"""stored evaluations

Each candidate's figures (fit, coverage, score, level, counts, the panel's values), stored
when their inputs change so that lists sort, filter and page in SQL; and indexes for the
list's other orders (name, date added). The table starts empty: ``hiring results rebuild
--missing`` (which ``make run`` calls) computes the figures of existing candidates with the
application's engine, which a migration should not import.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:09:19.578092

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_evaluations",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("role_key", sa.String(length=64), nullable=True),
        sa.Column("fit", sa.Double(), nullable=True),
        sa.Column("coverage", sa.Double(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("kam_level", sa.Integer(), nullable=True),
        sa.Column("floors_not_met", sa.Integer(), nullable=False),
        sa.Column("floor_keys", sa.JSON(), nullable=False),
        sa.Column("red_flags", sa.Integer(), nullable=False),
        sa.Column("assessors", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("panel_values", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("assessors >= 0", name=op.f("ck_stored_evaluations_assessors")),
        sa.CheckConstraint(
            "coverage >= 0 AND coverage <= 1", name=op.f("ck_stored_evaluations_coverage")
        ),
        sa.CheckConstraint("fit >= 0 AND fit <= 1", name=op.f("ck_stored_evaluations_fit")),
        sa.CheckConstraint(
            "floors_not_met >= 0", name=op.f("ck_stored_evaluations_floors_not_met")
        ),
        sa.CheckConstraint(
            "kam_level >= 0 AND kam_level <= 3", name=op.f("ck_stored_evaluations_kam_level")
        ),
        sa.CheckConstraint("pending >= 0", name=op.f("ck_stored_evaluations_pending")),
        sa.CheckConstraint("red_flags >= 0", name=op.f("ck_stored_evaluations_red_flags")),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_stored_evaluations_score")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_stored_evaluations_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["rubric_snapshots.id"],
            name=op.f("fk_stored_evaluations_snapshot_id_rubric_snapshots"),
        ),
        sa.PrimaryKeyConstraint("candidate_id", name=op.f("pk_stored_evaluations")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index("ix_candidates_name", ["name"], unique=False)
        batch_op.create_index("ix_candidates_created_at", ["created_at"], unique=False)
    with op.batch_alter_table("stored_evaluations", schema=None) as batch_op:
        batch_op.create_index("ix_stored_evaluations_coverage", ["coverage"], unique=False)
        batch_op.create_index("ix_stored_evaluations_fit", ["fit"], unique=False)
        batch_op.create_index("ix_stored_evaluations_kam_level", ["kam_level"], unique=False)
        batch_op.create_index("ix_stored_evaluations_score", ["score"], unique=False)


def downgrade():
    with op.batch_alter_table("stored_evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_stored_evaluations_score")
        batch_op.drop_index("ix_stored_evaluations_kam_level")
        batch_op.drop_index("ix_stored_evaluations_fit")
        batch_op.drop_index("ix_stored_evaluations_coverage")

    op.drop_table("stored_evaluations")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_candidates_created_at")
        batch_op.drop_index("ix_candidates_name")
