"""Key messages: up to five sentences a board should read first, each worked out from a
report table and naming the sheet its figure comes from (WORKBOOKS.md §9, issue 18).

Each candidate is a small function returning a message or None; `key_messages` keeps the
first five that have something to say, in order of concern.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pandas as pd

from pipeline.analyse.checks import ACTIVE, PAST_END_DATE
from pipeline.analyse.definitions import same_risks
from pipeline.analyse.registry import sheet_of, table
from pipeline.analyse.topics.assurance import NEW_ISSUE, RESOLVED
from pipeline.analyse.topics.survey import printed_percent
from pipeline.matrices import RiskMatrix
from pipeline.settings import Settings

KEY_MESSAGES_COLUMNS: Final = ("Message", "Sheet")
MOST: Final = 5

Message = tuple[str, str] | None  # (the sentence, the sheet its figure is on)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def key_messages(
    outside_appetite: pd.DataFrame,
    high_residual_risks: pd.DataFrame,
    survey: pd.DataFrame,
    check_counts: pd.DataFrame,
    overdue: pd.DataFrame,
    governance_issues: pd.DataFrame,
    *,
    settings: Settings,
    sheets: dict[str, str],
) -> pd.DataFrame:
    """Up to five key messages, each with the sheet its figure comes from. `sheets` maps the
    table names used here to their sheets (the registry's). The `Key messages` sheet."""
    matrix: RiskMatrix = settings.matrix

    # One set of risks, said once: still in the top band and outside appetite (same_risks).
    said_once = same_risks(high_residual_risks, outside_appetite)

    def outside() -> Message:
        n = len(outside_appetite)
        if not n:
            return None
        words = _count(n, "risk is", "risks are")
        if said_once:
            words += f" still {matrix.top_band.name} after controls and"
        text = f"{words} outside the council's risk appetite (a residual rating above "
        return text + f"{settings.appetite}).", sheets["outside_appetite"]

    def top_band() -> Message:
        n = len(high_residual_risks)
        if not n or said_once:
            return None  # said already: the same risks are outside appetite
        words = _count(n, "risk is", "risks are")
        return f"{words} still {matrix.top_band.name} after controls.", sheets[
            "high_residual_risks"
        ]

    def assurance() -> Message:
        issues = governance_issues[governance_issues["Issue"] != RESOLVED]
        if issues.empty:
            return None
        words = _count(len(issues), "partnership is", "partnerships are")
        new = int((issues["Issue"] == NEW_ISSUE).sum())
        since = f" ({new:,} new since last year)" if new and new < len(issues) else ""
        text = f"{words} at Limited or No assurance{since}: issues for the Annual Governance"
        return text + " Statement.", sheets["governance_issues"]

    def survey_movement() -> Message:
        if survey.empty:
            return None
        latest = survey[survey["Survey year"] == survey["Survey year"].max()]
        moved = latest.dropna(subset=["Change"])
        if moved.empty:
            return None
        row = moved.iloc[int(moved["Change"].abs().to_numpy().argmax())]
        # Change is the difference of the printed percentages: "fell 18 points, to 25%"
        # means 43% printed the year before.
        points = round(float(row["Change"]))
        if points == 0:
            return None
        way = "rose" if points > 0 else "fell"
        unit = "point" if abs(points) == 1 else "points"
        text = f"Partners agreeing that “{row['Question']}” {way} {abs(points)} {unit}, "
        text += f"to {printed_percent(row['Agree'])}%, in the {int(row['Survey year'])} survey."
        return text, sheets["survey"]

    def most_overdue() -> Message:
        late = check_counts[check_counts["Overdue"] > 0]
        if late.empty:
            return None
        row = late.sort_values("Overdue", ascending=False, kind="stable").iloc[0]
        count = _count(int(row["Overdue"]), "item is", "items are")
        return f"{row['Check']}: {count} overdue, the most of any check.", sheets["check_counts"]

    def past_end() -> Message:
        n = int((overdue["Check"] == PAST_END_DATE.overdue).sum())
        if not n:
            return None
        words = _count(n, "partnership is", "partnerships are")
        return f"{words} still {ACTIVE} after its end date.", sheets["overdue"]

    candidates: tuple[Callable[[], Message], ...] = (
        outside,
        assurance,
        top_band,
        survey_movement,
        most_overdue,
        past_end,
    )
    messages = [message for make in candidates if (message := make()) is not None]
    return pd.DataFrame(messages[:MOST], columns=list(KEY_MESSAGES_COLUMNS), dtype="str")


@table("Key messages", KEY_MESSAGES_COLUMNS, name="key_messages")
def key_messages_table(
    outside_appetite: pd.DataFrame,
    high_residual_risks: pd.DataFrame,
    survey: pd.DataFrame,
    check_counts: pd.DataFrame,
    overdue: pd.DataFrame,
    governance_issues: pd.DataFrame,
    settings: Settings,
) -> pd.DataFrame:
    """key_messages(), each message naming the sheet of report-data.xlsx it comes from."""
    named = (
        "outside_appetite",
        "high_residual_risks",
        "survey",
        "check_counts",
        "overdue",
        "governance_issues",
    )
    return key_messages(
        outside_appetite,
        high_residual_risks,
        survey,
        check_counts,
        overdue,
        governance_issues,
        settings=settings,
        sheets={name: sheet_of(name) for name in named},
    )
