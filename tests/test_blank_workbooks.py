"""Blank workbooks from the schemas: filled by the builders they validate cleanly, and every
drop-down offers exactly the schema's values."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from builders import (
    action_row,
    agreement_row,
    consultation_row,
    council_row,
    devolved_service_row,
    meeting_row,
    member_row,
    officer_row,
    partnership_row,
    question_row,
    response_row,
    risk_action_row,
    risk_row,
)
from conftest import AS_OF
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from pipeline.blank_workbooks import (
    GUIDANCE,
    LISTS,
    MAX_ERROR,
    MAX_INLINE_LIST,
    WORKBOOKS,
    blank_workbooks,
    choices_for,
    table_name,
)
from pipeline.cli import main
from pipeline.matrices import MATRICES, MAX_LABEL_LENGTH, MAX_LEVELS, custom_matrix
from pipeline.run import check_inputs
from pipeline.settings import Settings
from schemas import SHEETS
from schemas.liaison import COUNCIL_TYPES, MEETING_KINDS, STAGES

ROWS = {
    "Partnerships": [partnership_row()],
    "Members": [member_row()],
    "Agreements": [agreement_row()],
    "Actions": [action_row()],
    "Officers": [
        officer_row(),
        officer_row(
            Name="Head of Finance", Role="Head of Finance", Email="finance@council.example"
        ),
    ],
    "Risks": [risk_row()],
    "Risk actions": [risk_action_row()],
    "Questions": [question_row()],
    "Responses": [response_row(**{"Response ID": f"R-{n}"}) for n in range(5)],
    "Invitations": [{"Survey year": 2026, "Organisation type": "Parish council", "Invited": 9}],
    "Local councils": [council_row()],
    "Meetings": [
        meeting_row(),
        {
            "Meeting date": date(2026, 10, 7),
            "Meeting": "Clerks meeting",
            "Councils represented": 31,
        },
    ],
    "Consultations": [consultation_row()],
    "Devolved services": [devolved_service_row()],
    "Commentary": [{"Report": "Annual", "Section": "Summary", "Text": "One.\n\n- two"}],
    "Recommendations": [{"Report": "Both", "No": 1, "Recommendation": "note the report."}],
}


@pytest.fixture(scope="module")
def blanks() -> Callable[[str], dict[str, bytes]]:
    """`blank_workbooks` for a matrix named in MATRICES, written once per matrix for the
    module's tests (bytes: nothing a test does can change them)."""
    return cache(lambda matrix_name: blank_workbooks(MATRICES[matrix_name]))


def _fill(content: bytes, path: Path) -> None:
    """Type the builders' rows into a blank workbook, under its own headings."""
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        if sheet.title == GUIDANCE:
            continue
        headings = [cell.value for cell in sheet[1]]
        for offset, row in enumerate(ROWS[sheet.title], start=2):
            for key, value in row.items():
                if key not in headings:  # a question column, added after the last heading
                    headings.append(key)
                    sheet.cell(row=1, column=len(headings), value=key)
                sheet.cell(row=offset, column=headings.index(key) + 1, value=value)
    book.save(path)


def test_filled_templates_validate_with_no_findings(
    tmp_path: Path, settings: Settings, blanks: Callable[[str], dict[str, bytes]]
) -> None:
    """Schema → blank workbook → filled by an officer (the builders) → load → validate: clean."""
    folder = tmp_path / "input"
    folder.mkdir()
    assert settings.matrix == MATRICES["charnwood-3x3"]  # the default
    for name, content in blanks("charnwood-3x3").items():
        _fill(content, folder / name)
    _, dataset, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert findings == []
    assert len(dataset.partnerships) == 1
    assert len(dataset.responses) == 5
    assert len(dataset.local_councils) == 1
    assert len(dataset.meetings) == 2
    assert len(dataset.consultations) == 1
    assert len(dataset.devolved_services) == 1
    assert len(dataset.risk_actions) == 1


@pytest.mark.parametrize("matrix_name", ["charnwood-3x3", "harborough-4x6"])
def test_every_drop_down_offers_exactly_the_schemas_values(
    matrix_name: str, blanks: Callable[[str], dict[str, bytes]]
) -> None:
    """Choices, Yes/No and matrix levels (as the chosen matrix names them) are drop-downs."""
    matrix = MATRICES[matrix_name]
    for name, content in blanks(matrix_name).items():
        book = load_workbook(io.BytesIO(content))
        assert book.sheetnames == [*WORKBOOKS[name], GUIDANCE]
        for sheet_name in WORKBOOKS[name]:
            sheet = book[sheet_name]
            spec = SHEETS[sheet_name]
            assert [c.value for c in sheet[1]] == [col.heading for col in spec.columns]
            assert sheet.freeze_panes == "A2"
            assert table_name(sheet_name) in sheet.tables
            lists = {}
            for check in sheet.data_validations.dataValidation:
                column = column_index_from_string(
                    str(check.sqref).split(":")[0].rstrip("0123456789")
                )
                if check.type == "list":
                    lists[spec.columns[column - 1].name] = tuple(
                        check.formula1.strip('"').split(",")
                    )
                assert check.prompt
            expected = {
                col.name: choices_for(col, matrix)
                for col in spec.columns
                if choices_for(col, matrix)
            }
            assert lists == expected
    risks = load_workbook(io.BytesIO(blanks(matrix_name)["risk-register.xlsx"]))["Risks"]
    assert any(f"{len(matrix.likelihood)} {matrix.likelihood[-1]}" in (c.formula1 or "")
               for c in risks.data_validations.dataValidation)  # fmt: skip


@pytest.mark.slow
def test_make_templates_follows_the_councils_matrix(tmp_path: Path) -> None:
    """`templates` reads settings.toml and writes to OUTPUT/templates/, never into input/."""
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "settings.toml").write_text('[risk]\nmatrix = "harborough-4x6"\n', encoding="utf-8")
    assert main(["templates", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out" / "templates").iterdir())
    assert written == sorted(WORKBOOKS)
    assert [p.name for p in folder.iterdir()] == ["settings.toml"]
    book = load_workbook(tmp_path / "out" / "templates" / "risk-register.xlsx")
    formulas = [c.formula1 for c in book["Risks"].data_validations.dataValidation]
    assert any("4 Catastrophic" in (f or "") for f in formulas)


@pytest.mark.parametrize(
    ("workbook", "sheet_name", "heading", "bounds"),
    [
        ("partnership-register.xlsx", "Partnerships", "Staff hours per month", ("0", "744")),
        ("partnership-register.xlsx", "Partnerships", "Budget contribution", ("0", "1000000000")),
        ("risk-register.xlsx", "Risks", "Risk no", ("1", "1000000")),
        ("partner-survey.xlsx", "Responses", "Survey year", ("2000", "2100")),
        ("partner-survey.xlsx", "Invitations", "Invited", ("0", "1000000")),
        ("parish-liaison.xlsx", "Local councils", "Councillors", ("0", "1000000")),
        ("parish-liaison.xlsx", "Meetings", "Agenda items from partners", ("0", "1000000")),
        ("parish-liaison.xlsx", "Devolved services", "Annual funding", ("0", "1000000000")),
    ],
)
def test_number_checks_keep_to_the_schemas_bounds(
    workbook: str,
    sheet_name: str,
    heading: str,
    bounds: tuple[str, str],
    blanks: Callable[[str], dict[str, bytes]],
) -> None:
    """Excel refuses what validate would: the schema's own bounds, else the kind's."""
    sheet = load_workbook(io.BytesIO(blanks("charnwood-3x3")[workbook]))[sheet_name]
    letter = get_column_letter([c.value for c in sheet[1]].index(heading) + 1)
    [check] = [
        c for c in sheet.data_validations.dataValidation if str(c.sqref).startswith(f"{letter}2:")
    ]
    assert (check.formula1, check.formula2) == bounds
    assert check.error.endswith(f"from {bounds[0]} to {bounds[1]}.")


@pytest.mark.slow
def test_the_liaison_workbook_has_the_town_and_parish_council_drop_downs(tmp_path: Path) -> None:
    """`make templates` writes parish-liaison.xlsx: its four sheets, Council type, Meeting and
    Stage as drop-downs of their values, and date checks on the dates."""
    (tmp_path / "input").mkdir()
    arguments = ["templates", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out")]
    assert main(arguments) == 0
    book = load_workbook(tmp_path / "out" / "templates" / "parish-liaison.xlsx")
    assert book.sheetnames == [
        "Local councils",
        "Meetings",
        "Consultations",
        "Devolved services",
        GUIDANCE,
    ]

    def checks(sheet_name: str) -> dict[str, tuple[str, str | None]]:
        """Each heading's data validation: its type and first formula."""
        sheet = book[sheet_name]
        headings = [cell.value for cell in sheet[1]]
        found = {}
        for check in sheet.data_validations.dataValidation:
            letter = str(check.sqref).split(":")[0].rstrip("0123456789")
            found[headings[column_index_from_string(letter) - 1]] = (check.type, check.formula1)
        return found

    def listed(formula: str | None) -> tuple[str, ...]:
        return tuple((formula or "").strip('"').split(","))

    councils, meetings = checks("Local councils"), checks("Meetings")
    assert councils["Council type"][0] == "list"
    assert listed(councils["Council type"][1]) == COUNCIL_TYPES
    assert councils["Contact details checked"][0] == "date"
    assert councils["Councillors"][0] == "whole"
    assert meetings["Meeting"][0] == "list"
    assert listed(meetings["Meeting"][1]) == MEETING_KINDS
    assert len(MEETING_KINDS) == 10
    assert meetings["Meeting date"][0] == "date"
    assert listed(checks("Devolved services")["Stage"][1]) == STAGES
    assert {checks("Consultations")[h][0] for h in ("Issued", "Closes")} == {"date"}
    assert book["Local councils"].tables.keys() == {"Local_councils"}
    guidance = {(row[0], row[1]) for row in book[GUIDANCE].iter_rows(min_row=2, values_only=True)}
    assert ("Meetings", "Meeting") in guidance
    assert ("Devolved services", "Annual funding") in guidance


def test_long_or_comma_levels_come_from_a_hidden_list_excel_can_open(
    tmp_path: Path, settings: Settings, blanks: Callable[[str], dict[str, bytes]]
) -> None:
    """A matrix at the caps, its names long and with commas: each level drop-down reads its
    values from the hidden lists sheet (Excel allows 255 characters in a list of its own, and
    reads a comma as the end of a value), every check stays within Excel's lengths, and the
    loader passes the hidden sheet over."""
    labels = [
        f"Level {n}, {'described at some length ' * 2}".strip()[:MAX_LABEL_LENGTH]
        for n in range(1, MAX_LEVELS + 1)
    ]
    matrix = custom_matrix(
        {"impact": labels, "likelihood": labels, "rating": "product",
         "bands": [{"name": "Low", "from": 1, "to": 50, "colour": "#00703c"},
                   {"name": "High", "from": 51, "to": MAX_LEVELS**2, "colour": "#d4351c"}]}
    )  # fmt: skip
    risk_register = blank_workbooks(matrix)["risk-register.xlsx"]
    book = load_workbook(io.BytesIO(risk_register))
    assert book.sheetnames == ["Risks", "Risk actions", GUIDANCE, LISTS]
    assert book[LISTS].sheet_state == "hidden"
    levels = [
        check
        for check in book["Risks"].data_validations.dataValidation
        if check.type == "list" and "'" in check.formula1
    ]
    assert len(levels) == 6  # inherent, residual and target: impact and likelihood
    for check in levels:
        cells = book[LISTS][check.formula1.split("!")[1].replace("$", "")]
        assert [cell.value for (cell,) in cells] == [f"{n} {x}" for n, x in enumerate(labels, 1)]
    for check in book["Risks"].data_validations.dataValidation:
        assert len(check.formula1 or "") <= MAX_INLINE_LIST
        assert len(check.error or "") <= MAX_ERROR
        assert len(check.prompt or "") <= 255
    # The default matrix's short lists stay in the checks themselves, with no hidden sheet.
    default = load_workbook(
        io.BytesIO(blank_workbooks(MATRICES["charnwood-3x3"])["risk-register.xlsx"])
    )
    assert LISTS not in default.sheetnames
    folder = tmp_path / "input"
    folder.mkdir()
    _fill(blanks("charnwood-3x3")["partnership-register.xlsx"], folder / "register.xlsx")
    (folder / "risks.xlsx").write_bytes(risk_register)
    _, _, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [f.rule for f in findings if f.sheet == LISTS] == []
