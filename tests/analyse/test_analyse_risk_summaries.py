"""Risk summaries: bands, what controls achieved, still-High risks, types, key partnerships."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from builders import partnership_row, risk_row, valid_dataset
from conftest import AS_OF

from pipeline.analyse.risks import (
    high_residual_risks,
    partnership_heatmaps,
    partnership_risks,
    risk_bands,
    risk_movement,
    risk_table,
    risks_by_type,
    risks_in_scope,
    risks_with_ratings,
)
from pipeline.matrices import MATRICES

MATRIX = MATRICES["charnwood-3x3"]


def _rated(tmp_path: Path, risks: list[dict], partnerships: list[dict] | None = None):
    dataset = valid_dataset(
        tmp_path / "input",
        {
            "register.xlsx": {
                "Partnerships": partnerships or [partnership_row()],
                "Risks": risks,
            }
        },
        matrix=MATRIX,
        as_of=AS_OF,
    )
    rated = risks_with_ratings(risks_in_scope(dataset.risks, dataset.partnerships), matrix=MATRIX)
    return dataset, rated


def _risk(no: int, inherent: tuple[int, int], residual: tuple[int, int], **extra: object) -> dict:
    return risk_row(
        **{
            "Risk no": no,
            "Inherent impact": inherent[0],
            "Inherent likelihood": inherent[1],
            "Inherent rating": None,
            "Residual impact": residual[0],
            "Residual likelihood": residual[1],
            "Residual rating": None,
            **extra,
        }
    )


# Charnwood ratings: (3,3)=9 High, (3,2)=8 High, (2,2)=5 Medium, (1,1)=1 Low, (1,2)=2 Low.
RISKS = [
    _risk(1, (3, 3), (3, 2), **{"Control type": "R", "Risk type": "F, L"}),  # High → High
    _risk(2, (3, 3), (2, 2), **{"Control type": "R", "Risk type": "F"}),  # High → Medium
    _risk(3, (2, 2), (1, 1), **{"Control type": "M", "Risk type": "R"}),  # Medium → Low
    _risk(4, (1, 2), (1, 2), **{"Control type": None, "Risk type": None}),  # Low → Low
]


def test_risk_bands_count_every_band_before_and_after(tmp_path: Path) -> None:
    """Each band, lowest first, with its inherent and residual counts, zeros included."""
    _, rated = _rated(tmp_path, RISKS)
    bands = risk_bands(risk_table(rated), matrix=MATRIX)
    assert bands.to_dict("list") == {
        "Band": ["Low", "Medium", "High"],
        "Inherent": [1, 1, 2],
        "Residual": [2, 1, 1],
    }


def test_risk_movement_counts_what_each_control_type_achieved(tmp_path: Path) -> None:
    """Moved down a band, stayed, and still High, per control type; none recorded last."""
    _, rated = _rated(tmp_path, RISKS)
    movement = risk_movement(rated, matrix=MATRIX)
    assert movement.to_numpy().tolist() == [
        ["Risk control", 2, 1, 1, 1],
        ["Mitigation plan", 1, 1, 0, 0],
        ["None recorded", 1, 0, 1, 0],
    ]


def test_high_residual_risks_lists_every_risk_still_high(tmp_path: Path) -> None:
    """Only risks whose residual band is the matrix's highest."""
    dataset, rated = _rated(tmp_path, RISKS)
    high = high_residual_risks(rated, dataset.partnerships, matrix=MATRIX)
    assert high[["Risk no", "Residual rating", "Control type"]].to_numpy().tolist() == [
        [1, 8, "Risk control"]
    ]


def test_risks_by_type_counts_each_letter_once_per_risk(tmp_path: Path) -> None:
    """A risk typed F, L counts under both; untyped risks are counted as not recorded."""
    _, rated = _rated(tmp_path, RISKS)
    by_type = risks_by_type(rated, matrix=MATRIX).set_index("Meaning")
    assert by_type.loc["Financial", "Risks"] == 2
    assert by_type.loc["Financial", "High residual"] == 1
    assert by_type.loc["Legal", "Risks"] == 1
    assert by_type.loc["Reputational", "Risks"] == 1
    assert by_type.loc["Technical", "Risks"] == 0
    assert by_type.loc["Not recorded", "Risks"] == 1
    assert len(by_type) == 8


def test_key_partnerships_get_a_full_residual_heatmap_and_their_top_three(tmp_path: Path) -> None:
    """Key partnerships that are not closed: nine cells each and at most three top risks."""
    partnerships = [
        partnership_row(),
        partnership_row(**{"Partnership ID": "P-002", "Category": "Service"}),
        partnership_row(**{"Partnership ID": "P-003", "Status": "Closed"}),
    ]
    risks = [*RISKS, _risk(1, (1, 1), (1, 1), **{"Partnership ID": "P-002"})]
    dataset, rated = _rated(tmp_path, risks, partnerships)
    heatmaps = partnership_heatmaps(risk_table(rated), dataset.partnerships, matrix=MATRIX)
    assert set(heatmaps["Partnership ID"]) == {"P-001"}
    assert len(heatmaps) == 9
    cells = heatmaps.set_index(["Impact", "Likelihood"])["Risks"]
    assert cells[(3, 2)] == 1
    assert cells[(1, 2)] == 1
    assert cells[(1, 1)] == 1
    assert cells.sum() == 4
    top = partnership_risks(rated, dataset.partnerships)
    assert list(top["Risk no"]) == [1, 2, 4]  # residual 8, 5, 2; risk 3 (residual 1) left out
    assert isinstance(top, pd.DataFrame)
