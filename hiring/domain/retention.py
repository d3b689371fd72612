"""How long applicant data are kept: a number of months after the last recorded activity."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has fewer days."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def retention_until(activity: Iterable[datetime], months: int) -> date:
    """The day until which a person's data are kept: ``months`` after the latest of their
    recorded activities (when they were added, each decision about them). At least one
    activity is required."""
    return add_months(max(activity).date(), months)
