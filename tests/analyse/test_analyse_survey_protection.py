"""Survey themes, the headline figure, and small groups that stay protected across tables."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, question_row, response_row, valid_dataset
from conftest import AS_OF

from pipeline.analyse.survey import (
    response_rates,
    suppressed_groups,
    survey,
    survey_by_theme,
    survey_by_type,
    survey_comments,
)
from pipeline.matrices import MATRICES
from pipeline.render import change_words, diverging


def _dataset(tmp_path: Path, questions: list[dict], responses: list[dict], invitations=()):
    sheets = {"Questions": questions, "Responses": responses}
    if invitations:
        sheets["Invitations"] = list(invitations)
    return valid_dataset(
        tmp_path / "input",
        {"register.xlsx": {"Partnerships": [partnership_row()]}, "survey.xlsx": sheets},
        matrix=MATRICES["charnwood-3x3"],
        as_of=AS_OF,
    )


def _responses(year: int, kind: str, answers: dict[str, list[object]], start: int = 0):
    count = max(len(v) for v in answers.values())
    rows = []
    for n in range(count):
        row = response_row(
            **{
                "Response ID": f"{year}-{kind}-{start + n}",
                "Survey year": year,
                "Organisation type": kind,
            }
        )
        del row["Q1"]  # only the questions this test answers
        row.update({q: (v[n] if n < len(v) else None) for q, v in answers.items()})
        rows.append(row)
    return rows


QUESTIONS = [
    question_row(**{"Question ID": "Q1", "Question": "Informed", "Theme": "Communication"}),
    question_row(**{"Question ID": "Q2", "Question": "Consulted", "Theme": "Communication"}),
    question_row(**{"Question ID": "Q3", "Question": "Supported", "Theme": None}),
]


def test_themes_pool_their_questions_answers_and_the_headline_pools_all(tmp_path: Path) -> None:
    """Communication pools Q1 and Q2's answers; All questions pools every 1–5 answer."""
    responses = _responses(
        2026,
        "Parish council",
        {"Q1": [5, 4, 2, "Don't know"], "Q2": ["Agree", 1, None, 3], "Q3": [5, 5, 5, 5]},
    )
    dataset = _dataset(tmp_path, QUESTIONS, responses)
    themes = survey_by_theme(dataset.answers, dataset.questions).set_index("Theme")
    # Communication: answers 5, 4, 2, 4, 1, 3 → 6 answers, 3 agree, 2 disagree, mean 19/6
    assert themes.loc["Communication", "Responses"] == 6
    assert themes.loc["Communication", "Questions"] == 2
    assert themes.loc["Communication", "Agree"] == pytest.approx(3 / 6)
    assert themes.loc["Communication", "Disagree"] == pytest.approx(2 / 6)
    assert themes.loc["Communication", "Mean"] == pytest.approx(19 / 6)
    assert themes.loc["No theme", "Agree"] == 1.0
    # All questions: the 6 above and Q3's four 5s → 10 answers, 7 agree
    assert themes.loc["All questions", "Responses"] == 10
    assert themes.loc["All questions", "Agree"] == pytest.approx(0.7)
    assert list(themes.index)[-1] == "All questions"


def test_theme_change_compares_with_the_previous_year(tmp_path: Path) -> None:
    """Change in points for a theme and for the headline; blank in the first year."""
    responses = [
        *_responses(2025, "Parish council", {"Q1": [5, 1, 1, 1]}),  # 25% agree
        *_responses(2026, "Parish council", {"Q1": [5, 5, 1, 1]}),  # 50% agree
    ]
    dataset = _dataset(tmp_path, QUESTIONS, responses)
    themes = survey_by_theme(dataset.answers, dataset.questions)
    row = themes[(themes["Survey year"] == 2026) & (themes["Theme"] == "All questions")].iloc[0]
    assert row["Change"] == pytest.approx(25.0)
    first = themes[(themes["Survey year"] == 2025) & (themes["Theme"] == "All questions")].iloc[0]
    assert math.isnan(first["Change"])


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ([10, 8, 6], [False, False, False]),  # expected: nothing small, nothing hidden
        ([10, 8, 4], [False, True, True]),  # one small group: the next smallest hides too
        ([10, 3, 1, 9], [False, True, True, True]),  # 3 + 1 < 5: hide until 5 or more
        ([4, 4], [True, True]),  # edge: both small
        ([20, 5, 2], [False, True, True]),  # edge: 5 is shown alone, but hides to cover 2
    ],
)
def test_suppression_never_leaves_a_small_group_recoverable(
    sizes: list[int], hidden: list[bool]
) -> None:
    """At least two groups hidden, together of 5 or more answers, whenever any is hidden."""
    assert list(suppressed_groups(pd.Series(sizes), min_group_size=5)) == hidden


def test_no_suppressed_agreement_can_be_worked_out_from_the_survey_total(tmp_path: Path) -> None:
    """Subtracting the shown groups' agree counts from the question's total never isolates a
    group under five answers."""
    responses = [
        *_responses(2026, "Parish council", {"Q1": [5, 5, 4, 2, 1, 5, 4]}),
        *_responses(2026, "Town council", {"Q1": [5, 5, 2, 2, 4, 4]}),
        *_responses(2026, "Parish meeting", {"Q1": [1, 5, 5]}),
    ]
    dataset = _dataset(tmp_path, QUESTIONS, responses)
    total = survey(dataset.answers, dataset.questions).set_index("Question ID").loc["Q1"]
    by_type = survey_by_type(dataset.answers, dataset.questions, min_group_size=5)
    q1 = by_type[by_type["Question ID"] == "Q1"]
    hidden = q1[q1["Suppressed"] == "Yes"]
    assert set(hidden["Organisation type"]) == {"Parish meeting", "Town council"}
    assert hidden["Agree"].isna().all()
    assert hidden["Responses"].sum() >= 5  # what subtraction could reveal covers 5 or more
    shown = q1[q1["Suppressed"] == "No"]
    assert len(shown) + len(hidden) == 3
    assert total["Responses"] == q1["Responses"].sum()


def test_comments_are_listed_without_who_gave_them(tmp_path: Path) -> None:
    """Text answers appear by question, with no organisation or type."""
    questions = [question_row(**{"Question ID": "Q8", "Question": "One thing?", "Kind": "Text"})]
    responses = _responses(2026, "Parish meeting", {"Q8": ["Evening meetings", None, "N/A"]})
    dataset = _dataset(tmp_path, questions, responses)
    comments = survey_comments(dataset.answers, dataset.questions)
    assert comments.to_dict("records") == [
        {
            "Survey year": 2026,
            "Question ID": "Q8",
            "Question": "One thing?",
            "Answer": "Evening meetings",
        }
    ]
    assert survey(dataset.answers, dataset.questions).empty


def test_response_rates_by_type_and_overall(tmp_path: Path) -> None:
    """Respondents ÷ invited for each type with invitations, and for all types together."""
    responses = [
        *_responses(2026, "Parish council", {"Q1": [5, 4, 3]}),
        *_responses(2026, "Business", {"Q1": [5]}),
    ]
    invitations = [
        {"Survey year": 2026, "Organisation type": "Parish council", "Invited": 6},
        {"Survey year": 2026, "Organisation type": "Business", "Invited": 4},
    ]
    dataset = _dataset(tmp_path, QUESTIONS, responses, invitations)
    rates = response_rates(dataset.responses, dataset.invitations).set_index("Organisation type")
    assert rates.loc["Parish council", "Response rate"] == pytest.approx(0.5)
    assert rates.loc["Business", "Response rate"] == pytest.approx(0.25)
    assert rates.loc["All types", ["Invited", "Responded"]].tolist() == [10, 4]
    assert list(rates.index)[-1] == "All types"


@pytest.mark.parametrize(
    ("points", "words"),
    [(6.4, "↑ up 6 points"), (-3.0, "↓ down 3 points"), (0.2, "→ no change"),
     (1.0, "↑ up 1 point"), (float("nan"), "")],
)  # fmt: skip
def test_changes_read_as_words(points: float, words: str) -> None:
    """Year-on-year arrows come with words, so the direction never rests on a symbol."""
    assert change_words(points) == words


def test_diverging_bar_centres_neither_on_the_line() -> None:
    """Disagree ends where neither starts, neither straddles the centre, agree follows it."""
    bar = diverging({"Disagree": 0.2, "Neither": 0.3, "Agree": 0.5})
    assert bar["neither_x"] + bar["neither_w"] / 2 == pytest.approx(100)
    assert bar["disagree_x"] + bar["disagree_w"] == pytest.approx(bar["neither_x"])
    assert bar["agree_x"] == pytest.approx(bar["neither_x"] + bar["neither_w"])
    assert bar["agree_w"] == pytest.approx(50)
    assert bar["disagree_x"] >= 0
