"""What the report tables share, defined once: dates in words, the due-soon horizon, what
counts as active, money totals, the "to date" of a quarter still running. The topics,
summaries and views import these rather than saying them again.

Dates in words and "to date" are field definitions for time, so they live in
pipeline/periods.py (which the renderer and the command line read too) and are given here
for the analysis.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from pipeline.analyse.checks import ACTIVE
from pipeline.periods import is_to_date, reported_end, uk_date

__all__ = [
    "active",
    "active_register",
    "due_soon_horizon",
    "is_active",
    "is_to_date",
    "money_total",
    "reported_end",
    "risk_keys",
    "same_risks",
    "uk_date",
]


def due_soon_horizon(as_of: date, due_soon_days: int) -> date:
    """The last day Due soon looks to: `due_soon_days` after the as-of date (inclusive)."""
    return as_of + timedelta(days=due_soon_days)


def is_active(status: pd.Series) -> pd.Series:
    """Whether each partnership is Active, by its status (the Partnerships sheet's `status`,
    the Register's `Status`)."""
    return status == ACTIVE


def active(partnerships: pd.DataFrame) -> pd.DataFrame:
    """The Active partnerships of the Partnerships sheet (its `status`)."""
    return partnerships[is_active(partnerships["status"])]


def active_register(register: pd.DataFrame) -> pd.DataFrame:
    """The Active partnerships of the `Register` table (its `Status`)."""
    return register[is_active(register["Status"])]


def money_total(amounts: pd.Series) -> float:
    """A sum of money as the reports give it, in pounds: a blank counts as £0."""
    return float(amounts.fillna(0).sum())


def risk_keys(table: pd.DataFrame) -> list[tuple[str, int]]:
    """The risks a report table lists, in its order: each as (Partnership ID, Risk no)."""
    numbers = pd.to_numeric(table["Risk no"]).astype("int64")
    return list(zip(table["Partnership ID"].astype("str"), numbers, strict=True))


def same_risks(first: pd.DataFrame, second: pd.DataFrame) -> bool:
    """Whether two report tables of risks list one and the same set of risks, told by
    (Partnership ID, Risk no): on Charnwood's matrix every risk still High after controls is
    outside appetite and the other way round. Equal counts are not enough (docs/decisions.md,
    "Said once")."""
    return set(risk_keys(first)) == set(risk_keys(second))
