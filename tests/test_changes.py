"""What changed since the last published quarter, read from its report-data.xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT
from pypdf import PdfReader

from pipeline.analyse.topics.changes import changes
from pipeline.cli import main
from pipeline.publish import workbook_bytes


def _run(output: Path) -> None:
    args = ["report", "--input", str(SAMPLE_INPUT), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0


@pytest.mark.slow
def test_changes_since_the_previous_quarter_are_listed(
    sample_published: Path, tmp_path: Path
) -> None:
    """A risk removed, a risk moved band and an item cleared last quarter all show as changes."""
    current = pd.read_excel(
        sample_published / "report-data.xlsx", sheet_name=None, engine="openpyxl"
    )
    # Last quarter, as it might have been: one risk fewer, another in a different band, and
    # one more overdue item.
    risks = current["Risks"]
    first, second = risks.index[:2]
    moved_to = "Low" if risks.loc[second, "Residual band"] != "Low" else "High"
    previous_risks = risks.drop(index=first)
    previous_risks.loc[second, "Residual band"] = moved_to
    extra = (
        current["Overdue"].iloc[[0]].assign(Check="Review overdue", **{"Partnership ID": "P-999"})
    )
    previous_overdue = pd.concat([current["Overdue"], extra], ignore_index=True)
    output = tmp_path / "output"
    (output / "2026-27-Q2").mkdir(parents=True)
    (output / "2026-27-Q2" / "report-data.xlsx").write_bytes(
        workbook_bytes({"Risks": previous_risks, "Overdue": previous_overdue})
    )

    _run(output)
    changes = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Changes", engine="openpyxl"
    )
    assert sorted(zip(changes["Change"], changes["Partnership ID"], strict=True)) == sorted(
        [
            ("Risk added", risks.loc[first, "Partnership ID"]),
            ("Risk moved band", risks.loc[second, "Partnership ID"]),
            ("No longer overdue", "P-999"),
        ]
    )
    pdf = PdfReader(output / "2026-27-Q3" / "quarterly-governance-report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Changes since 2026/27 Q2" in text
    assert "Risk moved band" in text


@pytest.mark.slow
def test_without_an_earlier_quarter_the_pack_says_so(sample_published: Path) -> None:
    """The first quarter published says there is nothing to compare with yet."""
    pdf = PdfReader(sample_published / "quarterly-governance-report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "no earlier quarter to compare with" in text


@pytest.mark.slow
def test_the_summary_shows_last_years_figures(sample_published: Path, tmp_path: Path) -> None:
    """Key figures carry last financial year's value from the newest report published then."""
    summary = pd.read_excel(
        sample_published / "report-data.xlsx", sheet_name="Summary", engine="openpyxl"
    )
    last_year = summary.assign(Value=summary["Value"].where(summary["Unit"] != "count", 7))
    output = tmp_path / "output"
    (output / "2025-26-Q4").mkdir(parents=True)
    (output / "2025-26-Q4" / "report-data.xlsx").write_bytes(workbook_bytes({"Summary": last_year}))

    _run(output)
    summary = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Summary", engine="openpyxl"
    ).set_index("Measure")
    assert summary.loc["Active partnerships", "Last year"] == 7
    assert summary.loc["Checks and actions overdue", "Last year"] == 7
    pdf = PdfReader(output / "2026-27-Q3" / "annual-partnership-report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "2025/26 Q4: 7" in text.split("Summary The position of the council's partnerships")[1]


def _overdue(*rows: tuple[str | None, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Partnership ID": pid, "Partnership": name, "Check": check, "Detail": detail}
            for pid, name, check, detail in rows
        ]
    ).astype("str")


def test_group_meetings_and_devolved_services_are_told_apart() -> None:
    """A group meeting's row (no partnership) is one item per meeting; a council's two expired
    agreements are two items, told apart by service."""
    clerks = (None, "All local councils", "Clerks meeting overdue", "No clerks meeting recorded")
    forum = (None, "All local councils", "Parish forum overdue", "No parish forum recorded")
    grass = ("C-11", "Example11", "Devolution agreement expired", "Grass: agreement ends …")
    trees = ("C-11", "Example11", "Devolution agreement expired", "Trees: agreement ends …")
    risks = pd.DataFrame({"Partnership ID": [], "Risk no": [], "Risk": [], "Residual band": []})
    found = changes(
        risks,
        _overdue(clerks, grass, trees),
        previous_risks=risks,
        previous_overdue=_overdue(forum, grass),
        names=pd.Series({"C-11": "Example11"}),
    )
    assert found[["Change", "Partnership"]].to_numpy().tolist() == [
        ["Newly overdue", "Example11"],
        ["Newly overdue", "All local councils"],
        ["No longer overdue", "All local councils"],
    ]
    assert found["Partnership ID"].isna().tolist() == [False, True, True]
