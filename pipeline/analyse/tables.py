"""The registry of report tables: each declared once, named for what it is, its inputs visible.

A `Table` names a table (`survey_by_type`, how code and templates call it), its sheet in
report-data.xlsx (`Survey by type`), the function that builds it, what that function is given
(other tables, steps, or the run's sources), and its columns. Steps are tables with no sheet:
worked out once, shared, not published. Everything that needs a table's name reads it here:
publish (the sheets and their order), history (what an earlier period published), the
templates (`sheet_of` for the "Sheet: X" captions) and the tests. Adding a table is one entry
below; renaming a sheet is one edit.

The run's sources, the names a table may be built from besides other tables: the validated
dataset (`dataset`) and its frames (`partnerships`, `members`, `agreements`, `actions`, `risk_rows`,
`questions`, `responses`, `answers`, `invitations`, `local_councils`, `meetings`,
`consultation_rows`, `devolved_rows`, `commentary_rows`, `recommendation_rows`), the sheet kinds read (`read`), `settings`, `matrix`, `as_of`,
`findings`, the earlier periods' tables, `previous` and `last_year` (None when nothing
was published before) and `history` (every earlier period the Trend reads), what those
periods listed as exempt (`record_exempt_items`), and `period`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import pandas as pd

from pipeline.analyse.summaries.board import (
    COMMENTARY_COLUMNS,
    EXEMPT_ITEMS_COLUMNS,
    IMPLICATIONS_COLUMNS,
    RECOMMENDATIONS_COLUMNS,
    SIGNIFICANT_PARTNERSHIPS_COLUMNS,
    commentary,
    exempt_items,
    implications,
    recommendations,
    significant_partnerships,
)
from pipeline.analyse.summaries.compliance_summary import (
    CHECK_COUNTS_COLUMNS,
    COMPLIANCE_COLUMNS,
    OVERDUE_BY_OFFICER_COLUMNS,
    check_counts,
    compliance,
    overdue_by_officer,
)
from pipeline.analyse.summaries.data_quality import (
    DATA_QUALITY_SUMMARY_COLUMNS,
    data_quality_summary,
)
from pipeline.analyse.summaries.glance import (
    AT_A_GLANCE_COLUMNS,
    RISKS_BY_WORDING_COLUMNS,
    partnerships_at_a_glance,
    risks_by_wording,
)
from pipeline.analyse.summaries.key_messages import KEY_MESSAGES_COLUMNS, key_messages
from pipeline.analyse.summaries.summary import SUMMARY_COLUMNS, summary
from pipeline.analyse.topics.changes import CHANGES_COLUMNS, changes
from pipeline.analyse.topics.compliance import (
    DUE_SOON_COLUMNS,
    OVERDUE_TABLE_COLUMNS,
    due_items,
    due_soon,
    overdue,
)
from pipeline.analyse.topics.due import context_for
from pipeline.analyse.topics.liaison import (
    CONSULTATIONS_COLUMNS,
    COUNCILS_BY_TYPE_COLUMNS,
    DEVOLUTION_BY_STAGE_COLUMNS,
    DEVOLVED_SERVICES_COLUMNS,
    LIAISON_COLUMNS,
    LIAISON_COVERAGE_COLUMNS,
    LIAISON_GAPS_COLUMNS,
    MEETINGS_HELD_COLUMNS,
    consultations,
    councils_by_type,
    devolution_by_stage,
    devolved_services,
    liaison,
    liaison_coverage,
    liaison_gaps,
    meetings_held,
)
from pipeline.analyse.topics.register import (
    COSTS_BY_PRIORITY_COLUMNS,
    KEY_PARTNERSHIPS_COLUMNS,
    REGISTER_COLUMNS,
    REGISTER_EXTRA_COLUMNS,
    costs_by_priority,
    key_partnerships,
    partnership_names,
    register,
)
from pipeline.analyse.topics.risks import (
    APPETITE_HEATMAP_COLUMNS,
    HIGH_RESIDUAL_COLUMNS,
    HIGHEST_RISKS_COLUMNS,
    OUTSIDE_APPETITE_COLUMNS,
    PARTNERSHIP_HEATMAPS_COLUMNS,
    PARTNERSHIP_RISKS_COLUMNS,
    RISK_BANDS_COLUMNS,
    RISK_MOVEMENT_COLUMNS,
    RISKS_BY_TYPE_COLUMNS,
    RISKS_COLUMNS,
    high_residual_risks,
    highest_risks,
    key_partnership_ids,
    outside_appetite,
    partnership_heatmaps,
    partnership_risks,
    risk_bands,
    risk_heatmap,
    risk_movement,
    risk_table,
    risks_by_type,
    risks_in_scope,
    risks_with_ratings,
    target_heatmap,
)
from pipeline.analyse.topics.survey import (
    AGREEMENT_BY_TYPE_COLUMNS,
    COMMENT_COUNTS_COLUMNS,
    RESPONSE_RATES_COLUMNS,
    SURVEY_BY_THEME_COLUMNS,
    SURVEY_BY_THEME_EXTRA_COLUMNS,
    SURVEY_BY_TYPE_COLUMNS,
    SURVEY_COLUMNS,
    SURVEY_COMMENTS_COLUMNS,
    agreement_by_type,
    comment_counts,
    response_rates,
    survey,
    survey_by_theme,
    survey_by_type,
    survey_comments,
)
from pipeline.analyse.topics.trend import TREND_COLUMNS, trend
from pipeline.findings import DATA_QUALITY_COLUMNS, Finding, findings_table
from pipeline.matrices import RiskMatrix
from pipeline.periods import Period, financial_quarter
from pipeline.settings import Settings

SOURCES: Final = (
    "dataset",
    "partnerships",
    "members",
    "agreements",
    "actions",
    "risk_rows",
    "questions",
    "responses",
    "answers",
    "invitations",
    "local_councils",
    "meetings",
    "consultation_rows",
    "devolved_rows",
    "commentary_rows",
    "recommendation_rows",
    "read",
    "settings",
    "matrix",
    "as_of",
    "findings",
    "previous",
    "last_year",
    "history",
    "record_exempt_items",
    "period",
)


@dataclass(frozen=True)
class Table:
    """One report table (or, with no sheet, a step shared by several tables).

    `build` is called with `inputs` in order and `options` by keyword, each the value of the
    table, step or source of that name. `columns` are the table's columns in order; a table
    whose further columns follow the data (`Agreement by type` has one per organisation type)
    says so in `then`. A table of an optional input sheet (the town and parish council
    sheets) names it in `when`, and is left out of the report when no workbook has one.
    """

    name: str
    sheet: str | None
    build: Callable[..., Any]
    inputs: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    then: str = ""
    when: str | None = None  # the input sheet it reads: built only when a workbook has one


# Steps: the validated rows the tables share, worked out once.


def _changes(
    risks: pd.DataFrame,
    overdue_table: pd.DataFrame,
    partnerships: pd.DataFrame,
    previous: Mapping[str, pd.DataFrame] | None,
) -> pd.DataFrame:
    if previous is None:
        return pd.DataFrame(columns=list(CHANGES_COLUMNS), dtype="str")
    return changes(
        risks,
        overdue_table,
        previous_risks=previous["risks"],
        previous_overdue=previous["overdue"],
        names=partnership_names(partnerships),
    )


def _survey_by_type(
    answers: pd.DataFrame, questions: pd.DataFrame, *, settings: Settings
) -> pd.DataFrame:
    return survey_by_type(answers, questions, min_group_size=settings.min_group_size)


def _last_year_summary(last_year: Mapping[str, pd.DataFrame] | None) -> pd.DataFrame | None:
    return last_year["summary"] if last_year is not None else None


def _key_messages(*tables: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    names = ("outside_appetite", "high_residual_risks", "survey", "check_counts", "overdue")
    return key_messages(*tables, settings=settings, sheets={name: SHEETS[name] for name in names})


STEPS: Final = (
    Table("in_scope", None, risks_in_scope, ("risk_rows", "partnerships")),
    Table("rated", None, risks_with_ratings, ("in_scope",), ("matrix",)),
    Table("context", None, context_for, ("dataset",), ("settings", "as_of")),
    Table("due_items", None, due_items, ("context",)),
    Table("key_ids", None, key_partnership_ids, ("partnerships",)),
    Table("last_year_summary", None, _last_year_summary, ("last_year",)),
)

# The report tables, in the order of report-data.xlsx's sheets.
TABLES: Final = (
    Table(
        "key_messages",
        "Key messages",
        _key_messages,
        ("outside_appetite", "high_residual_risks", "survey", "check_counts", "overdue"),
        ("settings",),
        KEY_MESSAGES_COLUMNS,
    ),
    Table(
        "summary",
        "Summary",
        summary,
        (
            "register",
            "risks",
            "high_residual_risks",
            "overdue",
            "due_soon",
            "survey_by_theme",
            "responses",
            "last_year_summary",
        ),
        ("matrix",),
        SUMMARY_COLUMNS,
    ),
    Table(
        "at_a_glance",
        "At a glance",
        partnerships_at_a_glance,
        ("register", "overdue"),
        ("matrix",),
        AT_A_GLANCE_COLUMNS,
    ),
    Table(
        "register",
        "Register",
        register,
        ("partnerships", "risks", "agreements"),
        ("settings",),
        (*REGISTER_COLUMNS, *REGISTER_EXTRA_COLUMNS),
    ),
    Table(
        "costs_by_priority",
        "Costs by priority",
        costs_by_priority,
        ("register",),
        (),
        COSTS_BY_PRIORITY_COLUMNS,
    ),
    Table("risks", "Risks", risk_table, ("rated",), ("settings", "previous"), RISKS_COLUMNS),
    Table(
        "heatmap",
        "Heatmap",
        risk_heatmap,
        ("risks",),
        ("matrix", "settings"),
        APPETITE_HEATMAP_COLUMNS,
    ),
    Table(
        "target_heatmap",
        "Target heatmap",
        target_heatmap,
        ("rated",),
        ("matrix", "settings"),
        APPETITE_HEATMAP_COLUMNS,
    ),
    Table("risk_bands", "Risk bands", risk_bands, ("risks",), ("matrix",), RISK_BANDS_COLUMNS),
    Table(
        "risk_movement",
        "Risk movement",
        risk_movement,
        ("rated",),
        ("matrix",),
        RISK_MOVEMENT_COLUMNS,
    ),
    Table(
        "outside_appetite",
        "Outside appetite",
        outside_appetite,
        ("risks", "rated", "partnerships"),
        (),
        OUTSIDE_APPETITE_COLUMNS,
    ),
    Table(
        "highest_risks",
        "Highest risks",
        highest_risks,
        ("rated", "partnerships", "risks"),
        (),
        HIGHEST_RISKS_COLUMNS,
    ),
    Table(
        "high_residual_risks",
        "High residual risks",
        high_residual_risks,
        ("rated", "partnerships"),
        ("matrix",),
        HIGH_RESIDUAL_COLUMNS,
    ),
    Table(
        "high_risks_by_wording",
        "High risks by wording",
        risks_by_wording,
        ("high_residual_risks",),
        (),
        RISKS_BY_WORDING_COLUMNS,
    ),
    Table(
        "risks_by_type",
        "Risks by type",
        risks_by_type,
        ("rated",),
        ("matrix",),
        RISKS_BY_TYPE_COLUMNS,
    ),
    Table(
        "key_partnerships",
        "Key partnerships",
        key_partnerships,
        ("register", "partnerships", "members", "at_a_glance", "key_ids"),
        (),
        KEY_PARTNERSHIPS_COLUMNS,
    ),
    Table(
        "partnership_heatmaps",
        "Partnership heatmaps",
        partnership_heatmaps,
        ("risks", "partnerships"),
        ("matrix",),
        PARTNERSHIP_HEATMAPS_COLUMNS,
    ),
    Table(
        "partnership_risks",
        "Partnership risks",
        partnership_risks,
        ("rated", "partnerships"),
        (),
        PARTNERSHIP_RISKS_COLUMNS,
    ),
    Table("overdue", "Overdue", overdue, ("context", "due_items"), (), OVERDUE_TABLE_COLUMNS),
    Table(
        "overdue_by_officer",
        "Overdue by officer",
        overdue_by_officer,
        ("overdue",),
        (),
        OVERDUE_BY_OFFICER_COLUMNS,
    ),
    Table("due_soon", "Due soon", due_soon, ("context", "due_items"), (), DUE_SOON_COLUMNS),
    Table(
        "check_counts",
        "Check counts",
        check_counts,
        ("overdue", "due_soon"),
        ("read", "settings"),
        CHECK_COUNTS_COLUMNS,
    ),
    Table(
        "compliance",
        "Compliance",
        compliance,
        ("context", "overdue", "due_soon"),
        (),
        COMPLIANCE_COLUMNS,
    ),
    Table(
        "trend",
        "Trend",
        trend,
        ("register", "risks", "high_residual_risks", "outside_appetite", "overdue", "due_soon"),
        ("history", "period", "as_of"),
        TREND_COLUMNS,
    ),
    Table(
        "changes",
        "Changes",
        _changes,
        ("risks", "overdue", "partnerships", "previous"),
        (),
        CHANGES_COLUMNS,
    ),
    Table("survey", "Survey", survey, ("answers", "questions"), (), SURVEY_COLUMNS),
    Table(
        "survey_by_theme",
        "Survey by theme",
        survey_by_theme,
        ("answers", "questions"),
        (),
        (*SURVEY_BY_THEME_COLUMNS, *SURVEY_BY_THEME_EXTRA_COLUMNS),
    ),
    Table(
        "survey_by_type",
        "Survey by type",
        _survey_by_type,
        ("answers", "questions"),
        ("settings",),
        SURVEY_BY_TYPE_COLUMNS,
    ),
    Table(
        "agreement_by_type",
        "Agreement by type",
        agreement_by_type,
        ("survey_by_type",),
        (),
        AGREEMENT_BY_TYPE_COLUMNS,
        then="one column per organisation type",
    ),
    Table(
        "survey_comments",
        "Survey comments",
        survey_comments,
        ("answers", "questions"),
        (),
        SURVEY_COMMENTS_COLUMNS,
    ),
    Table(
        "comment_counts",
        "Comment counts",
        comment_counts,
        ("survey_comments",),
        (),
        COMMENT_COUNTS_COLUMNS,
    ),
    Table(
        "response_rates",
        "Response rates",
        response_rates,
        ("responses", "invitations"),
        (),
        RESPONSE_RATES_COLUMNS,
    ),
    Table(
        "liaison",
        "Liaison",
        liaison,
        ("context", "due_items", "overdue", "due_soon"),
        (),
        LIAISON_COLUMNS,
        when="Local councils",
    ),
    Table(
        "liaison_coverage",
        "Liaison coverage",
        liaison_coverage,
        ("context", "liaison"),
        (),
        LIAISON_COVERAGE_COLUMNS,
        when="Local councils",
    ),
    Table(
        "liaison_gaps",
        "Liaison gaps",
        liaison_gaps,
        ("context", "liaison"),
        (),
        LIAISON_GAPS_COLUMNS,
        when="Local councils",
    ),
    Table(
        "councils_by_type",
        "Councils by type",
        councils_by_type,
        ("local_councils",),
        (),
        COUNCILS_BY_TYPE_COLUMNS,
        when="Local councils",
    ),
    Table(
        "meetings_held",
        "Meetings held",
        meetings_held,
        ("meetings",),
        ("as_of",),
        MEETINGS_HELD_COLUMNS,
        when="Meetings",
    ),
    Table(
        "consultations",
        "Consultations",
        consultations,
        ("consultation_rows",),
        ("context",),
        CONSULTATIONS_COLUMNS,
        when="Consultations",
    ),
    Table(
        "devolved_services",
        "Devolved services",
        devolved_services,
        ("devolved_rows", "partnerships"),
        (),
        DEVOLVED_SERVICES_COLUMNS,
        when="Devolved services",
    ),
    Table(
        "devolution_by_stage",
        "Devolution by stage",
        devolution_by_stage,
        ("devolved_services",),
        (),
        DEVOLUTION_BY_STAGE_COLUMNS,
        when="Devolved services",
    ),
    Table(
        "commentary",
        "Commentary",
        commentary,
        ("commentary_rows",),
        (),
        COMMENTARY_COLUMNS,
        when="Commentary",
    ),
    Table(
        "recommendations",
        "Recommendations",
        recommendations,
        ("recommendation_rows",),
        (),
        RECOMMENDATIONS_COLUMNS,
        when="Recommendations",
    ),
    Table(
        "implications",
        "Implications",
        implications,
        ("register", "overdue", "high_residual_risks", "outside_appetite", "partnerships"),
        ("matrix",),
        IMPLICATIONS_COLUMNS,
    ),
    Table(
        "significant_partnerships",
        "Significant partnerships",
        significant_partnerships,
        ("context", "due_items", "register"),
        (),
        SIGNIFICANT_PARTNERSHIPS_COLUMNS,
    ),
    Table(
        "exempt_items",
        "Exempt items",
        exempt_items,
        ("partnerships", "risk_rows", "commentary_rows", "changes", "record_exempt_items"),
        (),
        EXEMPT_ITEMS_COLUMNS,
    ),
    Table("data_quality", "Data quality", findings_table, ("findings",), (), DATA_QUALITY_COLUMNS),
    Table(
        "data_quality_summary",
        "Data quality by partnership",
        data_quality_summary,
        ("data_quality", "dataset"),
        (),
        DATA_QUALITY_SUMMARY_COLUMNS,
    ),
)
BY_NAME: Final = {table.name: table for table in (*STEPS, *TABLES)}
SHEETS: Final = {table.name: table.sheet for table in TABLES if table.sheet}


def sheet_of(name: str) -> str:
    """The sheet of report-data.xlsx that holds the table `name` (KeyError if none does)."""
    return SHEETS[name]


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

    def replaced(self, **frames: pd.DataFrame) -> ReportTables:
        """A copy with some tables replaced (to see how a page prints other figures)."""
        return ReportTables({**self._frames, **frames})

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name → table, in sheet order: `survey_by_type` is the `Survey by type` sheet."""
        return {SHEETS[name]: frame for name, frame in self._frames.items()}


def built(sources: Mapping[str, Any]) -> ReportTables:
    """Every report table, each built once from the `sources` (see SOURCES) and from the
    tables and steps it is declared to be built from."""
    missing = set(SOURCES) - set(sources)
    if missing:
        raise KeyError(f"sources not given: {sorted(missing)}")
    values: dict[str, Any] = dict(sources)

    def value(name: str) -> Any:
        if name not in values:
            table = BY_NAME[name]
            values[name] = table.build(
                *(value(given) for given in table.inputs),
                **{option: value(option) for option in table.options},
            )
        return values[name]

    read = values["read"]
    return ReportTables(
        {
            table.name: value(table.name)
            for table in TABLES
            if table.when is None or table.when in read
        }
    )


def source_values(
    dataset: Any,
    *,
    settings: Settings,
    as_of: date,
    findings: list[Finding],
    previous: Mapping[str, pd.DataFrame] | None = None,
    last_year: Mapping[str, pd.DataFrame] | None = None,
    history: Sequence[Any] = (),
    record_exempt_items: pd.DataFrame | None = None,
    period: Period | None = None,
) -> dict[str, Any]:
    """The run's sources, from the validated dataset and the earlier periods' tables
    (`history`: those the Trend reads, oldest first; `record_exempt_items`: what the earlier
    periods compared with listed as exempt, with a Period column; `period`: the as-of date's
    quarter unless given)."""
    matrix: RiskMatrix = settings.matrix
    return {
        "dataset": dataset,
        "partnerships": dataset.partnerships,
        "members": dataset.members,
        "agreements": dataset.agreements,
        "actions": dataset.actions,
        "risk_rows": dataset.risks,
        "questions": dataset.questions,
        "responses": dataset.responses,
        "answers": dataset.answers,
        "invitations": dataset.invitations,
        "local_councils": dataset.local_councils,
        "meetings": dataset.meetings,
        "consultation_rows": dataset.consultations,
        "devolved_rows": dataset.devolved_services,
        "commentary_rows": dataset.commentary,
        "recommendation_rows": dataset.recommendations,
        "read": dataset.read,
        "settings": settings,
        "matrix": matrix,
        "as_of": as_of,
        "findings": findings,
        "previous": previous,
        "last_year": last_year,
        "history": list(history),
        "record_exempt_items": (
            record_exempt_items
            if record_exempt_items is not None
            else pd.DataFrame(columns=[*EXEMPT_ITEMS_COLUMNS, "Period"])
        ),
        "period": period or financial_quarter(as_of),
    }
