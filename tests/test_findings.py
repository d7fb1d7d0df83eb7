"""findings: problems as data, named by their cell the way Excel names it."""

from __future__ import annotations

import pytest

from pipeline.findings import (
    DATA_QUALITY_COLUMNS,
    Finding,
    Severity,
    cell_name,
    cell_ref,
    cell_sort_key,
    finding,
    findings_table,
    has_errors,
    sorted_findings,
)

LETTERS = {("risks.xlsx", "Risks"): {"partnership_id": "A", "risk_no": "B", "controls": "AB"}}


def row(source_row: int, file: str = "risks.xlsx", sheet: str = "Risks") -> dict[str, object]:
    return {"source_file": file, "source_sheet": sheet, "source_row": source_row}


@pytest.mark.parametrize(
    ("letter", "number", "cell"), [("F", 12, "F12"), ("AB", 3, "AB3"), (None, 12, ""), ("", 4, "")]
)
def test_cell_name_is_excels(letter: str | None, number: int, cell: str) -> None:
    """Column letters then row number; no cell without a column."""
    assert cell_name(letter, number) == cell


def test_cell_ref_finds_the_column_letter_of_the_rows_own_sheet() -> None:
    """A row's provenance and its sheet's letters name the cell; an unknown column or sheet
    has none."""
    assert cell_ref(row(12), "controls", LETTERS) == "AB12"
    assert cell_ref(row(7), "risk_no", LETTERS) == "B7"
    assert cell_ref(row(7), "risk_owner", LETTERS) == ""
    assert cell_ref(row(7, file="other.xlsx"), "risk_no", LETTERS) == ""


@pytest.mark.parametrize(("cell", "number"), [("F12", 12), ("AB3", 3), ("A1", 1), ("", None)])
def test_a_finding_says_which_row_it_is_on(cell: str, number: int | None) -> None:
    """`row` is the Excel row of the finding's cell; sheet- and file-level findings have none."""
    assert finding("value.required", file="a.xlsx", sheet="Risks", cell=cell).row == number


def test_the_row_is_not_a_data_quality_column() -> None:
    """The Data quality sheet has the contract's columns and the rule, nothing more."""
    table = findings_table([finding("value.required", file="a.xlsx", sheet="Risks", cell="B7")])
    assert tuple(table.columns) == DATA_QUALITY_COLUMNS
    assert table.loc[0, "Cell"] == "B7"


def test_cells_sort_by_row_then_column() -> None:
    """B2 before A3, Z1 before AA1, and a sheet-level finding first."""
    cells = ["A3", "AA1", "B2", "", "Z1", "A10"]
    assert sorted(cells, key=cell_sort_key) == ["", "Z1", "AA1", "B2", "A3", "A10"]


def test_findings_are_in_reading_order_once_each() -> None:
    """Run-level findings first, then by file, sheet, row and column; repeats dropped."""
    late = finding("value.required", file="b.xlsx", sheet="Risks", cell="A2")
    early = finding("value.required", file="a.xlsx", sheet="Risks", cell="B10")
    first = finding("value.required", file="a.xlsx", sheet="Risks", cell="C2")
    run = finding("file.no_partnerships")
    assert sorted_findings([late, early, run, first, late]) == [run, first, early, late]


def test_a_finding_takes_its_severity_and_message_from_the_catalogue() -> None:
    """The rule decides the severity; the message is its template filled in."""
    found = finding(
        "number.out_of_range",
        file="a.xlsx",
        sheet="Partnerships",
        cell="AA7",
        column="Staff hours per month",
        value="800",
        allowed="744 or less",
    )
    assert found.severity is Severity.ERROR
    assert found.message == (
        "“800” is outside the allowed range for Staff hours per month (744 or less)."
    )
    assert found.where == "a.xlsx › Partnerships › AA7"
    assert has_errors([found])
    assert not has_errors([Finding(Severity.WARNING, "sheet.hidden", "a.xlsx")])
