"""Blank workbooks that make mistakes hard, generated from the schemas alone.

One workbook per kind (register, risk register, survey): the contract's sheets with their
headings in row 1, frozen, an Excel table per sheet, drop-down lists for every choice, Yes/No
and matrix level, date and number checks with input messages saying what to type, and a
Guidance sheet. `make templates` writes them to output/templates/.
"""

from __future__ import annotations

from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.matrices import RiskMatrix
from pipeline.publish import stable_xlsx_bytes
from schemas import SHEETS, ColumnSpec, Kind, SheetSpec
from schemas.docs import KIND_TEXT

WORKBOOKS: Final = {
    "partnership-register.xlsx": ("Partnerships", "Members", "Agreements", "Actions"),
    "risk-register.xlsx": ("Risks",),
    "partner-survey.xlsx": ("Questions", "Responses", "Invitations"),
}
ROWS: Final = 1000  # rows below the heading that carry the checks
YES_NO: Final = ("Yes", "No")
GUIDANCE: Final = "Guidance"
_HEADER_FILL: Final = PatternFill("solid", fgColor="1D70B8")
_FIRST_DATE: Final = 32874  # 1 January 1990 as an Excel serial
_LAST_DATE: Final = 73050  # 31 December 2099


def level_labels(spec: ColumnSpec, matrix: RiskMatrix) -> tuple[str, ...]:
    """A matrix level column's choices as the matrix names them: `1 Low`, `2 Medium`, …"""
    labels = matrix.impact if spec.name.endswith("impact") else matrix.likelihood
    return tuple(f"{n} {label}" for n, label in enumerate(labels, start=1))


def choices_for(spec: ColumnSpec, matrix: RiskMatrix) -> tuple[str, ...]:
    """The drop-down list of a column, or () if it has none."""
    if spec.kind is Kind.CHOICE:
        return spec.choices
    if spec.kind is Kind.YES_NO:
        return YES_NO
    if spec.kind is Kind.LEVEL:
        return level_labels(spec, matrix)
    return ()


def _message(spec: ColumnSpec) -> str:
    text = KIND_TEXT[spec.kind]
    if spec.example is not None:
        text += f". For example: {spec.example}"
    if spec.required:
        text += ". Required."
    return text[:255]


def _validation(spec: ColumnSpec, matrix: RiskMatrix) -> DataValidation | None:
    choices = choices_for(spec, matrix)
    if choices:
        formula = '"' + ",".join(choices) + '"'
        check = DataValidation(type="list", formula1=formula, allow_blank=not spec.required)
        check.error = f"Choose one of: {', '.join(choices)}."
    elif spec.kind is Kind.DATE:
        check = DataValidation(
            type="date", operator="between", formula1=str(_FIRST_DATE), formula2=str(_LAST_DATE)
        )
        check.error = "Type a date, day first, such as 3/3/2026."
    elif spec.kind in (Kind.MONEY, Kind.NUMBER):
        high = "744" if spec.name == "staff_hours_per_month" else "1000000000"
        check = DataValidation(type="decimal", operator="between", formula1="0", formula2=high)
        check.error = f"Type a number from 0 to {high}."
    elif spec.kind is Kind.WHOLE_NUMBER:
        low, high = ("2000", "2100") if spec.name == "survey_year" else ("0", "1000000")
        if spec.name == "risk_no":
            low = "1"
        check = DataValidation(type="whole", operator="between", formula1=low, formula2=high)
        check.error = f"Type a whole number from {low} to {high}."
    else:
        check = DataValidation(type="none", allow_blank=True)
    check.errorTitle = spec.heading
    check.showErrorMessage = check.type != "none"
    check.promptTitle = spec.heading[:32]
    check.prompt = _message(spec)
    check.showInputMessage = True
    return check


def _sheet(book: Workbook, spec: SheetSpec, matrix: RiskMatrix) -> Worksheet:
    sheet = book.create_sheet(spec.name)
    sheet.append([col.heading for col in spec.columns])
    for number, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(row=1, column=number)
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = _HEADER_FILL
        header.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[letter].width = max(14, min(45, len(col.heading) + 4))
        check = _validation(col, matrix)
        if check is not None:
            check.add(f"{letter}2:{letter}{ROWS + 1}")
            sheet.add_data_validation(check)
        cells = sheet[f"{letter}2:{letter}{ROWS + 1}"]
        if col.kind is Kind.DATE:
            for (cell,) in cells:
                cell.number_format = "dd/mm/yyyy"
        elif col.kind is Kind.MONEY:
            for (cell,) in cells:
                cell.number_format = "£#,##0"
        elif col.kind in (Kind.TEXT, Kind.CHOICE, Kind.URL, Kind.RISK_TYPES):
            for (cell,) in cells:
                cell.number_format = "@"  # IDs such as 001 stay as typed
    last = get_column_letter(len(spec.columns))
    table = Table(displayName=spec.name, ref=f"A1:{last}2")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    return sheet


def _guidance(book: Workbook, specs: list[SheetSpec], matrix: RiskMatrix) -> None:
    sheet = book.create_sheet(GUIDANCE)
    sheet.append(["Sheet", "Heading", "Required", "What to type", "Allowed values", "Example",
                  "Notes"])  # fmt: skip
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
    for spec in specs:
        for col in spec.columns:
            values = (
                spec.name,
                col.heading,
                "Yes" if col.required else "",
                KIND_TEXT[col.kind],
                ", ".join(choices_for(col, matrix)),
                "" if col.example is None else str(col.example),
                col.description,
            )
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        if spec.name == "Responses":
            sheet.append(
                (
                    "Responses",
                    "Q1, Q2, …",
                    "",
                    (
                        "one column per question, headed by its Question ID: 1–5 or Strongly "
                        "disagree … Strongly agree; Don't know, N/A or blank for no answer"
                    ),
                    "",
                    "Agree",
                    "Add these columns after the last heading.",
                )
            )
    for letter, width in zip("ABCDEFG", (14, 28, 10, 42, 40, 26, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"  # printed, it fits the page's width
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def blank_workbooks(matrix: RiskMatrix) -> dict[str, bytes]:
    """File name → bytes of each blank workbook; risk levels follow `matrix`."""
    files = {}
    for name, sheet_names in WORKBOOKS.items():
        book = Workbook()
        book.remove(book.active)
        specs = [SHEETS[sheet_name] for sheet_name in sheet_names]
        for spec in specs:
            _sheet(book, spec, matrix)
        _guidance(book, specs, matrix)
        book.properties.creator = "partnership-pipeline"
        book.properties.title = name.removesuffix(".xlsx").replace("-", " ").capitalize()
        files[name] = stable_xlsx_bytes(book)
    return files
