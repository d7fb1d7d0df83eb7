"""Writing one sheet of a sample workbook, and saving it so that two runs give the same bytes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.publish import stable_xlsx_bytes

#: Workbook created/modified time and zip entry time: fixed so that output is reproducible.
FIXED_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC).replace(tzinfo=None)
COUNCIL = "Charnwood Borough Council"


DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "£#,##0"

Value = str | int | date | None
Row = list[Value]


# ---------------------------------------------------------------------------------------------
# Headings, verbatim from WORKBOOKS.md
# ---------------------------------------------------------------------------------------------

PARTNERSHIP_HEADINGS = [
    "Partnership ID", "Partnership", "Type", "Category", "Status", "Council priority",
    "Lead partner", "Lead partner contact", "Lead officer", "Partnership manager",
    "Portfolio holder", "Head of service", "Represented by", "Objectives", "Website",
    "Start date", "End date", "Accountable body", "Capacity to be accountable",
    "Terms of reference", "Governance arrangements", "Information sharing protocol",
    "Exit strategy", "Equality impact assessment", "Agreement date", "Budget contribution",
    "Staff hours per month", "Reporting frequency", "Last performance report", "Last review",
    "Last health check", "Next review", "Decision", "Decision date", "Comments", "Exempt",
    "Exempt reason",
]  # fmt: skip
MEMBER_HEADINGS = ["Partnership ID", "Organisation", "Sector", "Role"]
AGREEMENT_ITEMS = [
    "Purpose and scope", "Equality and diversity", "Partnership mix", "Commitment",
    "Roles and responsibilities", "Decision making", "Reporting and information sharing",
    "Complaints procedure",
]  # fmt: skip
AGREEMENT_HEADINGS = ["Partnership ID", *AGREEMENT_ITEMS]
ACTION_HEADINGS = ["Partnership ID", "Action", "Owner", "Due", "Completed"]
RISK_HEADINGS = [
    "Partnership ID", "Risk no", "Risk type", "Risk", "Impact description",
    "Likelihood factors", "Inherent impact", "Inherent likelihood", "Inherent rating",
    "Control type", "Controls", "Control end date", "Residual impact", "Residual likelihood",
    "Residual rating", "Target impact", "Target likelihood", "Target date", "Risk owner",
    "Assessed by", "QA by", "Assessment date",
]  # fmt: skip
#: The corporate `Risks` sheet also has the Exempt column (the per-partnership workbooks,
#: kept by their own officers, do not: the column is optional).
CORPORATE_RISK_HEADINGS = [*RISK_HEADINGS, "Exempt", "Exempt reason"]
#: The target headings as one per-partnership workbook words them (aliases the schema reads).
TARGET_ALIASES = {
    "Target impact": "Target impact rating",
    "Target likelihood": "Target L'hood",
    "Target date": "Target score date",
}
QUESTION_HEADINGS = ["Question ID", "Question", "Theme", "Kind"]
RESPONSE_FIXED_HEADINGS = [
    "Response ID", "Survey year", "Organisation", "Organisation type", "Partnership ID",
]  # fmt: skip
INVITATION_HEADINGS = ["Survey year", "Organisation type", "Invited"]
LOCAL_COUNCIL_HEADINGS = [
    "Partnership ID", "Council type", "Councillors", "Clerk", "Ward", "Information wanted",
    "Training needs", "Contact details checked",
]  # fmt: skip
MEETING_HEADINGS = [
    "Meeting date", "Meeting", "Partnership ID", "Council officer", "Councils represented",
    "Agenda items from partners", "Notes",
]  # fmt: skip
CONSULTATION_HEADINGS = [
    "Consultation", "Issued", "Closes", "Lead officer", "Councils consulted", "Responses",
]  # fmt: skip
DEVOLVED_HEADINGS = [
    "Partnership ID", "Service", "Stage", "Agreement start", "Agreement end", "Annual funding",
]  # fmt: skip
COMMENTARY_HEADINGS = ["Report", "Section", "Text", "Exempt", "Exempt reason"]
RECOMMENDATION_HEADINGS = ["Report", "No", "Recommendation", "Reason"]

DATE_HEADINGS = {
    "Start date", "End date", "Agreement date", "Last performance report", "Last review",
    "Last health check", "Next review", "Decision date", "Due", "Completed",
    "Control end date", "Assessment date", "Target date", "Target score date",
    "Contact details checked", "Meeting date",
    "Issued", "Closes", "Agreement start", "Agreement end",
}  # fmt: skip
MONEY_HEADINGS = {"Budget contribution", "Annual funding"}
#: Column widths by heading; other columns fit their longest value (between 10 and 40).
WIDE_TEXT = {
    "Objectives": 60, "Comments": 50, "Risk": 70, "Impact description": 50,
    "Likelihood factors": 50, "Controls": 60, "Action": 55, "Question": 70,
    "Information wanted": 50, "Training needs": 45, "Notes": 60, "Consultation": 55,
    "Service": 45, "Exempt reason": 50, "Text": 90, "Recommendation": 60, "Reason": 60,
}  # fmt: skip


def write_table(
    ws: Worksheet, headings: Sequence[str], rows: Iterable[Row], titles: Sequence[str] = ()
) -> None:
    """Title rows (an empty title leaves a blank row), a bold header, then the rows.

    Dates get `dd/mm/yyyy`, money `£#,##0`; long text wraps; panes freeze below the header.
    """
    for n, title in enumerate(titles, start=1):
        if title:
            ws.cell(row=n, column=1, value=title).font = Font(bold=True, size=14 if n == 1 else 11)
    header_row = len(titles) + 1
    for col, heading in enumerate(headings, start=1):
        cell = ws.cell(row=header_row, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [max(10, len(h) + 2) for h in headings]
    for r, values in enumerate(rows, start=header_row + 1):
        for col, (heading, value) in enumerate(zip(headings, values, strict=True), start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if heading in DATE_HEADINGS:
                cell.number_format = DATE_FORMAT
            elif heading in MONEY_HEADINGS:
                cell.number_format = MONEY_FORMAT
            if heading in WIDE_TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
            shown = 12 if isinstance(value, date) else len(str(value)) + 2
            widths[col - 1] = max(widths[col - 1], shown)
    for col, heading in enumerate(headings, start=1):
        width = WIDE_TEXT.get(heading, min(widths[col - 1], 40))
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
