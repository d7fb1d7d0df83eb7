"""Findings: every problem with the inputs, as data (never as exceptions).

A finding names its place the way Excel does (`risks.xlsx › Risks › F12`), quotes the value,
says what is wrong and how to fix it. The terminal, the `Data quality` sheet and the tests
all read these same records. Every text a message quotes, and every place it names, shows the
characters that cannot be seen as markers (`⟨U+200B zero width space⟩`, pipeline/characters.py):
a quoted `P-003` is always just those five characters, and a terminal never obeys an escape
code typed in a cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from pipeline.characters import visible
from schemas import sheet_for_name
from schemas.rules import RULES, Severity

__all__ = [
    "Finding",
    "Line",
    "Severity",
    "cell_name",
    "cell_ref",
    "cell_sort_key",
    "finding",
    "findings_table",
    "has_errors",
    "lines",
]

DATA_QUALITY_COLUMNS: Final = ("File", "Sheet", "Cell", "Column", "Severity", "Message", "Rule")
# The most characters of a typed value a message quotes: a longer one is quoted as its start,
# followed by "…", so a 1 MB cell gives a message of one line.
QUOTED_LIMIT: Final = 100


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    rule: str  # stable code from schemas/rules.py, e.g. "date.not_a_date"
    file: str  # "" for run-level findings
    sheet: str = ""
    cell: str = ""  # "F12"; "" for sheet- or file-level findings
    column: str = ""  # the heading as the officer sees it
    message: str = ""  # plain English: the value, what is wrong, how to fix it

    @property
    def where(self) -> str:
        """`risks.xlsx › Risks › F12`, any hidden character in a name shown as its marker."""
        return visible(" › ".join(part for part in (self.file, self.sheet, self.cell) if part))

    @property
    def row(self) -> int | None:
        """The Excel row the finding is on (12 for `F12`); None for sheet- or file-level
        findings."""
        return row_of(self.cell)


def finding(
    rule: str,
    *,
    file: str = "",
    sheet: str = "",
    cell: str = "",
    column: str = "",
    **values: Any,
) -> Finding:
    """A finding for a catalogued rule, its message filled from `values`, every text in it
    with its hidden characters shown (`visible`)."""
    entry = RULES[rule]
    shown = {
        key: visible(_quoted(value) if key == "value" else value)
        if isinstance(value, str)
        else value
        for key, value in {"heading": column, "file": file, "sheet": sheet, **values}.items()
    }
    return Finding(
        severity=entry.severity,
        rule=rule,
        file=file,
        sheet=sheet,
        cell=cell,
        column=column,
        message=entry.template.format(**shown),
    )


def _quoted(text: str) -> str:
    """`text` as a message quotes it: at most QUOTED_LIMIT characters, then "…"."""
    return text if len(text) <= QUOTED_LIMIT else text[:QUOTED_LIMIT].rstrip() + "…"


# Cell references ---------------------------------------------------------------------------

_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def cell_name(letter: str | None, row: int) -> str:
    """`F12`: Excel's name for the cell in column `letter` of row `row` ("" with no letter)."""
    return f"{letter}{row}" if letter else ""


def cell_ref(
    row: Mapping[str, Any] | pd.Series,
    column: str,
    letters: Mapping[tuple[str, str], Mapping[str, str]],
) -> str:
    """`F12`: the cell of `column` in a row that carries its provenance (source_file,
    source_sheet, source_row), given the column letters of each (file, sheet); "" when that
    sheet has no such column."""
    letter = letters.get((row["source_file"], row["source_sheet"]), {}).get(column)
    return cell_name(letter, row["source_row"])


def _cell_parts(cell: str) -> tuple[int, int] | None:
    """(column number, row) of a cell name, (6, 12) for `F12`; None if `cell` is none."""
    match = _CELL.match(cell)
    if not match:
        return None
    letters, row = match.groups()
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - 64
    return col, int(row)


def row_of(cell: str) -> int | None:
    """The Excel row of a cell name (12 for `F12`); None for no cell."""
    parts = _cell_parts(cell or "")
    return parts[1] if parts else None


def cell_sort_key(cell: str) -> tuple[int, int]:
    """Sort cells by row, then by column (`B2` before `A3`); sheet-level findings first."""
    parts = _cell_parts(cell)
    if parts is None:
        return (0, 0)
    col, row = parts
    return (row, col)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in reading order: by file, sheet, row, column; run-level findings first."""
    return sorted(
        set(findings),
        key=lambda f: (f.file != "", f.file, f.sheet, cell_sort_key(f.cell), f.rule, f.message),
    )


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """The `Data quality` sheet: one row per finding, in reading order."""
    rows = [
        (f.file, f.sheet, f.cell, f.column, str(f.severity), f.message, f.rule)
        for f in sorted_findings(findings)
    ]
    return pd.DataFrame(rows, columns=list(DATA_QUALITY_COLUMNS), dtype="str")


# Lines: what the terminal and the Fix list print -------------------------------------------

# Problems that make others: a Partnership ID the register repeats or refuses. Printed first,
# after the problems with whole files and sheets.
_ROOT_RULES: Final = frozenset({"id.duplicate", "id.hidden_characters", "id.other_alphabet"})


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: the findings that say the same thing about cells of one column
    (same file, sheet, column, rule and message), such as one wrong date pasted down eight
    rows. Each finding is still its own cell's, marked on it; only the list groups them."""

    findings: tuple[Finding, ...]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def cells(self) -> str:
        """`V155:V162`, or `V155, V157, V160:V162`: the cells, runs of rows as ranges."""
        return cell_ranges([f.cell for f in self.findings])

    @property
    def place(self) -> str:
        """`V155:V162 (8 cells)`: the cells and, when more than one, how many."""
        count = len(self.findings)
        return self.cells if count == 1 else f"{self.cells} ({count:,} cells)"

    @property
    def where(self) -> str:
        """`risks.xlsx › Risks › V155:V162 (8 cells)`."""
        parts = (self.first.file, self.first.sheet, self.place if self.first.cell else "")
        return visible(" › ".join(part for part in parts if part))


def cell_ranges(cells: Iterable[str]) -> str:
    """Cells of one column as Excel names their ranges: rows in a run are `V155:V162`,
    others listed: `V155, V157, V160:V162`."""
    parts = sorted({_cell_parts(c) or (0, 0): c for c in cells}.items())
    runs: list[list[str]] = []
    last: tuple[int, int] | None = None
    for (col, row), cell in parts:
        if last is not None and last == (col, row - 1):
            runs[-1].append(cell)
        else:
            runs.append([cell])
        last = (col, row)
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}:{run[-1]}" for run in runs)


def _rank(finding: Finding) -> int:
    """Root causes first: the run's own problems, then whole files and sheets, then the
    register's Partnership IDs; then everything else, in reading order."""
    if not finding.file:
        return 0
    if not finding.cell:
        return 1
    spec = sheet_for_name(finding.sheet)
    if finding.rule in _ROOT_RULES and spec is not None and spec.name == "Partnerships":
        return 2
    return 3


def lines(findings: Iterable[Finding]) -> list[Line]:
    """The findings as printed lines, root causes first (`_rank`), then in reading order:
    findings identical but for their cell, in one column, are one line."""
    grouped: dict[tuple[str, ...], list[Finding]] = {}
    for f in sorted_findings(findings):
        letter = _CELL.match(f.cell)
        if letter is None:  # a file or sheet's problem: its own line
            key: tuple[str, ...] = (f.file, f.sheet, f.cell, f.rule, f.message)
        else:
            key = (f.file, f.sheet, letter.group(1), f.column, f.rule, f.message)
        grouped.setdefault(key, []).append(f)
    # sorted() keeps the reading order of lines of the same rank.
    return sorted(
        (Line(tuple(group)) for group in grouped.values()), key=lambda line: _rank(line.first)
    )
