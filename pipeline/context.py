"""What the templates see: the report tables and a few facts about the run, as a typed
`ReportContext` (its fields are the templates' variables; `render.render_html` passes them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from markupsafe import Markup

from pipeline.analyse.tables import ReportTables, sheet_of
from pipeline.analyse.topics.survey import NOT_SHOWN
from pipeline.analyse.views.pages import RUN, Pages, pages
from pipeline.charts import trend_chart
from pipeline.heatmaps import Heatmaps, heatmaps
from pipeline.load import InputFile
from pipeline.matrices import RiskMatrix
from pipeline.periods import Period
from pipeline.render import band_styles, live_figures, number
from pipeline.settings import Settings


@dataclass(frozen=True)
class Withheld:
    """How many partnerships and risks of this run's workbooks the public edition leaves out
    (the one sentence it adds)."""

    partnerships: int = 0
    risks: int = 0


@dataclass(frozen=True, slots=True)
class ReportContext:
    """The variables of a report's template, each a field (see `report_context`)."""

    public: bool  # the public edition: no sheet, workbook or matrix named, no "Not for publication"
    withheld_partnerships: int  # what the public edition leaves out (the one sentence it adds)
    withheld_risks: int
    last_year: Period | None  # the period last year's figures come from
    inputs: list[InputFile]  # the workbooks read (none for the public edition)
    compared_with: Period | None  # the quarter "what changed" compares with
    council: str
    board: str
    period: Period
    period_end: date  # a quarter still running is labelled "to date", up to the as-of date (§5)
    to_date: bool
    as_of: date
    matrix: RiskMatrix
    band_styles: dict[str, str]
    heatmaps: Heatmaps  # how the matrix's heatmaps are laid out (pipeline/heatmaps.py)
    settings: Settings
    tables: ReportTables
    pages: Pages  # the tables arranged for the pages
    # Each Summary key → its figure as the tiles print it: what `{overdue}` in officers' text
    # prints (the `plain` filter), from this edition's own tables (the public's, in public).
    live_figures: dict[str, str]
    # The board's reports say "Not for publication" when they print anything exempt
    # (commentary only in the report it is for), and close with those items (§8).
    exempt_in: dict[str, pd.DataFrame]
    trend_chart: str | None
    # The "Sheet: X" notes, from the registry: the board's only (the public never gets
    # report-data.xlsx).
    sheet_of: Callable[[str], str]
    source: Callable[[str], Markup]  # a table's note, by table name
    sheet_note: Callable[[str], Markup]  # a sheet's note, by sheet name
    not_shown: str
    change_run: int  # changes of one kind for one partnership What changed counts on one line


def report_context(
    tables: ReportTables,
    *,
    settings: Settings,
    period: Period,
    as_of: date,
    compared_with: Period | None = None,
    last_year: Period | None = None,
    inputs: Sequence[InputFile] = (),
    withheld: Withheld | None = None,
) -> ReportContext:
    """What the templates see: the report tables and a few facts about the run. With
    `withheld` (what it leaves out), the public edition's: it never names a sheet, a workbook
    or the matrix, and never says "Not for publication"."""
    public = withheld is not None
    exempt = tables.exempt_items
    return ReportContext(
        public=public,
        withheld_partnerships=withheld.partnerships if withheld else 0,
        withheld_risks=withheld.risks if withheld else 0,
        last_year=last_year,
        inputs=[] if public else list(inputs),
        compared_with=compared_with,
        council=settings.council,
        board=settings.board,
        period=period,
        period_end=min(period.end, as_of),
        to_date=as_of < period.end,
        as_of=as_of,
        matrix=settings.matrix,
        band_styles=band_styles(settings.matrix),
        heatmaps=heatmaps(
            settings.matrix,
            _widest_count(tables.heatmap, tables.target_heatmap),
            _widest_count(tables.partnership_heatmaps),
        ),
        settings=settings,
        tables=tables,
        pages=pages(tables),
        live_figures=live_figures(tables.summary),
        exempt_in={
            report: exempt[exempt["Report"].isin([report, "Both"])]
            for report in ("Annual", "Quarterly")
        },
        trend_chart=trend_chart(
            tables.trend,
            top_band=settings.matrix.top_band.name,
            band_colours={band.name: band.colour for band in settings.matrix.bands},
        ),
        sheet_of=sheet_of,
        source=_no_note if public else lambda name: sheet_note(sheet_of(name)),
        sheet_note=_no_note if public else sheet_note,
        not_shown=NOT_SHOWN,
        change_run=RUN,
    )


def _widest_count(*cells: pd.DataFrame) -> str:
    """The widest count of risks in these heatmaps' cells, as printed ("1,204")."""
    counts = [int(count) for frame in cells for count in frame["Risks"]]
    return number(max(counts, default=0))


def _no_note(name: str) -> Markup:
    """The public edition's note of where a table comes from: none."""
    return Markup("")


def sheet_note(sheet: str) -> Markup:
    """The board's note of the report-data.xlsx sheet a table comes from."""
    return Markup('<span class="source">Sheet: {}</span>').format(sheet)
