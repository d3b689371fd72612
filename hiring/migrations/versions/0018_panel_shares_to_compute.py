"""panel shares still to compute are rows with no statistics, found through a partial index

Until now a candidate without a share had no row, and the panel quality page counted both
tables on every view to learn whether any was missing (linear in the number of candidates).
Every candidate now has a row; ``stats`` NULL means "not computed yet".

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 19:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_MISSING = sa.text("stats IS NULL")


def _shares(stats_nullable: bool) -> sa.Table:
    """The table as 0013 made it, given to the batch copy so that it reflects nothing (the
    expression indexes of the tables it refers to cannot be reflected on SQLite)."""
    return sa.Table(
        "panel_shares",
        sa.MetaData(),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=stats_nullable),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name="fk_panel_shares_candidate_id_candidates",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", name="pk_panel_shares"),
    )


def upgrade():
    with op.batch_alter_table("panel_shares", copy_from=_shares(False)) as batch:
        batch.alter_column("stats", existing_type=sa.JSON(), nullable=True)
    op.execute(
        "INSERT INTO panel_shares (candidate_id, stats) SELECT id, NULL FROM candidates"
        " WHERE NOT EXISTS (SELECT 1 FROM panel_shares WHERE candidate_id = candidates.id)"
    )
    op.create_index(
        "ix_panel_shares_missing",
        "panel_shares",
        ["candidate_id"],
        sqlite_where=_MISSING,
        postgresql_where=_MISSING,
    )


def downgrade():
    op.drop_index("ix_panel_shares_missing", table_name="panel_shares")
    op.execute("DELETE FROM panel_shares WHERE stats IS NULL")
    with op.batch_alter_table("panel_shares", copy_from=_shares(True)) as batch:
        batch.alter_column("stats", existing_type=sa.JSON(), nullable=False)
