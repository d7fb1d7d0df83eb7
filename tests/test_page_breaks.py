"""No heading, introduction or caption ends a page without the first rows of what it
introduces (issue 19): read back from the PDFs, every page but the last ends with body text
or table rows, never with a line in the bold, larger type of a heading or a caption.

No page wastes the reader's time (issue 29): no page but the cover and the last holds only a
few lines, a key partnership's block is on one page, and the trend's heading, chart, table and
note are on one page (docs/decisions.md, "Which chapters start a page")."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from conftest import AS_OF, SAMPLE_INPUT, published_copy

pytestmark = pytest.mark.slow

HEAD_AND_FOOT = 50  # points at the top and foot of a page where the running head and foot sit
HEADING_SIZE = 10.5  # points: headings and captions are larger; body text and rows are not
CHAPTER_SIZE = 18  # points: a chapter's heading
PARTNERSHIP_SIZE = 12.5  # points: a key partnership's heading is 13-point bold, ending in its ID
PARTNERSHIP_ID = re.compile(r"P-\d{3}$")
FEW_LINES = 10  # a page but the cover and the last holding fewer lines of body is nearly empty


def _lines(page: pdfplumber.page.Page) -> list[list[dict[str, object]]]:
    """The page's words in lines, top to bottom, each line's words left to right."""
    rows: dict[int, list[dict[str, object]]] = {}
    for word in page.extract_words(extra_attrs=["fontname", "size"]):
        rows.setdefault(round(float(word["top"]) / 2), []).append(word)
    return [sorted(rows[key], key=lambda w: float(w["x0"])) for key in sorted(rows)]


def _body(page: pdfplumber.page.Page) -> list[list[dict[str, object]]]:
    """The page's lines between its running head and foot."""
    return [
        line
        for line in _lines(page)
        if HEAD_AND_FOOT < float(line[0]["top"]) < page.height - HEAD_AND_FOOT
    ]


def _text(line: list[dict[str, object]]) -> str:
    return " ".join(str(word["text"]) for word in line)


def _is_partnership_heading(line: list[dict[str, object]]) -> bool:
    """A key partnership block's first line: its name and ID, bold and 13 points."""
    first = line[0]
    bold = "Bold" in str(first["fontname"])
    return (
        bold
        and float(first["size"]) >= PARTNERSHIP_SIZE
        and bool(PARTNERSHIP_ID.search(_text(line)))
    )


def _is_chapter_heading(line: list[dict[str, object]]) -> bool:
    return float(line[0]["size"]) >= CHAPTER_SIZE


def nearly_empty(path: Path) -> list[tuple[int, int]]:
    """Each page but the first (the cover) and the last holding fewer than FEW_LINES lines
    of body, with its count: a page that a short section should have shared."""
    with pdfplumber.open(path) as pdf:
        counts = [len(_body(page)) for page in pdf.pages]
    return [
        (number, count) for number, count in enumerate(counts[1:-1], start=2) if count < FEW_LINES
    ]


def partnership_headings(path: Path) -> list[tuple[int, str]]:
    """Each key partnership's heading, with the page it is on."""
    with pdfplumber.open(path) as pdf:
        return [
            (number, _text(line))
            for number, page in enumerate(pdf.pages, start=1)
            for line in _body(page)
            if _is_partnership_heading(line)
        ]


def _ends_in_a_block(body: list[list[dict[str, object]]]) -> bool:
    """Whether the page's last line of body belongs to a key partnership's block: a
    partnership's heading comes after the page's last chapter heading, if any."""
    last = {"partnership": -1, "chapter": -1}
    for index, line in enumerate(body):
        if _is_partnership_heading(line):
            last["partnership"] = index
        elif _is_chapter_heading(line):
            last["chapter"] = index
    return last["partnership"] > last["chapter"]


def split_blocks(path: Path) -> list[tuple[int, str]]:
    """Each page that a key partnership's block runs on to, with its first line: a page
    after one that ends in a block, that starts with neither another partnership's heading
    nor a chapter's."""
    found = []
    with pdfplumber.open(path) as pdf:
        bodies = [_body(page) for page in pdf.pages]
    for number, (body, following) in enumerate(itertools.pairwise(bodies), start=2):
        if _ends_in_a_block(body) and following:
            first = following[0]
            if not (_is_partnership_heading(first) or _is_chapter_heading(first)):
                found.append((number, _text(first)))
    return found


def pages_holding(path: Path, *texts: str) -> dict[str, list[int]]:
    """For each text, the pages on which a line of body starts with it."""
    found: dict[str, list[int]] = {text: [] for text in texts}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for line in _body(page):
                for text in texts:
                    if _text(line).startswith(text):
                        found[text].append(number)
    return found


def stranded(path: Path) -> list[tuple[int, str]]:
    """Each page but the last whose last line of body starts in a bold face of at least
    HEADING_SIZE points, with that line: a heading or caption left at the page's foot. A page
    followed by a new chapter ends its own chapter, so its last line (a key figure, say)
    introduces nothing."""
    found = []
    with pdfplumber.open(path) as pdf:
        bodies = [_body(page) for page in pdf.pages]
        for number, (body, following) in enumerate(itertools.pairwise(bodies), start=1):
            if not body or (following and float(following[0][0]["size"]) >= CHAPTER_SIZE):
                continue
            first = body[-1][0]
            bold = any(face in str(first["fontname"]) for face in ("Bold", "Semibold"))
            if bold and float(first["size"]) >= HEADING_SIZE:
                found.append((number, " ".join(str(w["text"]) for w in body[-1])))
    return found


def test_the_check_finds_a_caption_left_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """A bold 12-point line with nothing after it on its page is found; the same line with
    body text after it is not."""
    import weasyprint

    spacer = '<div style="height: 220mm"></div>'
    caption = '<p style="font-weight: 700; font-size: 12pt">Lonely caption</p>'
    after = '<p style="break-before: page">The table it should have introduced</p>'
    alone = tmp_path / "alone.pdf"
    weasyprint.HTML(string=f"<body>{spacer}{caption}{after}</body>").write_pdf(alone)
    assert stranded(alone) == [(1, "Lonely caption")]
    followed = tmp_path / "followed.pdf"
    rows = "<p>First row of the table</p>"
    weasyprint.HTML(string=f"<body>{spacer}{caption}{rows}{after}</body>").write_pdf(followed)
    assert stranded(followed) == []


PDFS = [
    "annual-partnership-report.pdf",
    "quarterly-governance-report.pdf",
    "public/annual-partnership-report.pdf",
]
ANNUALS = [pdf for pdf in PDFS if "annual" in pdf]


@pytest.fixture(scope="module")
def published(sample_published: Path) -> Path:
    return sample_published


@pytest.mark.parametrize("pdf", PDFS)
def test_no_page_of_the_sample_reports_ends_with_a_heading_or_caption(
    published: Path, pdf: str
) -> None:
    assert stranded(published / pdf) == []


@pytest.mark.parametrize("pdf", PDFS)
def test_no_page_of_the_sample_reports_is_nearly_empty(published: Path, pdf: str) -> None:
    """A short section shares a page (the Report to the board's last lines with At a glance,
    Data quality with About this report) rather than take one of its own."""
    assert nearly_empty(published / pdf) == []


@pytest.mark.parametrize("pdf", ANNUALS)
def test_each_key_partnership_block_is_on_one_page(published: Path, pdf: str) -> None:
    """Every block of the sample fits a page: none runs on to the next (its checks or its
    three highest risks cut off from its heading)."""
    headings = partnership_headings(published / pdf)
    assert len(headings) > 2  # the check has blocks to look at
    assert split_blocks(published / pdf) == []


@pytest.fixture(scope="module")
def with_history(sample_published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample run again after two earlier quarters, so that the trend draws its chart:
    copies of its own published folder filed as Q1 and Q2 (what they hold matters less than
    that there are three points). Returns the new Q3 folder."""
    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("with-history")
    output = folder / "output"
    output.mkdir()
    for quarter in ("Q1", "Q2"):
        published_copy(sample_published, folder / quarter).rename(output / f"2026-27-{quarter}")
    arguments = ["report", "--input", str(SAMPLE_INPUT), "--output", str(output)]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    trend = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Trend", engine="openpyxl"
    )
    assert trend["Period"].str.startswith("2026/27").sum() == 3  # a chart, not one point
    return output / "2026-27-Q3"


TREND = ("Quarter by quarter", "Period As of", "Each earlier row is as that period")


@pytest.mark.parametrize("pdf", PDFS)
def test_the_trend_chart_is_on_one_page_with_its_table_and_heading(
    with_history: Path, pdf: str
) -> None:
    """The figure's caption (over the chart), its table's heading row and the note under it
    are on one page, and in the annual report so is the chapter's heading, The year by
    quarter (the contents on the cover, page 1, aside)."""
    texts = TREND if "quarterly" in pdf else ("The year by quarter", *TREND)
    found = pages_holding(with_history / pdf, *texts)
    pages = {text: [number for number in numbers if number > 1] for text, numbers in found.items()}
    assert all(len(numbers) == 1 for numbers in pages.values()), pages
    assert len({numbers[0] for numbers in pages.values()}) == 1, pages


def test_the_checks_find_a_nearly_empty_page_and_a_split_block(tmp_path: Path) -> None:
    """A page holding one line between two full ones is nearly empty; a partnership's block
    whose rows run on to the next page is split, and one that starts the next page is not."""
    import weasyprint

    lines = "".join(f"<div>Line {n} of the page</div>" for n in range(20))
    page = '<div style="break-before: page">{}</div>'
    heading = '<p style="font-weight: 700; font-size: 13pt">Anywhere Partnership P-001</p>'
    short = tmp_path / "short.pdf"
    html = page.format(lines) + page.format("<p>Lonely line</p>") + page.format(lines)
    weasyprint.HTML(string=f"<body>{html}</body>").write_pdf(short)
    assert nearly_empty(short) == [(2, 1)]
    split = tmp_path / "split.pdf"
    block = heading + "".join(f"<p>Risk {n} of the block</p>" for n in range(80))
    weasyprint.HTML(string=f"<body>{block}</body>").write_pdf(split)
    assert split_blocks(split)[0][1].startswith("Risk")
    whole = tmp_path / "whole.pdf"
    weasyprint.HTML(string=f"<body>{heading}{page.format(heading)}</body>").write_pdf(whole)
    assert [number for number, _ in partnership_headings(whole)] == [1, 2]
    assert split_blocks(whole) == []
