"""Writing one sheet of a sample workbook, and saving it so that two runs give the same bytes.

Each sheet's headings and their order are the contract's (schemas.SHEETS), as the blank
templates have them (pipeline/blank_workbooks.py); dates and money are formatted as there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.publish import stable_xlsx_bytes
from schemas import SHEETS, ColumnSpec, Kind
from schemas.kinds import KINDS

#: Workbook created/modified time and zip entry time: fixed so that output is reproducible.
FIXED_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC).replace(tzinfo=None)
#: The council the sample is made up for: each workbook's creator.
COUNCIL = "Charnwood Borough Council"

Value = str | int | date | None
Row = list[Value]

#: How the sample formats dates and money: as the blank templates do (schemas/kinds.py). Other
#: cells keep Excel's General format (the templates' text format `@` is for typing into).
NUMBER_FORMATS = {
    kind: number_format
    for kind in (Kind.DATE, Kind.MONEY)
    if (number_format := KINDS[kind].excel.number_format) is not None
}
#: Widths of the columns of long text, by the schema's column name (Exempt reason on every
#: sheet that has it); other columns fit their longest value (between 10 and 40).
WIDE_TEXT = {
    "objectives": 60, "comments": 50, "risk": 70, "impact_description": 50,
    "likelihood_factors": 50, "controls": 60, "action": 55, "question": 70,
    "information_wanted": 50, "training_needs": 45, "notes": 60, "consultation": 55,
    "service": 45, "exempt_reason": 50, "text": 90, "recommendation": 60, "reason": 60,
}  # fmt: skip


def columns(sheet: str) -> tuple[ColumnSpec, ...]:
    """The columns of one of the contract's sheets, in the schema's order (schemas.SHEETS)."""
    return SHEETS[sheet].columns


def in_order(values: Mapping[str, Value], sheet_columns: Sequence[ColumnSpec]) -> Row:
    """A row from its values by the schema's column names, in the order of `sheet_columns`;
    a column given no value is left blank. A name that is no column's is an error (the
    schema has renamed or dropped it)."""
    unknown = set(values) - {column.name for column in sheet_columns}
    if unknown:
        raise ValueError(f"no column is named {', '.join(sorted(unknown))}")
    return [values.get(column.name) for column in sheet_columns]


def write_sheet(
    ws: Worksheet,
    sheet: str,
    rows: Iterable[Row],
    *,
    sheet_columns: Sequence[ColumnSpec] | None = None,
    titles: Sequence[str] = (),
    tab: str | None = None,
) -> None:
    """One of the contract's sheets, named `tab` (by default the sheet's own name): title rows
    (an empty title leaves a blank row), a bold header, then the rows.

    The header holds the headings of `sheet_columns` (by default the schema's columns, in its
    order), and each row one value per column. Dates get `dd/mm/yyyy`, money `£#,##0`; long
    text wraps; panes freeze below the header.
    """
    ws.title = tab or sheet
    sheet_columns = columns(sheet) if sheet_columns is None else sheet_columns
    for n, title in enumerate(titles, start=1):
        if title:
            ws.cell(row=n, column=1, value=title).font = Font(bold=True, size=14 if n == 1 else 11)
    header_row = len(titles) + 1
    for col, column in enumerate(sheet_columns, start=1):
        cell = ws.cell(row=header_row, column=col, value=column.heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [max(10, len(column.heading) + 2) for column in sheet_columns]
    for r, values in enumerate(rows, start=header_row + 1):
        for col, (column, value) in enumerate(zip(sheet_columns, values, strict=True), start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
            if column.name in WIDE_TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
            shown = 12 if isinstance(value, date) else len(str(value)) + 2
            widths[col - 1] = max(widths[col - 1], shown)
    for col, column in enumerate(sheet_columns, start=1):
        width = WIDE_TEXT.get(column.name, min(widths[col - 1], 40))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{header_row + 1}"


def save(wb: Workbook, path: Path) -> Path:
    """Save, then re-zip with fixed timestamps so that two runs give identical bytes."""
    wb.properties.creator = COUNCIL
    wb.properties.created = wb.properties.modified = FIXED_TIME
    path.write_bytes(stable_xlsx_bytes(wb, when=FIXED_TIME))
    return path


def new_workbook() -> tuple[Workbook, Worksheet]:
    """An empty workbook and its first sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    return wb, ws
