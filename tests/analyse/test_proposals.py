"""Proposals and decisions (WORKBOOKS.md §10): the Proposals sheet, Harborough's checklist,
who awaits a decision and which decisions were taken this financial year."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import Book, Partnership, Risk, dataset

from pipeline.analyse.topics.proposals import proposals
from pipeline.settings import Settings

# Every checklist item in place, awaiting a decision, with a risk assessment.
PROPOSAL = Partnership(
    partnership_id="P-010",
    partnership="Example Green Spaces Partnership",
    status="Proposed",
    decision="Pending",
    budget_contribution=25000.0,
    staff_hours_per_month=12.0,
    comments="Business case to go to the board in January.",
)
ASSESSED = Risk(partnership_id="P-010")
YEAR_START = date(2026, 4, 1)  # the financial year of AS_OF (31 December 2026)


def proposals_of(settings: Settings, *rows: Partnership, risks=(ASSESSED,), as_of=AS_OF):
    """The Proposals sheet of one register workbook (and its risks) at `as_of`."""
    validated = dataset(Book(partnerships=rows, risks=risks))
    return proposals(validated.partnerships, validated.risks, as_of, settings=settings)


def only_row(table: pd.DataFrame) -> dict[str, object]:
    [row] = table.to_dict("records")
    return row


def test_the_proposals_sheet_has_the_contract_columns(settings: Settings) -> None:
    """Its headings are §10's, in order."""
    table = proposals_of(settings, PROPOSAL)
    assert list(table.columns) == [
        "Partnership ID", "Partnership", "Council priority", "Lead partner", "Lead officer",
        "Decision", "Decision date", "Budget contribution", "Staff hours per month",
        "Annual cost", "Accountable body", "Checklist", "Missing", "Comments",
    ]  # fmt: skip


def test_a_proposal_with_every_item_in_place_misses_nothing(settings: Settings) -> None:
    """All five documents Yes and a Risks row, not accountable: 6 of 6, Missing blank; its
    register facts, cost and comments are carried over."""
    row = only_row(proposals_of(settings, PROPOSAL))
    assert row["Checklist"] == "6 of 6"
    assert pd.isna(row["Missing"])
    assert row["Partnership ID"] == "P-010"
    assert row["Budget contribution"] == 25000.0
    assert row["Staff hours per month"] == 12.0
    assert row["Accountable body"] == "No"
    assert row["Comments"] == "Business case to go to the board in January."


@pytest.mark.parametrize(
    ("field", "value", "item"),
    [
        ("terms_of_reference", False, "Terms of reference"),
        ("governance_arrangements", None, "Governance arrangements"),  # blank is not Yes
        ("information_sharing_protocol", False, "Information sharing protocol"),
        ("exit_strategy", None, "Exit strategy"),
        ("equality_impact_assessment", False, "Equality impact assessment"),
    ],
)
def test_each_governance_document_not_yes_is_missing_by_name(
    settings: Settings, field: str, value: bool | None, item: str
) -> None:
    """A document that is No or blank is one item missing, named as its column."""
    row = only_row(proposals_of(settings, dataclasses.replace(PROPOSAL, **{field: value})))
    assert (row["Checklist"], row["Missing"]) == ("5 of 6", item)


def test_no_risks_row_is_a_missing_risk_assessment(settings: Settings) -> None:
    """Without a Risks row for it (another partnership's does not count) the risk assessment
    is missing."""
    other = dataclasses.replace(ASSESSED, partnership_id="P-001")
    row = only_row(proposals_of(settings, PROPOSAL, risks=(other,)))
    assert (row["Checklist"], row["Missing"]) == ("5 of 6", "Risk assessment")


@pytest.mark.parametrize(
    ("capacity", "checklist", "missing"),
    [
        (True, "7 of 7", None),  # expected: accountable, with the capacity
        (False, "6 of 7", "Capacity to be accountable"),
        (None, "6 of 7", "Capacity to be accountable"),  # edge: blank is not Yes
    ],
)
def test_an_accountable_body_adds_capacity_to_the_checklist(
    settings: Settings, capacity: bool | None, checklist: str, missing: str | None
) -> None:
    """When the council would be the accountable body the checklist has 7 items."""
    proposal = dataclasses.replace(
        PROPOSAL, accountable_body=True, capacity_to_be_accountable=capacity
    )
    row = only_row(proposals_of(settings, proposal))
    assert row["Accountable body"] == "Yes"
    assert row["Checklist"] == checklist
    assert (None if pd.isna(row["Missing"]) else row["Missing"]) == missing


def test_capacity_is_not_asked_of_a_proposal_that_is_not_accountable(settings: Settings) -> None:
    """Not the accountable body: capacity No is no gap, and n stays 6."""
    proposal = dataclasses.replace(
        PROPOSAL, accountable_body=False, capacity_to_be_accountable=False
    )
    assert only_row(proposals_of(settings, proposal))["Checklist"] == "6 of 6"


def test_missing_items_are_named_in_checklist_order(settings: Settings) -> None:
    """Several gaps: `k of n` counts them, Missing lists them in the checklist's order."""
    proposal = dataclasses.replace(
        PROPOSAL,
        exit_strategy=None,
        terms_of_reference=False,
        accountable_body=True,
        capacity_to_be_accountable=False,
    )
    row = only_row(proposals_of(settings, proposal, risks=()))
    assert row["Checklist"] == "3 of 7"
    assert row["Missing"] == (
        "Terms of reference; Exit strategy; Risk assessment; Capacity to be accountable"
    )


@pytest.mark.parametrize(
    ("status", "decision", "listed"),
    [
        ("Proposed", "Pending", True),  # expected
        ("Proposed", None, True),  # edge: no decision recorded yet
        ("Active", "Pending", False),  # not a proposal
        ("Active", None, False),
    ],
)
def test_awaiting_a_decision_is_proposed_and_pending_or_blank(
    settings: Settings, status: str, decision: str | None, listed: bool
) -> None:
    """Only a Proposed partnership whose Decision is Pending or blank awaits a decision."""
    proposal = dataclasses.replace(PROPOSAL, status=status, decision=decision)
    table = proposals_of(settings, proposal)
    assert len(table) == int(listed)


@pytest.mark.parametrize(
    ("decided", "listed"),
    [
        (date(2026, 3, 31), False),  # edge: the day before the financial year starts
        (YEAR_START, True),  # edge: its first day
        (date(2026, 9, 14), True),  # expected
        (AS_OF, True),  # edge: the reporting date itself
        (date(2027, 1, 1), False),  # edge: after the reporting date
    ],
)
@pytest.mark.parametrize("decision", ["Approved", "Declined"])
def test_decided_this_year_runs_from_1_april_to_the_reporting_date(
    settings: Settings, decided: date, listed: bool, decision: str
) -> None:
    """An approval or a refusal is listed when its Decision date is in the financial year up to
    the as-of date, whatever the partnership's status now."""
    proposal = dataclasses.replace(
        PROPOSAL, status="Active", decision=decision, decision_date=decided
    )
    table = proposals_of(settings, proposal)
    assert len(table) == int(listed)
    if listed:
        assert only_row(table)["Decision"] == decision


def test_decided_this_year_follows_the_as_of_date(settings: Settings) -> None:
    """At 31 March 2026 a decision of that day is this year's; a year on it is not."""
    proposal = dataclasses.replace(
        PROPOSAL, status="Active", decision="Approved", decision_date=date(2026, 3, 31)
    )
    assert len(proposals_of(settings, proposal, as_of=date(2026, 3, 31))) == 1
    assert len(proposals_of(settings, proposal, as_of=date(2027, 3, 31))) == 0


def test_awaiting_come_first_soonest_due_then_this_years_decisions(settings: Settings) -> None:
    """Awaiting a decision, the soonest Decision date first and none given last, then the
    decisions taken, in the order taken; a partnership neither awaiting nor decided this year
    is not listed."""
    rows = [
        dataclasses.replace(PROPOSAL, partnership_id="P-001", decision_date=None),
        dataclasses.replace(
            PROPOSAL, partnership_id="P-002", decision="Declined", decision_date=date(2026, 11, 4)
        ),
        dataclasses.replace(PROPOSAL, partnership_id="P-003", decision_date=date(2027, 3, 1)),
        dataclasses.replace(
            PROPOSAL, partnership_id="P-004", decision="Approved", decision_date=date(2026, 5, 6)
        ),
        dataclasses.replace(PROPOSAL, partnership_id="P-005", decision_date=date(2027, 1, 20)),
        dataclasses.replace(
            PROPOSAL, partnership_id="P-006", status="Active", decision="Approved",
            decision_date=date(2015, 2, 1),
        ),
    ]  # fmt: skip
    table = proposals_of(settings, *rows)
    assert table["Partnership ID"].tolist() == ["P-005", "P-003", "P-001", "P-004", "P-002"]


def test_annual_cost_costs_staff_time_at_the_hourly_rate(settings: Settings) -> None:
    """Annual cost is the budget plus 12 × hours × the settings' hourly rate, as the Register's."""
    costed = dataclasses.replace(settings, staff_hourly_rate=30.0)
    row = only_row(proposals_of(costed, PROPOSAL))
    assert row["Annual cost"] == pytest.approx(25000 + 12 * 12 * 30)
