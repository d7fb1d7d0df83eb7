"""render: report tables to HTML (Jinja2) to PDF bytes (WeasyPrint).

Templates only format and lay out; every number they show is in a report table, arranged for
the page by `pipeline.analyse.views.pages`. The context (`pipeline.context`) names the tables'
sheets (`sheet_of`), so this module, which the second process imports, does not import the
analysis. Filters here do the
formatting: `money` (£1,250), `date_uk` (3 March 2026), `pct` (74%), `pp` (+6 pp). Every value
a template prints passes through `cut` (a very long text is cut, with "…"), and the HTML through
`mark_unbroken` (a run of characters with no space may wrap anywhere).
"""

from __future__ import annotations

import base64
import io
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache, lru_cache
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pipeline.matrices import RiskMatrix
from pipeline.periods import uk_date
from schemas.figures import LIVE_FIGURE, NO_FIGURE
from schemas.rules import PRINTED_TEXT_LIMIT, PROSE_TEXT_LIMIT

if TYPE_CHECKING:  # any dataclass: pipeline.context's ReportContext, which imports this module
    from _typeshed import DataclassInstance

STATIC: Final = Path(__file__).parent / "static"
FIXED_EPOCH: Final = "946684800"  # 1 January 2000: font timestamps, for reproducible PDFs
# The board's reports, in the order their files are listed.
DOCUMENTS: Final = ("annual-partnership-report", "quarterly-governance-report")


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def money(value: object) -> str:
    """£1,250 (whole pounds); blank for no value."""
    if _missing(value):
        return ""
    return f"£{float(value):,.0f}"  # type: ignore[arg-type]


def number(value: object, places: int = 0) -> str:
    if _missing(value):
        return ""
    return f"{float(value):,.{places}f}"  # type: ignore[arg-type]


def date_uk(value: object) -> str:
    """3 March 2026; blank for no date."""
    if _missing(value):
        return ""
    day = value.date() if isinstance(value, datetime | pd.Timestamp) else value
    assert isinstance(day, date)
    return uk_date(day)


def pct(value: object) -> str:
    """A fraction as a whole percentage: 0.74 → 74%."""
    if _missing(value):
        return ""
    return f"{100 * float(value):.0f}%"  # type: ignore[arg-type]


def pp(value: object) -> str:
    """A change in percentage points: +6 pp, −3 pp, 0 pp."""
    if _missing(value):
        return ""
    points = round(float(value))  # type: ignore[arg-type]
    sign = "+" if points > 0 else "−" if points < 0 else ""
    return f"{sign}{abs(points)} pp"


def change_words(value: object) -> str:
    """A change in percentage points in words, the direction said once: up 6 points, down 3
    points, no change; blank when there is nothing to compare with."""
    if _missing(value):
        return ""
    points = round(float(value))  # type: ignore[arg-type]
    if points == 0:
        return "no change"
    word = "point" if abs(points) == 1 else "points"
    return f"up {points} {word}" if points > 0 else f"down {-points} {word}"


BAR_HALF: Final = 100.0  # SVG units from the centre line to either end of a diverging bar


def diverging(row: dict[str, Any]) -> dict[str, float]:
    """Where the three parts of a diverging bar go: disagree left of the centre line, agree
    right of it, neither straddling it. Shares are fractions of the row's 1–5 answers; the
    bar's viewBox is 0 to 2 × BAR_HALF wide."""
    shares = {part: 0.0 if _missing(row[part]) else float(row[part]) for part in
              ("Disagree", "Neither", "Agree")}  # fmt: skip
    neither_left = BAR_HALF - BAR_HALF * shares["Neither"] / 2
    return {
        "disagree_x": neither_left - BAR_HALF * shares["Disagree"],
        "disagree_w": BAR_HALF * shares["Disagree"],
        "neither_x": neither_left,
        "neither_w": BAR_HALF * shares["Neither"],
        "agree_x": BAR_HALF + BAR_HALF * shares["Neither"] / 2,
        "agree_w": BAR_HALF * shares["Agree"],
    }


def figure(value: object, unit: object) -> str:
    """A `Summary` figure as the tiles print it, by its Unit: £454,500, 57%, up 5 points (– for
    a change with nothing to compare), 1,204."""
    if unit == "£":
        return money(value)
    if unit == "fraction":
        return pct(value)
    if unit == "pp":
        return change_words(value) or NO_FIGURE
    return number(value)


def live_figures(summary: pd.DataFrame) -> dict[str, str]:
    """Each `Summary` key → its figure as the tiles print it (`figure`), for officers' text to
    quote (`{overdue}`, WORKBOOKS.md §9). A figure with no value prints as NO_FIGURE."""
    return {
        str(key): figure(value, unit) or NO_FIGURE
        for key, value, unit in zip(summary["Key"], summary["Value"], summary["Unit"], strict=True)
    }


def with_figures(line: str, figures: Mapping[str, str] | None) -> str:
    """One line of officers' text, each live figure (`{overdue}`) replaced by its figure. A
    key the run has no figure for (the survey's, with no survey) prints NO_FIGURE; a word
    that is no key (validation stops a run with one) and anything else in braces print as
    typed. Without `figures`, the line as typed."""
    if figures is None:
        return line
    pieces: list[str] = []
    done = 0
    for match in LIVE_FIGURE.finditer(line):
        pieces.append(line[done : match.start()])
        pieces.append(figures.get(match.group(1), NO_FIGURE))
        done = match.end()
    pieces.append(line[done:])
    return "".join(pieces)


@dataclass(frozen=True)
class Block:
    """A piece of officers' plain text: a paragraph's lines, or a list's bullets."""

    lines: list[str]
    bullets: bool = False


def plain_blocks(value: object, figures: Mapping[str, str] | None = None) -> list[Block]:
    """Officers' plain text as its paragraphs and bullet lists (WORKBOOKS.md §9): a blank line
    starts a paragraph, a line starting `- ` is a bullet, everything else is text as typed,
    each live figure filled in from `figures` (`with_figures`). Up to PROSE_TEXT_LIMIT
    characters in all: longer prose is cut there, followed by "…" (normalise warns of it,
    `prose.too_long`). The PDFs (`plain`) and the Word report (`pipeline.word`) both set
    these blocks."""
    if _missing(value):
        return []
    text = str(value)
    if len(text) > PROSE_TEXT_LIMIT:
        text = text[:PROSE_TEXT_LIMIT].rstrip() + "…"
    blocks: list[Block] = []
    lines: list[str] = []
    bullets: list[str] = []

    def close() -> None:
        if lines:
            blocks.append(Block([with_figures(line, figures) for line in lines]))
            lines.clear()
        if bullets:
            blocks.append(Block([with_figures(item, figures) for item in bullets], bullets=True))
            bullets.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            close()
        elif stripped.startswith("- "):
            if lines:
                close()
            bullets.append(stripped[2:].strip())
        else:
            if bullets:
                close()
            lines.append(stripped)
    close()
    return blocks


def plain(value: object, figures: Mapping[str, str] | None = None) -> Markup:
    """Officers' plain text as HTML (`plain_blocks`): each paragraph a `<p>`, its lines
    joined by `<br>`, each list a `<ul>`; every character prints as typed (`<b>`, `{{ }}`,
    `=SUM(` included): each piece is escaped. With `figures` (`live_figures`, the edition's
    own), `{key}` prints that figure (WORKBOOKS.md §9)."""
    html = []
    for block in plain_blocks(value, figures):
        if block.bullets:
            html.append(
                "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.lines) + "</ul>"
            )
        else:
            html.append(f"<p>{Markup('<br>').join(escape(line) for line in block.lines)}</p>")
    return Markup("\n".join(html))


def text(value: object) -> str:
    """A cell as text; blank for no value."""
    return "" if _missing(value) else str(value)


INK: Final = "#0b0c0c"  # print.css's --ink
MIN_CONTRAST: Final = 4.5  # WCAG 2.2 AA (1.4.3) for text under 18 pt: a heatmap's band words
ZERO_TINT: Final = 0.3  # a heatmap cell with no risks: this much of its band colour, on white


def luminance(colour: str) -> float:
    """The relative luminance (WCAG 2.2) of a `#rrggbb` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The contrast ratio (WCAG 2.2) of two `#rrggbb` colours, 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink_for(colour: str) -> str:
    """The report's near-black ink or white, whichever reads better on a `#rrggbb` background;
    pure black where neither reaches MIN_CONTRAST (a mid-tone a council chose: at the point
    where the two read equally, near-black reaches 4.4:1 and black 4.6:1)."""
    ink = INK if contrast(colour, INK) > contrast(colour, "#ffffff") else "#ffffff"
    return ink if contrast(colour, ink) >= MIN_CONTRAST else "#000000"


def tint(colour: str, share: float) -> str:
    """`share` of a `#rrggbb` colour laid on white, as `#rrggbb`."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in channels)


def band_styles(matrix: RiskMatrix) -> dict[str, str]:
    """Band name → inline style in the matrix's own colours (a council's bands are its own),
    with text in black or white for contrast. It also sets `--zero-background` and
    `--zero-ink`, a pale tint of the colour and its ink, which components.css gives a heatmap
    cell with no risks (`td.zero`): faded, yet its words as legible as any (issue 19)."""
    styles = {}
    for band in matrix.bands:
        pale = tint(band.colour, ZERO_TINT)
        styles[band.name] = (
            f"background: {band.colour}; color: {ink_for(band.colour)}; "
            f"--zero-background: {pale}; --zero-ink: {ink_for(pale)}"
        )
    return styles


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as dictionaries keyed by its headings."""
    return frame.to_dict("records")  # type: ignore[return-value]


def cut(value: object) -> object:
    """A value as a template prints it: a blank cell (None, NaN, NA, NaT) as "–", never
    "nan" or "None"; a text longer than PRINTED_TEXT_LIMIT characters is cut there, followed
    by "…" (normalise warns of each such cell, `text.too_long`; the report tables, and so
    report-data.xlsx, keep it whole). Markup, the templates' own HTML (a macro's output), and
    anything else pass unchanged."""
    if _missing(value):
        return "–"
    if (
        isinstance(value, str)
        and len(value) > PRINTED_TEXT_LIMIT
        and not hasattr(value, "__html__")
    ):
        return value[:PRINTED_TEXT_LIMIT].rstrip() + "…"
    return value


# A run of this many characters with no space in it is no word (the longest in the sample, a
# workbook's file name, is 39): it is marked to wrap anywhere (`.unbroken` in components.css),
# so that it cannot push a table's later columns off the page. Shorter runs, every ordinary
# word and number, keep their own width: wrapping anywhere shrinks the narrowest a table
# column may be to one letter, and the tables would break "Category" to fit.
UNBROKEN_RUN: Final = 40
_RUN = re.compile(rf"[^\s<>]{{{UNBROKEN_RUN},}}")


def mark_unbroken(html: str) -> str:
    """The HTML with each run of UNBROKEN_RUN or more characters with no space in the body's
    text (never in a tag's attributes, nor in the head) in a `<span class="unbroken">`."""
    pieces: list[str] = []
    done = 0
    for match in _RUN.finditer(html, max(html.find("<body"), 0)):
        start, end = match.span()
        if html.rfind("<", 0, start) > html.rfind(">", 0, start):
            continue  # inside a tag: an attribute's value
        pieces += [html[done:start], '<span class="unbroken">', match.group(), "</span>"]
        done = end
    return "".join(pieces) + html[done:] if pieces else html


@cache
def environment() -> Environment:
    """The templates' environment: made once, so that each template is compiled once."""
    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=cut,
    )
    env.filters.update(
        money=money,
        number=number,
        date_uk=date_uk,
        pct=pct,
        pp=pp,
        change_words=change_words,
        figure=figure,
        diverging=diverging,
        text=text,
        plain=plain,
        records=records,
    )
    return env


def render_html(document: str, context: DataclassInstance) -> str:
    """One report as HTML, from its template and `context`, whose fields are the template's
    variables (taken as they are: no copy)."""
    variables = {field.name: getattr(context, field.name) for field in fields(context)}
    return mark_unbroken(environment().get_template(f"{document}.html.j2").render(variables))


PHONE_CSS: Final = "phone.css"  # the twin's narrow-screen rules, never given to WeasyPrint
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([\w.-]+\.css)">')
_FONT_URL = re.compile(r"url\(fonts/([\w.-]+\.ttf)\)")
# Every character a font might be asked for that the page's text may not hold: printable
# ASCII (a counter, a typed entity) and the typographic marks the templates print.
_ALWAYS: Final = frozenset(map(chr, range(0x20, 0x7F))) | frozenset("£–—‘’“”…·→↑↓▲✗✓")
# Name records kept in each subset: fontTools' defaults (family, style, version, …) and the
# copyright (0) with the licence's description (13) and address (14), as the OFL asks.
_FONT_NAMES: Final = (0, 1, 2, 3, 4, 5, 6, 13, 14)


def _characters(*texts: str) -> frozenset[str]:
    """Every character the texts may show, either case (`text-transform: uppercase`)."""
    seen = frozenset("".join(unescape(text) for text in texts))
    return seen | frozenset(c.upper() for c in seen) | frozenset(c.lower() for c in seen) | _ALWAYS


@lru_cache(maxsize=16)
def font_data_uri(name: str, characters: frozenset[str]) -> str:
    """One of the shipped fonts (pipeline/static/fonts/`name`), subset to `characters`, as a
    WOFF2 data: URI; the same bytes every run (the font keeps its own timestamp)."""
    from fontTools import subset

    options = subset.Options()  # fontTools' default layout features: kerning, ligatures, …
    # (Source Sans 3's figures are tabular already: `tabular-nums` needs no `tnum` feature.)
    options.flavor = "woff2"  # Brotli: fontTools[woff], which WeasyPrint requires
    options.name_IDs = list(_FONT_NAMES)
    options.hinting = False  # two fifths of each subset, and screens rasterise without it
    options.recalc_timestamp = False
    out = io.BytesIO()
    with _fixed_font_timestamps(), subset.load_font(str(STATIC / "fonts" / name), options) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(characters)))
        subsetter.subset(font)
        subset.save_font(font, out, options)
    return f"data:font/woff2;base64,{base64.b64encode(out.getvalue()).decode('ascii')}"


# A caption or figcaption that ends with its "Sheet: X" note. The note is part of the caption's
# text, and so of the name of its table or figure, which a screen reader announces on entering
# it and, in some, on moving to each cell: the twin names each from the rest of the caption
# (aria-labelledby), so that the note is read once, after the caption's words.
_SHEET_CAPTION = re.compile(
    r"<(?P<tag>caption|figcaption)(?P<attrs>[^>]*)>(?P<words>(?:(?!</(?:fig)?caption>).)*?)"
    r'(?P<gap>\s*)(?P<note><span class="source">Sheet: [^<]*</span>)\s*</(?P=tag)>',
    flags=re.DOTALL,
)
_NAMED: Final = {"caption": "table", "figcaption": "figure"}


def name_without_sheet(html: str) -> str:
    """The HTML with each table or figure whose caption ends with a "Sheet: X" note named by
    the caption's words alone: they go in a `<span id="caption-N">` that its start tag names in
    `aria-labelledby`. The page looks the same; the note is still the caption's last words."""
    pieces: list[str] = []
    done = 0
    for number, match in enumerate(_SHEET_CAPTION.finditer(html), start=1):
        owner = _NAMED[match.group("tag")]
        start = html.rfind(f"<{owner}", done, match.start())
        if start < 0 or html.find(f"</{owner}>", start, match.start()) >= 0:
            continue  # a caption outside its table or figure: left as it is
        close = html.index(">", start)
        if "aria-label" in html[start:close]:
            continue  # named already
        ident = f"caption-{number}"
        pieces += [
            html[done:close],
            f' aria-labelledby="{ident}"',
            html[close : match.start()],
            f'<{match.group("tag")}{match.group("attrs")}><span id="{ident}">',
            match.group("words"),
            "</span>",
            match.group("gap"),
            match.group("note"),
            f"</{match.group('tag')}>",
        ]
        done = match.end()
    return "".join(pieces) + html[done:]


# A data table, which on a phone scrolls sideways (phone.css): a keyboard reaches it to scroll
# it (WCAG 2.1.1), and a screen reader announces its name there.
_DATA_TABLE = re.compile(r'<table class="data\b')


def html_twin(html: str) -> str:
    """A self-contained HTML copy of a report for the web: stylesheets inlined, the shipped
    fonts embedded (as WOFF2 subsets of the characters the page uses), each table and figure
    named without its "Sheet: X" note (`name_without_sheet`), each data table in the keyboard's
    reach, and phone.css added; nothing is fetched from anywhere."""
    sheets = {name: (STATIC / name).read_text(encoding="utf-8") for name in
              dict.fromkeys(_STYLESHEET.findall(html))}  # fmt: skip
    phone = (STATIC / PHONE_CSS).read_text(encoding="utf-8")
    characters = _characters(html, *sheets.values(), phone)

    def embed(match: re.Match[str]) -> str:
        return f'url({font_data_uri(match.group(1), characters)}) format("woff2")'

    def inline(match: re.Match[str]) -> str:
        return f"<style>\n{_FONT_URL.sub(embed, sheets[match.group(1)])}\n</style>"

    named = name_without_sheet(_DATA_TABLE.sub('<table tabindex="0" class="data', html))
    twin = _STYLESHEET.sub(inline, named)
    return twin.replace("</head>", f"<style>\n{phone}</style>\n</head>", 1)


def twin_bytes(html: str) -> bytes:
    """`html_twin` as the file's bytes (UTF-8): what the second core sends back."""
    return html_twin(html).encode()


@cache
def package_fetcher() -> Any:
    """A WeasyPrint URL fetcher for the package's own static files only: no network, no other
    local files. (WeasyPrint is imported here, when a PDF is first made, not at start-up.)"""
    from weasyprint.urls import URLFetcher

    class PackageFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(STATIC.resolve().as_uri()):
                raise ValueError(f"refused to fetch {url!r}: only the package's own files")
            return super().fetch(url, headers)

    return PackageFetcher(allowed_protocols={"file"})


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """fontTools stamps the clock into every font subset it embeds unless SOURCE_DATE_EPOCH
    is set (the reproducible-builds convention): pin it while rendering, so the same inputs
    give byte-identical PDFs."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = before or FIXED_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def load_weasyprint() -> None:
    """Import WeasyPrint (most of a second): the annual report's process does it first thing,
    while the main one is still analysing, so that its layout starts as soon as the HTML is
    ready."""
    import weasyprint  # noqa: F401


def render_pdf(html: str, *, base_url: Path = STATIC) -> bytes:
    """The HTML as a tagged PDF (PDF/UA-1), the same bytes for the same HTML."""
    from weasyprint import HTML

    with _fixed_font_timestamps():
        pdf = HTML(string=html, base_url=str(base_url), url_fetcher=package_fetcher()).write_pdf(
            pdf_variant="pdf/ua-1", uncompressed_pdf=False
        )
    assert isinstance(pdf, bytes)
    return pdf
