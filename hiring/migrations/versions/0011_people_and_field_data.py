"""people across candidacies, representatives' field data, managers' assessments

A person (``people``) links the candidacies of one human being over time, and is also the
record of an employee: employee id, team, territory, manager (a user) and field results per
period (``field_periods``). Every existing candidate becomes a person of their own, with the
candidate's name, address, education, sales experience and languages; nobody is merged by
guessing. A candidate is now a candidacy for an opening or, new, a manager's assessment of a
representative outside any opening (``purpose``, with the manager whose rating is the conflict
of interest, ``own_manager_id``), and an interview may be a manager's assessment (``kind``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00

"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

EDUCATION = ("none", "secondary", "vocational", "higher", "postgraduate")
VERDICTS = ("ready_now", "ready_with_development", "not_a_fit", "not_yet_known")
KINDS_BEFORE = ("competency_interview", "role_play", "case")
KINDS_AFTER = (*KINDS_BEFORE, "manager_assessment")
FIELD_RANGES = {
    "sales_vs_plan_pct": (0, 1_000),
    "sales_growth_pct": (-100, 10_000),
    "key_accounts": (0, 10_000),
    "vip_kol_known": (0, 100_000),
    "vip_kol_total": (0, 100_000),
    "tenders_won": (0, 10_000),
    "report_compliance_pct": (0, 100),
    "visit_compliance_pct": (0, 100),
    "long_term_clients": (0, 100_000),
    "repeat_transactions": (0, 10_000_000),
}
INTEGERS = {"key_accounts", "vip_kol_known", "vip_kol_total", "tenders_won",
            "long_term_clients", "repeat_transactions"}  # fmt: skip


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _range(column, low, high):
    return f"{column} >= {low!r} AND {column} <= {high!r}"


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """On SQLite, run the block with foreign keys off and check them afterwards: the batch
    mode rebuilds ``candidates`` and ``interviews``, and dropping the old tables with foreign
    keys on would empty the tables that refer to them (ON DELETE CASCADE). As in 0004."""
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


def _standing_key(figure):
    return sa.text(f"coalesce({figure}, -1) DESC")


def upgrade():
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("employee_id", sa.String(length=40), nullable=True),
        sa.Column("team", sa.String(length=120), nullable=False),
        sa.Column("territory", sa.String(length=120), nullable=False),
        sa.Column("current_role", sa.String(length=120), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("years_in_role", sa.Double(), nullable=True),
        sa.Column("sales_experience_years", sa.Double(), nullable=True),
        sa.Column("education", sa.String(length=20), nullable=True),
        sa.Column("languages", sa.String(length=120), nullable=False),
        sa.Column("kam_fit", sa.Double(), nullable=True),
        sa.Column("kam_score", sa.Double(), nullable=True),
        sa.Column("kam_coverage", sa.Double(), nullable=True),
        sa.Column("kam_level", sa.Integer(), nullable=True),
        sa.Column("readiness", sa.String(length=30), nullable=True),
        sa.Column("independent_raters", sa.Integer(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("latest_period", sa.String(length=7), nullable=True),
        sa.Column("performance", sa.Double(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(_one_of("education", EDUCATION), name=op.f("ck_people_education")),
        sa.CheckConstraint(_one_of("readiness", VERDICTS), name=op.f("ck_people_readiness")),
        sa.CheckConstraint(_range("kam_coverage", 0, 1), name=op.f("ck_people_kam_coverage")),
        sa.CheckConstraint(_range("kam_fit", 0, 1), name=op.f("ck_people_kam_fit")),
        sa.CheckConstraint(_range("kam_level", 0, 3), name=op.f("ck_people_kam_level")),
        sa.CheckConstraint(_range("kam_score", 0, 1), name=op.f("ck_people_kam_score")),
        sa.CheckConstraint("independent_raters >= 0", name=op.f("ck_people_independent_raters")),
        sa.CheckConstraint(
            _range("sales_experience_years", 0, 70), name=op.f("ck_people_sales_experience_years")
        ),
        sa.CheckConstraint(_range("years_in_role", 0, 70), name=op.f("ck_people_years_in_role")),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["users.id"],
            name=op.f("fk_people_manager_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("employee_id", name=op.f("uq_people_employee_id")),
    )
    op.create_index(op.f("ix_people_email"), "people", ["email"])
    op.create_index(op.f("ix_people_name"), "people", ["name"])
    op.create_index(op.f("ix_people_team"), "people", ["team"])
    op.create_index(op.f("ix_people_territory"), "people", ["territory"])

    op.create_table(
        "field_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("ends_year", sa.Integer(), nullable=False),
        sa.Column("ends_month", sa.Integer(), nullable=False),
        *(
            sa.Column(name, sa.Integer() if name in INTEGERS else sa.Double(), nullable=True)
            for name in FIELD_RANGES
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_range("ends_month", 1, 12), name=op.f("ck_field_periods_ends_month")),
        *(
            sa.CheckConstraint(_range(name, low, high), name=op.f(f"ck_field_periods_{name}"))
            for name, (low, high) in FIELD_RANGES.items()
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_field_periods_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_periods")),
        sa.UniqueConstraint("person_id", "period", name=op.f("uq_field_periods_person_id_period")),
    )

    # Every candidate becomes a person of their own (ids in the candidates' order).
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("own_manager_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=12), nullable=False,
                      server_default="application")
        )  # fmt: skip
    connection = op.get_bind()
    candidates = connection.execute(
        sa.text(
            "SELECT id, name, email, education, sales_experience_years, languages, created_at "
            "FROM candidates ORDER BY id"
        )
    ).all()
    people = sa.table(
        "people", *(sa.column(name) for name in (
            "name", "email", "team", "territory", "current_role", "education", "independent_raters",
            "sales_experience_years", "languages", "created_at", "updated_at", "version",
        ))
    )  # fmt: skip
    for row in candidates:
        person_id = connection.execute(
            sa.insert(people)
            .values(
                name=row.name,
                email=row.email or "",
                team="",
                territory="",
                current_role="",
                independent_raters=0,
                education=row.education,
                sales_experience_years=row.sales_experience_years,
                languages=row.languages or "",
                created_at=row.created_at,
                updated_at=row.created_at,
                version=1,
            )
            .returning(sa.column("id"))
        ).scalar_one()
        connection.execute(
            sa.text("UPDATE candidates SET person_id = :person WHERE id = :id"),
            {"person": person_id, "id": row.id},
        )
    with _sqlite_foreign_keys_off():
        with op.batch_alter_table("candidates", schema=None) as batch_op:
            batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
            batch_op.alter_column(
                "purpose", existing_type=sa.String(length=12), server_default=None
            )
            batch_op.create_index(batch_op.f("ix_candidates_person_id"), ["person_id"])
            batch_op.create_foreign_key(
                batch_op.f("fk_candidates_person_id_people"), "people", ["person_id"], ["id"],
                ondelete="CASCADE",
            )  # fmt: skip
            batch_op.create_check_constraint(
                op.f("ck_candidates_purpose"), _one_of("purpose", ("application", "assessment"))
            )
            batch_op.create_foreign_key(
                batch_op.f("fk_candidates_own_manager_id_users"),
                "users",
                ["own_manager_id"],
                ["id"],
                ondelete="SET NULL",
            )
        with op.batch_alter_table("interviews", schema=None) as batch_op:
            batch_op.drop_constraint(op.f("ck_interviews_kind"), type_="check")
            batch_op.create_check_constraint(
                op.f("ck_interviews_kind"), _one_of("kind", KINDS_AFTER)
            )
    # after the batch operations, which reflect the tables they refer to: SQLite's reflection
    # skips expression indexes, with a warning
    for figure in ("kam_score", "performance"):
        op.create_index(f"ix_people_{figure}", "people", [_standing_key(figure), "id"])
        op.create_index(
            f"ix_people_manager_{figure}", "people", ["manager_id", _standing_key(figure), "id"]
        )


def downgrade():
    # first, before the batch operations reflect the tables (see the end of upgrade)
    for figure in ("kam_score", "performance"):
        op.drop_index(f"ix_people_manager_{figure}", "people")
        op.drop_index(f"ix_people_{figure}", "people")
    # What had no place before this revision goes: managers' assessments (with their
    # interviews) and the interviews of that kind.
    op.execute("DELETE FROM candidates WHERE purpose = 'assessment'")
    op.execute("DELETE FROM interviews WHERE kind = 'manager_assessment'")
    with _sqlite_foreign_keys_off():
        with op.batch_alter_table("interviews", schema=None) as batch_op:
            batch_op.drop_constraint(op.f("ck_interviews_kind"), type_="check")
            batch_op.create_check_constraint(
                op.f("ck_interviews_kind"), _one_of("kind", KINDS_BEFORE)
            )
        with op.batch_alter_table("candidates", schema=None) as batch_op:
            batch_op.drop_constraint(op.f("ck_candidates_purpose"), type_="check")
            batch_op.drop_constraint(
                batch_op.f("fk_candidates_own_manager_id_users"), type_="foreignkey"
            )
            batch_op.drop_column("own_manager_id")
            batch_op.drop_constraint(
                batch_op.f("fk_candidates_person_id_people"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f("ix_candidates_person_id"))
            batch_op.drop_column("purpose")
            batch_op.drop_column("person_id")
    op.drop_table("field_periods")
    op.drop_index(op.f("ix_people_territory"), "people")
    op.drop_index(op.f("ix_people_team"), "people")
    op.drop_index(op.f("ix_people_name"), "people")
    op.drop_index(op.f("ix_people_email"), "people")
    op.drop_table("people")
