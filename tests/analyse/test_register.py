"""The register: significance, annual cost and the Register sheet (WORKBOOKS.md §5, §6)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from datasets import Agreement, Book, Partnership, Risk, dataset, risk_at

from pipeline.analyse.topics.register import annual_cost, is_significant, register
from pipeline.analyse.topics.risks import risk_table, risks_in_scope, risks_with_ratings
from pipeline.settings import Settings

NAN = float("nan")


def register_of(settings: Settings, book: Book) -> pd.DataFrame:
    """The Register sheet of one register workbook, its risks scoped and rated as in a run."""
    validated = dataset(book)
    rated = risks_with_ratings(
        risks_in_scope(validated.risks, validated.partnerships), matrix=settings.matrix
    )
    return register(
        validated.partnerships,
        risk_table(rated, settings=settings),
        validated.agreements,
        settings=settings,
    )


@pytest.mark.parametrize(
    ("category", "budget", "significant"),
    [
        ("Key", NAN, True),  # expected: Key, whatever the budget
        ("Key", 0.0, True),  # expected
        ("Service", 30000.0, True),  # edge: exactly the threshold counts
        ("Service", 29999.99, False),  # edge: a penny under
        ("Other", 45000.0, True),  # expected: over the threshold
        ("Service", 0.0, False),  # expected
        ("Other", NAN, False),  # edge: no budget recorded is not significant
    ],
)
def test_is_significant_when_key_or_budget_at_least_the_threshold(category, budget, significant):
    """It calls a partnership significant when Key or its budget is at least £30,000."""
    result = is_significant(pd.Series([category]), pd.Series([budget]), threshold=30000)
    assert result.tolist() == [significant]


def test_is_significant_follows_the_threshold_setting():
    """It uses the threshold it is given, not a fixed £30,000."""
    result = is_significant(
        pd.Series(["Service", "Service"]), pd.Series([20000.0, 19999.0]), threshold=20000
    )
    assert result.tolist() == [True, False]


@pytest.mark.parametrize(
    ("budget", "hours", "rate", "cost"),
    [
        (30000.0, 10.0, 0.0, 30000.0),  # expected: staff time not costed
        (30000.0, 10.0, 25.0, 33000.0),  # expected: 30000 + 12 × 10 × 25
        (NAN, 10.0, 25.0, 3000.0),  # edge: no budget, staff time only
        (1000.0, NAN, 25.0, 1000.0),  # edge: no staff hours recorded
        (NAN, NAN, 25.0, 0.0),  # edge: nothing recorded
        (0.0, 744.0, 30.0, 267840.0),  # edge: every hour of a month, 12 × 744 × 30
    ],
)
def test_annual_cost_is_budget_plus_costed_staff_time(budget, hours, rate, cost):
    """It adds 12 × staff hours a month × the hourly rate to the budget contribution."""
    result = annual_cost(pd.Series([budget]), pd.Series([hours]), hourly_rate=rate)
    assert result.tolist() == [pytest.approx(cost)]


def test_register_has_the_contract_columns(settings):
    """It gives the Register sheet the headings of WORKBOOKS.md §6, then its own extras."""
    table = register_of(settings, Book(partnerships=[Partnership()]))
    assert list(table.columns) == [
        "Partnership ID", "Partnership", "Type", "Category", "Status", "Lead officer",
        "Budget contribution", "Staff hours per month", "Annual cost", "Significant", "Risks",
        "Highest residual rating",
        "Council priority", "Governance documents in place", "Agreement items in place",
    ]  # fmt: skip


def test_register_counts_governance_documents_and_agreement_items(settings):
    """Documents in place of five (blank is not in place); agreement items of eight, blank
    when there is no Agreements row."""
    table = register_of(
        settings,
        Book(
            partnerships=[
                Partnership(exit_strategy=None, terms_of_reference=False),
                Partnership(partnership_id="P-002", council_priority=None),
            ],
            agreements=[Agreement(commitment=False, decision_making=None)],
        ),
    ).set_index("Partnership ID")
    assert table.loc["P-001", "Governance documents in place"] == 3
    assert table.loc["P-002", "Governance documents in place"] == 5
    assert table.loc["P-001", "Agreement items in place"] == 6
    assert pd.isna(table.loc["P-002", "Agreement items in place"])
    assert table.loc["P-002", "Council priority"] == "No priority recorded"


def test_register_lists_every_partnership_in_id_order(settings):
    """It has one row per partnership, whatever its status, in Partnership ID order."""
    table = register_of(
        settings,
        Book(
            partnerships=[
                Partnership(partnership_id="P-003", status="Closed"),
                Partnership(partnership_id="P-001"),
                Partnership(partnership_id="P-002", status="Proposed"),
            ]
        ),
    )
    assert list(table["Partnership ID"]) == ["P-001", "P-002", "P-003"]


def test_register_shows_significance_and_annual_cost(settings):
    """It marks significance Yes/No and costs staff time at the hourly rate."""
    table = register_of(
        dataclasses.replace(settings, staff_hourly_rate=20.0),
        Book(
            partnerships=[
                Partnership(),  # Key, £30,000, 10 hours a month
                Partnership(
                    partnership_id="P-002",
                    category="Service",
                    budget_contribution=10000.0,
                    staff_hours_per_month=5.0,
                ),
            ]
        ),
    )
    assert list(
        table[["Partnership ID", "Significant", "Annual cost"]].itertuples(index=False, name=None)
    ) == [("P-001", "Yes", 32400.0), ("P-002", "No", 11200.0)]


def test_register_counts_risks_and_the_highest_residual_rating(settings):
    """It counts each partnership's risks and shows its highest residual rating."""
    table = register_of(
        settings,
        Book(
            partnerships=[
                Partnership(),
                Partnership(partnership_id="P-002"),
            ],
            risks=[
                # residual impact 1, likelihood 2: rating 2
                Risk(risk_no=1, residual_rating=None),
                # residual 3 × 2 (impact High, likelihood Medium): rating 8
                risk_at(2, (3, 3), (3, 2)),
            ],
        ),
    )
    p1, p2 = table.iloc[0], table.iloc[1]
    assert (p1["Risks"], p1["Highest residual rating"]) == (2, 8)
    assert p2["Risks"] == 0
    assert pd.isna(p2["Highest residual rating"])


def test_register_does_not_count_risks_of_a_closed_partnership(settings):
    """It keeps a Closed partnership in the register but counts none of its risks."""
    table = register_of(
        settings,
        Book(
            partnerships=[Partnership(status="Closed")],
            risks=[Risk()],
        ),
    )
    row = table.iloc[0]
    assert (row["Partnership ID"], row["Risks"]) == ("P-001", 0)
    assert pd.isna(row["Highest residual rating"])
