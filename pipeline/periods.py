"""Time, as local government counts it: financial years from 1 April, quarters, months.

Field definitions for time live here and nowhere else.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Final


@functools.cache
def uk_date(day: date) -> str:
    """A date in words, as the reports and the terminal print it: `3 March 2026`."""
    return f"{day.day} {day:%B %Y}"


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


def is_to_date(period: Period, as_of: date) -> bool:
    """Whether the reports label the period "to date": a quarter still running at the as-of
    date, reported up to it (WORKBOOKS.md §5)."""
    return as_of < period.end


def reported_end(period: Period, as_of: date) -> date:
    """The last day the reports cover of the period: its end, or the as-of date while the
    quarter is still running (is_to_date)."""
    return min(period.end, as_of)


def financial_quarter(day: date) -> Period:
    """The financial-year quarter holding `day`: 23 November 2026 is in 2026/27 Q3."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return Period(year, quarter)


def parse_period(text: str) -> Period | None:
    """`2026-27-Q2` as the Period it names; None if it is not written that way (the second
    year must follow the first)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-Q([1-4])", text.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        return None
    return Period(int(match.group(1)), int(match.group(3)))


def reporting_period(as_of: date, named: Period | None) -> Period:
    """The quarter a run reports on: the as-of date's own, or one named that ended no more
    than three months before the as-of date (WORKBOOKS.md §5). Raises ValueError saying which
    quarters may be named."""
    own = financial_quarter(as_of)
    if named is None or named == own:
        return own
    if named.end < as_of <= add_months(named.end, 3):
        return named
    earlier = financial_quarter(add_months(own.start, -1))
    allowed = own.slug if add_months(earlier.end, 3) < as_of else f"{earlier.slug} or {own.slug}"
    raise ValueError(
        f"--period {named.slug} cannot be reported as at {uk_date(as_of)}: name the "
        f"quarter of that date, or one that ended no more than three months before it "
        f"({allowed})."
    )


# The reporting dates a run accepts: every date the reports work out from one (a due-soon
# horizon two years on, a ten-year cycle back) stays a date Python can hold.
EARLIEST_AS_OF: Final = date(2000, 1, 1)
LATEST_AS_OF: Final = date(2099, 12, 31)


def check_as_of(as_of: date) -> None:
    """Raises ValueError, giving the range, for a reporting date outside it."""
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise ValueError(
            f"The reporting date {as_of.isoformat()} is outside the dates reports can be made "
            f"for: give --as-of from {EARLIEST_AS_OF.isoformat()} to "
            f"{LATEST_AS_OF.isoformat()}."
        )
