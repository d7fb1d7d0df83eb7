"""The register: partnerships with their costs, significance and risk summary."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.settings import Settings

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


def is_significant(
    category: pd.Series, budget_contribution: pd.Series, *, threshold: float
) -> pd.Series:
    """Key partnerships, and any whose budget contribution is at least the threshold."""
    return (category == "Key") | (budget_contribution.fillna(0) >= threshold)


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


def register(
    partnerships: pd.DataFrame, risks: pd.DataFrame, *, settings: Settings
) -> pd.DataFrame:
    """Every partnership with its cost, significance and risks.

    One row per partnership, in Partnership ID order; `risks` is the `Risks` table (so only
    partnerships that are not Closed have risks counted). This is the `Register` sheet.
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
    return table.sort_values("Partnership ID", ignore_index=True)[list(REGISTER_COLUMNS)]
