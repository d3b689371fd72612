"""Input models of a sales team: who a representative is, and their field data per period.

A representative's record (:class:`EmployeeRecord`) and one period's field results
(:class:`FieldRecord`) are checked here whichever way they arrive (the team CSV, the web import,
a later API), as :class:`hiring.domain.records.CandidateRecord` checks a candidate. The bounds are
the database's CHECK constraints too.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from hiring.domain.records import EducationLevel, EmailAddress, LanguageCodes

EMPLOYEE_RANGES: dict[str, tuple[float, float]] = {
    "years_in_role": (0, 70),
    "sales_experience_years": (0, 70),
}
"""Inclusive bounds of a representative's numeric facts."""

FIELD_RANGES: dict[str, tuple[float, float]] = {
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
"""Inclusive bounds of one period's field data."""


FIELD_EVIDENCE: dict[str, tuple[str, ...]] = {
    "vip_kol_knowledge": ("vip_kol_known", "vip_kol_total"),
    "relationship_building": ("long_term_clients", "repeat_transactions", "vip_kol_known"),
    "client_orientation": ("repeat_transactions", "long_term_clients"),
    "negotiation": ("tenders_won",),
    "lobbying": ("tenders_won",),
    "account_planning": ("key_accounts",),
    "result_orientation": ("sales_vs_plan_pct", "sales_growth_pct"),
}
"""The field figures that are evidence for a competency, shown beside it where a manager rates
and reads it. Report and visit compliance are evidence for none: routine process is not a KAM
competency (the source's representative with poor reports and excellent results)."""

PROCESS_FIGURES = ("report_compliance_pct", "visit_compliance_pct")

PERIOD = re.compile(r"^([0-9]{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$")
"""A year (``2026``), a half (``2026-H1``), a quarter (``2026-Q3``) or a month (``2026-07``), in
ASCII digits: ``\\d`` also takes other scripts' digits, so "٢٠٢٦" would be a period apart
from "2026" and slip past the duplicate check."""


def period_end(period: str) -> tuple[int, int]:
    """The (year, month) a period ends in, to order periods of different lengths: ``2026-Q3``
    ends in (2026, 9), ``2026`` in (2026, 12). Raises ValueError for anything else."""
    match = PERIOD.match(period)
    if match is None:
        raise ValueError("a year, half, quarter or month: 2026, 2026-H1, 2026-Q3 or 2026-07")
    year, month, quarter, half = match.groups()
    if month:
        return int(year), int(month)
    if quarter:
        return int(year), 3 * int(quarter)
    if half:
        return int(year), 6 * int(half)
    return int(year), 12


def period_start(period: str) -> tuple[int, int]:
    """The (year, month) a period begins in: ``2026-Q3`` begins in (2026, 7), ``2026`` in
    (2026, 1). Raises ValueError for anything else."""
    year, last = period_end(period)
    match = PERIOD.match(period)
    assert match is not None
    _, month, quarter, half = match.groups()
    if month:
        return year, last
    if quarter:
        return year, last - 2
    if half:
        return year, last - 5
    return year, 1


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class EmployeeRecord(BaseModel):
    """A representative as they may be stored. Text is stripped; an empty optional value is
    "unknown" (``None``), never zero."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    employee_id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    email: EmailAddress = ""
    team: str = Field("", max_length=120)
    territory: str = Field("", max_length=120)
    role: str = Field("", max_length=120)
    years_in_role: float | None = Field(None, ge=0, le=70)
    sales_experience_years: float | None = Field(None, ge=0, le=70)
    education: EducationLevel = None
    languages: LanguageCodes = ()

    @field_validator("years_in_role", "sales_experience_years", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @field_validator("team", "territory", "role", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value


class FieldRecord(BaseModel):
    """One period's field results of a representative. Every figure may be unknown."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    period: str
    sales_vs_plan_pct: float | None = Field(None, ge=0, le=1_000)
    sales_growth_pct: float | None = Field(None, ge=-100, le=10_000)
    key_accounts: int | None = Field(None, ge=0, le=10_000)
    vip_kol_known: int | None = Field(None, ge=0, le=100_000)
    vip_kol_total: int | None = Field(None, ge=0, le=100_000)
    tenders_won: int | None = Field(None, ge=0, le=10_000)
    report_compliance_pct: float | None = Field(None, ge=0, le=100)
    visit_compliance_pct: float | None = Field(None, ge=0, le=100)
    long_term_clients: int | None = Field(None, ge=0, le=100_000)
    repeat_transactions: int | None = Field(None, ge=0, le=10_000_000)

    @field_validator(*FIELD_RANGES, mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        period_end(value.upper())
        return value.upper()

    @field_validator("vip_kol_total")
    @classmethod
    def _total_covers_known(cls, value: int | None, info: ValidationInfo) -> int | None:
        known = info.data.get("vip_kol_known")
        if value is not None and known is not None and known > value:
            raise ValueError(f"fewer than vip_kol_known ({known})")
        return value

    @property
    def ends(self) -> tuple[int, int]:
        return period_end(self.period)

    @property
    def vip_kol_share(self) -> float | None:
        """The share of the territory's VIPs and KOLs the representative knows."""
        if self.vip_kol_known is None or not self.vip_kol_total:
            return None
        return self.vip_kol_known / self.vip_kol_total


ACCOUNT_KINDS: tuple[str, ...] = ("vip", "kol", "key_account")


class AccountRecord(BaseModel):
    """A VIP, KOL or key account a new KAM takes on, with the goals and plan agreed for it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: str = Field(min_length=1, max_length=200)
    kind: str
    goals: str = Field("", max_length=4000)
    plan: str = Field("", max_length=4000)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in ACCOUNT_KINDS:
            raise ValueError(f"one of {', '.join(ACCOUNT_KINDS)}")
        return value


class ProgressRecord(BaseModel):
    """A step on an account: the level reached and what shows it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    level: int = Field(ge=1, le=4)
    note: str = Field(min_length=1, max_length=4000)
