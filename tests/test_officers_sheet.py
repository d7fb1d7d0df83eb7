"""The optional Officers sheet (WORKBOOKS.md §12): each address is checked at its cell, and
with the sheet present, every officer the register names must be on it (one warning a name,
at the first cell that uses it); names match ignoring capitals and extra spaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import action_row, officer_row, partnership_row, risk_row, write_workbook
from conftest import AS_OF

from pipeline.findings import Finding
from pipeline.run import check_inputs
from pipeline.settings import Settings


def check(folder: Path, settings: Settings) -> list[Finding]:
    return check_inputs(folder, settings=settings, as_of=AS_OF)[2]


def register(
    folder: Path,
    officers: list[dict[str, object]] | None,
    *,
    partnership: dict[str, object] | None = None,
    actions: list[dict[str, object]] | None = None,
    risks: list[dict[str, object]] | None = None,
) -> None:
    """register.xlsx with one partnership (its lead officer the Community Safety Manager),
    its action and, unless `officers` is None, an Officers sheet; risks.xlsx with its risk
    (owned by the Head of Finance)."""
    sheets: dict[str, list[dict[str, object]]] = {
        "Partnerships": [partnership or partnership_row()],
        "Actions": actions if actions is not None else [action_row()],
    }
    if officers is not None:
        sheets["Officers"] = officers
    write_workbook(folder / "register.xlsx", sheets)
    write_workbook(folder / "risks.xlsx", {"Risks": risks if risks is not None else [risk_row()]})


FINANCE = officer_row(Name="Head of Finance", Role="Head of Finance", Email="fin@council.example")


def test_officers_naming_everyone_gives_no_findings_and_names_match_loosely(
    tmp_path: Path, settings: Settings
) -> None:
    """Names match Lead officer, Owner and Risk owner whatever their capitals and spacing."""
    register(
        tmp_path,
        [officer_row(Name="  community   SAFETY manager "), officer_row(**FINANCE)],
        risks=[risk_row(**{"Risk owner": "head of  finance"})],
    )
    assert check(tmp_path, settings) == []


@pytest.mark.parametrize(
    "typed",
    [
        "head.of.finance",
        "Head of Finance <fin@council.example>",
        "fin@council.example; ceo@council.example",
        "fin@council",
        "fin @council.example",
        "fin@@council.example",
        ".fin@council.example",
    ],
)
def test_an_email_that_is_not_one_address_is_an_error_naming_its_cell(
    tmp_path: Path, settings: Settings, typed: str
) -> None:
    register(tmp_path, [officer_row(), officer_row(**{**FINANCE, "Email": typed})])
    [found] = check(tmp_path, settings)
    assert (found.file, found.sheet, found.cell, found.column, found.rule) == (
        "register.xlsx",
        "Officers",
        "C3",
        "Email",
        "email.not_address",
    )
    assert found.severity == "Error"
    assert f"“{typed}”" in found.message


def test_a_blank_email_is_allowed(tmp_path: Path, settings: Settings) -> None:
    register(tmp_path, [officer_row(Email=None), FINANCE])
    assert check(tmp_path, settings) == []


def test_a_name_missing_from_officers_is_one_warning_at_its_first_use(
    tmp_path: Path, settings: Settings
) -> None:
    """The Head of Finance owns the risk and two actions, and is the partnership manager:
    one warning, at Partnerships' Partnership manager (looked at first); the listed officer
    gives none."""
    partnership = partnership_row(**{"Partnership manager": "Head of Finance"})
    register(
        tmp_path,
        [officer_row()],
        partnership=partnership,
        actions=[action_row(), action_row(Owner="HEAD OF FINANCE"), action_row(Owner="Planner")],
    )
    found = check(tmp_path, settings)
    assert sorted((f.sheet, f.column, f.rule, f.severity) for f in found) == [
        ("Actions", "Owner", "officer.not_listed", "Warning"),
        ("Partnerships", "Partnership manager", "officer.not_listed", "Warning"),
    ]
    planner, manager = sorted(found, key=lambda f: f.sheet)
    assert manager.cell == f"{chr(ord('A') + list(partnership).index('Partnership manager'))}2"
    assert planner.cell.endswith("4")  # the third action
    assert "“Head of Finance”" in manager.message
    assert "register.xlsx › Officers" in manager.message
    assert "“Planner”" in planner.message


def test_a_risk_owner_missing_is_warned_at_the_risk(tmp_path: Path, settings: Settings) -> None:
    register(tmp_path, [officer_row()])
    [found] = check(tmp_path, settings)
    assert (found.file, found.sheet, found.column, found.rule) == (
        "risks.xlsx",
        "Risks",
        "Risk owner",
        "officer.not_listed",
    )


def test_without_an_officers_sheet_no_name_is_checked(tmp_path: Path, settings: Settings) -> None:
    register(tmp_path, None, actions=[action_row(Owner="Planner")])
    assert check(tmp_path, settings) == []
