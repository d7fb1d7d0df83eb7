"""Decisions sought (WORKBOOKS.md §10) as the board reads them: each proposal awaiting a
decision in both reports' *Report to the board*, with its cost and what its checklist still
lacks; the annual report's decisions this year; an exempt proposal nowhere in the public
edition."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.render import date_uk, money

PROPOSED = {"Status": "Proposed", "Start date": None, "Category": "Other"}
PENDING = partnership_row(
    **PROPOSED,
    **{
        "Partnership ID": "P-002",
        "Partnership": "Qzgreen Spaces Partnership",
        "Lead partner": "Example Wildlife Trust",
        "Exit strategy": "No",
        "Equality impact assessment": None,
        "Budget contribution": "£25,000",
        "Staff hours per month": 12,
        "Decision": "Pending",
        "Decision date": date(2027, 1, 20),
        "Comments": "Business case to go to the board in January 2027.",
    },
)
EXEMPT = partnership_row(
    **PROPOSED,
    **{
        "Partnership ID": "P-003",
        "Partnership": "Qzsecret Land Deal Partnership",
        "Lead partner": "Qzsecret Developments",
        "Budget contribution": "£90,000",
        "Decision": "Pending",
        "Comments": "Qzsecret terms under negotiation.",
        "Exempt": "Yes",
        "Exempt reason": "Schedule 12A paragraph 3: financial or business affairs",
    },
)
DECLINED = partnership_row(
    **{
        "Partnership ID": "P-004",
        "Partnership": "Qzenergy Partnership",
        "Status": "Closed",
        "Start date": None,
        "Category": "Other",
        "Decision": "Declined",
        "Decision date": date(2026, 7, 15),
        "Comments": "Declined: covered by another proposal.",
    }
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An active partnership, a proposal awaiting a decision (no risk assessment), an exempt
    one, and one declined this year; a summary so that each report has its Report to the
    board."""
    tmp = tmp_path_factory.mktemp("decisions")
    folder = tmp / "input"
    folder.mkdir()
    write_workbook(
        folder / "register.xlsx",
        {"Partnerships": [partnership_row(), PENDING, EXEMPT, DECLINED]},
    )
    write_workbook(
        folder / "risks.xlsx",
        {"Risks": [risk_row(), risk_row(**{"Partnership ID": "P-003"})]},
    )
    write_workbook(
        folder / "board.xlsx",
        {"Commentary": [{"Report": "Both", "Section": "Summary", "Text": "A short summary."}]},
    )
    arguments = ["report", "--input", str(folder), "--output", str(tmp / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return tmp / "output" / "2026-27-Q3"


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _decisions(path: Path) -> str:
    """The text of the Report to the board from *Decisions sought* to *Implications*."""
    text = _text(path)
    start = text.index("Decisions sought")
    return text[start : text.index("Implications", start)]


def _proposals(published: Path) -> pd.DataFrame:
    return pd.read_excel(published / "report-data.xlsx", sheet_name="Proposals", engine="openpyxl")


@pytest.mark.slow
def test_the_proposals_sheet_lists_all_three_in_the_boards_edition(published: Path) -> None:
    """The board's report-data.xlsx is complete: the exempt proposal is on it too."""
    sheet = _proposals(published)
    assert sheet["Partnership ID"].tolist() == ["P-002", "P-003", "P-004"]
    pending = sheet.iloc[0]
    assert pending["Checklist"] == "3 of 6"
    assert pending["Missing"] == "Exit strategy; Equality impact assessment; Risk assessment"


@pytest.mark.slow
@pytest.mark.parametrize("report", ["annual-partnership-report", "quarterly-governance-report"])
def test_each_report_to_the_board_seeks_the_pending_decision(published: Path, report: str) -> None:
    """Both reports list the proposal awaiting a decision with its due date, cost, comments,
    checklist score and what it still lacks, as the Proposals sheet gives them."""
    pending = _proposals(published).iloc[0]
    seeking = _decisions(published / f"{report}.pdf")
    for words in (
        "Qzgreen Spaces Partnership",
        "Led by Example Wildlife Trust",
        date_uk(pending["Decision date"]),
        money(pending["Annual cost"]),
        "Business case to go to the board in January 2027.",
        pending["Checklist"],
        "Exit strategy; Equality impact assessment; Risk assessment",
    ):
        assert words in seeking, words
    assert "Qzsecret Land Deal Partnership" in seeking  # the board's edition: exempt included


@pytest.mark.slow
def test_only_the_annual_report_lists_the_years_decisions(published: Path) -> None:
    """The annual report lists the proposal declined this year with its date; the quarterly
    pack seeks decisions only."""
    annual = _decisions(published / "annual-partnership-report.pdf")
    taken = annual[annual.index("Decisions taken since 1 April 2026") :]
    assert "Qzenergy Partnership Declined 15 July 2026" in taken
    assert "Declined: covered by another proposal." in taken
    quarterly = _text(published / "quarterly-governance-report.pdf")
    assert "Decisions taken" not in quarterly
    assert "Qzenergy" not in quarterly


@pytest.mark.slow
def test_an_exempt_proposal_is_nowhere_in_the_public_edition(published: Path) -> None:
    """The public annual report seeks the public proposal's decision and says nothing of the
    exempt one: not its ID, name, partner, comments or cost."""
    public = published / "public"
    text = _text(public / "annual-partnership-report.pdf")
    html = (public / "annual-partnership-report.html").read_text(encoding="utf-8")
    assert "Qzgreen Spaces Partnership" in _decisions(public / "annual-partnership-report.pdf")
    for published_text in (text, html):
        assert "Qzsecret" not in published_text
        assert "P-003" not in published_text
        assert "£90,000" not in published_text
