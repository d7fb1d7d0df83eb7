"""charts: the quarter-by-quarter trend chart for both PDFs, as inline SVG.

matplotlib draws it with its SVG backend, text kept as text, so that WeasyPrint sets the words
in the report's own font (its @font-face rules) and a reader can select them. matplotlib is
imported inside `trend_chart`, not at the top of this module: importing it takes about 0.3 s,
and only a run drawing a chart (two or more periods in its Trend, when the templates' context
is made) needs it, so `import pipeline.charts` stays cheap for everything else (the command
line, the analysis, a first quarter, the tests that never draw).

Nothing here changes matplotlib's global settings or pyplot's state: every setting is made
inside `rc_context`, and the figure is a plain `Figure` printed by the SVG canvas. The only
lasting change is that the report's fonts are added to matplotlib's font list, once.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from xml.etree import ElementTree as ET

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

FONTS: Final = Path(__file__).parent / "static" / "fonts"
FONT_FAMILY: Final = "Source Sans 3"  # the family name the TTFs declare, as in print.css
FALLBACK_FAMILY: Final = "DejaVu Sans"  # matplotlib's own, if the report's fonts are absent

MM_PER_INCH: Final = 25.4
POINTS_PER_MM: Final = 72 / MM_PER_INCH
WIDTH_MM: Final = 170.0  # the text block of an A4 portrait page is 178 mm wide
HEIGHT_MM: Final = 70.0
# Space around the plotting area, in mm: tick labels at the left and bottom, the legend above.
MARGIN_LEFT_MM: Final = 9.0
MARGIN_RIGHT_MM: Final = 2.0
MARGIN_TOP_MM: Final = 9.0
MARGIN_BOTTOM_MM: Final = 7.0
TEXT_SIZE: Final = 8.5  # points, as the page furniture; the body text is 10 pt
VALUE_GAP: Final = 1.15 * TEXT_SIZE  # the least distance, in points, between two end values

INK: Final = "#0b0c0c"
GREY: Final = "#505a5f"
GRID: Final = "#b1b4b6"
BLUE: Final = "#1d70b8"  # Outside appetite: strong on white, and unlike red for all readers
HASH_SALT: Final = "partnership-pipeline trend chart"  # fixed ids, so the same bytes each run
SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
SVG: Final = f"{{{SVG_NAMESPACE}}}"
XLINK_HREF: Final = "{http://www.w3.org/1999/xlink}href"
NO_METADATA: Final = {"Creator": None, "Date": None, "Format": None, "Type": None}


@dataclass(frozen=True, slots=True)
class Line:
    """How one measure of the Trend table is drawn, and what it is called in words."""

    column: str  # the Trend table's column
    label: str  # the legend's words, and the text alternative's
    colour: str
    marker: str  # a matplotlib marker: colour is never the only cue
    dashes: str  # a matplotlib line style
    # Points wide. The top band's line is drawn first and widest, so that where it runs with
    # another for a while both still show (where it runs with one in every period, the two
    # are drawn as one line: said_once).
    width: float = 1.6


def trend_lines(top_band: str, top_colour: str) -> tuple[Line, ...]:
    """The four measures a board watches, in the order the legend names them."""
    return (
        Line("High residual risks", f"{top_band} residual risks", top_colour, "o", "-", 4.5),
        Line("Outside appetite", "Outside appetite", BLUE, "s", "-"),
        Line("Overdue items", "Overdue items", INK, "^", "-"),
        Line("Due soon items", "Due soon items", GREY, "D", "--"),
    )


def said_once(lines: Mapping[Line, Sequence[float]]) -> dict[Line, list[float]]:
    """The lines to draw, a measure with the same count as an earlier one in every period
    drawn once, as that line labelled for both ("High residual risks and outside
    appetite"): two lines lying exactly on top of each other would show one and name two.
    A blank matches only a blank."""
    drawn: dict[tuple[str, ...], tuple[Line, list[float]]] = {}
    for line, values in lines.items():
        key = tuple(count_words(value) for value in values)
        if key in drawn:
            first, kept = drawn[key]
            label = f"{first.label} and {line.label[:1].lower()}{line.label[1:]}"
            # Its width is the narrower: the wide line shows two lines where they meet.
            drawn[key] = (replace(first, label=label, width=min(first.width, line.width)), kept)
        else:
            drawn[key] = (line, list(values))
    return dict(drawn.values())


def counts(trend: pd.DataFrame, column: str) -> list[float]:
    """A Trend column as floats, NaN where a period did not record it (a gap, not a zero)."""
    values = pd.to_numeric(trend[column], errors="coerce").astype("float64")
    return [float(value) for value in values]


def count_words(value: float) -> str:
    """A count as a reader would say it: 32, or "not recorded" for a blank."""
    return "not recorded" if math.isnan(value) else f"{value:,.0f}"


def chart_summary(periods: Sequence[str], lines: Mapping[Line, Sequence[float]]) -> str:
    """The chart in words, for its aria-label: the periods in order, then each measure's
    value in each of them."""
    measures = "; ".join(
        f"{line.label} {', '.join(count_words(value) for value in values)}"
        for line, values in lines.items()
    )
    return (
        f"Trend by quarter, {periods[0]} to {periods[-1]}. "
        f"Periods: {', '.join(periods)}. {measures}."
    )


def spread(heights: Sequence[float], gap: float) -> list[float]:
    """Heights (in points) moved up just enough that no two are closer than `gap`, so that
    labels which would overlap sit one above the other; each keeps its place in the list."""
    order = sorted(range(len(heights)), key=lambda index: heights[index])
    placed = list(heights)
    for previous, index in pairwise(order):
        placed[index] = max(placed[index], placed[previous] + gap)
    return placed


@cache
def font_family() -> str:
    """The report's font, added to matplotlib's font list the first time; DejaVu Sans (which
    matplotlib ships) if the report's fonts are missing."""
    from matplotlib import font_manager

    files = sorted(FONTS.glob("*.ttf"))
    for file in files:
        font_manager.fontManager.addfont(str(file))
    return FONT_FAMILY if files else FALLBACK_FAMILY


def _axes_box() -> tuple[float, float, float, float]:
    """Where the plotting area sits in the figure: left, bottom, width, height as fractions."""
    return (
        MARGIN_LEFT_MM / WIDTH_MM,
        MARGIN_BOTTOM_MM / HEIGHT_MM,
        (WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / WIDTH_MM,
        (HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) / HEIGHT_MM,
    )


def _y_top(lines: Mapping[Line, Sequence[float]]) -> float:
    """The top of the count axis: room above the highest value, and at least 1."""
    known = [value for values in lines.values() for value in values if not math.isnan(value)]
    return max([1.0, *known]) * 1.12


def _draw_lines(axes: Axes, lines: Mapping[Line, Sequence[float]]) -> None:
    """One line per measure, a marker on each recorded point, a gap where none was."""
    for line, values in lines.items():
        axes.plot(
            range(len(values)),
            values,
            label=line.label,
            color=line.colour,
            linestyle=line.dashes,
            linewidth=line.width,
            marker=line.marker,
            markersize=3 + 1.5 * line.width,
            clip_on=False,
        )


def _label_ends(axes: Axes, lines: Mapping[Line, Sequence[float]], y_top: float) -> None:
    """Each line's latest value, printed just right of its last recorded point, in the line's
    colour. Lines that end on the same value share one label (in ink); labels that would
    overlap are spread apart."""
    points_per_count = (HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) * POINTS_PER_MM / y_top
    ends: dict[tuple[int, float], list[str]] = {}
    for line, values in lines.items():
        known = [x for x, value in enumerate(values) if not math.isnan(value)]
        if known:
            ends.setdefault((known[-1], values[known[-1]]), []).append(line.colour)
    for x in sorted({x for x, _ in ends}):
        here = sorted((value, colours) for (at, value), colours in ends.items() if at == x)
        heights = spread([value * points_per_count for value, _ in here], VALUE_GAP)
        for (value, colours), height in zip(here, heights, strict=True):
            axes.annotate(
                count_words(value),
                xy=(x, value),
                xytext=(6, height - value * points_per_count),
                textcoords="offset points",
                verticalalignment="center",
                color=colours[0] if len(colours) == 1 else INK,
                fontweight="bold",
                annotation_clip=False,
            )


def _style_axes(axes: Axes, periods: Sequence[str], y_top: float) -> None:
    """Periods along the bottom in order, whole-number counts up from 0, a light grid."""
    from matplotlib.ticker import MaxNLocator

    axes.set_xticks(range(len(periods)), labels=list(periods))
    axes.set_xlim(-0.3, len(periods) - 1 + 0.45)
    axes.set_ylim(0, y_top)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines[["left", "bottom"]].set_color(GREY)
    axes.tick_params(colors=GREY, labelcolor=INK, length=3)
    axes.tick_params(axis="y", length=0)
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.04),
        ncols=4,
        frameon=False,
        borderaxespad=0,
        handlelength=2.6,
        columnspacing=1.6,
        fontsize=TEXT_SIZE + 0.5,
    )


def _rc(family: str) -> dict[RcKeyType, Any]:
    """matplotlib settings for the chart: the report's font kept as text, words printed as
    written, fixed ids."""
    return {
        "font.family": [family, "sans-serif"],
        "font.sans-serif": [FALLBACK_FAMILY],
        "font.size": TEXT_SIZE,
        "text.color": INK,
        "text.parse_math": False,  # a council's band name may hold a $: it is never TeX
        "svg.fonttype": "none",
        "svg.hashsalt": HASH_SALT,
        "svg.id": None,
    }


def _declarations(css: str) -> dict[str, str]:
    """`fill: #fff; stroke-width: 0.8` as {"fill": "#fff", "stroke-width": "0.8"}."""
    pairs = (declaration.partition(":") for declaration in css.split(";"))
    return {name.strip(): value.strip() for name, _, value in pairs if name.strip()}


def _as_attributes(root: ET.Element) -> None:
    """matplotlib's inline styles as SVG presentation attributes (fill="…", not
    style="fill: …"): WeasyPrint reads a style attribute on an inline SVG element as HTML CSS
    too and logs a warning for each SVG property, where presentation attributes are SVG's
    alone. Its default style sheet (`*{stroke-linejoin: round; …}`) becomes attributes of the
    root, which every element inherits unless it sets its own."""
    for defs in root.findall(f"{SVG}defs"):
        for sheet in defs.findall(f"{SVG}style"):
            rule = (sheet.text or "").strip()
            if rule.startswith("*{") and rule.endswith("}"):
                root.attrib.update(_declarations(rule[2:-1]))
                defs.remove(sheet)
        if len(defs) == 0:
            root.remove(defs)
    for element in root.iter():
        if (style := element.attrib.pop("style", None)) is not None:
            element.attrib.update(_declarations(style))


def _plain_links(root: ET.Element) -> None:
    """matplotlib's xlink:href as plain href (SVG 2, which WeasyPrint and browsers read), and
    no ids but those something links to: matplotlib names every group (figure_1, axes_1, …),
    which would only crowd the HTML page's ids."""
    linked: set[str] = set()
    for element in root.iter():
        if (target := element.attrib.pop(XLINK_HREF, None)) is not None:
            element.set("href", target)
            linked.add(target.removeprefix("#"))
        if (clip := element.get("clip-path", "")).startswith("url(#"):
            linked.add(clip.removeprefix("url(#").removesuffix(")"))
    for element in root.iter():
        if element.get("id") not in linked:
            element.attrib.pop("id", None)


def _inline(svg: str, summary: str) -> str:
    """matplotlib's SVG document as an element for an HTML page: no XML declaration or
    DOCTYPE, presentation attributes for styles, and the root named as an image in words."""
    root = ET.fromstring(svg)
    _as_attributes(root)
    _plain_links(root)
    for element in root.iter():  # SVG's namespace once, on the root, as HTML writes it
        element.tag = element.tag.removeprefix(SVG)
    root.attrib = {"xmlns": SVG_NAMESPACE, "role": "img", "aria-label": summary} | root.attrib
    return ET.tostring(root, encoding="unicode")


def trend_chart(
    trend: pd.DataFrame, *, top_band: str, band_colours: Mapping[str, str]
) -> str | None:
    """The Trend table as an SVG chart (an `<svg …>` element as text, no XML declaration, no
    DOCTYPE), or None when it has fewer than two rows (the report then says in words that
    there is one period only).

    One line per attention measure, oldest period at the left: risks in the top band (in that
    band's colour), risks outside appetite, overdue items and items due soon. A blank count
    (a period published before the measure existed) is a gap in its line, never a zero.
    """
    if len(trend) < 2:
        return None
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    periods = [str(period) for period in trend["Period"]]
    lines = said_once(
        {
            line: counts(trend, line.column)
            for line in trend_lines(top_band, band_colours.get(top_band, INK))
        }
    )
    y_top = _y_top(lines)
    buffer = io.BytesIO()
    with rc_context(_rc(font_family())):
        figure = Figure(figsize=(WIDTH_MM / MM_PER_INCH, HEIGHT_MM / MM_PER_INCH))
        FigureCanvasSVG(figure)
        axes = figure.add_axes(_axes_box())
        _draw_lines(axes, lines)
        _label_ends(axes, lines, y_top)
        _style_axes(axes, periods, y_top)
        figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return _inline(buffer.getvalue().decode("utf-8"), chart_summary(periods, lines))
