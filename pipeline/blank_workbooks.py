"""Blank workbooks that make mistakes hard, generated from the schemas alone.

One workbook per kind (register, risk register, survey, town and parish council liaison):
the contract's sheets with their headings in row 1, frozen, an Excel table per sheet,
drop-down lists for every choice, Yes/No and matrix level, date and number checks with input
messages saying what to type, and a Guidance sheet. `make templates` writes them to
output/templates/.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.matrices import RiskMatrix
from pipeline.parsers import level_letters
from pipeline.publish import stable_xlsx_bytes
from pipeline.xlsx import style_header
from schemas import SHEETS, ColumnSpec, SheetSpec
from schemas._columns import bound_text
from schemas.kinds import KINDS

WORKBOOKS: Final = {
    "partnership-register.xlsx": ("Partnerships", "Members", "Agreements", "Actions", "Officers"),
    "risk-register.xlsx": ("Risks", "Risk actions"),
    "partner-survey.xlsx": ("Questions", "Responses", "Invitations"),
    "parish-liaison.xlsx": ("Local councils", "Meetings", "Consultations", "Devolved services"),
    "board-report.xlsx": ("Commentary", "Recommendations"),
}
ROWS: Final = 1000  # rows below the heading that carry the checks
GUIDANCE: Final = "Guidance"
LISTS: Final = "Drop-down lists"  # hidden: values too long, or with commas, for the check
MAX_INLINE_LIST: Final = 255  # characters Excel allows in a drop-down's own list
MAX_ERROR: Final = 225  # characters Excel allows in a check's error message
LIST_ERROR: Final = "Choose a value from the drop-down list."


def table_name(sheet_name: str) -> str:
    """The Excel table's name for a sheet: Excel allows no spaces (`Local councils` →
    `Local_councils`)."""
    return sheet_name.replace(" ", "_")


def level_labels(spec: ColumnSpec, matrix: RiskMatrix) -> tuple[str, ...]:
    """A matrix level column's choices as the matrix names them: `1 Low`, `2 Medium`, …"""
    labels = matrix.labels(spec.scale) if spec.scale else ()
    return tuple(f"{n} {label}" for n, label in enumerate(labels, start=1))


def _example_level(spec: ColumnSpec, matrix: RiskMatrix) -> int:
    """The level a level column's example names: the schema's example (a level number), or
    2, kept within the scale."""
    labels = matrix.labels(spec.scale) if spec.scale else ()
    number = spec.example if isinstance(spec.example, int) else 2
    return max(1, min(number, len(labels)))


def example_for(spec: ColumnSpec, matrix: RiskMatrix) -> str:
    """The example a template gives for a column ("" for none): the schema's, or for a level
    column the level its example numbers as the drop-down names it (`2 Minor`), so that it is
    a level of the council's own matrix."""
    if spec.example is None:
        return ""
    if spec.scale:
        return level_labels(spec, matrix)[_example_level(spec, matrix) - 1]
    return str(spec.example)


def what_to_type(spec: ColumnSpec, matrix: RiskMatrix) -> str:
    """What the Guidance sheet says to type in a column: its kind's description, or for a
    level column the ways the council's own matrix reads its levels, a letter offered only
    where no other level of that scale starts with it."""
    if not spec.scale:
        return KINDS[spec.kind].description
    labels = matrix.labels(spec.scale)
    number = _example_level(spec, matrix)
    name = labels[number - 1]
    text = (
        f"a level of the {spec.scale} scale, chosen from the list; typed or pasted in, its "
        f"number ({number}), its name ({name}) or both ({number} {name})"
    )
    letters = level_letters(labels)
    if letters:
        shown = ", ".join(f"{letter} ({labels[level - 1]})" for letter, level in letters.items())
        text += f", or its first letter where no other level starts with it: {shown}"
    return text


def choices_for(spec: ColumnSpec, matrix: RiskMatrix) -> tuple[str, ...]:
    """The drop-down list of a column, or () if it has none: its choices, its matrix scale's
    levels or its kind's words (Yes, No)."""
    if KINDS[spec.kind].excel.type != "list":
        return ()
    return spec.choices or level_labels(spec, matrix) or KINDS[spec.kind].words


def _message(spec: ColumnSpec, matrix: RiskMatrix) -> str:
    """The cell prompt (Excel's input message, at most 255 characters): what to type, an
    example, and whether it is required. A level column's cells take only the drop-down's
    values, so its prompt says to choose one."""
    if spec.scale:
        text = f"a level of the {spec.scale} scale: choose it from the list"
    else:
        text = KINDS[spec.kind].description
    if example := example_for(spec, matrix):
        text += f". For example: {example}"
    if spec.required:
        text += ". Required."
    return text[:255]


class _Lists:
    """A workbook's hidden `Drop-down lists` sheet, made when first needed: a drop-down whose values
    cannot be written in its check (Excel allows 255 characters there, and reads a comma as
    the end of a value) takes them from a column of it."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sheet: Worksheet | None = None
        self.columns = 0  # its columns used, one list each

    def formula(self, choices: tuple[str, ...]) -> str:
        """The drop-down's list: the values themselves where Excel can hold them, else a
        range of the Lists sheet holding them."""
        inline = '"' + ",".join(choices) + '"'
        if len(inline) <= MAX_INLINE_LIST and not any("," in c or '"' in c for c in choices):
            return inline
        if self.sheet is None:
            self.sheet = self.book.create_sheet(LISTS)
            self.sheet.sheet_state = "hidden"
        self.columns += 1
        letter = get_column_letter(self.columns)
        for row, choice in enumerate(choices, start=1):
            self.sheet.cell(row=row, column=self.columns, value=choice).data_type = "s"
        return f"'{LISTS}'!${letter}$1:${letter}${len(choices)}"


def _validation(spec: ColumnSpec, matrix: RiskMatrix, lists: _Lists) -> DataValidation:
    """The column's data validation: its kind's Excel check, within the column's own bounds
    (its schema checks) where it has them."""
    excel = KINDS[spec.kind].excel
    choices = choices_for(spec, matrix)
    if choices:
        formula = lists.formula(choices)
        check = DataValidation(type="list", formula1=formula, allow_blank=not spec.required)
        error = excel.error.format(choices=", ".join(choices)) if excel.error else None
        # Excel refuses to open a workbook whose error message is over 225 characters.
        check.error = error if error is None or len(error) <= MAX_ERROR else LIST_ERROR
    elif excel.bounds is not None:
        low, high = (
            bound_text(default if bound is None else bound)
            for bound, default in zip((spec.minimum, spec.maximum), excel.bounds, strict=True)
        )
        check = DataValidation(type=excel.type, operator="between", formula1=low, formula2=high)
        check.error = excel.error.format(low=low, high=high) if excel.error else None
    else:
        check = DataValidation(type="none", allow_blank=True)
    check.errorTitle = spec.heading
    check.showErrorMessage = check.type != "none"
    check.promptTitle = spec.heading[:32]
    check.prompt = _message(spec, matrix)
    check.showInputMessage = True
    return check


def _sheet(book: Workbook, spec: SheetSpec, matrix: RiskMatrix, lists: _Lists) -> Worksheet:
    sheet = book.create_sheet(spec.name)
    sheet.append([col.heading for col in spec.columns])
    for number, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(row=1, column=number)
        style_header(header)
        header.alignment = Alignment(vertical="top", wrap_text=True)
        # Wide enough for the heading and the longest drop-down value (`Corporate plan briefing`).
        longest = max(map(len, (col.heading, *choices_for(col, matrix))))
        sheet.column_dimensions[letter].width = max(14, min(45, longest + 4))
        check = _validation(col, matrix, lists)
        check.add(f"{letter}2:{letter}{ROWS + 1}")
        sheet.add_data_validation(check)
        number_format = KINDS[col.kind].excel.number_format
        if number_format is not None:
            for (cell,) in sheet[f"{letter}2:{letter}{ROWS + 1}"]:
                cell.number_format = number_format
    last = get_column_letter(len(spec.columns))
    table = Table(displayName=table_name(spec.name), ref=f"A1:{last}2")
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
        style_header(cell)
    for spec in specs:
        for col in spec.columns:
            values = (
                spec.name,
                col.heading,
                "Yes" if col.required else "",
                what_to_type(col, matrix),
                ", ".join(choices_for(col, matrix)),
                example_for(col, matrix),
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
    for letter, width in zip("ABCDEFG", (18, 28, 10, 42, 40, 26, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"  # printed, it fits the page's width
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def blank_workbooks(
    matrix: RiskMatrix, *, sheets: Mapping[str, SheetSpec] = SHEETS
) -> dict[str, bytes]:
    """File name → bytes of each blank workbook; risk levels follow `matrix`, and the sheets'
    columns and notes `sheets` (the council's: settings.sheets_for, which gives Agreements
    its checklist items and Category what Key means)."""
    files = {}
    for name, sheet_names in WORKBOOKS.items():
        book = Workbook()
        book.remove(book.active)
        specs = [sheets[sheet_name] for sheet_name in sheet_names]
        lists = _Lists(book)
        for spec in specs:
            _sheet(book, spec, matrix, lists)
        _guidance(book, specs, matrix)
        if lists.sheet is not None:  # last, after the sheets officers fill in and Guidance
            book.move_sheet(LISTS, offset=len(book.sheetnames) - 1 - book.sheetnames.index(LISTS))
        book.properties.creator = "partnership-pipeline"
        book.properties.title = name.removesuffix(".xlsx").replace("-", " ").capitalize()
        files[name] = stable_xlsx_bytes(book)
    return files
