"""Time, as local government counts it: financial years from 1 April, quarters, months.

Field definitions for time live here and nowhere else.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def add_months(start: date, months: int) -> date:
    """`months` calendar months after `start`, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Period:
    """A quarter of a financial year (1 April to 31 March)."""

    year: int  # the calendar year the financial year starts in: 2026 for 2026/27
    quarter: int  # 1 = Apr–Jun … 4 = Jan–Mar

    @property
    def label(self) -> str:
        """`2026/27 Q3`, as written in the reports."""
        return f"{self.financial_year} Q{self.quarter}"

    @property
    def slug(self) -> str:
        """`2026-27-Q3`, the name of the output folder."""
        return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.quarter}"

    @property
    def financial_year(self) -> str:
        """`2026/27`."""
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def year_start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def start(self) -> date:
        return add_months(self.year_start, 3 * (self.quarter - 1))

    @property
    def end(self) -> date:
        return date.fromordinal(add_months(self.start, 3).toordinal() - 1)


def financial_quarter(day: date) -> Period:
    """The financial-year quarter holding `day`: 23 November 2026 is in 2026/27 Q3."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return Period(year, quarter)
