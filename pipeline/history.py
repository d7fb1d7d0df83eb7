"""history: the last published quarter's tables, for "what changed since the last quarter".

Reads `output/<earlier period>/report-data.xlsx`, the newest published before this period.
It only reads; publish is still the only code that writes to output/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd

from pipeline.periods import Period

REPORT_DATA: Final = "report-data.xlsx"
_SLUG = re.compile(r"^(\d{4})-(\d{2})-Q([1-4])$")


@dataclass(frozen=True)
class Previous:
    """The tables of an earlier published period that the comparison needs."""

    period: Period
    risks: pd.DataFrame
    overdue: pd.DataFrame


def _period(slug: str) -> Period | None:
    match = _SLUG.match(slug)
    if not match:
        return None
    return Period(int(match.group(1)), int(match.group(3)))


def _published(output_dir: Path) -> list[tuple[Period, Path]]:
    """Every period published in `output_dir` with a report-data.xlsx, newest first."""
    if not output_dir.is_dir():
        return []
    found = []
    for folder in output_dir.iterdir():
        period = _period(folder.name)
        if period and (folder / REPORT_DATA).is_file():
            found.append((period, folder))
    return sorted(found, key=lambda item: (item[0].year, item[0].quarter), reverse=True)


def last_years_summary(output_dir: Path, *, period: Period) -> tuple[Period, pd.DataFrame] | None:
    """The key figures of the newest period published in the previous financial year (its
    Summary sheet), for "since last year" in the annual report; None when there is none."""
    for earlier, folder in _published(output_dir):
        if earlier.year == period.year - 1:
            try:
                summary = pd.read_excel(
                    folder / REPORT_DATA, sheet_name="Summary", engine="calamine"
                )
            except (OSError, ValueError, KeyError):
                return None
            return earlier, summary
    return None


def previous_report_data(output_dir: Path, *, before: Period) -> Previous | None:
    """The newest period published in `output_dir` before `before`, or None if there is none
    (or its report-data.xlsx cannot be read, in which case there is nothing to compare)."""
    for period, folder in _published(output_dir):
        if (period.year, period.quarter) >= (before.year, before.quarter):
            continue
        try:
            sheets = pd.read_excel(
                folder / REPORT_DATA, sheet_name=["Risks", "Overdue"], engine="calamine"
            )
        except (OSError, ValueError, KeyError):
            continue
        return Previous(period, sheets["Risks"], sheets["Overdue"])
    return None
