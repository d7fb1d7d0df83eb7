"""The Summary sheet: the key figures on the reports' first pages, each counted from the report
table it summarises."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import AS_OF
from datasets import Book, Partnership, dataset, risk_at

from pipeline.analyse import report_tables
from pipeline.matrices import MATRICES, RiskMatrix, custom_matrix

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
    figure = tables.summary[tables.summary["Measure"].str.endswith(" residual risks")]
    assert figure["Value"].tolist() == [len(listed)]
