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
from schemas.liaison import AGREEMENT, BRIEFING, LIAISON_MEETINGS
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
# Both sheets end with the risk a row is about (a risk target's rows; blank for the rest), so
# that a row can be told to be about an exempt risk by its number, not by its wording.
RISK_NO: Final = "Risk no"
DUE_SOON_COLUMNS: Final = (*OVERDUE_COLUMNS[:5], "Days until due", "Detail", RISK_NO)
# The Overdue sheet adds, after the contract's columns, whether the thing was never done (due
# one cycle after the partnership's start): such items are listed as their own group, after
# the dated ones, and print "never done" rather than thousands of days.
NEVER_DONE: Final = "Never done"
OVERDUE_TABLE_COLUMNS: Final = (*OVERDUE_COLUMNS, NEVER_DONE, RISK_NO)
PERFORMANCE_REPORT_MONTHS: Final = {"Quarterly": 3, "Six-monthly": 6, "Annual": 12}


@dataclass(frozen=True, slots=True)
class Due:
    """Something a partnership must do, and when (None: never done and no start date).

    Its row names the partnership and its lead officer, unless `partnership` or `officer`
    say otherwise (a council's liaison rows name its partnership manager; a group meeting's
    row names no partnership and no officer). Its checks are `<thing> overdue` and
    `<thing> due` unless `checks` names them.
    """

    partnership_id: str | None
    thing: str  # "Review", "Health check", …: the check's name without "overdue"/"due"
    due: date | None
    detail: str
    officer: str | None = None
    partnership: str | None = None
    checks: tuple[str, str] | None = None  # (in Overdue, in Due soon)
    never: bool = False  # never done: due one cycle after the partnership's start
    risk_no: int | None = None  # the risk a risk target's row is about

    @property
    def overdue_check(self) -> str:
        return self.checks[0] if self.checks else f"{self.thing} overdue"

    @property
    def due_check(self) -> str:
        return self.checks[1] if self.checks else f"{self.thing} due"


@dataclass(frozen=True, slots=True)
class Context:
    partnerships: pd.DataFrame  # with `significant` (see register.partnerships_with_significance)
    agreements: pd.DataFrame
    actions: pd.DataFrame
    risks: pd.DataFrame
    settings: Settings
    as_of: date
    # The town and parish council sheets (WORKBOOKS.md §7), and which sheets were read.
    local_councils: pd.DataFrame
    meetings: pd.DataFrame
    devolved_services: pd.DataFrame
    read: frozenset[str]
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
        local_councils=dataset.local_councils,
        meetings=dataset.meetings,
        devolved_services=dataset.devolved_services,
        read=dataset.read,
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
        start = _day(row["start_date"])
        due = next_due(last, start, months)
        detail = f"{label} {_uk(last)}" if last else _never_done(thing.lower(), start)
        yield Due(
            row["partnership_id"], thing, due, detail, never=last is None and start is not None
        )


def _never_done(thing: str, start: date | None) -> str:
    """The detail of a thing never done: `No health check recorded (partnership since 2010)`."""
    since = f" (partnership since {start.year})" if start else ""
    return f"No {thing} recorded{since}"


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
            yield Due(due.partnership_id, due.thing, due.due, detail, never=due.never)


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


RISK_TARGET_CHECKS: Final = ("Risk target missed", "Risk target due")


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
            "Risk target",
            _day(row["target_date"]),
            f"Risk {row['risk_no']}: residual rating {now}, target {aim}",
            checks=RISK_TARGET_CHECKS,
            risk_no=int(row["risk_no"]),
        )


# Town and parish councils (WORKBOOKS.md §7) ------------------------------------------------

LIAISON_THINGS: Final = ("Liaison meeting", "Briefing", "Contact details check")
PARTNERSHIP_MANAGER_MISSING: Final = "Partnership manager missing"
ALL_LOCAL_COUNCILS: Final = "All local councils"
DEVOLUTION_CHECKS: Final = ("Devolution agreement expired", "Devolution agreement ending")


def acting_officer(partnerships: pd.DataFrame) -> pd.Series:
    """Who must act on a council's liaison rows: its partnership manager, or its lead officer
    where the partnership manager is blank."""
    return partnerships["partnership_manager"].fillna(partnerships["lead_officer"])


def listed_councils(ctx: Context, active: pd.DataFrame) -> pd.DataFrame:
    """The Active partnerships listed in Local councils, with their `Local councils` columns
    and `officer` (acting_officer); none when there is no Local councils sheet."""
    councils = ctx.local_councils.drop_duplicates("partnership_id")
    columns = ["partnership_id", "council_type", "contact_details_checked"]
    listed = active[active["partnership_id"].isin(councils["partnership_id"])]
    return listed.assign(officer=acting_officer(listed)).merge(
        councils[columns], on="partnership_id", how="left"
    )


def held(ctx: Context) -> pd.DataFrame:
    """The meetings held by the as-of date (a later date is planned: never counted as held)."""
    return ctx.meetings[ctx.meetings["meeting_date"] <= pd.Timestamp(ctx.as_of)]


def latest_held(ctx: Context, kinds: tuple[str, ...]) -> dict[str, tuple[date, str]]:
    """Partnership ID → (date, kind) of its latest held meeting of these kinds."""
    meetings = held(ctx)
    wanted = meetings[meetings["meeting"].isin(kinds)].dropna(subset=["partnership_id"])
    latest = wanted.sort_values("meeting_date").drop_duplicates("partnership_id", keep="last")
    return {
        row["partnership_id"]: (_day(row["meeting_date"]), row["meeting"])  # type: ignore[misc]
        for row in latest.to_dict("records")
    }


def _in_words(kind: str) -> str:
    """A meeting kind inside a sentence: `clerks meeting`, `AGM`."""
    return kind if kind.isupper() else kind[0].lower() + kind[1:]


def _meetings_due(
    ctx: Context,
    active: pd.DataFrame,
    *,
    thing: str,
    kinds: tuple[str, ...],
    months: int,
    last_said: Callable[[date, str], str],
    none_said: str,
) -> Iterator[Due]:
    """Each listed council's latest held meeting of these kinds + `months`."""
    latest = latest_held(ctx, kinds)
    for row in listed_councils(ctx, active).to_dict("records"):
        last = latest.get(row["partnership_id"])
        start = _day(row["start_date"])
        due = next_due(last[0] if last else None, start, months)
        since = f" (partnership since {start.year})" if start else ""
        detail = last_said(*last) if last else none_said + since
        yield Due(
            row["partnership_id"],
            thing,
            due,
            detail,
            officer=row["officer"],
            never=last is None and start is not None,
        )


def liaison_meetings_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each listed council's latest held AGM or partner meeting + `meeting_months`."""
    return _meetings_due(
        ctx,
        active,
        thing="Liaison meeting",
        kinds=LIAISON_MEETINGS,
        months=ctx.settings.meeting_months,
        last_said=lambda day, kind: f"Last met {_uk(day)} ({_in_words(kind)})",
        none_said="No AGM or partner meeting recorded",
    )


def briefings_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each listed council's latest held Corporate plan briefing + `briefing_months`."""
    return _meetings_due(
        ctx,
        active,
        thing="Briefing",
        kinds=(BRIEFING,),
        months=ctx.settings.briefing_months,
        last_said=lambda day, _: f"Last corporate plan briefing {_uk(day)}",
        none_said="No corporate plan briefing recorded",
    )


def contact_checks_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each listed council's Contact details checked + `contact_check_months`."""
    months = ctx.settings.contact_check_months
    for row in listed_councils(ctx, active).to_dict("records"):
        last = _day(row["contact_details_checked"])
        start = _day(row["start_date"])
        due = next_due(last, start, months)
        detail = (
            f"Contact details last checked {_uk(last)}"
            if last
            else "Contact details never checked"
            + (f" (partnership since {start.year})" if start else "")
        )
        yield Due(
            row["partnership_id"],
            "Contact details check",
            due,
            detail,
            officer=row["officer"],
            never=last is None and start is not None,
        )


def group_meetings_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each group meeting of `[liaison.group_meetings]`: its latest held + its months (never
    held: no due date), when a Local councils sheet lists a council (one with headings
    only, a blank template, switches nothing on). No partnership, no officer."""
    del active
    if ctx.local_councils["partnership_id"].dropna().empty:
        return
    meetings = held(ctx)
    for kind, months in ctx.settings.group_meetings:
        last = _day(meetings.loc[meetings["meeting"] == kind, "meeting_date"].max())
        words = _in_words(kind)
        yield Due(
            None,
            kind,
            add_months(last, months) if last else None,
            f"Last {words} {_uk(last)}" if last else f"No {words} recorded",
            partnership=ALL_LOCAL_COUNCILS,
        )


def devolution_agreements_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each devolved service at Stage Agreement of an Active partnership: due to be renewed
    at its Agreement end (expired the day after; none without an end date)."""
    services = ctx.devolved_services
    officers = dict(zip(active["partnership_id"], acting_officer(active), strict=True))
    agreed = services[
        (services["stage"] == AGREEMENT)
        & services["partnership_id"].isin(active["partnership_id"])
        & services["agreement_end"].notna()
    ]
    for row in agreed.to_dict("records"):
        end = _day(row["agreement_end"])
        yield Due(
            row["partnership_id"],
            "Devolution agreement",
            end,
            f"{row['service']}: agreement ends {_uk(end)}",
            officer=officers[row["partnership_id"]],
            checks=DEVOLUTION_CHECKS,
        )


DUE_THINGS: Final[tuple[Callable[[Context, pd.DataFrame], Iterator[Due]], ...]] = (
    reviews_due,
    health_checks_due,
    risk_assessments_due,
    performance_reports_due,
    actions_due,
    risk_targets_due,
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


def partnership_manager_missing(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """A listed council whose partnership has no Partnership manager (its lead officer acts)."""
    for row in listed_councils(ctx, active).to_dict("records"):
        if _blank(row["partnership_manager"]):
            yield Due(
                row["partnership_id"],
                PARTNERSHIP_MANAGER_MISSING,
                None,
                "No partnership manager named in the register",
            )


GAP_CHECKS: Final = (
    risk_assessment_missing,
    past_end_date,
    agreement_incomplete,
    governance_gap,
    accountable_without_capacity,
    partnership_manager_missing,
)


def due_items(ctx: Context) -> list[Due]:
    """Everything with a due date (DUE_THINGS), worked out once for overdue() and due_soon()."""
    if "due" not in ctx.cache:
        active = _active(ctx)
        ctx.cache["due"] = [item for things in DUE_THINGS for item in things(ctx, active)]
    due: list[Due] = ctx.cache["due"]
    return due


def _active(ctx: Context) -> pd.DataFrame:
    return ctx.partnerships[ctx.partnerships["status"] == "Active"]


def _frame(
    rows: list[tuple[Due, str, int | None]], columns: tuple[str, ...], ctx: Context
) -> pd.DataFrame:
    """The rows (each item, its check and its day count) as an Overdue or Due soon table."""
    names = ctx.partnerships.set_index("partnership_id")
    own = {"partnership": "Partnership", "officer": "Lead officer"}
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
    frame.insert(
        2,
        "Lead officer",
        frame.pop("officer").fillna(frame["Partnership ID"].map(names["lead_officer"])),
    )
    for column in ("Partnership ID", "Partnership", "Lead officer", "Check", "Detail", NEVER_DONE):
        frame[column] = frame[column].astype("str")
    frame["Due date"] = pd.to_datetime(frame["Due date"]).astype("datetime64[s]")
    frame["Days"] = frame["Days"].astype("Int64")
    frame[RISK_NO] = frame[RISK_NO].astype("Int64")
    return frame.rename(columns={"Days": columns[5]})[list(columns)]


def overdue(ctx: Context) -> pd.DataFrame:
    """Every failing check on an Active partnership, and every overdue action.

    One row per failing check (actions one row each), most overdue first; columns as
    OVERDUE_COLUMNS. Never done with no start date: listed with no due date. The `Overdue`
    sheet.
    """
    active = _active(ctx)
    rows: list[tuple[Due, str, int | None]] = []
    for item in due_items(ctx):
        if item.due is None:
            rows.append((item, item.overdue_check, None))
        elif item.due < ctx.as_of:
            rows.append((item, item.overdue_check, (ctx.as_of - item.due).days))
    for check in GAP_CHECKS:
        for item in check(ctx, active):
            rows.append((item, item.thing, (ctx.as_of - item.due).days if item.due else None))
    frame = _frame(rows, OVERDUE_TABLE_COLUMNS, ctx)
    # Dated items most overdue first; then those never done (due from the start date); then
    # those with no due date.
    group = frame[NEVER_DONE].eq("Yes").astype(int) + 2 * frame["Days overdue"].isna()
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


def due_soon(ctx: Context) -> pd.DataFrame:
    """Reviews, health checks, risk assessments, performance reports and actions falling due
    from the as-of date to `due_soon_days` after it, inclusive; soonest first. The `Due soon`
    sheet."""
    horizon = ctx.as_of + timedelta(days=ctx.settings.due_soon_days)
    rows: list[tuple[Due, str, int | None]] = []
    for item in due_items(ctx):
        if item.due is not None and ctx.as_of <= item.due <= horizon:
            rows.append((item, item.due_check, (item.due - ctx.as_of).days))
    frame = _frame(rows, DUE_SOON_COLUMNS, ctx)
    return frame.sort_values(["Days until due", "Partnership ID", "Check"], ignore_index=True)
