"""load: find the workbooks in input/, open them read-only, and return raw sheets.

This is the only code that reads input/. It finds each recognised sheet's header row, maps
headings to the schema's columns, and keeps every row's provenance (file, sheet, Excel row).
It makes no judgement about values: that is normalise's job.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from pipeline.findings import Finding, finding
from pipeline.parts import NotRegular, TooFar, TooLarge, inspect_workbook, read_regular
from pipeline.settings import SETTINGS_FILE
from schemas import SHEETS, SheetSpec, sheet_for_name, simplify, simplify_loosely
from schemas.survey import QUESTION_ID_PATTERN

SOURCE_COLUMNS: Final = ("source_file", "source_sheet", "source_row")
WORKBOOK_SUFFIXES: Final = (".xlsx", ".xlsm", ".ods")
REFUSED_SUFFIXES: Final = (".xls", ".csv", ".xlsb", ".numbers")
HEADER_SEARCH_ROWS: Final = 20
READERS: Final = 2  # workbooks read at once (the machines this runs on have two cores or more)
# Sheets the pipeline itself adds to workbooks (the blank templates' guidance and hidden
# drop-down lists, the marked-up corrections' fix list): expected, so skipped without a warning.
OWN_SHEETS: Final = ("guidance", "drop-down lists", "fix list")
# How a workbook's bytes are checked before any reader opens them: (content, whether to stream
# its sheets) → whether it holds formulas (parts.inspect_workbook, here or on another core).
Inspect = Callable[[bytes, bool], bool]


class FormulaWithoutValue:
    """A formula cell whose result was never stored (the workbook was not saved by Excel)."""

    def __repr__(self) -> str:
        return "<formula without a stored value>"


FORMULA_WITHOUT_VALUE: Final = FormulaWithoutValue()


@dataclass(frozen=True, slots=True)
class Grid:
    """One worksheet as read: its name, whether hidden, and its rows of cell values."""

    name: str
    hidden: bool
    rows: Sequence[Sequence[Any]]


@dataclass(frozen=True)
class RawSheet:
    """A recognised sheet: its rows as typed, keyed by schema column, with provenance.

    `rows` has one column per column of the spec found (by attribute name), any question columns
    (Responses only, by Question ID) and SOURCE_COLUMNS. `letters` and `headings` map each of
    those columns to its Excel column letter and to the heading as the officer typed it.
    """

    spec: SheetSpec
    file: str
    sheet: str
    header_row: int
    rows: pd.DataFrame
    letters: dict[str, str]
    headings: dict[str, str]
    questions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InputFile:
    name: str  # as shown to officers: see display_name
    sha256: str
    sheets: tuple[str, ...]  # the recognised sheets read from it
    content: bytes = field(default=b"", repr=False, compare=False)  # the bytes that were read


@dataclass
class LoadedInput:
    sheets: list[RawSheet] = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    findings: list[Finding] = field(default_factory=list)


def display_name(path: Path) -> str:
    """A file's name as text that can be printed and written anywhere: a name that is not
    valid UTF-8 (possible on Linux) keeps its odd bytes escaped, as caf\\xe9.xlsx."""
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class _Read:
    """One workbook as read on a reading thread: its bytes (read once: everything after,
    the fingerprint and the marked-up copy included, uses these) and its grids, or None for
    a workbook holding formulas, which openpyxl reads on the main thread."""

    content: bytes
    grids: list[Grid] | None


def _read_xlsx(content: bytes) -> list[Grid]:
    """Every worksheet's stored values; a formula with no stored value is marked as such."""
    with warnings.catch_warnings():
        # openpyxl warns about workbook features it does not read (data validation, unknown
        # extensions, out-of-range dates): none of them changes the values we read.
        warnings.simplefilter("ignore", UserWarning)
        values = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            return [
                Grid(
                    ws_values.title,
                    ws_values.sheet_state != "visible",
                    _rows(ws_values, ws_formulas),
                )
                for ws_values, ws_formulas in zip(
                    values.worksheets, formulas.worksheets, strict=True
                )
            ]
        finally:
            values.close()
            formulas.close()


def _rows(ws_values: Any, ws_formulas: Any) -> list[tuple[Any, ...]]:
    rows = []
    for row_values, row_formulas in zip(
        ws_values.iter_rows(values_only=True), ws_formulas.iter_rows(values_only=True), strict=False
    ):
        rows.append(
            tuple(
                FORMULA_WITHOUT_VALUE
                if value is None and isinstance(formula, str) and formula.startswith("=")
                else value
                for value, formula in zip(row_values, row_formulas, strict=False)
            )
        )
    return rows


def _read_calamine(content: bytes) -> list[Grid]:
    """Every worksheet's values through python-calamine (about ten times openpyxl's speed)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    grids = []
    for meta in workbook.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        # Empty cells come back as "": every reader downstream treats "" as blank.
        rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        grids.append(Grid(meta.name, meta.visible != SheetVisibleEnum.Visible, rows))
    return grids


def open_for_markup(content: bytes) -> Workbook:
    """A full, editable copy of an input workbook in memory (formulas kept), for the marked-up
    corrections, from the bytes that were read: the file is not opened again."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(io.BytesIO(content), data_only=False, keep_links=False)


def _unreadable_reason(content: bytes, error: Exception) -> str:
    head = content[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is password-protected, or an old-style .xls saved under a new name"
    if not head:
        return "the file is empty"
    if not head.startswith(b"PK"):
        return "it is not an Excel workbook"
    return f"it is damaged: {type(error).__name__}"


def _heading_index(spec: SheetSpec) -> dict[str, str]:
    """simplified heading or alias → attribute name, for one kind of sheet."""
    index: dict[str, str] = {}
    for col in spec.columns:
        for text in (col.heading, *col.aliases):
            index.setdefault(simplify(text), col.name)
    return index


def _match(index: dict[str, str], heading: object) -> str | None:
    """The column a heading names: as written, or failing that, without numbering and notes."""
    return index.get(simplify(heading)) or index.get(simplify_loosely(heading))


def _find_header(spec: SheetSpec, rows: Sequence[Sequence[Any]]) -> tuple[int | None, list[str]]:
    """0-based index of the first row (of the first 20) holding every required heading.

    When there is none, the required headings missing from the row that came closest.
    """
    index = _heading_index(spec)
    required = [col.name for col in spec.required]
    best: list[str] = required
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {_match(index, cell) for cell in row if cell is not None}
        missing = [name for name in required if name not in found]
        if not missing:
            return number, []
        if len(missing) < len(best):
            best = missing
    return None, [spec.column(name).heading for name in best]


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.replace("\u00a0", " ").strip())


def _raw_sheet(
    spec: SheetSpec, file: str, grid: Grid, header_at: int, findings: list[Finding]
) -> RawSheet:
    index = _heading_index(spec)
    header = grid.rows[header_at]
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    questions: list[str] = []
    # A column headed exactly as the contract says wins over one headed by an alias, wherever
    # it is: a name column headed `Council` left of `Partnership ID` is an extra column.
    exact: dict[str, int] = {}
    own = {simplify(col.heading): col.name for col in spec.columns}
    for position, cell in enumerate(header):
        if not _is_blank(cell) and (name := own.get(simplify(cell))) is not None:
            exact.setdefault(name, position)
    for position, cell in enumerate(header):
        if _is_blank(cell):
            continue
        typed = " ".join(str(cell).split())
        name = _match(index, cell)
        if name is not None and exact.get(name, position) != position:
            name = None  # an alias of a column whose own heading is elsewhere
        if name is None and spec.name == "Responses" and QUESTION_ID_PATTERN.match(typed):
            name = typed.upper()
            questions.append(name)
        if name is None or name in positions:
            findings.append(
                finding(
                    "column.extra",
                    file=file,
                    sheet=grid.name,
                    cell=f"{get_column_letter(position + 1)}{header_at + 1}",
                    column=typed,
                )
            )
            continue
        positions[name] = position
        headings[name] = typed

    wanted = list(positions.values())
    records = []
    for offset, row in enumerate(grid.rows[header_at + 1 :]):
        width = len(row)
        values = [row[pos] if pos < width else None for pos in wanted]
        if all(v is None or v == "" or (isinstance(v, str) and _is_blank(v)) for v in values):
            continue
        records.append((*values, file, grid.name, header_at + 2 + offset))
    columns = [*positions, *SOURCE_COLUMNS]
    frame = pd.DataFrame.from_records(records, columns=columns).astype(
        {name: object for name in positions}
    )
    findings += [
        finding("agreement.item_missing", file=file, sheet=grid.name, column=col.heading)
        for col in spec.settings_columns
        if col.name not in positions
    ]
    return RawSheet(
        spec=spec,
        file=file,
        sheet=grid.name,
        header_row=header_at + 1,
        rows=frame,
        letters={name: get_column_letter(pos + 1) for name, pos in positions.items()},
        headings=headings,
        questions=tuple(questions),
    )


def _candidate_files(input_dir: Path) -> Iterator[tuple[Path, str | None]]:
    """Each file in input/, with the reason it is skipped (None if it should be read)."""
    for path in sorted(input_dir.iterdir(), key=lambda p: p.name.casefold()):
        if not path.is_file():
            continue
        name = display_name(path)
        if name.startswith("~$"):
            yield path, "an Excel lock file (the workbook is open somewhere)"
        elif name.startswith("."):
            yield path, "a hidden file"
        elif name == SETTINGS_FILE:
            continue
        elif path.suffix.lower() in WORKBOOK_SUFFIXES or path.suffix.lower() in REFUSED_SUFFIXES:
            yield path, None
        else:
            yield path, "not a workbook"


@dataclass(frozen=True, slots=True)
class _Failed:
    """Reading a workbook failed: the error, and the bytes if they were read."""

    error: Exception
    content: bytes


def _attempt(read: Callable[[bytes], list[Grid]], content: bytes) -> list[Grid] | _Failed:
    """What `read` gave for the workbook, or the error that stopped it."""
    try:
        return read(content)
    except Exception as error:  # noqa: BLE001 (any reader failure is the file's fault)
        return _Failed(error, content)


def _read_with_calamine(path: Path, inspect: Inspect) -> _Read | _Failed:
    """On a reading thread: a workbook's bytes, checked against the caps and for sheets that
    reach far outside their tables (by `inspect`), then its grids, unless it holds formulas
    (openpyxl reads those on the main thread: silencing its warnings is not safe across
    threads)."""
    content = b""
    try:
        content = read_regular(path)
        if inspect(content, path.suffix.lower() != ".ods"):  # formulas
            return _Read(content, None)
        return _Read(content, _read_calamine(content))
    except Exception as error:  # noqa: BLE001 (any reader failure is the file's fault)
        return _Failed(error, content)


def _read_ahead(paths: Sequence[Path], inspect: Inspect) -> Iterator[tuple[Path, _Read | _Failed]]:
    """Each workbook's grids (or why it could not be read), in order, read on READERS threads.

    python-calamine lets go of the GIL while it parses, so two workbooks are read at once on
    two cores while this thread turns the last one into frames. At most READERS workbooks are
    read ahead, so memory holds a few workbooks' cells, not the whole folder's.
    """
    with ThreadPoolExecutor(READERS) as pool:
        window: deque[tuple[Path, Future[_Read | _Failed]]] = deque()
        for path in paths:
            window.append((path, pool.submit(_read_with_calamine, path, inspect)))
            if len(window) > READERS:
                yield _finished(*window.popleft())
        while window:
            yield _finished(*window.popleft())


def _finished(path: Path, future: Future[_Read | _Failed]) -> tuple[Path, _Read | _Failed]:
    read = future.result()
    if isinstance(read, _Read) and read.grids is None:  # formulas: openpyxl, on this thread
        grids = _attempt(_read_xlsx, read.content)
        return path, grids if isinstance(grids, _Failed) else _Read(read.content, grids)
    return path, read


def _refusal(name: str, failed: _Failed) -> Finding:
    """The finding for a workbook that could not be read."""
    error = failed.error
    if isinstance(error, TooLarge):
        return finding("file.too_large", file=name, reason=str(error))
    if isinstance(error, NotRegular):
        return finding("file.unreadable", file=name, reason="it is not a regular file")
    if isinstance(error, TooFar):
        return finding(
            "sheet.too_far", file=name, sheet=error.sheet, far=error.cell, cells=f"{error.cells:,}"
        )
    if isinstance(error, OSError) and not failed.content:
        reason = f"it could not be read from the disk: {error.strerror or error}"
    else:
        reason = _unreadable_reason(failed.content, error)
    return finding("file.unreadable", file=name, reason=reason)


def inspect_here(content: bytes, sheets: bool) -> bool:
    """`parts.inspect_workbook` on this process: whether the workbook holds formulas, once
    its parts are checked against the caps and its sheets for how far they reach."""
    return inspect_workbook(content, sheets=sheets)


def load_workbooks(
    input_dir: Path, *, sheets: Mapping[str, SheetSpec] = SHEETS, inspect: Inspect = inspect_here
) -> LoadedInput:
    """Every recognised sheet of every workbook in `input_dir`, with findings about files;
    each kind of sheet read as `sheets` has it (the council's: settings.sheets_for). Each
    workbook is checked by `inspect` (`inspect_here`, or the same check on another core:
    layout.inspect_on) before any reader opens it."""
    loaded = LoadedInput()
    known = ", ".join(SHEETS)
    to_read = []
    for path, skip_reason in _candidate_files(input_dir):
        name = display_name(path)
        if skip_reason:
            loaded.skipped.append((name, skip_reason))
        elif path.suffix.lower() in REFUSED_SUFFIXES:
            loaded.findings.append(finding("file.not_xlsx", file=name, suffix=path.suffix))
        else:
            to_read.append(path)
    for path, read in _read_ahead(to_read, inspect):
        name = display_name(path)
        if isinstance(read, _Failed):
            loaded.findings.append(_refusal(name, read))
            continue
        grids = read.grids
        if not grids:
            reason = "no worksheets could be read; it may be saved as Strict Open XML"
            loaded.findings.append(finding("file.unreadable", file=name, reason=reason))
            continue
        read_sheets = []
        for grid in grids:
            kind = sheet_for_name(grid.name)
            spec = None if kind is None else sheets[kind.name]
            if spec is None and simplify(grid.name) in OWN_SHEETS:
                continue
            if spec is None:
                loaded.findings.append(
                    finding("sheet.unrecognised", file=name, sheet=grid.name, known=known)
                )
                continue
            if grid.hidden:
                loaded.findings.append(finding("sheet.hidden", file=name, sheet=grid.name))
            header_at, missing = _find_header(spec, grid.rows)
            if header_at is None:
                loaded.findings.append(
                    finding(
                        "sheet.headings_missing",
                        file=name,
                        sheet=grid.name,
                        missing=", ".join(missing),
                    )
                )
                continue
            loaded.sheets.append(_raw_sheet(spec, name, grid, header_at, loaded.findings))
            read_sheets.append(grid.name)
        sha256 = hashlib.sha256(read.content).hexdigest()
        loaded.files.append(InputFile(name, sha256, tuple(read_sheets), read.content))
    return loaded
