"""What changed since the last published quarter: risks added, removed or moved band; items
newly overdue or cleared."""

from __future__ import annotations

from typing import Final

import pandas as pd

CHANGES_COLUMNS: Final = ("Change", "Partnership ID", "Partnership", "Detail")
CHANGE_ORDER: Final = (
    "Risk added",
    "Risk removed",
    "Risk moved band",
    "Newly overdue",
    "No longer overdue",
)


def _overdue_key(overdue: pd.DataFrame) -> pd.Series:
    """An overdue item's identity: its partnership and check (and, for actions, the action)."""
    detail = overdue["Detail"].where(overdue["Check"] == "Action overdue", "")
    return overdue["Partnership ID"] + "|" + overdue["Check"] + "|" + detail.fillna("")


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
    Columns: Change, Partnership ID, Partnership, Detail. The `Changes` sheet.
    """
    rows: list[tuple[str, str, str]] = []
    now = risks.set_index(["Partnership ID", "Risk no"])
    before = previous_risks.set_index(["Partnership ID", "Risk no"])
    for key in now.index.difference(before.index):
        risk = now.loc[key]
        rows.append(
            ("Risk added", key[0], f"Risk {key[1]}: {risk['Risk']} ({risk['Residual band']})")
        )
    for key in before.index.difference(now.index):
        rows.append(("Risk removed", key[0], f"Risk {key[1]}: {before.loc[key, 'Risk']}"))
    for key in now.index.intersection(before.index):
        old, new = before.loc[key, "Residual band"], now.loc[key, "Residual band"]
        if old != new:
            rows.append(("Risk moved band", key[0], f"Risk {key[1]}: residual {old} → {new}"))
    now_keys = _overdue_key(overdue)
    before_keys = _overdue_key(previous_overdue)
    for item in overdue[~now_keys.isin(before_keys)].to_dict("records"):
        rows.append(("Newly overdue", item["Partnership ID"], f"{item['Check']}: {item['Detail']}"))
    for item in previous_overdue[~before_keys.isin(now_keys)].to_dict("records"):
        rows.append(
            ("No longer overdue", item["Partnership ID"], f"{item['Check']}: {item['Detail']}")
        )
    frame = pd.DataFrame(rows, columns=["Change", "Partnership ID", "Detail"], dtype="str")
    frame.insert(2, "Partnership", frame["Partnership ID"].map(names).astype("str"))
    order = {change: n for n, change in enumerate(CHANGE_ORDER)}
    return frame.sort_values(
        ["Change", "Partnership ID", "Detail"],
        key=lambda s: s.map(order) if s.name == "Change" else s,
        ignore_index=True,
    )[list(CHANGES_COLUMNS)]
