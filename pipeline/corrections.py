"""corrections: the officer's own workbook back, with every problem marked on its cell.

For each input workbook with findings, a copy (never the original) in which each problem cell
is shaded (red for an error, amber for a warning) and carries a comment holding the message,
and a first sheet, "Fix list", with one row per problem: where it is (a link to the cell),
the heading, the value as typed, the problem and what to do. The same problem in several cells
of one column (a date pasted down eight rows) is one row of the list naming its cells,
`V155:V162 (8 cells)`; each of those cells is still marked on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.hyperlink import Hyperlink

from pipeline.findings import Finding, Line, Severity, lines, sorted_findings
from pipeline.load import open_for_markup
from pipeline.parsers import clean_text
from pipeline.publish import stable_xlsx_bytes
from pipeline.xlsx import excel_text, style_header
from schemas.rules import RULES

FIX_LIST: Final = "Fix list"
FIX_LIST_COLUMNS: Final = (
    "Where",
    "Heading",
    "Value as typed",
    "Severity",
    "Problem",
    "What to do",
)
_FILLS: Final = {
    Severity.ERROR: PatternFill("solid", fgColor="F6D0CB"),
    Severity.WARNING: PatternFill("solid", fgColor="FCE5CD"),
}
_EDGE: Final = {
    Severity.ERROR: Side(style="medium", color="D4351C"),
    Severity.WARNING: Side(style="medium", color="F47738"),
}
_WIDTHS: Final = (34, 24, 26, 10, 30, 90)


def corrections_name(input_name: str) -> str:
    """The marked-up copy's file name: always an .xlsx, named after the original."""
    return f"{Path(input_name).stem}.xlsx"


def _mark(book: Workbook, finding: Finding) -> str:
    """Shade the finding's cell and add its message as a comment; the value as typed."""
    if not finding.cell or finding.sheet not in book.sheetnames:
        return ""
    cell = book[finding.sheet][finding.cell]
    cell.fill = _FILLS[finding.severity]
    edge = _EDGE[finding.severity]
    cell.border = Border(left=edge, right=edge, top=edge, bottom=edge)
    text = f"{finding.severity}: {finding.message} [{finding.rule}]"
    if cell.comment is not None:  # several problems in one cell: keep them all
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(excel_text(text), "partnership-pipeline")
    comment.width, comment.height = 320, 140
    cell.comment = comment
    if isinstance(cell.value, str) and len(cell.value) > len(excel_text(cell.value)):
        cell.value = excel_text(cell.value)  # what Excel would cut when "repairing" the copy
    return "" if cell.value is None else excel_text(clean_text(cell.value))


def _typed_values(line: Line, typed: Mapping[Finding, str]) -> str:
    """The value as typed in a line's cells: once when they all hold it (the usual case: the
    message quotes it), else each different one, in order."""
    return " / ".join(dict.fromkeys(typed[f] for f in line.findings))


def _fix_list(book: Workbook, found: list[Line], typed: Mapping[Finding, str]) -> None:
    """The Fix list: one row a line (`lines`), root causes first; the same problem in several
    cells of a column is one row naming them all (`V155:V162 (8 cells)`), linked to the first
    of them."""
    sheet = book.create_sheet(FIX_LIST, 0)
    sheet.append(list(FIX_LIST_COLUMNS))
    for cell in sheet[1]:
        style_header(cell)
    for number, line in enumerate(found, start=2):
        finding = line.first
        where = " › ".join(part for part in (finding.sheet, finding.cell and line.place) if part)
        values = (
            where,
            finding.column,
            _typed_values(line, typed),
            str(finding.severity),
            RULES[finding.rule].title,
        )
        for column, value in enumerate((*values, finding.message), start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "s"  # an officer's `=…` stays text here
            cell.alignment = Alignment(vertical="top", wrap_text=column == len(FIX_LIST_COLUMNS))
        if finding.cell and finding.sheet in book.sheetnames:
            link = sheet.cell(row=number, column=1)
            first_run = line.cells.split(", ")[0]  # `V155:V162`: the link selects it
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{finding.sheet}'!{first_run}"
            )
            link.font = Font(color="1D70B8", underline="single")
        sheet.cell(row=number, column=4).fill = _FILLS[finding.severity]
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"  # printed, it fits the page's width
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False


def marked_up_workbooks(
    contents: Mapping[str, bytes], findings: Iterable[Finding]
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """corrections_name → bytes of each input workbook with findings, marked up from the bytes
    that were read (`contents`: file name → bytes), and (file, why) for each that has findings
    but gets no marked-up copy. Its problems are still in the data-quality workbook."""
    by_file: Mapping[str, list[Finding]] = defaultdict(list)
    for finding in sorted_findings(findings):
        if finding.file:
            by_file[finding.file].append(finding)
    marked, not_marked = {}, []
    for name, problems in sorted(by_file.items()):
        reason = _why_not_marked(name, contents)
        if reason is None:
            try:
                book = open_for_markup(contents[name])
                typed = {finding: _mark(book, finding) for finding in problems}
                _fix_list(book, lines(problems), typed)
                marked[corrections_name(name)] = stable_xlsx_bytes(book)
            except Exception as error:  # noqa: BLE001 (any failure is the workbook's: skip it)
                reason = f"it could not be reopened to mark it up ({type(error).__name__})"
        if reason is not None:
            not_marked.append((name, reason))
    return marked, not_marked


def _why_not_marked(name: str, contents: Mapping[str, bytes]) -> str | None:
    """Why a workbook with findings gets no marked-up copy, or None if it can have one.
    `contents` holds only the workbooks that were read."""
    if name not in contents:
        return "it could not be read"
    if Path(name).suffix.lower() not in (".xlsx", ".xlsm"):
        return "only .xlsx and .xlsm workbooks can be marked up"
    return None
