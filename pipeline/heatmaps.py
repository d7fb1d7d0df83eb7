"""How a matrix's heatmaps are laid out, so that no word of a level or a band breaks inside
itself, from a 2×2 matrix up to MAX_LEVELS × MAX_LEVELS with names of MAX_LABEL_LENGTH.

A heatmap has a column for each impact level and a row for each likelihood level; each square
shows its count of risks, its band and its rating. The layout is worked out here from the
matrix, with the widths of the report's own font (Source Sans 3): how many heatmaps stand side
by side, and whether the axes and the squares show the names or, where a name will not fit,
numbers and short forms explained in a key printed under the heatmaps. The templates only
print what is chosen here; the sizes below are the ones components.css gives each layout
(`.heatmaps.per-row-N` and `table.heatmap.mini`): change them together.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pipeline.matrices import RiskMatrix

FONTS: Final = Path(__file__).parent / "static" / "fonts"
MM_PER_PT: Final = 25.4 / 72
SAFETY: Final = 1.06  # text measured without kerning, and a little room for rounding
PAGE_WIDTH_MM: Final = 178.0  # A4 less print.css's margins of 16 mm
GAP_MM: Final = 4.0  # between heatmaps side by side (`.heatmaps` gap)
MAX_LINES: Final = 3  # a level's name longer than this in its heading is numbered instead
MAX_BAND_LINES: Final = 2  # likewise a band's name in a square


@dataclass(frozen=True, slots=True)
class Geometry:
    """The sizes components.css gives one layout of heatmap (mm and points)."""

    heading_pt: float  # level names in the headings (semibold)
    band_pt: float  # the band and rating in a square (regular)
    count_pt: float  # the count in a square (bold)
    spacing_mm: float  # border-spacing between squares
    heading_padding_mm: float  # each side of a heading's text
    cell_padding_mm: float  # each side of a square's text
    named_rows_mm: float  # the row headings' width with the likelihood names
    axis_pt: float = 7  # "Likelihood ↑ / Impact →" above the row headings (regular)


# `.heatmaps.per-row-3`, `-2`, `-1` and `table.heatmap.mini` in components.css.
SIDE_BY_SIDE: Final = {
    3: Geometry(7, 7, 10, 0.8, 0.5, 0.4, 17),
    2: Geometry(8, 7, 16, 1.2, 0.8, 0.5, 22),
    1: Geometry(8.5, 8, 14, 1.2, 0.8, 0.5, 34),
}
MINI: Final = Geometry(6.5, 5.5, 10, 0.8, 0.3, 0.3, 14, axis_pt=6.5)
AXIS: Final = "Likelihood\u00a0↑ / Impact\u00a0→"  # as printed: no break inside "Impact →"
MINI_WIDTH_MM: Final = 72.0  # a key partnership's heatmap beside its facts (`.map`)


@dataclass(frozen=True, slots=True)
class HeatmapLayout:
    """What the templates print for one kind of heatmap."""

    per_row: int  # heatmaps side by side (1 to 3); the class `per-row-N`
    row_heading_mm: float  # the row headings' width (the first column's)
    wide: bool  # a key partnership's heatmap under its facts, the page's width, not beside them
    columns: list[str]  # the impact headings, level 1 first: "1 Negligible" or "1"
    rows: list[str]  # the likelihood headings, level 1 first
    bands: dict[str, str]  # band name → what a square shows: the name, or its short form
    key: list[tuple[str, list[tuple[str, str]]]]  # ("Impact", [("1", "Negligible"), …]), …

    @property
    def css_class(self) -> str:
        return f"per-row-{self.per_row}"


@dataclass(frozen=True, slots=True)
class Heatmaps:
    """The layouts of a report's heatmaps: the risk pages' and the key partnerships'."""

    main: dict[int, HeatmapLayout]  # stages shown side by side at most (3 annual, 2 quarterly)
    mini: HeatmapLayout
    pills: dict[str, str]  # band name → its pill's words in the risk tables (see `pills`)


@functools.cache
def _advances(weight: str) -> tuple[dict[int, int], int]:
    """Each character's advance in the Source Sans 3 `weight`, and the font's units per em."""
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / f"SourceSans3-{weight}.ttf", lazy=True) as font:  # closed once read
        metrics = font["hmtx"]
        advances = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
        return advances, int(font["head"].unitsPerEm)


def text_width(text: str, points: float, weight: str = "Regular") -> float:
    """How wide `text` prints on one line in Source Sans 3 at `points`, in mm (a little over)."""
    advances, per_em = _advances(weight)
    fallback = advances.get(ord("M"), per_em)
    units = sum(advances.get(ord(character), fallback) for character in text)
    return units / per_em * points * MM_PER_PT * SAFETY


def lines_needed(text: str, width: float, points: float, weight: str) -> int | None:
    """How many lines `text` takes wrapped at its spaces in `width` mm, or None if one of its
    words is wider than that (it would break inside itself). A no-break space joins words."""
    space = text_width(" ", points, weight)
    lines, line = 0, 0.0
    for word in text.split(" "):
        if not word:
            continue
        size = text_width(word, points, weight)
        if size > width:
            return None
        if lines and line + space + size <= width:
            line += space + size
        else:
            lines, line = lines + 1, size
    return lines


def _fits(labels: Sequence[str], width: float, points: float, weight: str, most: int) -> bool:
    """Whether each of `labels` fits `width` mm in at most `most` lines, no word broken."""
    needed = [lines_needed(label, width, points, weight) for label in labels]
    return all(n is not None and n <= most for n in needed)


def short_forms(names: Sequence[str]) -> list[str]:
    """A short form of each band name, all different: the initials ("Very high" → "VH"), or
    else the first letters of each name, as few as tell them apart; else the band's number."""
    initials = ["".join(word[0] for word in name.split()).upper() for name in names]
    if len(set(initials)) == len(names):
        return initials
    for length in range(2, 5):
        starts = [name.replace(" ", "")[:length] for name in names]
        if len({start.casefold() for start in starts}) == len(names):
            return starts
    return [str(number) for number in range(1, len(names) + 1)]


def _numbered_rows(matrix: RiskMatrix, geometry: Geometry) -> float:
    """The row headings' width with numbers only: the widest number, or the widest word of
    the axis note above them, and the padding."""
    widest = max(
        text_width(str(len(matrix.likelihood)), geometry.heading_pt, "Semibold"),
        *(text_width(word, geometry.axis_pt) for word in AXIS.split(" ")),
    )
    return widest + 2 * geometry.heading_padding_mm


def _cell_width(table: float, geometry: Geometry, row_heading: float, columns: int) -> float:
    """The width of a square's text, in mm, in a `table` mm wide (border-spacing separate:
    a space before, between and after every column)."""
    squares = (table - row_heading - geometry.spacing_mm * (columns + 2)) / columns
    return squares - 2 * geometry.cell_padding_mm


def _layout(
    matrix: RiskMatrix, table: float, geometry: Geometry, widest_count: str, per_row: int
) -> HeatmapLayout | None:
    """The layout of a `table` mm wide, names where they fit and numbers or short forms where
    they do not; None if even those do not fit. Likelihood names are tried first, then
    numbers, which leave the squares more room."""
    width = geometry.named_rows_mm - 2 * geometry.heading_padding_mm
    levels = [f"{n} {label}" for n, label in _numbered(matrix.likelihood)]
    if _fits(levels, width, geometry.heading_pt, "Semibold", MAX_LINES) and _fits(
        [AXIS], width, geometry.axis_pt, "Regular", MAX_LINES
    ):
        named = _squares(matrix, table, geometry, widest_count, per_row, geometry.named_rows_mm)
        if named is not None:
            return named
    return _squares(matrix, table, geometry, widest_count, per_row, None)


def _squares(
    matrix: RiskMatrix,
    table: float,
    geometry: Geometry,
    widest_count: str,
    per_row: int,
    named_rows: float | None,
) -> HeatmapLayout | None:
    """The layout with row headings `named_rows` mm wide showing the likelihood names, or
    (None) numbered: impact names or numbers, band names or short forms, as fit the squares."""
    padding = 2 * geometry.heading_padding_mm
    row_heading = named_rows or _numbered_rows(matrix, geometry)
    cell = _cell_width(table, geometry, row_heading, len(matrix.impact))
    column = cell + 2 * geometry.cell_padding_mm - padding  # a column heading's text
    widest_level = str(max(len(matrix.impact), len(matrix.likelihood)))
    if (
        text_width(widest_level, geometry.heading_pt, "Semibold")
        > min(column, row_heading - padding)
        or text_width(widest_count, geometry.count_pt, "Bold") > cell
        or text_width(f"· {matrix.highest_rating} ▲", geometry.band_pt) > cell
    ):
        return None
    impact = [f"{n} {label}" for n, label in _numbered(matrix.impact)]
    columns_named = _fits(impact, column, geometry.heading_pt, "Semibold", MAX_LINES)
    names = [band.name for band in matrix.bands]
    shown = names
    if not _fits(names, cell, geometry.band_pt, "Regular", MAX_BAND_LINES):
        shown = short_forms(names)
        if not _fits(shown, cell, geometry.band_pt, "Regular", 1):
            return None
    key: list[tuple[str, list[tuple[str, str]]]] = []
    if not columns_named:
        key.append(("Impact", _numbered(matrix.impact)))
    if named_rows is None:
        key.append(("Likelihood", _numbered(matrix.likelihood)))
    if shown != names:
        key.append(("Bands", list(zip(shown, names, strict=True))))
    return HeatmapLayout(
        per_row=per_row,
        row_heading_mm=round(row_heading, 1),
        wide=False,
        columns=[f"{n} {label}" if columns_named else n for n, label in _numbered(matrix.impact)],
        rows=[
            n if named_rows is None else f"{n} {label}" for n, label in _numbered(matrix.likelihood)
        ],
        bands=dict(zip(names, shown, strict=True)),
        key=key,
    )


def _fallback(matrix: RiskMatrix, per_row: int) -> HeatmapLayout:
    """Numbers and short forms throughout: for counts too wide for any layout (a count of
    risks in the hundreds of thousands), whose figures may then overrun their squares."""
    names = [band.name for band in matrix.bands]
    shown = short_forms(names)
    return HeatmapLayout(
        per_row=per_row,
        row_heading_mm=round(_numbered_rows(matrix, SIDE_BY_SIDE[1]), 1),
        wide=True,
        columns=[n for n, _ in _numbered(matrix.impact)],
        rows=[n for n, _ in _numbered(matrix.likelihood)],
        bands=dict(zip(names, shown, strict=True)),
        key=[
            ("Impact", _numbered(matrix.impact)),
            ("Likelihood", _numbered(matrix.likelihood)),
            ("Bands", list(zip(shown, names, strict=True))),
        ],
    )


def _numbered(labels: Sequence[str]) -> list[tuple[str, str]]:
    return [(str(number), label) for number, label in enumerate(labels, start=1)]


def side_by_side(matrix: RiskMatrix, stages: int, widest_count: str) -> HeatmapLayout:
    """The risk pages' layout for `stages` heatmaps: as many side by side as fit (names
    numbered where they must be), else one to a row."""
    for per_row in range(min(stages, 3), 0, -1):
        table = (PAGE_WIDTH_MM - GAP_MM * (per_row - 1)) / per_row
        layout = _layout(matrix, table, SIDE_BY_SIDE[per_row], widest_count, per_row)
        if layout is not None:
            return layout
    return _fallback(matrix, 1)


def mini(matrix: RiskMatrix, widest_count: str) -> HeatmapLayout:
    """A key partnership's heatmap: beside its facts if it fits there, else under them."""
    layout = _layout(matrix, MINI_WIDTH_MM, MINI, widest_count, 1)
    if layout is not None:
        return layout
    layout = _layout(matrix, PAGE_WIDTH_MM, MINI, widest_count, 1) or _fallback(matrix, 1)
    return dataclasses.replace(layout, wide=True)


def heatmaps(matrix: RiskMatrix, widest_count: str, widest_partnership_count: str) -> Heatmaps:
    """The layouts of a report's heatmaps on `matrix`, for counts as wide as those given
    (formatted as printed, e.g. "1,204")."""
    return Heatmaps(
        main={stages: side_by_side(matrix, stages, widest_count) for stages in (2, 3)},
        mini=mini(matrix, widest_partnership_count),
        pills=pills(matrix),
    )


# A band's pill beside its rating in the risk tables (`.band` in components.css), and the
# narrowest column it prints in (a key partnership's three highest risks, `c-band`).
PILL_PT: Final = 7.5
PILL_PADDING_MM: Final = 2.4
BAND_COLUMN_MM: Final = 24 - 2 * 1.2


def pills(matrix: RiskMatrix) -> dict[str, str]:
    """Each band's name as its pill prints it: its words held together by no-break spaces
    when the pill and the highest rating fit the narrowest band column on one line ("VERY
    HIGH 25" never wraps), else as it is, to wrap at its spaces (a council's long name)."""
    rating = text_width(f" {matrix.highest_rating}", 8.5)
    return {
        band.name: band.name.replace(" ", "\u00a0")
        if text_width(band.name.upper(), PILL_PT, "Bold") + PILL_PADDING_MM + rating
        <= BAND_COLUMN_MM
        else band.name
        for band in matrix.bands
    }
