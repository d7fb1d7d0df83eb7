"""history: what earlier periods published, for "what changed" and "last year".

Reads `output/<earlier period>/report-data.xlsx` by the report tables' registered names
(`pipeline.analyse.tables`), so a renamed sheet is renamed here too. It only reads; publish is
still the only code that writes to output/.

The record is input too: a folder in output/ may have been damaged, copied in or replaced.
So it is read as the workbooks in input/ are, through `pipeline.parts` (regular files only,
the caps on size and on how far a sheet reaches), and each table a comparison uses is checked
for the columns it needs, with values it can use, before it is used. A period that fails is
named in one line and left out; the run goes on.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd
from openpyxl.utils import get_column_letter

from pipeline.analyse.tables import sheet_of
from pipeline.parts import NotRegular, TooFar, TooLarge, inspect_workbook, read_regular
from pipeline.periods import Period, parse_period
from pipeline.publish import MANIFEST, REPORT_DATA

# A manifest.json bigger than this is not read (a national roll-up's is well under 1 MB).
MAX_MANIFEST_BYTES: Final = 16 << 20
# What each comparison reads of an earlier period, by table name.
COMPARED: Final = ("risks", "overdue")
LAST_YEAR: Final = ("summary",)
# Read too where last year's period has it: the assurance levels it published (§11).
LAST_YEARS_LEVELS: Final = ("assurance",)
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
    "assurance",
)


# What each comparison needs of a table an earlier period published: its columns, and what
# each column's values must be (see _KINDS). A table not listed here is only counted.
NEEDS: Final[dict[str, dict[str, str]]] = {
    "risks": {
        "Partnership ID": "name",
        "Risk no": "whole",
        "Risk": "any",
        "Residual band": "text",
        "Residual rating": "number",
    },
    "overdue": {"Partnership ID": "text", "Partnership": "text", "Check": "name", "Detail": "text"},
    "summary": {"Measure": "any", "Value": "number"},
    # Last year's figures are counted again from these when anything is exempt (public.py).
    "register": {
        "Partnership ID": "name",
        "Status": "text",
        "Significant": "text",
        "Budget contribution": "number",
        "Annual cost": "number",
    },
    "high_residual_risks": {"Partnership ID": "name", "Risk no": "whole"},
    "due_soon": {"Partnership ID": "text", "Check": "name", "Detail": "text"},
    "assurance": {"Partnership ID": "name", "Assurance": "text"},
    # What was exempt then stays exempt now (WORKBOOKS.md §8).
    "exempt_items": {"Item": "name", "Partnership ID": "text", "Risk no": "number"},
}
# The columns that tell a table's rows apart: each pair of values at most once.
KEYS: Final[dict[str, tuple[str, ...]]] = {"risks": ("Partnership ID", "Risk no")}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# kind → (what a value must be, in words; the test; whether it may be blank)
_KINDS: Final[dict[str, tuple[str, Callable[[object], bool], bool]]] = {
    "any": ("anything", lambda value: True, True),
    "text": ("text", lambda value: isinstance(value, str), True),
    "name": ("text", lambda value: isinstance(value, str), False),
    "number": ("a number", _is_number, True),
    "whole": (
        "a whole number",
        lambda value: _is_number(value) and float(value).is_integer(),  # type: ignore[arg-type]
        False,
    ),
}


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
    """The period a folder is named for, when its name is exactly a period's (2026-27-Q2:
    ASCII digits, the second year the one after the first, nothing before or after)."""
    period = parse_period(slug)
    return period if period is not None and period.slug == slug else None


def _exists(path: Path) -> bool:
    """Whether anything (a file, a pipe, a broken link) has this name."""
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _published(output_dir: Path) -> list[tuple[Period, Path]]:
    """Every period published in `output_dir` with a report-data.xlsx, newest first. One
    whose report-data.xlsx is not a regular file is listed too, to be named when read."""
    if not output_dir.is_dir():
        return []
    found = []
    for folder in output_dir.iterdir():
        period = _period(folder.name)
        if period and folder.is_dir() and _exists(folder / REPORT_DATA):
            found.append((period, folder))
    return sorted(found, key=lambda item: (item[0].year, item[0].quarter), reverse=True)


def _why_unreadable(error: Exception) -> str:
    if isinstance(error, NotRegular):
        return "it is not a regular file"
    if isinstance(error, TooLarge):
        return f"it is too large to read safely: {error}"
    if isinstance(error, TooFar):
        return f"its sheet “{error.sheet}” reaches cell {error.cell}, far outside any table"
    if isinstance(error, OSError) and error.strerror:
        return f"the disk could not read it: {error.strerror}"
    return "it is damaged, or not a workbook the pipeline wrote"


def _read_sheets(period: Period, path: Path, sheets: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Those of `sheets` that `path` holds, read through the same checks as an input workbook.
    Raises HistoryError, in the one line every use of this period gives, when it cannot be
    read safely."""
    try:
        content = read_regular(path)
        inspect_workbook(content)
        with pd.ExcelFile(io.BytesIO(content), engine="calamine") as book:
            present = [sheet for sheet in sheets if sheet in book.sheet_names]
            frames = pd.read_excel(book, sheet_name=present) if present else {}
    except Exception as error:  # any reader failure is the file's fault
        raise HistoryError(
            f"{period.label} is left out: its {path} cannot be read ({_why_unreadable(error)})."
        ) from error
    return dict(frames)


def _shown(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else f"{text[:39]}…"


def _problem(name: str, table: pd.DataFrame) -> str | None:
    """What in an earlier period's table stops a comparison using it (a column missing, a
    value of the wrong kind, a row twice), in words, or None."""
    needs = NEEDS.get(name, {})
    for column in needs:
        if column not in table.columns:
            return f"has no “{column}” column"
    for column, kind in needs.items():
        words, usable, blank_allowed = _KINDS[kind]
        letter = get_column_letter(list(table.columns).index(column) + 1)
        for row, value in enumerate(table[column].tolist(), start=2):
            if pd.isna(value):
                if not blank_allowed:
                    return f"› {letter}{row} is blank ({column})"
            elif not usable(value):
                return f"› {letter}{row}: “{_shown(value)}” is not {words} ({column})"
    key = list(KEYS.get(name, ()))
    if key:
        twice = table[table.duplicated(key, keep=False)]
        if not twice.empty:
            first = twice.iloc[0]
            rows = [n + 2 for n in twice.index[(twice[key] == first[key]).all(axis=1)][:2]]
            which = " and ".join(f"{column} {_shown(first[column])}" for column in key)
            return f"has {which} twice (rows {rows[0]} and {rows[1]})"
    return None


def _usable(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """A checked table with its whole-number columns as whole numbers."""
    whole = [column for column, kind in NEEDS.get(name, {}).items() if kind == "whole"]
    return table.astype(dict.fromkeys(whole, "int64")) if whole else table


def read_published(
    folder: Path, period: Period, names: Sequence[str], optional: Sequence[str] = EXEMPT
) -> Published:
    """The tables `names` as `folder`'s report-data.xlsx published them, and those of
    `optional` that it has, each checked for what the comparisons need of it (NEEDS, KEYS).
    Raises HistoryError naming the period, the file and the sheet when the file cannot be
    read safely, or a table of `names` is missing, or any table read is unusable."""
    path = folder / REPORT_DATA
    sheets = {name: sheet_of(name) for name in (*names, *optional)}
    frames = _read_sheets(period, path, list(sheets.values()))
    read = {}
    for name, sheet in sheets.items():
        if sheet not in frames:
            if name in optional:
                continue
            raise HistoryError(
                f"{period.label} is not compared with: its {path} has no “{sheet}” sheet."
            )
        if (problem := _problem(name, frames[sheet])) is not None:
            raise HistoryError(
                f"{period.label} is not compared with: its {path} › {sheet} {problem}."
            )
        read[name] = _usable(name, frames[sheet])
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
            optional = (*EXEMPT, *RECOUNTED, *LAST_YEARS_LEVELS)
            return read_published(folder, earlier, LAST_YEAR, optional)
    return None


def _as_of(folder: Path) -> date | None:
    """The as-of date in a period's manifest.json; None if it has none that can be read
    safely (not a regular file, over MAX_MANIFEST_BYTES, nested too deep, not JSON)."""
    try:
        text = read_regular(folder / MANIFEST, limit=MAX_MANIFEST_BYTES).decode("utf-8")
        manifest = json.loads(text)
        return date.fromisoformat(str(manifest["as_of"]))
    except (OSError, ValueError, KeyError, TypeError, RecursionError, NotRegular, TooLarge):
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
        sheets = {name: sheet_of(name) for name in (*TRENDED, *EXEMPT)}
        try:
            frames = _read_sheets(earlier, folder / REPORT_DATA, list(sheets.values()))
        except HistoryError as error:
            unread.append(str(error))
            continue
        tables = {name: frames[sheet] for name, sheet in sheets.items() if sheet in frames}
        found.append(Published(earlier, tables, _as_of(folder)))
    return found, unread
