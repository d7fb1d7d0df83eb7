"""The officers' own lists: each lead officer's Overdue, Due soon and Data quality rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import dataset
from test_compliance_summary import REGISTER

from pipeline.analyse.summaries.data_quality import data_quality_by_partnership
from pipeline.analyse.topics.compliance import due_soon, overdue
from pipeline.analyse.topics.due import context_for
from pipeline.analyse.views.officers import (
    ListsFor,
    officer_lists,
    period_words,
    safe_file_name,
)
from pipeline.findings import finding, findings_table
from pipeline.periods import Period
from pipeline.settings import Settings

ABOUT = ListsFor("Charnwood Borough Council", Period(2026, 3), AS_OF, 90)


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


def test_officer_lists_hold_each_officers_rows_and_their_data_quality(settings: Settings) -> None:
    """Each lead officer with something to do gets a list; warnings about rows of their
    partnerships are on it."""
    validated = dataset(REGISTER)
    ctx = context_for(validated, settings=settings, as_of=AS_OF)
    late, soon = overdue(ctx), due_soon(ctx)
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
    quality = data_quality_by_partnership(findings_table([warning, *elsewhere]), validated)
    about = quality.set_index(["Sheet", "Cell"])["Partnership ID"].to_dict()
    assert about[("Risks", "I2")] == "P-001"
    assert about[("Partnerships", "I2")] == validated.partnerships.loc[0, "partnership_id"]
    assert pd.isna(about[("Risks", "I99")])
    assert pd.isna(about[("Risks", "")])
    quality = quality[(quality["Sheet"] == "Risks") & (quality["Cell"] == "I2")]
    lists = officer_lists(
        late, soon, quality, validated.partnerships, validated.actions, about=ABOUT
    )
    assert sorted(lists) == ["Community Safety Manager.xlsx", "Head of Finance.xlsx"]
    finance = lists["Head of Finance.xlsx"]
    assert len(finance["Overdue"]) == len(late[late["Responsible officer"] == "Head of Finance"])
    assert len(finance["Data quality"]) == 0
    assert len(lists["Community Safety Manager.xlsx"]["Data quality"]) == 1


def test_officers_whose_names_clash_as_files_get_separate_lists() -> None:
    """Two officers that make the same file name are kept apart, never merged."""
    columns = ["Partnership ID", "Responsible officer"]
    late = pd.DataFrame([["P-1", "Head of Finance"], ["P-2", "Head of Finance?"]], columns=columns)
    soon = pd.DataFrame(columns=columns)
    quality = pd.DataFrame(columns=["Partnership ID", "Sheet"])
    partnerships = pd.DataFrame(
        {"partnership_id": ["P-1", "P-2"], "lead_officer": ["a", "b"], "partnership_manager": None}
    )
    lists = officer_lists(late, soon, quality, partnerships, pd.DataFrame(), about=ABOUT)
    assert sorted(lists) == ["Head of Finance (2).xlsx", "Head of Finance.xlsx"]


def test_period_words_are_the_covers() -> None:
    """A quarter still running is "to date", up to the as-of date; one that has ended is
    given whole."""
    q3 = Period(2026, 3)
    assert period_words(q3, date(2026, 11, 23)) == (
        "2026/27 Q3 to date: 1 October 2026 to 23 November 2026"
    )
    assert period_words(q3, date(2026, 12, 31)) == "2026/27 Q3 (1 October 2026 to 31 December 2026)"
    assert period_words(q3, date(2027, 1, 15)) == "2026/27 Q3 (1 October 2026 to 31 December 2026)"
