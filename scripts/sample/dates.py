"""The sample's dates: the day input/ stands on, the earlier quarters, and how a date
recorded later reads on an earlier day. Months and financial quarters are the pipeline's own
(pipeline/periods.py).

The input/ sample is the partnerships team's workbooks on SAMPLE_DAY. The same tables give
them as they stood at the end of an earlier quarter (`--earlier-quarters`): nothing recorded
after that day. A review, health check or performance report done later was preceded by one a
cycle earlier; an action completed later was open; meetings held later are not in the log yet
(planned ones are); a consultation issued later was planned; a survey is there once its
responses are in; each risk is as rated at its assessment on or before the day (see
`RiskPlan` in risks.py).
"""

from __future__ import annotations

from datetime import date

from pipeline.periods import Period, add_months, financial_quarter


def d(text: str) -> date:
    """A date from `yyyy-mm-dd` (keeps the sample's tables short)."""
    return date.fromisoformat(text)


#: The last day anything is recorded in input/ (the tests' first as-of date).
SAMPLE_DAY = d("2026-11-23")
SAMPLE_QUARTER = financial_quarter(SAMPLE_DAY)  # 2026/27 Q3
#: The earlier quarters `--earlier-quarters DIR` writes, those of SAMPLE_DAY's financial year
#: before its own (2026/27 Q1 and Q2), by the folder name (`2026-27-Q1`): their last days.
EARLIER_QUARTERS = {
    quarter.slug: quarter.end
    for quarter in (Period(SAMPLE_QUARTER.year, n) for n in range(1, SAMPLE_QUARTER.quarter))
}


def recorded_by(day: date | None, months: int, end: date) -> date | None:
    """The latest of `day`, `day` − `months`, `day` − 2 × `months` … on or before `end`."""
    while day is not None and day > end:
        day = add_months(day, -months)
    return day
