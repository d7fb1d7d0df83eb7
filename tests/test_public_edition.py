"""The public's copy (WORKBOOKS.md §8): output/<period>/public/ holds the annual report without
exempt items and the register of significant partnerships; nothing exempt leaks into it.

The leak test gives every text field of an exempt partnership (and its members, actions and
risks), of an exempt risk of another partnership, of exempt commentary and of the survey's
free text a unique marker, and reads every public file back looking for any of them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from builders import (
    action_row,
    member_row,
    partnership_row,
    question_row,
    response_row,
    risk_row,
    write_workbook,
)
from conftest import AS_OF
from openpyxl import load_workbook
from pypdf import PdfReader

from pipeline.cli import main

pytestmark = pytest.mark.slow

EXEMPT_TEXT = {
    "Partnership ID": "P-XQ01",
    "Partnership": "Zqxname partnership",
    "Council priority": "Zqxpriority",
    "Lead partner": "Zqxleadpartner",
    "Lead partner contact": "Zqxcontact",
    "Lead officer": "Zqxofficer",
    "Partnership manager": "Zqxmanager",
    "Portfolio holder": "Zqxportfolio",
    "Head of service": "Zqxhead",
    "Represented by": "Zqxrepresented",
    "Objectives": "Zqxobjectives",
    "Website": "https://zqxwebsite.example.org",
    "Comments": "Zqxcomments",
    "Exempt": "Yes",
    "Exempt reason": "Zqxreason",
}
RISK_TEXT = {
    "Risk": "Zqxrisk",
    "Impact description": "Zqximpact",
    "Likelihood factors": "Zqxlikelihood",
    "Controls": "Zqxcontrols",
    "Risk owner": "Zqxowner",
    "Assessed by": "Zqxassessor",
    "QA by": "Zqxqa",
}
MARKERS = [
    *(value.split("//")[-1].split(".")[0] for value in EXEMPT_TEXT.values() if value != "Yes"),
    *RISK_TEXT.values(),
    "Zqxmember",
    "Zqxaction",
    "Zqxactionowner",
    "Zqxnote",
    "Zqxsurveycomment",
    "Zqxorganisation",
]


def _input(folder: Path) -> Path:
    folder.mkdir(parents=True)
    listed = partnership_row(**{"Partnership ID": "P-001", "Budget contribution": "£40,000"})
    exempt = partnership_row(**EXEMPT_TEXT, **{"Last review": None, "Start date": None})
    write_workbook(
        folder / "register.xlsx",
        {
            "Partnerships": [listed, exempt],
            "Members": [
                member_row(),
                member_row(**{"Partnership ID": "P-XQ01", "Organisation": "Zqxmember"}),
            ],
            "Actions": [
                action_row(
                    **{
                        "Partnership ID": "P-XQ01",
                        "Action": "Zqxaction",
                        "Owner": "Zqxactionowner",
                        "Due": "1/1/2026",
                    }
                )
            ],
        },
    )
    high = {"Inherent impact": "H", "Inherent likelihood": "H", "Inherent rating": None,
            "Residual impact": "H", "Residual likelihood": "H", "Residual rating": None}  # fmt: skip
    write_workbook(
        folder / "risks.xlsx",
        {
            "Risks": [
                risk_row(),
                risk_row(**{"Risk no": 2, **high, **RISK_TEXT, "Exempt": "Yes"}),
                risk_row(**{"Partnership ID": "P-XQ01", **high, **RISK_TEXT}),
            ]
        },
    )
    write_workbook(
        folder / "survey.xlsx",
        {
            "Questions": [
                question_row(),
                question_row(**{"Question ID": "Q2", "Question": "Any comments?", "Kind": "Text"}),
            ],
            "Responses": [
                response_row(
                    **{
                        "Response ID": f"R-{n}",
                        "Organisation": "Zqxorganisation",
                        "Q2": "Zqxsurveycomment",
                    }
                )
                for n in range(6)
            ],
        },
    )
    write_workbook(
        folder / "board.xlsx",
        {
            "Commentary": [
                {"Report": "Annual", "Section": "Summary", "Text": "A public summary."},
                {"Report": "Annual", "Section": "Key partnerships", "Text": "Zqxnote", "Exempt": "Yes"},
            ]
        },
    )  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("public")
    folder = _input(tmp / "input")
    arguments = ["report", "--input", str(folder), "--output", str(tmp / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return tmp / "output" / "2026-27-Q3"


def _public_text(public: Path) -> dict[str, str]:
    """Every public file's text: PDF text, HTML and CSV as written, every xlsx cell."""
    texts = {}
    for path in sorted(public.iterdir()):
        if path.suffix == ".pdf":
            texts[path.name] = " ".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix == ".xlsx":
            book = load_workbook(path)
            texts[path.name] = " ".join(
                str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            )
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    return texts


def test_the_public_folder_has_the_report_and_the_register(published: Path) -> None:
    assert sorted(p.name for p in (published / "public").iterdir()) == [
        "annual-partnership-report.html",
        "annual-partnership-report.pdf",
        "significant-partnerships.csv",
        "significant-partnerships.html",
        "significant-partnerships.xlsx",
    ]


def test_the_board_copy_has_every_marker(published: Path) -> None:
    """The markers are really in the inputs: the board's own annual report prints them."""
    html = (published / "html" / "annual-partnership-report.html").read_text(encoding="utf-8")
    for marker in ("Zqxname", "Zqxrisk", "Zqxnote", "Zqxsurveycomment", "Zqxreason"):
        assert marker in html, marker


def test_nothing_exempt_appears_in_any_public_file(published: Path) -> None:
    texts = _public_text(published / "public")
    leaks = {
        (name, marker)
        for name, text in texts.items()
        for marker in MARKERS
        if marker.lower() in text.lower()
    }
    assert leaks == set()


def test_the_public_report_counts_what_it_does_not_list(published: Path) -> None:
    text = " ".join(_public_text(published / "public")["annual-partnership-report.pdf"].split())
    assert "1 partnership is exempt from publication and not listed" in text
    assert "2 risks are exempt and not listed" in text
    assert "Not for publication" not in text
    assert "Data quality" not in text
    assert "A public summary." in text  # the Report to the board, without exempt commentary
    assert "Workbooks read" not in text
    assert "register.xlsx" not in text


def test_the_register_lists_active_significant_non_exempt_partnerships(published: Path) -> None:
    csv_text = (published / "public" / "significant-partnerships.csv").read_text(
        encoding="utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [row["Partnership"] for row in rows] == ["Example Community Safety Partnership"]
    assert list(rows[0]) == [
        "Partnership", "Council priority", "Type", "Lead partner", "Represented by",
        "Council contact", "Budget contribution", "Next review", "Website",
    ]  # fmt: skip
    assert rows[0]["Next review"] == "2027-06-01"  # last review 1 June 2026 + 12 months
    assert rows[0]["Council contact"] == "Community Safety Manager"
    html = (published / "public" / "significant-partnerships.html").read_text(encoding="utf-8")
    assert "<caption>Safer communities</caption>" in html
    assert "1 partnership is exempt from publication and not listed" in html


def test_the_public_edition_never_names_the_boards_files(published: Path) -> None:
    """The input workbooks, report-data.xlsx and manifest.json are the board's: no public
    file names them."""
    names = ("register.xlsx", "risks.xlsx", "survey.xlsx", "board.xlsx", "report-data.xlsx",
             "manifest.json")  # fmt: skip
    found = {
        (file, name)
        for file, text in _public_text(published / "public").items()
        for name in names
        if name in text
    }
    assert found == set()


def test_a_row_about_an_exempt_risk_of_a_listed_partnership_is_not_listed() -> None:
    """An Overdue "Risk target missed" row names its risk only in its Detail ("Risk 2: …"),
    and Changes says "Risk target missed: Risk 2: …": both go; the partnership's other rows
    stay."""
    import pandas as pd

    from pipeline.analyse.public import _without

    overdue = pd.DataFrame(
        {
            "Partnership ID": ["P-001", "P-001", "P-001"],
            "Detail": [
                "Risk 2: residual rating 9, target 3",
                "Risk target missed: Risk 2: residual rating 9, target 3",
                "Risk 12: residual rating 9, target 3",
            ],
        }
    )
    kept = _without(overdue, set(), {("P-001", 2)})
    assert kept["Detail"].tolist() == ["Risk 12: residual rating 9, target 3"]


def test_costs_by_priority_list_no_exempt_partnership_but_total_them(published: Path) -> None:
    """The exempt partnership's priority is no row of the public table, and the Total is the
    board's (both partnerships' budgets)."""
    text = " ".join(_public_text(published / "public")["annual-partnership-report.pdf"].split())
    table = text.split("What active partnerships cost, by council priority")[1][:400]
    assert "Zqxpriority" not in table
    assert "Total 2" in table
