"""Governance compliance: what is overdue, and what falls due soon (WORKBOOKS.md §5).

Each check is one small named function returning rows of (Partnership ID, Check, Due date,
Detail); `overdue()` and `due_soon()` run them all and add the officer and the day counts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

import pandas as pd

from pipeline.periods import add_months
from pipeline.settings import Settings
from pipeline.validate import Dataset
from schemas.register import AGREEMENT_ITEMS, GOVERNANCE_DOCUMENTS, Agreements, Partnerships

OVERDUE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Lead officer",
    "Check",
    "Due date",
    "Days overdue",
    "Detail",
)
DUE_SOON_COLUMNS: Final = (*OVERDUE_COLUMNS[:5], "Days until due", "Detail")
PERFORMANCE_REPORT_MONTHS: Final = {"Quarterly": 3, "Six-monthly": 6, "Annual": 12}


@dataclass(frozen=True, slots=True)
class Due:
    """Something a partnership must do, and when (None: never done and no start date)."""

    partnership_id: str
    thing: str  # "Review", "Health check", …: the check's name without "overdue"/"due"
    due: date | None
    detail: str


@dataclass(frozen=True, slots=True)
class Context:
    partnerships: pd.DataFrame  # with `significant` (see register.partnerships_with_significance)
    agreements: pd.DataFrame
    actions: pd.DataFrame
    risks: pd.DataFrame
    settings: Settings
    as_of: date
    # What overdue() and due_soon() both need, worked out once.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def context_for(dataset: Dataset, *, settings: Settings, as_of: date) -> Context:
    """What the compliance checks read of a validated dataset: its partnerships with
    `significant` (register.partnerships_with_significance), agreements, actions and every
    risk (closed partnerships' too: only Active partnerships are checked)."""
    # register imports compliance_summary, which imports this module: import it when called.
    from pipeline.analyse.register import partnerships_with_significance

    return Context(
        partnerships=partnerships_with_significance(dataset.partnerships, settings=settings),
        agreements=dataset.agreements,
        actions=dataset.actions,
        risks=dataset.risks,
        settings=settings,
        as_of=as_of,
    )


def _day(value: object) -> date | None:
    if value is pd.NaT:
        return None
    if isinstance(value, datetime):  # Timestamps are datetimes
        return value.date()
    return None if _blank(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def _blank(value: object) -> bool:
    """A cell with nothing in it: None, NaN, NaT or NA."""
    return bool(pd.isna(value))  # type: ignore[call-overload]


def is_yes(value: object) -> bool:
    """A Yes/No cell that says Yes (blank is *not known*, which is not Yes)."""
    return not _blank(value) and bool(value)


def is_no(value: object) -> bool:
    """A Yes/No cell that says No (blank is *not known*, which is not No)."""
    return not _blank(value) and not bool(value)


@functools.cache
def _uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def next_due(last: date | None, start: date | None, months: int) -> date | None:
    """One cycle after the last time it was done; never done: one cycle after the start."""
    if last is not None:
        return add_months(last, months)
    if start is not None:
        return add_months(start, months)
    return None


def _cycle(
    active: pd.DataFrame, thing: str, last_column: str, months: int, label: str
) -> Iterator[Due]:
    for row in active[["partnership_id", last_column, "start_date"]].to_dict("records"):
        last = _day(row[last_column])
        due = next_due(last, _day(row["start_date"]), months)
        detail = f"{label} {_uk(last)}" if last else f"No {thing.lower()} recorded"
        yield Due(row["partnership_id"], thing, due, detail)


def reviews_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Next review: as typed, or last review + the review cycle."""
    months = ctx.settings.review_cycle_months
    cycle = _cycle(active, "Review", "last_review", months, "Last review")
    for due, typed in zip(cycle, active["next_review"], strict=True):
        next_review = _day(typed)
        if next_review is None:
            yield due
        else:
            detail = f"Next review set for {_uk(next_review)}"
            yield Due(due.partnership_id, due.thing, next_review, detail)


def health_checks_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    months = ctx.settings.health_check_months
    yield from _cycle(active, "Health check", "last_health_check", months, "Last health check")


def performance_reports_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Every 3, 6 or 12 months by reporting frequency; blank frequency: no check."""
    for frequency, months in PERFORMANCE_REPORT_MONTHS.items():
        reporting = active[active["reporting_frequency"] == frequency]
        for due in _cycle(
            reporting, "Performance report", "last_performance_report", months, "Last report"
        ):
            detail = f"{due.detail} ({frequency.lower()} reporting)"
            yield Due(due.partnership_id, due.thing, due.due, detail)


def risk_assessments_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Latest assessment date of a partnership's risks + the risk assessment cycle."""
    latest = ctx.risks.groupby("partnership_id")["assessment_date"].max().to_dict()
    for partnership_id in active["partnership_id"]:
        if pd.notna(latest.get(partnership_id)):
            last = _day(latest[partnership_id])
            assert last is not None
            due = add_months(last, ctx.settings.risk_assessment_months)
            yield Due(partnership_id, "Risk assessment", due, f"Last assessed {_uk(last)}")


def actions_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Open actions, whatever the partnership's status; one completed after the as-of
    date was still open then."""
    del active
    as_of = pd.Timestamp(ctx.as_of)
    open_actions = ctx.actions[ctx.actions["completed"].isna() | (ctx.actions["completed"] > as_of)]
    for row in open_actions.to_dict("records"):
        yield Due(
            row["partnership_id"], "Action", _day(row["due"]), f"{row['action']} ({row['owner']})"
        )


DUE_THINGS: Final[tuple[Callable[[Context, pd.DataFrame], Iterator[Due]], ...]] = (
    reviews_due,
    health_checks_due,
    risk_assessments_due,
    performance_reports_due,
    actions_due,
)


# Checks with no due date ------------------------------------------------------------------


def _headings(model: type, names: tuple[str, ...]) -> dict[str, str]:
    columns = model.to_schema().columns  # type: ignore[attr-defined]
    return {name: str(columns[name].title) for name in names}


def risk_assessment_missing(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Significant and no risks recorded."""
    assessed = set(ctx.risks["partnership_id"])
    for row in active.loc[active["significant"], ["partnership_id"]].to_dict("records"):
        if row["partnership_id"] not in assessed:
            yield Due(
                row["partnership_id"],
                "Risk assessment missing",
                None,
                "Significant partnership with no risks recorded",
            )


def past_end_date(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Still Active after its end date (overdue from the day after)."""
    for row in active[["partnership_id", "end_date"]].dropna().to_dict("records"):
        end = _day(row["end_date"])
        assert end is not None
        if end < ctx.as_of:
            yield Due(
                row["partnership_id"], "Past end date", end, f"Ended {_uk(end)} but still Active"
            )


def agreement_incomplete(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """A Key partnership with an Agreements item No or blank, or no Agreements row."""
    headings = _headings(Agreements, AGREEMENT_ITEMS)
    by_id = {
        agreement["partnership_id"]: agreement
        for agreement in ctx.agreements.drop_duplicates("partnership_id").to_dict("records")
    }
    for row in active.loc[active["category"] == "Key", ["partnership_id"]].to_dict("records"):
        if row["partnership_id"] not in by_id:
            yield Due(row["partnership_id"], "Agreement incomplete", None, "No agreement checklist")
            continue
        agreement = by_id[row["partnership_id"]]
        missing = [headings[item] for item in AGREEMENT_ITEMS if not is_yes(agreement[item])]
        if missing:
            yield Due(
                row["partnership_id"],
                "Agreement incomplete",
                None,
                "Not covered: " + ", ".join(missing),
            )


def governance_gap(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Any of the five governance documents No or blank; the detail names which."""
    del ctx
    headings = _headings(Partnerships, GOVERNANCE_DOCUMENTS)
    for row in active[["partnership_id", *GOVERNANCE_DOCUMENTS]].to_dict("records"):
        missing = [headings[doc] for doc in GOVERNANCE_DOCUMENTS if not is_yes(row[doc])]
        if missing:
            yield Due(
                row["partnership_id"],
                "Governance gap",
                None,
                "Missing or not known: " + ", ".join(missing),
            )


def accountable_without_capacity(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """The council is the accountable body but has said it lacks capacity (blank: not known)."""
    del ctx
    columns = ["partnership_id", "accountable_body", "capacity_to_be_accountable"]
    for row in active[columns].to_dict("records"):
        if is_yes(row["accountable_body"]) and is_no(row["capacity_to_be_accountable"]):
            partnership_id = row["partnership_id"]
            yield Due(
                partnership_id,
                "Accountable without capacity",
                None,
                "Council is the accountable body without the capacity to be",
            )


GAP_CHECKS: Final = (
    risk_assessment_missing,
    past_end_date,
    agreement_incomplete,
    governance_gap,
    accountable_without_capacity,
)


def _due_items(ctx: Context) -> list[Due]:
    """Everything with a due date (DUE_THINGS), worked out once for overdue() and due_soon()."""
    if "due" not in ctx.cache:
        active = _active(ctx)
        ctx.cache["due"] = [item for things in DUE_THINGS for item in things(ctx, active)]
    due: list[Due] = ctx.cache["due"]
    return due


def _active(ctx: Context) -> pd.DataFrame:
    return ctx.partnerships[ctx.partnerships["status"] == "Active"]


def _frame(rows: list[tuple[object, ...]], columns: tuple[str, ...], ctx: Context) -> pd.DataFrame:
    names = ctx.partnerships.set_index("partnership_id")
    frame = pd.DataFrame(rows, columns=["Partnership ID", "Check", "Due date", "Days", "Detail"])
    frame.insert(1, "Partnership", frame["Partnership ID"].map(names["partnership"]))
    frame.insert(2, "Lead officer", frame["Partnership ID"].map(names["lead_officer"]))
    frame["Due date"] = pd.to_datetime(frame["Due date"]).astype("datetime64[s]")
    frame["Days"] = frame["Days"].astype("Int64")
    return frame.rename(columns={"Days": columns[5]})[list(columns)]


def overdue(ctx: Context) -> pd.DataFrame:
    """Every failing check on an Active partnership, and every overdue action.

    One row per failing check (actions one row each), most overdue first; columns as
    OVERDUE_COLUMNS. Never done with no start date: listed with no due date. The `Overdue`
    sheet.
    """
    active = _active(ctx)
    rows: list[tuple[object, ...]] = []
    for item in _due_items(ctx):
        if item.due is None:
            rows.append((item.partnership_id, f"{item.thing} overdue", None, None, item.detail))
        elif item.due < ctx.as_of:
            days = (ctx.as_of - item.due).days
            rows.append((item.partnership_id, f"{item.thing} overdue", item.due, days, item.detail))
    for check in GAP_CHECKS:
        for item in check(ctx, active):
            gap_days = (ctx.as_of - item.due).days if item.due else None
            rows.append((item.partnership_id, item.thing, item.due, gap_days, item.detail))
    frame = _frame(rows, OVERDUE_COLUMNS, ctx)
    return frame.sort_values(
        ["Days overdue", "Partnership ID", "Check"],
        ascending=[False, True, True],
        na_position="last",
        ignore_index=True,
    )


def due_soon(ctx: Context) -> pd.DataFrame:
    """Reviews, health checks, risk assessments, performance reports and actions falling due
    from the as-of date to `due_soon_days` after it, inclusive; soonest first. The `Due soon`
    sheet."""
    horizon = ctx.as_of + timedelta(days=ctx.settings.due_soon_days)
    rows: list[tuple[object, ...]] = []
    for item in _due_items(ctx):
        if item.due is not None and ctx.as_of <= item.due <= horizon:
            rows.append(
                (
                    item.partnership_id,
                    f"{item.thing} due",
                    item.due,
                    (item.due - ctx.as_of).days,
                    item.detail,
                )
            )
    frame = _frame(rows, DUE_SOON_COLUMNS, ctx)
    return frame.sort_values(["Days until due", "Partnership ID", "Check"], ignore_index=True)
