"""The public's copy (WORKBOOKS.md §8): the report tables with every exempt item taken out,
filtered once here, so that no template has to hide anything and a table added later is
filtered too.

An exempt partnership appears nowhere in the public view, by name, ID or any of its text,
and neither does an exempt risk (or any risk of an exempt partnership). Both are still
counted in the totals, key figures and heatmaps, which hold counts only. The survey's free
text, the data-quality findings, the list of exempt items and commentary marked exempt are
left out whole.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.analyse.compliance_summary import overdue_by_officer
from pipeline.analyse.glance import risks_by_wording
from pipeline.analyse.register import costs_by_priority
from pipeline.analyse.tables import ReportTables

# Left out of the public edition whole: free text, findings about officers' workbooks, and
# the board's list of what is exempt.
WITHHELD: Final = (
    "survey_comments",
    "comment_counts",
    "data_quality",
    "data_quality_summary",
    "exempt_items",
)


def exempt_ids(tables: ReportTables) -> tuple[set[str], set[tuple[str, int]]]:
    """The exempt partnerships' IDs, and the exempt risks' (Partnership ID, Risk no)."""
    items = tables.exempt_items
    partnerships = set(items.loc[items["Item"] == "Partnership", "Partnership ID"])
    risks = items[items["Item"] == "Risk"]
    return partnerships, {
        (str(pid), int(no))
        for pid, no in zip(risks["Partnership ID"], risks["Risk no"], strict=True)
    }


def _without(
    frame: pd.DataFrame, partnerships: set[str], risks: set[tuple[str, int]]
) -> pd.DataFrame:
    """A table's rows that name no exempt partnership or risk."""
    keep = pd.Series(True, index=frame.index)
    if "Partnership ID" in frame:
        keep &= ~frame["Partnership ID"].isin(partnerships)
        if "Risk no" in frame:
            pairs = zip(frame["Partnership ID"].astype(str), frame["Risk no"], strict=True)
            keep &= pd.Series(
                [not (pd.notna(no) and (pid, int(no)) in risks) for pid, no in pairs],
                index=frame.index,
            )
        elif "Detail" in frame:
            # A row about one risk says so in its Detail: "Risk 5: …" (Overdue's risk targets,
            # Changes' risks added or removed), or "Risk target missed: Risk 5: …" (Changes).
            keep &= pd.Series(
                [
                    not any(
                        pid == owner
                        and (
                            str(detail).startswith(f"Risk {no}:") or f": Risk {no}:" in str(detail)
                        )
                        for owner, no in risks
                    )
                    for pid, detail in zip(frame["Partnership ID"], frame["Detail"], strict=True)
                ],
                index=frame.index,
            )
    return frame[keep].reset_index(drop=True)


def public_view(tables: ReportTables) -> ReportTables:
    """The report tables as the public edition prints them (see the module's docstring)."""
    partnerships, risks = exempt_ids(tables)
    frames = {
        name: _without(frame, partnerships, risks)
        for name, frame in tables.items()
        if name not in WITHHELD
    }
    frames |= {name: tables[name].iloc[0:0] for name in WITHHELD if name in tables}
    if "commentary" in frames:
        notes = frames["commentary"]
        frames["commentary"] = notes[notes["Exempt"] != "Yes"].reset_index(drop=True)
    # Tables that group by text of the partnerships (their priority, their officer): counted
    # again, so an exempt partnership's text cannot show through a group's name.
    # Costs by priority lists the listed partnerships' priorities; its Total row stays the
    # board's, exempt partnerships counted (the chapter's withheld line says so), so no row
    # states one exempt partnership's budget.
    costs = costs_by_priority(frames["register"])
    frames["costs_by_priority"] = pd.concat(
        [costs.iloc[:-1], tables.costs_by_priority.iloc[-1:]], ignore_index=True
    )
    frames["overdue_by_officer"] = overdue_by_officer(frames["overdue"])
    # Each wording once with the partnerships recording it: from the listed risks only.
    frames["high_risks_by_wording"] = risks_by_wording(frames["high_residual_risks"])
    return ReportTables(frames)


def withheld_counts(tables: ReportTables) -> tuple[int, int]:
    """How many partnerships, and how many risks (exempt ones, and every risk of an exempt
    partnership), the public edition does not list."""
    partnerships, risks = exempt_ids(tables)
    listed = _without(tables.risks, partnerships, risks)
    return len(partnerships), len(tables.risks) - len(listed)
