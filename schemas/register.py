"""The partnership register: Partnerships, Members, Agreements, Actions (WORKBOOKS.md §2), and
Officers (§12)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas._columns import ColumnSpec, Kind, column, exempt_reason_column

TYPES: Final = (
    "Corporate body",
    "Strategic/advisory",
    "Working arrangement",
    "Partnering contract",
)
CATEGORIES: Final = ("Key", "Service", "Other")
STATUSES: Final = ("Proposed", "Active", "Suspended", "Closed")
REPORTING_FREQUENCIES: Final = ("Quarterly", "Six-monthly", "Annual")
DECISIONS: Final = ("Approved", "Declined", "Pending")
SECTORS: Final = (
    "Public sector",
    "Voluntary and community",
    "Business",
    "Parish or town council",
    "Other",
)
MEMBER_ROLES: Final = ("Lead", "Accountable body", "Member", "Observer")

# The five governance documents of the Harborough checklist, in report order.
GOVERNANCE_DOCUMENTS: Final = (
    "terms_of_reference",
    "governance_arrangements",
    "information_sharing_protocol",
    "exit_strategy",
    "equality_impact_assessment",
)

# What Key means when settings.toml does not say (`key_partners`; Charnwood's guidance: "the
# Charnwood Together board organisations and all town and parish councils").
DEFAULT_KEY_PARTNERS: Final = (
    "the organisations on the partnership board and all town and parish councils"
)

# The items a partnership agreement must cover when settings.toml does not say
# (`agreement_items`): Charnwood's checklist, in its order, each with the other headings
# officers give its column. A council's own items have no other headings.
CHARNWOOD_AGREEMENT_ITEMS: Final[dict[str, tuple[str, ...]]] = {
    "Purpose and scope": ("Partnership purpose & scope",),
    "Equality and diversity": ("Statement of equality & diversity",),
    "Partnership mix": (),
    "Commitment": ("Commitment to the partnership",),
    "Roles and responsibilities": ("Clear roles and responsibilities",),
    "Decision making": ("Decision making procedures",),
    "Reporting and information sharing": ("Reporting procedures & information sharing protocol",),
    "Complaints procedure": ("Complaints procedures",),
}


def category_description(key_partners: str) -> str:
    """The Category column's note, with what Key means for the council."""
    return f"Key: {key_partners}. Service: delivers a service for the council."


def agreement_item_key(item: str) -> str:
    """An agreement item's column in the Agreements frame: its heading in lower case, words
    joined by `_` (`Purpose and scope` is `purpose_and_scope`); "" for one with no letters or
    digits."""
    return re.sub(r"\W+", "_", " ".join(item.split()).casefold()).strip("_")


def agreement_item_columns(items: Sequence[str]) -> tuple[ColumnSpec, ...]:
    """The Agreements sheet's Yes/No column for each checklist item, in order; an item of
    Charnwood's checklist keeps its other headings."""
    known = {" ".join(item.split()).casefold(): item for item in CHARNWOOD_AGREEMENT_ITEMS}
    return tuple(
        ColumnSpec(
            name=agreement_item_key(item),
            heading=item,
            kind=Kind.YES_NO,
            required=False,
            aliases=CHARNWOOD_AGREEMENT_ITEMS.get(
                known.get(" ".join(item.split()).casefold(), ""), ()
            ),
            choices=(),
            example=None,
            description="Does the partnership agreement cover this? One of the agreement items in "
            "settings.toml.",
        )
        for item in items
    )


class Partnerships(pa.DataFrameModel):
    """Partnerships: one row per partnership (Harborough checklist and register)."""

    partnership_id: Series[str] = column(
        "Partnership ID",
        kind=Kind.ID,
        required=True,
        aliases=("ID", "Partnership ref", "Ref"),
        example="P-001",
        description="Unique across all files, compared case-insensitively.",
    )
    partnership: Series[str] = column(
        "Partnership",
        required=True,
        aliases=("Partnership name", "Name of partnership"),
        example="Community Safety Partnership",
    )
    type: Series[str] = column(
        "Type",
        kind=Kind.CHOICE,
        required=True,
        choices=TYPES,
        aliases=("Partnership type", "Partnership criteria"),
        example="Strategic/advisory",
    )
    category: Series[str] = column(
        "Category",
        kind=Kind.CHOICE,
        required=True,
        choices=CATEGORIES,
        aliases=("Partner category",),
        example="Key",
        description=category_description(DEFAULT_KEY_PARTNERS),
    )
    status: Series[str] = column(
        "Status", kind=Kind.CHOICE, required=True, choices=STATUSES, example="Active"
    )
    council_priority: Series[str] = column(
        "Council priority",
        aliases=("Link to HDC Objective(s)", "Link to council objectives", "Council objective"),
        example="Safer communities",
        description="The council objective it serves; the register is grouped by it.",
    )
    lead_partner: Series[str] = column(
        "Lead partner",
        required=True,
        aliases=("Lead organisation",),
        example="County Police",
    )
    lead_partner_contact: Series[str] = column("Lead partner contact")
    lead_officer: Series[str] = column(
        "Lead officer",
        required=True,
        aliases=(
            "HDC Lead Officer",
            "HDC Lead Officer and contact details",
            "Council lead officer",
        ),
        example="Community Safety Manager",
        description="The council's lead officer.",
    )
    partnership_manager: Series[str] = column(
        "Partnership manager",
        example="Head of Planning",
        description="The officer in the partnership manager scheme.",
    )
    portfolio_holder: Series[str] = column("Portfolio holder", aliases=("HDC Portfolio Holder",))
    head_of_service: Series[str] = column("Head of service", aliases=("HDC Head of Service",))
    represented_by: Series[str] = column("Represented by", aliases=("Represented by:",))
    objectives: Series[str] = column("Objectives", aliases=("Partnership Objective(s)",))
    website: Series[str] = column(
        "Website",
        kind=Kind.URL,
        aliases=("Partnership Website", "Partnership Website (if applicable)"),
        example="https://www.example.org.uk",
    )
    start_date: Series[pd.Timestamp] = column("Start date", kind=Kind.DATE, example="1 April 2015")
    end_date: Series[pd.Timestamp] = column(
        "End date", kind=Kind.DATE, description="Not before the start date; blank = ongoing."
    )
    accountable_body: Series[pd.BooleanDtype] = column(
        "Accountable body",
        kind=Kind.YES_NO,
        aliases=("Is the Council the financially responsible body?",),
        description="Is the council the financially responsible body?",
    )
    capacity_to_be_accountable: Series[pd.BooleanDtype] = column(
        "Capacity to be accountable", kind=Kind.YES_NO
    )
    terms_of_reference: Series[pd.BooleanDtype] = column("Terms of reference", kind=Kind.YES_NO)
    governance_arrangements: Series[pd.BooleanDtype] = column(
        "Governance arrangements", kind=Kind.YES_NO
    )
    information_sharing_protocol: Series[pd.BooleanDtype] = column(
        "Information sharing protocol", kind=Kind.YES_NO
    )
    exit_strategy: Series[pd.BooleanDtype] = column("Exit strategy", kind=Kind.YES_NO)
    equality_impact_assessment: Series[pd.BooleanDtype] = column(
        "Equality impact assessment", kind=Kind.YES_NO
    )
    agreement_date: Series[pd.Timestamp] = column(
        "Agreement date",
        kind=Kind.DATE,
        description="Date the partnership agreement was signed.",
    )
    budget_contribution: Series[float] = column(
        "Budget contribution",
        kind=Kind.MONEY,
        aliases=("What is the Councils budget contribution?", "Council budget contribution"),
        example="£30,000",
        description="£ a year.",
        ge=0,
    )
    staff_hours_per_month: Series[float] = column(
        "Staff hours per month",
        kind=Kind.NUMBER,
        aliases=("Estimation of Council staff time (hrs per month)",),
        example=12,
        ge=0,
        le=744,
    )
    reporting_frequency: Series[str] = column(
        "Reporting frequency",
        kind=Kind.CHOICE,
        choices=REPORTING_FREQUENCIES,
        example="Quarterly",
    )
    last_performance_report: Series[pd.Timestamp] = column(
        "Last performance report", kind=Kind.DATE
    )
    last_review: Series[pd.Timestamp] = column("Last review", kind=Kind.DATE)
    last_health_check: Series[pd.Timestamp] = column("Last health check", kind=Kind.DATE)
    next_review: Series[pd.Timestamp] = column(
        "Next review",
        kind=Kind.DATE,
        aliases=("Partnership review date", "Review date"),
        description="Blank means last review + the review cycle.",
    )
    decision: Series[str] = column("Decision", kind=Kind.CHOICE, choices=DECISIONS)
    decision_date: Series[pd.Timestamp] = column("Decision date", kind=Kind.DATE)
    comments: Series[str] = column("Comments")
    exempt: Series[pd.BooleanDtype] = column(
        "Exempt",
        kind=Kind.YES_NO,
        aliases=("Exempt from publication", "Exempt information"),
        description="Blank = No. The partnership is exempt from publication (Local "
        "Government Act 1972, Schedule 12A): the public edition leaves it out.",
    )
    exempt_reason: Series[str] = exempt_reason_column("Required when Exempt is Yes.")

    class Config:
        name = "Partnerships"


class Members(pa.DataFrameModel):
    """Members: the organisations in each partnership."""

    partnership_id: Series[str] = column(
        "Partnership ID", kind=Kind.ID, required=True, description="Must exist in Partnerships."
    )
    organisation: Series[str] = column("Organisation", required=True, aliases=("Partner",))
    sector: Series[str] = column("Sector", kind=Kind.CHOICE, choices=SECTORS)
    role: Series[str] = column("Role", kind=Kind.CHOICE, choices=MEMBER_ROLES)

    class Config:
        name = "Members"


class Agreements(pa.DataFrameModel):
    """Agreements: one row per partnership, then Yes/No for each item its agreement must
    cover: the `agreement_items` of settings.toml (shown here, the default items)."""

    partnership_id: Series[str] = column(
        "Partnership ID", kind=Kind.ID, required=True, description="Must exist in Partnerships."
    )

    class Config:
        name = "Agreements"


class Actions(pa.DataFrameModel):
    """Actions: follow-up actions from agreement checklists and reviews."""

    partnership_id: Series[str] = column(
        "Partnership ID", kind=Kind.ID, required=True, description="Must exist in Partnerships."
    )
    action: Series[str] = column("Action", required=True, aliases=("Follow up actions",))
    owner: Series[str] = column("Owner", required=True, aliases=("Whom",))
    due: Series[pd.Timestamp] = column("Due", kind=Kind.DATE, required=True, aliases=("When",))
    completed: Series[pd.Timestamp] = column(
        "Completed", kind=Kind.DATE, description="Blank while the action is open."
    )

    class Config:
        name = "Actions"


class Officers(pa.DataFrameModel):
    """Officers (optional): the council's officers named in the register, with their e-mail
    addresses, so each officer's e-mail draft is addressed to them. A name matches Lead officer,
    Partnership manager, Risk owner and action Owner ignoring case and extra spaces."""

    name: Series[str] = column(
        "Name",
        required=True,
        aliases=("Officer", "Officer name"),
        example="Head of Finance",
        description="As typed in Lead officer, Partnership manager, Risk owner or Owner.",
    )
    role: Series[str] = column("Role", aliases=("Job title", "Post"), example="Head of Finance")
    email: Series[str] = column(
        "Email",
        kind=Kind.EMAIL,
        aliases=("E-mail", "Email address", "E-mail address"),
        example="head.of.finance@council.gov.uk",
        description="Their e-mail draft is addressed to it; blank leaves the draft's To empty.",
    )
    team: Series[str] = column("Team", aliases=("Service", "Department"), example="Finance")

    class Config:
        name = "Officers"
