"""analyse: pure functions from the validated dataset to the named report tables.

Every table here is a sheet of report-data.xlsx, under the same name, and every number in a
PDF comes from one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Final

import pandas as pd

from pipeline.analyse.changes import CHANGES_COLUMNS, changes
from pipeline.analyse.compliance import Context, due_soon, overdue
from pipeline.analyse.compliance_summary import check_counts, compliance
from pipeline.analyse.register import costs_by_priority, partnerships_with_significance, register
from pipeline.analyse.risks import (
    high_residual_risks,
    highest_risks,
    partnership_heatmaps,
    partnership_risks,
    risk_bands,
    risk_heatmap,
    risk_movement,
    risk_table,
    risks_by_type,
    risks_in_scope,
    risks_with_ratings,
)
from pipeline.analyse.survey import (
    ALL_QUESTIONS,
    response_rates,
    survey,
    survey_by_theme,
    survey_by_type,
    survey_comments,
)
from pipeline.findings import Finding, findings_table
from pipeline.history import Previous
from pipeline.settings import Settings
from pipeline.validate import Dataset

SUMMARY_COLUMNS: Final = ("Measure", "Value", "Unit", "Last year")


@dataclass(frozen=True)
class ReportTables:
    """The tables behind the reports, in the order of report-data.xlsx's sheets."""

    summary: pd.DataFrame
    register: pd.DataFrame
    costs_by_priority: pd.DataFrame
    risks: pd.DataFrame
    heatmap: pd.DataFrame
    risk_bands: pd.DataFrame
    risk_movement: pd.DataFrame
    highest_risks: pd.DataFrame
    high_residual_risks: pd.DataFrame
    risks_by_type: pd.DataFrame
    partnership_heatmaps: pd.DataFrame
    partnership_risks: pd.DataFrame
    overdue: pd.DataFrame
    due_soon: pd.DataFrame
    check_counts: pd.DataFrame
    compliance: pd.DataFrame
    changes: pd.DataFrame
    survey: pd.DataFrame
    survey_by_theme: pd.DataFrame
    survey_by_type: pd.DataFrame
    survey_comments: pd.DataFrame
    response_rates: pd.DataFrame
    data_quality: pd.DataFrame

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name → table: `survey_by_type` is the `Survey by type` sheet."""
        return {
            SHEET_NAMES.get(f.name, f.name.replace("_", " ").capitalize()): getattr(self, f.name)
            for f in fields(self)
        }


SHEET_NAMES: Final = {"due_soon": "Due soon", "data_quality": "Data quality"}


def summary(
    register_table: pd.DataFrame,
    risks: pd.DataFrame,
    overdue_table: pd.DataFrame,
    due_soon_table: pd.DataFrame,
    themes: pd.DataFrame,
    responses: pd.DataFrame,
    last_year: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The key figures on the reports' first pages. One row per measure; Unit says how to
    read Value (count, £, fraction, pp); Last year is the same measure in the newest report
    published for the previous financial year (`last_year`, its Summary sheet), blank when
    there is none. `themes` is the `Survey by theme` table. The `Summary` sheet."""
    active = register_table[register_table["Status"] == "Active"]
    rows: list[tuple[str, object, str]] = [
        ("Partnerships in the register", len(register_table), "count"),
        ("Active partnerships", len(active), "count"),
        ("Significant active partnerships", int((active["Significant"] == "Yes").sum()), "count"),
        (
            "Budget contribution of active partnerships",
            float(active["Budget contribution"].fillna(0).sum()),
            "£",
        ),
        ("Annual cost of active partnerships", float(active["Annual cost"].sum()), "£"),
        ("Risks assessed (partnerships not closed)", len(risks), "count"),
        ("High residual risks", int((risks["Residual band"] == "High").sum()), "count"),
        ("Overdue items", len(overdue_table), "count"),
        ("Items due soon", len(due_soon_table), "count"),
    ]
    headline = themes[themes["Theme"] == ALL_QUESTIONS]
    if not headline.empty:
        latest = headline.iloc[0]  # latest year first
        year = int(latest["Survey year"])
        rows += [
            (f"Survey responses {year}", int((responses["survey_year"] == year).sum()), "count"),
            (f"Partners agreeing {year} (all questions)", float(latest["Agree"]), "fraction"),
            ("Change in agreement since the previous survey", latest["Change"], "pp"),
        ]
    table = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS[:3]))
    before = (
        last_year.set_index("Measure")["Value"]
        if last_year is not None and {"Measure", "Value"} <= set(last_year.columns)
        else pd.Series(dtype="float64")
    )
    table["Last year"] = table["Measure"].map(before).astype("float64")
    return table


def report_tables(
    dataset: Dataset,
    *,
    settings: Settings,
    as_of: date,
    findings: list[Finding],
    previous: Previous | None = None,
    last_year: pd.DataFrame | None = None,
) -> ReportTables:
    """Every report table from the validated dataset (and the last published quarter's
    tables, for the changes since then)."""
    rated = risks_with_ratings(
        risks_in_scope(dataset.risks, dataset.partnerships), matrix=settings.matrix
    )
    risks = risk_table(rated)
    register_table = register(dataset.partnerships, risks, dataset.agreements, settings=settings)
    ctx = Context(
        partnerships=partnerships_with_significance(dataset.partnerships, settings=settings),
        agreements=dataset.agreements,
        actions=dataset.actions,
        risks=dataset.risks,
        settings=settings,
        as_of=as_of,
    )
    overdue_table = overdue(ctx)
    due_soon_table = due_soon(ctx)
    survey_table = survey(dataset.answers, dataset.questions)
    themes = survey_by_theme(dataset.answers, dataset.questions)
    return ReportTables(
        summary=summary(
            register_table,
            risks,
            overdue_table,
            due_soon_table,
            themes,
            dataset.responses,
            last_year,
        ),
        register=register_table,
        costs_by_priority=costs_by_priority(register_table),
        risks=risks,
        heatmap=risk_heatmap(risks, matrix=settings.matrix),
        risk_bands=risk_bands(risks, matrix=settings.matrix),
        risk_movement=risk_movement(rated, matrix=settings.matrix),
        highest_risks=highest_risks(rated, dataset.partnerships),
        high_residual_risks=high_residual_risks(
            rated, dataset.partnerships, matrix=settings.matrix
        ),
        risks_by_type=risks_by_type(rated, matrix=settings.matrix),
        partnership_heatmaps=partnership_heatmaps(
            risks, dataset.partnerships, matrix=settings.matrix
        ),
        partnership_risks=partnership_risks(rated, dataset.partnerships),
        overdue=overdue_table,
        due_soon=due_soon_table,
        check_counts=check_counts(overdue_table, due_soon_table),
        compliance=compliance(ctx, overdue_table, due_soon_table),
        changes=changes(
            risks,
            overdue_table,
            previous_risks=previous.risks,
            previous_overdue=previous.overdue,
            names=dataset.partnerships.set_index("partnership_id")["partnership"],
        )
        if previous is not None
        else pd.DataFrame(columns=list(CHANGES_COLUMNS), dtype="str"),
        survey=survey_table,
        survey_by_theme=themes,
        survey_by_type=survey_by_type(
            dataset.answers, dataset.questions, min_group_size=settings.min_group_size
        ),
        survey_comments=survey_comments(dataset.answers, dataset.questions),
        response_rates=response_rates(dataset.responses, dataset.invitations),
        data_quality=findings_table(findings),
    )
