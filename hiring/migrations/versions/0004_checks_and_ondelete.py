"""checks and ondelete

CHECK constraints for every code column and for the ranges the forms enforce, and foreign
keys with deliberate ON DELETE rules: erasing a candidate removes their interviews,
scorecards, revisions, ratings and decisions; the download log keeps the candidate's and the
opening's id without a foreign key; users who authored records cannot be deleted.

The codes are written out here, not imported: a migration is a snapshot of the schema at one
point in time, and must not change when the application's tuples do.

SQLite rebuilds each table (batch mode) with foreign keys switched off, as SQLite prescribes
for table rebuilds: dropping the old copy of a table would otherwise run its ON DELETE
actions on the rows that refer to it. ``PRAGMA foreign_key_check`` then confirms nothing was
left dangling before the foreign keys are switched back on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 23:10:08.872432

"""

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CODES = {
    "users": {"role": ("admin", "recruiter", "interviewer", "manager")},
    "openings": {"status": ("open", "closed")},
    "candidates": {
        "education": ("none", "secondary", "vocational", "higher", "postgraduate"),
        "source": ("external", "internal"),
        "status": ("active", "advanced", "offer", "hired", "rejected", "on_hold"),
    },
    "decisions": {"decision": ("advance", "offer", "hire", "reject", "on_hold")},
    "interviews": {"kind": ("competency_interview", "role_play", "case")},
    "scorecard_revisions": {
        "status": ("draft", "submitted"),
        "recommendation": ("strong_no", "no", "yes", "strong_yes"),
    },
    "report_downloads": {
        "kind": ("profile", "shortlist", "job_description", "batch"),
        "lang": ("en", "fi"),
    },
    "report_jobs": {
        "lang": ("en", "fi"),
        "status": ("queued", "running", "done", "failed"),
    },
}
"""table -> column -> the codes it may hold."""

RANGES = {
    "candidates": {
        "sales_experience_years": (0, 70),
        "kam_experience_years": (0, 70),
        "long_term_clients": (0, 100000),
        "repeat_transactions": (0, 10000000),
        "sales_growth_pct": (-100, 10000),
    },
    "scorecard_revisions": {"number": (1, None)},
    "report_jobs": {"total": (0, None), "done": (0, None)},
}
"""table -> column -> (lowest, highest or None)."""

FOREIGN_KEYS = {
    "users": [],
    "openings": [("created_by_id", "users", "SET NULL")],
    "candidates": [("opening_id", "openings", "SET NULL")],
    "decisions": [
        ("candidate_id", "candidates", "CASCADE"),
        ("decided_by_id", "users", "RESTRICT"),
    ],
    "interviews": [
        ("candidate_id", "candidates", "CASCADE"),
        ("snapshot_id", "rubric_snapshots", "RESTRICT"),
        ("created_by_id", "users", "SET NULL"),
    ],
    "scorecards": [
        ("interview_id", "interviews", "CASCADE"),
        ("interviewer_id", "users", "RESTRICT"),
    ],
    "scorecard_revisions": [
        ("scorecard_id", "scorecards", "CASCADE"),
        ("author_id", "users", "RESTRICT"),
    ],
    "ratings": [("revision_id", "scorecard_revisions", "CASCADE")],
    "report_jobs": [("opening_id", "openings", "CASCADE"), ("created_by_id", "users", "RESTRICT")],
    "report_downloads": [("user_id", "users", "RESTRICT")],
}
"""table -> (column, referred table, ON DELETE) for every foreign key whose rule changes.
Before this revision none of them had an ON DELETE rule."""

SUBJECT_IDS = {"report_downloads": [("candidate_id", "candidates"), ("opening_id", "openings")]}
"""Foreign keys this revision removes: the download log keeps plain ids."""

TABLES = list(FOREIGN_KEYS)
"""Every table this revision changes (each one is rebuilt once on SQLite)."""


def _checks(table: str) -> list[tuple[str, str]]:
    """(constraint name, condition) for ``table``, as the models' ``one_of`` and ``in_range``
    write them."""
    checks = []
    for column, codes in CODES.get(table, {}).items():
        listed = ", ".join(f"'{code}'" for code in codes)
        checks.append((f"ck_{table}_{column}", f"{column} IN ({listed})"))
    for column, (low, high) in RANGES.get(table, {}).items():
        condition = f"{column} >= {low}" + (f" AND {column} <= {high}" if high is not None else "")
        checks.append((f"ck_{table}_{column}", condition))
    return checks


def _fk_name(table: str, column: str, referred: str) -> str:
    return f"fk_{table}_{column}_{referred}"


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """On SQLite, run the block with foreign keys off and check them afterwards; elsewhere,
    just run it. PRAGMA foreign_keys is ignored inside a transaction, hence the autocommit
    blocks (which commit the work done so far in this revision)."""
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
    # Unknown education was stored as NULL by the form, but '' means the same (see the labels).
    op.execute("UPDATE candidates SET education = NULL WHERE education = ''")
    with _sqlite_foreign_keys_off():
        for table in TABLES:
            with op.batch_alter_table(table, schema=None) as batch_op:
                for column, referred in SUBJECT_IDS.get(table, []):
                    batch_op.drop_constraint(
                        op.f(_fk_name(table, column, referred)), type_="foreignkey"
                    )
                for column, referred, ondelete in FOREIGN_KEYS[table]:
                    name = op.f(_fk_name(table, column, referred))
                    batch_op.drop_constraint(name, type_="foreignkey")
                    batch_op.create_foreign_key(name, referred, [column], ["id"], ondelete=ondelete)
                for name, condition in _checks(table):
                    batch_op.create_check_constraint(op.f(name), condition)


def downgrade():
    # The foreign keys come back, so ids of erased candidates and deleted openings cannot stay.
    for column, referred in SUBJECT_IDS["report_downloads"]:
        op.execute(
            f"UPDATE report_downloads SET {column} = NULL "
            f"WHERE {column} NOT IN (SELECT id FROM {referred})"
        )
    with _sqlite_foreign_keys_off():
        for table in reversed(TABLES):
            with op.batch_alter_table(table, schema=None) as batch_op:
                for name, _condition in _checks(table):
                    batch_op.drop_constraint(op.f(name), type_="check")
                for column, referred, _ondelete in FOREIGN_KEYS[table]:
                    name = op.f(_fk_name(table, column, referred))
                    batch_op.drop_constraint(name, type_="foreignkey")
                    batch_op.create_foreign_key(name, referred, [column], ["id"])
                for column, referred in SUBJECT_IDS.get(table, []):
                    batch_op.create_foreign_key(
                        op.f(_fk_name(table, column, referred)), referred, [column], ["id"]
                    )
