"""The declarative base and the column types every model shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def one_of(column: str, values: Iterable[str]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of the code ``values``, named ``ck_<table>_<column>``.

    Built from the same tuple the application validates against, so the two cannot drift.
    SQL lets a CHECK pass when its condition is unknown, so a nullable column still accepts
    NULL; NOT NULL is the column's own business."""
    codes = tuple(values)
    if not codes or not all(_CODE.match(code) for code in codes):
        raise ValueError(f"codes must be lower-case identifiers: {codes!r}")
    listed = ", ".join(f"'{code}'" for code in codes)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


def in_range(column: str, low: float, high: float | None = None) -> CheckConstraint:
    """A CHECK that ``column`` lies between ``low`` and ``high`` inclusive (no upper bound when
    ``high`` is None), named ``ck_<table>_<column>``. NULL passes, as with :func:`one_of`."""
    condition = f"{column} >= {low!r}"
    if high is not None:
        condition += f" AND {column} <= {high!r}"
    return CheckConstraint(condition, name=column)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database: SQLite keeps no zone, so values are
    normalised to UTC on the way in and marked UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC values")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
