"""Proposals and decisions (WORKBOOKS.md §10): the partnerships awaiting the board's decision,
each checked against Harborough's Partnership Checklist, and the decisions taken this year."""

from __future__ import annotations

from datetime import date
from typing import Final

import pandas as pd

from pipeline.analyse.checks import PROPOSED
from pipeline.analyse.registry import table
from pipeline.analyse.topics.due import is_yes
from pipeline.analyse.topics.register import partnerships_with_significance
from pipeline.periods import financial_quarter
from pipeline.settings import Settings
from schemas import SHEETS
from schemas.register import GOVERNANCE_DOCUMENTS

PROPOSALS_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Council priority",
    "Lead partner",
    "Lead officer",
    "Decision",
    "Decision date",
    "Budget contribution",
    "Staff hours per month",
    "Annual cost",
    "Accountable body",
    "Checklist",
    "Missing",
    "Comments",
)
PENDING: Final = "Pending"
DECIDED: Final = ("Approved", "Declined")
# The checklist items besides the five governance documents, as the Missing column names them.
RISK_ASSESSMENT: Final = "Risk assessment"
CAPACITY: Final = SHEETS["Partnerships"].column("capacity_to_be_accountable").heading


def awaiting_decision(status: pd.Series, decision: pd.Series) -> pd.Series:
    """Whether each partnership awaits the board's decision: `Proposed`, its Decision `Pending`
    or blank (§10)."""
    return (status == PROPOSED) & (decision.isna() | (decision == PENDING))


def decided_between(
    decision: pd.Series, decision_date: pd.Series, start: date, end: date
) -> pd.Series:
    """Whether each partnership was approved or declined with a Decision date from `start` to
    `end`, both included."""
    when = pd.to_datetime(decision_date)
    return decision.isin(DECIDED) & (when >= pd.Timestamp(start)) & (when <= pd.Timestamp(end))


def checklist_gaps(row: pd.Series, *, assessed: bool) -> tuple[int, list[str]]:
    """How many items Harborough's checklist has for this Partnerships row, and the names of
    those not Yes, in checklist order: the five governance documents, a risk assessment
    (`assessed`: it has a Risks row), then Capacity to be accountable when the council is the
    accountable body."""
    spec = SHEETS["Partnerships"]
    missing = [spec.column(name).heading for name in GOVERNANCE_DOCUMENTS if not is_yes(row[name])]
    if not assessed:
        missing.append(RISK_ASSESSMENT)
    items = len(GOVERNANCE_DOCUMENTS) + 1
    if is_yes(row["accountable_body"]):
        items += 1
        if not is_yes(row["capacity_to_be_accountable"]):
            missing.append(CAPACITY)
    return items, missing


@table("Proposals", PROPOSALS_COLUMNS)
def proposals(
    partnerships: pd.DataFrame, risk_rows: pd.DataFrame, as_of: date, *, settings: Settings
) -> pd.DataFrame:
    """The partnerships awaiting a decision, soonest decision date first (none given last),
    then those approved or declined in the financial year to `as_of`, in the order decided;
    each with its cost and Harborough's checklist: `k of n` items Yes, and the Missing ones by
    name (§10). The `Proposals` sheet."""
    rows = partnerships_with_significance(partnerships, settings=settings)
    waiting = awaiting_decision(rows["status"], rows["decision"])
    decided = decided_between(
        rows["decision"], rows["decision_date"], financial_quarter(as_of).year_start, as_of
    )
    order = ["decision_date", "partnership_id"]
    listed = pd.concat(
        [
            rows[waiting].sort_values(order, na_position="last"),
            rows[decided & ~waiting].sort_values(order),
        ]
    )
    assessed = set(risk_rows["partnership_id"])
    checked = [
        checklist_gaps(row, assessed=row["partnership_id"] in assessed)
        for _, row in listed.iterrows()
    ]
    return pd.DataFrame(
        {
            "Partnership ID": listed["partnership_id"].astype("str"),
            "Partnership": listed["partnership"].astype("str"),
            "Council priority": listed["council_priority"].astype("str"),
            "Lead partner": listed["lead_partner"].astype("str"),
            "Lead officer": listed["lead_officer"].astype("str"),
            "Decision": listed["decision"].astype("str"),
            "Decision date": pd.to_datetime(listed["decision_date"]).astype("datetime64[s]"),
            "Budget contribution": listed["budget_contribution"].astype("float64"),
            "Staff hours per month": listed["staff_hours_per_month"].astype("float64"),
            "Annual cost": listed["annual_cost"].astype("float64"),
            "Accountable body": listed["accountable_body"]
            .map(lambda value: None if pd.isna(value) else "Yes" if value else "No")
            .astype("str"),
            "Checklist": [f"{items - len(missing)} of {items}" for items, missing in checked],
            "Missing": ["; ".join(missing) or None for _, missing in checked],
            "Comments": listed["comments"].astype("str"),
        }
    ).reset_index(drop=True)
