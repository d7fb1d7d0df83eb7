"""The committee report in Word (WORKBOOKS.md §12): `board-report.docx` read back with
python-docx, as the committee system and a screen reader would read it: headings in order,
the recommendations numbered as the sheet numbers them, the implications in order, tables
with header rows, the document's properties and language; the same words as the PDFs; the
public edition's copy without exempt commentary; the same bytes run to run."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from docx.document import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.settings import DEFAULTS
from pipeline.word import BOARD_REPORT, LANGUAGE, NOT_FOR_PUBLICATION
from schemas.commentary import IMPLICATIONS

SECRET = "Zqxsecret talks with the landowner continue."
COMMENTARY = [
    {"Report": "Annual", "Section": "Summary", "Text": "The register is complete.\n\n- {overdue} overdue"},
    {"Report": "Annual", "Section": "Summary", "Text": SECRET, "Exempt": "Yes",
     "Exempt reason": "Schedule 12A paragraph 3"},
    {"Report": "Quarterly", "Section": "Summary", "Text": "The quarter was quiet."},
    {"Report": "Both", "Section": "Legal implications", "Text": "No legal risk arises."},
    {"Report": "Annual", "Section": "Key partnerships", "Text": "Not in the Word report."},
]  # fmt: skip
RECOMMENDATIONS = [
    {"Report": "Annual", "No": 2, "Recommendation": "agree the review.", "Reason": "It is due."},
    {"Report": "Both", "No": 1, "Recommendation": "note the register.", "Reason": None},
    {"Report": "Quarterly", "No": 4, "Recommendation": "note the overdue list."},
]
PROPOSAL = partnership_row(
    **{
        "Partnership ID": "P-002",
        "Partnership": "Qzgreen Spaces Partnership",
        "Status": "Proposed",
        "Start date": None,
        "Category": "Other",
        "Decision": "Pending",
        "Decision date": date(2027, 1, 20),
        "Budget contribution": "£25,000",
    }
)


def _input(folder: Path, *, board: bool = True) -> Path:
    folder.mkdir(parents=True)
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row(), PROPOSAL]})
    write_workbook(folder / "risks.xlsx", {"Risks": [risk_row()]})
    if board:
        write_workbook(
            folder / "board.xlsx", {"Commentary": COMMENTARY, "Recommendations": RECOMMENDATIONS}
        )
    (folder / "settings.toml").write_text(
        '[report]\nreport_of = "Head of Strategic Support"\ncontact = "Policy Officer"\n',
        encoding="utf-8",
    )
    return folder


def _run(folder: Path, output: Path) -> Path:
    arguments = ["report", "--input", str(folder), "--output", str(output)]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return output / "2026-27-Q3"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("word")
    return _run(_input(tmp / "input"), tmp / "output")


def _open(path: Path) -> Document:
    return docx.Document(str(path))


def _headings(document: Document) -> list[tuple[int, str]]:
    """Each heading's level (0 for the Title) and text, in document order."""
    found = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Title":
            found.append((0, paragraph.text))
        elif name.startswith("Heading "):
            found.append((int(name.removeprefix("Heading ")), paragraph.text))
    return found


def _under(headings: list[tuple[int, str]], parent: str, level: int) -> list[str]:
    """The headings of `level` under the first heading `parent`, up to the next heading of
    the parent's level or above."""
    start = next(i for i, (_, text) in enumerate(headings) if text == parent)
    top = headings[start][0]
    found = []
    for depth, text in headings[start + 1 :]:
        if depth <= top:
            break
        if depth == level:
            found.append(text)
    return found


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path: Path) -> str:
    return _words(" ".join(page.extract_text() for page in PdfReader(path).pages))


def _all_text(document: Document) -> str:
    """Every paragraph's and table cell's text, the header's and footer's too."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs]
        parts += [paragraph.text for paragraph in section.footer.paragraphs]
    return "\n".join(parts)


def _numbers(document: Document) -> list[tuple[int, str]]:
    """Each List Number paragraph's number as Word shows it, with its text: its numbering's
    start (startOverride) counted on through the paragraphs that share that numbering."""
    numbering = document.part.numbering_part.element
    starts = {}
    for num in numbering.findall(qn("w:num")):
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[num.get(qn("w:numId"))] = int(start.get(qn("w:val"))) if start is not None else 1
    shown: list[tuple[int, str]] = []
    counted: dict[str, int] = {}
    for paragraph in document.paragraphs:
        if paragraph.style is None or paragraph.style.name != "List Number":
            continue
        num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        assert num_id is not None, paragraph.text  # numbered by a list of its own part
        key = num_id.get(qn("w:val"))
        counted[key] = counted.get(key, starts[key] - 1) + 1
        shown.append((counted[key], paragraph.text))
    return shown


@pytest.mark.slow
def test_the_headings_are_in_order_with_no_level_skipped(published: Path) -> None:
    headings = _headings(_open(published / BOARD_REPORT))
    assert headings[0] == (0, "Report to the board")
    levels = [level for level, _ in headings]
    assert all(b <= a + 1 for a, b in pairwise(levels)), headings
    assert [text for level, text in headings if level == 1] == [
        "Annual partnership report 2026/27",
        "Quarterly governance report 2026/27 Q3",
        "Key messages",
        "Exempt items",
    ]
    for part in ("Annual partnership report 2026/27", "Quarterly governance report 2026/27 Q3"):
        sections = _under(headings, part, 2)
        assert sections == ["Summary", "Recommendations", "Decisions sought", "Implications"]
    assert _under(headings, "Implications", 3) == list(IMPLICATIONS)


@pytest.mark.slow
def test_the_recommendations_are_numbered_as_the_sheet_numbers_them(published: Path) -> None:
    document = _open(published / BOARD_REPORT)
    assert _numbers(document) == [
        (1, "note the register."),
        (2, "agree the review."),
        (1, "note the register."),  # the pack's part numbers afresh
        (4, "note the overdue list."),  # its No, as the PDF prints it
    ]
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    review = paragraphs.index("agree the review.")
    assert paragraphs[review + 1] == "Reason: It is due."
    reason = document.paragraphs[review + 1]
    assert reason.style is not None
    assert reason.style.name == "List Continue"
    assert "Reason:" not in paragraphs[paragraphs.index("note the register.") + 1]  # none given


@pytest.mark.slow
def test_the_word_report_says_what_the_pdfs_say(published: Path) -> None:
    """Each paragraph of a part is in that report's PDF, word for word: the live figure
    filled in as the PDF fills it, the implication figures as printed there."""
    document = _open(published / BOARD_REPORT)
    pdfs = {
        "Annual": _pdf_text(published / "annual-partnership-report.pdf"),
        "Quarterly": _pdf_text(published / "quarterly-governance-report.pdf"),
    }
    part = ""
    checked = 0
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Heading 1":
            part = paragraph.text.split()[0]
            part = {"Annual": "Annual", "Quarterly": "Quarterly"}.get(part, "")
        elif part and paragraph.text.strip() and name != "Caption":
            assert _words(paragraph.text) in pdfs[part], paragraph.text
            checked += 1
    assert checked > 10
    text = _all_text(document)
    assert "{overdue}" not in text
    assert "Not in the Word report." not in text  # a chapter's commentary, not the board's


@pytest.mark.slow
def test_the_tables_have_a_style_a_caption_and_a_repeating_header_row(published: Path) -> None:
    document = _open(published / BOARD_REPORT)
    assert document.tables
    for table in document.tables:
        assert table.style is not None
        assert table.style.name == "Table Grid"
        first = table.rows[0]._tr
        header = first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        assert header is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
        assert len(table.rows) > 1
    sought = [table for table in document.tables if table.cell(0, 0).text == "Proposal"]
    assert sought
    assert "P-002 Qzgreen Spaces Partnership" in sought[0].cell(1, 0).text


@pytest.mark.slow
def test_the_properties_name_the_report_and_the_council(published: Path) -> None:
    document = _open(published / BOARD_REPORT)
    properties = document.core_properties
    assert properties.title == "Report to the board 2026/27 Q3"
    assert properties.author == DEFAULTS["council"]
    assert properties.language == LANGUAGE
    assert properties.created is not None
    assert properties.created.date() == AS_OF
    styles = document.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None
    assert lang.get(qn("w:val")) == LANGUAGE
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


@pytest.mark.slow
def test_the_boards_copy_has_the_exempt_commentary_and_says_so(published: Path) -> None:
    document = _open(published / BOARD_REPORT)
    assert SECRET in _all_text(document)
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert NOT_FOR_PUBLICATION in header
    exempt = document.tables[-1]
    assert [cell.text for cell in exempt.rows[1].cells] == [
        "Commentary",
        "Summary commentary",
        "Schedule 12A paragraph 3",
    ]


@pytest.mark.slow
def test_the_public_copy_has_no_exempt_commentary_and_no_pack(published: Path) -> None:
    document = _open(published / "public" / BOARD_REPORT)
    text = _all_text(document)
    assert "The register is complete." in text
    assert "Zqxsecret" not in text
    assert "Not for publication" not in text
    assert "Exempt items" not in text
    assert "The quarter was quiet." not in text  # the public edition has no quarterly pack
    assert [t for level, t in _headings(document) if level == 1] == [
        "Annual partnership report 2026/27",
        "Key messages",
    ]
    assert document.core_properties.title == "Report to the board 2026/27 Q3 (public edition)"


@pytest.mark.slow
def test_two_runs_write_the_same_bytes(published: Path, tmp_path: Path) -> None:
    again = _run(_input(tmp_path / "input"), tmp_path / "output")
    for name in (BOARD_REPORT, f"public/{BOARD_REPORT}"):
        assert (again / name).read_bytes() == (published / name).read_bytes(), name


@pytest.mark.slow
def test_without_commentary_or_recommendations_there_is_no_word_report(tmp_path: Path) -> None:
    period = _run(_input(tmp_path / "input", board=False), tmp_path / "output")
    assert (period / "annual-partnership-report.pdf").exists()
    assert not (period / BOARD_REPORT).exists()
    assert not (period / "public" / BOARD_REPORT).exists()
