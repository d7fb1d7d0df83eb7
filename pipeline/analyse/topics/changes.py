"""What changed since the last published quarter: risks added, removed or moved band; items
newly overdue or cleared."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from pipeline.analyse.checks import ACTION, DEVOLUTION_AGREEMENT
from pipeline.analyse.registry import table
from pipeline.analyse.topics.register import partnership_names

CHANGES_COLUMNS: Final = ("Change", "Partnership ID", "Partnership", "Risk no", "Detail")
CHANGE_ORDER: Final = (
    "Risk added",
    "Risk removed",
    "Risk moved band",
    "Newly overdue",
    "No longer overdue",
)


# Checks a partnership can fail more than once: an item is also told apart by its detail
# (the action, the devolved service).
ONE_ROW_EACH: Final = (ACTION.overdue, DEVOLUTION_AGREEMENT.overdue)


def _overdue_key(overdue: pd.DataFrame) -> pd.Series:
    """An overdue item's identity: its partnership (or, for a group meeting, the councils it
    is for) and check, and for actions and devolved services the detail."""
    detail = overdue["Detail"].where(overdue["Check"].isin(ONE_ROW_EACH), "")
    who = overdue["Partnership ID"].fillna(overdue["Partnership"]).fillna("")
    return who + "|" + overdue["Check"] + "|" + detail.fillna("")


def changes(
    risks: pd.DataFrame,
    overdue: pd.DataFrame,
    *,
    previous_risks: pd.DataFrame,
    previous_overdue: pd.DataFrame,
    names: pd.Series,
) -> pd.DataFrame:
    """One row per change between the previous quarter's tables and this one's.

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
                "Risk added",
                key[0],
                key[1],
                f"Risk {key[1]}: {risk['Risk']} ({risk['Residual band']})",
                None,
            )
        )
    for key in before.index.difference(now.index):
        rows.append(
            ("Risk removed", key[0], key[1], f"Risk {key[1]}: {before.loc[key, 'Risk']}", None)
        )
    for key in now.index.intersection(before.index):
        old, new = before.loc[key, "Residual band"], now.loc[key, "Residual band"]
        if old != new:
            detail = f"Risk {key[1]}: residual {old} → {new}"
            rows.append(("Risk moved band", key[0], key[1], detail, None))
    now_keys = _overdue_key(overdue)
    before_keys = _overdue_key(previous_overdue)
    for change, items in (
        ("Newly overdue", overdue[~now_keys.isin(before_keys)]),
        ("No longer overdue", previous_overdue[~before_keys.isin(now_keys)]),
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
        ["Change", "Partnership ID", "Detail"],
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
