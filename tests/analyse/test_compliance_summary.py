"""Compliance at a glance, check by check, and the officers' own lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import action_row, agreement_row, partnership_row, risk_row, valid_dataset
from conftest import AS_OF

from pipeline.analyse.compliance import Context, due_soon, overdue
from pipeline.analyse.compliance_summary import check_counts, compliance
from pipeline.analyse.officers import (
    data_quality_by_partnership,
    officer_lists,
    safe_file_name,
)
from pipeline.analyse.register import partnerships_with_significance
from pipeline.findings import finding, findings_table
from pipeline.settings import Settings


def _tables(tmp_path: Path, settings: Settings, sheets: dict):
    dataset = valid_dataset(
        tmp_path / "input", {"register.xlsx": sheets}, matrix=settings.matrix, as_of=AS_OF
    )
    ctx = Context(
        partnerships=partnerships_with_significance(dataset.partnerships, settings=settings),
        agreements=dataset.agreements,
        actions=dataset.actions,
        risks=dataset.risks,
        settings=settings,
        as_of=AS_OF,
    )
    return dataset, ctx, overdue(ctx), due_soon(ctx)


SHEETS = {
    "Partnerships": [
        partnership_row(),  # Key, all in date, agreement complete
        partnership_row(
            **{
                "Partnership ID": "P-002",
                "Lead officer": "Head of Finance",
                "Last review": date(2025, 6, 1),  # overdue
                "Last health check": date(2025, 2, 10),  # due 10 Feb 2027: due soon
                "Reporting frequency": None,  # no performance report check
                "Exit strategy": "No",
                "Category": "Service",
                "Budget contribution": 0,
            }
        ),
        partnership_row(**{"Partnership ID": "P-003", "Status": "Closed"}),
    ],
    "Agreements": [agreement_row()],
    "Risks": [risk_row()],
    "Actions": [action_row(**{"Partnership ID": "P-002", "Due": date(2026, 10, 1)})],
}


def test_check_counts_list_every_check_with_zeros(tmp_path: Path, settings: Settings) -> None:
    """Each check appears once with its overdue and due-soon counts, zeros included."""
    _, _, late, soon = _tables(tmp_path, settings, SHEETS)
    counts = check_counts(late, soon).set_index("Check")
    assert len(counts) == 10
    assert counts.loc["Review", "Overdue"] == 1
    assert counts.loc["Health check", "Due soon"] == 1
    assert counts.loc["Follow-up action", "Overdue"] == 1
    assert counts.loc["Governance gap", "Overdue"] == 1
    assert counts.loc["Past end date", "Overdue"] == 0
    assert counts["Overdue"].sum() == len(late)
    assert counts["Due soon"].sum() == len(soon)


def test_compliance_says_each_partnerships_position_in_words(
    tmp_path: Path, settings: Settings
) -> None:
    """Active partnerships only; Overdue, Due soon, In date, Not set, Not required, n of 5."""
    _, ctx, late, soon = _tables(tmp_path, settings, SHEETS)
    table = compliance(ctx, late, soon).set_index("Partnership ID")
    assert list(table.index) == ["P-001", "P-002"]
    assert table.loc["P-001"].to_dict() | {"Partnership": ""} == {
        "Partnership": "",
        "Lead officer": "Community Safety Manager",
        "Review": "In date",
        "Health check": "In date",
        "Risk assessment": "In date",
        "Performance report": "In date",
        "Agreement": "Complete",
        "Governance documents": "5 of 5",
        "Actions overdue": 0,
    }
    second = table.loc["P-002"]
    assert second["Review"] == "Overdue"
    assert second["Health check"] == "Due soon"
    assert second["Risk assessment"] == "Not required"  # not significant, no risks
    assert second["Performance report"] == "Not set"
    assert second["Agreement"] == "Not required"  # a service partnership
    assert second["Governance documents"] == "4 of 5"
    assert second["Actions overdue"] == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Community Safety Manager", "Community Safety Manager"),
        ("Head of Finance / S151 Officer", "Head of Finance S151 Officer"),
        ("../../etc/passwd", "etc passwd"),
        ("Chief Executive.", "Chief Executive"),
        ("   ", "Officer"),
        ("Swyddog Cymunedau 🏡", "Swyddog Cymunedau"),
        ("Pennaeth Cyllid â’r Gwasanaeth", "Pennaeth Cyllid â r Gwasanaeth"),
    ],
)
def test_officer_file_names_are_safe(name: str, expected: str) -> None:
    """No path separators, dots at the end or characters a file system might refuse."""
    assert safe_file_name(name) == expected


def test_officer_lists_hold_each_officers_rows_and_their_data_quality(
    tmp_path: Path, settings: Settings
) -> None:
    """Each lead officer with something to do gets a list; warnings about rows of their
    partnerships are on it."""
    dataset, _, late, soon = _tables(tmp_path, settings, SHEETS)
    warning = finding(
        "risk.rating_mismatch",
        file="register.xlsx",
        sheet="Risks",
        cell="I2",
        column="Inherent rating",
        stage="Inherent",
        value="4",
        impact=2,
        likelihood=2,
        matrix="charnwood-3x3",
        computed=5,
    )
    elsewhere = [
        replace(warning, sheet="Partnerships"),  # row 2 of another sheet: its own partnership
        replace(warning, cell="I99"),  # a row that is not there
        replace(warning, cell=""),  # about the sheet as a whole
    ]
    quality = data_quality_by_partnership(findings_table([warning, *elsewhere]), dataset)
    about = quality.set_index(["Sheet", "Cell"])["Partnership ID"].to_dict()
    assert about[("Risks", "I2")] == "P-001"
    assert about[("Partnerships", "I2")] == dataset.partnerships.loc[0, "partnership_id"]
    assert pd.isna(about[("Risks", "I99")])
    assert pd.isna(about[("Risks", "")])
    quality = quality[(quality["Sheet"] == "Risks") & (quality["Cell"] == "I2")]
    lists = officer_lists(late, soon, quality, dataset.partnerships)
    assert sorted(lists) == ["Community Safety Manager.xlsx", "Head of Finance.xlsx"]
    finance = lists["Head of Finance.xlsx"]
    assert len(finance["Overdue"]) == len(late[late["Lead officer"] == "Head of Finance"])
    assert len(finance["Data quality"]) == 0
    assert len(lists["Community Safety Manager.xlsx"]["Data quality"]) == 1


def test_officers_whose_names_clash_as_files_get_separate_lists() -> None:
    """Two officers that make the same file name are kept apart, never merged."""
    columns = ["Partnership ID", "Lead officer"]
    late = pd.DataFrame([["P-1", "Head of Finance"], ["P-2", "Head of Finance?"]], columns=columns)
    soon = pd.DataFrame(columns=columns)
    quality = pd.DataFrame(columns=["Partnership ID"])
    partnerships = pd.DataFrame({"partnership_id": ["P-1", "P-2"], "lead_officer": ["a", "b"]})
    lists = officer_lists(late, soon, quality, partnerships)
    assert sorted(lists) == ["Head of Finance (2).xlsx", "Head of Finance.xlsx"]
