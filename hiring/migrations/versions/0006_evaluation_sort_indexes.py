"""a stored evaluation for every candidate, with the opening, sorted by index

Lists of one opening sorted by a figure read an index in order and stop after one page: the
stored evaluation keeps the candidate's opening, and each figure has an index on
``(coalesce(figure, -1) DESC, candidate_id)``, alone and after the opening. Every candidate
now has a row (the lists join it): candidates without one get a row with no figures and no
``computed_at``, which ``hiring results rebuild --missing`` computes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 03:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FIGURES = ("fit", "score", "coverage", "kam_level")


def _key(figure):
    return sa.text(f"coalesce({figure}, -1) DESC")


def upgrade():
    with op.batch_alter_table("stored_evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opening_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_stored_evaluations_opening_id_openings"),
            "openings",
            ["opening_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.alter_column(
            "computed_at", existing_type=sa.DateTime(timezone=True), nullable=True
        )
        for figure in FIGURES:
            batch_op.drop_index(f"ix_stored_evaluations_{figure}")
    op.execute(
        "UPDATE stored_evaluations SET opening_id = (SELECT candidates.opening_id FROM "
        "candidates WHERE candidates.id = stored_evaluations.candidate_id)"
    )
    op.execute(
        "INSERT INTO stored_evaluations (candidate_id, opening_id, floors_not_met, floor_keys, "
        "red_flags, assessors, pending, panel_values) SELECT id, opening_id, 0, '[]', 0, 0, 0, "
        "'{}' FROM candidates WHERE NOT EXISTS (SELECT 1 FROM stored_evaluations WHERE "
        "stored_evaluations.candidate_id = candidates.id)"
    )
    for figure in FIGURES:
        op.create_index(
            f"ix_stored_evaluations_{figure}",
            "stored_evaluations",
            [_key(figure), "candidate_id"],
        )
        op.create_index(
            f"ix_stored_evaluations_opening_{figure}",
            "stored_evaluations",
            ["opening_id", _key(figure), "candidate_id"],
        )


def downgrade():
    for figure in FIGURES:
        op.drop_index(f"ix_stored_evaluations_opening_{figure}", "stored_evaluations")
        op.drop_index(f"ix_stored_evaluations_{figure}", "stored_evaluations")
    op.execute("DELETE FROM stored_evaluations WHERE computed_at IS NULL")
    with op.batch_alter_table("stored_evaluations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_stored_evaluations_opening_id_openings"), type_="foreignkey"
        )
        batch_op.drop_column("opening_id")
        batch_op.alter_column(
            "computed_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        for figure in FIGURES:
            batch_op.create_index(f"ix_stored_evaluations_{figure}", [figure], unique=False)
