"""an index on each candidacy's opening and purpose: the count of one opening's list reads it
alone instead of every row of the opening

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 20:15:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_candidates_opening_purpose", "candidates", ["opening_id", "purpose"])


def downgrade():
    op.drop_index("ix_candidates_opening_purpose", table_name="candidates")
