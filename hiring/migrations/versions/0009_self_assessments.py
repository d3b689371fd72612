"""candidates' self-assessments: private links and their answers

A link is stored as the SHA-256 of its token, with the rubric snapshot its questionnaire is
built from; each answer is a row of its own, so two tabs cannot overwrite each other.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 06:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_page", sa.Integer(), nullable=False),
        sa.CheckConstraint("lang IN ('en', 'fi')", name=op.f("ck_self_assessments_lang")),
        sa.CheckConstraint("last_page >= 0", name=op.f("ck_self_assessments_last_page")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_self_assessments_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["users.id"],
            name=op.f("fk_self_assessments_issued_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["users.id"],
            name=op.f("fk_self_assessments_revoked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["rubric_snapshots.id"],
            name=op.f("fk_self_assessments_snapshot_id_rubric_snapshots"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessments")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_self_assessments_token_hash")),
    )
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_self_assessments_candidate_id"), ["candidate_id"], unique=False
        )

    op.create_table(
        "self_assessment_answers",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["self_assessments.id"],
            name=op.f("fk_self_assessment_answers_assessment_id_self_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "item", name=op.f("pk_self_assessment_answers")),
    )


def downgrade():
    op.drop_table("self_assessment_answers")
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_assessments_candidate_id"))

    op.drop_table("self_assessments")
