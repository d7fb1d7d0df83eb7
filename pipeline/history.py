"""history: what earlier periods published, for "what changed" and "last year".

Reads `output/<earlier period>/report-data.xlsx` by the report tables' registered names
(`pipeline.analyse.tables`), so a renamed sheet is renamed here too. It only reads; publish is
still the only code that writes to output/.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd
from python_calamine import CalamineError

from pipeline.analyse.tables import sheet_of
from pipeline.periods import Period
from pipeline.publish import MANIFEST, REPORT_DATA

# What reading a damaged or foreign report-data.xlsx raises: calamine's own error is no
# OSError or ValueError.
UNREADABLE: Final = (OSError, ValueError, CalamineError, zipfile.BadZipFile)
_SLUG = re.compile(r"^(\d{4})-(\d{2})-Q([1-4])$")
# What each comparison reads of an earlier period, by table name.
COMPARED: Final = ("risks", "overdue")
LAST_YEAR: Final = ("summary",)
# Read too where the period has it: what it listed as exempt (exemption follows the record,
# WORKBOOKS.md §8), and for last year the rows its Summary counted, so that the public
# edition can count them again without the exempt ones.
EXEMPT: Final = ("exempt_items",)
RECOUNTED: Final = ("register", "risks", "high_residual_risks", "overdue", "due_soon")
# What the Trend sheet reads of each earlier period: the tables it counts. A period published
# before a table existed simply lacks it (its figure is blank in the Trend).
TRENDED: Final = (
    "register",
    "risks",
    "high_residual_risks",
    "outside_appetite",
    "overdue",
    "due_soon",
)


@dataclass(frozen=True)
class Published:
    """Tables an earlier period published, by table name (`tables["risks"]`), and the as-of
    date its manifest.json gives (None when it gives none)."""

    period: Period
    tables: dict[str, pd.DataFrame]
    as_of: date | None = None


class HistoryError(Exception):
    """An earlier period's report-data.xlsx cannot be read, or lacks a table that a
    comparison needs: said, never passed over in silence."""


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


def read_published(
    folder: Path, period: Period, names: Sequence[str], optional: Sequence[str] = EXEMPT
) -> Published:
    """The tables `names` as `folder`'s report-data.xlsx published them, and those of
    `optional` that it has. Raises HistoryError naming the file and the sheet when one of
    `names` is missing or the file cannot be read."""
    path = folder / REPORT_DATA
    sheets = {name: sheet_of(name) for name in names}
    try:
        with pd.ExcelFile(path, engine="calamine") as book:
            missing = [sheet for sheet in sheets.values() if sheet not in book.sheet_names]
            if missing:
                raise HistoryError(
                    f"{period.label} is not compared with: its {path} has no “{missing[0]}” sheet."
                )
            sheets |= {
                name: sheet_of(name) for name in optional if sheet_of(name) in book.sheet_names
            }
            frames = pd.read_excel(book, sheet_name=list(sheets.values()))
            read = {name: frames[sheet] for name, sheet in sheets.items()}
    except UNREADABLE as error:
        raise HistoryError(
            f"{period.label} is not compared with: its {path} cannot be read."
        ) from error
    return Published(period, read)


def previous_report_data(output_dir: Path, *, before: Period) -> Published | None:
    """The tables the newest period published in `output_dir` before `before` holds for the
    comparison (COMPARED), or None when nothing was published before it. Raises
    HistoryError when that period's report-data.xlsx cannot be read or lacks one."""
    for period, folder in _published(output_dir):
        if (period.year, period.quarter) < (before.year, before.quarter):
            return read_published(folder, period, COMPARED)
    return None


def last_years_summary(output_dir: Path, *, period: Period) -> Published | None:
    """The key figures (LAST_YEAR) of the newest period published in the previous financial
    year, for "since last year"; None when there is none. Raises HistoryError as above."""
    for earlier, folder in _published(output_dir):
        if earlier.year == period.year - 1:
            return read_published(folder, earlier, LAST_YEAR, (*EXEMPT, *RECOUNTED))
    return None


def _as_of(folder: Path) -> date | None:
    """The as-of date in a period's manifest.json; None if it has none that can be read."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return date.fromisoformat(str(manifest["as_of"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def trend_history(output_dir: Path, *, period: Period) -> tuple[list[Published], list[str]]:
    """Every period published in `output_dir` in `period`'s financial year or the one before
    and before `period` (this run replaces its own), oldest first, with the TRENDED tables
    each has, and a line for each one that cannot be read (left out of the Trend)."""
    found, unread = [], []
    for earlier, folder in reversed(_published(output_dir)):
        if earlier.year not in (period.year - 1, period.year):
            continue
        if (earlier.year, earlier.quarter) >= (period.year, period.quarter):
            continue
        path = folder / REPORT_DATA
        try:
            with pd.ExcelFile(path, engine="calamine") as book:
                sheets = {
                    name: sheet_of(name)
                    for name in (*TRENDED, *EXEMPT)
                    if sheet_of(name) in book.sheet_names
                }
                frames = pd.read_excel(book, sheet_name=list(sheets.values())) if sheets else {}
        except UNREADABLE:
            unread.append(f"{earlier.label} is left out of the trend: its {path} cannot be read.")
            continue
        tables = {name: frames[sheet] for name, sheet in sheets.items()}
        found.append(Published(earlier, tables, _as_of(folder)))
    return found, unread
