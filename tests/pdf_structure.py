"""What makes a report's PDF accessible, read back with pikepdf: the problems, in plain words.

A tagged PDF (PDF/UA) is more than its pages: one structure tree that every piece of marked
content on every page is reached from (through the parent tree), an outline, contents links
that go to their chapters, page numbers that run on ("Page 3 of 27"), and the document's
language and title. Laying the PDFs out differently (on other cores, in pieces joined
afterwards) must keep all of them, so the tests run this check on every PDF a run writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pikepdf
import pypdfium2

_PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


def structure_problems(content: bytes, *, contents: bool = True) -> list[str]:
    """Every way the PDF falls short of the list above; empty when it has them all. Without
    `contents` (the quarterly pack, which has none) no contents page is looked for."""
    with pikepdf.open(BytesIO(content)) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        problems = [*_document_problems(pdf)]
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None or "/ParentTree" not in tree:
            problems.append("there is no structure tree with a parent tree")
        else:
            problems += _tree_problems(tree)
            problems += _parent_tree_problems(pdf, pikepdf.NumberTree(tree.ParentTree))
        problems += _outline_and_contents_problems(pdf, pages, contents=contents)
    problems += _page_number_problems(content)
    return problems


def _document_problems(pdf: pikepdf.Pdf) -> Iterator[str]:
    root = pdf.Root
    if not str(root.get("/Lang", "")).strip():
        yield "the document has no language (/Lang)"
    if not str(pdf.docinfo.get("/Title", "")).strip():
        yield "the document has no title"
    shown = root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
    if not bool(shown):
        yield "readers are not told to show the title (DisplayDocTitle)"
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        yield "the document is not marked as tagged (MarkInfo)"


def _tree_problems(tree: pikepdf.Dictionary) -> Iterator[str]:
    """Each structure element reached once from the root, its /P naming the element above."""
    seen: set[tuple[int, int]] = set()
    waiting: list[tuple[Any, pikepdf.Object]] = [(tree, kid) for kid in _kids(tree)]
    while waiting:
        parent, element = waiting.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue  # marked content (an MCID) or a reference to an object, not an element
        if element.objgen != (0, 0):
            if element.objgen in seen:
                yield f"the structure element {element.objgen} is reached twice"
                continue
            seen.add(element.objgen)
        if element.get("/P") is None or not _same(element.P, parent):
            yield f"a {element.S} element's parent (/P) is not the element it is under"
        waiting += [(element, kid) for kid in _kids(element)]


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _same(one: pikepdf.Object, other: pikepdf.Object) -> bool:
    return bool(one.objgen == other.objgen if one.is_indirect else one == other)


def _marked_content(page: pikepdf.Page) -> list[int]:
    """The MCIDs the page's content stream marks, in order."""
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2:
            properties = operands[1]
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                found.append(int(properties.MCID))
    return found


def _page_of(element: pikepdf.Object) -> pikepdf.Object | None:
    """The page an element's content is on: its own /Pg, or the nearest one above it."""
    while isinstance(element, pikepdf.Dictionary):
        if "/Pg" in element:
            return element.Pg
        element = element.get("/P")
    return None


def _parent_tree_problems(pdf: pikepdf.Pdf, parents: pikepdf.NumberTree) -> Iterator[str]:
    """Every page's marked content and every tagged annotation found in the parent tree, each
    through an element on that page."""
    for number, page in enumerate(pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        if key is None:
            yield f"page {number} has no StructParents"
            continue
        entry = parents.get(int(key))
        if not isinstance(entry, pikepdf.Array):
            yield f"page {number}'s StructParents ({int(key)}) is not in the parent tree"
            continue
        for mcid in _marked_content(page):
            element = entry[mcid] if mcid < len(entry) else None
            if not isinstance(element, pikepdf.Dictionary):
                yield f"page {number}'s marked content {mcid} has no structure element"
                continue
            on = _page_of(element)
            if on is None or on.objgen != page.obj.objgen:
                yield f"page {number}'s marked content {mcid} belongs to an element of another page"
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation and not isinstance(
                parents.get(int(annotation.StructParent)), pikepdf.Dictionary
            ):
                yield f"a link on page {number} is not in the parent tree"


def _target(pdf: pikepdf.Pdf, destination: Any, pages: dict[Any, int]) -> int | None:
    """The page number a destination (named, or an explicit array) goes to."""
    if isinstance(destination, (pikepdf.String, pikepdf.Name)):
        names = pdf.Root.get("/Names", {}).get("/Dests")
        if names is None:
            return None
        destination = pikepdf.NameTree(names).get(str(destination))
    if isinstance(destination, pikepdf.Dictionary):
        destination = destination.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination):
        return pages.get(destination[0].objgen)
    return None


def _destination(item: pikepdf.Dictionary) -> Any:
    """Where an outline entry or a link goes: its /Dest, or its GoTo action's /D."""
    return item.get("/Dest", item.get("/A", {}).get("/D"))


def _outline(entry: pikepdf.Object | None) -> Iterator[pikepdf.Dictionary]:
    while isinstance(entry, pikepdf.Dictionary):
        yield entry
        entry = entry.get("/Next")


def _link_targets(pdf: pikepdf.Pdf, page: pikepdf.Page, pages: dict[Any, int]) -> list[int | None]:
    targets = []
    for annotation in page.obj.get("/Annots", []):
        if annotation.get("/Subtype") != "/Link":
            continue
        if (destination := _destination(annotation)) is not None:
            targets.append(_target(pdf, destination, pages))
    return targets


def _outline_and_contents_problems(
    pdf: pikepdf.Pdf, pages: dict[Any, int], *, contents: bool
) -> Iterator[str]:
    """An outline whose every entry goes to a page; with `contents`, the contents (the page
    with the most links within the document) linking to every chapter the outline lists
    under the report's title, other than the contents itself."""
    outlines = pdf.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        yield "the document has no outline"
        return
    chapters: dict[str, int | None] = {}
    waiting = list(_outline(outlines.First))
    while waiting:
        entry = waiting.pop()
        target = _target(pdf, _destination(entry), pages)
        if target is None:
            yield f"the outline's entry “{entry.Title}” goes to no page of this document"
        waiting += list(_outline(entry.get("/First")))
    # The top level is the report's title; its children are the chapters.
    for top in _outline(outlines.First):
        for chapter in _outline(top.get("/First")) if "/First" in top else [top]:
            chapters[str(chapter.Title)] = _target(pdf, _destination(chapter), pages)
    if not contents:
        return
    links = [_link_targets(pdf, page, pages) for page in pdf.pages]
    at = max(range(len(links)), key=lambda index: len(links[index]))
    if not links[at]:
        yield "no page links to the chapters (no contents)"
        return
    if None in links[at]:
        yield f"a link on the contents (page {at + 1}) goes to no page of this document"
    for title, page in chapters.items():
        if page is not None and page != at + 1 and page not in links[at]:
            yield f"the contents (page {at + 1}) has no link to “{title}” (page {page})"


def _page_number_problems(content: bytes) -> Iterator[str]:
    """Each page's footer reads "Page N of M", N its place and M the page count; the cover
    (page 1) may have no footer, but no page says another number. The text is read with
    PDFium, which pdfplumber brings (pypdf takes seconds a report)."""
    document = pypdfium2.PdfDocument(content)
    try:
        total = len(document)
        for number in range(1, total + 1):
            page = document[number - 1]
            text = page.get_textpage().get_text_range()
            found = {(int(n), int(m)) for n, m in _PAGE_NUMBER.findall(" ".join(text.split()))}
            if found != {(number, total)} and not (number == 1 and not found):
                yield f"page {number}'s footer does not read “Page {number} of {total}”"
    finally:
        document.close()
