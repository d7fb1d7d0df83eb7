"""Workbook and row builders: valid rows as an officer would type them, written in code.

Override what a test is about: `partnership_row(Status="Closed")`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

from pipeline.findings import Severity
from pipeline.load import load_workbooks
from pipeline.matrices import RiskMatrix
from pipeline.normalise import normalise_sheets
from pipeline.validate import Dataset, validate_dataset


def partnership_row(**overrides: object) -> dict[str, object]:
    """A valid Partnerships row; every Yes/No in place, reviewed recently."""
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Partnership": "Example Community Safety Partnership",
        "Type": "Strategic/advisory",
        "Category": "Key",
        "Status": "Active",
        "Council priority": "Safer communities",
        "Lead partner": "Example County Council",
        "Lead officer": "Community Safety Manager",
        "Start date": date(2015, 4, 1),
        "Accountable body": "No",
        "Terms of reference": "Yes",
        "Governance arrangements": "Yes",
        "Information sharing protocol": "Yes",
        "Exit strategy": "Yes",
        "Equality impact assessment": "Yes",
        "Budget contribution": "£30,000",
        "Staff hours per month": 10,
        "Reporting frequency": "Annual",
        "Last performance report": date(2026, 6, 1),
        "Last review": date(2026, 6, 1),
        "Last health check": date(2026, 6, 1),
    }
    row.update(overrides)
    return row


def agreement_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Purpose and scope": "Yes",
        "Equality and diversity": "Yes",
        "Partnership mix": "Yes",
        "Commitment": "Yes",
        "Roles and responsibilities": "Yes",
        "Decision making": "Yes",
        "Reporting and information sharing": "Yes",
        "Complaints procedure": "Yes",
    }
    row.update(overrides)
    return row


def member_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Organisation": "Example County Council",
        "Sector": "Public sector",
        "Role": "Lead",
    }
    row.update(overrides)
    return row


def action_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Action": "Refresh the terms of reference",
        "Owner": "Community Safety Manager",
        "Due": date(2027, 6, 30),
        "Completed": None,
    }
    row.update(overrides)
    return row


def officer_row(**overrides: object) -> dict[str, object]:
    """A valid Officers row: the lead officer and action owner of partnership_row and
    action_row, at an invented address."""
    row: dict[str, object] = {
        "Name": "Community Safety Manager",
        "Role": "Community Safety Manager",
        "Email": "community.safety.manager@council.example",
        "Team": "Community Safety",
    }
    row.update(overrides)
    return row


def risk_row(**overrides: object) -> dict[str, object]:
    """A valid Risks row on the Charnwood 3×3 matrix (inherent 2×2 = 5, residual impact 1 × likelihood 2 = 2)."""
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Risk no": 1,
        "Risk type": "F",
        "Risk": "The risk that funding ends because of budget cuts, resulting in lost services.",
        "Inherent impact": 2,
        "Inherent likelihood": 2,
        "Inherent rating": 5,
        "Control type": "R",
        "Controls": "Annual funding agreement with partners",
        "Residual impact": 1,
        "Residual likelihood": 2,
        "Residual rating": 2,
        "Risk owner": "Head of Finance",
        "Assessment date": date(2026, 6, 1),
    }
    row.update(overrides)
    return row


def risk_action_row(**overrides: object) -> dict[str, object]:
    """A valid Risk actions row: an open action on P-001's risk 1, due 30 June 2027."""
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Risk no": 1,
        "Action": "Agree a three-year funding plan with the partners",
        "Owner": "Head of Finance",
        "Due": date(2027, 6, 30),
        "Completed": None,
    }
    row.update(overrides)
    return row


def question_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Question ID": "Q1",
        "Question": "The council keeps us informed",
        "Theme": "Communication",
        "Kind": "Scale",
    }
    row.update(overrides)
    return row


def response_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Response ID": "R-001",
        "Survey year": 2026,
        "Organisation": "Example Parish Council",
        "Organisation type": "Parish council",
        "Q1": "Agree",
    }
    row.update(overrides)
    return row


def council_row(**overrides: object) -> dict[str, object]:
    """A valid Local councils row: P-001, a parish council of nine councillors."""
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Council type": "Parish council",
        "Councillors": 9,
        "Contact details checked": date(2026, 6, 1),
    }
    row.update(overrides)
    return row


def meeting_row(**overrides: object) -> dict[str, object]:
    """A valid Meetings row: P-001's AGM on 12 May 2026."""
    row: dict[str, object] = {
        "Meeting date": date(2026, 5, 12),
        "Meeting": "AGM",
        "Partnership ID": "P-001",
    }
    row.update(overrides)
    return row


def consultation_row(**overrides: object) -> dict[str, object]:
    """A valid Consultations row: six weeks to respond, ten councils consulted, four replies."""
    row: dict[str, object] = {
        "Consultation": "Local Plan review",
        "Issued": date(2026, 9, 1),
        "Closes": date(2026, 10, 13),
        "Councils consulted": 10,
        "Responses": 4,
    }
    row.update(overrides)
    return row


def devolved_service_row(**overrides: object) -> dict[str, object]:
    """A valid Devolved services row: P-001's landscaping agreement, £12,000 a year."""
    row: dict[str, object] = {
        "Partnership ID": "P-001",
        "Service": "Landscaping",
        "Stage": "Agreement",
        "Agreement start": date(2025, 4, 1),
        "Agreement end": date(2028, 3, 31),
        "Annual funding": "£12,000",
    }
    row.update(overrides)
    return row


def as_excel_stores(text: str) -> str:
    """`text` with each control character written `_x001B_`, as Excel stores one in a cell
    (openpyxl refuses a control character itself; the readers turn `_x001B_` back into it)."""
    return "".join(f"_x{ord(c):04X}_" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in text)


def put_text(path: Path, placeholder: str, text: str) -> Path:
    """The workbook at `path` with the cell holding `placeholder` holding `text` instead,
    however long: openpyxl cuts a text at Excel's 32,767 characters, but other programs write
    longer ones, and the pipeline must read what they write."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    [part] = [name for name, content in parts.items() if placeholder.encode() in content]
    parts[part] = parts[part].replace(placeholder.encode(), escape(text).encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in parts.items():
            book.writestr(name, content)
    return path


def write_workbook(
    path: Path,
    sheets: Mapping[str, Sequence[Mapping[str, object]]],
    *,
    title_rows: Sequence[str] = (),
    headings: Sequence[str] | None = None,
) -> Path:
    """An .xlsx with one sheet per entry: optional title rows, a header row, then the rows.

    The header is the union of the rows' keys in first-seen order, unless `headings` is given.
    """
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for title in title_rows:
            sheet.append([title])
        columns = list(headings) if headings is not None else []
        if headings is None:
            for row in rows:
                columns += [key for key in row if key not in columns]
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    book.save(path)
    return path


def write_valid_input(folder: Path) -> Path:
    """An input/ folder with one valid partnership, its risk and a small survey."""
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(
        folder / "register.xlsx",
        {
            "Partnerships": [partnership_row()],
            "Members": [member_row()],
            "Agreements": [agreement_row()],
            "Actions": [action_row()],
        },
    )
    write_workbook(folder / "risks.xlsx", {"Risks": [risk_row()]})
    write_workbook(
        folder / "survey.xlsx",
        {
            "Questions": [question_row()],
            "Responses": [response_row(**{"Response ID": f"R-{n}"}) for n in range(5)],
        },
    )
    return folder


def valid_dataset(
    folder: Path,
    books: Mapping[str, Mapping[str, Sequence[Mapping[str, object]]]],
    *,
    matrix: RiskMatrix,
    as_of: date,
) -> Dataset:
    """The validated dataset of the workbooks in `books` (file name → sheets), put through the
    real load → normalise → validate; the test fails if they hold any error."""
    folder.mkdir(parents=True)
    for name, sheets in books.items():
        write_workbook(folder / name, sheets)
    loaded = load_workbooks(folder)
    typed, problems = normalise_sheets(loaded.sheets, matrix=matrix)
    dataset, more = validate_dataset(typed, matrix=matrix, as_of=as_of, already_reported=problems)
    errors = [
        f"{f.where}: {f.message}"
        for f in [*loaded.findings, *problems, *more]
        if f.severity is Severity.ERROR
    ]
    assert errors == [], errors
    return dataset
