"""The partner survey: Survey, Survey by type, Survey comments, Response rates (WORKBOOKS.md §4).

Agree is the share of 4–5 answers among the 1–5 answers; Disagree the share of 1–2; blank,
Don't know and N/A are no answer. Expected fractions are worked out by hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pytest
from builders import question_row, response_row, valid_dataset
from conftest import AS_OF

from pipeline.analyse.survey import response_rates, survey, survey_by_type, survey_comments
from pipeline.matrices import MATRICES
from pipeline.validate import Dataset

Sheets = Mapping[str, Sequence[Mapping[str, object]]]
MATRIX = MATRICES["charnwood-3x3"]

Q1 = question_row()  # Q1 "The council keeps us informed", Scale
Q2 = question_row(
    **{"Question ID": "Q2", "Question": "Meetings are well run", "Theme": "Governance"}
)
Q3_TEXT = question_row(
    **{
        "Question ID": "Q3",
        "Question": "What could the council do better?",
        "Theme": "Comments",
        "Kind": "Text",
    }
)


def dataset_from(folder: Path, books: Mapping[str, Sheets]) -> Dataset:
    """The validated dataset of workbooks named in `books`; they must have no errors."""
    return valid_dataset(folder, books, matrix=MATRIX, as_of=AS_OF)


def responses(
    year: int, organisation_type: str = "Parish council", **answers: Sequence[object]
) -> list[dict[str, object]]:
    """One response per position in the answer lists: `Q1=[5, 4]` is two responses."""
    count = max(len(column) for column in answers.values())
    rows = []
    for n in range(count):
        row = response_row(
            **{
                "Response ID": f"R-{organisation_type}-{n + 1}",
                "Survey year": year,
                "Organisation": f"{organisation_type} {n + 1}",
                "Organisation type": organisation_type,
            }
        )
        del row["Q1"]
        row.update({question: column[n] for question, column in answers.items()})
        rows.append(row)
    return rows


def rows_for(table: pd.DataFrame, columns: Sequence[str]) -> list[tuple[object, ...]]:
    return list(table[list(columns)].itertuples(index=False, name=None))


# Survey -----------------------------------------------------------------------------------


def test_survey_counts_only_answers_on_the_scale(tmp_path):
    """It counts 1–5 answers (numbers or words) and leaves out Don't know, N/A and blanks."""
    dataset = dataset_from(
        tmp_path / "input",
        {
            "survey.xlsx": {
                "Questions": [Q1],
                "Responses": responses(
                    2026,
                    Q1=[5, 4, "Agree", 3, 2, "Strongly disagree", "Don't know", "N/A", None],
                ),
            }
        },
    )
    table = survey(dataset.answers, dataset.questions)
    assert len(table) == 1
    row = table.iloc[0]
    # six answers on the scale: 5, 4, 4, 3, 2, 1
    assert (row["Survey year"], row["Question ID"], row["Responses"]) == (2026, "Q1", 6)
    assert row["Agree"] == pytest.approx(3 / 6)  # 5, 4, 4
    assert row["Disagree"] == pytest.approx(2 / 6)  # 2, 1
    assert row["Mean"] == pytest.approx(19 / 6)


def test_survey_names_the_question_and_its_theme(tmp_path):
    """It carries each question's wording and theme from the Questions sheet."""
    dataset = dataset_from(
        tmp_path / "input",
        {"survey.xlsx": {"Questions": [Q2], "Responses": responses(2026, Q2=[4, 4, 4, 4, 4])}},
    )
    table = survey(dataset.answers, dataset.questions)
    assert rows_for(table, ["Question ID", "Question", "Theme"]) == [
        ("Q2", "Meetings are well run", "Governance")
    ]


def test_survey_scores_a_question_with_no_kind_as_scale(tmp_path):
    """It treats a blank Kind as Scale."""
    dataset = dataset_from(
        tmp_path / "input",
        {
            "survey.xlsx": {
                "Questions": [question_row(Kind=None)],
                "Responses": responses(2026, Q1=[5, 4, 1, 1, 1]),
            }
        },
    )
    table = survey(dataset.answers, dataset.questions)
    assert rows_for(table, ["Question ID", "Responses", "Agree"]) == [("Q1", 5, pytest.approx(0.4))]


def test_survey_and_survey_by_type_have_the_contract_columns(tmp_path, settings):
    """It gives the Survey and Survey by type sheets the headings of WORKBOOKS.md §6."""
    dataset = dataset_from(
        tmp_path / "input",
        {"survey.xlsx": {"Questions": [Q1], "Responses": responses(2026, Q1=[4, 4, 4, 4, 4])}},
    )
    assert list(survey(dataset.answers, dataset.questions).columns) == [
        "Survey year", "Question ID", "Question", "Theme", "Responses", "Agree", "Disagree",
        "Mean", "Change",
        "Neither",  # after the contract's columns: the neutral share, for the bars
    ]  # fmt: skip
    by_type = survey_by_type(
        dataset.answers, dataset.questions, min_group_size=settings.min_group_size
    )
    assert list(by_type.columns) == [
        "Survey year", "Question ID", "Organisation type", "Responses", "Agree", "Suppressed",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def three_years(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], float]:
    """Change by (year, question) over three yearly workbooks; 2025 did not ask Q1.

    Agree: Q1 2024 4/5 = 80 %, 2026 3/5 = 60 %; Q2 2024 2/5 = 40 %, 2025 3/5 = 60 %,
    2026 4/5 = 80 %.
    """
    dataset = dataset_from(
        tmp_path_factory.mktemp("survey") / "input",
        {
            "survey-2024.xlsx": {
                "Questions": [Q1, Q2],
                "Responses": responses(2024, Q1=[5, 5, 4, 4, 2], Q2=[4, 4, 2, 2, 2]),
            },
            "survey-2025.xlsx": {
                "Questions": [Q2],
                "Responses": responses(2025, Q2=[4, 4, 4, 2, 2]),
            },
            "survey-2026.xlsx": {
                "Questions": [Q1, Q2],
                "Responses": responses(2026, Q1=[4, 4, 4, 2, 1], Q2=[5, 5, 5, 5, 3]),
            },
        },
    )
    table = survey(dataset.answers, dataset.questions)
    return {
        (int(year), str(question)): change
        for year, question, change in rows_for(table, ["Survey year", "Question ID", "Change"])
    }


def test_survey_change_is_in_points_against_the_previous_year(three_years):
    """It gives Change in percentage points against the year before: Q2 40 % → 60 % is +20."""
    assert three_years[(2025, "Q2")] == pytest.approx(20.0)
    assert three_years[(2026, "Q2")] == pytest.approx(20.0)


def test_survey_change_skips_a_year_that_did_not_ask_the_question(three_years):
    """It compares Q1 in 2026 with 2024, the latest earlier year that asked it: 80 % → 60 %."""
    assert (2025, "Q1") not in three_years
    assert three_years[(2026, "Q1")] == pytest.approx(-20.0)


def test_survey_change_is_blank_the_first_year_a_question_is_asked(three_years):
    """It leaves Change blank when there is no earlier year to compare with."""
    assert math.isnan(three_years[(2024, "Q1")])
    assert math.isnan(three_years[(2024, "Q2")])


def test_survey_reads_a_question_id_in_any_case(tmp_path):
    """It matches Questions' `q1` with the Responses column `Q1` (values are case-insensitive)."""
    dataset = dataset_from(
        tmp_path / "input",
        {
            "survey.xlsx": {
                "Questions": [question_row(**{"Question ID": "q1"})],
                "Responses": responses(2026, Q1=[5, 4, 4, 2, 1]),
            }
        },
    )
    table = survey(dataset.answers, dataset.questions)
    assert list(table["Responses"]) == [5]


# Survey by type ---------------------------------------------------------------------------


def test_survey_by_type_suppresses_groups_under_the_minimum(tmp_path, settings):
    """It blanks Agree and says Suppressed Yes for a group of fewer than 5 answers."""
    dataset = dataset_from(
        tmp_path / "input",
        {
            "survey.xlsx": {
                "Questions": [Q1],
                "Responses": [
                    # edge: 4 answers: suppressed
                    *responses(2026, "Parish council", Q1=[5, 5, 5, 5]),
                    # edge: exactly 5 answers: shown, 3 of 5 agree
                    *responses(2026, "Town council", Q1=[5, 4, 4, 2, 1]),
                    # edge: 5 responses but one Don't know: 4 answers, suppressed
                    *responses(2026, "Parish meeting", Q1=[5, 4, 4, 2, "Don't know"]),
                ],
            }
        },
    )
    table = survey_by_type(
        dataset.answers, dataset.questions, min_group_size=settings.min_group_size
    )
    by_type = {
        organisation_type: (responses_, agree, suppressed)
        for organisation_type, responses_, agree, suppressed in rows_for(
            table, ["Organisation type", "Responses", "Agree", "Suppressed"]
        )
    }
    assert by_type.keys() == {"Parish council", "Town council", "Parish meeting"}
    assert by_type["Town council"] == (5, pytest.approx(0.6), "No")
    for organisation_type in ("Parish council", "Parish meeting"):
        responses_, agree, suppressed = by_type[organisation_type]
        assert (responses_, suppressed) == (4, "Yes")
        assert pd.isna(agree)


def test_survey_by_type_follows_the_min_group_size_setting(tmp_path):
    """It uses the minimum it is given: with 3, a group of 4 is shown."""
    dataset = dataset_from(
        tmp_path / "input",
        {"survey.xlsx": {"Questions": [Q1], "Responses": responses(2026, Q1=[5, 5, 5, 1])}},
    )
    table = survey_by_type(dataset.answers, dataset.questions, min_group_size=3)
    assert rows_for(table, ["Responses", "Agree", "Suppressed"]) == [(4, pytest.approx(0.75), "No")]


# Text questions ---------------------------------------------------------------------------


@pytest.fixture
def with_comments(tmp_path: Path) -> Dataset:
    """One Scale and one Text question; one comment is blank."""
    return dataset_from(
        tmp_path / "input",
        {
            "survey.xlsx": {
                "Questions": [Q1, Q3_TEXT],
                "Responses": responses(
                    2026,
                    Q1=[5, 4, 4, 2, 1],
                    Q3=["More notice of meetings", None, "Agree", None, "Share the minutes"],
                ),
            }
        },
    )


def test_text_questions_are_not_scored(with_comments, settings):
    """It leaves Text questions out of Survey and Survey by type."""
    table = survey(with_comments.answers, with_comments.questions)
    by_type = survey_by_type(
        with_comments.answers, with_comments.questions, min_group_size=settings.min_group_size
    )
    assert (list(table["Question ID"]), list(by_type["Question ID"])) == (["Q1"], ["Q1"])


def test_survey_comments_lists_text_answers(with_comments):
    """It lists every non-blank answer to a Text question, as typed, with its question, and
    without who gave it."""
    table = survey_comments(with_comments.answers, with_comments.questions)
    assert "Organisation type" not in table.columns
    assert sorted(rows_for(table, ["Survey year", "Question ID", "Question", "Answer"])) == sorted(
        (2026, "Q3", "What could the council do better?", answer)
        # "Agree" typed in a Text question is a comment, not a score
        for answer in ("More notice of meetings", "Agree", "Share the minutes")
    )


# Response rates ---------------------------------------------------------------------------


def test_response_rates_divide_responses_by_invitations(tmp_path):
    """It gives responses over invitations for each year and organisation type invited.

    Reading: a type with responses but no Invitations row has no rate to give, so it is
    left out.
    """
    dataset = dataset_from(
        tmp_path / "input",
        {
            "survey.xlsx": {
                "Questions": [Q1],
                "Responses": [
                    *responses(2026, "Parish council", Q1=[5, 4, 4, 2]),
                    *responses(2026, "Business", Q1=[4, 4]),
                ],
                "Invitations": [
                    {"Survey year": 2026, "Organisation type": "Parish council", "Invited": 10},
                    {"Survey year": 2026, "Organisation type": "Town council", "Invited": 4},
                ],
            }
        },
    )
    table = response_rates(dataset.responses, dataset.invitations)
    assert rows_for(
        table, ["Survey year", "Organisation type", "Invited", "Responded", "Response rate"]
    ) == [
        (2026, "Parish council", 10, 4, pytest.approx(0.4)),
        (2026, "Town council", 4, 0, pytest.approx(0.0)),
        (2026, "All types", 14, 4, pytest.approx(4 / 14)),  # types with invitations only
    ]
