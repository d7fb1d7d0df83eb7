"""Very long texts: a 10,000-character word typed as a partnership's name (issue 14, item 9).

The reports print at most PRINTED_TEXT_LIMIT characters of a text, followed by "…", with a
`text.too_long` warning at its cell; report-data.xlsx keeps it whole. A run of characters with
no space in it wraps anywhere, so it cannot push a table's later columns off the page; ordinary
words keep their width.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from builders import (
    action_row,
    agreement_row,
    member_row,
    partnership_row,
    put_text,
    question_row,
    response_row,
    risk_row,
    write_valid_input,
    write_workbook,
)
from conftest import AS_OF
from markupsafe import Markup
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from pipeline.cli import main
from pipeline.render import UNBROKEN_RUN, cut, environment, mark_unbroken, plain
from pipeline.run import check_inputs
from pipeline.settings import Settings
from schemas.rules import EXCEL_CELL_CHARACTERS, PRINTED_TEXT_LIMIT, PROSE_TEXT_LIMIT, RULES

WORD = "W" * 10_000  # W: the widest letter


def register(folder: Path, *rows: dict[str, object]) -> None:
    write_workbook(
        folder / "register.xlsx",
        {
            "Partnerships": list(rows),
            "Members": [member_row()],
            "Agreements": [agreement_row()],
            "Actions": [action_row()],
        },
    )


# The warning -----------------------------------------------------------------------------


def test_a_text_longer_than_the_limit_is_a_warning_at_its_cell(
    tmp_path: Path, settings: Settings
) -> None:
    """The warning names the cell, says how long the text is, how much the reports print and
    what to do; the data keeps the whole text. A text of exactly the limit is no warning."""
    register(tmp_path, partnership_row(Partnership=WORD, Comments="x" * PRINTED_TEXT_LIMIT))
    _, dataset, findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)
    [found] = findings
    assert RULES[found.rule].severity == "Warning"
    assert (found.file, found.sheet, found.cell, found.column, found.rule) == (
        "register.xlsx",
        "Partnerships",
        "B2",
        "Partnership",
        "text.too_long",
    )
    assert f"“{'W' * 40}…” is 10,000 characters long" in found.message
    assert f"first {PRINTED_TEXT_LIMIT} characters, followed by “…”" in found.message
    assert "Shorten it" in found.message
    assert dataset.partnerships.loc[0, "partnership"] == WORD


def test_each_cell_of_a_repeated_long_text_is_warned_of(tmp_path: Path, settings: Settings) -> None:
    """A value is checked once however often it repeats, but each cell holding it is named."""
    long = "A long objective. " * 30  # 540 characters, with spaces
    rows = [
        partnership_row(**{"Partnership ID": f"P-00{n}", "Objectives": long}) for n in (1, 2, 3)
    ]
    register(tmp_path, *rows)
    findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)[2]
    letter = chr(ord("A") + list(rows[0]).index("Objectives"))
    assert [(f.rule, f.cell) for f in findings] == [
        ("text.too_long", f"{letter}{row}") for row in (2, 3, 4)
    ]
    assert "539 characters long" in findings[0].message  # as the reports see it: trimmed


def test_a_long_survey_comment_is_warned_of_at_its_cell(tmp_path: Path, settings: Settings) -> None:
    """Written answers are free text too, printed under "What partners said"."""
    register(tmp_path, partnership_row())
    comment = question_row(**{"Question ID": "Q2", "Question": "Anything else?", "Kind": "Text"})
    write_workbook(
        tmp_path / "survey.xlsx",
        {
            "Questions": [question_row(), comment],
            "Responses": [response_row(Q2="y" * 600), response_row(**{"Response ID": "R-2"})],
        },
    )
    findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)[2]
    assert [(f.sheet, f.cell, f.column, f.rule) for f in findings] == [
        ("Responses", "F2", "Q2", "text.too_long")
    ]
    assert "600 characters long" in findings[0].message


# Cutting and marking, in the HTML -----------------------------------------------------------


def test_every_text_a_template_prints_is_cut_at_the_limit() -> None:
    """Once, for every template: texts past the limit end in "…"; the templates' own HTML
    (Markup) and numbers pass whole."""
    assert environment().finalize is cut
    assert cut("x" * PRINTED_TEXT_LIMIT) == "x" * PRINTED_TEXT_LIMIT
    assert cut("x" * (PRINTED_TEXT_LIMIT + 1)) == "x" * PRINTED_TEXT_LIMIT + "…"
    assert cut("word " * 100) == ("word " * 80).rstrip() + "…"
    html = Markup("<p>" + "x" * 1000 + "</p>")
    assert cut(html) is html
    assert cut(12345) == 12345
    template = environment().from_string("<td>{{ name }}</td><td>{{ name|length }}</td>")
    assert template.render(name=WORD) == f"<td>{'W' * PRINTED_TEXT_LIMIT}…</td><td>10000</td>"


def test_only_a_run_with_no_space_in_the_bodys_text_is_marked_to_wrap_anywhere() -> None:
    """Never a shorter word, an attribute or the head (where a tag would show as text)."""
    run, short = "W" * UNBROKEN_RUN, "w" * (UNBROKEN_RUN - 1)
    html = (
        f"<html><head><title>{run}</title></head>"
        f'<body class="annual"><td id="{run}">{short} {run}&amp;x</td><p>{short}</p></body></html>'
    )
    assert mark_unbroken(html) == html.replace(
        f"{run}&amp;x", f'<span class="unbroken">{run}&amp;x</span>'
    )
    plain = "<html><body><p>Nothing long here.</p></body></html>"
    assert mark_unbroken(plain) is plain


# The PDFs -----------------------------------------------------------------------------------

NAME = ("Supercalifragilisticexpialidocious" * 300)[:10_000]  # a 10,000-letter word
PARTNERSHIPS = 12  # key partnerships, two risks each: the long name in every kind of table


def _publish(folder: Path, name: str) -> Path:
    """The same register published, with P-001 named `name`."""
    ids = [f"P-{n:03d}" for n in range(1, PARTNERSHIPS + 1)]
    rows = [
        partnership_row(**{"Partnership ID": i, "Partnership": f"Partnership number {i}"})
        for i in ids
    ]
    rows[0]["Partnership"] = name
    inputs = write_valid_input(folder / "input")
    register(inputs, *rows)
    risks = [risk_row(**{"Partnership ID": i, "Risk no": n}) for i in ids for n in (1, 2)]
    write_workbook(inputs / "risks.xlsx", {"Risks": risks})
    output = folder / "output"
    args = ["report", "--input", str(inputs), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0  # a warning does not stop the reports
    return output / "2026-27-Q3"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same input published twice: P-001 with a normal name, and with NAME."""
    normal = partnership_row()["Partnership"]
    return {
        "normal": _publish(tmp_path_factory.mktemp("normal"), str(normal)),
        "long": _publish(tmp_path_factory.mktemp("long"), NAME),
    }


def _page_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.slow
def test_a_long_word_leaves_every_column_of_the_register_on_the_page(
    published: dict[str, Path],
) -> None:
    """Each heading, and the values after the name in its row, are inside the page, as they
    are with a normal name; the name's column holds its first PRINTED_TEXT_LIMIT letters, then
    "…"."""
    later = ["Type", "Status", "Lead", "officer", "Annual", "cost", "Risks", "Highest",
             "controls", "Community", "Active", "£30,000"]  # fmt: skip
    for name, folder in published.items():
        with pdfplumber.open(folder / "annual-partnership-report.pdf") as pdf:
            [page] = [p for p in pdf.pages if "Partnership register" in (p.extract_text() or "")]
            words = page.extract_words()
            assert all(w["x0"] >= 0 and w["x1"] <= page.width for w in words), name
            assert set(later) <= {w["text"] for w in words}, name
            heading = {w["text"]: w for w in words if w["top"] > 100}
            left, right = heading["Partnership"]["x0"] - 1, heading["Type"]["x0"] - 1
            column = page.crop((left, 0, right, page.height))  # the Partnership column
            letters = "".join((column.extract_text() or "").split())
    assert NAME[:PRINTED_TEXT_LIMIT] + "…" in letters
    assert NAME[: PRINTED_TEXT_LIMIT + 1] not in letters


@pytest.mark.slow
def test_a_long_word_does_not_lengthen_the_reports(published: dict[str, Path]) -> None:
    """The same number of pages, give or take one, as the same input with a normal name; the
    annual report three, as it prints the name (at most PRINTED_TEXT_LIMIT letters, wrapped in
    a narrow column) in six tables (at a glance, the register, the highest risks, the checks,
    its own block and the data quality list of its warning), and a chapter or block kept whole
    that no longer fits the rest of a page starts the next (docs/decisions.md, "Which chapters
    start a page")."""
    allowed = {"annual-partnership-report": 3, "quarterly-governance-report": 1}
    for document, most in allowed.items():
        pages = {
            name: len(_page_text(folder / f"{document}.pdf")) for name, folder in published.items()
        }
        assert abs(pages["long"] - pages["normal"]) <= most, (document, pages)


@pytest.mark.slow
def test_a_long_word_is_cut_in_the_html_kept_in_the_workbook_and_warned_of(
    published: dict[str, Path],
) -> None:
    """The HTML twin prints what the PDF prints; report-data.xlsx has the whole name, and its
    Data quality sheet the warning at the name's cell, which the PDF counts in words."""
    long = published["long"]
    html = (long / "html" / "annual-partnership-report.html").read_text(encoding="utf-8")
    assert f'<span class="unbroken">{NAME[:PRINTED_TEXT_LIMIT]}…</span>' in html
    assert NAME[: PRINTED_TEXT_LIMIT + 1] not in html
    assert ".unbroken" in html  # the style that wraps it travels with it
    book = load_workbook(long / "report-data.xlsx")
    assert book["Register"]["B2"].value == NAME
    [headings, *rows] = book["Data quality"].iter_rows(values_only=True)
    found = [dict(zip(headings, row, strict=True)) for row in rows]
    assert [(f["File"], f["Sheet"], f["Cell"], f["Severity"], f["Rule"]) for f in found] == [
        ("register.xlsx", "Partnerships", "B2", "Warning", "text.too_long")
    ]
    printed = " ".join(" ".join(_page_text(long / "annual-partnership-report.pdf")).split())
    assert "1 problem: 1 in Partnerships (Partnership)" in printed


# Free text: commentary and recommendations (issue 26, item 8) ---------------------------------

MEGABYTE = ("The partnership met its targets this quarter. " * 22_000)[:1_000_000]


def test_a_megabyte_of_commentary_is_one_short_warning_at_its_cell(
    tmp_path: Path, settings: Settings
) -> None:
    """Prose has a limit too, higher than a table's: a warning naming the cell, the length
    and how much the reports print, itself one line, not a megabyte; the data keeps the
    text. Prose of exactly the limit is no warning."""
    register(tmp_path, partnership_row())
    rows = [
        {"Report": "Annual", "Section": "Summary", "Text": "MEGABYTE"},
        {"Report": "Annual", "Section": "Risk profile", "Text": "y" * PROSE_TEXT_LIMIT},
    ]
    put_text(write_workbook(tmp_path / "board.xlsx", {"Commentary": rows}), "MEGABYTE", MEGABYTE)
    _, dataset, findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)
    [found] = findings
    assert (found.sheet, found.cell, found.column, found.rule) == (
        "Commentary",
        "C2",
        "Text",
        "prose.too_long",
    )
    assert RULES[found.rule].severity == "Warning"
    assert "is 1,000,000 characters long" in found.message
    assert f"first {PROSE_TEXT_LIMIT:,} characters" in found.message
    assert len(found.message) < 500
    assert dataset.commentary["text"].tolist()[0] == MEGABYTE


def test_prose_prints_whole_up_to_its_limit_and_is_cut_after_it() -> None:
    """The reports' paragraphs: the first PROSE_TEXT_LIMIT characters, then "…"."""
    assert str(plain("y" * PROSE_TEXT_LIMIT)) == f"<p>{'y' * PROSE_TEXT_LIMIT}</p>"
    assert str(plain(MEGABYTE)) == f"<p>{MEGABYTE[:PROSE_TEXT_LIMIT].rstrip()}…</p>"


def _publish_commentary(folder: Path, text: str) -> Path:
    """A valid input with one Summary commentary row holding `text`, published."""
    inputs = write_valid_input(folder / "input")
    book = write_workbook(
        inputs / "board.xlsx",
        {"Commentary": [{"Report": "Both", "Section": "Summary", "Text": "TEXT"}]},
    )
    put_text(book, "TEXT", text)
    output = folder / "output"
    args = ["report", "--input", str(inputs), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0  # a warning does not stop the reports
    return output / "2026-27-Q3"


@pytest.mark.slow
def test_a_megabyte_of_commentary_prints_as_two_pages_and_fits_excel(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The public annual report was 211 pages and report-data.xlsx held a 1,000,000-character
    cell that Excel "repairs". Now each report is at most three pages longer than with a
    one-line commentary, and no cell of any workbook written is past Excel's 32,767
    characters: the Commentary sheet keeps the first 32,766, then "…"."""
    short = _publish_commentary(tmp_path_factory.mktemp("short"), "One line.")
    long = _publish_commentary(tmp_path_factory.mktemp("megabyte"), MEGABYTE)
    for document in (
        "annual-partnership-report.pdf",
        "quarterly-governance-report.pdf",
        "public/annual-partnership-report.pdf",
    ):
        pages = {name: len(_page_text(folder / document)) for name, folder in
                 (("short", short), ("long", long))}  # fmt: skip
        assert pages["long"] - pages["short"] <= 3, (document, pages)
    workbooks = sorted(long.rglob("*.xlsx"))
    assert long / "report-data.xlsx" in workbooks
    for path in workbooks:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells = [v for row in book.get_sheet_by_name(name).to_python() for v in row]
            assert max(len(v) for v in cells if isinstance(v, str)) <= EXCEL_CELL_CHARACTERS
    [headings, row] = load_workbook(long / "report-data.xlsx")["Commentary"].iter_rows(
        values_only=True
    )
    text = dict(zip(headings, row, strict=True))["Text"]
    assert text == MEGABYTE[: EXCEL_CELL_CHARACTERS - 1] + "…"
