"""render: templates through an HTML parser, PDFs through pypdf, and no WeasyPrint logs."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT
from pypdf import PdfReader

from pipeline.analyse.summaries.compliance_summary import overdue_by_officer
from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.analyse.views.pages import LIST_CAPS, NO_OFFICER, pages
from pipeline.context import ReportContext, report_context
from pipeline.periods import financial_quarter
from pipeline.render import (
    DOCUMENTS,
    change_words,
    date_uk,
    diverging,
    environment,
    money,
    pct,
    pp,
    render_html,
    render_pdf,
)
from pipeline.run import check_inputs
from pipeline.settings import load_settings

pytestmark = pytest.mark.slow
FONTTOOLS_NOTICE = "Using fontTools instead of HarfBuzz-Subset"


@pytest.fixture(scope="module")
def context() -> ReportContext:
    settings = load_settings(SAMPLE_INPUT)
    _, dataset, findings = check_inputs(SAMPLE_INPUT, settings=settings, as_of=AS_OF)
    tables = report_tables(dataset, settings=settings, as_of=AS_OF, findings=findings)
    return report_context(tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF)


def _replaced(tables: ReportTables, **frames: pd.DataFrame) -> ReportTables:
    """The tables with some replaced, to see how a page prints other figures."""
    return ReportTables({**tables, **frames})


def _with(context: ReportContext, **frames: pd.DataFrame) -> ReportContext:
    """The context with some report tables replaced, and its pages arranged from them."""
    changed = _replaced(context.tables, **frames)
    return dataclasses.replace(context, tables=changed, pages=pages(changed))


class _Cells(HTMLParser):
    """Collects the heatmap tables' cells: (table id, band, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = ""
        self.cells: list[tuple[str, str, str]] = []
        self._cell: list[str] | None = None
        self._class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self.table = values.get("id") or ""
        if tag == "td" and self.table.startswith("heatmap-"):
            self._cell, self._class = [], values.get("data-band") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.append((self.table, self._class, " ".join("".join(self._cell).split())))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize(
    ("value", "formatter", "expected"),
    [
        (1250.0, money, "£1,250"),
        (None, money, ""),
        (date(2026, 3, 3), date_uk, "3 March 2026"),
        (0.744, pct, "74%"),
        (6.4, pp, "+6 pp"),
        (-3.0, pp, "−3 pp"),
        (float("nan"), pp, ""),
    ],
)
def test_filters_format_as_officers_write(value: object, formatter, expected: str) -> None:
    """Money in whole pounds, dates written out, percentages and percentage points."""
    assert formatter(value) == expected


@pytest.mark.parametrize(
    ("points", "words"),
    [(6.4, "up 6 points"), (-3.0, "down 3 points"), (0.2, "no change"),
     (1.0, "up 1 point"), (float("nan"), "")],
)  # fmt: skip
def test_changes_read_as_words(points: float, words: str) -> None:
    """Year-on-year arrows come with words, so the direction never rests on a symbol."""
    assert change_words(points) == words


@pytest.mark.parametrize(
    "blank", [None, float("nan"), pd.NA, pd.NaT], ids=["None", "nan", "NA", "NaT"]
)
def test_a_blank_value_prints_as_a_dash_never_nan(blank: object) -> None:
    """A template printing a blank cell as it is prints "–", never "nan" or "None"; a value
    prints as itself (issue 29: "All local councils | nan")."""
    template = environment().from_string("{{ row.officer }}|{{ row.other }}")
    assert template.render(row={"officer": blank, "other": "Head of Finance"}) == (
        "–|Head of Finance"
    )


def test_diverging_bar_centres_neither_on_the_line() -> None:
    """Disagree ends where neither starts, neither straddles the centre, agree follows it."""
    bar = diverging({"Disagree": 0.2, "Neither": 0.3, "Agree": 0.5})
    assert bar["neither_x"] + bar["neither_w"] / 2 == pytest.approx(100)
    assert bar["disagree_x"] + bar["disagree_w"] == pytest.approx(bar["neither_x"])
    assert bar["agree_x"] == pytest.approx(bar["neither_x"] + bar["neither_w"])
    assert bar["agree_w"] == pytest.approx(50)
    assert bar["disagree_x"] >= 0


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_heatmap_cell_shows_its_count_and_band_word(
    context: ReportContext, document: str
) -> None:
    """Both heatmaps have nine cells, each marked with its band and showing the band's word."""
    parser = _Cells()
    parser.feed(render_html(document, context))
    for stage in ("inherent", "residual"):
        cells = [(cls, text) for table, cls, text in parser.cells if table == f"heatmap-{stage}"]
        assert len(cells) == 9
        for band, text in cells:
            assert band in ("Low", "Medium", "High")
            assert band in text
            assert text.split()[0].isdigit()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_reports_render_cleanly_as_tagged_pdfs(
    context: ReportContext, document: str, caplog: pytest.LogCaptureFixture
) -> None:
    """No WeasyPrint warnings; the PDF has a title, English language and a structure tree."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(render_html(document, context))
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    # This machine's HarfBuzz has no subset library, so WeasyPrint subsets fonts with
    # fontTools and says so; that is the system's, not the templates'. Anything else fails.
    assert [m for m in messages if not m.startswith(FONTTOOLS_NOTICE)] == []
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert "2026" in (reader.metadata.title or "")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert "Page 2 of" in reader.pages[1].extract_text()


def test_officers_text_is_escaped_not_run(context: ReportContext) -> None:
    """Markup typed into a workbook is shown as text: autoescape is on."""
    tables = context.tables
    register = tables.register.copy()
    register.loc[0, "Partnership"] = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    hostile = _with(context, register=register)
    html = render_html("annual-partnership-report", hostile)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}" in html
    assert "<img" not in html


def test_only_the_packages_own_files_are_fetched(tmp_path: Path) -> None:
    """A stylesheet or image outside the package is refused (and logged), never fetched."""
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }", encoding="utf-8")
    html = f'<html lang="en-GB"><head><title>t</title><link rel="stylesheet" href="{outside.as_uri()}"></head><body>x</body></html>'
    logger = logging.getLogger("weasyprint")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        render_pdf(html)
    finally:
        logger.removeHandler(handler)
    assert any("refused to fetch" in r.getMessage() for r in records)


def test_hostile_text_reaches_the_pdf_and_workbook_as_plain_text(
    input_dir: Path, tmp_path: Path
) -> None:
    """Markup, template syntax and formula-looking text typed by an officer appear literally
    in the PDF and as text cells in report-data.xlsx: never run, fetched or calculated."""
    from builders import partnership_row, write_workbook
    from openpyxl import load_workbook

    from pipeline.cli import main

    name = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    write_workbook(
        input_dir / "register.xlsx", {"Partnerships": [partnership_row(Partnership=name)]}
    )
    book = load_workbook(input_dir / "register.xlsx")
    cell = book["Partnerships"]["H2"]  # Lead officer, typed as text that looks like a formula
    cell.value, cell.data_type = '=HYPERLINK("http://example.com")', "s"
    book.save(input_dir / "register.xlsx")
    output = tmp_path / "output"
    args = ["report", "--input", str(input_dir), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0
    published = output / "2026-27-Q3"
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(published / "annual-partnership-report.pdf").pages
        ).split()
    )
    assert '<img src="file:///etc/passwd">' in text
    assert "{{ 7*7 }}" in text
    assert '=HYPERLINK("http://example.com")' in text
    sheet = load_workbook(published / "report-data.xlsx")["Register"]
    assert sheet["B2"].value == name
    assert sheet["B2"].data_type == "s"


def test_long_lists_are_capped_with_a_pointer_to_the_workbook(context: ReportContext) -> None:
    """Past its cap a list stops with "… and N more", naming the sheet that has every row."""
    tables = context.tables
    caps = {**LIST_CAPS, "overdue": 2, "key_partnerships": 1, "comments_per_question": 1}
    capped = dataclasses.replace(context, pages=pages(tables, caps=caps))
    html = render_html("annual-partnership-report", capped)
    hidden = len(tables.overdue) - 2
    # The overdue list is the quarterly pack's; the annual report counts by check.
    quarterly = render_html("quarterly-governance-report", capped)
    # Each officer cut says how many more of theirs, and where they all are; together the
    # cuts account for every row not printed.
    cuts = re.findall(
        r"(?:… and (\d+) more|(\d+) items?) for ([^<:,]+?)(?:, not listed here)?: "
        r"see officers/([^<]+?)\.xlsx and the Overdue sheet of report-data\.xlsx",
        quarterly,
    )
    unnamed = re.findall(
        r"(?:… and (\d+) more|(\d+) items?) with no officer named(?:, not listed here)?: "
        r"see the Overdue sheet of report-data\.xlsx",
        quarterly,
    )
    # The officers the cap leaves no row for are named together after the list, with counts.
    paragraph = re.search(r'<p class="more-groups">(.*?)</p>', quarterly, re.DOTALL)
    named = re.findall(
        r"(?:: |; )([^;:(]+?) \((\d+) items?\)", paragraph.group(1) if paragraph else ""
    )
    counted = [int(more or whole) for more, whole, *_ in [*cuts, *unnamed]]
    assert sum(counted) + sum(int(count) for _, count in named) == hidden
    officers = {officer for _, _, officer, _ in cuts} | {name for name, _ in named}
    assert officers - {NO_OFFICER} == set(tables.overdue["Responsible officer"].dropna())
    no_officer = len(unnamed) + sum(name == NO_OFFICER for name, _ in named)
    assert no_officer == int(tables.overdue["Responsible officer"].isna().any())
    assert all(officer == file for _, _, officer, file in cuts)  # plain names, their own files
    assert "sheet of report-data.xlsx" in quarterly
    assert "see officers/" not in html
    keys = tables.partnership_heatmaps["Partnership ID"].nunique()
    assert f"… and {keys - 1} more key partnerships" in html
    assert html.count('<article class="partnership"') == 1
    assert "every comment is on the Survey comments sheet" in html
    full = render_html("annual-partnership-report", context)
    assert "… and" not in full  # the sample fits within the caps
    assert full.count('<article class="partnership"') == keys


def test_counts_in_the_thousands_have_separators(context: ReportContext) -> None:
    """A county's counts print as 1,566, as the key figures do, in every table that counts."""
    tables = context.tables
    big = _replaced(
        tables,
        check_counts=tables.check_counts.assign(Overdue=1566, **{"Due soon": 2048}),
        heatmap=tables.heatmap.assign(Risks=12345),
        risk_bands=tables.risk_bands.assign(Inherent=3001, Residual=3002),
        risks_by_type=tables.risks_by_type.assign(**{"High residual": 3003}),
        response_rates=tables.response_rates.assign(Responded=3004),
        overdue=tables.overdue.loc[tables.overdue.index.repeat(1200)],
        overdue_by_officer=overdue_by_officer(
            tables.overdue.loc[tables.overdue.index.repeat(1200)]
        ),
    )
    wide = dataclasses.replace(context, tables=big, pages=pages(big))
    html = {d: render_html(d, wide) for d in DOCUMENTS}
    for document, text in html.items():
        assert "12,345" in text, document
        assert "12345" not in text, document
    quarterly = html["quarterly-governance-report"]
    assert {"1,566", "2,048"} <= set(quarterly.replace("<", " ").replace(">", " ").split())
    assert "1566" not in quarterly
    annual = html["annual-partnership-report"]
    numbers = set(annual.replace("<", " ").replace(">", " ").split())
    assert {"3,001", "3,002", "3,003", "3,004"} <= numbers
    busiest = big.overdue_by_officer.sort_values("Overdue items").iloc[-1]
    assert busiest["Overdue items"] >= 1000
    assert (
        f'{busiest["Responsible officer"]} <span class="source">{busiest["Overdue items"]:,} items'
        in (quarterly)
    )
    assert re.search(
        rf"… and \d{{1,3}}(,\d{{3}})+ more for {re.escape(busiest['Responsible officer'])}: ",
        quarterly,
    )


TEMPLATES = Path(__file__).resolve().parent.parent / "pipeline" / "templates"


def _template_text() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in TEMPLATES.glob("*.j2")}


def test_every_sheet_caption_names_a_registered_table() -> None:
    """A "Sheet: X" caption is never typed: it is `source(name)` (which prints `sheet_of(name)`
    in the board's edition and nothing in the public's) of a registered table, or a key
    message's own Sheet, which the Key messages table took from the registry."""
    from pipeline.analyse.tables import SHEETS

    named = 0
    for template, text in _template_text().items():
        typed = re.findall(r"Sheet: (?!\{\{ sheet_of\(|\{\{ row\.Sheet \}\})", text)
        assert typed == [], f"{template}: a typed sheet name"
        for name in re.findall(r'(?:sheet_of|source)\("(\w+)"\)', text):
            assert name in SHEETS, f"{template}: sheet_of({name!r}) is not registered"
            named += 1
    assert named >= 20  # every caption of both reports


def test_every_table_a_template_reads_is_registered() -> None:
    from pipeline.analyse.tables import SHEETS

    used = {
        (template, name)
        for template, text in _template_text().items()
        for name in re.findall(r"\btables\.(\w+)|pages\.lists\.(\w+)", text)
    }
    assert used
    for template, names in used:
        for name in filter(None, names):
            assert name in SHEETS, f"{template}: tables.{name} is not registered"


def test_templates_never_count_filter_group_or_join() -> None:
    """Counting lives in analyse: no template groups, filters, measures or sums a table."""
    counting = re.compile(r"groupby|length|selectattr|rejectattr|sum\(|\|count\b|\|unique\b")
    for template, text in _template_text().items():
        assert not counting.findall(text), template


def test_a_renamed_sheet_renames_its_captions(
    context: ReportContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The captions follow the registry: renaming a sheet there renames it on the page."""
    import dataclasses

    from pipeline.analyse.registry import DECLARED

    renamed = dataclasses.replace(DECLARED["heatmap"], sheet="Risk grid")
    monkeypatch.setitem(DECLARED, "heatmap", renamed)
    html = render_html("quarterly-governance-report", context)
    assert "Sheet: Risk grid" in html
    assert "Sheet: Heatmap" not in html


def test_every_heatmap_labels_both_axes_with_the_level_names(context: ReportContext) -> None:
    """Likelihood rises up the page, so the corner says ↑; every row and column of every
    heatmap, the key partnerships' small ones included, names its level (1 Low, …)."""
    html = render_html("annual-partnership-report", context)
    assert "Likelihood ↓" not in html
    matrix = context.matrix
    maps = re.findall(r'<table class="heatmap[^"]*".*?</table>', html, flags=re.DOTALL)
    assert len(maps) >= 4  # inherent, residual, target and at least one key partnership's
    for table in maps:
        assert "Likelihood&nbsp;↑ / Impact&nbsp;→" in table  # never "Impact" then "→" alone
        for n, label in enumerate(matrix.impact, start=1):
            assert f"{n} {label}" in table


def test_a_countys_heatmap_counts_never_wrap(context: ReportContext) -> None:
    """Three heatmaps to a row leave a square 13 mm wide: "9,367" still prints on one line in
    every square of the annual report's inherent, residual and target heatmaps."""
    tables = context.tables
    big = _replaced(
        tables,
        heatmap=tables.heatmap.assign(Risks=9367),
        target_heatmap=tables.target_heatmap.assign(Risks=9367),
    )
    html = render_html(
        "annual-partnership-report", dataclasses.replace(context, tables=big, pages=pages(big))
    )
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    [page] = [p for p in reader.pages if "Inherent risk" in p.extract_text()]
    squares = len(big.heatmap) + len(big.target_heatmap)
    assert page.extract_text().count("9,367") == squares
