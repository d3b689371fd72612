"""each applicant's latest activity, stored and indexed: what retention and purging read

Filled from what the retention date was computed from until now: when each of the person's
candidacies was added, and each decision about them. People who never applied (employees)
get no row and are never purged.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 19:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "applicant_activity",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_applicant_activity_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_applicant_activity")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_applicant_activity_last_activity_at"), "applicant_activity", ["last_activity_at"]
    )
    op.execute(
        "INSERT INTO applicant_activity (person_id, last_activity_at)"
        " SELECT activity.person_id, MAX(activity.at) FROM ("
        "  SELECT person_id, created_at AS at FROM candidates WHERE purpose = 'application'"
        "  UNION ALL"
        "  SELECT c.person_id, d.created_at FROM decisions d"
        "  JOIN candidates c ON c.id = d.candidate_id WHERE c.purpose = 'application'"
        " ) AS activity GROUP BY activity.person_id"
    )


def downgrade():
    op.drop_table("applicant_activity")
