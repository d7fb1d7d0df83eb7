"""Every PDF a run writes keeps what makes it accessible (tests/pdf_structure.py): one structure
tree reached from every page, the outline, the contents' links to every chapter, page numbers
that run on, and the document's language and title. And the check finds each of those when it
is broken, so a pass means something."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from pdf_structure import structure_problems

PACK = "quarterly-governance-report.pdf"  # the one report with no contents page


def _pdfs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


@pytest.mark.slow
def test_every_pdf_of_the_sample_run_keeps_its_structure(sample_published: Path) -> None:
    pdfs = _pdfs(sample_published)
    assert {pdf.relative_to(sample_published).as_posix() for pdf in pdfs} == {
        "annual-partnership-report.pdf",
        PACK,
        "public/annual-partnership-report.pdf",
    }
    for pdf in pdfs:
        assert structure_problems(pdf.read_bytes(), contents=pdf.name != PACK) == [], pdf


@pytest.mark.slow
def test_every_pdf_of_a_one_partnership_run_keeps_its_structure(valid_published: Path) -> None:
    pdfs = _pdfs(valid_published)
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert structure_problems(pdf.read_bytes(), contents=pdf.name != PACK) == [], pdf


def _broken(content: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(BytesIO(content)) as pdf:
        change(pdf)
        out = BytesIO()
        pdf.save(out)
    return out.getvalue()


def _no_language(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Lang"]


def _no_title(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/Title"]


def _page_out_of_the_tree(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[2].obj["/StructParents"]


def _marked_content_lost(pdf: pikepdf.Pdf) -> None:
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    key = int(pdf.pages[2].obj.StructParents)
    parents[key][0] = 0  # a number where the element should be


def _no_outline(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Outlines"]


def _contents_link_lost(pdf: pikepdf.Pdf) -> None:
    """The contents' link to the last chapter in its list removed."""
    page = max(pdf.pages, key=lambda p: len(p.obj.get("/Annots", [])))
    links = [a for a in page.obj.Annots if a.get("/Subtype") == "/Link"]
    last = str(links[-1].Dest)
    page.obj.Annots = pikepdf.Array(
        [a for a in page.obj.Annots if a.get("/Subtype") != "/Link" or str(a.Dest) != last]
    )


def _pages_reordered(pdf: pikepdf.Pdf) -> None:
    """Two pages swapped, as a careless join of two pieces might leave them."""
    pdf.pages[3], pdf.pages[4] = pdf.pages[4], pdf.pages[3]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_no_language, "the document has no language (/Lang)"),
        (_no_title, "the document has no title"),
        (_page_out_of_the_tree, "page 3 has no StructParents"),
        (_marked_content_lost, "page 3's marked content 0 has no structure element"),
        (_no_outline, "the document has no outline"),
        (_contents_link_lost, "the contents (page 1) has no link to “About this report”"),
        (_pages_reordered, "page 4's footer does not read “Page 4 of"),
    ],
)
def test_the_check_finds_each_thing_broken(
    sample_published: Path, change: Callable[[pikepdf.Pdf], None], expected: str
) -> None:
    content = (sample_published / "public" / "annual-partnership-report.pdf").read_bytes()
    problems = structure_problems(_broken(content, change))
    assert problems, "the broken PDF passed"
    assert any(problem.startswith(expected) for problem in problems), problems
