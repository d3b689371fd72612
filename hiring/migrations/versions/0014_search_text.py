"""candidates' search text: name, e-mail and notes folded for search on any database; an
index on the purpose the lists count by

SQLite's lower() folds ASCII letters only, so "öörni" did not find "Öörni". The app now keeps
each candidate's searchable text folded (case, accents and hyphens) and searches that. The
folding below is this revision's own copy, so that a later change to the app's cannot change
what this step wrote.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 13:45:00

"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

BATCH = 1000


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[\-\u2010-\u2015\u2212]+", " ", bare)).strip()


def upgrade():
    # The lists count candidacies (purpose != 'assessment'): an index to count from, so that
    # the wider rows are not read one by one.
    op.create_index("ix_candidates_purpose", "candidates", ["purpose"])
    # not in batch mode: adding a column needs no copy of the table on either database
    op.add_column(
        "candidates", sa.Column("search_text", sa.Text(), server_default="", nullable=False)
    )
    candidates = sa.table(
        "candidates",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("email", sa.String),
        sa.column("notes", sa.Text),
        sa.column("search_text", sa.Text),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(candidates.c.id, candidates.c.name, candidates.c.email, candidates.c.notes)
            .where(candidates.c.id > last)
            .order_by(candidates.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            candidates.update()
            .where(candidates.c.id == sa.bindparam("row_id"))
            .values(search_text=sa.bindparam("folded")),
            [
                {"row_id": r.id, "folded": "\n".join(_fold(v) for v in (r.name, r.email, r.notes))}
                for r in rows
            ],
        )
        last = rows[-1].id


def downgrade():
    op.drop_index("ix_candidates_purpose", table_name="candidates")
    if op.get_bind().dialect.name == "sqlite":  # SQLite 3.35+ drops a column in place
        op.execute("ALTER TABLE candidates DROP COLUMN search_text")
    else:
        op.drop_column("candidates", "search_text")
