"""What a board reads first: one line per significant partnership, the risks still in the top
band printed once per wording, and what each key partnership's page says about it."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.analyse.checks import CHECKS
from pipeline.analyse.definitions import is_active
from pipeline.analyse.registry import table
from pipeline.analyse.topics.assurance import LEVELS
from pipeline.matrices import RiskMatrix

AT_A_GLANCE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Highest residual rating",
    "Highest residual band",
    "Overdue checks",
    "Governance gaps",
    "Annual cost",
    "Assurance",
)
# The checks that are gaps in how a partnership is governed, not things that fell due.
GOVERNANCE_GAP_CHECKS: Final = tuple(check.overdue for check in CHECKS if check.governance_gap)
NO_RISK_ASSESSMENT: Final = "No risk assessment"

RISKS_BY_WORDING_COLUMNS: Final = (
    "Risk",
    "Partnerships",
    "Partnership IDs",
    "Applies to",
    "Highest residual rating",
    "Highest inherent rating",
    "Risk owners",
)


def _counts(items: pd.DataFrame, ids: pd.Series) -> pd.Series:
    return ids.map(items["Partnership ID"].value_counts()).fillna(0).astype("int64")


@table("At a glance", AT_A_GLANCE_COLUMNS, name="at_a_glance")
def partnerships_at_a_glance(
    register: pd.DataFrame, overdue: pd.DataFrame, assurance: pd.DataFrame, *, matrix: RiskMatrix
) -> pd.DataFrame:
    """Each Active significant partnership on one line: its highest residual rating and band
    (No risk assessment when it has no risks), its overdue checks, its governance gaps
    (GOVERNANCE_GAP_CHECKS in `Overdue`), its annual cost and its assurance level, the one
    overall judgement (the `Assurance` table). Worst assurance first, then highest rating,
    then name. The `At a glance` sheet.
    """
    rows = register[is_active(register["Status"]) & (register["Significant"] == "Yes")]
    ids = rows["Partnership ID"]
    gap = overdue["Check"].isin(GOVERNANCE_GAP_CHECKS)
    rating = rows["Highest residual rating"]
    band = pd.Series(
        [NO_RISK_ASSESSMENT if pd.isna(r) else matrix.band_for(int(r)).name for r in rating],
        index=rows.index,
        dtype="str",
    )
    levels = assurance.set_index("Partnership ID")["Assurance"]
    table = pd.DataFrame(
        {
            "Partnership ID": ids,
            "Partnership": rows["Partnership"],
            "Highest residual rating": rating,
            "Highest residual band": band,
            "Overdue checks": _counts(overdue[~gap], ids),
            "Governance gaps": _counts(overdue[gap], ids),
            "Annual cost": rows["Annual cost"].astype("float64"),
            "Assurance": ids.map(levels).astype("str"),
        }
    )
    rank = table["Assurance"].map(LEVELS.index)
    return (
        table.assign(_rank=rank, _rating=rating.fillna(-1), _name=rows["Partnership"].str.lower())
        .sort_values(["_rank", "_rating", "_name"], ascending=[True, False, True])
        .drop(columns=["_rank", "_rating", "_name"])
        .reset_index(drop=True)[list(AT_A_GLANCE_COLUMNS)]
    )


@table("High risks by wording", RISKS_BY_WORDING_COLUMNS, name="high_risks_by_wording")
def risks_by_wording(high_residual_risks: pd.DataFrame) -> pd.DataFrame:
    """The risks still in the top band after controls, each wording once with the
    partnerships it is recorded for: highest residual rating first, then the most
    partnerships, then the wording. From the `High residual risks` table. The `High risks by
    wording` sheet."""
    risks = high_residual_risks.assign(_key=high_residual_risks["Risk"].str.strip().str.lower())
    grouped = risks.groupby("_key", sort=False)

    def joined(column: str) -> pd.Series:
        return grouped[column].agg(
            lambda values: "; ".join(dict.fromkeys(str(v) for v in values if pd.notna(v)))
        )

    table = pd.DataFrame(
        {
            "Risk": grouped["Risk"].first(),
            "Partnerships": grouped["Partnership ID"].nunique().astype("int64"),
            "Partnership IDs": joined("Partnership ID"),
            "Applies to": joined("Partnership"),
            "Highest residual rating": grouped["Residual rating"].max().astype("int64"),
            "Highest inherent rating": grouped["Inherent rating"].max().astype("int64"),
            "Risk owners": joined("Risk owner"),
        }
    )
    return table.sort_values(
        ["Highest residual rating", "Partnerships", "Risk"],
        ascending=[False, False, True],
        ignore_index=True,
    )[list(RISKS_BY_WORDING_COLUMNS)]
