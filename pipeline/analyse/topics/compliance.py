"""Governance compliance: what is overdue, and what falls due soon (WORKBOOKS.md §5).

Each check is one small named function returning rows of (Partnership ID, Check, Due date,
Detail); `overdue()` and `due_soon()` run them all and add the officer and the day counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Final

import pandas as pd

from pipeline.analyse.checks import (
    ACCOUNTABLE_WITHOUT_CAPACITY,
    ACTION,
    ACTIVE,
    AGREEMENT_INCOMPLETE,
    CLOSED,
    EXIT_STRATEGY,
    GOVERNANCE_GAP,
    HEALTH_CHECK,
    KEY,
    PAST_END_DATE,
    PERFORMANCE_REPORT,
    REVIEW,
    RISK_ACTION,
    RISK_ASSESSMENT,
    RISK_ASSESSMENT_MISSING,
    RISK_TARGET,
    Check,
)
from pipeline.analyse.definitions import active, due_soon_horizon, uk_date
from pipeline.analyse.registry import step, table
from pipeline.analyse.topics.due import (
    Context,
    Due,
    cell_date,
    is_blank,
    is_no,
    is_overdue,
    is_yes,
    next_due,
)
from pipeline.analyse.topics.liaison import (
    briefings_due,
    contact_checks_due,
    devolution_agreements_due,
    group_meetings_due,
    liaison_meetings_due,
    partnership_manager_missing,
)
from pipeline.analyse.topics.risks import open_risk_actions
from pipeline.periods import add_months
from schemas.register import GOVERNANCE_DOCUMENTS, Partnerships, agreement_item_key

# Who must act on a row: its partnership's lead officer, but a council's partnership manager
# on its liaison rows, and the officer who holds a group meeting on that meeting's rows
# (WORKBOOKS.md §7). The pack's lists, Overdue by officer and the officers' workbooks go by it.
RESPONSIBLE: Final = "Responsible officer"
OVERDUE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Lead officer",
    RESPONSIBLE,
    "Check",
    "Due date",
    "Days overdue",
    "Detail",
)
# Both sheets end with the risk a row is about (a risk target's rows; blank for the rest), so
# that a row can be told to be about an exempt risk by its number, not by its wording.
RISK_NO: Final = "Risk no"
DUE_SOON_COLUMNS: Final = (*OVERDUE_COLUMNS[:6], "Days until due", "Detail", RISK_NO)
# The Overdue sheet adds, after the contract's columns, whether the thing was never done (no
# date of it being done: due one cycle after the partnership's start, or with no due date
# when there is no start date either): those with a due date are listed as their own group,
# after the dated ones, and every one prints "never done" rather than thousands of days.
NEVER_DONE: Final = "Never done"
OVERDUE_TABLE_COLUMNS: Final = (*OVERDUE_COLUMNS, NEVER_DONE, RISK_NO)
PERFORMANCE_REPORT_MONTHS: Final = {"Quarterly": 3, "Six-monthly": 6, "Annual": 12}


def _cycle(
    active: pd.DataFrame, check: Check, last_column: str, months: int, label: str
) -> Iterator[Due]:
    for row in active[["partnership_id", last_column, "start_date"]].to_dict("records"):
        last = cell_date(row[last_column])
        start = cell_date(row["start_date"])
        due = next_due(last, start, months)
        detail = f"{label} {uk_date(last)}" if last else _never_done(check.name.lower(), start)
        yield Due(row["partnership_id"], check, due, detail, never=last is None)


def _never_done(thing: str, start: date | None) -> str:
    """The detail of a thing never done: `No health check recorded (partnership since 2010)`."""
    since = f" (partnership since {start.year})" if start else ""
    return f"No {thing} recorded{since}"


def reviews_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Next review: as typed, or last review + the review cycle."""
    months = ctx.settings.review_cycle_months
    cycle = _cycle(active, REVIEW, "last_review", months, "Last review")
    for due, typed in zip(cycle, active["next_review"], strict=True):
        next_review = cell_date(typed)
        if next_review is None:
            yield due
        else:
            detail = f"Next review set for {uk_date(next_review)}"
            yield Due(due.partnership_id, due.check, next_review, detail)


def health_checks_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    months = ctx.settings.health_check_months
    yield from _cycle(active, HEALTH_CHECK, "last_health_check", months, "Last health check")


def performance_reports_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Every 3, 6 or 12 months by reporting frequency; blank frequency: no check."""
    for frequency, months in PERFORMANCE_REPORT_MONTHS.items():
        reporting = active[active["reporting_frequency"] == frequency]
        for due in _cycle(
            reporting, PERFORMANCE_REPORT, "last_performance_report", months, "Last report"
        ):
            detail = f"{due.detail} ({frequency.lower()} reporting)"
            yield Due(due.partnership_id, due.check, due.due, detail, never=due.never)


def risk_assessments_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Latest assessment date of a partnership's risks + the risk assessment cycle."""
    latest = ctx.risks.groupby("partnership_id")["assessment_date"].max().to_dict()
    for partnership_id in active["partnership_id"]:
        if pd.notna(latest.get(partnership_id)):
            last = cell_date(latest[partnership_id])
            assert last is not None
            due = add_months(last, ctx.settings.risk_assessment_months)
            yield Due(partnership_id, RISK_ASSESSMENT, due, f"Last assessed {uk_date(last)}")


def actions_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Open actions, whatever the partnership's status; one completed after the as-of
    date was still open then."""
    del active
    as_of = pd.Timestamp(ctx.as_of)
    open_actions = ctx.actions[ctx.actions["completed"].isna() | (ctx.actions["completed"] > as_of)]
    for row in open_actions.to_dict("records"):
        yield Due(
            row["partnership_id"],
            ACTION,
            cell_date(row["due"]),
            f"{row['action']} ({row['owner']})",
        )


def risk_action_detail(risk_no: object, action: object, owner: object) -> str:
    """A risk action's Detail in Overdue and Due soon: `Risk 2: <action> (<owner>)`; the
    officers' workbooks find the owner by it (views.officers.action_owners)."""
    return f"Risk {risk_no}: {action} ({owner})"


def risk_actions_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each open risk action of a partnership that is not Closed (the risk analysis's
    scope, WORKBOOKS.md §5), due by its Due date (WORKBOOKS.md §11)."""
    del active
    in_scope = ctx.partnerships.loc[ctx.partnerships["status"] != CLOSED, "partnership_id"]
    actions = open_risk_actions(ctx.risk_actions, ctx.as_of)
    actions = actions[actions["partnership_id"].isin(in_scope)]
    for row in actions.to_dict("records"):
        yield Due(
            row["partnership_id"],
            RISK_ACTION,
            cell_date(row["due"]),
            risk_action_detail(row["risk_no"], row["action"], row["owner"]),
            risk_no=int(row["risk_no"]),
        )


def risk_targets_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each risk of an Active partnership still above its target rating: due by its target
    date (none without one). Residual blank (no controls yet) is the inherent rating."""
    risks = ctx.risks[ctx.risks["partnership_id"].isin(active["partnership_id"])]
    matrix = ctx.settings.matrix
    target = matrix.ratings_for(risks["target_impact"], risks["target_likelihood"])
    no_residual = risks["residual_impact"].isna() & risks["residual_likelihood"].isna()
    residual = matrix.ratings_for(
        risks["residual_impact"].mask(no_residual, risks["inherent_impact"]),
        risks["residual_likelihood"].mask(no_residual, risks["inherent_likelihood"]),
    )
    above = target.notna() & residual.notna() & risks["target_date"].notna() & (residual > target)
    for row, now, aim in zip(
        risks[above].to_dict("records"), residual[above], target[above], strict=True
    ):
        yield Due(
            row["partnership_id"],
            RISK_TARGET,
            cell_date(row["target_date"]),
            f"Risk {row['risk_no']}: residual rating {now}, target {aim}",
            risk_no=int(row["risk_no"]),
        )


def exit_strategies_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """An Active partnership whose end date falls on or before the as-of date plus
    `exit_notice_months` and whose Exit strategy is not Yes (WORKBOOKS.md §11): due on its
    end date, so due soon until then and overdue after."""
    last_end = add_months(ctx.as_of, ctx.settings.exit_notice_months)
    columns = ["partnership_id", "end_date", "exit_strategy"]
    for row in active[columns].dropna(subset=["end_date"]).to_dict("records"):
        end = cell_date(row["end_date"])
        assert end is not None
        if end > last_end or is_yes(row["exit_strategy"]):
            continue
        state = "not known" if is_blank(row["exit_strategy"]) else "not in place"
        ends = "Ended" if end < ctx.as_of else "Ends"
        detail = f"{ends} {uk_date(end)}; exit strategy {state}"
        yield Due(row["partnership_id"], EXIT_STRATEGY, end, detail, within_notice=True)


# Town and parish councils (WORKBOOKS.md §7) ------------------------------------------------

DUE_THINGS: Final[tuple[Callable[[Context, pd.DataFrame], Iterator[Due]], ...]] = (
    reviews_due,
    health_checks_due,
    risk_assessments_due,
    performance_reports_due,
    actions_due,
    risk_targets_due,
    exit_strategies_due,
    risk_actions_due,
    liaison_meetings_due,
    briefings_due,
    contact_checks_due,
    group_meetings_due,
    devolution_agreements_due,
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
                RISK_ASSESSMENT_MISSING,
                None,
                "Significant partnership with no risks recorded",
            )


def past_end_date(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Still Active after its end date (overdue from the day after)."""
    for row in active[["partnership_id", "end_date"]].dropna().to_dict("records"):
        end = cell_date(row["end_date"])
        assert end is not None
        if end < ctx.as_of:
            yield Due(
                row["partnership_id"],
                PAST_END_DATE,
                end,
                f"Ended {uk_date(end)} but still {ACTIVE}",
            )


def agreement_incomplete(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """A Key partnership with an Agreements item (settings' `agreement_items`) No or blank,
    or no Agreements row."""
    items = ctx.settings.agreement_items
    by_id = {
        agreement["partnership_id"]: agreement
        for agreement in ctx.agreements.drop_duplicates("partnership_id").to_dict("records")
    }
    for row in active.loc[active["category"] == KEY, ["partnership_id"]].to_dict("records"):
        if row["partnership_id"] not in by_id:
            yield Due(row["partnership_id"], AGREEMENT_INCOMPLETE, None, "No agreement checklist")
            continue
        agreement = by_id[row["partnership_id"]]
        missing = [item for item in items if not is_yes(agreement[agreement_item_key(item)])]
        if missing:
            yield Due(
                row["partnership_id"],
                AGREEMENT_INCOMPLETE,
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
                GOVERNANCE_GAP,
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
                ACCOUNTABLE_WITHOUT_CAPACITY,
                None,
                "Council is the accountable body without the capacity to be",
            )


GAP_CHECKS: Final = (
    risk_assessment_missing,
    past_end_date,
    agreement_incomplete,
    governance_gap,
    accountable_without_capacity,
    partnership_manager_missing,
)


def _all_due(context: Context) -> tuple[Due, ...]:
    """Everything with a due date (DUE_THINGS): worked out once, and read by overdue(),
    due_soon(), the Liaison sheet and the register of significant partnerships."""
    return tuple(
        item for things in DUE_THINGS for item in things(context, active(context.partnerships))
    )


@step()
def due_items(context: Context) -> tuple[Due, ...]:
    """Everything with a due date (DUE_THINGS), worked out once for the tables that read it."""
    return _all_due(context)


def _frame(
    rows: list[tuple[Due, str, int | None]], columns: tuple[str, ...], ctx: Context
) -> pd.DataFrame:
    """The rows (each item, its check and its day count) as an Overdue or Due soon table."""
    names = ctx.partnerships.set_index("partnership_id")
    own = {"partnership": "Partnership", "officer": RESPONSIBLE}
    frame = pd.DataFrame(
        [
            (
                item.partnership_id,
                check,
                item.due,
                days,
                item.detail,
                "Yes" if item.never else "No",
                item.partnership,
                item.officer,
                item.risk_no,
            )
            for item, check, days in rows
        ],
        columns=[
            "Partnership ID",
            "Check",
            "Due date",
            "Days",
            "Detail",
            NEVER_DONE,
            *own,
            RISK_NO,
        ],
        dtype=object,
    )
    frame.insert(
        1,
        "Partnership",
        frame.pop("partnership").fillna(frame["Partnership ID"].map(names["partnership"])),
    )
    lead = frame["Partnership ID"].map(names["lead_officer"])
    frame.insert(2, "Lead officer", lead)
    frame.insert(3, RESPONSIBLE, frame.pop("officer").fillna(lead))
    for column in (
        "Partnership ID",
        "Partnership",
        "Lead officer",
        RESPONSIBLE,
        "Check",
        "Detail",
        NEVER_DONE,
    ):
        frame[column] = frame[column].astype("str")
    frame["Due date"] = pd.to_datetime(frame["Due date"]).astype("datetime64[s]")
    frame["Days"] = frame["Days"].astype("Int64")
    frame[RISK_NO] = frame[RISK_NO].astype("Int64")
    return frame.rename(columns={"Days": columns[6]})[list(columns)]


@table("Overdue", OVERDUE_TABLE_COLUMNS)
def overdue(context: Context, due_items: Sequence[Due] | None = None) -> pd.DataFrame:
    """Every failing check on an Active partnership, and every overdue action.

    One row per failing check (actions one row each), most overdue first; columns as
    OVERDUE_TABLE_COLUMNS. Never done with no start date: listed with no due date, Never
    done Yes. The `Overdue` sheet.
    """
    partnerships = active(context.partnerships)
    rows: list[tuple[Due, str, int | None]] = []
    for item in _all_due(context) if due_items is None else due_items:
        if is_overdue(item.due, context.as_of):
            days = None if item.due is None else (context.as_of - item.due).days
            rows.append((item, item.check.overdue, days))
    for check in GAP_CHECKS:
        for item in check(context, partnerships):
            days = (context.as_of - item.due).days if item.due else None
            rows.append((item, item.check.overdue, days))
    frame = _frame(rows, OVERDUE_TABLE_COLUMNS, context)
    # Dated items most overdue first; then those never done (due from the start date); then
    # those with no due date (never done with no start date among them).
    group = frame[NEVER_DONE].eq("Yes").astype(int).mask(frame["Days overdue"].isna(), 2)
    return (
        frame.assign(_group=group)
        .sort_values(
            ["_group", "Days overdue", "Partnership ID", "Check"],
            ascending=[True, False, True, True],
            na_position="last",
        )
        .drop(columns="_group")
        .reset_index(drop=True)
    )


@table("Due soon", DUE_SOON_COLUMNS)
def due_soon(context: Context, due_items: Sequence[Due] | None = None) -> pd.DataFrame:
    """Reviews, health checks, risk assessments, performance reports and actions falling due
    from the as-of date to `due_soon_days` after it, inclusive; soonest first. The `Due soon`
    sheet."""
    horizon = due_soon_horizon(context.as_of, context.settings.due_soon_days)
    rows: list[tuple[Due, str, int | None]] = []
    for item in _all_due(context) if due_items is None else due_items:
        if item.due is None or item.due < context.as_of:
            continue
        if item.due <= horizon or item.within_notice:
            assert item.check.due is not None  # every check with a due date falls due
            rows.append((item, item.check.due, (item.due - context.as_of).days))
    frame = _frame(rows, DUE_SOON_COLUMNS, context)
    return frame.sort_values(["Days until due", "Partnership ID", "Check"], ignore_index=True)
