"""The officers' voice: Commentary and Recommendations (WORKBOOKS.md §9).

Officers write the narrative and the decisions the board is asked to take; the reports set
them in the committee-report form of the Carlisle report (summary, recommendations, reasons,
implications).
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas._columns import Kind, column, exempt_reason_column
from schemas.figures import keys_text

REPORTS: Final = ("Annual", "Quarterly", "Both")
SECTIONS: Final = (
    "Summary",
    "Register and costs",
    "Risk profile",
    "Reviews and compliance",
    "Partner survey",
    "Town and parish councils",
    "Key partnerships",
    "Financial implications",
    "Legal implications",
    "Risk management implications",
    "Equality implications",
)
IMPLICATIONS: Final = SECTIONS[-4:]
# What the notes on officers' text say of live figures (WORKBOOKS.md §9).
LIVE_FIGURES_NOTE: Final = (
    "A Summary key in braces, such as {overdue}, prints that figure as the report's key "
    f"figures on its first page print it, so the text stays true: {keys_text()}."
)


def _report() -> Any:
    """The Report column both sheets start with: which report a row is for."""
    return column(
        "Report",
        kind=Kind.CHOICE,
        required=True,
        choices=REPORTS,
        aliases=("Report for", "Which report"),
        example="Annual",
    )


class Commentary(pa.DataFrameModel):
    """Commentary: officers' text for a section of a report, printed as typed."""

    report: Series[str] = _report()
    section: Series[str] = column(
        "Section",
        kind=Kind.CHOICE,
        required=True,
        choices=SECTIONS,
        aliases=("Chapter", "Heading"),
        example="Summary",
    )
    text: Series[str] = column(
        "Text",
        kind=Kind.PROSE,
        required=True,
        aliases=("Commentary", "Comment", "Narrative"),
        example="The partnership register is complete for the first time.",
        description=(
            "Several rows for the same report and section print in sheet order. "
            + LIVE_FIGURES_NOTE
        ),
    )
    exempt: Series[pd.BooleanDtype] = column(
        "Exempt",
        kind=Kind.YES_NO,
        description="Blank = No. Exempt text is in the board's reports, never the public edition.",
    )
    exempt_reason: Series[str] = exempt_reason_column()

    class Config:
        name = "Commentary"


class Recommendations(pa.DataFrameModel):
    """Recommendations: the decisions the board is asked to take, numbered, with reasons."""

    report: Series[str] = _report()
    no: Series[pd.Int64Dtype] = column(
        "No",
        kind=Kind.WHOLE_NUMBER,
        required=True,
        aliases=("No.", "Number", "Recommendation no"),
        example=1,
        description="Unique within a report.",
        ge=1,
    )
    recommendation: Series[str] = column(
        "Recommendation",
        kind=Kind.PROSE,
        required=True,
        example="note the partnership register and the risks outside appetite.",
        description=(
            "What the board is asked to do; printed after “The Executive is asked to”. "
            "Live figures such as {overdue} print as in Commentary's Text."
        ),
    )
    reason: Series[str] = column(
        "Reason",
        kind=Kind.PROSE,
        aliases=("Reasons", "Reason for recommendation"),
        description="Live figures such as {overdue} print as in Commentary's Text.",
    )

    class Config:
        name = "Recommendations"
