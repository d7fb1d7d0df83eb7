"""The public's copy (WORKBOOKS.md §8): output/<period>/public/ holds the annual report and
the register of significant partnerships, exactly as the run would publish them if the exempt
rows did not exist.

The leak test gives every text field of an exempt partnership (and its members, actions, risks
and survey responses), of an exempt risk of another partnership, of exempt commentary and of
the survey's free text a unique marker, and reads every public file back looking for any of
them. The subtraction test runs the same workbooks with the exempt rows deleted and checks that
every public file says the same, apart from the one sentence counting what is exempt.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
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
    "Zqxexemptorg",
]


def _input(folder: Path, *, with_exempt: bool = True) -> Path:
    """The workbooks; without `with_exempt`, the same workbooks with every exempt row deleted
    (the exempt partnership and every row naming it, the exempt risk, the exempt commentary)."""
    folder.mkdir(parents=True)
    listed = partnership_row(**{"Partnership ID": "P-001", "Budget contribution": "£40,000"})
    exempt = partnership_row(
        **EXEMPT_TEXT,
        **{"Last review": None, "Start date": None, "Budget contribution": "£120,000"},
    )

    def keep(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return rows if with_exempt else [row for row in rows if not _is_exempt(row)]

    register = {
        "Partnerships": keep([listed, exempt]),
        "Members": keep(
            [member_row(), member_row(**{"Partnership ID": "P-XQ01", "Organisation": "Zqxmember"})]
        ),
        "Actions": keep(
            [
                action_row(),
                action_row(
                    **{
                        "Partnership ID": "P-XQ01",
                        "Action": "Zqxaction",
                        "Owner": "Zqxactionowner",
                        "Due": "1/1/2026",
                    }
                ),
            ]
        ),
    }
    write_workbook(folder / "register.xlsx", register)
    high = {"Inherent impact": "H", "Inherent likelihood": "H", "Inherent rating": None,
            "Residual impact": "H", "Residual likelihood": "H", "Residual rating": None}  # fmt: skip
    risks = [
        risk_row(),
        risk_row(**{"Risk no": 2, **high, **RISK_TEXT, "Exempt": "Yes"}),
        risk_row(**{"Partnership ID": "P-XQ01", **high, **RISK_TEXT}),
    ]
    write_workbook(folder / "risks.xlsx", {"Risks": keep(risks)})
    listed_answers = [
        response_row(
            **{"Response ID": f"R-{n}", "Organisation": "Zqxorganisation", "Q2": "Zqxsurveycomment"}
        )
        for n in range(6)
    ]
    exempt_answers = [
        response_row(
            **{
                "Response ID": f"X-{n}",
                "Partnership ID": "P-XQ01",
                "Organisation": "Zqxexemptorg",
                "Q1": "Strongly disagree",
            }
        )
        for n in range(3)
    ]
    write_workbook(
        folder / "survey.xlsx",
        {
            "Questions": [
                question_row(),
                question_row(**{"Question ID": "Q2", "Question": "Any comments?", "Kind": "Text"}),
            ],
            "Responses": keep(listed_answers + exempt_answers),
        },
    )
    write_workbook(
        folder / "board.xlsx",
        {
            "Commentary": keep([
                {"Report": "Annual", "Section": "Summary", "Text": "A public summary."},
                {"Report": "Annual", "Section": "Key partnerships", "Text": "Zqxnote", "Exempt": "Yes"},
            ])
        },
    )  # fmt: skip
    return folder


SENTENCE = (
    "1 partnership and 2 risks are exempt from publication (Local Government Act 1972, "
    "Schedule 12A) and not included in this report or in any of its figures."
)

REGISTER_SENTENCE = "1 partnership is exempt from publication and not listed."


def _is_exempt(row: dict[str, object]) -> bool:
    return row.get("Exempt") == "Yes" or row.get("Partnership ID") == "P-XQ01"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("public")
    folder = _input(tmp / "input")
    arguments = ["report", "--input", str(folder), "--output", str(tmp / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return tmp / "output" / "2026-27-Q3"


def _public_text(public: Path) -> dict[str, str]:
    """Every public file's text: PDF text, HTML and CSV as written, every xlsx cell, every
    paragraph, table cell, header and footer of a Word document."""
    texts = {}
    for path in sorted(public.iterdir()):
        if path.suffix == ".pdf":
            texts[path.name] = " ".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix == ".xlsx":
            book = load_workbook(path)
            texts[path.name] = " ".join(
                str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
            )
        elif path.suffix == ".docx":
            document = docx.Document(str(path))
            section = document.sections[0]
            paragraphs = [
                *document.paragraphs,
                *section.header.paragraphs,
                *section.footer.paragraphs,
                *(p for table in document.tables for cell in table._cells for p in cell.paragraphs),
            ]
            texts[path.name] = " ".join(paragraph.text for paragraph in paragraphs)
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    return texts


def test_the_public_folder_has_the_report_and_the_register(published: Path) -> None:
    assert sorted(p.name for p in (published / "public").iterdir()) == [
        "annual-partnership-report.html",
        "annual-partnership-report.pdf",
        "board-report.docx",
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
    assert SENTENCE in text
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


def test_costs_by_priority_neither_list_nor_total_an_exempt_partnership(published: Path) -> None:
    """The exempt partnership's priority is no row of the public table, and the Total is the
    listed partnership's £40,000 alone: subtracting the rows from the Total reveals nothing."""
    text = " ".join(_public_text(published / "public")["annual-partnership-report.pdf"].split())
    table = text.split("What active partnerships cost, by council priority")[1][:400]
    assert "Zqxpriority" not in table
    assert "Total 1" in table
    assert "160,000" not in text
    assert "120,000" not in text


def _without_sentence(text: str) -> str:
    """The text with the counting sentence (and, in HTML, the paragraph holding it) taken out,
    its white space collapsed."""
    text = " ".join(text.split())
    for sentence in (SENTENCE, REGISTER_SENTENCE):
        text = text.replace(f" {sentence}", "").replace(sentence, "")
    return " ".join(text.replace('<p class="callout withheld"></p>', "").split())


def test_the_public_edition_is_the_run_without_the_exempt_rows(
    published: Path, tmp_path: Path
) -> None:
    """Every public file of the run with exempt rows says exactly what the same run says with
    those rows deleted, apart from the sentence counting them: no figure, alone or subtracted
    from another, can tell a reader anything about an exempt row."""
    folder = _input(tmp_path / "input", with_exempt=False)
    arguments = ["report", "--input", str(folder), "--output", str(tmp_path / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    without = _public_text(tmp_path / "output" / "2026-27-Q3" / "public")
    with_exempt = _public_text(published / "public")
    assert sorted(without) == sorted(with_exempt)
    assert SENTENCE in " ".join(with_exempt["annual-partnership-report.pdf"].split())
    for name, text in with_exempt.items():
        assert _without_sentence(text) == _without_sentence(without[name]), name


def test_a_risk_exempt_last_quarter_stays_exempt_when_it_is_printed(tmp_path: Path) -> None:
    """A risk exempt in Q2 and deleted by Q3: the Q3 quarterly pack prints its removal, so the
    pack says Not for publication and lists it among its exempt items; the public edition never
    names it (WORKBOOKS.md §8, exemption follows the record)."""
    folder = _input(tmp_path / "q2", with_exempt=True)
    output = tmp_path / "output"
    arguments = ["report", "--output", str(output)]
    assert main([*arguments, "--input", str(folder), "--as-of", "2026-09-30"]) == 0
    q3 = _input(tmp_path / "q3", with_exempt=False)
    assert main([*arguments, "--input", str(q3), "--as-of", str(AS_OF)]) == 0

    pack = PdfReader(output / "2026-27-Q3" / "quarterly-governance-report.pdf")
    pages = [" ".join(page.extract_text().split()) for page in pack.pages]
    assert all("Not for publication" in page for page in pages)
    text = " ".join(pages)
    assert "Risk removed" in text
    assert "Zqxrisk" in text
    items = text.split("Exempt items")[-1]
    assert "Exempt in 2026/27 Q2" in items
    public = _public_text(output / "2026-27-Q3" / "public")
    leaks = {
        (name, m) for name, words in public.items() for m in MARKERS if m.lower() in words.lower()
    }
    assert leaks == set()
