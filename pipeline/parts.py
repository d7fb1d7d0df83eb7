"""parts: what a workbook holds, checked from its zip before any reader opens it.

A readable workbook can still be dangerous to read. A 3 MB file can unpack to gigabytes of
sheet XML, and a single cell typed at XFD1048576 makes python-calamine (which stores a sheet
as one dense grid) ask for hundreds of gigabytes and abort the whole process. So each part's
unpacked size is checked against a cap before reading, and each worksheet is streamed once,
a megabyte at a time, for the last cell it reaches and for formulas (which decide the reader).

The caps are set well above a national roll-up (`make bench` England size: the largest sheet
is 30 MB of XML and under a million cells) and well below what would exhaust a laptop.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import IO, Final

from openpyxl.utils import column_index_from_string, get_column_letter

# Unpacked bytes of any one part of a workbook (a sheet's XML, the shared strings, …).
MAX_PART_BYTES: Final = 1 << 30  # 1 GiB
# Unpacked bytes of all its parts together.
MAX_WORKBOOK_BYTES: Final = 2 << 30  # 2 GiB
# The grid a sheet spans, from A1 to its last row and column, as calamine allocates it.
MAX_SHEET_CELLS: Final = 20_000_000
# Bytes read of a sheet's XML at a time, and carried over so that no tag is split unseen.
_CHUNK: Final = 1 << 20
_OVERLAP: Final = 64

# A cell reference whose column has two or three letters (AA and beyond): in most sheets few
# or none, so finding them is quick; single-letter columns cannot make a sheet wide.
_WIDE_CELL = re.compile(rb' r="([A-Z]{2,3})[0-9]')
_LAST_REF = re.compile(rb'([A-Z]{0,3})([0-9]{1,7})"')
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
# Quick looks for it, plain and with a namespace prefix: a pattern that starts with a literal
# is searched for several times faster than one starting with a choice ("<" is everywhere).
_FORMULA_HINTS = (re.compile(rb"<f[ >/]"), re.compile(rb":f[ >/]"))


class TooLarge(Exception):
    """The workbook is over a cap; the message says which, for an officer."""


class TooFar(Exception):
    """A sheet reaches far outside any table: its name as its tab shows it, the last cell it
    reaches (e.g. XFD1048576) and how many cells its grid from A1 would take."""

    def __init__(self, sheet: str, cell: str, cells: int) -> None:
        super().__init__(sheet, cell, cells)
        self.sheet, self.cell, self.cells = sheet, cell, cells


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def _is_worksheet(name: str) -> bool:
    return "worksheets/" in name.replace("\\", "/") and name.endswith(".xml")


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(tag)}


def sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name (xl/worksheets/sheet1.xml) → the sheet's name on its tab; parts
    that cannot be matched keep their part name."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        attributes = _attributes(tag)
        target = attributes.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        targets[attributes.get(b"Id", b"")] = target if target.startswith("xl/") else f"xl/{target}"
    names = {}
    for tag in _SHEET.findall(workbook):
        attributes = _attributes(tag)
        if (sheet_part := targets.get(attributes.get(b"id", b""))) is not None:
            names[sheet_part] = html.unescape(
                attributes.get(b"name", b"").decode("utf-8", "replace")
            )
    return names


def _scan_sheet(part: IO[bytes]) -> tuple[bool, int, int]:
    """(holds a formula, last row, last column) of one worksheet, streamed.

    Rows and cells are stored in order, so the last reference in the XML names the last row;
    the widest column is the largest two- or three-letter column referenced anywhere.
    """
    formulas = False
    last_row = 0
    widest = b""
    carry = b""
    while block := part.read(_CHUNK):
        chunk = carry + block
        if (
            not formulas
            and any(hint.search(chunk) for hint in _FORMULA_HINTS)
            and _FORMULA_TAG.search(chunk)
        ):
            formulas = True
        wide = _WIDE_CELL.findall(chunk)
        if wide:
            widest = max((widest, *set(wide)), key=lambda letters: (len(letters), letters))
        at = chunk.rfind(b' r="')
        if at >= 0 and (ref := _LAST_REF.match(chunk, at + 4)):
            last_row = max(last_row, int(ref.group(2)))
        carry = chunk[-_OVERLAP:]
    columns = column_index_from_string(widest.decode()) if widest else 26
    return formulas, last_row, columns


def inspect_workbook(content: bytes, *, sheets: bool = True) -> bool:
    """Whether an .xlsx/.xlsm holds formulas, once its parts are checked against the caps
    (TooLarge) and, with `sheets`, each worksheet is streamed for how far it reaches (TooFar).
    Without `sheets` (an .ods) only the sizes are checked, and the answer is False.

    Raises zipfile.BadZipFile (or OSError) for a damaged file, as the readers would.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
        total = 0
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise TooLarge(
                    f"its part {info.filename} unpacks to {_megabytes(info.file_size)}, over the "
                    f"limit of {_megabytes(MAX_PART_BYTES)}"
                )
            total += info.file_size
        if total > MAX_WORKBOOK_BYTES:
            raise TooLarge(
                f"it unpacks to {_megabytes(total)}, over the limit of "
                f"{_megabytes(MAX_WORKBOOK_BYTES)}"
            )
        if not sheets:
            return False
        formulas = False
        names = sheet_names(archive)
        for info in infos:
            if not _is_worksheet(info.filename):
                continue
            with archive.open(info) as part:
                has_formulas, rows, columns = _scan_sheet(part)
            formulas = formulas or has_formulas
            if rows * columns > MAX_SHEET_CELLS:
                sheet = names.get(info.filename, info.filename)
                raise TooFar(sheet, f"{get_column_letter(columns)}{rows}", rows * columns)
        return formulas
