"""an opening's hiring manager as a user

``openings.hiring_manager_id`` names the user who manages the opening (they see it, its
candidates' results and its shortlist). An opening whose hiring manager's name, as written, is
the name or e-mail address of exactly one user is linked to that user; the written name stays
as documents print it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 07:30:00

"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """On SQLite, run the block with foreign keys off and check them afterwards: the batch
    mode rebuilds ``openings``, and dropping the old table with foreign keys on would empty
    the tables that refer to it (report jobs, by ON DELETE CASCADE) or unlink them (candidates,
    by SET NULL). As in 0004 (a revision must not import another)."""
    context = op.get_context()
    if context.dialect.name != "sqlite":
        yield
        return
    with context.autocommit_block():
        op.execute("PRAGMA foreign_keys=OFF")
    yield
    if not context.as_sql:
        dangling = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if dangling:
            raise RuntimeError(f"rows refer to rows that do not exist: {dangling}")
    with context.autocommit_block():
        op.execute("PRAGMA foreign_keys=ON")


def upgrade():
    with _sqlite_foreign_keys_off(), op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hiring_manager_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_openings_hiring_manager_id"), ["hiring_manager_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_openings_hiring_manager_id_users"),
            "users",
            ["hiring_manager_id"],
            ["id"],
            ondelete="SET NULL",
        )
    connection = op.get_bind()
    users = connection.execute(sa.text("SELECT id, name, email FROM users")).all()
    by_name: dict[str, list[int]] = {}
    for user_id, name, email in users:
        for key in {(name or "").strip().lower(), (email or "").strip().lower()} - {""}:
            by_name.setdefault(key, []).append(user_id)
    openings = connection.execute(sa.text("SELECT id, hiring_manager FROM openings")).all()
    for opening_id, written in openings:
        found = by_name.get((written or "").strip().lower(), [])
        if len(set(found)) == 1:
            connection.execute(
                sa.text("UPDATE openings SET hiring_manager_id = :user WHERE id = :id"),
                {"user": found[0], "id": opening_id},
            )


def downgrade():
    with _sqlite_foreign_keys_off(), op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_openings_hiring_manager_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_openings_hiring_manager_id"))
        batch_op.drop_column("hiring_manager_id")
