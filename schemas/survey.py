"""The partner survey: Questions, Responses, Invitations (WORKBOOKS.md §4)."""

from __future__ import annotations

import re
from typing import Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas._columns import Kind, column

ORGANISATION_TYPES: Final = (
    "Parish council",
    "Town council",
    "Parish meeting",
    "Community council",
    "Voluntary and community",
    "Public sector",
    "Business",
    "Other",
)
QUESTION_KINDS: Final = ("Scale", "Text")
# Scale answers as words, by their score.
AGREEMENT_WORDS: Final = {
    "strongly disagree": 1,
    "disagree": 2,
    "neither agree nor disagree": 3,
    "agree": 4,
    "strongly agree": 5,
}
NO_ANSWER_WORDS: Final = ("don't know", "dont know", "don’t know", "n/a", "na", "not applicable")
# A Responses heading shaped like a Question ID is a question column.
QUESTION_ID_PATTERN: Final = re.compile(r"^Q\d+[A-Za-z]?$", re.IGNORECASE)


class Questions(pa.DataFrameModel):
    """Questions: the survey's questions, by Question ID."""

    question_id: Series[str] = column(
        "Question ID", kind=Kind.ID, required=True, aliases=("ID",), example="Q1"
    )
    question: Series[str] = column("Question", required=True)
    theme: Series[str] = column("Theme", example="Communication")
    kind: Series[str] = column(
        "Kind",
        kind=Kind.CHOICE,
        choices=QUESTION_KINDS,
        description="Scale (1–5 agreement) or Text; blank means Scale.",
    )

    class Config:
        name = "Questions"


class Responses(pa.DataFrameModel):
    """Responses: one row per returned survey; answers in one column per Question ID."""

    response_id: Series[str] = column(
        "Response ID", kind=Kind.ID, required=True, description="Unique within its survey year."
    )
    survey_year: Series[pd.Int64Dtype] = column(
        "Survey year", kind=Kind.WHOLE_NUMBER, required=True, example=2026, ge=2000, le=2100
    )
    organisation: Series[str] = column("Organisation", aliases=("Organisation name",))
    organisation_type: Series[str] = column(
        "Organisation type",
        kind=Kind.CHOICE,
        required=True,
        choices=ORGANISATION_TYPES,
        example="Parish council",
    )
    partnership_id: Series[str] = column(
        "Partnership ID", kind=Kind.ID, description="Optional; must exist in Partnerships if given."
    )

    class Config:
        name = "Responses"


class Invitations(pa.DataFrameModel):
    """Invitations (optional): how many organisations of each type were invited."""

    survey_year: Series[pd.Int64Dtype] = column(
        "Survey year", kind=Kind.WHOLE_NUMBER, required=True, ge=2000, le=2100
    )
    organisation_type: Series[str] = column(
        "Organisation type", kind=Kind.CHOICE, required=True, choices=ORGANISATION_TYPES
    )
    invited: Series[pd.Int64Dtype] = column("Invited", kind=Kind.WHOLE_NUMBER, required=True, ge=0)

    class Config:
        name = "Invitations"
