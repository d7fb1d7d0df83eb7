"""The HTML twins for the web (issue 19): a viewport, the fonts embedded, heatmap text at
4.5:1 or better, each table named without its "Sheet: X" note, and no WCAG 2.2 AA violation
that axe-core finds in a real headless Chromium (`make a11y`; skipped, saying what is missing,
on a machine without Chromium, chromedriver, selenium or axe-core)."""

from __future__ import annotations

import base64
import io
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import tinycss2
from conftest import script
from fontTools.ttLib import TTFont

from pipeline.matrices import MATRICES, Band, RiskMatrix
from pipeline.render import (
    MIN_CONTRAST,
    STATIC,
    band_styles,
    contrast,
    font_data_uri,
    html_twin,
    ink_for,
    name_without_sheet,
)

a11y = script("a11y")


# Heatmap contrast, from the stylesheets' own colours -----------------------------------------

STYLESHEETS = ("print.css", "components.css", "phone.css")  # the twin's, in its order


def _rules(rules: list[Any]) -> list[tuple[str, list[Any]]]:
    """(selector, declarations) of every style rule, those inside @media included."""
    found = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
            selector = tinycss2.serialize(rule.prelude).strip()
            found.append((selector, [d for d in declarations if d.type == "declaration"]))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            found += _rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True))
    return found


def _stylesheet_rules() -> list[tuple[str, list[Any]]]:
    rules = []
    for name in STYLESHEETS:
        css = (STATIC / name).read_text(encoding="utf-8")
        rules += _rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return rules


def _value(declaration: Any) -> str:
    return tinycss2.serialize(declaration.value).strip()


def _inline(style: str) -> dict[str, str]:
    """An inline style attribute's declarations, by property."""
    declarations = tinycss2.parse_blocks_contents(style, skip_whitespace=True)
    return {d.name: _value(d) for d in declarations if d.type == "declaration"}


_VAR = re.compile(r"^var\(\s*(--[\w-]+)\s*(?:,\s*(#[0-9a-fA-F]{6})\s*)?\)$")


def _resolve(value: str, properties: dict[str, str]) -> str:
    """A `#rrggbb` colour, or a var() of one (with its fallback), as a `#rrggbb` colour."""
    match = _VAR.match(value)
    if match is None:
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), f"not a colour this test reads: {value}"
        return value
    name, fallback = match.groups()
    resolved = properties.get(name, fallback)
    assert resolved is not None, f"{name} is set nowhere and has no fallback"
    return _resolve(resolved, properties)


HEATMAP_PARTS = re.compile(
    r"\.heatmap\b.*(\btd\b|\.cell\b)|\btd\.cell\b|\.zero\b|\.count\b|\.cell-band\b"
)
PAINT = ("color", "background", "background-color", "opacity", "filter", "mix-blend-mode")


def _cell_colours(matrix: RiskMatrix) -> list[tuple[str, bool, str, str]]:
    """(band, zero, text colour, background) of every kind of heatmap cell, as the stylesheets
    and the cell's inline style (render.band_styles) paint it."""
    painting = [
        (selector, declaration)
        for selector, declarations in _stylesheet_rules()
        if HEATMAP_PARTS.search(selector)
        for declaration in declarations
        if declaration.lower_name in PAINT
    ]
    zero: dict[str, str] = {}
    for selector, declaration in painting:
        # Nothing fades a cell or its words, and no rule but the zero cell's paints them: the
        # cell's inline style does (the band's colour and its ink), which only an !important
        # rule overrides.
        assert declaration.lower_name in ("color", "background"), f"{selector}: {declaration}"
        assert selector.endswith("td.zero"), f"{selector} paints a heatmap cell"
        assert declaration.important, f"{selector}: loses to the cell's inline style"
        zero[declaration.lower_name] = _value(declaration)
    assert set(zero) == {"color", "background"}
    cells = []
    for band, style in band_styles(matrix).items():
        inline = _inline(style)
        cells.append((band, False, inline["color"], inline["background"]))
        cells.append(
            (band, True, _resolve(zero["color"], inline), _resolve(zero["background"], inline))
        )
    return cells


# Every built-in matrix's bands, and a council's own in colours across the range, mid-tones
# (where neither near-black nor white reaches 4.5:1) among them.
SWATCHES = [f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 5)] + [
    "#767676", "#7a7a7a", "#808080", "#ff0000", "#00ff00", "#0000ff", "#ffdd00", "#912b88",
    "#28a197", "#5694ca", "#f499be", "#b58840", "#85994b", "#00703c", "#f47738", "#d4351c",
]  # fmt: skip
CUSTOM = RiskMatrix(
    name="swatches",
    impact=("Low",),
    likelihood=("Low",),
    ratings=((1,),),
    bands=tuple(Band(f"Band {n}", n, n, colour) for n, colour in enumerate(SWATCHES, start=1)),
)


@pytest.mark.parametrize("matrix", [*MATRICES.values(), CUSTOM], ids=lambda m: m.name)
def test_every_heatmap_cell_reads_at_4_5_to_1_or_better(matrix: RiskMatrix) -> None:
    """A cell's count and band word, zero or not, in every band's colour, against its own
    background: ratios worked out from the colours the stylesheets and inline styles set."""
    for band, zero, ink, background in _cell_colours(matrix):
        ratio = contrast(ink, background)
        assert ratio >= MIN_CONTRAST, f"{band} ({'zero' if zero else 'risks'}): {ratio:.2f}"


def test_a_cell_with_no_risks_is_paler_than_one_with_risks() -> None:
    """Still told apart at a glance: the zero cell's background is a tint, not the band's."""
    for band, zero, _, background in _cell_colours(next(iter(MATRICES.values()))):
        if zero:
            colour = next(c.colour for c in next(iter(MATRICES.values())).bands if c.name == band)
            assert contrast(background, "#ffffff") < contrast(colour, "#ffffff")


def test_ink_for_reaches_4_5_to_1_on_every_grey() -> None:
    for level in range(256):
        grey = f"#{level:02x}{level:02x}{level:02x}"
        assert contrast(ink_for(grey), grey) >= MIN_CONTRAST, grey


@pytest.mark.slow
def test_weasyprint_paints_a_zero_cell_in_its_tint() -> None:
    """The PDF as the stylesheet says: the !important rule over the inline style, with the
    custom properties the inline style sets (WeasyPrint's own cascade, not a browser's)."""
    from weasyprint import HTML

    matrix = next(iter(MATRICES.values()))
    styles = band_styles(matrix)
    band = matrix.bands[-1]
    html = (
        '<link rel="stylesheet" href="print.css"><link rel="stylesheet" href="components.css">'
        f'<table class="heatmap"><tr><td class="cell zero" style="{styles[band.name]}">'
        '<span class="count">0</span></td>'
        f'<td class="cell" style="{styles[band.name]}"><span class="count">1</span></td></tr>'
        "</table>"
    )
    document = HTML(string=html, base_url=str(STATIC)).render()

    def cells(box: Any) -> list[Any]:
        if getattr(box, "element_tag", None) == "td":
            return [box]
        return [cell for child in getattr(box, "children", []) for cell in cells(child)]

    zero, full = cells(document.pages[0]._page_box)
    inline = _inline(styles[band.name])

    def hex_of(colour: Any) -> str:
        return "#" + "".join(f"{round(channel * 255):02x}" for channel in tuple(colour)[:3])

    assert hex_of(zero.style["background_color"]) == inline["--zero-background"]
    assert hex_of(zero.style["color"]) == inline["--zero-ink"]
    assert hex_of(full.style["background_color"]) == band.colour
    assert float(zero.style["opacity"]) == 1


# The twin: fonts, names, viewport -------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Test</title>
  <link rel="stylesheet" href="print.css">
  <link rel="stylesheet" href="components.css">
</head>
<body>
<p>Risks still <em>High</em> after controls: £45,000 – “quoted” → ✓ Ŵ</p>
<table class="data register">
  <caption>Partnership register <span class="source">Sheet: Register</span></caption>
  <tbody><tr><td>1</td></tr></tbody>
</table>
<table class="heatmap" id="heatmap-residual">
  <caption>Residual risk <span class="source">Sheet: Heatmap</span></caption>
  <tbody><tr><td>1</td></tr></tbody>
</table>
<figure class="trend">
  <div class="keep-together">
  <figcaption>Quarter by quarter <span class="source">Sheet: Trend</span></figcaption>
  </div>
</figure>
<table class="data"><caption>No sheet here</caption><tbody><tr><td>1</td></tr></tbody></table>
</body>
</html>
"""


def _fonts(twin: str) -> list[bytes]:
    return [
        base64.b64decode(data)
        for data in re.findall(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", twin)
    ]


def test_the_twin_embeds_the_four_fonts_as_small_subsets() -> None:
    twin = html_twin(PAGE)
    assert "fonts/" not in twin
    assert all(url.startswith("url(data:") for url in re.findall(r"url\([^)]{0,10}", twin))
    fonts = _fonts(twin)
    assert len(fonts) == 4  # regular, italic, semibold, bold
    text = unescape(re.sub(r"<[^>]*>", "", PAGE))
    for woff2, name in zip(fonts, ("Regular", "It", "Semibold", "Bold"), strict=True):
        assert woff2[:4] == b"wOF2"
        assert len(woff2) < 25_000, f"{name}: {len(woff2):,} bytes, not a subset"
        subset = TTFont(io.BytesIO(woff2))
        with TTFont(STATIC / "fonts" / f"SourceSans3-{name}.ttf") as whole:
            shipped = set(whole.getBestCmap())
        covered = set(subset.getBestCmap())
        for character in set(text) | set(text.upper()):
            if ord(character) in shipped:
                assert ord(character) in covered, f"{name} lacks {character!r}"
        assert "kern" in {r.FeatureTag for r in subset["GPOS"].table.FeatureList.FeatureRecord}
        names = {record.nameID for record in subset["name"].names}
        assert {0, 13, 14} <= names  # the copyright and the licence, as the OFL asks


def test_the_twin_is_the_same_bytes_every_time() -> None:
    first = html_twin(PAGE)
    font_data_uri.cache_clear()
    assert html_twin(PAGE) == first


def test_each_caption_names_its_table_without_the_sheet_note() -> None:
    named = name_without_sheet(PAGE)
    assert '<table class="data register" aria-labelledby="caption-1">' in named
    assert (
        '<caption><span id="caption-1">Partnership register</span> '
        '<span class="source">Sheet: Register</span></caption>'
    ) in named
    assert '<table class="heatmap" id="heatmap-residual" aria-labelledby="caption-2">' in named
    assert '<figure class="trend" aria-labelledby="caption-3">' in named
    assert '<figcaption><span id="caption-3">Quarter by quarter</span>' in named
    assert '<table class="data"><caption>No sheet here</caption>' in named
    # The page reads the same: only tags and attributes were added.
    assert re.sub(r"<[^>]*>", "", named) == re.sub(r"<[^>]*>", "", PAGE)


def test_the_twin_makes_data_tables_reachable_by_keyboard() -> None:
    twin = html_twin(PAGE)
    assert twin.count('<table tabindex="0" class="data') == 2
    assert '<table class="heatmap"' in twin


@pytest.fixture(scope="module")
def twins(sample_published: Path) -> list[Path]:
    """The sample's four web pages that `make a11y` checks, from the session's run of the
    sample (at the tests' date; `make a11y` renders its own, at SAMPLE_AS_OF)."""
    return [sample_published / twin for twin in a11y.TWINS]


@pytest.mark.slow
def test_every_sheet_caption_of_the_sample_names_its_table_once(twins: list[Path]) -> None:
    """Every "Sheet: X" caption's words are in a span that its table or figure, and only it,
    names; every page a phone opens lays out at the phone's width."""
    for page in twins:
        html = page.read_text(encoding="utf-8")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        captions = re.findall(r"<(?:fig)?caption[^>]*>.*?</(?:fig)?caption>", html, re.DOTALL)
        with_sheet = [c for c in captions if 'class="source">Sheet:' in c]
        if page.parent.name == "public":
            # The public never gets report-data.xlsx: no caption names a sheet of it (§8).
            assert with_sheet == [], page
            continue
        assert len(with_sheet) >= 8, page
        ids = re.findall(r'<span id="(caption-\d+)">', html)
        assert len(ids) == len(with_sheet) == len(set(ids)), page
        for ident in ids:
            assert html.count(f'aria-labelledby="{ident}"') == 1, (page, ident)


# axe-core in headless Chromium ---------------------------------------------------------------


@pytest.mark.slow
def test_axe_core_finds_no_wcag_2_2_aa_violation_in_the_twins(twins: list[Path]) -> None:
    """Each twin at 1280 and 390 px in Debian's Chromium: axe-core's WCAG 2.0, 2.1 and 2.2 A
    and AA rules, and the script's own (viewport, reflow, names), find nothing."""
    lacking = a11y.missing()
    if lacking:
        pytest.skip("the accessibility check needs " + "; ".join(lacking))
    results = a11y.check(twins)
    assert len(results) == 2 * len(twins)
    assert not any(result.violations for result in results), a11y.report(results)
