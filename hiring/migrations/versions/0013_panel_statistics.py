"""panel statistics: each candidate's share, and running sums per opening and month

The panel quality page reads the sums; a candidate's share is added to them when their
scorecards change. Existing candidates get theirs from ``hiring results rebuild --missing``
(``make run`` runs it), which finds the ones with submitted scorecards and no share yet.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "panel_buckets",
        sa.Column("opening_key", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("opening_key", "month", name=op.f("pk_panel_buckets")),
    )
    op.create_table(
        "panel_item_buckets",
        sa.Column("opening_key", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("competency", sa.String(length=64), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("size_squares", sa.Double(), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("item_totals", sa.Double(), nullable=False),
        sa.Column("squares", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint(
            "opening_key", "month", "competency", name=op.f("pk_panel_item_buckets")
        ),
    )
    op.create_table(
        "panel_pair_buckets",
        sa.Column("opening_key", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("competency", sa.String(length=64), nullable=False),
        sa.Column("first", sa.Double(), nullable=False),
        sa.Column("second", sa.Double(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint(
            "opening_key",
            "month",
            "competency",
            "first",
            "second",
            name=op.f("pk_panel_pair_buckets"),
        ),
    )
    op.create_table(
        "panel_rater_buckets",
        sa.Column("opening_key", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("difference_sum", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rater_id"],
            ["users.id"],
            name=op.f("fk_panel_rater_buckets_rater_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "opening_key", "month", "rater_id", name=op.f("pk_panel_rater_buckets")
        ),
    )
    op.create_table(
        "panel_shares",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_panel_shares_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", name=op.f("pk_panel_shares")),
    )


def downgrade():
    op.drop_table("panel_shares")
    op.drop_table("panel_rater_buckets")
    op.drop_table("panel_pair_buckets")
    op.drop_table("panel_item_buckets")
    op.drop_table("panel_buckets")
