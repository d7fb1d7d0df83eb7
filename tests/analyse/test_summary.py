"""The Summary sheet: the key figures on the reports' first pages, each counted from the report
table it summarises."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import AS_OF
from datasets import Book, Partnership, Question, dataset, risk_at
from datasets import responses_answering as responses

from pipeline.analyse.tables import report_tables
from pipeline.matrices import MATRICES, RiskMatrix, custom_matrix
from pipeline.render import pct

GREEN_AMBER_RED = custom_matrix(
    {
        "name": "traffic-lights-3x3",
        "impact": ["Minor", "Moderate", "Major"],
        "likelihood": ["Unlikely", "Possible", "Likely"],
        "rating": "product",
        "bands": [
            {"name": "Green", "from": 1, "to": 2, "colour": "#00703c"},
            {"name": "Amber", "from": 3, "to": 4, "colour": "#f47738"},
            {"name": "Red", "from": 5, "to": 9, "colour": "#d4351c"},
        ],
    }
)


# Residual ratings: Charnwood's table 9 High, 7 High, 2 Low, 5 Medium; the product on the
# Green/Amber/Red matrix 9 Red, 6 Red, 2 Green, 4 Amber. Two risks are in the top band of each.
RISKS = [
    risk_at(1, (3, 3), (3, 3)),
    risk_at(2, (3, 3), (2, 3)),
    risk_at(3, (3, 3), (1, 2)),
    risk_at(4, (3, 3), (2, 2)),
]


@pytest.mark.parametrize(
    "matrix",
    [MATRICES["charnwood-3x3"], GREEN_AMBER_RED],
    ids=["low-medium-high", "green-amber-red"],
)
def test_residual_risks_in_the_top_band_are_counted_as_the_sheet_lists_them(
    settings, matrix: RiskMatrix
) -> None:
    """It counts the residual risks of the matrix's top band, whatever the bands are called:
    the figure equals the rows of the High residual risks sheet (Red on a Green/Amber/Red
    matrix, never a band that must be called High)."""
    tables = report_tables(
        dataset(Book(partnerships=[Partnership()], risks=RISKS)),
        settings=dataclasses.replace(settings, matrix=matrix),
        as_of=AS_OF,
        findings=[],
    )
    listed = tables.high_residual_risks
    assert len(listed) == 2
    figure = tables.summary[tables.summary["Key"] == "top_band_residual_risks"]
    assert figure["Value"].tolist() == [len(listed)]
    assert figure["Measure"].tolist() == [f"Risks still {matrix.top_band.name} after controls"]


# The survey's tiles: agreement this year, and the change, which pools only the questions
# asked in both years (WORKBOOKS.md §5).
Q1 = Question(question_id="Q1", question="Informed", theme="Communication")
Q2 = Question(question_id="Q2", question="Asked in 2025 only", theme="Communication")
Q3 = Question(question_id="Q3", question="Asked in 2026 only", theme="Communication")


def _survey_tiles(settings, *books: Book) -> dict[str, tuple[str, object]]:
    tables = report_tables(
        dataset(Book(partnerships=[Partnership()]), *books),
        settings=settings,
        as_of=AS_OF,
        findings=[],
    )
    rows = tables.summary.set_index("Key")
    return {key: (rows.loc[key, "Measure"], rows.loc[key, "Value"]) for key in rows.index}


def test_the_survey_change_is_the_difference_of_the_printed_agreement(settings) -> None:
    """Agree 31/58 (53%) in 2025, 30/53 (57%) in 2026: the change tile says up 4 points, the
    difference of the two printed percentages (the unrounded 3.2 would say 3)."""
    tiles = _survey_tiles(
        settings,
        Book("survey-2025.xlsx", questions=[Q1], responses=responses(2025, Q1=[5] * 31 + [1] * 27)),
        Book("survey-2026.xlsx", questions=[Q1], responses=responses(2026, Q1=[5] * 30 + [1] * 23)),
    )
    measure, agreement = tiles["survey_agreement"]
    assert (measure, pct(agreement)) == ("Answers agreeing, 2026 survey", "57%")
    assert tiles["survey_agreement_change"] == ("Change in agreement since the previous survey", 4)


def test_the_survey_change_tile_gives_the_figures_it_compares(settings) -> None:
    """2025 asked Q1 (1 of 2 agree) and Q2 (2 of 2); 2026 Q1 (2 of 2) and Q3 (0 of 2).
    Agreement is all of 2026's answers, 2 of 4 (50%); the change compares Q1 alone, 50% →
    100%, and its label gives those two figures, which are not the 75% and 50% printed for
    all questions (down 25)."""
    tiles = _survey_tiles(
        settings,
        Book(
            "survey-2025.xlsx", questions=[Q1, Q2], responses=responses(2025, Q1=[5, 1], Q2=[5, 5])
        ),
        Book(
            "survey-2026.xlsx", questions=[Q1, Q3], responses=responses(2026, Q1=[5, 5], Q3=[1, 1])
        ),
    )
    assert tiles["survey_agreement"][1] == pytest.approx(0.5)
    assert tiles["survey_agreement_change"] == (
        (
            "Change in agreement since the 2025 survey, on the questions asked in both years: "
            "50% → 100%"
        ),
        50,
    )


def test_the_survey_change_tile_says_it_counts_only_the_questions_in_both(settings) -> None:
    """2025 asked Q1 and Q2, 2026 Q1 and Q3, one answer in two agreeing to each: 50% every way
    it is counted, so the label only says the change leaves questions out."""
    tiles = _survey_tiles(
        settings,
        Book(
            "survey-2025.xlsx", questions=[Q1, Q2], responses=responses(2025, Q1=[5, 1], Q2=[5, 1])
        ),
        Book(
            "survey-2026.xlsx", questions=[Q1, Q3], responses=responses(2026, Q1=[5, 1], Q3=[5, 1])
        ),
    )
    assert pct(tiles["survey_agreement"][1]) == "50%"
    assert tiles["survey_agreement_change"] == (
        "Change in agreement since the previous survey, on the questions asked in both surveys",
        0,
    )
