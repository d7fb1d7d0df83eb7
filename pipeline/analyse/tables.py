"""The report tables: every table declared in the topics and summaries, in the order of
report-data.xlsx's sheets, and built once from the run's sources.

A table is declared beside its function (`@table` in pipeline.analyse.registry), and its
parameters name what it is built from. This module imports every module that declares tables,
says the order of the sheets (SHEET_ORDER, checked against what is declared when imported),
and builds them (`report_tables`). Everything that needs a table's sheet reads it here or in
the registry: publish (the sheets and their order), history (what an earlier period
published), the templates (`sheet_of` for the "Sheet: X" captions) and the tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Final

import pandas as pd

from pipeline.analyse.registry import DECLARED, Sources, Table, sheet_of
from pipeline.analyse.summaries import (  # noqa: F401  (each declares its tables)
    board,
    compliance_summary,
    data_quality,
    glance,
    key_messages,
    summary,
)
from pipeline.analyse.summaries.board import EXEMPT_ITEMS_COLUMNS
from pipeline.analyse.topics import (  # noqa: F401  (each declares its tables)
    assurance,
    changes,
    compliance,
    due,
    liaison,
    proposals,
    register,
    risks,
    survey,
    trend,
)
from pipeline.findings import Finding
from pipeline.periods import Period, financial_quarter
from pipeline.settings import Settings
from pipeline.validate import Dataset

__all__ = ["SHEETS", "ReportTables", "Table", "built", "report_tables", "sheet_of"]

# The sheets of report-data.xlsx, in order: the board's reading order, summaries first.
SHEET_ORDER: Final = (
    "key_messages",
    "summary",
    "at_a_glance",
    "assurance",
    "governance_issues",
    "register",
    "costs_by_priority",
    "risks",
    "heatmap",
    "target_heatmap",
    "risk_bands",
    "risk_movement",
    "outside_appetite",
    "highest_risks",
    "high_residual_risks",
    "high_risks_by_wording",
    "risks_by_type",
    "key_partnerships",
    "partnership_heatmaps",
    "partnership_risks",
    "risk_actions",
    "overdue",
    "overdue_by_officer",
    "due_soon",
    "check_counts",
    "compliance",
    "trend",
    "changes",
    "survey",
    "survey_by_theme",
    "survey_by_type",
    "agreement_by_type",
    "survey_comments",
    "comment_counts",
    "response_rates",
    "liaison",
    "liaison_coverage",
    "liaison_gaps",
    "council_requests",
    "councils_by_type",
    "meetings_held",
    "consultations",
    "devolved_services",
    "devolution_by_stage",
    "commentary",
    "recommendations",
    "implications",
    "proposals",
    "significant_partnerships",
    "exempt_items",
    "data_quality",
    "data_quality_summary",
)
_ON_SHEETS: Final = {name for name, entry in DECLARED.items() if entry.sheet}
if set(SHEET_ORDER) != _ON_SHEETS or len(SHEET_ORDER) != len(_ON_SHEETS):
    raise RuntimeError(
        "SHEET_ORDER must name every declared table once: "
        f"missing {sorted(_ON_SHEETS - set(SHEET_ORDER))}, "
        f"not declared {sorted(set(SHEET_ORDER) - _ON_SHEETS)}"
    )
TABLES: Final = tuple(DECLARED[name] for name in SHEET_ORDER)
STEPS: Final = tuple(entry for entry in DECLARED.values() if entry.sheet is None)
BY_NAME: Final = DECLARED  # the registry itself, not a copy: one place says what a table is
SHEETS: Final = {entry.name: entry.sheet for entry in TABLES if entry.sheet}


class ReportTables(Mapping[str, pd.DataFrame]):
    """The finished report tables by name (`tables.survey_by_type`, `tables["risks"]`), in
    the order of report-data.xlsx's sheets."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]) -> None:
        unknown = set(frames) - set(SHEETS)
        if unknown:
            raise KeyError(f"not registered report tables: {sorted(unknown)}")
        self._frames = {name: frames[name] for name in SHEETS if name in frames}

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.__dict__["_frames"][name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(f"no report table called {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name → table, in sheet order: `survey_by_type` is the `Survey by type` sheet
        (the sheet its declaration names: renaming a sheet is one edit, there)."""
        return {sheet_of(name): frame for name, frame in self._frames.items()}


def built(sources: Mapping[str, Any]) -> ReportTables:
    """Every report table, each built once from the `sources` (Sources.values()) and from
    the tables and steps its parameters name."""
    values: dict[str, Any] = dict(sources)

    def value(name: str) -> Any:
        if name not in values:
            if name not in BY_NAME:
                raise KeyError(f"{name!r} is no report table, step or source")
            entry = BY_NAME[name]
            values[name] = entry.build(**{given: value(given) for given in entry.inputs})
        return values[name]

    read = values["read"]
    return ReportTables(
        {
            entry.name: value(entry.name)
            for entry in TABLES
            if entry.when is None or entry.when in read
        }
    )


def source_values(
    dataset: Dataset,
    *,
    settings: Settings,
    as_of: date,
    findings: Sequence[Finding],
    previous: Mapping[str, pd.DataFrame] | None = None,
    last_year: Mapping[str, pd.DataFrame] | None = None,
    history: Sequence[Any] = (),
    record_exempt_items: pd.DataFrame | None = None,
    period: Period | None = None,
) -> dict[str, Any]:
    """The run's sources by name (see Sources): `history` the earlier periods the Trend
    reads, oldest first; `record_exempt_items` what the earlier periods compared with listed as
    exempt, with a Period column; `period` the as-of date's quarter unless given."""
    return Sources(
        dataset=dataset,
        settings=settings,
        as_of=as_of,
        findings=findings,
        period=period or financial_quarter(as_of),
        previous=previous,
        last_year=last_year,
        history=history,
        record_exempt_items=(
            record_exempt_items
            if record_exempt_items is not None
            else pd.DataFrame(columns=[*EXEMPT_ITEMS_COLUMNS, "Period"])
        ),
    ).values()


def report_tables(
    dataset: Dataset,
    *,
    settings: Settings,
    as_of: date,
    findings: Sequence[Finding],
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
