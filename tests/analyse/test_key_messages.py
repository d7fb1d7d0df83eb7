"""Key messages (issue 18): up to five sentences from the tables, each naming its sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from datasets import Book, Question, dataset
from datasets import responses_answering as responses

from pipeline.analyse.summaries.key_messages import key_messages
from pipeline.analyse.tables import SHEETS
from pipeline.analyse.topics.survey import survey
from pipeline.render import pct
from pipeline.settings import load_settings

SETTINGS = load_settings(Path("/nonexistent"))
SURVEY_MESSAGE = (
    "Partners agreeing that “Consultations give us enough time” fell 18 points, to 25%, in "
    "the 2026 survey."
)
NAMES = (
    "outside_appetite",
    "high_residual_risks",
    "survey",
    "check_counts",
    "overdue",
    "governance_issues",
)


def _risks(*numbers: int, partnership: str = "P-001") -> pd.DataFrame:
    """A table of risks of one partnership, by their numbers."""
    return pd.DataFrame({"Partnership ID": [partnership] * len(numbers), "Risk no": numbers})


def _messages(**tables: pd.DataFrame) -> list[tuple[str, str]]:
    empty = {
        "outside_appetite": _risks(),
        "high_residual_risks": _risks(),
        "survey": pd.DataFrame(columns=["Survey year", "Question", "Agree", "Change"]),
        "check_counts": pd.DataFrame({"Check": [], "Overdue": []}),
        "overdue": pd.DataFrame({"Check": []}),
        "governance_issues": pd.DataFrame({"Issue": []}),
    }
    given = {**empty, **tables}
    frame = key_messages(
        *(given[name] for name in NAMES),
        settings=SETTINGS,
        sheets={name: SHEETS[name] for name in NAMES},
    )
    return list(zip(frame["Message"], frame["Sheet"], strict=True))


def test_nothing_to_say_gives_no_messages() -> None:
    assert _messages() == []


def test_each_message_names_its_figure_and_sheet() -> None:
    survey = pd.DataFrame(
        {
            "Survey year": [2025, 2026, 2026],
            "Question": ["Old", "We are kept informed", "Consultations give us enough time"],
            "Agree": [0.9, 0.6, 0.25],
            "Change": [30.0, 2.0, -18.0],
        }
    )
    messages = _messages(
        outside_appetite=_risks(1, 2),
        high_residual_risks=_risks(1, 2, 3),
        survey=survey,
        check_counts=pd.DataFrame({"Check": ["Review", "Governance gap"], "Overdue": [2, 7]}),
        overdue=pd.DataFrame({"Check": ["Past end date", "Review overdue"]}),
    )
    assert messages == [
        ("2 risks are outside the council's risk appetite (a residual rating above 6).",
         "Outside appetite"),
        ("3 risks are still High after controls.", "High residual risks"),
        (SURVEY_MESSAGE, "Survey"),
        ("Governance gap: 7 items are overdue, the most of any check.", "Check counts"),
        ("1 partnership is still Active after its end date.", "Overdue"),
    ]  # fmt: skip


def test_the_top_band_is_not_said_twice_when_it_is_the_outside_appetite_list() -> None:
    """The same risks in both lists (in another order): one message, saying it covers both."""
    messages = _messages(outside_appetite=_risks(1, 2), high_residual_risks=_risks(2, 1))
    both = "2 risks are still High after controls and outside the council's risk appetite"
    assert messages == [(f"{both} (a residual rating above 6).", "Outside appetite")]


def test_equal_counts_of_different_risks_are_two_messages() -> None:
    """Two risks outside appetite and two in the top band, but not the same two: both said."""
    messages = _messages(outside_appetite=_risks(1, 2), high_residual_risks=_risks(1, 3))
    assert [sheet for _, sheet in messages] == ["Outside appetite", "High residual risks"]
    assert "High" not in messages[0][0]


def test_the_survey_message_s_points_are_the_difference_of_the_printed_percentages() -> None:
    """From real answers: 31/58 (53%) in 2025, 30/53 (57%) in 2026 rose 4 points, to 57%:
    57 − 53, where the unrounded 3.2 points would say 3."""
    answered = dataset(
        Book(
            "survey-2025.xlsx",
            questions=[Question()],
            responses=responses(2025, Q1=[5] * 31 + [1] * 27),
        ),
        Book(
            "survey-2026.xlsx",
            questions=[Question()],
            responses=responses(2026, Q1=[5] * 30 + [1] * 23),
        ),
    )
    table = survey(answered.answers, answered.questions)
    before = table.loc[table["Survey year"] == 2025, "Agree"].item()
    assert pct(before) == "53%"
    message = (
        "Partners agreeing that “The council keeps us informed” rose 4 points, to 57%, in the "
        "2026 survey."
    )
    assert _messages(survey=table) == [(message, "Survey")]


def test_partnerships_at_limited_or_no_assurance_are_the_second_message() -> None:
    """The Governance Statement's issues still open, with how many are new; resolved ones are
    not counted, and with none open there is no message."""
    issues = pd.DataFrame({"Issue": ["New", "Continuing", "Continuing", "Resolved"]})
    messages = _messages(outside_appetite=_risks(1), governance_issues=issues)
    sentence = (
        "3 partnerships are at Limited or No assurance (1 new since last year): issues for the"
        " Annual Governance Statement."
    )
    assert messages[1] == (sentence, "Governance statement issues")
    assert _messages(governance_issues=pd.DataFrame({"Issue": ["Resolved"]})) == []
