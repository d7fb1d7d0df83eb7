"""periods: calendar months and the 1 April to 31 March financial year (WORKBOOKS.md §5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.periods import Period, add_months, financial_quarter


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 6, 1), 12, date(2027, 6, 1)),  # expected: a yearly cycle
        (date(2026, 3, 15), 1, date(2026, 4, 15)),  # expected: the same day next month
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # edge: 31 Aug + 6 = 28 Feb
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # edge: 29 Feb in a leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # edge: 31 Jan + 1 = 28 Feb
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # edge: 29 Feb in a leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),  # edge: a 30-day month
        (date(2026, 1, 30), 1, date(2026, 2, 28)),  # edge: the 30th clamped too
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # edge: a leap day a year on
        (date(2028, 2, 29), 48, date(2032, 2, 29)),  # edge: a leap day four years on
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # edge: year rollover
        (date(2026, 12, 31), 1, date(2027, 1, 31)),  # edge: December to January
        (date(2026, 10, 31), 14, date(2027, 12, 31)),  # edge: more than a year
        (date(2026, 4, 1), 24, date(2028, 4, 1)),  # expected: a two-year health check
        (date(2026, 5, 17), 0, date(2026, 5, 17)),  # edge: no months
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # edge: back a month, clamped
        (date(2026, 1, 15), -1, date(2025, 12, 15)),  # edge: back over the year end
        (date(2026, 3, 15), -15, date(2024, 12, 15)),  # edge: back more than a year
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # edge: back to a leap day
    ],
    ids=repr,
)
def test_add_months_counts_calendar_months_clamped_to_month_end(start, months, expected):
    """It adds calendar months, keeping the day unless the month is shorter."""
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "label", "slug"),
    [
        (date(2026, 11, 23), "2026/27 Q3", "2026-27-Q3"),  # expected: WORKBOOKS.md's example
        (date(2026, 12, 31), "2026/27 Q3", "2026-27-Q3"),  # expected: the tests' as-of date
        (date(2026, 4, 1), "2026/27 Q1", "2026-27-Q1"),  # edge: first day of the year
        (date(2026, 3, 31), "2025/26 Q4", "2025-26-Q4"),  # edge: last day of the year before
        (date(2026, 6, 30), "2026/27 Q1", "2026-27-Q1"),  # edge: last day of Q1
        (date(2026, 7, 1), "2026/27 Q2", "2026-27-Q2"),  # edge: first day of Q2
        (date(2026, 9, 30), "2026/27 Q2", "2026-27-Q2"),  # edge: last day of Q2
        (date(2026, 10, 1), "2026/27 Q3", "2026-27-Q3"),  # edge: first day of Q3
        (date(2027, 1, 1), "2026/27 Q4", "2026-27-Q4"),  # edge: January is the year before's
        (date(2027, 2, 14), "2026/27 Q4", "2026-27-Q4"),  # expected
        (date(2027, 3, 31), "2026/27 Q4", "2026-27-Q4"),  # edge: last day of the year
        (date(2028, 2, 29), "2027/28 Q4", "2027-28-Q4"),  # edge: a leap day
        (date(1999, 4, 1), "1999/00 Q1", "1999-00-Q1"),  # edge: the century turns
        (date(2009, 5, 1), "2009/10 Q1", "2009-10-Q1"),  # edge: two-digit end year
    ],
)
def test_financial_quarter_labels_the_quarter_holding_a_day(day, label, slug):
    """It places a day in its 1 April to 31 March year and quarter, labelled and slugged."""
    period = financial_quarter(day)
    assert (period.label, period.slug) == (label, slug)


def test_financial_quarter_names_its_financial_year():
    """It gives the financial year as 2026/27."""
    assert financial_quarter(date(2026, 11, 23)).financial_year == "2026/27"


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2026, 4, 1), date(2026, 6, 30)),  # expected: April to June
        (2, date(2026, 7, 1), date(2026, 9, 30)),  # expected: July to September
        (3, date(2026, 10, 1), date(2026, 12, 31)),  # expected: October to December
        (4, date(2027, 1, 1), date(2027, 3, 31)),  # edge: January to March, next calendar year
    ],
)
def test_period_start_and_end_are_the_quarters_first_and_last_days(quarter, start, end):
    """It starts a quarter on the first of its first month and ends it on its last day."""
    period = Period(2026, quarter)
    assert (period.start, period.end) == (start, end)


def test_period_end_of_a_leap_year_q4_is_31_march():
    """It ends Q4 on 31 March even when February has 29 days."""
    assert Period(2027, 4).end == date(2028, 3, 31)


def test_every_day_lies_within_its_quarter():
    """It puts every day of three years between the start and end of its own quarter."""
    first = date(2026, 1, 1)
    days = [first + timedelta(days=n) for n in range(3 * 366)]
    assert [
        d for d in days if not financial_quarter(d).start <= d <= financial_quarter(d).end
    ] == []


# --period (WORKBOOKS.md §5) -----------------------------------------------------------------


def test_a_period_is_written_year_year_quarter() -> None:
    from pipeline.periods import Period, parse_period

    assert parse_period("2026-27-Q2") == Period(2026, 2)
    assert parse_period(" 2099-00-Q4 ") == Period(2099, 4)
    for wrong in ("2026-28-Q2", "2026/27 Q2", "2026-27-Q5", "Q2"):
        assert parse_period(wrong) is None, wrong


def test_the_reporting_quarter_is_the_as_of_dates_or_one_just_ended() -> None:
    """Q2 ended 30 September 2026: it may be named up to 30 December 2026 (three calendar
    months on), not after; a quarter not yet begun, or two back, may not be named."""
    from datetime import date

    import pytest

    from pipeline.periods import Period, reporting_period

    q2, q3 = Period(2026, 2), Period(2026, 3)
    assert reporting_period(date(2026, 12, 1), None) == q3
    assert reporting_period(date(2026, 12, 1), q2) == q2
    assert reporting_period(date(2026, 12, 30), q2) == q2  # 30 September + 3 months
    with pytest.raises(ValueError, match=r"\(2026-27-Q3\)"):
        reporting_period(date(2026, 12, 31), q2)
    with pytest.raises(ValueError, match="2026-27-Q2 or 2026-27-Q3"):
        reporting_period(date(2026, 12, 1), Period(2026, 1))
    with pytest.raises(ValueError, match="cannot be reported as at 1 December 2026"):
        reporting_period(date(2026, 12, 1), Period(2026, 4))
