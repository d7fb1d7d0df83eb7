"""Three quarters run into one output folder (WORKBOOKS.md §3, §6): each risk's direction of
travel, the Trend sheet, and its chart and table in both PDFs.

The fixture is one partnership whose risks move quarter by quarter on the Charnwood 3×3
matrix: risk 1 rises (residual 2 → 5 → 7), risk 2 falls (8 → 8 → 5), risk 3 stays (5), risk 4
is new in Q3, and risk 5 is gone by Q3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import published_copy
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.publish import workbook_bytes

pytestmark = pytest.mark.slow

# (impact, likelihood) of each risk's residual rating, by quarter: None when not recorded.
LEVELS = {"L": 1, "M": 2, "H": 3}
QUARTERS = {
    "Q1": (date(2026, 6, 30), {1: "LM", 2: "HM", 3: "MM", 5: "MM"}),  # ratings 2, 8, 5, 5
    "Q2": (date(2026, 9, 30), {1: "MM", 2: "HM", 3: "MM", 5: "MM"}),  # 5, 8, 5, 5
    "Q3": (date(2026, 12, 31), {1: "MH", 2: "MM", 3: "MM", 4: "LL"}),  # 7, 5, 5, 1
}


def _input(folder: Path, quarter: str) -> Path:
    as_of, risks = QUARTERS[quarter]
    folder.mkdir(parents=True)
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    rows = [
        risk_row(
            **{
                "Risk no": no,
                "Inherent impact": "H",
                "Inherent likelihood": "H",
                "Inherent rating": None,
                "Residual impact": levels[0],
                "Residual likelihood": levels[1],
                "Residual rating": None,
                "Assessment date": as_of,
            }
        )
        for no, levels in risks.items()
    ]
    write_workbook(folder / "risks.xlsx", {"Risks": rows})
    return folder


def _run(tmp: Path, quarter: str, output: Path) -> Path:
    as_of = QUARTERS[quarter][0]
    folder = _input(tmp / f"input-{quarter}-{len(list(tmp.iterdir()))}", quarter)
    arguments = ["report", "--input", str(folder), "--output", str(output)]
    assert main([*arguments, "--as-of", as_of.isoformat()]) == 0
    return output / f"2026-27-{quarter}"


def _sheet(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_excel(folder / "report-data.xlsx", sheet_name=name, engine="openpyxl")


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Q1, Q2 and Q3 run in turn into one output folder: Q3's folder (Q1's and Q2's beside it).
    Shared: a test that goes on from it copies what it needs."""
    tmp = tmp_path_factory.mktemp("quarters")
    output = tmp / "output"
    for quarter in QUARTERS:
        published = _run(tmp, quarter, output)
    return published


def test_direction_says_how_each_risk_moved_since_the_last_quarter(three: Path) -> None:
    risks = _sheet(three, "Risks").set_index("Risk no")
    assert risks["Direction"].to_dict() == {1: "Higher", 2: "Lower", 3: "Same", 4: "New"}
    changes = _sheet(three, "Changes")
    assert ("Risk removed", "Risk 5") in {
        (change, detail.split(":")[0])
        for change, detail in zip(changes["Change"], changes["Detail"], strict=True)
    }


def test_the_first_quarter_has_no_direction(three: Path) -> None:
    assert _sheet(three.parent / "2026-27-Q1", "Risks")["Direction"].isna().all()


def test_the_trend_has_a_row_per_quarter_with_what_each_published(three: Path) -> None:
    trend = _sheet(three, "Trend")
    assert trend["Period"].tolist() == ["2026/27 Q1", "2026/27 Q2", "2026/27 Q3"]
    assert [d.date() for d in trend["As of"]] == [as_of for as_of, _ in QUARTERS.values()]
    assert trend["Risks"].tolist() == [4, 4, 4]
    # Above the appetite of 6: Q1 risk 2 (8); Q2 risk 2 (8); Q3 risk 1 (7).
    assert trend["Outside appetite"].tolist() == [1, 1, 1]
    assert trend["High residual risks"].tolist() == [1, 1, 1]


def test_both_pdfs_show_the_trend_and_the_direction(three: Path) -> None:
    quarterly = _text(three / "quarterly-governance-report.pdf")
    assert "Quarter by quarter" in quarterly
    assert "2026/27 Q1" in quarterly
    assert "Since 2026/27 Q2" in quarterly  # the direction column's heading
    assert "Higher" in quarterly
    annual = _text(three / "annual-partnership-report.pdf")
    assert "The year by quarter" in annual
    html = (three / "html" / "quarterly-governance-report.html").read_text(encoding="utf-8")
    assert "<svg" in html
    assert 'role="img"' in html


def test_re_running_a_quarter_replaces_its_own_row(three: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    for quarter in ("Q1", "Q2"):  # as the first two runs published them
        published_copy(three.parent / f"2026-27-{quarter}", output)
    again = _run(tmp_path, "Q2", output)
    assert _sheet(again, "Trend")["Period"].tolist() == ["2026/27 Q1", "2026/27 Q2"]


def test_a_period_published_before_the_appetite_columns_leaves_blanks(
    three: Path, tmp_path: Path
) -> None:
    """Q1's report-data.xlsx as an older version wrote it, with no Outside appetite sheet:
    its Trend row has that figure blank, and the others as it published them."""
    output = tmp_path / "output"
    q1 = published_copy(three.parent / "2026-27-Q1", output)
    sheets = pd.read_excel(q1 / "report-data.xlsx", sheet_name=None, engine="openpyxl")
    del sheets["Outside appetite"]
    (q1 / "report-data.xlsx").write_bytes(workbook_bytes(sheets))
    q2 = _run(tmp_path, "Q2", output)
    trend = _sheet(q2, "Trend")
    assert trend["Outside appetite"].isna().tolist() == [True, False]
    assert trend["Risks"].tolist() == [4, 4]
    text = _text(q2 / "quarterly-governance-report.pdf")
    assert "Quarter by quarter" in text


def test_with_one_quarter_the_report_says_so_instead_of_drawing(tmp_path: Path) -> None:
    only = _run(tmp_path, "Q3", tmp_path / "output")
    text = _text(only / "quarterly-governance-report.pdf")
    assert "so there is no trend to draw yet" in text
    html = (only / "html" / "quarterly-governance-report.html").read_text(encoding="utf-8")
    assert "<svg" not in html.split('class="trend"')[1].split("</figure>")[0]
