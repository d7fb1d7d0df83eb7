"""The quarter by quarter trend: this run beside what earlier periods published
(WORKBOOKS.md §6).

Each earlier period's figures are counted from the tables it published, read by their
registered names (pipeline.history.trend_history), so a period carries the values its own
reports showed; a period published before a table existed leaves that figure blank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final, Protocol

import pandas as pd

from pipeline.analyse.definitions import is_active
from pipeline.analyse.registry import table
from pipeline.analyse.topics.assurance import ISSUE_LEVELS
from pipeline.periods import Period

TREND_COLUMNS: Final = (
    "Period",
    "As of",
    "Active partnerships",
    "Risks",
    "High residual risks",
    "Outside appetite",
    "Overdue items",
    "Due soon items",
    "Limited or no assurance",
)


class Earlier(Protocol):
    """An earlier period's published tables (pipeline.history.Published)."""

    @property
    def period(self) -> Period: ...

    @property
    def tables(self) -> dict[str, pd.DataFrame]: ...

    @property
    def as_of(self) -> date | None: ...


def _figures(tables: Mapping[str, pd.DataFrame]) -> tuple[int | None, ...]:
    """The Trend's counts of one period's tables: None for a table it lacks."""

    def rows(name: str) -> int | None:
        return len(tables[name]) if name in tables else None

    register = tables.get("register")
    active = (
        int(is_active(register["Status"]).sum())
        if register is not None and "Status" in register
        else None
    )
    return (
        active,
        rows("risks"),
        rows("high_residual_risks"),
        rows("outside_appetite"),
        rows("overdue"),
        rows("due_soon"),
        _at_issue_levels(tables.get("assurance")),
    )


def _at_issue_levels(assurance: pd.DataFrame | None) -> int | None:
    """Partnerships at Limited or No assurance; None for a period that published no levels,
    or (in the public edition) one with a level that took in an exempt risk."""
    if assurance is None or "Assurance" not in assurance or assurance["Assurance"].isna().any():
        return None
    return int(assurance["Assurance"].isin(ISSUE_LEVELS).sum())


@table("Trend", TREND_COLUMNS)
def trend(
    register: pd.DataFrame,
    risks: pd.DataFrame,
    high_residual_risks: pd.DataFrame,
    outside_appetite: pd.DataFrame,
    overdue: pd.DataFrame,
    due_soon: pd.DataFrame,
    assurance: pd.DataFrame,
    *,
    history: Sequence[Earlier],
    period: Period,
    as_of: date,
) -> pd.DataFrame:
    """One row per earlier period of this and the previous financial year published in the
    same output folder (`history`, oldest first), then this run: active partnerships, risks
    (rows of Risks), risks in the top band (rows of High residual risks), risks outside
    appetite, overdue and due-soon items (rows of those sheets), and partnerships at Limited
    or No assurance (of `Assurance`). The `Trend` sheet."""
    now = {
        "register": register,
        "risks": risks,
        "high_residual_risks": high_residual_risks,
        "outside_appetite": outside_appetite,
        "overdue": overdue,
        "due_soon": due_soon,
        "assurance": assurance,
    }
    rows = [(earlier.period.label, earlier.as_of, *_figures(earlier.tables)) for earlier in history]
    rows.append((period.label, as_of, *_figures(now)))
    frame = pd.DataFrame(rows, columns=list(TREND_COLUMNS))
    frame["As of"] = pd.to_datetime(frame["As of"]).astype("datetime64[s]")
    return frame.astype({"Period": "str", **dict.fromkeys(TREND_COLUMNS[2:], "Int64")})
