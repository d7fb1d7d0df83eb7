"""parts: what a workbook holds, checked from its zip before any reader opens it.

A readable workbook can still be dangerous to read. A 3 MB file can unpack to gigabytes of
sheet XML, and a single cell typed at XFD1048576 makes python-calamine (which stores a sheet
as one dense grid) ask for hundreds of gigabytes and abort the whole process. So each part's
unpacked size is checked against a cap before reading, and each worksheet is streamed once
through an XML parser, a megabyte at a time, for the farthest cell it reaches and for
formulas (which decide the reader).

The worksheets are found as Excel finds them, through the workbook's relationships, and so
that no way of writing the same package escapes the check, every other part whose XML is a
worksheet is streamed too. A cell is where its reference says, or, without one, next to the
cell before it, as the readers place it; rows in any order, attributes in any quoting.

Files the pipeline did not write (the workbooks in input/, and the record in output/ read
back) are opened only through `read_regular`: regular files only, never a named pipe or a
device, and never more than a cap.

The caps are set well above a national roll-up (`make bench` England size: the largest sheet
is 30 MB of XML and under a million cells) and well below what would exhaust a laptop.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Final
from xml.parsers import expat

from openpyxl.utils import get_column_letter

# A workbook file bigger than this is not read at all (a national roll-up's largest is 6 MB).
MAX_FILE_BYTES: Final = 512 << 20
# Unpacked bytes of any one part of a workbook (a sheet's XML, the shared strings, …).
MAX_PART_BYTES: Final = 1 << 30  # 1 GiB
# Unpacked bytes of all its parts together.
MAX_WORKBOOK_BYTES: Final = 2 << 30  # 2 GiB
# The grid a sheet spans, from A1 to its last row and column, as calamine allocates it.
MAX_SHEET_CELLS: Final = 20_000_000
# Bytes of a part's XML fed to the parser at a time.
_CHUNK: Final = 1 << 20
# Bytes read at a time of a part that may not be a worksheet, to find its root element.
_PEEK: Final = 1 << 16
# Sheets or relationships a workbook may list (Excel's own limit is far below).
_MAX_LISTED: Final = 100_000
# The XML of a part that holds cells: a worksheet, and the older dialog and macro sheets.
_SHEET_ROOTS: Final = frozenset({"worksheet", "dialogsheet", "macrosheet"})
_WORKBOOK_ROOT: Final = "xl/workbook.xml"
_OFFICE_DOCUMENT: Final = "/officeDocument"


class TooLarge(Exception):
    """The workbook is over a cap; the message says which, for an officer."""


class TooFar(Exception):
    """A sheet reaches far outside any table: its name as its tab shows it, the last cell it
    reaches (e.g. XFD1048576) and how many cells its grid from A1 would take."""

    def __init__(self, sheet: str, cell: str, cells: int) -> None:
        super().__init__(sheet, cell, cells)
        self.sheet, self.cell, self.cells = sheet, cell, cells


class NotRegular(Exception):
    """The path is not a regular file (a named pipe, a device, a folder): never opened."""


class Malformed(ValueError):
    """A part the readers would read is not well-formed XML, or declares a document type
    (which no spreadsheet program writes): the message says which part."""


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def read_regular(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes
    (MAX_FILE_BYTES unless given).

    Raises NotRegular for anything else (a named pipe would block the run for ever; it is
    checked before opening, and again on what was opened, in case the name was swapped in
    between), TooLarge over the limit, and OSError when the disk cannot read it.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    if not stat.S_ISREG(path.stat().st_mode):
        raise NotRegular(f"{path} is not a regular file")
    # O_NONBLOCK: should a pipe be swapped in after the check, opening it does not wait.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as file:
        opened = os.fstat(file.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegular(f"{path} is not a regular file")
        if opened.st_size > limit:
            raise TooLarge(
                f"the file is {_megabytes(opened.st_size)}, over the limit of {_megabytes(limit)}"
            )
        content = file.read(limit + 1)
    if len(content) > limit:  # it grew while it was read
        raise TooLarge(f"the file is over the limit of {_megabytes(limit)}")
    return content


def _local(name: str) -> str:
    """An element or attribute name without its namespace prefix."""
    return name.rpartition(":")[2]


def _parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    """An expat parser calling `start` for each element, refusing any document type (and so
    any entity) declaration."""
    parser = expat.ParserCreate()
    parser.buffer_text = False

    def refuse(*_: object) -> None:
        raise Malformed("it declares a document type")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    return parser


def _stream(
    part: IO[bytes], parser: expat.XMLParserType, done: Callable[[], bool], *, chunk: int = _CHUNK
) -> None:
    """Feed `part` to `parser` a chunk at a time until its end, or until `done()`."""
    while not done():
        block = part.read(chunk)
        parser.Parse(block, not block)
        if not block:
            return


def _root(part: IO[bytes]) -> str | None:
    """The local name of a part's root element; None when it is not XML."""
    found: list[str] = []
    parser = _parser(lambda name, attributes: found.append(_local(name)))
    with contextlib.suppress(expat.ExpatError, Malformed):  # not XML: not a worksheet
        _stream(part, parser, lambda: bool(found), chunk=_PEEK)
    return found[0] if found else None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


# A reference in Excel's range, as nearly every cell is written: the fast path.
_NEAR_REF: Final = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})").fullmatch
# Column letters → number, for every column of one to three letters (A to ZZZ).
_COLUMNS: Final = {get_column_letter(n): n for n in range(1, 18_279)}


def _split_ref(ref: str) -> tuple[int, int] | None:
    """(column, row) of a reference such as XFD1048576 (any number of letters and digits,
    so that nothing out of range is mistaken for something near); None if it is not one."""
    text = ref.strip().upper().replace("$", "")
    letters = text.rstrip("0123456789")
    digits = text[len(letters) :]
    if not letters or not digits or not letters.isascii() or not letters.isalpha():
        return None
    if not digits.isascii():
        return None
    return _column_number(letters), int(digits)


@dataclass
class _Reach:
    """How far a worksheet reaches, and whether it holds a formula, as its XML is streamed.

    Rows and cells are placed as the readers place them: by their reference, or without
    one, after the row or cell before. The `dimension` the sheet declares counts too: a
    reader that trusts it (openpyxl) widens every row to it.
    """

    rows: int = 0
    columns: int = 0
    formulas: bool = False
    _row: int = 0
    _column: int = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        # Called for every element of the sheet, so the common cases (an unprefixed cell with
        # a reference such as B12, and its value) are decided first and in few steps.
        if name == "c":
            ref = attributes.get("r")
            match = _NEAR_REF(ref) if ref is not None else None
            if match is None:
                self._cell(ref)
                return
            letters, digits = match.groups()
            self._column = column = _COLUMNS[letters]
            row = int(digits)
            if column > self.columns:  # noqa: PLR1730 (max() costs a call per cell)
                self.columns = column
            if row > self.rows:  # noqa: PLR1730
                self.rows = row
            return
        if name == "v":
            return
        local = _local(name)
        if local == "c":
            self._cell(attributes.get("r"))
        elif local == "row":
            given = attributes.get("r", "").strip()
            self._row = int(given) if given.isascii() and given.isdigit() else self._row + 1
            self._column = 0
            self.rows = max(self.rows, self._row)
        elif local == "f":
            self.formulas = True
        elif local == "dimension":
            for corner in attributes.get("ref", "").split(":"):
                if (reached := _split_ref(corner)) is not None:
                    self.columns = max(self.columns, reached[0])
                    self.rows = max(self.rows, reached[1])

    def _cell(self, ref: str | None) -> None:
        """A cell written any other way: a reference beyond XFD or 9,999,999 (so that nothing
        out of range is mistaken for something near), or none, which places it after the cell
        before in the current row."""
        where = _split_ref(ref) if ref is not None else None
        column, row = where if where is not None else (self._column + 1, self._row)
        self._column = column
        self.columns = max(self.columns, column)
        self.rows = max(self.rows, row)

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def far(self) -> str:
        return f"{get_column_letter(min(self.columns, 18_278))}{self.rows}"


# A run of references as nearly every sheet writes them, one a line, and their parts.
_NEAR_REFS: Final = re.compile(r"(?:[A-Z]{1,3}[1-9][0-9]{0,6}\n)*").fullmatch
_REF_LETTERS: Final = re.compile(r"^[A-Z]+", re.MULTILINE).findall
_REF_DIGITS: Final = re.compile(r"[0-9]+").findall
# The elements besides cells that say how far a sheet reaches, or that it holds a formula.
_MEASURED: Final = frozenset({"row", "f", "dimension"})


class _NearReach(_Reach):
    """`_Reach` for a sheet whose every cell has a reference in Excel's range, as every
    spreadsheet program writes them: each cell's reference is only noted as the XML is
    streamed, and a chunk's references are checked and measured together (`fold`), with a
    regular expression over the references alone. A cell written any other way (no
    reference, a prefixed name, a reference out of the range) marks the sheet `irregular`,
    and it is streamed again through `_Reach` itself."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular = False
        self._refs: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "c":
            if (ref := attributes.get("r")) is None:
                self.irregular = True
            else:
                self._refs.append(ref)
        elif name in _MEASURED:
            super().start(name, attributes)
        elif ":" in name:  # a prefixed name: a cell written so is irregular
            if _local(name) == "c":
                self.irregular = True
            else:
                super().start(name, attributes)

    def fold(self) -> bool:
        """The references noted so far measured and forgotten; True once the sheet is found
        irregular (streaming it further is no use)."""
        if self._refs and not self.irregular:
            refs = "\n".join(self._refs) + "\n"
            if _NEAR_REFS(refs) is None:
                self.irregular = True
            else:
                letters, digits = set(_REF_LETTERS(refs)), set(_REF_DIGITS(refs))
                self.columns = max(self.columns, *map(_COLUMNS.__getitem__, letters))
                self.rows = max(self.rows, *map(int, digits))
        self._refs.clear()
        return self.irregular


def _scan_sheet(open_part: Callable[[], IO[bytes]], name: str) -> _Reach:
    """How far one worksheet reaches, streamed (`_NearReach`, and again through `_Reach`
    should it be written unusually). Raises Malformed when its XML is not well-formed: the
    readers would read it some other way, or not at all."""
    near = _NearReach()
    try:
        with open_part() as part:
            _stream(part, _parser(near.start), near.fold)
        if not near.fold():
            return near
        reach = _Reach()
        with open_part() as part:
            _stream(part, _parser(reach.start), lambda: False)
    except expat.ExpatError as error:
        raise Malformed(f"its part {name} is not well-formed XML ({error})") from None
    return reach


def _elements(archive: zipfile.ZipFile, name: str, tag: str) -> list[dict[str, str]]:
    """The attributes (by local name) of each `tag` element of a part that lists things (the
    workbook's sheets, relationships). Raises Malformed when it is not well-formed XML, and
    TooLarge when it lists more than any workbook could."""
    found: list[dict[str, str]] = []

    def start(element: str, attributes: dict[str, str]) -> None:
        if _local(element) == tag:
            if len(found) >= _MAX_LISTED:
                raise TooLarge(f"its part {name} lists over {_MAX_LISTED:,} items")
            found.append({_local(key): value for key, value in attributes.items()})

    with archive.open(name) as part:
        try:
            _stream(part, _parser(start), lambda: False)
        except expat.ExpatError as error:
            raise Malformed(f"its part {name} is not well-formed XML ({error})") from None
    return found


def _key(name: str) -> str:
    """A part name as the package compares them: forward slashes, no leading slash, any case."""
    return name.replace("\\", "/").lstrip("/").casefold()


def _targets(source: str, target: str) -> set[str]:
    """Where a relationship from part `source` to `target` may point: resolved as the Open
    Packaging Conventions say (relative to the source's folder), and as python-calamine
    resolves it (relative to xl/), so that the part each reader would take is checked."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return {_key(posixpath.normpath(target))}
    folder = posixpath.dirname(source)
    found = {_key(posixpath.normpath(posixpath.join(folder, target)))}
    found.add(_key(target if target.startswith("xl/") else posixpath.join("xl", target)))
    return found


def _relationships(archive: zipfile.ZipFile, names: dict[str, str], source: str) -> dict[str, str]:
    """Relationship Id → target part key, for part `source` (from its _rels/…rels part)."""
    folder, _, base = source.rpartition("/")
    rels = _key(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
    if rels not in names:
        return {}
    found = {}
    for attributes in _elements(archive, names[rels], "Relationship"):
        if attributes.get("TargetMode", "") != "External":
            for target in sorted(_targets(source, attributes.get("Target", ""))):
                if target in names:
                    found[attributes.get("Id", "")] = target
    return found


def sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part key (xl/worksheets/sheet1.xml, as `_key` writes it) → the sheet's name on
    its tab, for every workbook part the package names (through `_rels/.rels`, as Excel finds
    it, and xl/workbook.xml, where python-calamine looks)."""
    names = {_key(info.filename): info.filename for info in archive.infolist()}
    books = {_key(_WORKBOOK_ROOT)} & set(names)
    package = (
        _elements(archive, names["_rels/.rels"], "Relationship") if "_rels/.rels" in names else []
    )
    for attributes in package:
        if attributes.get("Type", "").endswith(_OFFICE_DOCUMENT):
            books |= _targets("", attributes.get("Target", "")) & set(names)
    tabs: dict[str, str] = {}
    for book in sorted(books):
        ids = _relationships(archive, names, names[book].replace("\\", "/").lstrip("/"))
        for attributes in _elements(archive, names[book], "sheet"):
            if (part := ids.get(attributes.get("id", ""))) is not None:
                tabs.setdefault(part, attributes.get("name", part))
    return tabs


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Each part and all of them against the caps; two parts of one name (which readers
    would choose between differently) are refused as damage."""
    seen: set[str] = set()
    total = 0
    for info in infos:
        if _key(info.filename) in seen:
            raise zipfile.BadZipFile(f"it holds two parts named {info.filename}")
        seen.add(_key(info.filename))
        if info.file_size > MAX_PART_BYTES:
            raise TooLarge(
                f"its part {info.filename} unpacks to {_megabytes(info.file_size)}, over the "
                f"limit of {_megabytes(MAX_PART_BYTES)}"
            )
        total += info.file_size
    if total > MAX_WORKBOOK_BYTES:
        raise TooLarge(
            f"it unpacks to {_megabytes(total)}, over the limit of {_megabytes(MAX_WORKBOOK_BYTES)}"
        )


def inspect_workbook(content: bytes, *, sheets: bool = True) -> bool:
    """Whether an .xlsx/.xlsm holds formulas, once its parts are checked against the caps
    (TooLarge) and, with `sheets`, each worksheet is streamed for how far it reaches (TooFar).
    Without `sheets` (an .ods) only the sizes are checked, and the answer is False.

    The worksheets are those the workbook's relationships name, each of which must be
    well-formed XML (Malformed), and any other part whose XML is a worksheet. Raises
    zipfile.BadZipFile (or OSError) for a damaged file, as the readers would.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
        _check_sizes(infos)
        if not sheets:
            return False
        tabs = sheet_names(archive)
        formulas = False
        for info in infos:
            named = _key(info.filename) in tabs
            if not named:
                with archive.open(info) as part:
                    if _root(part) not in _SHEET_ROOTS:
                        continue
            reach = _scan_sheet(partial(archive.open, info), info.filename)
            formulas = formulas or reach.formulas
            if reach.cells > MAX_SHEET_CELLS:
                sheet = tabs.get(_key(info.filename), info.filename)
                raise TooFar(sheet, reach.far, reach.cells)
        return formulas
