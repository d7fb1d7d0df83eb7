"""What the checks share: a thing due (`Due`), what the checks read (`Context`), and the
small readings of a cell every check makes (a date, Yes, No, one cycle on).

The governance checks are in compliance, the town and parish council checks in liaison; both
land in `Overdue` and `Due soon` (compliance.overdue, compliance.due_soon).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pipeline.analyse.checks import Check
from pipeline.analyse.registry import step
from pipeline.analyse.topics.register import partnerships_with_significance
from pipeline.periods import add_months
from pipeline.settings import Settings
from pipeline.validate import Dataset


@dataclass(frozen=True, slots=True)
class Due:
    """Something a partnership must do, and when (None: never done and no start date).

    Its row names the partnership, its lead officer and the officer responsible for acting:
    the lead officer, unless `partnership` or `officer` say otherwise (a council's liaison
    rows name its partnership manager as responsible; a group meeting's row names no
    partnership and, as responsible, the officer the Meetings sheet names for that meeting). Its check (from the catalogue,
    pipeline/analyse/checks.py) names its rows in Overdue and Due soon.
    """

    partnership_id: str | None
    check: Check
    due: date | None
    detail: str
    officer: str | None = None
    partnership: str | None = None
    never: bool = False  # never done: no date of it being done (due from the start, or undated)
    risk_no: int | None = None  # the risk a risk target's or risk action's row is about
    # Due soon whenever not yet overdue: its check yields it only within its own notice
    # period (an exit strategy's), which the due-soon days do not shorten
    within_notice: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    partnerships: pd.DataFrame  # with `significant` (see register.partnerships_with_significance)
    agreements: pd.DataFrame
    actions: pd.DataFrame
    risks: pd.DataFrame
    risk_actions: pd.DataFrame  # the actions behind each risk (WORKBOOKS.md §11)
    settings: Settings
    as_of: date
    # The town and parish council sheets (WORKBOOKS.md §7), and which sheets were read.
    local_councils: pd.DataFrame
    meetings: pd.DataFrame
    devolved_services: pd.DataFrame
    read: frozenset[str]


@step("context")
def context_for(dataset: Dataset, *, settings: Settings, as_of: date) -> Context:
    """What the compliance checks read of a validated dataset: its partnerships with
    `significant` (register.partnerships_with_significance), agreements, actions, every
    risk (closed partnerships' too: only Active partnerships are checked) and every risk
    action."""
    return Context(
        partnerships=partnerships_with_significance(dataset.partnerships, settings=settings),
        agreements=dataset.agreements,
        actions=dataset.actions,
        risks=dataset.risks,
        risk_actions=dataset.risk_actions,
        settings=settings,
        as_of=as_of,
        local_councils=dataset.local_councils,
        meetings=dataset.meetings,
        devolved_services=dataset.devolved_services,
        read=dataset.read,
    )


def cell_date(value: object) -> date | None:
    if value is pd.NaT:
        return None
    if isinstance(value, datetime):  # Timestamps are datetimes
        return value.date()
    return None if is_blank(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def is_blank(value: object) -> bool:
    """A cell with nothing in it: None, NaN, NaT or NA."""
    return bool(pd.isna(value))  # type: ignore[call-overload]


def is_yes(value: object) -> bool:
    """A Yes/No cell that says Yes (blank is *not known*, which is not Yes)."""
    return not is_blank(value) and bool(value)


def is_no(value: object) -> bool:
    """A Yes/No cell that says No (blank is *not known*, which is not No)."""
    return not is_blank(value) and not bool(value)


def next_due(last: date | None, start: date | None, months: int) -> date | None:
    """One cycle after the last time it was done; never done: one cycle after the start."""
    if last is not None:
        return add_months(last, months)
    if start is not None:
        return add_months(start, months)
    return None


def is_overdue(due: date | None, as_of: date) -> bool:
    """Overdue at the as-of date (WORKBOOKS.md §5): due before it, or with no due date at all
    (never done, and no start date to count from)."""
    return due is None or due < as_of


def acting_officer(partnerships: pd.DataFrame) -> pd.Series:
    """Who must act on a council's liaison rows: its partnership manager, or its lead officer
    where the partnership manager is blank."""
    return partnerships["partnership_manager"].fillna(partnerships["lead_officer"])
