"""normalise (with load in front): what officers typed becomes typed columns, read by the
kind each column declares, and every value that cannot be read is a finding at its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook

from pipeline.findings import Finding
from pipeline.load import load_workbooks
from pipeline.matrices import MATRICES, RiskMatrix
from pipeline.normalise import Sheets, normalise_sheets
from schemas import SHEETS
from schemas.kinds import KINDS

CHARNWOOD, HARBOROUGH = MATRICES["charnwood-3x3"], MATRICES["harborough-4x6"]


def normalised(folder: Path, matrix: RiskMatrix = CHARNWOOD) -> tuple[Sheets, list[Finding]]:
    loaded = load_workbooks(folder)
    assert loaded.findings == []
    return normalise_sheets(loaded.sheets, matrix=matrix)


def test_every_column_has_its_kinds_dtype() -> None:
    """Each typed column is stored as its kind's registry says, even with no workbooks."""
    sheets, findings = normalise_sheets([], matrix=CHARNWOOD)
    assert findings == []
    for name, spec in SHEETS.items():
        dtypes = sheets.frames[name].dtypes
        assert {c.name: str(dtypes[c.name]) for c in spec.columns} == {
            c.name: KINDS[c.kind].dtype for c in spec.columns
        }, name


def test_choices_are_read_case_insensitively(tmp_path: Path) -> None:
    """`ACTIVE`, `key` and `six monthly` are the listed values in other clothes."""
    row = partnership_row(Status="ACTIVE", Category="key", **{"Reporting frequency": "six monthly"})
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    sheets, findings = normalised(tmp_path)
    assert findings == []
    assert sheets.frames["Partnerships"].loc[
        0, ["status", "category", "reporting_frequency"]
    ].tolist() == ["Active", "Key", "Six-monthly"]


@pytest.mark.parametrize(
    ("column", "typed", "level"),
    [
        ("Inherent impact", "Catastrophic", 4),
        ("Inherent likelihood", "Very high", 6),
        ("Inherent likelihood", 5, 5),
        ("Residual impact", "2 – Marginal", 2),
        ("Residual likelihood", "Almost impossible", 1),
    ],
)
def test_a_level_is_read_on_its_columns_own_scale(
    tmp_path: Path, column: str, typed: object, level: int
) -> None:
    """Impact columns read the matrix's impact levels, likelihood columns its likelihood
    levels: Harborough's 4 × 6 has words and numbers on one scale not on the other."""
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [risk_row(**{column: typed})]})
    sheets, findings = normalised(tmp_path, HARBOROUGH)
    assert findings == []
    name = next(c.name for c in SHEETS["Risks"].columns if c.heading == column)
    assert sheets.frames["Risks"].loc[0, name] == level


@pytest.mark.parametrize(
    ("column", "typed", "scale"),
    [("Inherent impact", 5, "impact"), ("Inherent likelihood", "Catastrophic", "likelihood")],
)
def test_a_level_off_its_scale_names_the_scale(
    tmp_path: Path, column: str, typed: object, scale: str
) -> None:
    """Level 5 is on Harborough's likelihood scale but not its impact scale; Catastrophic
    is an impact: each is refused on the other scale, and the message says which."""
    row = risk_row(**{column: typed})
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [row]})
    _, findings = normalised(tmp_path, HARBOROUGH)
    letter = chr(ord("A") + list(row).index(column))
    assert [(f.cell, f.column, f.rule) for f in findings] == [
        (f"{letter}2", column, "level.unknown")
    ]
    assert f"the {scale} scale in the harborough-4x6 matrix" in findings[0].message


def test_the_kinds_of_sheet_read_are_named_even_with_no_rows(tmp_path: Path) -> None:
    """A Members sheet with its headings and no rows was read; no Partnerships sheet was."""
    write_workbook(
        tmp_path / "members.xlsx", {"Members": []}, headings=["Partnership ID", "Organisation"]
    )
    sheets, _ = normalised(tmp_path)
    assert sheets.read == {"Members"}
    assert sheets.frames["Members"].empty


def test_true_and_1_in_one_column_are_read_apart(tmp_path: Path) -> None:
    """Values are parsed once each, and TRUE, 1 and 1.5 are different cells even though
    Python counts True and 1 as the same dictionary key."""
    rows = [
        partnership_row(**{"Partnership ID": f"P-00{n}", "Comments": typed})
        for n, typed in enumerate((True, 1, 1.5, 1), start=1)
    ]
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": rows})
    sheets, findings = normalised(tmp_path)
    assert findings == []
    assert sheets.frames["Partnerships"]["comments"].tolist() == ["True", "1", "1.5", "1"]
