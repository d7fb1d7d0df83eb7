"""word: the *Report to the board* as an editable Word document (WORKBOOKS.md §12).

`board-report.docx` is the committee report the council's committee system takes: the same
words and figures as the PDFs' *Report to the board* (§9, §10), set from the same context
(`pipeline.context.ReportContext`: its `pages.board`, live figures and tables), nothing
recomputed. It is written with python-docx in Word's own styles, so that assistive technology
and the committee system read its structure: Title, Heading 1 to 3 in order, List Number for
the recommendations, tables in a table style with a repeating header row, and the document's
language and properties set. The public edition's copy is set from the public context, so
exempt commentary cannot be in it. The bytes are the same run to run: the document's dates
are the as-of date and the zip's entries are stamped with it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Final
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline import __version__
from pipeline.analyse.views.pages import BoardPage
from pipeline.context import ReportContext
from pipeline.render import date_uk, figure, money, number, plain_blocks, text
from pipeline.xlsx import restamped
from schemas.commentary import IMPLICATIONS

BOARD_REPORT: Final = "board-report.docx"
LANGUAGE: Final = "en-GB"
TITLE: Final = "Report to the board"
NOT_FOR_PUBLICATION: Final = "Not for publication: contains exempt information"
FONT: Final = "Arial"  # the usual face of a council's committee papers
INK: Final = RGBColor(0x0B, 0x0C, 0x0C)  # print.css's --ink
HEADER_FILL: Final = "E8E8E8"  # a table's header row: light grey, black text
# Each report's part: the report, and its title as the PDF's cover gives it.
PARTS: Final = (
    ("Annual", "Annual partnership report"),
    ("Quarterly", "Quarterly governance report"),
)
# The Commentary sections the Word report prints: the summary and the four implications.
PRINTED_SECTIONS: Final = ("Summary", *IMPLICATIONS)
_SIZES: Final = {
    "Normal": 12, "Title": 24, "Heading 1": 18, "Heading 2": 14, "Heading 3": 12, "Caption": 10,
}  # fmt: skip
TABLE_SIZE: Final = 11  # points: a table's text
SMALL_SIZE: Final = 9.5  # the small print under a proposal or a cost
# Each table's column widths in centimetres, filling the 16 cm between the margins.
SOUGHT_WIDTHS: Final = (5.0, 2.7, 2.6, 2.3, 3.4)
TAKEN_WIDTHS: Final = (4.6, 2.4, 2.6, 2.6, 3.8)
EXEMPT_WIDTHS: Final = (3.0, 6.0, 7.0)

Row = dict[str, Any]


def board_report_docx(context: ReportContext) -> bytes | None:
    """`board-report.docx` for this context's edition: a part for each report that has a
    *Report to the board* (the board's annual report and quarterly pack; the public edition's
    annual report only), None when neither has one (as the PDFs then print none)."""
    parts = [(report, title) for report, title in _reports(context) if _page(context, report).shown]
    if not parts:
        return None
    document = Document()
    _set_up(document, context)
    exempt = _exempt_items(context, [report for report, _ in parts])
    if exempt is not None:
        _not_for_publication(document)
    document.add_paragraph(TITLE, style="Title")
    _facts(document, context)
    for place, (report, title) in enumerate(parts):
        _part(document, context, report, title, new_page=place > 0)
    _key_messages(document, context)
    if exempt is not None:
        _exempt_section(document, exempt)
    return _stable_bytes(document, context)


def board_report_files(context: ReportContext, folder: str = "") -> dict[str, bytes]:
    """The Word report as a file of the run (`folder/board-report.docx`), or nothing."""
    content = board_report_docx(context)
    name = f"{folder}/{BOARD_REPORT}" if folder else BOARD_REPORT
    return {} if content is None else {name: content}


def _reports(context: ReportContext) -> Sequence[tuple[str, str]]:
    """The reports this edition has: the public edition has no quarterly pack."""
    return PARTS[:1] if context.public else PARTS


def _page(context: ReportContext, report: str) -> BoardPage:
    return context.pages.board[report]


def _part_title(context: ReportContext, report: str, title: str) -> str:
    """A part's heading, as the report's title and period read on its cover."""
    when = context.period.financial_year if report == "Annual" else context.period.label
    return f"{title} {when}"


# The document: page, styles, language, properties ------------------------------------------


def _set_up(document: DocumentObject, context: ReportContext) -> None:
    """A4 portrait with 2.5 cm margins, Arial in the council's ink, British English, and a
    footer with the report's name and the page number."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    for name, size in _SIZES.items():
        style = document.styles[name]
        _font(style.element, FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = INK
    _language(document)
    footer = section.footer.paragraphs[0]
    footer.text = f"{context.council}: {TITLE.lower()}, {context.period.label}. Page "
    _page_number(footer)


def _font(element: Any, name: str) -> None:
    """A style's font, replacing the template's theme fonts (which would win over it)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _language(document: DocumentObject) -> None:
    """The document's language (`w:lang` in the default run properties), which screen
    readers and the spelling checker read."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template has them
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field at the end of the paragraph."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "1"
    run.append(shown)
    field.append(run)
    paragraph._p.append(field)


def _not_for_publication(document: DocumentObject) -> None:
    """The board's copy with exempt information says so at the top of every page (§8)."""
    header = document.sections[0].header.paragraphs[0]
    header.add_run(NOT_FOR_PUBLICATION).bold = True
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _properties(document: DocumentObject, context: ReportContext) -> None:
    """Title, subject, author (the council), language and the as-of date as created and
    modified, so that the file is the same run to run."""
    properties = document.core_properties
    edition = " (public edition)" if context.public else ""
    properties.title = f"{TITLE} {context.period.label}{edition}"
    properties.subject = f"Partnerships: {TITLE.lower()}, {context.board}"
    properties.author = context.council
    properties.last_modified_by = context.council
    properties.category = "Committee report"
    properties.keywords = f"partnerships; governance; {context.period.label}"
    properties.comments = ""
    properties.language = LANGUAGE
    properties.revision = 1
    stamp = _stamp(context.as_of)
    properties.created = stamp
    properties.modified = stamp


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _app_xml(context: ReportContext) -> bytes:
    """docProps/app.xml: the council as the Company and this program as the Application, in
    place of the template's (which names another program and counts nothing)."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties">'
        f"<Application>partnership-pipeline {escape(__version__)}</Application>"
        f"<Company>{escape(context.council)}</Company>"
        "<DocSecurity>0</DocSecurity></Properties>"
    ).encode()


def _stable_bytes(document: DocumentObject, context: ReportContext) -> bytes:
    """The document's bytes, the same every time for the same content: its properties dated
    the as-of date, no thumbnail (the template's is of an empty page), and every zip entry
    stamped with the as-of date."""
    _properties(document, context)
    package = document.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]
    written = io.BytesIO()
    document.save(written)
    when = datetime.combine(context.as_of, time())  # zip times are naive
    app_xml = _app_xml(context)
    return restamped(written.getvalue(), when, {"docProps/app.xml": lambda _: app_xml})


# The report -----------------------------------------------------------------------------------


def _facts(document: DocumentObject, context: ReportContext) -> None:
    """To, report of, contact and the position date, as the PDF's opening lines."""
    facts = [
        ("Council", context.council),
        ("To", context.board),
        ("Report of", context.settings.report_of),
        ("Contact", context.settings.contact),
        ("Position as at", date_uk(context.as_of)),
    ]
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
            paragraph.paragraph_format.space_after = Pt(2)


def _part(
    document: DocumentObject, context: ReportContext, report: str, title: str, *, new_page: bool
) -> None:
    """One report's *Report to the board*: summary, recommendations, decisions sought and the
    four implications, as the PDF's (templates/_board_report.html.j2). A second part starts a
    page of its own, so that it can be taken to the committee system on its own."""
    page = _page(context, report)
    heading = document.add_heading(_part_title(context, report, title), level=1)
    heading.paragraph_format.page_break_before = new_page
    if page.summary:
        document.add_heading("Summary", level=2)
        for summary in page.summary:
            _officers_text(document, summary, context)
    if page.recommendations:
        document.add_heading("Recommendations", level=2)
        document.add_paragraph(f"The {context.board} is asked to:")
        _recommendations(document, page.recommendations, context)
    _decisions_sought(document, context, page, report)
    document.add_heading("Implications", level=2)
    for implication in page.implications:
        document.add_heading(implication.section, level=3)
        paragraph = document.add_paragraph()
        for place, row in enumerate(implication.figures):
            paragraph.add_run(f"{' ' if place else ''}{row['Measure']}: ")
            paragraph.add_run(figure(row["Value"], row["Unit"])).bold = True
            paragraph.add_run(".")
        for implication_text in implication.texts:
            _officers_text(document, implication_text, context)


def _officers_text(
    document: DocumentObject, value: object, context: ReportContext, *, style: str = "Normal"
) -> None:
    """Officers' plain text (`plain_blocks`, the PDFs' own reading of it): each paragraph in
    `style` with its lines kept, each bullet a List Bullet paragraph; live figures filled in
    from this edition's own."""
    for block in plain_blocks(value, context.live_figures):
        if block.bullets:
            for item in block.lines:
                document.add_paragraph(item, style="List Bullet")
        else:
            _lines(document.add_paragraph(style=style), block.lines)


def _lines(paragraph: Paragraph, lines: Sequence[str]) -> Paragraph:
    """The lines of one paragraph, kept as typed: a line break between each."""
    for place, line in enumerate(lines):
        run = paragraph.add_run(line)
        if place < len(lines) - 1:
            run.add_break()
    return paragraph


def _recommendations(document: DocumentObject, rows: Sequence[Row], context: ReportContext) -> None:
    """The numbered recommendations, each with its reason: List Number paragraphs numbered
    as the Recommendations sheet numbers them (No), not counted afresh, so the Word report
    and the PDF say the same numbers; each reason, and any further paragraph, follows in
    List Continue."""
    previous: int | None = None
    numbering = 0
    for row in rows:
        no = int(row["No"])
        if previous is None or no != previous + 1:
            numbering = _numbering_from(document, no)
        previous = no
        blocks = plain_blocks(row["Recommendation"], context.live_figures)
        first, rest = (blocks[0].lines, blocks[1:]) if blocks else ([], [])
        item = _lines(document.add_paragraph(style="List Number"), first)
        _number(item, numbering)
        item.paragraph_format.keep_with_next = True  # with its reason
        for block in rest:
            for line in block.lines if block.bullets else [" ".join(block.lines)]:
                document.add_paragraph(line, style="List Continue")
        reason = plain_blocks(row["Reason"], context.live_figures)
        if reason:
            paragraph = document.add_paragraph(style="List Continue")
            paragraph.add_run("Reason: ").bold = True
            paragraph.add_run(" ".join(line for block in reason for line in block.lines))


def _numbering_from(document: DocumentObject, start: int) -> int:
    """A new numbering of the List Number style's list that starts at `start`: each part's
    recommendations start afresh, at the number the sheet gives."""
    numbering = document.part.numbering_part.element
    style_number = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_number).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return int(num.numId)


def _number(paragraph: Paragraph, numbering: int) -> None:
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_ilvl().val = 0
    properties.get_or_add_numId().val = numbering


def _decisions_sought(
    document: DocumentObject, context: ReportContext, page: BoardPage, report: str
) -> None:
    """The proposals awaiting a decision (§10), and in the annual report the year's
    decisions, as the PDF's (templates/_decisions_sought.html.j2)."""
    document.add_heading("Decisions sought", level=2)
    if page.decisions_sought:
        hours = "including" if context.settings.staff_hourly_rate else "plus"
        _table(
            document,
            "Proposals awaiting a decision, checked against the Partnership Checklist",
            ["Proposal", "Decision due", "Cost a year", "Checklist", "Still lacks"],
            [_sought(row, hours) for row in page.decisions_sought],
            widths=SOUGHT_WIDTHS,
            numbers=(2, 3),
        )
    else:
        document.add_paragraph("No proposal to work in partnership is awaiting a decision.")
    if report != "Annual":
        return
    since = date_uk(context.period.year_start)
    if not page.decisions_taken:
        none = document.add_paragraph(f"No proposal has been approved or declined since {since}.")
        none.paragraph_format.space_before = Pt(8)  # clear of a table above
        return
    _table(
        document,
        f"Decisions taken since {since}: proposals approved or declined",
        ["Proposal", "Decision", "Date", "Cost a year", "Comments"],
        [
            [
                [f"{_shown(row['Partnership ID'])} {_shown(row['Partnership'])}"],
                [_shown(row["Decision"])],
                [date_uk(row["Decision date"])],
                [money(row["Annual cost"])],
                [text(row["Comments"])],
            ]
            for row in page.decisions_taken
        ],
        widths=TAKEN_WIDTHS,
        numbers=(3,),
    )


def _sought(row: Row, hours: str) -> list[list[str]]:
    """A proposal awaiting a decision as its table row's cells."""
    staff = f"{hours} {number(row['Staff hours per month']) or 'no'} staff hours a month"
    return [
        _proposal(row),
        [date_uk(row["Decision date"]) or "Not set"],
        [money(row["Annual cost"]), staff],
        [_shown(row["Checklist"])],
        [text(row["Missing"]) or "Nothing: every item is in place"],
    ]


def _proposal(row: Row) -> list[str]:
    """A proposal's cell: its ID and name, who leads it, and the officers' comments."""
    facts = f"Led by {_shown(row['Lead partner'])}; council lead: {_shown(row['Lead officer'])}"
    if row["Accountable body"] == "Yes":
        facts += "; the council would be the accountable body"
    lines = [f"{_shown(row['Partnership ID'])} {_shown(row['Partnership'])}", facts]
    return [*lines, text(row["Comments"])] if text(row["Comments"]) else lines


def _shown(value: object) -> str:
    """A value as the PDFs print it: a blank as "–"."""
    return text(value) or "–"


def _key_messages(document: DocumentObject, context: ReportContext) -> None:
    """The report's key messages (the PDFs' Summary opens with them), without the sheet each
    comes from: a committee paper names no workbook."""
    messages = [text(message) for message in context.tables.key_messages["Message"]]
    if not messages:
        return
    document.add_heading("Key messages", level=1)
    for message in messages:
        document.add_paragraph(message, style="List Bullet")


# Exempt information (board's copy only) -----------------------------------------------------


@dataclass(frozen=True)
class ExemptItem:
    item: str  # "Commentary" or "Partnership"
    what: str  # the section, or the partnership's ID and name
    reason: str


def _exempt_items(context: ReportContext, reports: Sequence[str]) -> list[ExemptItem] | None:
    """What this document prints that is exempt (§8), from the board's Exempt items: the
    commentary marked Exempt in the sections it prints, and the exempt partnerships among
    its proposals; None when nothing (always, in the public edition)."""
    if context.public:
        return None
    printed_ids = {
        str(row["Partnership ID"]).casefold()
        for report in reports
        for row in [
            *_page(context, report).decisions_sought,
            *_page(context, report).decisions_taken,
        ]
    }
    found: dict[tuple[str, str], ExemptItem] = {}
    for report in reports:
        for row in context.exempt_in[report].to_dict("records"):
            reason = text(row["Reason"]) or "reason not given"
            if row["Item"] == "Commentary" and text(row["Detail"]) in PRINTED_SECTIONS:
                what = f"{text(row['Detail'])} commentary"
            elif row["Item"] == "Partnership" and text(row["Partnership ID"]).casefold() in (
                printed_ids
            ):
                what = f"{text(row['Partnership ID'])} {text(row['Partnership'])}"
            else:
                continue
            found.setdefault((row["Item"], what), ExemptItem(row["Item"], what, reason))
    return list(found.values()) or None


def _exempt_section(document: DocumentObject, items: Sequence[ExemptItem]) -> None:
    """The closing list of the exempt items this document prints, as the PDFs close."""
    document.add_heading("Exempt items", level=1)
    document.add_paragraph(
        "These items are exempt from publication under Schedule 12A of the Local Government "
        "Act 1972. They are in this report for the board. The public edition leaves them out, "
        "and its figures are worked out without them."
    )
    _table(
        document,
        "Exempt items",
        ["Item", "Partnership or section", "Reason"],
        [[[item.item], [item.what], [item.reason]] for item in items],
        widths=EXEMPT_WIDTHS,
    )


# Tables -------------------------------------------------------------------------------------


def _table(
    document: DocumentObject,
    caption: str,
    headings: Sequence[str],
    rows: Sequence[Sequence[Sequence[str]]],
    *,
    widths: Sequence[float],
    numbers: Sequence[int] = (),
) -> None:
    """A Word table in the Table Grid style under its caption: a header row that repeats on
    each page and is read as headings (tblHeader), bold on light grey; each cell's lines as
    paragraphs; columns `widths` centimetres wide, those in `numbers` right-aligned; a row
    kept on one page. The caption is the table's title for
    assistive technology too (tblCaption)."""
    title = document.add_paragraph(caption, style="Caption").paragraph_format
    title.keep_with_next = True
    title.space_before = Pt(10)
    table = document.add_table(rows=1, cols=len(headings))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _caption(table, caption)
    header = table.rows[0]
    _repeat(header._tr)
    for place, (cell, heading) in enumerate(zip(header.cells, headings, strict=True)):
        _shade(cell._tc, HEADER_FILL)
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        run.font.size = Pt(TABLE_SIZE)
        if place in numbers:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for place, (cell, lines) in enumerate(zip(row.cells, values, strict=True)):
            _cell(cell.paragraphs[0], cell.add_paragraph, lines, right=place in numbers)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _cell(
    first: Paragraph, more: Callable[[], Paragraph], lines: Sequence[str], *, right: bool
) -> None:
    """A cell's lines, one paragraph each; the lines after the first in a smaller size (the
    PDF's small print under a proposal or a cost)."""
    for place, line in enumerate(lines):
        paragraph = first if place == 0 else more()
        paragraph.add_run(line).font.size = Pt(SMALL_SIZE if place else TABLE_SIZE)
        paragraph.paragraph_format.space_after = Pt(2)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repeat(row: Any) -> None:
    """A table row marked as the header row (w:tblHeader): repeated at the top of each page,
    and read as the column headings."""
    properties = row.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell: Any, fill: str) -> None:
    properties = cell.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _caption(table: Table, caption: str) -> None:
    """The table's title (w:tblCaption), which Word shows as its alt text."""
    properties = table._tbl.tblPr
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption)
    properties.append(title)  # last: after the look, as the schema orders them
