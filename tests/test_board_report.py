"""The officers' voice (WORKBOOKS.md §9) and the board's exempt items (§8): commentary and
recommendations set as a committee report, printed exactly as typed, and the "Not for
publication" marking."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.findings import Finding
from pipeline.render import plain
from pipeline.run import check_inputs
from pipeline.settings import DEFAULTS, Settings

HOSTILE = "Spend rose 5% (<b>£10k</b>) & {{ settings.council }} = last year's; =SUM(A1:A9)"
SUMMARY = f"The register is complete.\n\n{HOSTILE}\n\n- first point\n- second point"
COMMENTARY = [
    {"Report": "Annual", "Section": "Summary", "Text": SUMMARY},
    {"Report": "Both", "Section": "Risk profile", "Text": "Risks are steady."},
    {"Report": "Quarterly", "Section": "Partner survey", "Text": "The survey closed in July."},
    {"Report": "Annual", "Section": "Financial implications", "Text": "Within budget."},
    {"Report": "Annual", "Section": "Key partnerships", "Text": "Talks continue.", "Exempt": "Yes"},
]
RECOMMENDATIONS = [
    {"Report": "Annual", "No": 2, "Recommendation": "agree the review.", "Reason": "It is due."},
    {"Report": "Both", "No": 1, "Recommendation": "note the register.", "Reason": None},
    {"Report": "Quarterly", "No": 2, "Recommendation": "note the overdue list."},
]


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _input(folder: Path, *, exempt: bool) -> Path:
    folder.mkdir(parents=True)
    marked = {"Exempt": "Yes", "Exempt reason": "Schedule 12A paragraph 3"} if exempt else {}
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row(**marked)]})
    write_workbook(folder / "risks.xlsx", {"Risks": [risk_row()]})
    write_workbook(
        folder / "board.xlsx", {"Commentary": COMMENTARY, "Recommendations": RECOMMENDATIONS}
    )
    (folder / "settings.toml").write_text(
        '[report]\nreport_of = "Head of Strategic Support"\ncontact = "Policy Officer"\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("board")
    folder = _input(tmp / "input", exempt=True)
    arguments = ["report", "--input", str(folder), "--output", str(tmp / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return tmp / "output" / "2026-27-Q3"


def test_plain_text_is_paragraphs_and_bullets_and_nothing_else() -> None:
    html = str(plain("One\ntwo\n\n- a\n- <b>\n\n{{ x }} & =SUM(A1)"))
    assert html == (
        "<p>One<br>two</p>\n<ul><li>a</li><li>&lt;b&gt;</li></ul>\n<p>{{ x }} &amp; =SUM(A1)</p>"
    )


@pytest.mark.slow
def test_the_annual_report_opens_with_the_report_to_the_board(published: Path) -> None:
    text = _text(published / "annual-partnership-report.pdf")
    board = text.split("Report to the board", 2)[2]  # after the contents line
    for words in (
        "Report of Head of Strategic Support",
        "Contact Policy Officer",
        "The register is complete.",
        f"The {DEFAULTS['board']} is asked to:",
        "note the register.",
        "agree the review.",
        "Reason: It is due.",
        "Financial implications What active partnerships cost a year: £30,000.",
        "Within budget.",
        "Legal implications",
        "Risk management implications",
        "Equality implications",
    ):
        assert words in board, words
    assert board.index("note the register.") < board.index("agree the review.")  # 1, then 2
    # Staff time is not costed, so the budget contribution is the annual cost: said once.
    assert "Budget contribution of active partnerships" not in board


@pytest.mark.slow
def test_officers_text_prints_exactly_as_typed(published: Path) -> None:
    """Markup, template braces and a formula print literally, in the PDF, the HTML and the
    workbook (where the text is a string, never a formula)."""
    assert HOSTILE in _text(published / "annual-partnership-report.pdf")
    html = (published / "html" / "annual-partnership-report.html").read_text(encoding="utf-8")
    assert "(&lt;b&gt;£10k&lt;/b&gt;) &amp; {{ settings.council }}" in html
    assert "<b>£10k</b>" not in html
    book = load_workbook(published / "report-data.xlsx")
    sheet = book["Commentary"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    hostile = [cell for cell in cells if "=SUM(" in str(cell.value)]
    assert hostile
    assert all(cell.data_type == "s" for cell in hostile)


@pytest.mark.slow
def test_chapter_commentary_prints_at_the_start_of_its_chapter(published: Path) -> None:
    text = _text(published / "annual-partnership-report.pdf")
    chapter = text.split("Risk profile Risks are steady.", 1)
    assert len(chapter) == 2  # the note opens the chapter, right under its heading
    assert chapter[1].lstrip().startswith("Every risk of every partnership")
    assert "Talks continue." in text  # exempt commentary: in the board's own copy


@pytest.mark.slow
def test_the_quarterly_pack_has_its_own_recommendations_and_sections(published: Path) -> None:
    text = _text(published / "quarterly-governance-report.pdf")
    assert "note the overdue list." in text
    assert "agree the review." not in text  # an Annual recommendation
    assert "Risks are steady." in text  # a Both commentary
    # A section the pack has no chapter for prints after its summary, under its name.
    assert "Partner survey The survey closed in July." in text


@pytest.mark.slow
def test_a_board_copy_with_exempt_items_says_so_on_every_page(published: Path) -> None:
    for document in ("annual-partnership-report", "quarterly-governance-report"):
        pages = PdfReader(published / f"{document}.pdf").pages
        marked = [
            "Not for publication: contains exempt information" in page.extract_text()
            for page in pages
        ]
        assert all(marked), document
    last = PdfReader(published / "annual-partnership-report.pdf").pages[-1].extract_text()
    assert "Exempt items" in last
    assert "Schedule 12A paragraph 3" in last
    html = (published / "html" / "annual-partnership-report.html").read_text(encoding="utf-8")
    assert "Not for publication: contains exempt information" in html
    items = pd.read_excel(
        published / "report-data.xlsx", sheet_name="Exempt items", engine="openpyxl"
    )
    # The exempt partnership, then the commentary marked Exempt (which names no partnership).
    assert items["Item"].tolist() == ["Partnership", "Commentary"]
    assert items["Partnership ID"].fillna("").tolist() == ["P-001", ""]


@pytest.mark.slow
def test_without_exempt_items_or_commentary_the_reports_are_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    arguments = ["report", "--input", str(folder), "--output", str(tmp_path / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    text = _text(tmp_path / "output" / "2026-27-Q3" / "annual-partnership-report.pdf")
    assert "Not for publication" not in text
    assert "Report to the board" not in text


# Validation --------------------------------------------------------------------------------


def _check(folder: Path, settings: Settings, **sheets: list[dict[str, object]]) -> list[Finding]:
    folder.mkdir(parents=True, exist_ok=True)
    register = sheets.pop("Partnerships", [partnership_row()])
    write_workbook(folder / "register.xlsx", {"Partnerships": register})
    if sheets:
        write_workbook(folder / "board.xlsx", sheets)
    return check_inputs(folder, settings=settings, as_of=AS_OF)[2]


def test_an_exempt_partnership_needs_a_reason(tmp_path: Path, settings: Settings) -> None:
    row = partnership_row(Exempt="Yes", **{"Exempt reason": None})
    [found] = _check(tmp_path, settings, Partnerships=[row])
    assert (found.rule, found.severity) == ("exempt.reason_missing", "Error")
    assert found.cell == f"{chr(ord('A') + len(row) - 1)}2"  # the Exempt reason cell


def test_an_exempt_risk_or_commentary_without_a_reason_is_a_warning_at_its_cell(
    tmp_path: Path, settings: Settings
) -> None:
    """A blank Exempt reason on Commentary warns at the Exempt reason cell; where the sheet
    has no Exempt reason column, the warning points at the Exempt cell."""
    rows = [
        {"Report": "Annual", "Section": "Summary", "Text": "a", "Exempt": "Yes",
         "Exempt reason": None},
        {"Report": "Annual", "Section": "Summary", "Text": "b", "Exempt": "Yes",
         "Exempt reason": "Schedule 12A paragraph 3"},
    ]  # fmt: skip
    [found] = _check(tmp_path / "with", settings, Commentary=rows)
    assert (found.rule, found.severity, found.cell) == ("exempt.reason_not_given", "Warning", "E2")
    no_column = [{"Report": "Annual", "Section": "Summary", "Text": "a", "Exempt": "Yes"}]
    [found] = _check(tmp_path / "without", settings, Commentary=no_column)
    assert (found.rule, found.cell) == ("exempt.reason_not_given", "D2")


def test_a_recommendation_number_twice_in_a_report_is_an_error(
    tmp_path: Path, settings: Settings
) -> None:
    """Annual 1 and Both 1 clash in the annual report; Quarterly 2 clashes with nothing."""
    rows = [
        {"Report": "Annual", "No": 1, "Recommendation": "a"},
        {"Report": "Both", "No": 1, "Recommendation": "b"},
        {"Report": "Quarterly", "No": 2, "Recommendation": "c"},
    ]
    [found] = _check(tmp_path, settings, Recommendations=rows)
    assert (found.rule, found.cell) == ("recommendation.duplicate_number", "B3")
    assert "numbered twice for the annual report" in found.message


def test_an_unknown_section_names_the_cell_and_lists_the_choices(
    tmp_path: Path, settings: Settings
) -> None:
    rows = [{"Report": "Annual", "Section": "Foreword", "Text": "Hello"}]
    [found] = _check(tmp_path, settings, Commentary=rows)
    assert (found.rule, found.cell) == ("value.not_allowed", "B2")
    assert "Summary, Register and costs" in found.message
