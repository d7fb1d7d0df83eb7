"""xlsx: plain tables written as an .xlsx workbook, fast and the same bytes every time.

Every workbook the pipeline publishes for people to read (`report-data.xlsx`, officers'
lists, the data-quality list) is a set of plain tables: a header row, then values. openpyxl
builds a Python object per cell even in its write-only mode, which made writing
`report-data.xlsx` the slowest part of a national-sized run (300,000 risk rows). This module
writes the same workbook's SpreadsheetML directly, a column at a time and a few thousand rows
at a time, so memory stays flat however long the table is.

What each sheet gets: a bold white-on-blue header row, frozen, with a filter over the table;
column widths from the first 200 values; dates as real Excel dates shown dd/mm/yyyy; money,
fractions, means and counts with their number formats (`column_styles`: from the words of a
column's heading, row by row from a `Unit` column, or the sheet's own); and print settings
(A4 landscape, one page wide, the header row on every page, the sheet's name and "Page 3 of
7" in the margins). Text is always written as text (an inline string), so a value such as
`=HYPERLINK(…)` typed by an officer can never become a formula.

Every workbook stays within Excel's limits (schemas/rules.py), so Excel never has to "repair"
one: a text longer than a cell holds is cut, followed by "…" (normalise has warned of it); a
table longer than a sheet holds carries on in sheets named `Risks (2)`, `Risks (3)`; sheet names
are cut to 31 characters, without the characters Excel refuses in them, each one different.
Workbooks that must keep an officer's own formatting (corrections) or carry drop-downs
(blank templates) are still written with openpyxl.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter as column_letter

from schemas.rules import EXCEL_CELL_CHARACTERS, EXCEL_COLUMNS, EXCEL_ROWS, EXCEL_SHEET_NAME

# Workbook metadata and zip entry times: same tables, same bytes.
FIXED_TIME: Final = datetime(2000, 1, 1)  # noqa: DTZ001 (Excel metadata is naive)
CREATOR: Final = "partnership-pipeline"
ROWS_PER_CHUNK: Final = 5_000
WIDTH_SAMPLE: Final = 200  # values looked at to size a column

# The header row every workbook shares, bold white on blue (GOV.UK blue).
HEADER_FILL: Final = "1D70B8"
HEADER_TEXT: Final = "FFFFFF"
# Styles (indexes into cellXfs of _STYLES below).
PLAIN, HEADER, DATE, MONEY, PERCENT, ONE_PLACE, WHOLE, POINTS = range(8)
# A column's number format from the words of its heading (whole words, any case); the first
# rule that matches wins, so "Change in budget" is money and "Change in agree" (percentage
# points) one place, not a percentage; "Staff hourly rate" is money, "Response rate" a share.
# "Agreement items in place" (a count) matches none: "agree" must be a word of its own.
_HEADING_RULES: Final = (
    (
        MONEY,
        re.compile(
            r"£|\b(budget|costs?|funding|contributions?|spend|(hourly|daily) rate)\b",
            re.IGNORECASE,
        ),
    ),
    # A change in agreement is the difference of two whole percentages (WORKBOOKS.md §5):
    # whole points with their sign, +4 or -18.
    (POINTS, re.compile(r"\b(change|points|pp)\b", re.IGNORECASE)),
    (ONE_PLACE, re.compile(r"\b(mean|average)\b", re.IGNORECASE)),
    (
        PERCENT,
        re.compile(
            r"%|\b(agree|disagree|neither|rate|share|coverage|proportion|percent(age)?|fraction)\b",
            re.IGNORECASE,
        ),
    ),
)
# Tables that say how to read each row's numbers in a column of their own (Summary,
# Implications): "£", "fraction", "pp"; any other unit (count, partnerships, risks) is a count.
UNIT_COLUMN: Final = "Unit"
_UNIT_STYLES: Final = {"£": MONEY, "fraction": PERCENT, "share": PERCENT, "%": PERCENT,
                       "pp": POINTS, "points": POINTS, "mean": ONE_PLACE}  # fmt: skip
# Sheets whose columns are named by a category, not a measure: the numbers of any column that
# is not whole numbers and that no heading rule matches get the sheet's format.
SHEET_STYLES: Final = {"Agreement by type": PERCENT}  # each partner type's share agreeing
_EXCEL_EPOCH: Final = date(1899, 12, 30)
# Characters XML 1.0 cannot hold: openpyxl refuses them; here they are dropped.
_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_NS: Final = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R: Final = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_XML: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES: Final = (
    _XML + f"<styleSheet {_NS}>"
    '<numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="£#,##0"/><numFmt numFmtId="166" formatCode="0.0"/>'
    '<numFmt numFmtId="167" formatCode="+0;-0;0"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    f'<font><b/><sz val="11"/><color rgb="FF{HEADER_TEXT}"/><name val="Calibri"/><family val="2"/>'
    "</font></fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{HEADER_FILL}"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
    ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def style_header(cell: Any) -> None:
    """Give an openpyxl cell the header look of every workbook (for the workbooks openpyxl
    writes: corrections and blank templates)."""
    from openpyxl.styles import Font, PatternFill

    cell.font = Font(bold=True, color=HEADER_TEXT)
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)


def number_style(heading: str) -> int:
    """The number format a column's numbers get from the words of its heading (PLAIN: none
    says; whole numbers are shown as they are)."""
    for style, words in _HEADING_RULES:
        if words.search(heading):
            return style
    return PLAIN


def unit_style(unit: object, value: object) -> int:
    """The format of one number in a table with a Unit column: money, a fraction, points,
    or (any other unit, such as count) a whole number shown as one, with thousands commas."""
    if isinstance(unit, str) and unit.strip().casefold() in _UNIT_STYLES:
        return _UNIT_STYLES[unit.strip().casefold()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return WHOLE if math.isfinite(value) and float(value).is_integer() else PLAIN
    return PLAIN


Style = int | list[int]  # one for the whole column, or one per row


def column_styles(frame: pd.DataFrame, sheet: str = "") -> list[Style]:
    """Each column's number format: from its heading (`number_style`); failing that, row by
    row from the table's Unit column; failing that, the sheet's own (SHEET_STYLES) for a
    column that does not hold whole numbers; else PLAIN."""
    units = frame[UNIT_COLUMN].tolist() if UNIT_COLUMN in frame.columns else None
    styles: list[Style] = []
    for heading, column in frame.items():
        style = number_style(str(heading))
        if style != PLAIN or heading == UNIT_COLUMN:
            styles.append(style)
        elif units is not None and _may_hold_numbers(column):
            styles.append(
                [
                    unit_style(unit, value)
                    for unit, value in zip(units, column.tolist(), strict=True)
                ]
            )
        elif sheet in SHEET_STYLES and not pd.api.types.is_integer_dtype(column.dtype):
            styles.append(SHEET_STYLES[sheet])
        else:
            styles.append(PLAIN)
    return styles


def _may_hold_numbers(column: pd.Series) -> bool:
    dtype = column.dtype
    return bool(pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)) or (
        dtype == object
    )


def excel_text(value: str) -> str:
    """`value` as a cell can hold it: without the characters XML cannot hold, and cut to
    EXCEL_CELL_CHARACTERS, followed by "…", if longer (Excel counts UTF-16 units, so a
    character outside the Basic Multilingual Plane, such as an emoji, counts two)."""
    if not value.isprintable():
        value = _ILLEGAL.sub("", value)
    if len(value) > EXCEL_CELL_CHARACTERS // 2 and _units(value) > EXCEL_CELL_CHARACTERS:
        value = value[:EXCEL_CELL_CHARACTERS]
        while _units(value) > EXCEL_CELL_CHARACTERS - 1:
            value = value[: -max(1, (_units(value) - EXCEL_CELL_CHARACTERS + 1) // 2)]
        value += "…"
    return value


def _units(value: str) -> int:
    """The length of `value` as Excel counts it: UTF-16 code units."""
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def _text(value: str) -> str:
    return escape(excel_text(value))


def _serial(value: date) -> float | int:
    """An Excel date serial (the 1900 date system, as Excel and openpyxl write it)."""
    if isinstance(value, datetime):
        delta = value - datetime(1899, 12, 30)  # noqa: DTZ001 (Excel dates are naive)
        return _serial_fix(delta.days) + delta.seconds / 86_400
    days = (value - _EXCEL_EPOCH).days
    return _serial_fix(days)


def _number(value: float) -> str | None:
    """Sixteen significant digits, as openpyxl writes them (Excel keeps fifteen)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return "%.16g" % value  # noqa: UP031 (the printf form is the one that gives %g)


def cell_xml(ref: str, value: Any, style: int) -> str:
    """One cell's XML, or "" for a value that is empty. `style` applies to numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        if not value:
            return ""
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if isinstance(value, bool | np.bool_):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime().date()
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DATE}"><v>{_serial(value)}</v></c>'
    if hasattr(value, "item"):  # numpy scalars
        return cell_xml(ref, value.item(), style)
    if isinstance(value, int | float):
        return _number_cell(ref, value, style)
    return cell_xml(ref, str(value), style)


def _number_cell(ref: str, value: float, style: int) -> str:
    number = _number(value)
    if number is None:
        return ""
    return (
        f'<c r="{ref}" s="{style}"><v>{number}</v></c>'
        if style
        else f'<c r="{ref}"><v>{number}</v></c>'
    )


def _column_values(series: pd.Series) -> tuple[str, np.ndarray]:
    """A column as one array to slice chunk by chunk, and how to write its values: "date"
    (Excel day numbers, NaN when empty), "number" or "any" (Python objects)."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        days = (series.dt.normalize() - pd.Timestamp(_EXCEL_EPOCH)).dt.days
        return "date", days.to_numpy(dtype=float, na_value=np.nan)
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        return "number", series.to_numpy()
    return "any", series.to_numpy(dtype=object)


def _column_cells(
    kind: str, values: list[Any], letter: str, first_row: int, style: Style
) -> list[str]:
    """The XML of one column's cells for rows first_row, first_row + 1, …; `style` is the
    column's, or one for each of these rows."""
    rows = range(first_row, first_row + len(values))
    if kind == "date":
        return [
            ""
            if math.isnan(serial)
            else f'<c r="{letter}{row}" s="{DATE}"><v>{_serial_fix(int(serial))}</v></c>'
            for row, serial in zip(rows, values, strict=True)
        ]
    if isinstance(style, list):
        make = cell_xml if kind == "any" else _number_cell
        return [
            make(f"{letter}{row}", value, each)
            for row, value, each in zip(rows, values, style, strict=True)
        ]
    if kind == "any":
        return [
            cell_xml(f"{letter}{row}", value, style)
            for row, value in zip(rows, values, strict=True)
        ]
    return [
        _number_cell(f"{letter}{row}", value, style)
        for row, value in zip(rows, values, strict=True)
    ]


def _serial_fix(days: int) -> int:
    """Excel counts a 29 February 1900 that never was: serials before it are one less."""
    return days - 1 if 0 < days <= 60 else days


def _width(heading: str, values: pd.Series) -> float:
    longest = max([len(str(heading))] + [len(str(v)) for v in values.head(WIDTH_SAMPLE).tolist()])
    return min(max(10, longest + 2), 70)


def _last_cell(frame: pd.DataFrame) -> tuple[str, int]:
    """The column letter and row number of a table's last cell, header row included."""
    return column_letter(max(1, len(frame.columns))), len(frame) + 1


# Print settings, the same on every sheet: A4 landscape, as many pages long as it takes but one
# page wide; the sheet's name and the file's in the header, "Page 3 of 7" in the footer. (The
# header row repeated on every page is the workbook's _xlnm.Print_Titles.) In CT_Worksheet's
# order: sheetPr first, these after the autoFilter.
_SHEET_PROPERTIES: Final = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
_PRINT_SETTINGS: Final = (
    '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    "<headerFooter><oddHeader>&amp;L&amp;A&amp;R&amp;F</oddHeader>"
    "<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter></headerFooter>"
)


def _sheet_chunks(frame: pd.DataFrame, sheet: str = "") -> Iterator[bytes]:
    """A worksheet's XML, in pieces of a few thousand rows (`sheet`: its name, for
    SHEET_STYLES)."""
    headings = [str(heading) for heading in frame.columns]
    letters = [column_letter(n) for n in range(1, len(headings) + 1)]
    last_column, last_row = _last_cell(frame)
    series = [column for _, column in frame.items()]
    widths = "".join(
        f'<col min="{n}" max="{n}" width="{_width(heading, column)}" customWidth="1"/>'
        for n, (heading, column) in enumerate(zip(headings, series, strict=True), start=1)
    )
    yield (
        _XML + f"<worksheet {_NS} {_NS_R}>{_SHEET_PROPERTIES}"
        f'<dimension ref="A1:{last_column}{last_row}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{widths}</cols>" if widths else "")
        + "<sheetData>"
        + '<row r="1">'
        + "".join(
            f'<c r="{letter}1" s="{HEADER}" t="inlineStr"><is><t xml:space="preserve">'
            f"{_text(heading)}</t></is></c>"
            for letter, heading in zip(letters, headings, strict=True)
        )
        + "</row>"
    ).encode("utf-8")
    styles = column_styles(frame, sheet)
    prepared = [_column_values(column) for column in series]
    for start in range(0, len(frame), ROWS_PER_CHUNK):
        first_row, end = start + 2, start + ROWS_PER_CHUNK
        columns = [
            _column_cells(kind, values[start:end].tolist(), letter, first_row,
                          style[start:end] if isinstance(style, list) else style)
            for (kind, values), letter, style in zip(prepared, letters, styles, strict=True)
        ]  # fmt: skip
        yield "".join(
            f'<row r="{row}">{"".join(cells)}</row>'
            for row, cells in enumerate(zip(*columns, strict=True), start=first_row)
        ).encode("utf-8")
    yield (
        "</sheetData>"
        + (f'<autoFilter ref="A1:{last_column}{last_row}"/>' if len(frame) else "")
        + _PRINT_SETTINGS
        + "</worksheet>"
    ).encode("utf-8")


def zip_entry(name: str, when: datetime) -> zipfile.ZipInfo:
    """A compressed zip entry stamped `when`, readable by all: the same bytes every time."""
    entry = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def restamped(
    package: bytes, when: datetime, parts: Mapping[str, Callable[[bytes], bytes]] | None = None
) -> bytes:
    """An Office package (a zip) written again with every entry stamped `when` (zip_entry),
    each part named in `parts` passed through its function: the same bytes every time."""
    stable = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as original,
        zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as pinned,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if parts and info.filename in parts:
                data = parts[info.filename](data)
            pinned.writestr(zip_entry(info.filename, when), data)
    return stable.getvalue()


def _package_parts(
    names: Sequence[str], filters: Sequence[str | None], when: datetime
) -> dict[str, str]:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    # Each sheet's filter, and its header row printed at the top of every page.
    defined = "".join(
        (
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{escape(_quoted(name))}!{area}</definedName>"
            if area
            else ""
        )
        + f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
        f"{escape(_quoted(name))}!$1:$1</definedName>"
        for n, (name, area) in enumerate(zip(names, filters, strict=True))
    )
    relationships = "".join(
        f'<Relationship Id="rId{n}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    return {
        "[Content_Types].xml": _XML
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/'
        'vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/app.xml": _XML
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties"><Application>{CREATOR}</Application></Properties>',
        "docProps/core.xml": _XML
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{CREATOR}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>",
        "xl/workbook.xml": _XML + f"<workbook {_NS} {_NS_R}>"
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets>"
        + (f"<definedNames>{defined}</definedNames>" if defined else "")
        + "</workbook>",
        "xl/_rels/workbook.xml.rels": _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{relationships}"
        f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": _STYLES,
    }


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


# What Excel refuses in a sheet's name; each becomes a hyphen.
_NOT_IN_SHEET_NAMES: Final = re.compile(r"[\\/?*\[\]:\x00-\x1f]")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """`name` as Excel allows a sheet to be named: no \\ / ? * [ ] : or control characters, not
    starting or ending with an apostrophe, not blank, at most EXCEL_SHEET_NAME characters, and
    different (ignoring case, as Excel does) from the names `taken`: `Name (2)` if not."""
    name = _NOT_IN_SHEET_NAMES.sub("-", name).strip("'").strip() or "Sheet"
    used = {other.casefold() for other in taken}
    candidate, number = name[:EXCEL_SHEET_NAME], 1
    while candidate.casefold() in used or candidate.casefold() == "history":
        number += 1
        suffix = f" ({number})"
        candidate = name[: EXCEL_SHEET_NAME - len(suffix)].rstrip() + suffix
    return candidate


def _sheets_within_limits(
    sheets: Mapping[str, pd.DataFrame],
) -> list[tuple[str, str, pd.DataFrame]]:
    """(sheet name, table name, rows) for each sheet to write: a table longer than a sheet
    holds (EXCEL_ROWS, its header row included) carries on in `Name (2)`, `Name (3)`, each with
    the header row. A table wider than EXCEL_COLUMNS is a bug: no input can make one."""
    names: list[str] = []
    pieces = []
    for table, frame in sheets.items():
        if len(frame.columns) > EXCEL_COLUMNS:
            raise ValueError(f"{table}: {len(frame.columns):,} columns, more than Excel's")
        per_sheet = EXCEL_ROWS - 1
        for start in range(0, max(len(frame), 1), per_sheet):
            piece = frame.iloc[start : start + per_sheet]
            names.append(sheet_name(table, names))
            pieces.append((names[-1], table, piece))
    return pieces


def write_tables(sheets: Mapping[str, pd.DataFrame], *, when: datetime = FIXED_TIME) -> bytes:
    """An .xlsx with one sheet per table, named by its key (`sheet_name`: within Excel's
    rules), every cell and sheet within Excel's limits."""
    pieces = _sheets_within_limits(sheets)
    names = [name for name, _, _ in pieces]
    filters = []
    for _, _, frame in pieces:
        last_column, last_row = _last_cell(frame)
        filters.append(f"$A$1:${last_column}${last_row}" if len(frame) else None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in _package_parts(names, filters, when).items():
            package.writestr(zip_entry(name, when), content)
        for number, (_, table, frame) in enumerate(pieces, start=1):
            with package.open(zip_entry(f"xl/worksheets/sheet{number}.xml", when), "w") as stream:
                for piece in _sheet_chunks(frame, table):
                    stream.write(piece)
    return buffer.getvalue()
