"""The officers' voice and exempt information (WORKBOOKS.md §8, §9): the commentary and
recommendations as the reports print them, the figures each implication opens with, and the
items exempt from publication."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from pipeline.analyse.checks import ACCOUNTABLE_WITHOUT_CAPACITY, REVIEW
from pipeline.analyse.definitions import active, active_register, is_active, money_total
from pipeline.analyse.registry import table
from pipeline.analyse.topics.due import Context, Due, is_yes
from pipeline.matrices import RiskMatrix

COMMENTARY_COLUMNS: Final = ("Report", "Section", "Text", "Exempt")
RECOMMENDATIONS_COLUMNS: Final = ("Report", "No", "Recommendation", "Reason")
IMPLICATIONS_COLUMNS: Final = ("Implication", "Measure", "Value", "Unit")
OUTSIDE_APPETITE_MEASURE: Final = "Risks outside the council's appetite"
EXEMPT_ITEMS_COLUMNS: Final = (
    "Item",
    "Partnership ID",
    "Partnership",
    "Risk no",
    "Report",
    "Reason",
    "Detail",
)


@table("Commentary", COMMENTARY_COLUMNS, when="Commentary")
def commentary(commentary_rows: pd.DataFrame) -> pd.DataFrame:
    """Every Commentary row, in sheet order, Exempt as Yes or No (blank is No). The
    `Commentary` sheet."""
    return pd.DataFrame(
        {
            "Report": commentary_rows["report"].astype("str"),
            "Section": commentary_rows["section"].astype("str"),
            "Text": commentary_rows["text"].astype("str"),
            "Exempt": commentary_rows["exempt"]
            .map(is_yes)
            .map({True: "Yes", False: "No"})
            .astype("str"),
        }
    ).reset_index(drop=True)


@table("Recommendations", RECOMMENDATIONS_COLUMNS, when="Recommendations")
def recommendations(recommendation_rows: pd.DataFrame) -> pd.DataFrame:
    """Every recommendation, by report (Annual, Quarterly, Both) and number. The
    `Recommendations` sheet."""
    order = {"Annual": 0, "Quarterly": 1, "Both": 2}
    table = pd.DataFrame(
        {
            "Report": recommendation_rows["report"].astype("str"),
            "No": recommendation_rows["no"].astype("int64"),
            "Recommendation": recommendation_rows["recommendation"].astype("str"),
            "Reason": recommendation_rows["reason"].astype("str"),
        }
    )
    return table.sort_values(
        ["Report", "No"],
        key=lambda s: s.map(order) if s.name == "Report" else s,
        ignore_index=True,
    )


@table("Implications", IMPLICATIONS_COLUMNS)
def implications(
    register: pd.DataFrame,
    overdue: pd.DataFrame,
    high_residual_risks: pd.DataFrame,
    outside_appetite: pd.DataFrame,
    partnerships: pd.DataFrame,
    *,
    matrix: RiskMatrix,
) -> pd.DataFrame:
    """The figure each implication of the board report opens with (WORKBOOKS.md §9), counted
    from the other tables. The `Implications` sheet."""
    listed = active_register(register)
    live = active(partnerships)
    no_assessment = int((~live["equality_impact_assessment"].map(is_yes)).sum())
    rows = [
        ("Financial implications", "Budget contribution of active partnerships",
         money_total(listed["Budget contribution"]), "£"),
        ("Financial implications", "What active partnerships cost a year",
         money_total(listed["Annual cost"]), "£"),
        ("Legal implications",
         "Partnerships where the council is the accountable body without the capacity to be",
         int((overdue["Check"] == ACCOUNTABLE_WITHOUT_CAPACITY.overdue).sum()), "partnerships"),
        ("Risk management implications", f"Risks still {matrix.top_band.name} after controls",
         len(high_residual_risks), "risks"),
        ("Risk management implications", OUTSIDE_APPETITE_MEASURE, len(outside_appetite),
         "risks"),
        ("Equality implications",
         "Active partnerships without an equality impact assessment", no_assessment,
         "partnerships"),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(IMPLICATIONS_COLUMNS)).astype(
        {"Implication": "str", "Measure": "str", "Value": "float64", "Unit": "str"}
    )


@table("Exempt items", EXEMPT_ITEMS_COLUMNS)
def exempt_items(
    partnerships: pd.DataFrame,
    risk_rows: pd.DataFrame,
    commentary_rows: pd.DataFrame,
    changes: pd.DataFrame,
    record_exempt_items: pd.DataFrame,
) -> pd.DataFrame:
    """Everything exempt from publication that this run prints (WORKBOOKS.md §8): the
    partnerships marked Exempt, with their reasons; the exempt risks by partnership and risk
    number (a risk of an exempt partnership is exempt with it); the Commentary rows marked
    Exempt, for the report they are in; then what an earlier period this run compares with
    listed as exempt (`record_exempt_items`: its Exempt items, with the period's label in Period) and this
    run still prints, in its workbooks or in what changed. Report says which report prints the
    item (`Both` for partnerships and risks); a blank Reason is printed *reason not given*.
    The `Exempt items` sheet."""
    names = partnerships.drop_duplicates("partnership_id").set_index("partnership_id")
    exempt = partnerships[partnerships["exempt"].map(is_yes)].sort_values("partnership_id")
    rows: list[tuple[object, ...]] = [
        ("Partnership", row["partnership_id"], row["partnership"], None, "Both",
         row["exempt_reason"], None)
        for row in exempt.to_dict("records")
    ]  # fmt: skip
    risks = risk_rows[risk_rows["exempt"].map(is_yes)].sort_values(["partnership_id", "risk_no"])
    for row in risks.to_dict("records"):
        name = names["partnership"].get(row["partnership_id"])
        rows.append(
            ("Risk", row["partnership_id"], name, int(row["risk_no"]), "Both",
             row["exempt_reason"], None)
        )  # fmt: skip
    notes = commentary_rows[commentary_rows["exempt"].map(is_yes)]
    for row in notes.to_dict("records"):
        rows.append(
            ("Commentary", None, None, None, row["report"], row["exempt_reason"], row["section"])
        )
    rows += _recorded(record_exempt_items, rows, partnerships, risk_rows, changes)
    frame = pd.DataFrame(rows, columns=list(EXEMPT_ITEMS_COLUMNS))
    return frame.astype(
        {"Item": "str", "Partnership ID": "str", "Partnership": "str", "Risk no": "Int64",
         "Report": "str", "Reason": "str", "Detail": "str"}
    )  # fmt: skip


def _recorded(
    record: pd.DataFrame,
    listed: list[tuple[object, ...]],
    partnerships: pd.DataFrame,
    risk_rows: pd.DataFrame,
    changes: pd.DataFrame,
) -> list[tuple[object, ...]]:
    """The items an earlier period listed as exempt that this run prints (a partnership in
    the register or in what changed; a risk in the risk registers or in what changed) and
    has not listed already, each once, with the reason and period it was listed with."""

    def key(pid: object, no: object) -> tuple[str, int | None]:
        return str(pid).casefold(), None if pd.isna(no) else int(no)  # type: ignore[call-overload]

    seen = {key(row[1], row[3]) for row in listed if row[0] != "Commentary"}
    ids = {str(pid).casefold() for pid in partnerships["partnership_id"]}
    ids |= {str(pid).casefold() for pid in changes["Partnership ID"].dropna()}
    risks = {
        key(pid, no)
        for pid, no in zip(risk_rows["partnership_id"], risk_rows["risk_no"], strict=True)
    }
    risks |= {
        key(pid, no)
        for pid, no in zip(changes["Partnership ID"], changes["Risk no"], strict=True)
        if pd.notna(no)
    }
    found: list[tuple[object, ...]] = []
    for row in record.to_dict("records"):
        item, pid, no = row["Item"], row["Partnership ID"], row["Risk no"]
        if item not in ("Partnership", "Risk") or pd.isna(pid) or key(pid, no) in seen:
            continue
        printed = str(pid).casefold() in ids if item == "Partnership" else key(pid, no) in risks
        if printed:
            seen.add(key(pid, no))
            found.append(
                (item, pid, row["Partnership"], None if pd.isna(no) else int(no), "Both",
                 row["Reason"], f"Exempt in {row['Period']}")
            )  # fmt: skip
    return found


SIGNIFICANT_PARTNERSHIPS_COLUMNS: Final = (
    "Partnership",
    "Council priority",
    "Type",
    "Lead partner",
    "Represented by",
    "Council contact",
    "Budget contribution",
    "Next review",
    "Website",
)


@table("Significant partnerships", SIGNIFICANT_PARTNERSHIPS_COLUMNS)
def significant_partnerships(
    context: Context, due_items: Sequence[Due], register: pd.DataFrame
) -> pd.DataFrame:
    """The register of significant partnerships the council publishes (WORKBOOKS.md §8, as
    Harborough's): each Active, significant partnership that is not exempt, by council
    priority then name; Next review is the due date of its review check (§5). The
    `Significant partnerships` sheet, and the public register's .csv, .xlsx and .html."""
    reviews = {item.partnership_id: item.due for item in due_items if item.check == REVIEW}
    significant = set(register.loc[register["Significant"] == "Yes", "Partnership ID"])
    rows = context.partnerships
    listed = rows[
        is_active(rows["status"])
        & rows["partnership_id"].isin(significant)
        & ~rows["exempt"].map(is_yes)
    ]
    table = pd.DataFrame(
        {
            "Partnership": listed["partnership"].astype("str"),
            "Council priority": listed["council_priority"].astype("str"),
            "Type": listed["type"].astype("str"),
            "Lead partner": listed["lead_partner"].astype("str"),
            "Represented by": listed["represented_by"].astype("str"),
            "Council contact": listed["lead_officer"].astype("str"),
            "Budget contribution": listed["budget_contribution"].astype("float64"),
            "Next review": pd.to_datetime(
                pd.Series([reviews.get(pid) for pid in listed["partnership_id"]], dtype=object)
            )
            .astype("datetime64[s]")
            .to_numpy(),
            "Website": listed["website"].astype("str"),
        }
    )
    return table.sort_values(
        ["Council priority", "Partnership"],
        key=lambda s: s.str.lower(),
        na_position="last",
        ignore_index=True,
    )
