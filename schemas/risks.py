"""The risk register: Risks (WORKBOOKS.md §3; a partnership risk assessment template) and
Risk actions (§11: the actions behind each risk, with their owners and dates)."""

from __future__ import annotations

from typing import Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas._columns import Kind, Scale, column, exempt_reason_column

RISK_TYPES: Final = {
    "R": "Reputational",
    "F": "Financial",
    "S": "Social",
    "L": "Legal",
    "T": "Technical",
    "E": "Environmental",
    "P": "Political",
}
CONTROL_TYPES: Final = ("R", "M")


class Risks(pa.DataFrameModel):
    """Risks: one row per risk (a partnership risk assessment template)."""

    partnership_id: Series[str] = column(
        "Partnership ID",
        kind=Kind.ID,
        required=True,
        example="P-001",
        description="Must exist in Partnerships.",
    )
    risk_no: Series[pd.Int64Dtype] = column(
        "Risk no",
        kind=Kind.WHOLE_NUMBER,
        required=True,
        aliases=("No", "No.", "Risk number", "Key risk"),
        example=1,
        description="Whole number ≥ 1, unique within its partnership.",
        ge=1,
    )
    risk_type: Series[str] = column(
        "Risk type",
        kind=Kind.RISK_TYPES,
        aliases=("Type",),
        example="R, F",
        description="One or more of R F S L T E P, separated by commas or spaces.",
    )
    risk: Series[str] = column(
        "Risk",
        required=True,
        aliases=("Description of risk", "Detail of risk", "Description of risk concern"),
        example="The risk that a key partner withdraws because of budget pressures, "
        "resulting in services stopping.",
        description="The risk that x occurs because of y, resulting in z.",
    )
    impact_description: Series[str] = column(
        "Impact description", aliases=("Description of potential impact",)
    )
    likelihood_factors: Series[str] = column(
        "Likelihood factors", aliases=("Description of likelihood factors",)
    )
    inherent_impact: Series[pd.Int64Dtype] = column(
        "Inherent impact",
        kind=Kind.LEVEL,
        scale=Scale.IMPACT,
        required=True,
        aliases=("Impact",),
        # Level examples are level numbers, on every matrix (each scale has at least two
        # levels); the templates show them as the council's matrix names them (`2 Minor`).
        example=2,
    )
    inherent_likelihood: Series[pd.Int64Dtype] = column(
        "Inherent likelihood",
        kind=Kind.LEVEL,
        scale=Scale.LIKELIHOOD,
        required=True,
        aliases=("Likelihood",),
        example=2,
    )
    inherent_rating: Series[float] = column(
        "Inherent rating",
        kind=Kind.RATING,
        aliases=("Rating", "Inherent risk rating", "Rating (Impact x Likelihood)"),
        description="If typed, checked against the matrix; the matrix wins.",
    )
    control_type: Series[str] = column(
        "Control type",
        kind=Kind.CHOICE,
        choices=CONTROL_TYPES,
        description="R risk control or M mitigation plan.",
    )
    controls: Series[str] = column(
        "Controls", aliases=("Key control", "Key controls", "Key actions to control")
    )
    control_end_date: Series[pd.Timestamp] = column("Control end date", kind=Kind.DATE)
    residual_impact: Series[pd.Int64Dtype] = column(
        "Residual impact", kind=Kind.LEVEL, scale=Scale.IMPACT
    )
    residual_likelihood: Series[pd.Int64Dtype] = column(
        "Residual likelihood", kind=Kind.LEVEL, scale=Scale.LIKELIHOOD
    )
    residual_rating: Series[float] = column(
        "Residual rating", kind=Kind.RATING, aliases=("Residual risk rating",)
    )
    risk_owner: Series[str] = column("Risk owner", aliases=("Lead responsibility",))
    assessed_by: Series[str] = column("Assessed by", aliases=("Risk assessors",))
    qa_by: Series[str] = column("QA by")
    assessment_date: Series[pd.Timestamp] = column(
        "Assessment date",
        kind=Kind.DATE,
        required=True,
        aliases=("Date of completion",),
        example="3 March 2026",
        description="Not after the as-of date.",
    )

    target_impact: Series[pd.Int64Dtype] = column(
        "Target impact",
        kind=Kind.LEVEL,
        scale=Scale.IMPACT,
        aliases=("Target impact rating", "Future impact"),
        example=1,
        description="Where the risk should sit once the planned controls work; with Target "
        "likelihood, both or neither.",
    )
    target_likelihood: Series[pd.Int64Dtype] = column(
        "Target likelihood",
        kind=Kind.LEVEL,
        scale=Scale.LIKELIHOOD,
        aliases=("Target L'hood", "Target likelihood rating", "Future likelihood"),
        example=1,
    )
    target_date: Series[pd.Timestamp] = column(
        "Target date",
        kind=Kind.DATE,
        aliases=("Target score date", "Target rating date"),
        example="31 March 2027",
        description="The date by which the target should be reached.",
    )

    exempt: Series[pd.BooleanDtype] = column(
        "Exempt",
        kind=Kind.YES_NO,
        aliases=("Exempt from publication",),
        description="Blank = No. The risk is exempt from publication (Local Government Act "
        "1972, Schedule 12A): the public edition leaves it out.",
    )
    exempt_reason: Series[str] = exempt_reason_column()

    class Config:
        name = "Risks"


class RiskActions(pa.DataFrameModel):
    """Risk actions: the actions that control or mitigate a risk, each with an owner and a
    due date (the seeds' "Risk Controls and Mitigation Plans … with End Dates" and "Key
    Actions to Control")."""

    partnership_id: Series[str] = column(
        "Partnership ID",
        kind=Kind.ID,
        required=True,
        example="P-001",
        description="Must exist in Partnerships.",
    )
    risk_no: Series[pd.Int64Dtype] = column(
        "Risk no",
        kind=Kind.WHOLE_NUMBER,
        required=True,
        aliases=("No", "No.", "Risk number"),
        example=1,
        description="The risk's Risk no in the Risks sheet: that partnership must have it.",
        ge=1,
    )
    action: Series[str] = column(
        "Action",
        required=True,
        aliases=("Risk action", "Mitigation action", "Key action", "Control action"),
        example="Agree a three-year funding plan with the partners",
        description="What will be done to control or mitigate the risk.",
    )
    owner: Series[str] = column(
        "Owner",
        required=True,
        aliases=("Action owner", "Whom"),
        example="Head of Finance",
        description="Who will do it: the action goes into their officer's workbook.",
    )
    due: Series[pd.Timestamp] = column(
        "Due",
        kind=Kind.DATE,
        required=True,
        aliases=("Due date", "When", "End date"),
        example="31 March 2027",
        description="When it should be done by.",
    )
    completed: Series[pd.Timestamp] = column(
        "Completed",
        kind=Kind.DATE,
        aliases=("Date completed",),
        description="Blank while the action is open; a date after the as-of date means it "
        "was still open then.",
    )

    class Config:
        name = "Risk actions"
