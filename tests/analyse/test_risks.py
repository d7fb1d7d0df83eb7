"""Risk matrices and the risk profile: ratings, bands, heatmaps, highest risks, and the risk
summaries (bands, what controls achieved, still-High risks, types, key partnerships) of
WORKBOOKS.md §3.

The matrix tables below are copied from WORKBOOKS.md §3 (the seed's tables), not from the code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pytest
from datasets import Book, Partnership, Risk, dataset, risk_at

from pipeline.analyse.topics.risks import (
    HEATMAP_COLUMNS,
    high_residual_risks,
    highest_risks,
    partnership_heatmaps,
    partnership_risks,
    risk_bands,
    risk_heatmap,
    risk_movement,
    risk_table,
    risks_by_type,
    risks_in_scope,
    risks_with_ratings,
)
from pipeline.matrices import MATRICES, RiskMatrix
from pipeline.settings import load_settings

SETTINGS = load_settings(Path("/nonexistent"))  # the defaults
CHARNWOOD = MATRICES["charnwood-3x3"]
HARBOROUGH = MATRICES["harborough-4x6"]

# WORKBOOKS.md §3: Charnwood's rating table, likelihood (rows, high to low) by impact 1, 2, 3.
CHARNWOOD_TABLE = {
    3: (4, 7, 9),
    2: (2, 5, 8),
    1: (1, 3, 6),
}
# WORKBOOKS.md §3: Harborough's rating = impact × likelihood, written out by likelihood 6 … 1.
HARBOROUGH_TABLE = {
    6: (6, 12, 18, 24),
    5: (5, 10, 15, 20),
    4: (4, 8, 12, 16),
    3: (3, 6, 9, 12),
    2: (2, 4, 6, 8),
    1: (1, 2, 3, 4),
}


def cells_of(table: Mapping[int, tuple[int, ...]]) -> list[tuple[int, int, int]]:
    """(impact, likelihood, rating) for every cell of a written-out table."""
    return [
        (impact, likelihood, rating)
        for likelihood, row in table.items()
        for impact, rating in enumerate(row, start=1)
    ]


def rated_risks(
    risks: Sequence[Risk],
    *,
    partnerships: Sequence[Partnership] = (Partnership(),),
    matrix: RiskMatrix = CHARNWOOD,
) -> pd.DataFrame:
    """`risks_with_ratings` of the in-scope risks of a register with these rows."""
    validated = dataset(Book(partnerships=partnerships, risks=risks))
    return risks_with_ratings(
        risks_in_scope(validated.risks, validated.partnerships), matrix=matrix
    )


# Matrices ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("impact", "likelihood", "rating"), cells_of(CHARNWOOD_TABLE))
def test_charnwood_rating_is_the_seeds_lookup_table(impact, likelihood, rating):
    """It rates every Charnwood cell as the seed's table does, which is not a product."""
    assert CHARNWOOD.rating_for(impact, likelihood) == rating


@pytest.mark.parametrize(("impact", "likelihood", "rating"), cells_of(HARBOROUGH_TABLE))
def test_harborough_rating_is_impact_times_likelihood(impact, likelihood, rating):
    """It rates every Harborough cell as impact × likelihood."""
    assert HARBOROUGH.rating_for(impact, likelihood) == rating


@pytest.mark.parametrize(
    ("matrix", "table"),
    [(CHARNWOOD, CHARNWOOD_TABLE), (HARBOROUGH, HARBOROUGH_TABLE)],
    ids=["charnwood-3x3", "harborough-4x6"],
)
def test_matrix_cells_are_every_impact_and_likelihood(matrix, table):
    """It lists each (impact, likelihood) cell of the matrix once, and no others."""
    expected = [(impact, likelihood) for impact, likelihood, _ in cells_of(table)]
    assert sorted(matrix.cells()) == sorted(expected)
    assert len(matrix.cells()) == len(set(matrix.cells()))


@pytest.mark.parametrize(
    ("matrix", "impact", "likelihood"),
    [
        (CHARNWOOD, ("Low", "Medium", "High"), ("Low", "Medium", "High")),
        (
            HARBOROUGH,
            ("Negligible", "Marginal", "Critical", "Catastrophic"),
            ("Almost impossible", "Very low", "Low", "Significant", "High", "Very high"),
        ),
    ],
    ids=["charnwood-3x3", "harborough-4x6"],
)
def test_matrix_scales_are_labelled_as_in_the_contract(matrix, impact, likelihood):
    """It names the levels 1, 2, … of each scale as WORKBOOKS.md §3 does."""
    assert (matrix.impact, matrix.likelihood) == (impact, likelihood)


@pytest.mark.parametrize(
    ("matrix", "rating", "band"),
    [
        *[(CHARNWOOD, rating, "Low") for rating in range(1, 4)],  # expected: 1–3 Low
        *[(CHARNWOOD, rating, "Medium") for rating in range(4, 7)],  # expected: 4–6 Medium
        *[(CHARNWOOD, rating, "High") for rating in range(7, 10)],  # expected: 7–9 High
        *[(HARBOROUGH, rating, "Low") for rating in range(1, 6)],  # expected: 1–5 Low
        *[(HARBOROUGH, rating, "Medium") for rating in range(6, 12)],  # expected: 6–11 Medium
        *[(HARBOROUGH, rating, "High") for rating in range(12, 25)],  # expected: 12–24 High
    ],
    ids=lambda value: value.name if isinstance(value, RiskMatrix) else str(value),
)
def test_band_for_each_rating(matrix, rating, band):
    """It puts every rating of the matrix in the band WORKBOOKS.md §3 gives."""
    assert matrix.band_for(rating).name == band


@pytest.mark.parametrize(
    ("matrix", "rating"),
    [(CHARNWOOD, 0), (CHARNWOOD, 10), (HARBOROUGH, 25)],  # erroneous: off the matrix
    ids=["charnwood-0", "charnwood-10", "harborough-25"],
)
def test_band_for_a_rating_off_the_matrix_is_refused(matrix, rating):
    """It refuses a rating that no band covers rather than guessing."""
    with pytest.raises(ValueError, match="no band"):
        matrix.band_for(rating)


# Ratings of risks -------------------------------------------------------------------------


def test_risks_with_ratings_takes_ratings_from_the_lookup_table():
    """It rates inherent impact 1 (Low), likelihood 3 (High) as 4 (Medium) from the table, not
    1 × 3."""
    rated = rated_risks(
        [risk_at(1, (1, 3), (1, 1))],
    )
    row = rated.iloc[0]
    assert (row["inherent_rating"], row["inherent_band"]) == (4, "Medium")
    assert (row["residual_rating"], row["residual_band"]) == (1, "Low")


def test_risks_with_ratings_ignores_a_typed_rating_that_disagrees():
    """It uses the matrix's rating when the typed one differs (the matrix wins)."""
    rated = rated_risks(
        [Risk(inherent_impact=3, inherent_likelihood=3, inherent_rating=6.0)],
    )
    assert rated.iloc[0]["inherent_rating"] == 9


def test_risks_with_ratings_blank_residual_is_the_inherent_rating():
    """It treats blank residual impact and likelihood as no controls: residual = inherent."""
    rated = rated_risks(
        [risk_at(1, (3, 2), None)],
    )
    row = rated.iloc[0]
    assert (row["residual_impact"], row["residual_likelihood"]) == (3, 2)
    assert (row["residual_rating"], row["residual_band"]) == (8, "High")


def test_risks_with_ratings_on_the_harborough_matrix():
    """It rates Harborough levels as impact × likelihood: Critical (3) × Very high (6) = 18,
    High."""
    rated = rated_risks(
        [risk_at(1, (3, 6), (2, 3))],
        matrix=HARBOROUGH,
    )
    row = rated.iloc[0]
    assert (row["inherent_rating"], row["inherent_band"]) == (18, "High")
    assert (row["residual_rating"], row["residual_band"]) == (6, "Medium")


# Scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "in_scope"),
    [
        ("Active", True),  # expected
        ("Proposed", True),  # expected: not Closed
        ("Suspended", True),  # edge: suspended partnerships still carry risks
        ("Closed", False),  # expected: closed partnerships are left out
    ],
)
def test_risks_in_scope_leaves_out_closed_partnerships(status, in_scope):
    """It keeps the risks of every partnership that is not Closed."""
    validated = dataset(
        Book(
            partnerships=[Partnership(), Partnership(partnership_id="P-002", status=status)],
            risks=[Risk(), Risk(partnership_id="P-002")],
        )
    )
    kept = risks_in_scope(validated.risks, validated.partnerships)
    assert sorted(kept["partnership_id"]) == (["P-001", "P-002"] if in_scope else ["P-001"])


# Heatmap ----------------------------------------------------------------------------------


def heatmap_of(risks: Sequence[Risk], matrix: RiskMatrix) -> pd.DataFrame:
    return risk_heatmap(
        risk_table(rated_risks(risks, matrix=matrix), settings=SETTINGS), matrix=matrix
    )


@pytest.mark.parametrize(
    ("matrix", "table"),
    [(CHARNWOOD, CHARNWOOD_TABLE), (HARBOROUGH, HARBOROUGH_TABLE)],
    ids=["charnwood-3x3", "harborough-4x6"],
)
def test_risk_heatmap_has_every_cell_for_both_stages(matrix, table):
    """It has one row per stage and cell, with the cell's rating and band, zeros included."""
    heatmap = heatmap_of(
        [Risk(inherent_rating=None, residual_rating=None)],
        matrix,
    )
    expected = sorted(
        (stage, impact, likelihood, rating, matrix.band_for(rating).name)
        for stage in ("Inherent", "Residual")
        for impact, likelihood, rating in cells_of(table)
    )
    assert list(heatmap.columns) == list(HEATMAP_COLUMNS)
    assert (
        sorted(
            heatmap[["Stage", "Impact", "Likelihood", "Rating", "Band"]].itertuples(
                index=False, name=None
            )
        )
        == expected
    )


def test_risk_heatmap_counts_risks_in_their_cells():
    """It counts each risk once per stage in its cell, and every other cell is 0."""
    heatmap = heatmap_of(
        [
            # inherent 2×2, residual impact 1, likelihood 2
            Risk(risk_no=1),
            # inherent 2×2, residual blank → 2×2
            Risk(risk_no=2, residual_impact=None, residual_likelihood=None, residual_rating=None),
            # inherent 3×3, residual 1×1
            risk_at(3, (3, 3), (1, 1)),
        ],
        CHARNWOOD,
    )
    counts = {
        (stage, impact, likelihood): risks
        for stage, impact, likelihood, risks in heatmap[
            ["Stage", "Impact", "Likelihood", "Risks"]
        ].itertuples(index=False, name=None)
        if risks
    }
    assert counts == {
        ("Inherent", 2, 2): 2,
        ("Inherent", 3, 3): 1,
        ("Residual", 1, 2): 1,
        ("Residual", 2, 2): 1,
        ("Residual", 1, 1): 1,
    }


def test_risk_heatmap_with_no_risks_has_every_cell_at_zero():
    """It still lists all 2 × 9 Charnwood cells when no risks are recorded."""
    heatmap = risk_heatmap(risk_table(rated_risks([]), settings=SETTINGS), matrix=CHARNWOOD)
    assert (len(heatmap), set(heatmap["Risks"])) == (18, {0})


def test_risk_heatmap_leaves_out_closed_partnerships():
    """It counts no risk of a Closed partnership."""
    rated = rated_risks([Risk()], partnerships=[Partnership(status="Closed")])
    heatmap = risk_heatmap(risk_table(rated, settings=SETTINGS), matrix=CHARNWOOD)
    assert (len(heatmap), int(heatmap["Risks"].sum())) == (18, 0)


# Highest risks ----------------------------------------------------------------------------


def test_highest_risks_puts_the_highest_residual_rating_first():
    """It orders risks by residual rating, highest first, naming each partnership."""
    rated = rated_risks(
        [
            # residual impact 1, likelihood 2 = 2
            Risk(risk_no=1),
            # residual 3×3 = 9
            risk_at(2, (3, 3), (3, 3)),
            # residual impact 3, likelihood 1 = 6
            risk_at(3, (3, 2), (3, 1)),
        ],
    )
    partnerships = pd.DataFrame(
        {"partnership_id": ["P-001"], "partnership": ["Example Community Safety Partnership"]}
    )
    table = highest_risks(rated, partnerships, risk_table(rated, settings=SETTINGS))
    assert list(
        table[["Risk no", "Residual rating", "Residual band"]].itertuples(index=False, name=None)
    ) == [(2, 9, "High"), (3, 6, "Medium"), (1, 2, "Low")]
    assert set(table["Partnership"]) == {"Example Community Safety Partnership"}


def test_highest_risks_breaks_a_tie_by_the_inherent_rating():
    """It puts the higher inherent rating first between equal residual ratings.

    The contract only says "highest risks"; the tie-break is the function's documented rule.
    """
    rated = rated_risks(
        [
            # inherent 2×2 = 5, residual impact 1, likelihood 2 = 2
            Risk(risk_no=1),
            # inherent 3×3 = 9, residual the same 2
            Risk(risk_no=2, inherent_impact=3, inherent_likelihood=3, inherent_rating=9.0),
        ],
    )
    partnerships = pd.DataFrame({"partnership_id": ["P-001"], "partnership": ["Example"]})
    assert list(
        highest_risks(rated, partnerships, risk_table(rated, settings=SETTINGS))["Risk no"]
    ) == [2, 1]


def test_highest_risks_shows_at_most_ten():
    """It lists the ten highest of more risks than that, leaving out the lowest."""
    risks = [Risk(risk_no=n) for n in range(1, 12)]  # eleven risks, residual 2
    risks.append(risk_at(12, (2, 2), (1, 1)))
    rated = rated_risks(risks)
    partnerships = pd.DataFrame({"partnership_id": ["P-001"], "partnership": ["Example"]})
    table = highest_risks(rated, partnerships, risk_table(rated, settings=SETTINGS))
    assert len(table) == 10
    assert 12 not in set(table["Risk no"])


# Risk summaries: bands, what controls achieved, still-High risks, types, key partnerships ---


# Charnwood ratings: (3,3)=9 High, (3,2)=8 High, (2,2)=5 Medium, (1,1)=1 Low, (1,2)=2 Low.
RISKS = [
    risk_at(1, (3, 3), (3, 2), control_type="R", risk_type="F, L"),  # High → High
    risk_at(2, (3, 3), (2, 2), control_type="R", risk_type="F"),  # High → Medium
    risk_at(3, (2, 2), (1, 1), control_type="M", risk_type="R"),  # Medium → Low
    risk_at(4, (1, 2), (1, 2), control_type=None, risk_type=None),  # Low → Low
]
KEY_PARTNERSHIPS = [
    Partnership(),
    Partnership(partnership_id="P-002", category="Service"),
    Partnership(partnership_id="P-003", status="Closed"),
]


def test_risk_bands_count_every_band_before_and_after() -> None:
    """Each band, lowest first, with its inherent and residual counts, zeros included."""
    bands = risk_bands(risk_table(rated_risks(RISKS), settings=SETTINGS), matrix=CHARNWOOD)
    assert bands.to_dict("list") == {
        "Band": ["Low", "Medium", "High"],
        "Inherent": [1, 1, 2],
        "Residual": [2, 1, 1],
    }


def test_risk_movement_counts_what_each_control_type_achieved() -> None:
    """Moved down a band, stayed, and still High, per control type; none recorded last."""
    movement = risk_movement(rated_risks(RISKS), matrix=CHARNWOOD)
    assert movement.to_numpy().tolist() == [
        ["Risk control", 2, 1, 1, 1],
        ["Mitigation plan", 1, 1, 0, 0],
        ["None recorded", 1, 0, 1, 0],
    ]


def test_high_residual_risks_lists_every_risk_still_high() -> None:
    """Only risks whose residual band is the matrix's highest."""
    partnerships = dataset(Book(partnerships=[Partnership()])).partnerships
    high = high_residual_risks(rated_risks(RISKS), partnerships, matrix=CHARNWOOD)
    assert high[["Risk no", "Residual rating", "Control type"]].to_numpy().tolist() == [
        [1, 8, "Risk control"]
    ]


def test_risks_by_type_counts_each_letter_once_per_risk() -> None:
    """A risk typed F, L counts under both; untyped risks are counted as not recorded."""
    by_type = risks_by_type(rated_risks(RISKS), matrix=CHARNWOOD).set_index("Meaning")
    assert by_type.loc["Financial", "Risks"] == 2
    assert by_type.loc["Financial", "High residual"] == 1
    assert by_type.loc["Legal", "Risks"] == 1
    assert by_type.loc["Reputational", "Risks"] == 1
    assert by_type.loc["Technical", "Risks"] == 0
    assert by_type.loc["Not recorded", "Risks"] == 1
    assert len(by_type) == 8


def test_key_partnerships_get_a_full_residual_heatmap_and_their_top_three() -> None:
    """Key partnerships that are not closed: nine cells each and at most three top risks."""
    risks = [*RISKS, dataclasses.replace(risk_at(1, (1, 1), (1, 1)), partnership_id="P-002")]
    partnerships = dataset(Book(partnerships=KEY_PARTNERSHIPS)).partnerships
    rated = rated_risks(risks, partnerships=KEY_PARTNERSHIPS)
    heatmaps = partnership_heatmaps(
        risk_table(rated, settings=SETTINGS), partnerships, matrix=CHARNWOOD
    )
    assert set(heatmaps["Partnership ID"]) == {"P-001"}
    assert len(heatmaps) == 9
    cells = heatmaps.set_index(["Impact", "Likelihood"])["Risks"]
    assert cells[(3, 2)] == 1
    assert cells[(1, 2)] == 1
    assert cells[(1, 1)] == 1
    assert cells.sum() == 4
    top = partnership_risks(rated, partnerships)
    assert list(top["Risk no"]) == [1, 2, 4]  # residual 8, 5, 2; risk 3 (residual 1) left out
    assert isinstance(top, pd.DataFrame)
