"""The sample's dates: the day input/ stands on, the earlier quarters, and how a date
recorded later reads on an earlier day."""

from __future__ import annotations

import calendar
from datetime import date


def d(text: str) -> date:
    """A date from `yyyy-mm-dd` (keeps the tables below short)."""
    return date.fromisoformat(text)


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


#: The last day anything is recorded in input/ (the tests' first as-of date).
SAMPLE_DAY = d("2026-11-23")
#: The earlier quarters `--earlier-quarters DIR` writes, by the folder name: their last days.
EARLIER_QUARTERS = {"2026-27-Q1": d("2026-06-30"), "2026-27-Q2": d("2026-09-30")}


def recorded_by(day: date | None, months: int, end: date) -> date | None:
    """The latest of `day`, `day` − `months`, `day` − 2 × `months` … on or before `end`."""
    while day is not None and day > end:
        day = add_months(day, -months)
    return day
