"""Input models: what a record must look like, whichever way it arrives.

The web form, the command line, a CSV import and an API all hand their values to the same
model, so data that bypasses a form cannot store a value that would later break a result page
(an education level the engine does not know, a negative number of years, a language "english").
The forms take their limits from here, and the database holds the same bounds as CHECK
constraints.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from hiring.domain.rubric import EDUCATION_LEVELS
from hiring.domain.search_text import search_text

SOURCES: tuple[str, ...] = ("external", "internal")
"""An external applicant, or one of the organisation's own representatives."""

CANDIDATE_RANGES: dict[str, tuple[float, float]] = {
    "sales_experience_years": (0, 70),
    "kam_experience_years": (0, 70),
    "long_term_clients": (0, 100_000),
    "repeat_transactions": (0, 10_000_000),
    "sales_growth_pct": (-100, 10_000),
}
"""Inclusive bounds of the candidate's numeric facts."""

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
PHONE = re.compile(r"^[0-9+()\-. ]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_OPTIONAL = (
    "opening_id",
    *CANDIDATE_RANGES,
)


WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")


def whole_number(text: object) -> int | None:
    """A non-negative whole number of at most nine ASCII digits from request text, else None:
    ``str.isdigit`` also accepts "²" and digits of any length, on which ``int`` fails or the
    database overflows."""
    raw = str(text if text is not None else "").strip()
    return int(raw) if WHOLE_NUMBER.match(raw) else None


def _email_address(value: str) -> str:
    if value and not EMAIL.match(value):
        raise ValueError("not an email address")
    return value


def _education_level(value: str | None) -> str | None:
    if value is not None and value not in EDUCATION_LEVELS:
        raise ValueError(f"one of {', '.join(EDUCATION_LEVELS)}")
    return value


def _language_codes(value: Any) -> tuple[str, ...]:
    """``"fi, en"``, ``"fi en"`` or a list: lower-case codes, each once, in order, stored as
    ``fi,en`` in at most 120 characters."""
    if value is None:
        return ()
    parts = value if isinstance(value, list | tuple) else re.split(r"[\s,]+", str(value))
    codes = [str(code).strip().lower() for code in parts if str(code).strip()]
    bad = [code for code in codes if not LANGUAGE_CODE.match(code)]
    if bad:
        raise ValueError(f"two- or three-letter codes, not {', '.join(bad)}")
    unique = tuple(dict.fromkeys(codes))
    if len(",".join(unique)) > 120:
        raise ValueError("at most 120 characters")
    return unique


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


EmailAddress = Annotated[
    str,
    BeforeValidator(lambda value: "" if value is None else value),
    Field(max_length=254),
    AfterValidator(_email_address),
]
"""An e-mail address, or empty (unknown)."""
EducationLevel = Annotated[
    str | None, BeforeValidator(_blank_is_none), AfterValidator(_education_level)
]
"""One of :data:`EDUCATION_LEVELS`, or None (unknown)."""
LanguageCodes = Annotated[tuple[str, ...], BeforeValidator(_language_codes)]
"""Two- or three-letter language codes, each once."""


def _within(name: str) -> Any:
    low, high = CANDIDATE_RANGES[name]
    return Field(None, ge=low, le=high)


class CandidateRecord(BaseModel):
    """A candidate's details and facts as they may be stored. Text is stripped; an empty
    value of an optional field is "unknown" (``None``), never zero."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    opening_id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    email: EmailAddress = ""
    phone: str = Field("", max_length=40)
    education: EducationLevel = None
    sales_experience_years: float | None = _within("sales_experience_years")
    kam_experience_years: float | None = _within("kam_experience_years")
    languages: LanguageCodes = ()
    long_term_clients: int | None = _within("long_term_clients")
    repeat_transactions: int | None = _within("repeat_transactions")
    sales_growth_pct: float | None = _within("sales_growth_pct")
    source: str = "external"
    notes: str = Field("", max_length=10_000)

    @field_validator(*_OPTIONAL, mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @field_validator("phone", "notes", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not PHONE.match(value):
            raise ValueError("digits, spaces and + ( ) - . only")
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if value not in SOURCES:
            raise ValueError(f"one of {', '.join(SOURCES)}")
        return value

    def columns(self) -> dict[str, Any]:
        """The values as the candidate's columns (languages as ``fi,en``)."""
        values = self.model_dump()
        values["languages"] = ",".join(self.languages)
        return values

    def search_text(self) -> str:
        """Name, e-mail and notes folded for search (the candidate's ``search_text``)."""
        return search_text(self.name, self.email, self.notes)

    def row(self) -> dict[str, Any]:
        """Every column the services store for a candidate: :meth:`columns` and the folded
        search text (:meth:`columns` alone is the shape before migration 0014)."""
        return {**self.columns(), "search_text": self.search_text()}
