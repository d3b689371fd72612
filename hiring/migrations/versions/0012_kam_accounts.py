"""a new KAM's accounts and their development levels

Each VIP, KOL or key account a representative takes on as a KAM, at development level D1-D4
(situational leadership), with the goals and plan agreed for it and every step recorded.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 10:59:05.088484

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kam_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("goals", sa.String(length=4000), nullable=False),
        sa.Column("plan", sa.String(length=4000), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('vip', 'kol', 'key_account')", name=op.f("ck_kam_accounts_kind")
        ),
        sa.CheckConstraint("level >= 1 AND level <= 4", name=op.f("ck_kam_accounts_level")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_kam_accounts_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_kam_accounts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kam_accounts")),
    )
    with op.batch_alter_table("kam_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kam_accounts_person_id"), ["person_id"], unique=False)

    op.create_table(
        "kam_account_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=4000), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level >= 1 AND level <= 4", name=op.f("ck_kam_account_progress_level")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["kam_accounts.id"],
            name=op.f("fk_kam_account_progress_account_id_kam_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_kam_account_progress_recorded_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kam_account_progress")),
    )
    with op.batch_alter_table("kam_account_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kam_account_progress_account_id"), ["account_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("kam_account_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kam_account_progress_account_id"))

    op.drop_table("kam_account_progress")
    with op.batch_alter_table("kam_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kam_accounts_person_id"))

    op.drop_table("kam_accounts")
