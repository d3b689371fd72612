"""batches as one queued job per profile, with a heartbeat

Each profile of a batch is an item of its own (``report_job_items``) that any worker can
take; the last to finish puts the zip together. ``report_jobs.heartbeat_at`` records when a
profile last finished, so a batch that stops moving is failed visibly.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 04:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_job_items",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("entry", sa.String(length=200), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'done', 'failed')", name=op.f("ck_report_job_items_status")
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["report_jobs.id"],
            name=op.f("fk_report_job_items_job_id_report_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "candidate_id", name=op.f("pk_report_job_items")),
    )
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
    op.drop_table("report_job_items")
