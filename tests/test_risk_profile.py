"""The risk profile on any council's matrix: Charnwood 3×3, Harborough 4×6, a council's own.

Heatmap counts are checked against hand counts written here, not against a run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.settings import SettingsError, load_settings

pytestmark = pytest.mark.slow


def _risks(levels: list[tuple[object, object, object, object]], **extra: object) -> list[dict]:
    """Risk rows from (inherent impact, inherent likelihood, residual impact, residual likelihood)."""
    return [
        risk_row(
            **{
                "Risk no": n,
                "Inherent impact": ii,
                "Inherent likelihood": il,
                "Inherent rating": None,
                "Residual impact": ri,
                "Residual likelihood": rl,
                "Residual rating": None,
                **extra,
            }
        )
        for n, (ii, il, ri, rl) in enumerate(levels, start=1)
    ]


def _publish(folder: Path, settings_text: str, risks: list[dict], tmp_path: Path) -> Path:
    folder.mkdir()
    (folder / "settings.toml").write_text(settings_text, encoding="utf-8")
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(folder / "risks.xlsx", {"Risks": risks})
    output = tmp_path / "output"
    args = ["report", "--input", str(folder), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0
    return output / "2026-27-Q3"


def _counts(published: Path, stage: str) -> dict[tuple[int, int], int]:
    heatmap = pd.read_excel(published / "report-data.xlsx", sheet_name="Heatmap", engine="openpyxl")
    cells = heatmap[heatmap["Stage"] == stage]
    return {
        (int(i), int(li)): int(n)
        for i, li, n in zip(cells["Impact"], cells["Likelihood"], cells["Risks"], strict=True)
    }


def _text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def test_harborough_4x6_heatmaps_match_a_hand_count(tmp_path: Path) -> None:
    """On Harborough's 4×6 matrix, 24 cells per stage, the counts where the risks were put."""
    levels = [
        (4, 6, 4, 3),  # Catastrophic × Very high → residual Catastrophic × Low
        (4, 6, 2, 3),
        ("Critical", "Significant", "Critical", "Low"),  # words read on this matrix
        (1, 1, None, None),  # no controls yet: residual = inherent (1, 1)
        (2, "Very low", 2, 2),
    ]
    published = _publish(
        tmp_path / "input", '[risk]\nmatrix = "harborough-4x6"\n', _risks(levels), tmp_path
    )
    inherent, residual = _counts(published, "Inherent"), _counts(published, "Residual")
    assert len(inherent) == len(residual) == 24
    assert {k: v for k, v in inherent.items() if v} == {(4, 6): 2, (3, 4): 1, (1, 1): 1, (2, 2): 1}
    assert {k: v for k, v in residual.items() if v} == {
        (4, 3): 1, (2, 3): 1, (3, 3): 1, (1, 1): 1, (2, 2): 1,
    }  # fmt: skip
    risks = pd.read_excel(published / "report-data.xlsx", sheet_name="Risks", engine="openpyxl")
    # impact × likelihood, banded 1–5 Low, 6–11 Medium, 12–24 High
    assert list(risks["Inherent rating"]) == [24, 24, 12, 1, 4]
    assert list(risks["Inherent band"]) == ["High", "High", "High", "Low", "Low"]
    assert list(risks["Residual rating"]) == [12, 6, 9, 1, 4]
    assert list(risks["Residual band"]) == ["High", "Medium", "Medium", "Low", "Low"]
    text = _text(published / "annual-partnership-report.pdf")
    assert "6 Very high" in text
    assert "4 Catastrophic" in text


CUSTOM_5X5 = """
[risk]
matrix = "custom"

[risk.custom]
name = "our-5x5"
impact = ["Insignificant", "Minor", "Moderate", "Major", "Severe"]
likelihood = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
rating = "product"

[[risk.custom.bands]]
name = "Green"
from = 1
to = 4
colour = "#00703c"

[[risk.custom.bands]]
name = "Amber"
from = 5
to = 12
colour = "#f47738"

[[risk.custom.bands]]
name = "Red"
from = 15
to = 25
colour = "#d4351c"
"""


def test_a_custom_5x5_matrix_works_end_to_end(tmp_path: Path) -> None:
    """A council's own 5×5 from settings.toml: its levels read, its bands named in the reports."""
    levels = [(5, 5, 3, 2), ("Major", "Likely", 4, 4), (1, 2, 1, 1)]
    published = _publish(tmp_path / "input", CUSTOM_5X5, _risks(levels), tmp_path)
    inherent, residual = _counts(published, "Inherent"), _counts(published, "Residual")
    assert len(inherent) == len(residual) == 25
    assert {k: v for k, v in inherent.items() if v} == {(5, 5): 1, (4, 4): 1, (1, 2): 1}
    assert {k: v for k, v in residual.items() if v} == {(3, 2): 1, (4, 4): 1, (1, 1): 1}
    bands = pd.read_excel(
        published / "report-data.xlsx", sheet_name="Risk bands", engine="openpyxl"
    )
    assert bands.to_dict("list") == {
        "Band": ["Green", "Amber", "Red"],
        "Inherent": [1, 0, 2],  # 2, 16, 25
        "Residual": [1, 1, 1],  # 1, 6, 16
    }
    text = _text(published / "annual-partnership-report.pdf")
    assert "our-5x5" in text
    assert "Almost certain" in text
    assert "Still Red" in text


def test_a_custom_table_matrix_reads_the_table_as_printed(tmp_path: Path) -> None:
    """A rating table is written highest likelihood first, as the matrix is printed."""
    (tmp_path / "settings.toml").write_text(
        """
[risk.custom]
impact = ["Low", "High"]
likelihood = ["Low", "High"]
table = [[3, 4], [1, 2]]
bands = [{name = "Low", from = 1, to = 2, colour = "#00703c"},
         {name = "High", from = 3, to = 4, colour = "#d4351c"}]
""",
        encoding="utf-8",
    )
    matrix = load_settings(tmp_path).matrix
    assert matrix.rating_for(impact=1, likelihood=1) == 1
    assert matrix.rating_for(impact=2, likelihood=1) == 2
    assert matrix.rating_for(impact=1, likelihood=2) == 3
    assert matrix.band_for(4).name == "High"


@pytest.mark.parametrize(
    ("settings_text", "words"),
    [
        ('[risk]\nmatrix = "custom"\n', "needs a [risk.custom] table"),
        ('[risk.custom]\nimpact = ["Low"]\n', "at least two level names"),
        (
            '[risk.custom]\nimpact = ["L", "H"]\nlikelihood = ["L", "H"]\nrating = "sum"\n',
            "only rating rule",
        ),
        (
            '[risk.custom]\nimpact = ["L", "H"]\nlikelihood = ["L", "H"]\ntable = [[1, 2]]\n',
            "must have 2 rows",
        ),
        (
            (
                '[risk.custom]\nimpact = ["L", "H"]\nlikelihood = ["L", "H"]\nrating = "product"\n'
                'bands = [{name = "Low", from = 1, to = 2, colour = "#00703c"}]\n'
            ),
            "rating 4 is in no band",
        ),
        (
            '[risk]\nmatrix = "harborough-4x6"\n[risk.custom]\nimpact = ["L", "H"]\n',
            'Set matrix = "custom"',
        ),
    ],
)
def test_a_custom_matrix_that_cannot_work_is_a_settings_error(
    tmp_path: Path, settings_text: str, words: str
) -> None:
    """Each mistake in [risk.custom] is a settings error saying what to change."""
    (tmp_path / "settings.toml").write_text(settings_text, encoding="utf-8")
    with pytest.raises(SettingsError, match=r"settings\.toml") as error:
        load_settings(tmp_path)
    assert words in str(error.value)


def test_charnwood_3x3_heatmaps_match_a_hand_count(tmp_path: Path) -> None:
    """With the default matrix, levels typed every Charnwood way land in the cells counted."""
    levels = [
        ("H", "H", "M", "L"),  # letters
        ("3 – High (critical)", "2 – Medium (significant)", "Low", "Low"),  # seed labels, words
        (3, 3, 3, 3),  # controls did not lower it
        (2, 1, None, None),  # no controls yet: residual = inherent
    ]
    published = _publish(tmp_path / "input", "", _risks(levels), tmp_path)
    inherent, residual = _counts(published, "Inherent"), _counts(published, "Residual")
    assert len(inherent) == len(residual) == 9
    assert {k: v for k, v in inherent.items() if v} == {(3, 3): 2, (3, 2): 1, (2, 1): 1}
    assert {k: v for k, v in residual.items() if v} == {(2, 1): 2, (1, 1): 1, (3, 3): 1}
    risks = pd.read_excel(published / "report-data.xlsx", sheet_name="Risks", engine="openpyxl")
    assert list(risks["Inherent rating"]) == [9, 8, 9, 3]  # the seed's table, not a product
    assert list(risks["Residual rating"]) == [3, 1, 9, 3]
