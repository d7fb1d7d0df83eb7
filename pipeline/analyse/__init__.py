"""analyse: pure functions from the validated dataset to the named report tables.

Every table is declared once in `pipeline.analyse.tables` (its sheet, its function, its
inputs, its columns), is a sheet of report-data.xlsx under that name, and every number in a
PDF comes from one of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from pipeline.analyse.tables import ReportTables, built, sheet_of, source_values
from pipeline.findings import Finding
from pipeline.periods import Period
from pipeline.settings import Settings
from pipeline.validate import Dataset

__all__ = ["ReportTables", "report_tables", "sheet_of"]


def report_tables(
    dataset: Dataset,
    *,
    settings: Settings,
    as_of: date,
    findings: list[Finding],
    previous: Mapping[str, pd.DataFrame] | None = None,
    last_year: Mapping[str, pd.DataFrame] | None = None,
    history: Sequence[Any] = (),
    record_exempt_items: pd.DataFrame | None = None,
    period: Period | None = None,
) -> ReportTables:
    """Every report table from the validated dataset. `previous` holds the tables the last
    published quarter published (for what changed since), `last_year` those of the newest
    period of the previous financial year (for last year's figures), each by table name;
    `history` every earlier period the Trend sheet reads (pipeline.history.trend_history),
    `record_exempt_items` what those periods listed as exempt (WORKBOOKS.md §8)."""
    return built(
        source_values(
            dataset,
            settings=settings,
            as_of=as_of,
            findings=findings,
            previous=previous,
            last_year=last_year,
            history=history,
            record_exempt_items=record_exempt_items,
            period=period,
        )
    )
