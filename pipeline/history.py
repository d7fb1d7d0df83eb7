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


def previous_report_data(output_dir: Path, *, before: Period) -> Previous | None:
    """The newest period published in `output_dir` before `before`, or None if there is none
    (or its report-data.xlsx cannot be read, in which case there is nothing to compare)."""
    if not output_dir.is_dir():
        return None
    earlier = []
    for folder in output_dir.iterdir():
        period = _period(folder.name)
        is_earlier = period and (period.year, period.quarter) < (before.year, before.quarter)
        if is_earlier and (folder / REPORT_DATA).is_file():
            earlier.append((period.year, period.quarter, folder, period))
    for _, _, folder, period in sorted(earlier, reverse=True):
        try:
            sheets = pd.read_excel(
                folder / REPORT_DATA, sheet_name=["Risks", "Overdue"], engine="openpyxl"
            )
        except (OSError, ValueError, KeyError):
            continue
        return Previous(period, sheets["Risks"], sheets["Overdue"])
    return None
