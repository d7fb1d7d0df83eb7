"""Compliance at a glance: counts by check, and each active partnership's position on every
check, in words (with a tick or cross beside them in the PDF, never colour alone)."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.analyse.checks import (
    ACTION,
    AGREEMENT_INCOMPLETE,
    CYCLE_CHECKS,
    KEY,
    PERFORMANCE_REPORT,
    RISK_ASSESSMENT,
    RISK_ASSESSMENT_MISSING,
    Check,
    checks_counted,
)
from pipeline.analyse.definitions import active
from pipeline.analyse.registry import table
from pipeline.analyse.topics.compliance import RESPONSIBLE
from pipeline.analyse.topics.due import Context, is_yes
from pipeline.settings import Settings
from schemas.register import GOVERNANCE_DOCUMENTS

CHECK_COUNTS_COLUMNS: Final = ("Check", "Overdue", "Due soon")
COMPLIANCE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Lead officer",
    *(check.name for check in CYCLE_CHECKS),
    "Agreement",
    "Governance documents",
    "Actions overdue",
)
IN_DATE, DUE_SOON, OVERDUE = "In date", "Due soon", "Overdue"
OVERDUE_BY_OFFICER_COLUMNS: Final = (RESPONSIBLE, "Overdue items")


@table("Overdue by officer", OVERDUE_BY_OFFICER_COLUMNS)
def overdue_by_officer(overdue: pd.DataFrame) -> pd.DataFrame:
    """How many items are overdue for each responsible officer, counted over the whole
    `Overdue` table (not only the rows a PDF prints), officers in alphabetical order ignoring
    case, then the items with no officer (a group meeting no meeting names an officer for)
    under a blank one. The `Overdue by officer` sheet."""
    counts = overdue.groupby(RESPONSIBLE, dropna=False, sort=False).size()
    officers = sorted(counts.index, key=lambda officer: (pd.isna(officer), str(officer).lower()))
    return pd.DataFrame(
        {
            RESPONSIBLE: pd.Series(officers, dtype="str"),
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
    groups = tuple(kind for kind, _ in settings.group_meetings) if settings else ()
    rows = [
        (
            check.name,
            int((overdue["Check"] == check.overdue).sum()),
            int((due_soon["Check"] == check.due).sum()) if check.due else 0,
        )
        for check in checks_counted(read, groups)
    ]
    return pd.DataFrame(rows, columns=list(CHECK_COUNTS_COLUMNS))


def _position(
    partnership_id: str, check: Check, overdue: set[tuple[str, str]], due_soon: set[tuple[str, str]]
) -> str:
    if (partnership_id, check.overdue) in overdue:
        return OVERDUE
    if (partnership_id, check.due) in due_soon:
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
    listed = active(context.partnerships).sort_values("partnership_id")
    late = set(zip(overdue["Partnership ID"], overdue["Check"], strict=True))
    soon = set(zip(due_soon["Partnership ID"], due_soon["Check"], strict=True))
    assessed = set(context.risks["partnership_id"])
    actions_overdue = (
        overdue.loc[overdue["Check"] == ACTION.overdue, "Partnership ID"].value_counts().to_dict()
    )
    rows = []
    needed = ["partnership_id", "partnership", "lead_officer", "reporting_frequency", "category"]
    for row in listed[[*needed, *GOVERNANCE_DOCUMENTS]].to_dict("records"):
        pid = row["partnership_id"]
        positions = {check.name: _position(pid, check, late, soon) for check in CYCLE_CHECKS}
        if (pid, RISK_ASSESSMENT_MISSING.overdue) in late:
            positions[RISK_ASSESSMENT.name] = "Missing"
        elif pid not in assessed:
            positions[RISK_ASSESSMENT.name] = "Not required"
        if pd.isna(row["reporting_frequency"]):
            positions[PERFORMANCE_REPORT.name] = "Not set"
        if row["category"] != KEY:
            agreement = "Not required"
        else:
            agreement = "Incomplete" if (pid, AGREEMENT_INCOMPLETE.overdue) in late else "Complete"
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
