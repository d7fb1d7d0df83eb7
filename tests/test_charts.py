"""charts: the trend chart as inline SVG, drawn by real matplotlib and laid out by WeasyPrint."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from pypdf import PdfReader

from pipeline.charts import spread, trend_chart
from pipeline.matrices import MATRICES
from pipeline.render import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
BANDS = MATRICES["charnwood-3x3"].bands
COLOURS = {band.name: band.colour for band in BANDS}
MEASURES = ("High residual risks", "Outside appetite", "Overdue items", "Due soon items")


def trend_table(periods: int, **overrides: list[float]) -> pd.DataFrame:
    """A Trend table of `periods` rows, oldest first, with any column's values replaced."""
    columns: dict[str, object] = {
        "Period": [f"2026/27 Q{quarter}" for quarter in range(1, periods + 1)],
        "As of": pd.date_range("2026-06-30", periods=periods, freq="QE-MAR"),
        "Active partnerships": [12] * periods,
        "Risks": [40 + row for row in range(periods)],
        "High residual risks": [30 + row for row in range(periods)],
        "Outside appetite": [4 + row for row in range(periods)],
        "Overdue items": [5 - row for row in range(periods)],
        "Due soon items": [2 * row for row in range(periods)],
    }
    return pd.DataFrame(columns | overrides)


def chart(trend: pd.DataFrame) -> str:
    svg = trend_chart(trend, top_band="High", band_colours=COLOURS)
    assert svg is not None
    return svg


def markers(root: ET.Element, colour: str) -> int:
    """How many markers of this colour the chart draws (matplotlib `<use>`s one per point)."""
    return sum(use.get("fill") == colour for use in root.iter(f"{SVG}use"))


@pytest.mark.parametrize("periods", [0, 1])
def test_fewer_than_two_periods_give_no_chart(periods: int) -> None:
    """With one period or none there is no trend to draw: the report says so in words."""
    assert trend_chart(trend_table(periods), top_band="High", band_colours=COLOURS) is None


def test_the_chart_is_an_svg_element_named_in_words() -> None:
    """An `<svg>` element that parses, with no declaration or DOCTYPE, named as an image by
    an aria-label that gives every period and every measure."""
    svg = chart(trend_table(3))
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    label = root.get("aria-label", "")
    assert label.startswith(
        "Trend by quarter, 2026/27 Q1 to 2026/27 Q3. Periods: 2026/27 Q1, 2026/27 Q2, 2026/27 Q3."
    )
    for measure in MEASURES:
        assert measure in label
    assert "High residual risks 30, 31, 32" in label


def test_the_top_band_names_the_high_residual_line() -> None:
    """A matrix whose top band is Red calls the line "Red residual risks", in Red's colour."""
    colours = {"Green": "#00703c", "Amber": "#f47738", "Red": "#aa0000"}
    svg = trend_chart(trend_table(3), top_band="Red", band_colours=colours)
    assert svg is not None
    root = ET.fromstring(svg)
    assert "Red residual risks 30, 31, 32" in root.get("aria-label", "")
    assert "Red residual risks" in texts(root)
    assert markers(root, "#aa0000") == 3 + 1  # a marker on each point, and one in the legend


def test_a_band_name_is_printed_as_written() -> None:
    """A council's own band name with dollar signs is words, not TeX for matplotlib."""
    svg = trend_chart(trend_table(2), top_band="$Top$", band_colours={"$Top$": "#aa0000"})
    assert svg is not None
    assert "$Top$ residual risks" in texts(ET.fromstring(svg))


def texts(root: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_words_stay_text_in_the_report_font() -> None:
    """Period labels, legend and values are `<text>` (not paths), in Source Sans 3."""
    root = ET.fromstring(chart(trend_table(3)))
    words = texts(root)
    for period in ("2026/27 Q1", "2026/27 Q2", "2026/27 Q3"):
        assert period in words
    for measure in MEASURES:
        assert measure in words
    assert "32" in words  # the last High residual value, beside its point
    assert all(
        text.get("font-family", "").startswith("'Source Sans 3'")
        for text in root.iter(f"{SVG}text")
    )


def test_the_same_table_gives_the_same_bytes() -> None:
    """Nothing random or dated in the SVG, so reports are reproducible."""
    assert chart(trend_table(4)) == chart(trend_table(4))


def test_a_blank_count_is_a_gap_not_a_zero() -> None:
    """An older period without Outside appetite draws no point for it, and says so in words."""
    with_gap = chart(trend_table(3, **{"Outside appetite": [np.nan, 5, 6]}))
    without = chart(trend_table(3))
    blue = "#1d70b8"
    assert markers(ET.fromstring(without), blue) == 3 + 1
    assert markers(ET.fromstring(with_gap), blue) == 2 + 1
    assert "Outside appetite not recorded, 5, 6;" in ET.fromstring(with_gap).get("aria-label", "")


def test_two_series_equal_in_every_period_are_one_line_named_for_both() -> None:
    """The top band and outside appetite with the same count in each period are drawn once,
    labelled for both, in words too; the others stay lines of their own."""
    same = [31.0, 30.0, 32.0]
    root = ET.fromstring(
        chart(trend_table(3, **{"High residual risks": same, "Outside appetite": same}))
    )
    words = texts(root)
    assert "High residual risks and outside appetite" in words
    assert "Outside appetite" not in words
    assert "Overdue items" in words
    blue, red = "#1d70b8", COLOURS["High"]
    assert markers(root, blue) == 0  # no outside-appetite line of its own
    assert markers(root, red) == 3 + 1
    label = root.get("aria-label", "")
    assert "High residual risks and outside appetite 31, 30, 32;" in label
    assert label.count("31, 30, 32") == 1


def test_series_equal_in_some_periods_only_stay_two_lines() -> None:
    """Equal at the last period but not the first: two lines, each named."""
    root = ET.fromstring(
        chart(trend_table(2, **{"High residual risks": [5, 6], "Outside appetite": [4, 6]}))
    )
    words = texts(root)
    assert "High residual risks" in words
    assert "Outside appetite" in words
    assert markers(root, "#1d70b8") == 2 + 1


def test_nullable_integer_columns_are_read() -> None:
    """The Trend sheet's counts may be pandas' nullable integers, blank as pd.NA."""
    trend = trend_table(2, **{"Due soon items": pd.array([pd.NA, 3], dtype="Int64")})
    label = ET.fromstring(chart(trend)).get("aria-label", "")
    assert "Due soon items not recorded, 3." in label


def test_importing_the_module_does_not_import_matplotlib() -> None:
    """matplotlib costs about 0.3 s to import, so only drawing a chart imports it."""
    code = "import sys, pipeline.charts; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.slow
def test_weasyprint_sets_the_chart_as_text(caplog: pytest.LogCaptureFixture) -> None:
    """Inlined in a page, the chart's words reach the PDF as text in Source Sans 3, and
    WeasyPrint logs no warning about the SVG."""
    font = "@font-face { font-family: 'Source Sans 3'; src: url(fonts/SourceSans3-%s.ttf); %s }"
    fonts = font % ("Regular", "") + font % ("Bold", "font-weight: 700;")
    html = (
        '<!doctype html><html lang="en"><head><title>Trend</title>'
        f"<style>{fonts}</style></head>"
        f"<body><figure>{chart(trend_table(3))}</figure></body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(html)
    assert [r.getMessage() for r in caplog.records if "HarfBuzz" not in r.getMessage()] == []
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    # WeasyPrint sets SVG text letter by letter and writes no spaces between the words.
    text = "".join(page.extract_text().split())
    assert "2026/27Q2" in text
    assert "Outsideappetite" in text
    fonts_used = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert all("Source-Sans-3" in name for name in fonts_used), fonts_used


def test_drawing_leaves_matplotlib_settings_as_they_were() -> None:
    """Every setting is made inside rc_context: nothing leaks into other code."""
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    chart(trend_table(3))
    assert dict(mpl.rcParams) == before


@pytest.mark.parametrize(
    ("heights", "placed"),
    [
        ([0.0, 20.0], [0.0, 20.0]),  # far enough apart already
        ([10.0, 12.0], [10.0, 20.0]),  # the higher one moves up
        ([12.0, 10.0, 11.0], [30.0, 10.0, 20.0]),  # each keeps its place in the list
    ],
)
def test_end_values_are_spread_apart(heights: list[float], placed: list[float]) -> None:
    """Values printed beside lines that end close together sit one above the other."""
    assert spread(heights, 10.0) == placed
