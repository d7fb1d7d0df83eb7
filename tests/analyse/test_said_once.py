"""Said once (issue 29): two lists or measures that are one set of risks print once, saying
they cover both; different sets, even of equal counts, print both. report-data.xlsx keeps
every table whole."""

from __future__ import annotations

import dataclasses

from conftest import AS_OF
from datasets import Book, Partnership, Risk, dataset, risk_at

from pipeline.analyse.definitions import same_risks
from pipeline.analyse.summaries.board import OUTSIDE_APPETITE_MEASURE
from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.analyse.topics.risks import HIGHEST_RISKS_SHOWN
from pipeline.analyse.views.pages import Pages, pages
from pipeline.context import report_context
from pipeline.periods import financial_quarter
from pipeline.render import render_html
from pipeline.settings import Settings

HIGH = (3, 3)  # residual rating 9: High, and above the default appetite of 6
MEDIUM = (2, 2)  # rating 5: Medium, within an appetite of 6, outside one of 4
LOW = (1, 1)


def _risks(*residuals: tuple[int, int]) -> list[Risk]:
    return [risk_at(no, (3, 3), residual) for no, residual in enumerate(residuals, start=1)]


def _tables(settings: Settings, *residuals: tuple[int, int]) -> ReportTables:
    book = Book(partnerships=[Partnership()], risks=_risks(*residuals))
    return report_tables(dataset(book), settings=settings, as_of=AS_OF, findings=[])


def _risk_figures(page: Pages) -> list[tuple[str, object]]:
    """The Risk management implication's figures as the board report prints them."""
    (risk,) = [i for i in page.board["Quarterly"].implications if i.section.startswith("Risk")]
    return [(row["Measure"], row["Value"]) for row in risk.figures]


def _quarterly(settings: Settings, tables: ReportTables) -> str:
    context = report_context(
        tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    return " ".join(render_html("quarterly-governance-report", context).split())


def test_the_same_risks_in_both_measures_are_one_tile_one_figure_one_message(
    settings: Settings,
) -> None:
    """Every High risk is outside appetite and the other way round: one tile and one
    implication figure worded for both, one key message; the sheets keep both measures."""
    tables = _tables(settings, HIGH, HIGH, MEDIUM, LOW)
    assert same_risks(tables.high_residual_risks, tables.outside_appetite)
    page = pages(tables)
    assert page.once.top_band_outside
    tiles = {row["Key"]: row["Measure"] for row in page.tiles}
    assert (
        tiles["top_band_residual_risks"] == "Risks still High after controls and outside appetite"
    )
    assert _risk_figures(page) == [
        ("Risks still High after controls and outside the council's appetite", 2)
    ]
    assert OUTSIDE_APPETITE_MEASURE in set(tables.implications["Measure"])  # the full record
    both = "2 risks are still High after controls and outside the council's risk appetite"
    messages = list(tables.key_messages["Message"])
    assert messages[0] == f"{both} (a residual rating above 6)."
    assert not any("High" in message for message in messages[1:])


def test_different_risks_print_both_measures(settings: Settings) -> None:
    """With an appetite of 4, a Medium risk is outside appetite too: the top band is one
    risk, outside appetite two, and both measures print, each under its own name. (Equal
    counts of different risks are two key messages: test_key_messages.)"""
    tables = _tables(dataclasses.replace(settings, appetite=4), HIGH, MEDIUM, LOW)
    assert not same_risks(tables.high_residual_risks, tables.outside_appetite)
    page = pages(tables)
    assert not page.once.top_band_outside
    tiles = {row["Key"]: row["Measure"] for row in page.tiles}
    assert tiles["top_band_residual_risks"] == "Risks still High after controls"
    assert _risk_figures(page) == [
        ("Risks still High after controls", 1),
        (OUTSIDE_APPETITE_MEASURE, 2),
    ]
    assert tables.key_messages["Sheet"].tolist()[:2] == ["Outside appetite", "High residual risks"]
    html = _quarterly(dataclasses.replace(settings, appetite=4), tables)
    assert "High residual</th>" in html
    assert "Outside appetite</th>" in html


def test_the_trend_table_gives_equal_counts_one_column(settings: Settings) -> None:
    """The top band and outside appetite as many in every period (here the one period): the
    Trend table prints one column named for both, and says why."""
    tables = _tables(settings, HIGH, HIGH, MEDIUM, LOW)
    assert pages(tables).once.trend_top_band_outside
    html = _quarterly(settings, tables)
    assert "High residual and outside appetite</th>" in html
    assert "Outside appetite</th>" not in html
    assert "were as many in every period: one column gives both." in html


def test_the_highest_risks_printed_in_the_outside_appetite_list_are_listed_once(
    settings: Settings,
) -> None:
    """More risks outside appetite than the highest risks list holds: the highest are that
    list's first rows, so the pack prints the outside appetite list only and says it covers
    both; the Highest risks sheet keeps its rows."""
    tables = _tables(settings, *[HIGH] * (HIGHEST_RISKS_SHOWN + 1), LOW)
    page = pages(tables)
    assert page.once.highest_in_outside == HIGHEST_RISKS_SHOWN == len(tables.highest_risks)
    html = _quarterly(settings, tables)
    assert "Outside appetite, and the highest residual risks" in html
    assert (
        f"This list covers both the risks outside the council's appetite and the "
        f"{HIGHEST_RISKS_SHOWN} highest residual risks: its first {HIGHEST_RISKS_SHOWN} rows "
        "are the highest"
    ) in html
    assert "The highest residual risks" not in html
    assert 'class="data highest-risks"' not in html


def test_highest_risks_not_all_outside_appetite_print_both_lists(settings: Settings) -> None:
    """Among the ten highest is a risk within appetite: both lists print, neither saying it
    covers the other."""
    tables = _tables(settings, HIGH, HIGH, MEDIUM, LOW)
    assert pages(tables).once.highest_in_outside == 0
    html = _quarterly(settings, tables)
    assert 'class="data highest-risks"' in html
    assert 'class="data outside-appetite"' in html
    assert "This list covers both" not in html
