"""one opening's candidates, newest first, in index order

The candidate list's default order within one opening (and its CSV export) reads an index on
``(opening_id, created_at, id)`` instead of sorting the opening's rows.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 05:05:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_candidates_opening_created", "candidates", ["opening_id", "created_at", "id"]
    )


def downgrade():
    op.drop_index("ix_candidates_opening_created", "candidates")
