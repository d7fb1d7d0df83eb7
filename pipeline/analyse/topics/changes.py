"""What changed since the last published quarter, most consequential first: items newly
overdue, risks that rose or went outside appetite, items cleared, risks that fell or came back
within appetite, then risks added and removed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from pipeline.analyse.checks import ACTION, DEVOLUTION_AGREEMENT, RISK_ACTION
from pipeline.analyse.registry import table
from pipeline.analyse.topics.register import partnership_names

CHANGES_COLUMNS: Final = ("Change", "Partnership ID", "Partnership", "Risk no", "Detail")
NEWLY_OVERDUE: Final = "Newly overdue"
ROSE: Final = "Risk moved up a band"
NEWLY_OUTSIDE: Final = "Newly outside appetite"
NO_LONGER_OVERDUE: Final = "No longer overdue"
FELL: Final = "Risk moved down a band"
BACK_WITHIN: Final = "Back within appetite"
ADDED: Final = "Risk added"
REMOVED: Final = "Risk removed"
# The kinds of change in order of consequence (issue 29): what the board must act on first,
# then good news, then the register's own comings and goings. Each kind's plural, for a
# page that counts a run of them on one line ("15 risks added").
CHANGE_ORDER: Final = {
    NEWLY_OVERDUE: "items newly overdue",
    ROSE: "risks moved up a band",
    NEWLY_OUTSIDE: "risks newly outside appetite",
    NO_LONGER_OVERDUE: "items no longer overdue",
    FELL: "risks moved down a band",
    BACK_WITHIN: "risks back within appetite",
    ADDED: "risks added",
    REMOVED: "risks removed",
}


# Checks a partnership can fail more than once: an item is also told apart by its detail
# (the action, the risk action, the devolved service). A missed risk target is told apart by its risk's
# number (below), not its detail, which gives the rating and changes with it.
ONE_ROW_EACH: Final = (ACTION.overdue, RISK_ACTION.overdue, DEVOLUTION_AGREEMENT.overdue)


def _overdue_key(overdue: pd.DataFrame, *, by_risk: bool) -> pd.Series:
    """An overdue item's identity: its partnership (or, for a group meeting, the councils it
    is for) and check, for actions and devolved services the detail, and (`by_risk`, when
    both periods' tables have the column) the risk it is about: a partnership's two risks
    past their target dates are two items."""
    detail = overdue["Detail"].where(overdue["Check"].isin(ONE_ROW_EACH), "")
    who = overdue["Partnership ID"].fillna(overdue["Partnership"]).fillna("")
    key = who + "|" + overdue["Check"] + "|" + detail.fillna("")
    if by_risk:
        number = pd.to_numeric(overdue["Risk no"]).astype("Int64").astype("str")
        key = key + "|" + number.fillna("")
    return key


def _rating(value: object) -> str:
    """A residual rating as printed: 8, or "–" when an earlier period left it blank."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return "–" if pd.isna(number) else f"{number:g}"


def _moved(
    number: object, old: pd.Series, new: pd.Series, *, appetite: bool
) -> tuple[str, str] | None:
    """How a risk kept from one quarter to the next moved, if it did: its kind of change and
    detail. A move of band is up or down by rating (a band always changes the rating; a
    rating left blank counts as up, so the move is never passed over as good news); a
    crossing of the appetite within a band is told on its own. `appetite`: both periods'
    tables say which risks were outside appetite."""
    was_out = appetite and old["Outside appetite"] == "Yes"
    is_out = appetite and new["Outside appetite"] == "Yes"
    if old["Residual band"] != new["Residual band"]:
        down = bool(new["Residual rating"] < old["Residual rating"])
        detail = f"Risk {number}: residual {old['Residual band']} → {new['Residual band']}"
        if is_out != was_out:
            detail += ", now outside appetite" if is_out else ", now within appetite"
        return (FELL if down else ROSE), detail
    if is_out != was_out:
        ratings = f"Risk {number}: residual rating {_rating(old['Residual rating'])} → "
        ratings += _rating(new["Residual rating"])
        return (NEWLY_OUTSIDE if is_out else BACK_WITHIN), ratings
    return None


def changes(
    risks: pd.DataFrame,
    overdue: pd.DataFrame,
    *,
    previous_risks: pd.DataFrame,
    previous_overdue: pd.DataFrame,
    names: pd.Series,
) -> pd.DataFrame:
    """One row per change between the previous quarter's tables and this one's, kinds in
    order of consequence (CHANGE_ORDER), then by partnership and risk number.

    `risks` and `overdue` are this run's `Risks` and `Overdue` tables, the previous ones are
    read from the last published report-data.xlsx; `names` maps Partnership ID to name.
    Columns: Change, Partnership ID, Partnership, Risk no (the risk a row is about), Detail.
    The `Changes` sheet.
    """
    rows: list[tuple[str, str, object, str, str | None]] = []  # change, ID, risk no, detail, own
    now = risks.set_index(["Partnership ID", "Risk no"])
    before = previous_risks.set_index(["Partnership ID", "Risk no"])
    for key in now.index.difference(before.index):
        risk = now.loc[key]
        rows.append(
            (
                ADDED,
                key[0],
                key[1],
                f"Risk {key[1]}: {risk['Risk']} ({risk['Residual band']})",
                None,
            )
        )
    for key in before.index.difference(now.index):
        rows.append((REMOVED, key[0], key[1], f"Risk {key[1]}: {before.loc[key, 'Risk']}", None))
    appetite = "Outside appetite" in before.columns and "Outside appetite" in now.columns
    for key in now.index.intersection(before.index):
        moved = _moved(key[1], before.loc[key], now.loc[key], appetite=appetite)
        if moved is not None:
            rows.append((moved[0], key[0], key[1], moved[1], None))
    by_risk = "Risk no" in overdue.columns and "Risk no" in previous_overdue.columns
    now_keys = _overdue_key(overdue, by_risk=by_risk)
    before_keys = _overdue_key(previous_overdue, by_risk=by_risk)
    for change, items in (
        (NEWLY_OVERDUE, overdue[~now_keys.isin(before_keys)]),
        (NO_LONGER_OVERDUE, previous_overdue[~before_keys.isin(now_keys)]),
    ):
        for item in items.to_dict("records"):
            # A group meeting's row has no partnership: it names the councils it is for.
            own = item["Partnership"] if pd.isna(item["Partnership ID"]) else None
            detail = f"{item['Check']}: {item['Detail']}"
            rows.append((change, item["Partnership ID"], item.get("Risk no"), detail, own))
    frame = pd.DataFrame(
        rows, columns=["Change", "Partnership ID", "Risk no", "Detail", "Own"], dtype="object"
    )
    for column in ("Change", "Partnership ID", "Detail", "Own"):
        frame[column] = frame[column].astype("str")
    # A risk's number as published: an earlier period's Overdue may predate the column.
    frame["Risk no"] = pd.to_numeric(frame["Risk no"]).astype("Int64")
    # A partnership gone from the register since then keeps the name it was published with.
    earlier = pd.concat(
        [
            table.dropna(subset=["Partnership ID"]).set_index("Partnership ID")["Partnership"]
            for table in (previous_risks, previous_overdue)
            if {"Partnership ID", "Partnership"} <= set(table.columns)
        ]
        or [pd.Series(dtype="object")]
    )
    known = names.combine_first(earlier[~earlier.index.duplicated()])
    partnership = (
        frame.pop("Own").fillna(frame["Partnership ID"].map(known)).fillna(frame["Partnership ID"])
    )
    frame.insert(2, "Partnership", partnership.astype("str"))
    order = {change: n for n, change in enumerate(CHANGE_ORDER)}
    return frame.sort_values(
        ["Change", "Partnership ID", "Risk no", "Detail"],
        key=lambda s: s.map(order) if s.name == "Change" else s,
        ignore_index=True,
    )[list(CHANGES_COLUMNS)]


@table("Changes", CHANGES_COLUMNS, name="changes")
def changes_since(
    risks: pd.DataFrame,
    overdue: pd.DataFrame,
    partnerships: pd.DataFrame,
    previous: Mapping[str, pd.DataFrame] | None,
) -> pd.DataFrame:
    """changes() since the last published quarter (none when nothing was published before)."""
    if previous is None:
        return pd.DataFrame(columns=list(CHANGES_COLUMNS), dtype="str")
    return changes(
        risks,
        overdue,
        previous_risks=previous["risks"],
        previous_overdue=previous["overdue"],
        names=partnership_names(partnerships),
    )
