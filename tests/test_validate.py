"""validate (with load and normalise in front): every problem is a finding naming its cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import (
    action_row,
    member_row,
    partnership_row,
    question_row,
    response_row,
    risk_row,
    write_workbook,
)
from conftest import AS_OF

from pipeline.findings import Finding, Severity
from pipeline.matrices import MATRICES
from pipeline.run import check_inputs
from pipeline.settings import Settings
from schemas import SHEETS


def findings_for(folder: Path, settings: Settings, as_of: date = AS_OF) -> list[Finding]:
    return check_inputs(folder, settings=settings, as_of=as_of)[2]


def flat(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    """(sheet, cell, column, rule) of each finding: short assertions (frictionless' flatten)."""
    return [(f.sheet, f.cell, f.column, f.rule) for f in findings]


def test_the_valid_input_has_no_findings(input_dir: Path, settings: Settings) -> None:
    """The builders' rows are valid: nothing to report."""
    assert findings_for(input_dir, settings) == []


@pytest.mark.parametrize(
    ("heading", "typed", "rule"),
    [
        ("Last review", "03/14/2026", "date.month_first"),  # US-style date
        ("Last review", "31/02/2024", "date.impossible"),  # no such day
        ("Last review", "next spring", "date.not_a_date"),
        ("Budget contribution", "-£5", "money.negative"),
        ("Budget contribution", "thirty thousand", "money.not_a_number"),
        ("Exit strategy", "Maybe", "yes_no.not_yes_no"),
        ("Status", "Dormant", "value.not_allowed"),
        ("Staff hours per month", 800, "number.out_of_range"),  # over 744 hours in a month
        ("Website", "example.org", "url.not_web_address"),
        ("Lead officer", None, "value.required"),
    ],
)
def test_a_bad_partnership_value_is_one_error_naming_its_cell(
    tmp_path: Path, settings: Settings, heading: str, typed: object, rule: str
) -> None:
    """Each unreadable or disallowed value is reported once, at its cell, under its heading."""
    row = partnership_row(**{heading: typed})
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    letter = chr(ord("A") + list(row).index(heading))
    findings = findings_for(tmp_path, settings)
    assert flat(findings) == [("Partnerships", f"{letter}2", heading, rule)]
    assert findings[0].severity is Severity.ERROR
    if typed is not None:
        assert str(typed) in findings[0].message


def test_duplicate_partnership_ids_compare_case_insensitively(
    tmp_path: Path, settings: Settings
) -> None:
    """`p-001` repeats `P-001`: the second is an error that names both rows."""
    write_workbook(
        tmp_path / "register.xlsx",
        {"Partnerships": [partnership_row(), partnership_row(**{"Partnership ID": "p-001"})]},
    )
    findings = findings_for(tmp_path, settings)
    assert flat(findings) == [("Partnerships", "A3", "Partnership ID", "id.duplicate")]
    assert "used by 2 partnerships (register.xlsx › Partnerships rows 2 and 3)" in (
        findings[0].message
    )


def test_references_to_unknown_partnerships_are_errors(tmp_path: Path, settings: Settings) -> None:
    """Members, actions and risks must name a partnership in the register."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(
        tmp_path / "more.xlsx",
        {
            "Members": [member_row(**{"Partnership ID": "P-999"})],
            "Actions": [action_row(**{"Partnership ID": "p-001"})],  # known, other case
            "Risks": [risk_row(**{"Partnership ID": "P-404"})],
        },
    )
    assert flat(findings_for(tmp_path, settings)) == [
        ("Members", "A2", "Partnership ID", "id.unknown_partnership"),
        ("Risks", "A2", "Partnership ID", "id.unknown_partnership"),
    ]


def test_no_partnerships_sheet_is_an_error(tmp_path: Path, settings: Settings) -> None:
    """Without a register nothing can be checked: one error, and no follow-on errors."""
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [risk_row()]})
    assert [f.rule for f in findings_for(tmp_path, settings)] == ["file.no_partnerships"]


def test_a_typed_rating_that_disagrees_with_the_matrix_is_a_warning(
    tmp_path: Path, settings: Settings
) -> None:
    """Charnwood's table rates impact 2 × likelihood 2 as 5; a typed 4 is a warning naming both."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    row = risk_row(**{"Inherent rating": 4})
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [row]})
    findings = findings_for(tmp_path, settings)
    letter = chr(ord("A") + list(row).index("Inherent rating"))
    assert flat(findings) == [("Risks", f"{letter}2", "Inherent rating", "risk.rating_mismatch")]
    assert findings[0].severity is Severity.WARNING
    assert "4" in findings[0].message
    assert "uses 5" in findings[0].message
    # The levels as the officer's matrix names them, not bare numbers.
    assert "impact 2 Medium and likelihood 2 Medium" in findings[0].message


@pytest.mark.parametrize(
    ("overrides", "rule", "severity"),
    [
        (
            {"Residual impact": None, "Residual likelihood": None, "Residual rating": None},
            "risk.residual_missing",
            Severity.WARNING,
        ),
        ({"Residual impact": None, "Residual rating": None}, "risk.residual_half", Severity.ERROR),
        (
            {"Residual impact": 3, "Residual likelihood": 3, "Residual rating": 9},
            "risk.residual_above_inherent",
            Severity.WARNING,
        ),
        ({"Controls": None}, "risk.lowered_without_controls", Severity.WARNING),
        ({"Inherent impact": "Severe"}, "level.unknown", Severity.ERROR),
        ({"Risk type": "R, X"}, "risk.unknown_type", Severity.ERROR),
        ({"Assessment date": date(2027, 1, 5)}, "date.after_as_of", Severity.ERROR),
    ],
)
def test_risk_rules(
    tmp_path: Path, settings: Settings, overrides: dict[str, object], rule: str, severity: Severity
) -> None:
    """Each risk rule of WORKBOOKS.md §3 fires once, with its severity."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [risk_row(**overrides)]})
    findings = findings_for(tmp_path, settings)
    assert [(f.rule, f.severity) for f in findings] == [(rule, severity)]
    assert findings[0].cell.endswith("2")


def test_duplicate_risk_numbers_within_a_partnership_are_errors(
    tmp_path: Path, settings: Settings
) -> None:
    """Risk no 1 twice for P-001 is an error; the same number for another partnership is not."""
    write_workbook(
        tmp_path / "register.xlsx",
        {"Partnerships": [partnership_row(), partnership_row(**{"Partnership ID": "P-002"})]},
    )
    write_workbook(
        tmp_path / "risks.xlsx",
        {"Risks": [risk_row(), risk_row(**{"Partnership ID": "P-002"}), risk_row()]},
    )
    assert flat(findings_for(tmp_path, settings)) == [
        ("Risks", "B4", "Risk no", "risk.duplicate_number")
    ]


def test_survey_rules(tmp_path: Path, settings: Settings) -> None:
    """An unknown question column, an answer off the scale, a reworded question."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(
        tmp_path / "survey-2025.xlsx",
        {
            "Questions": [question_row()],
            "Responses": [response_row(**{"Survey year": 2025}, Q1="Agree", Q9="Agree")],
        },
    )
    write_workbook(
        tmp_path / "survey-2026.xlsx",
        {
            "Questions": [question_row(Question="The council keeps us well informed")],
            "Responses": [response_row(Q1="Sometimes")],
        },
    )
    assert flat(findings_for(tmp_path, settings)) == [
        ("Responses", "F1", "Q9", "question.unknown_column"),
        ("Questions", "B2", "Question", "question.reworded"),
        ("Responses", "E2", "Q1", "answer.not_on_scale"),
    ]


def test_findings_are_sorted_by_file_sheet_and_row(tmp_path: Path, settings: Settings) -> None:
    """Every finding is reported, in reading order, not just the first."""
    write_workbook(
        tmp_path / "register.xlsx",
        {
            "Partnerships": [
                partnership_row(**{"Last review": "bad"}),
                partnership_row(
                    **{"Partnership ID": "P-002", "Status": "Gone", "Exit strategy": "?"}
                ),
            ]
        },
    )
    cells = [f.cell for f in findings_for(tmp_path, settings)]
    assert len(cells) == 3
    assert cells[0].endswith("2")
    assert all(c.endswith("3") for c in cells[1:])


@pytest.mark.parametrize(
    ("sheet", "heading", "typed", "allowed"),
    [
        ("Partnerships", "Staff hours per month", 800, "(744 or less)."),
        ("Partnerships", "Staff hours per month", -2, "(0 or more)."),
        ("Risks", "Risk no", 0, "(1 or more)."),
        ("Partnerships", "Status", "Dormant", ": Proposed, Active, Suspended, Closed."),
    ],
)
def test_a_schema_check_says_what_it_allows(
    tmp_path: Path, settings: Settings, sheet: str, heading: str, typed: object, allowed: str
) -> None:
    """The message's bounds and lists come from the failed check itself."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    rows = {"Partnerships": partnership_row, "Risks": risk_row}
    write_workbook(tmp_path / "more.xlsx", {sheet: [rows[sheet](**{heading: typed})]})
    [found] = [f for f in findings_for(tmp_path, settings) if f.file == "more.xlsx"]
    assert found.message.endswith(allowed)


def test_an_empty_register_is_a_register(tmp_path: Path, settings: Settings) -> None:
    """A Partnerships sheet with its headings and no rows was read: no "no register" error,
    and the risks that name partnerships are checked against it."""
    headings = [c.heading for c in SHEETS["Partnerships"].required]
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": []}, headings=headings)
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [risk_row()]})
    assert flat(findings_for(tmp_path, settings)) == [
        ("Risks", "A2", "Partnership ID", "id.unknown_partnership")
    ]


def test_ratings_are_blank_where_a_level_is_blank() -> None:
    """The matrix rates each risk once for validate and analyse alike: Charnwood's table
    gives impact 2 × likelihood 2 a 5, and a blank level no rating."""
    matrix = MATRICES["charnwood-3x3"]
    impacts = pd.Series([2, 3, None, 1], dtype="Int64")
    likelihoods = pd.Series([2, 1, 2, None], dtype="Int64")
    assert matrix.ratings_for(impacts, likelihoods).tolist() == [5, 6, pd.NA, pd.NA]


@pytest.mark.parametrize(
    ("overrides", "warned"),
    [
        ({"Decision": "Pending", "Decision date": date(2026, 12, 30)}, True),  # a day late
        ({"Decision": None, "Decision date": date(2026, 10, 21)}, True),  # blank awaits too
        ({"Decision": "Pending", "Decision date": AS_OF}, False),  # edge: due today
        ({"Decision": "Pending", "Decision date": date(2027, 1, 20)}, False),  # still to come
        ({"Decision": "Pending", "Decision date": None}, False),  # no date given
        ({"Decision": "Declined", "Decision date": date(2026, 10, 21)}, False),  # decided
    ],
)
def test_a_proposal_still_pending_after_its_decision_date_is_a_warning(
    tmp_path: Path, settings: Settings, overrides: dict[str, object], warned: bool
) -> None:
    """§10: a Proposed partnership awaiting a decision whose Decision date is before the
    reporting date is one warning, on the Decision date cell, saying the decision was due."""
    row = partnership_row(**{"Status": "Proposed", "Start date": None, **overrides})
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    findings = findings_for(tmp_path, settings)
    if not warned:
        assert findings == []
        return
    letter = chr(ord("A") + list(row).index("Decision date"))
    assert flat(findings) == [("Partnerships", f"{letter}2", "Decision date", "decision.overdue")]
    [found] = findings
    assert found.severity is Severity.WARNING
    assert f"{overrides['Decision date']:%d/%m/%Y}" in found.message
    assert "decision was due" in found.message


def test_an_active_partnership_pending_is_not_an_overdue_decision(
    tmp_path: Path, settings: Settings
) -> None:
    """Only a proposal awaits a decision: an Active row with Decision Pending and a past
    Decision date is not warned of."""
    row = partnership_row(**{"Decision": "Pending", "Decision date": date(2026, 5, 1)})
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    assert findings_for(tmp_path, settings) == []
