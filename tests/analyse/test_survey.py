"""The partner survey: Survey, Survey by type, Survey by theme, Survey comments, Response rates
(WORKBOOKS.md §4), and small groups that stay protected across tables.

Agree is the share of 4–5 answers among the 1–5 answers; Disagree the share of 1–2; blank,
Don't know and N/A are no answer. Expected fractions are worked out by hand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from io import BytesIO
from typing import Any

import pandas as pd
import pdfplumber
import pytest
from builders import partnership_row, question_row, response_row, valid_dataset
from conftest import AS_OF
from datasets import Book, Invitation, Partnership, Question, Response, dataset
from datasets import responses_answering as responses

from pipeline.analyse.tables import report_tables
from pipeline.analyse.topics.survey import (
    SURVEY_BY_THEME_COLUMNS,
    SURVEY_BY_THEME_EXTRA_COLUMNS,
    printed_percent,
    response_rates,
    suppressed_groups,
    survey,
    survey_by_theme,
    survey_by_type,
    survey_comments,
)
from pipeline.context import report_context
from pipeline.matrices import MATRICES
from pipeline.periods import financial_quarter
from pipeline.render import pct, render_html, render_pdf
from pipeline.settings import Settings
from pipeline.validate import Dataset

Q1 = Question()  # Q1 "The council keeps us informed", Scale
Q2 = Question(question_id="Q2", question="Meetings are well run", theme="Governance")
Q3_TEXT = Question(
    question_id="Q3", question="What could the council do better?", theme="Comments", kind="Text"
)

THEMED = [  # two questions on one theme, one with none
    Question(question_id="Q1", question="Informed", theme="Communication"),
    Question(question_id="Q2", question="Consulted", theme="Communication"),
    Question(question_id="Q3", question="Supported", theme=None),
]


def survey_of(
    questions: Sequence[Question],
    responses: Sequence[Response],
    invitations: Sequence[Invitation] = (),
) -> Dataset:
    """The validated dataset of one survey workbook with these sheets."""
    return dataset(
        Book("survey.xlsx", questions=questions, responses=responses, invitations=invitations)
    )


def rows_for(table: pd.DataFrame, columns: Sequence[str]) -> list[tuple[object, ...]]:
    return list(table[list(columns)].itertuples(index=False, name=None))


# Survey -----------------------------------------------------------------------------------


def test_survey_counts_only_answers_on_the_scale():
    """It counts 1–5 answers (numbers or words) and leaves out Don't know, N/A and blanks."""
    answered = survey_of(
        [Q1],
        responses(2026, Q1=[5, 4, "Agree", 3, 2, "Strongly disagree", "Don't know", "N/A", None]),
    )
    table = survey(answered.answers, answered.questions)
    assert len(table) == 1
    row = table.iloc[0]
    # six answers on the scale: 5, 4, 4, 3, 2, 1
    assert (row["Survey year"], row["Question ID"], row["Responses"]) == (2026, "Q1", 6)
    assert row["Agree"] == pytest.approx(3 / 6)  # 5, 4, 4
    assert row["Disagree"] == pytest.approx(2 / 6)  # 2, 1
    assert row["Mean"] == pytest.approx(19 / 6)


def test_survey_names_the_question_and_its_theme():
    """It carries each question's wording and theme from the Questions sheet."""
    answered = survey_of([Q2], responses(2026, Q2=[4, 4, 4, 4, 4]))
    table = survey(answered.answers, answered.questions)
    assert rows_for(table, ["Question ID", "Question", "Theme"]) == [
        ("Q2", "Meetings are well run", "Governance")
    ]


def test_survey_scores_a_question_with_no_kind_as_scale():
    """It treats a blank Kind as Scale."""
    answered = survey_of([Question(kind=None)], responses(2026, Q1=[5, 4, 1, 1, 1]))
    table = survey(answered.answers, answered.questions)
    assert rows_for(table, ["Question ID", "Responses", "Agree"]) == [("Q1", 5, pytest.approx(0.4))]


def test_survey_and_survey_by_type_have_the_contract_columns(settings):
    """It gives the Survey and Survey by type sheets the headings of WORKBOOKS.md §6."""
    answered = survey_of([Q1], responses(2026, Q1=[4, 4, 4, 4, 4]))
    assert list(survey(answered.answers, answered.questions).columns) == [
        "Survey year", "Question ID", "Question", "Theme", "Responses", "Agree", "Disagree",
        "Mean", "Change",
        "Neither",  # after the contract's columns: the neutral share, for the bars
    ]  # fmt: skip
    by_type = survey_by_type(
        answered.answers, answered.questions, min_group_size=settings.min_group_size
    )
    assert list(by_type.columns) == [
        "Survey year", "Question ID", "Organisation type", "Responses", "Agree", "Suppressed",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def three_years() -> dict[tuple[int, str], float]:
    """Change by (year, question) over three yearly workbooks; 2025 did not ask Q1.

    Agree: Q1 2024 4/5 = 80 %, 2026 3/5 = 60 %; Q2 2024 2/5 = 40 %, 2025 3/5 = 60 %,
    2026 4/5 = 80 %.
    """
    answered = dataset(
        Book(
            "survey-2024.xlsx",
            questions=[Q1, Q2],
            responses=responses(2024, Q1=[5, 5, 4, 4, 2], Q2=[4, 4, 2, 2, 2]),
        ),
        Book("survey-2025.xlsx", questions=[Q2], responses=responses(2025, Q2=[4, 4, 4, 2, 2])),
        Book(
            "survey-2026.xlsx",
            questions=[Q1, Q2],
            responses=responses(2026, Q1=[4, 4, 4, 2, 1], Q2=[5, 5, 5, 5, 3]),
        ),
    )
    table = survey(answered.answers, answered.questions)
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
    """It matches Questions' `q1` with the Responses column `Q1` (values are case-insensitive).

    Through the real stages, workbooks on disk: validate is what upper-cases Question IDs.
    """
    validated = valid_dataset(
        tmp_path / "input",
        {
            "register.xlsx": {"Partnerships": [partnership_row()]},
            "survey.xlsx": {
                "Questions": [question_row(**{"Question ID": "q1"})],
                "Responses": [
                    response_row(**{"Response ID": f"R-{n}", "Q1": answer})
                    for n, answer in enumerate([5, 4, 4, 2, 1])
                ],
            },
        },
        matrix=MATRICES["charnwood-3x3"],
        as_of=AS_OF,
    )
    table = survey(validated.answers, validated.questions)
    assert list(table["Responses"]) == [5]


# Survey by type ---------------------------------------------------------------------------


def test_survey_by_type_suppresses_groups_under_the_minimum(settings):
    """It blanks Agree and says Suppressed Yes for a group of fewer than 5 answers."""
    answered = survey_of(
        [Q1],
        [
            # edge: 4 answers: suppressed
            *responses(2026, "Parish council", Q1=[5, 5, 5, 5]),
            # edge: exactly 5 answers: shown, 3 of 5 agree
            *responses(2026, "Town council", Q1=[5, 4, 4, 2, 1]),
            # edge: 5 responses but one Don't know: 4 answers, suppressed
            *responses(2026, "Parish meeting", Q1=[5, 4, 4, 2, "Don't know"]),
        ],
    )
    table = survey_by_type(
        answered.answers, answered.questions, min_group_size=settings.min_group_size
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


def test_survey_by_type_follows_the_min_group_size_setting():
    """It uses the minimum it is given: with 3, a group of 4 is shown."""
    answered = survey_of([Q1], responses(2026, Q1=[5, 5, 5, 1]))
    table = survey_by_type(answered.answers, answered.questions, min_group_size=3)
    assert rows_for(table, ["Responses", "Agree", "Suppressed"]) == [(4, pytest.approx(0.75), "No")]


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


def test_no_suppressed_agreement_can_be_worked_out_from_the_survey_total() -> None:
    """Subtracting the shown groups' agree counts from the question's total never isolates a
    group under five answers."""
    answered = survey_of(
        THEMED,
        [
            *responses(2026, "Parish council", Q1=[5, 5, 4, 2, 1, 5, 4]),
            *responses(2026, "Town council", Q1=[5, 5, 2, 2, 4, 4]),
            *responses(2026, "Parish meeting", Q1=[1, 5, 5]),
        ],
    )
    total = survey(answered.answers, answered.questions).set_index("Question ID").loc["Q1"]
    by_type = survey_by_type(answered.answers, answered.questions, min_group_size=5)
    q1 = by_type[by_type["Question ID"] == "Q1"]
    hidden = q1[q1["Suppressed"] == "Yes"]
    assert set(hidden["Organisation type"]) == {"Parish meeting", "Town council"}
    assert hidden["Agree"].isna().all()
    assert hidden["Responses"].sum() >= 5  # what subtraction could reveal covers 5 or more
    shown = q1[q1["Suppressed"] == "No"]
    assert len(shown) + len(hidden) == 3
    assert total["Responses"] == q1["Responses"].sum()


# Survey by theme --------------------------------------------------------------------------


def test_themes_pool_their_questions_answers_and_the_headline_pools_all() -> None:
    """Communication pools Q1 and Q2's answers; All questions pools every 1–5 answer."""
    answered = survey_of(
        THEMED,
        responses(
            2026,
            "Parish council",
            Q1=[5, 4, 2, "Don't know"],
            Q2=["Agree", 1, None, 3],
            Q3=[5, 5, 5, 5],
        ),
    )
    themes = survey_by_theme(answered.answers, answered.questions).set_index("Theme")
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


def test_theme_change_compares_with_the_previous_year() -> None:
    """Change in points for a theme and for the headline; blank in the first year."""
    answered = survey_of(
        THEMED,
        [
            *responses(2025, "Parish council", Q1=[5, 1, 1, 1]),  # 25% agree
            *responses(2026, "Parish council", Q1=[5, 5, 1, 1]),  # 50% agree
        ],
    )
    themes = survey_by_theme(answered.answers, answered.questions)
    row = themes[(themes["Survey year"] == 2026) & (themes["Theme"] == "All questions")].iloc[0]
    assert row["Change"] == pytest.approx(25.0)
    first = themes[(themes["Survey year"] == 2025) & (themes["Theme"] == "All questions")].iloc[0]
    assert math.isnan(first["Change"])


# Changes as printed (WORKBOOKS.md §5) ---------------------------------------------------


def printed(share: float) -> int:
    """A share as the report prints it (the `pct` filter): 0.566 → 57."""
    return int(pct(share).removesuffix("%"))


def test_printed_percent_rounds_as_the_report_prints() -> None:
    """printed_percent gives the whole percentage the `pct` filter prints, ties included
    (12.5% prints 12%, 37.5% prints 38%), for every k of n answers up to 200."""
    shares = [k / n for n in range(1, 201) for k in range(n + 1)]
    assert [printed_percent(share) for share in shares] == [printed(share) for share in shares]
    assert (printed_percent(0.125), printed_percent(0.375)) == (12, 38)


# Agree 31/58 = 53.4 % printed 53 %, then 30/53 = 56.6 % printed 57 %: up 4 points as printed,
# where the unrounded difference, 3.2 points, would print as 3.
ROUNDING = dataset(
    Book("survey-2025.xlsx", questions=[Q1], responses=responses(2025, Q1=[5] * 31 + [1] * 27)),
    Book("survey-2026.xlsx", questions=[Q1], responses=responses(2026, Q1=[5] * 30 + [1] * 23)),
)


def test_a_question_s_change_is_the_difference_of_the_printed_percentages() -> None:
    """57% after 53% is up 4 points, not the 3 the unrounded 3.2 would round to."""
    table = survey(ROUNDING.answers, ROUNDING.questions).set_index("Survey year")
    now, before = table.loc[2026, "Agree"], table.loc[2025, "Agree"]
    assert (pct(now), pct(before)) == ("57%", "53%")
    assert round(100 * (now - before)) == 3  # what the unrounded difference would say
    assert table.loc[2026, "Change"] == 4 == printed(now) - printed(before)


def test_a_theme_s_change_is_the_difference_of_its_printed_percentages() -> None:
    """The same for a theme and the headline, whose questions are the same both years."""
    themes = survey_by_theme(ROUNDING.answers, ROUNDING.questions)
    for theme in ("Communication", "All questions"):
        rows = themes[themes["Theme"] == theme].set_index("Survey year")
        assert rows.loc[2026, "Change"] == 4
        assert rows.loc[2026, "Change"] == printed(rows.loc[2026, "Agree"]) - printed(
            rows.loc[2025, "Agree"]
        )


Q5 = Question(question_id="Q5", question="Shared", theme="Communication")
Q6 = Question(question_id="Q6", question="Asked in 2025 only", theme="Communication")
Q9 = Question(question_id="Q9", question="Asked in 2026 only", theme="Communication")
Q1_SUPPORT = Question(question_id="Q1", question="Supported", theme="Support")


# Communication asked Q5 and Q6 in 2025, Q5 and Q9 in 2026; Support asked Q1 both years.
#
# Communication 2025: Q5 2/4, Q6 4/4 → 6/8 = 75 %; 2026: Q5 3/4, Q9 0/4 → 3/8 = 37.5 %. On
# Q5 alone: 50 % → 75 %, up 25. Support: Q1 1/2 both years. All questions: 2025 7/10, 2026
# 4/10; on Q1 and Q5: 3/6 = 50 % → 4/6 = 66.7 % (printed 67 %), up 17.
QUESTIONS_CHANGED = (
    Book(
        "survey-2025.xlsx",
        questions=[Q1_SUPPORT, Q5, Q6],
        responses=responses(2025, Q1=[5, 1, None, None], Q5=[5, 5, 1, 1], Q6=[5, 5, 5, 5]),
    ),
    Book(
        "survey-2026.xlsx",
        questions=[Q1_SUPPORT, Q5, Q9],
        responses=responses(2026, Q1=[5, 1, None, None], Q5=[5, 5, 5, 1], Q9=[1, 1, 1, 1]),
    ),
)


@pytest.fixture(scope="module")
def questions_changed() -> Dataset:
    return dataset(*QUESTIONS_CHANGED)


def _theme_row(themes: pd.DataFrame, year: int, theme: str) -> pd.Series:
    (index,) = themes.index[(themes["Survey year"] == year) & (themes["Theme"] == theme)]
    return themes.loc[index]


def test_a_theme_s_change_pools_only_the_questions_asked_in_both_years(
    questions_changed: Dataset,
) -> None:
    """Communication's change compares Q5 with Q5 (50 % → 75 %, up 25), never Q5 and Q6
    with Q5 and Q9 (75 % → 37.5 %); its Agree still pools all of the year's questions."""
    themes = survey_by_theme(questions_changed.answers, questions_changed.questions)
    row = _theme_row(themes, 2026, "Communication")
    assert (row["Questions"], row["Agree"]) == (2, pytest.approx(3 / 8))
    assert row["Change"] == 25
    assert (row["Compared with"], row["Questions in both"]) == (2025, 1)
    assert row["Agree, questions in both"] == pytest.approx(0.75)
    assert row["Earlier agree, questions in both"] == pytest.approx(0.5)
    assert (row["Not asked in the earlier year"], row["Not asked this year"]) == ("Q9", "Q6")


def test_the_headline_s_change_pools_only_the_questions_asked_in_both_years(
    questions_changed: Dataset,
) -> None:
    """All questions compares Q1 and Q5 with Q1 and Q5: 50 % → 67 % printed, up 17; a theme
    whose questions did not change says nothing is left out."""
    themes = survey_by_theme(questions_changed.answers, questions_changed.questions)
    row = _theme_row(themes, 2026, "All questions")
    assert (row["Agree"], row["Questions in both"]) == (pytest.approx(0.4), 2)
    assert row["Agree, questions in both"] == pytest.approx(4 / 6)
    assert row["Earlier agree, questions in both"] == pytest.approx(0.5)
    assert row["Change"] == 17 == printed(4 / 6) - printed(0.5)
    assert (row["Not asked in the earlier year"], row["Not asked this year"]) == ("Q9", "Q6")
    support = _theme_row(themes, 2026, "Support")
    assert (support["Change"], support["Questions in both"]) == (0, 1)
    assert pd.isna(support["Not asked in the earlier year"])
    assert pd.isna(support["Not asked this year"])


def test_a_theme_with_no_question_in_both_years_has_no_change() -> None:
    """Change is blank when no question was asked in both years; the first year has nothing
    to compare with at all."""
    answered = dataset(
        Book("survey-2025.xlsx", questions=[Q6], responses=responses(2025, Q6=[5, 5, 1])),
        Book("survey-2026.xlsx", questions=[Q9], responses=responses(2026, Q9=[5, 1, 1])),
    )
    themes = survey_by_theme(answered.answers, answered.questions)
    row = _theme_row(themes, 2026, "Communication")
    assert math.isnan(row["Change"])
    assert (row["Compared with"], row["Questions in both"]) == (2025, 0)
    assert math.isnan(row["Agree, questions in both"])
    assert math.isnan(row["Earlier agree, questions in both"])
    assert (row["Not asked in the earlier year"], row["Not asked this year"]) == ("Q9", "Q6")
    first = _theme_row(themes, 2025, "Communication")
    assert math.isnan(first["Change"])
    assert pd.isna(first["Compared with"])
    assert pd.isna(first["Questions in both"])


def test_a_theme_compares_with_its_latest_earlier_year() -> None:
    """Communication, not asked in 2025, compares 2026 with 2024: Q1 4/5 → 3/5, down 20."""
    answered = dataset(
        Book("survey-2024.xlsx", questions=[Q1], responses=responses(2024, Q1=[5, 5, 4, 4, 2])),
        Book("survey-2025.xlsx", questions=[Q2], responses=responses(2025, Q2=[4, 4, 4, 2, 2])),
        Book("survey-2026.xlsx", questions=[Q1], responses=responses(2026, Q1=[4, 4, 4, 2, 1])),
    )
    themes = survey_by_theme(answered.answers, answered.questions)
    row = _theme_row(themes, 2026, "Communication")
    assert (row["Compared with"], row["Change"]) == (2024, -20)
    headline = _theme_row(themes, 2026, "All questions")  # 2025 asked only Q2
    assert (headline["Compared with"], headline["Questions in both"]) == (2025, 0)


def test_survey_by_theme_has_the_contract_columns_then_what_the_change_is_from(
    questions_changed: Dataset,
) -> None:
    themes = survey_by_theme(questions_changed.answers, questions_changed.questions)
    assert list(themes.columns) == [*SURVEY_BY_THEME_COLUMNS, *SURVEY_BY_THEME_EXTRA_COLUMNS]
    assert list(SURVEY_BY_THEME_COLUMNS) == [
        "Survey year", "Theme", "Questions", "Responses", "Agree", "Disagree", "Mean", "Change",
    ]  # fmt: skip


# Communication asked Q5 and Q6 in 2025, Q5 and Q9 in 2026, one agreeing answer in two to each
# both years: 50% every way it is counted, so what is compared prints as what is shown.
SAME_FIGURES = (
    Book("survey-2025.xlsx", questions=[Q5, Q6], responses=responses(2025, Q5=[5, 1], Q6=[5, 1])),
    Book("survey-2026.xlsx", questions=[Q5, Q9], responses=responses(2026, Q5=[5, 1], Q9=[5, 1])),
)


def test_a_theme_says_when_the_figures_compared_are_not_the_figures_shown(
    questions_changed: Dataset,
) -> None:
    """Communication shows 75% in 2025 and 38% in 2026, but its change compares Q5 alone,
    50% → 75%: the figures differ, and Earlier agree is the 2025 row's Agree. Support asked
    Q1 both years, so its compared figures are its own."""
    themes = survey_by_theme(questions_changed.answers, questions_changed.questions)
    for theme in ("Communication", "All questions"):
        row, before = _theme_row(themes, 2026, theme), _theme_row(themes, 2025, theme)
        assert row["Earlier agree"] == pytest.approx(before["Agree"])
        assert printed(row["Agree"]) != printed(row["Agree, questions in both"])
        assert row["Compared figures differ"] == "Yes"
    support = _theme_row(themes, 2026, "Support")
    assert support["Compared figures differ"] == "No"
    assert support["Earlier agree"] == support["Earlier agree, questions in both"]
    first = _theme_row(themes, 2025, "Communication")
    assert pd.isna(first["Compared figures differ"])
    assert math.isnan(first["Earlier agree"])


def test_changed_questions_whose_figures_print_the_same_are_not_marked() -> None:
    """Q6 gave way to Q9, but 50% is 50% however it is counted: nothing to explain."""
    answered = dataset(*SAME_FIGURES)
    themes = survey_by_theme(answered.answers, answered.questions)
    row = _theme_row(themes, 2026, "Communication")
    assert (row["Not asked in the earlier year"], row["Not asked this year"]) == ("Q9", "Q6")
    assert printed(row["Agree"]) == printed(row["Agree, questions in both"])
    assert printed(row["Earlier agree"]) == printed(row["Earlier agree, questions in both"])
    assert row["Compared figures differ"] == "No"


def test_a_theme_with_nothing_compared_has_no_answer_on_its_figures() -> None:
    answered = dataset(
        Book("survey-2025.xlsx", questions=[Q6], responses=responses(2025, Q6=[5, 5, 1])),
        Book("survey-2026.xlsx", questions=[Q9], responses=responses(2026, Q9=[5, 1, 1])),
    )
    themes = survey_by_theme(answered.answers, answered.questions)
    assert pd.isna(_theme_row(themes, 2026, "Communication")["Compared figures differ"])


def _report_text(answered: Dataset, settings: Settings) -> tuple[str, pd.DataFrame]:
    """The annual report's HTML as text, and its Survey by theme table."""
    tables = report_tables(answered, settings=settings, as_of=AS_OF, findings=[])
    context = report_context(
        tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    html = render_html("annual-partnership-report", context)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()), tables.survey_by_theme


def _compared(row: pd.Series) -> str:
    """What the report prints under a change whose figures differ from the row's."""
    before, now = row["Earlier agree, questions in both"], row["Agree, questions in both"]
    return f"on the questions asked in both 2025 and 2026: {pct(before)} → {pct(now)}"


COMPARED_FIGURES = re.compile(r"\d+% → \d+%")


def test_the_report_prints_the_figures_compared_beside_a_change_worked_out_from_others(
    settings: Settings,
) -> None:
    """The headline and the theme table give, beside each change whose compared figures print
    otherwise than the row's, the two percentages it is the difference of, and name the
    questions asked in one year only; Support's change, on its own figures, stands alone."""
    answered = dataset(Book(partnerships=[Partnership()]), *QUESTIONS_CHANGED)
    text, themes = _report_text(answered, settings)
    left_out = "Left out of the change: Q9 (not asked in 2025) and Q6 (not asked in 2026)."
    assert (
        "40% of partners' answers in the 2026 survey agreed or strongly agreed. On the 2 "
        "questions asked in both 2025 and 2026, 67% agreed, up 17 points on 50% in 2025. "
        + left_out
    ) in text
    for theme, change in (("Communication", "up 25 points"), ("All questions", "up 17 points")):
        row = _theme_row(themes, 2026, theme)
        assert f"{change} {_compared(row)} {left_out}" in text
    assert text.count(left_out) == 3  # the headline, Communication and All questions
    # the two rows above and the change tile; none beside Support's change
    assert len(COMPARED_FIGURES.findall(text)) == 3
    assert "Support 1 2 50% 50% 3.0 no change 2026" in text


def test_the_report_prints_a_change_alone_when_its_figures_are_the_ones_shown(
    settings: Settings,
) -> None:
    """Questions changed but the figures compared print as the ones shown: the change is
    printed as it is, and the questions left out are still named."""
    answered = dataset(Book(partnerships=[Partnership()]), *SAME_FIGURES)
    text, _ = _report_text(answered, settings)
    left_out = "Left out of the change: Q9 (not asked in 2025) and Q6 (not asked in 2026)."
    assert (
        "50% of partners' answers in the 2026 survey agreed or strongly agreed, no change on "
        "the previous survey. " + left_out
    ) in text
    assert "no change " + left_out in text  # the Communication row
    assert not COMPARED_FIGURES.search(text)


Word = dict[str, Any]


def _lines(page: pdfplumber.page.Page) -> list[list[Word]]:
    """The page's words in lines, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(page.extract_words(), key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _text_of(words: Sequence[Word]) -> str:
    return " ".join(w["text"] for w in words)


def _under_the_change(page: pdfplumber.page.Page, theme: str, change: str) -> str:
    """The words printed in the theme table's Change column under the 2026 `theme` row's
    change (which must end that row), down to the next row: its note or the next theme."""
    lines = _lines(page)
    (at,) = [n for n, line in enumerate(lines) if _text_of(line[:2]) == f"2026 {theme}"]
    row = lines[at]
    assert _text_of(row).endswith(change)
    left = row[-len(change.split())]["x0"] - 1
    under = []
    for line in lines[at + 1 :]:
        if line[0]["x0"] < left:  # a new row or the row's note, which start further left
            break
        under.append(_text_of(line))
    return " ".join(under)


@pytest.mark.slow
def test_the_annual_report_prints_the_figures_compared_under_the_change(
    settings: Settings,
) -> None:
    """Read back from the PDF: under Communication's "up 25 points", in the same column and
    before the row's note, the figures it compares; under Support's change, nothing."""
    answered = dataset(Book(partnerships=[Partnership()]), *QUESTIONS_CHANGED)
    tables = report_tables(answered, settings=settings, as_of=AS_OF, findings=[])
    context = report_context(
        tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    pdf = render_pdf(render_html("annual-partnership-report", context))
    with pdfplumber.open(BytesIO(pdf)) as document:
        (page,) = [p for p in document.pages if "Agreement by theme" in (p.extract_text() or "")]
        themes = tables.survey_by_theme
        for theme, change in (("Communication", "up 25 points"), ("All", "up 17 points")):
            row = _theme_row(themes, 2026, "All questions" if theme == "All" else theme)
            assert _under_the_change(page, theme, change) == _compared(row)
        assert _under_the_change(page, "Support", "no change") == ""


def test_the_report_s_headline_change_is_the_difference_of_the_printed_percentages(
    settings: Settings,
) -> None:
    """57% in 2026 after 53% in 2025 (the theme table's rows) prints as up 4 points, and the
    same questions both years need no note."""
    answered = dataset(
        Book(partnerships=[Partnership()]),
        Book("survey-2025.xlsx", questions=[Q1], responses=responses(2025, Q1=[5] * 31 + [1] * 27)),
        Book("survey-2026.xlsx", questions=[Q1], responses=responses(2026, Q1=[5] * 30 + [1] * 23)),
    )
    tables = report_tables(answered, settings=settings, as_of=AS_OF, findings=[])
    context = report_context(
        tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    text = " ".join(
        re.sub(r"<[^>]+>", " ", render_html("annual-partnership-report", context)).split()
    )
    assert (
        "57% of partners' answers in the 2026 survey agreed or strongly agreed, up 4 points "
        "on the previous survey."
    ) in text
    assert "2025 All questions 1 58 53%" in text  # the row the headline is compared with
    assert "Left out:" not in text


# Text questions ---------------------------------------------------------------------------


@pytest.fixture
def with_comments() -> Dataset:
    """One Scale and one Text question; one comment is blank."""
    return survey_of(
        [Q1, Q3_TEXT],
        responses(
            2026,
            Q1=[5, 4, 4, 2, 1],
            Q3=["More notice of meetings", None, "Agree", None, "Share the minutes"],
        ),
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


def test_comments_are_listed_without_who_gave_them() -> None:
    """Text answers appear by question, with no organisation or type."""
    answered = survey_of(
        [Question(question_id="Q8", question="One thing?", kind="Text")],
        responses(2026, "Parish meeting", Q8=["Evening meetings", None, "N/A"]),
    )
    comments = survey_comments(answered.answers, answered.questions)
    assert comments.to_dict("records") == [
        {
            "Survey year": 2026,
            "Question ID": "Q8",
            "Question": "One thing?",
            "Answer": "Evening meetings",
        }
    ]
    assert survey(answered.answers, answered.questions).empty


# Response rates ---------------------------------------------------------------------------


def test_response_rates_divide_responses_by_invitations():
    """It gives responses over invitations for each year and organisation type invited.

    Reading: a type with responses but no Invitations row has no rate to give, so it is
    left out.
    """
    answered = survey_of(
        [Q1],
        [
            *responses(2026, "Parish council", Q1=[5, 4, 4, 2]),
            *responses(2026, "Business", Q1=[4, 4]),
        ],
        [
            Invitation(2026, "Parish council", 10),
            Invitation(2026, "Town council", 4),
        ],
    )
    table = response_rates(answered.responses, answered.invitations)
    assert rows_for(
        table, ["Survey year", "Organisation type", "Invited", "Responded", "Response rate"]
    ) == [
        (2026, "Parish council", 10, 4, pytest.approx(0.4)),
        (2026, "Town council", 4, 0, pytest.approx(0.0)),
        (2026, "All types", 14, 4, pytest.approx(4 / 14)),  # types with invitations only
    ]


def test_response_rates_by_type_and_overall() -> None:
    """Respondents ÷ invited for each type with invitations, and for all types together."""
    answered = survey_of(
        THEMED,
        [
            *responses(2026, "Parish council", Q1=[5, 4, 3]),
            *responses(2026, "Business", Q1=[5]),
        ],
        [Invitation(2026, "Parish council", 6), Invitation(2026, "Business", 4)],
    )
    rates = response_rates(answered.responses, answered.invitations).set_index("Organisation type")
    assert rates.loc["Parish council", "Response rate"] == pytest.approx(0.5)
    assert rates.loc["Business", "Response rate"] == pytest.approx(0.25)
    assert rates.loc["All types", ["Invited", "Responded"]].tolist() == [10, 4]
    assert list(rates.index)[-1] == "All types"
