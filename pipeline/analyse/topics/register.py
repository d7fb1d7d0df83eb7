"""The register: partnerships with their costs, significance and risk summary."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.analyse.checks import KEY
from pipeline.analyse.definitions import active_register, money_total
from pipeline.analyse.registry import table
from pipeline.settings import Settings
from schemas.register import GOVERNANCE_DOCUMENTS, agreement_item_key

REGISTER_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Type",
    "Category",
    "Status",
    "Lead officer",
    "Budget contribution",
    "Staff hours per month",
    "Annual cost",
    "Significant",
    "Risks",
    "Highest residual rating",
)
# Beyond the contract's columns (it says "at least"): for grouping and governance facts.
REGISTER_EXTRA_COLUMNS: Final = (
    "Council priority",
    "Governance documents in place",
    "Agreement items in place",
)
COSTS_BY_PRIORITY_COLUMNS: Final = (
    "Council priority",
    "Partnerships",
    "Budget contribution",
    "Staff hours per month",
    "Annual cost",
)
KEY_PARTNERSHIPS_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Type",
    "Status",
    "Lead officer",
    "Annual cost",
    "Risks",
    "Objectives",
    "Lead partner",
    "Accountable body",
    "Members",
    "Member organisations",
    "Assurance",
)
MEMBER_ROLE_ORDER: Final = ("Lead", "Accountable body", "Member", "Observer")
NO_PRIORITY: Final = "No priority recorded"
TOTAL: Final = "Total"


def is_significant(
    category: pd.Series, budget_contribution: pd.Series, *, threshold: float
) -> pd.Series:
    """Key partnerships, and any whose budget contribution is at least the threshold."""
    return (category == KEY) | (budget_contribution.fillna(0) >= threshold)


def annual_cost(
    budget_contribution: pd.Series, staff_hours_per_month: pd.Series, *, hourly_rate: float
) -> pd.Series:
    """Budget contribution + 12 × staff hours a month × the hourly rate (blank counts as 0)."""
    return budget_contribution.fillna(0) + 12 * staff_hours_per_month.fillna(0) * hourly_rate


def partnerships_with_significance(
    partnerships: pd.DataFrame, *, settings: Settings
) -> pd.DataFrame:
    """Partnerships with `significant` and `annual_cost` added."""
    return partnerships.assign(
        significant=is_significant(
            partnerships["category"],
            partnerships["budget_contribution"],
            threshold=settings.significant_contribution,
        ),
        annual_cost=annual_cost(
            partnerships["budget_contribution"],
            partnerships["staff_hours_per_month"],
            hourly_rate=settings.staff_hourly_rate,
        ),
    )


@table("Register", (*REGISTER_COLUMNS, *REGISTER_EXTRA_COLUMNS))
def register(
    partnerships: pd.DataFrame,
    risks: pd.DataFrame,
    agreements: pd.DataFrame,
    *,
    settings: Settings,
) -> pd.DataFrame:
    """Every partnership with its cost, significance, risks and governance facts.

    One row per partnership, in Partnership ID order; `risks` is the `Risks` table (so only
    partnerships that are not Closed have risks counted). The contract's columns, then
    REGISTER_EXTRA_COLUMNS. This is the `Register` sheet.
    """
    enriched = partnerships_with_significance(partnerships, settings=settings)
    per_partnership = risks.groupby("Partnership ID").agg(
        risk_count=("Risk no", "size"), highest=("Residual rating", "max")
    )
    table = pd.DataFrame(
        {
            "Partnership ID": enriched["partnership_id"],
            "Partnership": enriched["partnership"],
            "Type": enriched["type"],
            "Category": enriched["category"],
            "Status": enriched["status"],
            "Lead officer": enriched["lead_officer"],
            "Budget contribution": enriched["budget_contribution"],
            "Staff hours per month": enriched["staff_hours_per_month"],
            "Annual cost": enriched["annual_cost"],
            "Significant": enriched["significant"].map({True: "Yes", False: "No"}),
        }
    )
    table = table.join(per_partnership, on="Partnership ID")
    table["Risks"] = table.pop("risk_count").fillna(0).astype("int64")
    table["Highest residual rating"] = table.pop("highest").astype("Int64")
    table["Council priority"] = enriched["council_priority"].fillna(NO_PRIORITY)
    table["Governance documents in place"] = yes_count(enriched[list(GOVERNANCE_DOCUMENTS)])
    table["Agreement items in place"] = agreement_items_in_place(
        agreements, enriched["partnership_id"], items=settings.agreement_items
    )
    columns = [*REGISTER_COLUMNS, *REGISTER_EXTRA_COLUMNS]
    return table.sort_values("Partnership ID", ignore_index=True)[columns]


@table("Costs by priority", COSTS_BY_PRIORITY_COLUMNS)
def costs_by_priority(register: pd.DataFrame) -> pd.DataFrame:
    """What active partnerships cost, by the council priority they serve, with a total row.

    One row per priority (alphabetical, none recorded last), then Total. `register` is
    the `Register` table. The `Costs by priority` sheet.
    """
    active = active_register(register)
    grouped = active.groupby("Council priority").agg(
        partnerships=("Partnership ID", "size"),
        budget=("Budget contribution", "sum"),
        hours=("Staff hours per month", "sum"),
        cost=("Annual cost", "sum"),
    )
    order = sorted(p for p in grouped.index if p != NO_PRIORITY)
    grouped = grouped.reindex([*order, *([NO_PRIORITY] if NO_PRIORITY in grouped.index else [])])
    grouped.loc[TOTAL] = [
        grouped["partnerships"].sum(),
        money_total(grouped["budget"]),
        grouped["hours"].sum(),
        money_total(grouped["cost"]),
    ]
    return pd.DataFrame(
        {
            "Council priority": grouped.index,
            "Partnerships": grouped["partnerships"].astype("int64").to_numpy(),
            "Budget contribution": grouped["budget"].astype("float64").to_numpy(),
            "Staff hours per month": grouped["hours"].astype("float64").to_numpy(),
            "Annual cost": grouped["cost"].astype("float64").to_numpy(),
        }
    )


def partnership_names(partnerships: pd.DataFrame) -> pd.Series:
    """Partnership ID → partnership name, from the validated register."""
    return partnerships.set_index("partnership_id")["partnership"]


def _accountable_body(partnerships: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """Who is accountable: the council when the register says so, else the member whose role
    is Accountable body (blank when neither says)."""
    named = members[members["role"] == "Accountable body"].drop_duplicates("partnership_id")
    by_members = partnerships["partnership_id"].map(
        named.set_index("partnership_id")["organisation"]
    )
    council = partnerships["accountable_body"].fillna(False).astype(bool)
    return by_members.mask(council, "The council").astype("str").where(council | by_members.notna())


def _member_names(members: pd.DataFrame) -> pd.Series:
    """Partnership ID → its member organisations, leads first then as listed, with the role of
    any that is not a plain member: "Leicestershire Police (lead); Age UK"."""
    rank = members["role"].map({role: n for n, role in enumerate(MEMBER_ROLE_ORDER)}).fillna(2)
    ordered = members.assign(_rank=rank).sort_values(["partnership_id", "_rank"], kind="stable")
    role = ordered["role"].fillna("Member")
    label = ordered["organisation"].where(
        role == "Member", ordered["organisation"] + " (" + role.str.lower() + ")"
    )
    return label.groupby(ordered["partnership_id"]).agg("; ".join)


@table("Key partnerships", KEY_PARTNERSHIPS_COLUMNS)
def key_partnerships(
    register: pd.DataFrame,
    partnerships: pd.DataFrame,
    members: pd.DataFrame,
    assurance: pd.DataFrame,
    key_ids: list[str],
) -> pd.DataFrame:
    """The facts on each key partnership's page of the annual report, in `key_ids` order (see
    risks.key_partnership_ids): its `Register` row's name, type, status, lead officer, annual
    cost and risk count; its objectives and lead partner as the register gives them; its
    accountable body (see _accountable_body); how many members the `Members` sheet lists and
    who they are; and its level from `Assurance` (blank when it is neither Active nor
    Suspended). The
    `Key partnerships` sheet."""
    rows = register.set_index("Partnership ID", drop=False).loc[key_ids]
    facts = partnerships.set_index("partnership_id", drop=False).reindex(key_ids)
    accountable = _accountable_body(facts, members)
    names = _member_names(members).reindex(key_ids)
    counts = members.groupby("partnership_id").size().reindex(key_ids).fillna(0)
    level = assurance.set_index("Partnership ID")["Assurance"].reindex(key_ids)
    table = rows.assign(
        **{
            "Objectives": facts["objectives"].to_numpy(),
            "Lead partner": facts["lead_partner"].to_numpy(),
            "Accountable body": accountable.to_numpy(),
            "Members": counts.astype("int64").to_numpy(),
            "Member organisations": names.to_numpy(),
            "Assurance": level.to_numpy(),
        }
    )
    return table[list(KEY_PARTNERSHIPS_COLUMNS)].reset_index(drop=True)


def yes_count(cells: pd.DataFrame) -> pd.Series:
    """How many of each row's Yes/No cells say Yes (blank is not known, which is not Yes):
    `compliance.is_yes` over whole columns."""
    return (cells.notna() & cells.fillna(False).astype(bool)).sum(axis=1)


def agreement_items_in_place(
    agreements: pd.DataFrame, partnership_ids: pd.Series, *, items: tuple[str, ...]
) -> pd.Series:
    """How many of the agreement items (settings' `agreement_items`) each partnership's
    agreement covers (blank: no Agreements row)."""
    first = agreements.drop_duplicates("partnership_id").set_index("partnership_id")
    counts = yes_count(first[[agreement_item_key(item) for item in items]])
    return partnership_ids.map(counts).astype("Int64")
