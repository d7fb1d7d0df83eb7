"""The key figures on the reports' first pages, each derived from a finished report table, and
matched with last year's by a stable key (never by a label, which may carry a year)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from pipeline.analyse.definitions import active_register, money_total
from pipeline.analyse.registry import step, table
from pipeline.analyse.topics.survey import ALL_QUESTIONS, printed_percent
from pipeline.matrices import RiskMatrix
from schemas.figures import SUMMARY_KEYS

SUMMARY_COLUMNS: Final = ("Measure", "Value", "Unit", "Last year", "Key")


@table("Summary", SUMMARY_COLUMNS)
def summary(
    register: pd.DataFrame,
    risks: pd.DataFrame,
    high_residual_risks: pd.DataFrame,
    overdue: pd.DataFrame,
    due_soon: pd.DataFrame,
    survey_by_theme: pd.DataFrame,
    responses: pd.DataFrame,
    last_year_summary: pd.DataFrame | None = None,
    *,
    matrix: RiskMatrix,
) -> pd.DataFrame:
    """The key figures on the reports' first pages, one row per measure, each counted from the
    report table named beside it. Unit says how to read Value (count, £, fraction, pp); Key
    names the measure for good (`survey_responses`, whatever the year), one of the keys
    declared in schemas.figures that officers' text may quote (`{overdue}`), and Last year is the
    same measure in the newest report published for the previous financial year (`last_year_summary`,
    its Summary sheet), blank when there is none. The `Summary` sheet."""
    active = active_register(register)
    rows: list[tuple[str, str, object, str]] = [  # Key, Measure, Value, Unit
        ("partnerships", "Partnerships in the register", len(register), "count"),
        ("active_partnerships", "Active partnerships", len(active), "count"),
        (
            "significant_active_partnerships",
            "Significant active partnerships",
            int((active["Significant"] == "Yes").sum()),
            "count",
        ),
        (
            "budget_contribution",
            "Budget contribution of active partnerships",
            money_total(active["Budget contribution"]),
            "£",
        ),
        (
            "annual_cost",
            "What active partnerships cost a year",
            money_total(active["Annual cost"]),
            "£",
        ),
        ("risks", "Risks recorded (partnerships not closed)", len(risks), "count"),
        (
            "top_band_residual_risks",
            f"Risks still {matrix.top_band.name} after controls",
            len(high_residual_risks),
            "count",
        ),
        ("overdue", "Checks and actions overdue", len(overdue), "count"),
        ("due_soon", "Checks and actions due soon", len(due_soon), "count"),
    ]
    headline = survey_by_theme[survey_by_theme["Theme"] == ALL_QUESTIONS]
    if not headline.empty:
        latest = headline.iloc[0]  # latest year first
        year = int(latest["Survey year"])
        responded = int((responses["survey_year"] == year).sum())
        change_label = _survey_change_label(latest)
        rows += [
            ("survey_responses", f"Survey responses {year}", responded, "count"),
            (
                "survey_agreement",
                f"Answers agreeing, {year} survey",
                float(latest["Agree"]),
                "fraction",
            ),
            (
                "survey_agreement_change",
                change_label,
                latest["Change"],
                "pp",
            ),
        ]
    undeclared = [key for key, *_ in rows if key not in SUMMARY_KEYS]
    if undeclared:  # officers' live figures are checked against the declared keys
        raise AssertionError(f"Summary keys not in schemas.figures.SUMMARY_KEYS: {undeclared}")
    table = pd.DataFrame(rows, columns=["Key", "Measure", "Value", "Unit"])
    table["Last year"] = _last_year(table, last_year_summary)
    return table[list(SUMMARY_COLUMNS)]


def _survey_change_label(headline: pd.Series) -> str:
    """The change tile's label. The change pools only the questions asked in both years
    (survey_by_theme): where some were asked in one year only the label says so, and where
    that makes the compared agreement print otherwise than the agreement tile beside it (or
    last year's), it gives the two figures compared: "…: 53% → 58%"."""
    label = "Change in agreement since the previous survey"
    if headline["Compared figures differ"] == "Yes":
        before = printed_percent(headline["Earlier agree, questions in both"])
        now = printed_percent(headline["Agree, questions in both"])
        year = int(headline["Compared with"])
        return (
            f"Change in agreement since the {year} survey, on the questions asked in both "
            f"years: {before}% → {now}%"
        )
    changed = headline[["Not asked in the earlier year", "Not asked this year"]].notna().any()
    return f"{label}, on the questions asked in both surveys" if changed else label


def _last_year(table: pd.DataFrame, last_year: pd.DataFrame | None) -> pd.Series:
    """Each measure's value in last year's Summary sheet, matched by Key. A Summary published
    before keys were added has no Key column: it is matched by label, as it was then."""
    if last_year is None or not {"Measure", "Value"} <= set(last_year.columns):
        return pd.Series(float("nan"), index=table.index)
    by = "Key" if "Key" in last_year.columns else "Measure"
    before = last_year.drop_duplicates(by).set_index(by)["Value"]
    return table[by].map(before).astype("float64")


@step()
def last_year_summary(last_year: Mapping[str, pd.DataFrame] | None) -> pd.DataFrame | None:
    """The Summary that last financial year's newest report published (None: none was)."""
    return last_year.get("summary") if last_year is not None else None
