"""Assurance across a published earlier period (issue 30, WORKBOOKS.md §11): the last
financial year's Q4 is run into the output folder first, then 2026/27 Q3; the levels, their
comparison and the Governance Statement issues are read back from report-data.xlsx and from
both editions of the annual report.

P-001 lacks terms of reference last year only (an issue resolved); P-002 this year only (a
new issue); P-003 in both (continuing); P-004 has an exempt risk outside appetite in both
years, so the board's level counts it and the public edition neither counts it nor compares
last year's level, which did.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import agreement_row, partnership_row, risk_row, write_workbook
from pdf_structure import structure_problems
from pypdf import PdfReader

from pipeline.analyse.topics.assurance import LIMITED, REASONABLE, SUBSTANTIAL
from pipeline.cli import main

pytestmark = pytest.mark.slow

DONE = date(2026, 3, 1)  # every check last done before both reporting dates
LAST_YEAR, THIS_YEAR = date(2026, 3, 31), date(2026, 12, 31)
# Which partnerships lack terms of reference, by reporting date.
NO_TERMS = {LAST_YEAR: {"P-001", "P-003"}, THIS_YEAR: {"P-002", "P-003"}}
IDS = ("P-001", "P-002", "P-003", "P-004")


def _input(folder: Path, as_of: date) -> Path:
    folder.mkdir(parents=True)
    done = {
        "Last performance report": DONE,
        "Last review": DONE,
        "Last health check": DONE,
    }
    partnerships = [
        partnership_row(
            **{
                "Partnership ID": pid,
                "Partnership": f"Partnership {pid}",
                "Terms of reference": "No" if pid in NO_TERMS[as_of] else "Yes",
                **done,
            }
        )
        for pid in IDS
    ]
    agreements = [agreement_row(**{"Partnership ID": pid}) for pid in IDS]
    write_workbook(
        folder / "register.xlsx", {"Partnerships": partnerships, "Agreements": agreements}
    )
    risks = [risk_row(**{"Partnership ID": pid, "Assessment date": DONE}) for pid in IDS]
    risks.append(
        risk_row(
            **{
                "Partnership ID": "P-004",
                "Risk no": 2,
                "Residual impact": 3,
                "Residual likelihood": 3,
                "Residual rating": None,
                "Inherent impact": 3,
                "Inherent likelihood": 3,
                "Inherent rating": None,
                "Assessment date": DONE,
                "Exempt": "Yes",
                "Exempt reason": "Schedule 12A paragraph 3",
            }
        )
    )
    write_workbook(folder / "risks.xlsx", {"Risks": risks})
    return folder


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2025/26 Q4 then 2026/27 Q3 run into one output folder: Q3's folder."""
    tmp = tmp_path_factory.mktemp("assurance")
    output = tmp / "output"
    for as_of in (LAST_YEAR, THIS_YEAR):
        folder = _input(tmp / f"input-{as_of.isoformat()}", as_of)
        arguments = ["report", "--input", str(folder), "--output", str(output)]
        assert main([*arguments, "--as-of", as_of.isoformat()]) == 0
    return output / "2026-27-Q3"


def _sheet(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_excel(folder / "report-data.xlsx", sheet_name=name, engine="openpyxl")


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_each_level_is_compared_with_last_years_published_level(published: Path) -> None:
    table = _sheet(published, "Assurance").set_index("Partnership ID")
    assert table["Assurance"].to_dict() == {
        "P-001": SUBSTANTIAL,
        "P-002": LIMITED,
        "P-003": LIMITED,
        "P-004": REASONABLE,  # its exempt risk outside appetite counts for the board
    }
    assert table["Last year"].to_dict() == {
        "P-001": LIMITED,
        "P-002": SUBSTANTIAL,
        "P-003": LIMITED,
        "P-004": REASONABLE,
    }
    assert table["Change"].to_dict() == {
        "P-001": "Better",
        "P-002": "Worse",
        "P-003": "Same",
        "P-004": "Same",
    }
    issues = _sheet(published, "Governance statement issues").set_index("Partnership ID")
    assert issues["Issue"].to_dict() == {"P-002": "New", "P-003": "Continuing", "P-001": "Resolved"}
    trend = _sheet(published, "Trend").set_index("Period")["Limited or no assurance"]
    assert trend.to_dict() == {"2025/26 Q4": 2, "2026/27 Q3": 2}


def test_the_annual_report_prints_the_issues_and_the_levels(published: Path) -> None:
    text = _text(published / "annual-partnership-report.pdf")
    assert "Partnership issues for the Annual Governance Statement" in text
    assert "Partnership P-003 ! Limited Continuing No terms of reference" in text
    assert "Resolved (was Limited)" in text
    assert "Partnership P-004 ✓ Reasonable 0 1 Reasonable (same)" in text
    # The same level in At a glance: the one judgement.
    assert "Partnerships at a glance" in text


def test_the_public_edition_neither_counts_nor_compares_an_exempt_risk(published: Path) -> None:
    """Without its exempt risk P-004 has no gap: Substantial. Last year's Reasonable took in
    the risk, so it is not compared (printing it would show the public what was withheld)."""
    text = _text(published / "public" / "annual-partnership-report.pdf")
    assert "Partnership P-004 ✓ Substantial 0 0 Not compared" in text
    assert "Partnership P-003 ! Limited 1 0 Limited (same)" in text


def test_every_pdf_of_the_second_period_keeps_its_structure(published: Path) -> None:
    """A period published after another (last year's levels compared) keeps the structure
    every PDF must (tests/pdf_structure.py)."""
    for pdf in sorted(published.rglob("*.pdf")):
        contents = pdf.name != "quarterly-governance-report.pdf"
        assert structure_problems(pdf.read_bytes(), contents=contents) == [], pdf
