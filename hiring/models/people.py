"""People across time: applicants and employees, their teams and their field results."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from hiring.domain.employees import ACCOUNT_KINDS, EMPLOYEE_RANGES, FIELD_RANGES
from hiring.domain.readiness import VERDICTS
from hiring.domain.rubric import EDUCATION_LEVELS
from hiring.models.base import Base, UTCDateTime, in_range, one_of, utcnow


class Person(Base):
    """Someone the organisation considers or employs. An applicant's candidacies (one per
    opening, over the years) and a representative's assessments outside any opening are all
    :class:`~hiring.models.recruiting.Candidate` rows pointing here; deleting the person
    (erasure) takes them all (``ON DELETE CASCADE``).

    An employee has an ``employee_id`` (unique), a team and a manager (a user, who sees them in
    their talent pool), and field results per period (:class:`FieldPeriod`). The ``kam_*``
    figures and ``readiness`` are those of the person's newest assessment for the KAM role,
    copied when that assessment's evaluation is stored, so the talent pool sorts and filters on
    them in SQL; ``performance`` is the newest period's sales against plan."""

    __tablename__ = "people"
    __table_args__ = (
        one_of("education", EDUCATION_LEVELS),
        one_of("readiness", VERDICTS),
        *(in_range(column, low, high) for column, (low, high) in EMPLOYEE_RANGES.items()),
        in_range("kam_fit", 0, 1),
        in_range("kam_score", 0, 1),
        in_range("kam_coverage", 0, 1),
        in_range("kam_level", 0, 3),
        in_range("independent_raters", 0),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    """As written; matched without regard to case."""
    employee_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    team: Mapped[str] = mapped_column(String(120), default="", index=True)
    territory: Mapped[str] = mapped_column(String(120), default="", index=True)
    current_role: Mapped[str] = mapped_column(String(120), default="")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    years_in_role: Mapped[float | None]
    sales_experience_years: Mapped[float | None]
    education: Mapped[str | None] = mapped_column(String(20))
    languages: Mapped[str] = mapped_column(String(120), default="")
    kam_fit: Mapped[float | None]
    kam_score: Mapped[float | None]
    kam_coverage: Mapped[float | None]
    kam_level: Mapped[int | None]
    readiness: Mapped[str | None] = mapped_column(String(30))
    independent_raters: Mapped[int] = mapped_column(default=0)
    """Raters of the newest assessment who submitted and are not the person's own manager: a
    verdict that recommends a move needs at least one (conflict of interest)."""
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    latest_period: Mapped[str | None] = mapped_column(String(7))
    performance: Mapped[float | None]
    """Sales against plan (%) in ``latest_period``: the field-results axis of the 9-box."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    periods: Mapped[list[FieldPeriod]] = relationship(
        back_populates="person",
        order_by="(FieldPeriod.ends_year, FieldPeriod.ends_month, FieldPeriod.period)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


UNRANKED: ColumnElement[float] = literal_column("-1")
"""Sorts below every score and result (all are 0 or more): people not yet assessed come last."""


def standing_key(figure: str) -> ColumnElement[float]:
    """The indexed sort expression of a talent-pool figure: its value, unknown as -1."""
    return func.coalesce(getattr(Person, figure), UNRANKED)


for _figure in ("kam_score", "performance"):
    # A manager's pool (and everyone's, for an administrator), best first, read in index order
    # and stopped after a page, however many people there are.
    Index(f"ix_people_{_figure}", standing_key(_figure).desc(), Person.id)
    Index(
        f"ix_people_manager_{_figure}", Person.manager_id, standing_key(_figure).desc(), Person.id
    )


class ApplicantActivity(Base):
    """An applicant's latest activity (a candidacy added, a decision recorded), from which
    their retention date runs (``HIRING_RETENTION_MONTHS``). A person who never applied (an
    employee, kept by their team's rules) has no row and is never purged. A table of its own,
    so recording activity never competes with an edit of the person (their version check)."""

    __tablename__ = "applicant_activity"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    """Read oldest first by ``hiring purge`` and the administrator's retention page."""


class EmploymentEnd(Base):
    """The day an employee's employment ended, recorded by their manager or an administrator,
    with who recorded it: retention at 6 and 12 months after a hire counts from it. A table of
    its own, as :class:`ApplicantActivity`: recording it never competes with an edit of the
    person (their version check), and a person who has not left has no row."""

    __tablename__ = "employment_ends"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    left_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FieldPeriod(Base):
    """A representative's field results over one period (a year, half, quarter or month).
    Importing the same period again updates it."""

    __tablename__ = "field_periods"
    __table_args__ = (
        UniqueConstraint("person_id", "period"),
        *(in_range(column, low, high) for column, (low, high) in FIELD_RANGES.items()),
        in_range("ends_month", 1, 12),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    ends_year: Mapped[int]
    ends_month: Mapped[int]
    sales_vs_plan_pct: Mapped[float | None]
    sales_growth_pct: Mapped[float | None]
    key_accounts: Mapped[int | None]
    vip_kol_known: Mapped[int | None]
    vip_kol_total: Mapped[int | None]
    tenders_won: Mapped[int | None]
    report_compliance_pct: Mapped[float | None]
    visit_compliance_pct: Mapped[float | None]
    long_term_clients: Mapped[int | None]
    repeat_transactions: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship(back_populates="periods")


class KamAccount(Base):
    """A VIP, KOL or key account a new KAM takes on. Every one starts at development level D1
    (situational leadership): the KAM and their manager set detailed goals and a plan together
    and follow it step by step; as the relationship develops the manager delegates more, until
    D3-D4. Progress is recorded per account (:class:`KamAccountProgress`); there are no visit
    quotas."""

    __tablename__ = "kam_accounts"
    __table_args__ = (one_of("kind", ACCOUNT_KINDS), in_range("level", 1, 4))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))
    level: Mapped[int] = mapped_column(default=1)
    goals: Mapped[str] = mapped_column(String(4000), default="")
    plan: Mapped[str] = mapped_column(String(4000), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    progress: Mapped[list[KamAccountProgress]] = relationship(
        order_by="KamAccountProgress.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API


class KamAccountProgress(Base):
    """A step recorded on an account: the level reached, what shows it, who recorded it."""

    __tablename__ = "kam_account_progress"
    __table_args__ = (in_range("level", 1, 4),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("kam_accounts.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int]
    note: Mapped[str] = mapped_column(String(4000))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
