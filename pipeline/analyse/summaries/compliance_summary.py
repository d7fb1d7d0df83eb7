"""Compliance at a glance: counts by check, and each active partnership's position on every
check, in words (with a tick or cross beside them in the PDF, never colour alone)."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.analyse.registry import table
from pipeline.analyse.topics.compliance import RISK_TARGET_CHECKS
from pipeline.analyse.topics.due import Context, is_yes
from pipeline.analyse.topics.liaison import (
    DEVOLUTION_CHECKS,
    LIAISON_THINGS,
    PARTNERSHIP_MANAGER_MISSING,
)
from pipeline.settings import Settings
from schemas.register import GOVERNANCE_DOCUMENTS

CHECK_COUNTS_COLUMNS: Final = ("Check", "Overdue", "Due soon")
# Each thing checked, as named in Overdue ("… overdue") and Due soon ("… due").
CHECKED_THINGS: Final = ("Review", "Health check", "Risk assessment", "Performance report")
GAP_CHECK_NAMES: Final = (
    "Risk assessment missing",
    "Past end date",
    "Agreement incomplete",
    "Governance gap",
    "Accountable without capacity",
)
COMPLIANCE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Lead officer",
    *CHECKED_THINGS,
    "Agreement",
    "Governance documents",
    "Actions overdue",
)
IN_DATE, DUE_SOON, OVERDUE = "In date", "Due soon", "Overdue"
OVERDUE_BY_OFFICER_COLUMNS: Final = ("Lead officer", "Overdue items")


@table("Overdue by officer", OVERDUE_BY_OFFICER_COLUMNS)
def overdue_by_officer(overdue: pd.DataFrame) -> pd.DataFrame:
    """How many items are overdue for each lead officer, counted over the whole `Overdue`
    table (not only the rows a PDF prints), officers in alphabetical order ignoring case, then
    the items with no officer (a group meeting's) under a blank one. The `Overdue by
    officer` sheet."""
    counts = overdue.groupby("Lead officer", dropna=False, sort=False).size()
    officers = sorted(counts.index, key=lambda officer: (pd.isna(officer), str(officer).lower()))
    return pd.DataFrame(
        {
            "Lead officer": pd.Series(officers, dtype="str"),
            "Overdue items": counts.reindex(officers).astype("int64").to_numpy(),
        }
    )


@table("Check counts", CHECK_COUNTS_COLUMNS)
def check_counts(
    overdue: pd.DataFrame,
    due_soon: pd.DataFrame,
    *,
    read: frozenset[str] = frozenset(),
    settings: Settings | None = None,
) -> pd.DataFrame:
    """How many items each check has overdue and due soon, every check listed, zeros included;
    the town and parish council checks too when there is a Local councils sheet (each group
    meeting of `settings` by name), and devolution agreements when there is a Devolved
    services sheet (expired and ending).

    The `Check counts` sheet; on the first page of the quarterly pack.
    """
    rows = []
    for thing in (*CHECKED_THINGS, "Action"):
        rows.append(
            (
                thing if thing != "Action" else "Follow-up action",
                int((overdue["Check"] == f"{thing} overdue").sum()),
                int((due_soon["Check"] == f"{thing} due").sum()),
            )
        )
    for check in GAP_CHECK_NAMES:
        rows.append((check, int((overdue["Check"] == check).sum()), 0))
    missed, due = RISK_TARGET_CHECKS
    rows.append(
        (
            "Risk target",
            int((overdue["Check"] == missed).sum()),
            int((due_soon["Check"] == due).sum()),
        )
    )
    if "Local councils" in read:
        rows.append(
            (
                PARTNERSHIP_MANAGER_MISSING,
                int((overdue["Check"] == PARTNERSHIP_MANAGER_MISSING).sum()),
                0,
            )
        )
        groups = tuple(kind for kind, _ in settings.group_meetings) if settings else ()
        for thing in (*LIAISON_THINGS, *groups):
            rows.append(
                (
                    thing,
                    int((overdue["Check"] == f"{thing} overdue").sum()),
                    int((due_soon["Check"] == f"{thing} due").sum()),
                )
            )
    if "Devolved services" in read:
        expired, ending = DEVOLUTION_CHECKS
        rows.append(
            (
                "Devolution agreement",
                int((overdue["Check"] == expired).sum()),
                int((due_soon["Check"] == ending).sum()),
            )
        )
    return pd.DataFrame(rows, columns=list(CHECK_COUNTS_COLUMNS))


def _position(
    partnership_id: str, thing: str, overdue: set[tuple[str, str]], due_soon: set[tuple[str, str]]
) -> str:
    if (partnership_id, f"{thing} overdue") in overdue:
        return OVERDUE
    if (partnership_id, f"{thing} due") in due_soon:
        return DUE_SOON
    return IN_DATE


@table("Compliance", COMPLIANCE_COLUMNS)
def compliance(context: Context, overdue: pd.DataFrame, due_soon: pd.DataFrame) -> pd.DataFrame:
    """Each active partnership's position on every check, in words.

    One row per Active partnership, in ID order. Review, Health check, Risk assessment and
    Performance report read Overdue, Due soon or In date (Risk assessment also Missing or
    Not required; Performance report Not set when there is no reporting frequency); Agreement
    reads Complete, Incomplete or Not required (only key partnerships need one); Governance
    documents counts those in place out of five; Actions overdue counts open actions past due.
    The `Compliance` sheet.
    """
    active = context.partnerships[context.partnerships["status"] == "Active"].sort_values(
        "partnership_id"
    )
    late = set(zip(overdue["Partnership ID"], overdue["Check"], strict=True))
    soon = set(zip(due_soon["Partnership ID"], due_soon["Check"], strict=True))
    assessed = set(context.risks["partnership_id"])
    actions_overdue = (
        overdue.loc[overdue["Check"] == "Action overdue", "Partnership ID"].value_counts().to_dict()
    )
    rows = []
    needed = ["partnership_id", "partnership", "lead_officer", "reporting_frequency", "category"]
    for row in active[[*needed, *GOVERNANCE_DOCUMENTS]].to_dict("records"):
        pid = row["partnership_id"]
        positions = {thing: _position(pid, thing, late, soon) for thing in CHECKED_THINGS}
        if (pid, "Risk assessment missing") in late:
            positions["Risk assessment"] = "Missing"
        elif pid not in assessed:
            positions["Risk assessment"] = "Not required"
        if pd.isna(row["reporting_frequency"]):
            positions["Performance report"] = "Not set"
        if row["category"] != "Key":
            agreement = "Not required"
        else:
            agreement = "Incomplete" if (pid, "Agreement incomplete") in late else "Complete"
        documents = sum(is_yes(row[doc]) for doc in GOVERNANCE_DOCUMENTS)
        actions = int(actions_overdue.get(pid, 0))
        rows.append(
            (
                pid,
                row["partnership"],
                row["lead_officer"],
                *positions.values(),
                agreement,
                f"{documents} of {len(GOVERNANCE_DOCUMENTS)}",
                actions,
            )
        )
    return pd.DataFrame(rows, columns=list(COMPLIANCE_COLUMNS))
