"""No heading, introduction or caption ends a page without the first rows of what it
introduces (issue 19): read back from the PDFs, every page but the last ends with body text
or table rows, never with a line in the bold, larger type of a heading or a caption."""

from __future__ import annotations

import itertools
from pathlib import Path

import pdfplumber
import pytest

pytestmark = pytest.mark.slow

HEAD_AND_FOOT = 50  # points at the top and foot of a page where the running head and foot sit
HEADING_SIZE = 10.5  # points: headings and captions are larger; body text and rows are not
CHAPTER_SIZE = 18  # points: a chapter's heading, which always starts a new page


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


@pytest.fixture(scope="module")
def published(sample_published: Path) -> Path:
    return sample_published


@pytest.mark.parametrize(
    "pdf",
    [
        "annual-partnership-report.pdf",
        "quarterly-governance-report.pdf",
        "public/annual-partnership-report.pdf",
    ],
)
def test_no_page_of_the_sample_reports_ends_with_a_heading_or_caption(
    published: Path, pdf: str
) -> None:
    assert stranded(published / pdf) == []
