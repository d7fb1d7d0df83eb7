"""Town and parish councils: the partnership manager scheme, meetings, consultations and
devolved services (WORKBOOKS.md §7).

The liaison checks come first (compliance runs them with the governance checks; they land in
`Overdue` and `Due soon`); then the tables of the annual report's *Town and parish councils*
chapter, each built
only when the sheet it reads exists (tables.Table's `when`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Final

import pandas as pd

from pipeline.analyse.checks import (
    ACTIVE,
    CONTACT_DETAILS_CHECK,
    DEVOLUTION_AGREEMENT,
    LIAISON_CHECKS,
    LIAISON_MEETING,
    NOT_ACTIVE,
    PARTNERSHIP_MANAGER_MISSING,
    Check,
    group_meeting,
)
from pipeline.analyse.checks import (
    BRIEFING as BRIEFING_CHECK,
)
from pipeline.analyse.definitions import uk_date
from pipeline.analyse.registry import table
from pipeline.analyse.topics.due import (
    Context,
    Due,
    acting_officer,
    cell_date,
    is_blank,
    is_overdue,
    next_due,
)
from pipeline.periods import add_months, financial_quarter
from schemas.liaison import (
    AGREEMENT,
    BRIEFING,
    COUNCIL_MEETINGS,
    COUNCIL_TYPES,
    LIAISON_MEETINGS,
    MEETING_KINDS,
    STAGES,
)

LIAISON_COLUMNS: Final = (
    "Partnership ID",
    "Council",
    "Council type",
    "Partnership manager",
    "Last meeting",
    "Meetings held",
    "Last briefing",
    "Next due",
    "Next check",
    "Status",
)
LIAISON_COVERAGE_COLUMNS: Final = ("Measure", "Councils", "Share", "Key")
LIAISON_GAPS_COLUMNS: Final = (
    "Partnership manager",
    "Partnership ID",
    "Council",
    "Last meeting",
    "Last briefing",
    "Gap",
)
COUNCIL_REQUESTS_COLUMNS: Final = (
    "Partnership ID",
    "Council",
    "Partnership manager",
    "Information wanted",
    "Training needs",
)
COUNCILS_BY_TYPE_COLUMNS: Final = ("Council type", "Councils", "Councillors")
MEETINGS_HELD_COLUMNS: Final = (
    "Meeting",
    "Held",
    "Planned",
    "Councils represented",
    "Agenda items from partners",
)
CONSULTATIONS_COLUMNS: Final = (
    "Consultation",
    "Issued",
    "Closes",
    "Days to respond",
    "Meets minimum",
    "Status",
    "Councils consulted",
    "Responses",
    "Response rate",
)
DEVOLVED_SERVICES_COLUMNS: Final = (
    "Partnership ID",
    "Council",
    "Service",
    "Stage",
    "Agreement start",
    "Agreement end",
    "Annual funding",
)
DEVOLUTION_BY_STAGE_COLUMNS: Final = ("Stage", "Services", "Councils", "Annual funding")

ALL_LOCAL_COUNCILS: Final = "All local councils"
ON_TRACK: Final = "On track"
ALL_TYPES: Final = "All local councils"
# The organisation types of the partner survey that are local councils: the four council
# types and the Members sector that names them (compared case-insensitively).
LOCAL_COUNCIL_ORGANISATION_TYPES: Final = (*COUNCIL_TYPES, "Parish or town council")
# The checks a council's Status reads: the four per-council rows (not devolution's).
COUNCIL_CHECKS: Final = tuple(
    check.overdue for check in (PARTNERSHIP_MANAGER_MISSING, *LIAISON_CHECKS)
)


# The checks (in Overdue and Due soon) ------------------------------------------------------


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
        row["partnership_id"]: (cell_date(row["meeting_date"]), row["meeting"])  # type: ignore[misc]
        for row in latest.to_dict("records")
    }


def _in_words(kind: str) -> str:
    """A meeting kind inside a sentence: `clerks meeting`, `AGM`."""
    return kind if kind.isupper() else kind[0].lower() + kind[1:]


def _meetings_due(
    ctx: Context,
    active: pd.DataFrame,
    *,
    check: Check,
    kinds: tuple[str, ...],
    months: int,
    last_said: Callable[[date, str], str],
    none_said: str,
    rule: Callable[[date | None, date | None, int], date | None] = next_due,
) -> Iterator[Due]:
    """Each listed council's latest held meeting of these kinds, due by `rule` (one cycle of
    `months` on)."""
    latest = latest_held(ctx, kinds)
    for row in listed_councils(ctx, active).to_dict("records"):
        last = latest.get(row["partnership_id"])
        start = cell_date(row["start_date"])
        due = rule(last[0] if last else None, start, months)
        since = f" (partnership since {start.year})" if start else ""
        detail = last_said(*last) if last else none_said + since
        yield Due(
            row["partnership_id"],
            check,
            due,
            detail,
            officer=row["officer"],
            never=last is None,
        )


def liaison_meetings_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each listed council's latest held AGM or partner meeting + `meeting_months`."""
    return _meetings_due(
        ctx,
        active,
        check=LIAISON_MEETING,
        kinds=LIAISON_MEETINGS,
        months=ctx.settings.meeting_months,
        last_said=lambda day, kind: f"Last met {uk_date(day)} ({_in_words(kind)})",
        none_said="No AGM or partner meeting recorded",
    )


def briefing_due(last: date | None, start: date | None, months: int) -> date | None:
    """When a council's yearly Corporate Plan briefing is due: the one rule (WORKBOOKS.md §7)
    that the Overdue and Due soon rows, the Liaison sheet, the scheme's coverage and its gaps
    all follow. Its latest held Corporate plan briefing + `briefing_months` (`months`); never
    briefed: that long after the partnership's start; with no start date either: no due
    date, which is overdue (due.is_overdue)."""
    return next_due(last, start, months)


def briefings_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each listed council's Corporate plan briefing, due by briefing_due."""
    return _meetings_due(
        ctx,
        active,
        check=BRIEFING_CHECK,
        kinds=(BRIEFING,),
        months=ctx.settings.briefing_months,
        last_said=lambda day, _: f"Last corporate plan briefing {uk_date(day)}",
        none_said="No corporate plan briefing recorded",
        rule=briefing_due,
    )


def contact_checks_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each listed council's Contact details checked + `contact_check_months`."""
    months = ctx.settings.contact_check_months
    for row in listed_councils(ctx, active).to_dict("records"):
        last = cell_date(row["contact_details_checked"])
        start = cell_date(row["start_date"])
        due = next_due(last, start, months)
        detail = (
            f"Contact details last checked {uk_date(last)}"
            if last
            else "Contact details never checked"
            + (f" (partnership since {start.year})" if start else "")
        )
        yield Due(
            row["partnership_id"],
            CONTACT_DETAILS_CHECK,
            due,
            detail,
            officer=row["officer"],
            never=last is None,
        )


def group_meeting_officer(ctx: Context, kind: str) -> str | None:
    """Who holds a group meeting (WORKBOOKS.md §7): the Council officer of its latest held
    meeting that names one; if no held one does, of its first planned one that does; else
    nobody."""
    meetings = ctx.meetings
    named = meetings[(meetings["meeting"] == kind) & meetings["council_officer"].notna()]
    named = named.sort_values("meeting_date", kind="stable")
    done = named["meeting_date"] <= pd.Timestamp(ctx.as_of)
    if done.any():
        return str(named.loc[done, "council_officer"].iloc[-1])
    return None if named.empty else str(named["council_officer"].iloc[0])


def group_meetings_due(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """Each group meeting of `[liaison.group_meetings]`: its latest held + its months (never
    held: no due date), when a Local councils sheet lists a council (one with headings
    only, a blank template, switches nothing on). No partnership; the officer responsible
    is the one who holds the meeting (group_meeting_officer)."""
    del active
    if ctx.local_councils["partnership_id"].dropna().empty:
        return
    meetings = held(ctx)
    for kind, months in ctx.settings.group_meetings:
        last = cell_date(meetings.loc[meetings["meeting"] == kind, "meeting_date"].max())
        words = _in_words(kind)
        yield Due(
            None,
            group_meeting(kind),
            add_months(last, months) if last else None,
            f"Last {words} {uk_date(last)}" if last else f"No {words} recorded",
            officer=group_meeting_officer(ctx, kind),
            partnership=ALL_LOCAL_COUNCILS,
            never=last is None,
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
        end = cell_date(row["agreement_end"])
        yield Due(
            row["partnership_id"],
            DEVOLUTION_AGREEMENT,
            end,
            f"{row['service']}: agreement ends {uk_date(end)}",
            officer=officers[row["partnership_id"]],
        )


def partnership_manager_missing(ctx: Context, active: pd.DataFrame) -> Iterator[Due]:
    """A listed council whose partnership has no Partnership manager (its lead officer acts)."""
    for row in listed_councils(ctx, active).to_dict("records"):
        if is_blank(row["partnership_manager"]):
            yield Due(
                row["partnership_id"],
                PARTNERSHIP_MANAGER_MISSING,
                None,
                "No partnership manager named in the register",
            )


# The tables --------------------------------------------------------------------------------


def _timestamps(days: list[date | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(days, dtype=object))).astype("datetime64[s]")


def _year_start(as_of: date) -> date:
    return financial_quarter(as_of).year_start


def _councils(ctx: Context) -> pd.DataFrame:
    """Every council listed in Local councils (first listing of each), with its partnership's
    name, status and partnership manager, in Partnership ID order."""
    partnerships = ctx.partnerships[
        ["partnership_id", "partnership", "status", "partnership_manager"]
    ]
    councils = ctx.local_councils.drop_duplicates("partnership_id")
    return councils.merge(partnerships, on="partnership_id", how="left").sort_values(
        "partnership_id", ignore_index=True
    )


def _next_checks(due_items: Sequence[Due]) -> dict[str, tuple[date, str]]:
    """Partnership ID → the earliest due date of its own liaison checks (LIAISON_CHECKS) and
    which check falls due then, in words (`Contact details check`, or `Liaison meeting and
    briefing` when two fall due on one day)."""
    due_on: dict[str, tuple[date, list[str]]] = {}
    for item in due_items:
        if item.check not in LIAISON_CHECKS or item.due is None or not item.partnership_id:
            continue
        known = due_on.get(item.partnership_id)
        if known is None or item.due < known[0]:
            due_on[item.partnership_id] = (item.due, [item.check.name])
        elif item.due == known[0] and item.check.name not in known[1]:
            known[1].append(item.check.name)
    return {pid: (day, _and(names)) for pid, (day, names) in due_on.items()}


def _and(names: list[str]) -> str:
    """`Briefing`, `Liaison meeting and briefing`: checks named in a sentence."""
    words = [names[0], *(name[0].lower() + name[1:] for name in names[1:])]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@table("Liaison", LIAISON_COLUMNS, when="Local councils")
def liaison(
    context: Context, due_items: Sequence[Due], overdue: pd.DataFrame, due_soon: pd.DataFrame
) -> pd.DataFrame:
    """One row per listed council: its partnership manager, its latest held AGM or partner
    meeting, how many meetings of any kind it had in the 12 months up to the as-of date, its
    latest corporate plan briefing, the next of its liaison checks to fall due and which
    check that is (Next due, Next check), and its Status (`Overdue`, `Due soon`, `On track`; a partnership that is not Active: its status).
    The `Liaison` sheet."""
    councils = _councils(context)
    met = latest_held(context, LIAISON_MEETINGS)
    briefed = latest_held(context, (BRIEFING,))
    as_of = pd.Timestamp(context.as_of)
    year_ago = pd.Timestamp(add_months(context.as_of, -12))
    meetings = context.meetings
    recent = meetings[(meetings["meeting_date"] > year_ago) & (meetings["meeting_date"] <= as_of)]
    meetings_held = recent["partnership_id"].value_counts()
    next_checks = _next_checks(due_items)
    late = set(overdue.loc[overdue["Check"].isin(COUNCIL_CHECKS), "Partnership ID"])
    due_checks = [check.due for check in LIAISON_CHECKS]
    soon = set(due_soon.loc[due_soon["Check"].isin(due_checks), "Partnership ID"])

    def status(pid: str, partnership_status: object) -> str:
        if partnership_status != ACTIVE:
            return str(partnership_status)
        return "Overdue" if pid in late else "Due soon" if pid in soon else ON_TRACK

    ids = list(councils["partnership_id"])
    frame = pd.DataFrame(
        {
            "Partnership ID": pd.Series(ids, dtype="str"),
            "Council": councils["partnership"].astype("str"),
            "Council type": councils["council_type"].astype("str"),
            "Partnership manager": councils["partnership_manager"].astype("str"),
            "Last meeting": _timestamps([met[pid][0] if pid in met else None for pid in ids]),
            "Meetings held": pd.Series(
                [int(meetings_held.get(pid, 0)) for pid in ids], dtype="int64"
            ),
            "Last briefing": _timestamps(
                [briefed[pid][0] if pid in briefed else None for pid in ids]
            ),
            "Next due": _timestamps(
                [
                    next_checks[pid][0] if state == ACTIVE and pid in next_checks else None
                    for pid, state in zip(ids, councils["status"], strict=True)
                ]
            ),
            "Next check": pd.Series(
                [
                    next_checks[pid][1] if state == ACTIVE and pid in next_checks else None
                    for pid, state in zip(ids, councils["status"], strict=True)
                ],
                dtype="str",
            ),
            "Status": pd.Series(
                [status(pid, s) for pid, s in zip(ids, councils["status"], strict=True)],
                dtype="str",
            ),
        }
    )
    return frame[list(LIAISON_COLUMNS)]


def _met_within(last: object, months: int, as_of: date) -> bool:
    """Done (met, checked) recently enough that it is not overdue at the as-of date."""
    if last is pd.NaT or not isinstance(last, date):  # blank (NaT is a date to isinstance)
        return False
    day = last.date() if isinstance(last, pd.Timestamp) else last
    return add_months(day, months) >= as_of


@table("Liaison coverage", LIAISON_COVERAGE_COLUMNS, when="Local councils")
def liaison_coverage(context: Context, liaison: pd.DataFrame) -> pd.DataFrame:
    """The scheme at a glance, over the Active councils listed: how many have a partnership
    manager, were met within `meeting_months`, were briefed within `briefing_months` (their
    briefing not overdue by briefing_due) and had their contact details checked within
    `contact_check_months`; Share is of the Active councils. The `Liaison coverage` sheet."""
    settings, as_of = context.settings, context.as_of
    active = liaison[~liaison["Status"].isin(NOT_ACTIVE)]
    checked = _councils(context).set_index("partnership_id")["contact_details_checked"]
    counts = {
        "councils": len(active),
        "with_manager": int(active["Partnership manager"].notna().sum()),
        "met": sum(_met_within(d, settings.meeting_months, as_of) for d in active["Last meeting"]),
        "briefed": sum(
            not is_overdue(briefing_due(cell_date(day), None, settings.briefing_months), as_of)
            for day in active["Last briefing"]
        ),
        "contact_checked": sum(
            _met_within(checked.get(pid), settings.contact_check_months, as_of)
            for pid in active["Partnership ID"]
        ),
    }
    measures = {
        "councils": "Active councils in the scheme",
        "with_manager": "With a partnership manager",
        "met": f"Met within {settings.meeting_months} months",
        "briefed": f"Briefed on the Corporate Plan within {settings.briefing_months} months",
        "contact_checked": f"Contact details checked within {settings.contact_check_months} months",
    }
    total = counts["councils"]
    return pd.DataFrame(
        {
            "Measure": pd.Series(list(measures.values()), dtype="str"),
            "Councils": pd.Series(list(counts.values()), dtype="int64"),
            "Share": pd.Series(
                [
                    None if key == "councils" or not total else n / total
                    for key, n in counts.items()
                ],
                dtype="float64",
            ),
            "Key": pd.Series(list(counts), dtype="str"),
        }
    )


def _gaps(row: Mapping[Hashable, object], start: date | None, context: Context) -> list[str]:
    """What a council's row of the Liaison sheet lacks: its liaison meeting or its Corporate
    Plan briefing overdue, by the rules of the checks (next_due, briefing_due)."""
    settings, as_of = context.settings, context.as_of
    last_met, last_briefed = cell_date(row["Last meeting"]), cell_date(row["Last briefing"])
    gaps = []
    if is_overdue(next_due(last_met, start, settings.meeting_months), as_of):
        gaps.append(f"Not met since {uk_date(last_met)}" if last_met else "Never met")
    briefing = briefing_due(last_briefed, start, settings.briefing_months)
    if is_overdue(briefing, as_of):
        gaps.append(
            f"Briefing overdue since {uk_date(briefing)}"
            if briefing and last_briefed
            else "Never briefed"
        )
    return gaps


@table("Liaison gaps", LIAISON_GAPS_COLUMNS, when="Local councils")
def liaison_gaps(context: Context, liaison: pd.DataFrame) -> pd.DataFrame:
    """The Active councils whose liaison meeting or Corporate Plan briefing is overdue, by the
    same rules as their rows in Overdue (a council never met or briefed counts from its
    partnership's start date), by partnership manager (blank last), then council. The
    `Liaison gaps` sheet."""
    starts = context.partnerships.drop_duplicates("partnership_id").set_index("partnership_id")
    rows = []
    for row in liaison.to_dict("records"):
        if row["Status"] in NOT_ACTIVE:
            continue
        gaps = _gaps(row, cell_date(starts["start_date"].get(row["Partnership ID"])), context)
        if gaps:
            rows.append(
                (
                    row["Partnership manager"],
                    row["Partnership ID"],
                    row["Council"],
                    row["Last meeting"],
                    row["Last briefing"],
                    "; ".join(gaps),
                )
            )
    frame = pd.DataFrame(rows, columns=list(LIAISON_GAPS_COLUMNS))
    for column in ("Last meeting", "Last briefing"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in ("Partnership manager", "Partnership ID", "Council", "Gap"):
        frame[column] = frame[column].astype("str")
    return frame.sort_values(
        ["Partnership manager", "Council"],
        key=lambda s: s.str.lower(),
        na_position="last",
        ignore_index=True,
    )


@table("Council requests", COUNCIL_REQUESTS_COLUMNS, when="Local councils")
def council_requests(context: Context) -> pd.DataFrame:
    """What each listed council asked of the partnership manager scheme: the information it
    wants to receive as a matter of course and its training needs, for every council with
    either, by council. The `Council requests` sheet; each partnership manager's workbook
    has their councils' rows."""
    councils = _councils(context)
    asked = councils[councils["information_wanted"].notna() | councils["training_needs"].notna()]
    frame = pd.DataFrame(
        {
            "Partnership ID": asked["partnership_id"].astype("str"),
            "Council": asked["partnership"].astype("str"),
            "Partnership manager": asked["partnership_manager"].astype("str"),
            "Information wanted": asked["information_wanted"].astype("str"),
            "Training needs": asked["training_needs"].astype("str"),
        }
    )
    return frame.sort_values("Council", key=lambda s: s.str.lower(), ignore_index=True)


@table("Councils by type", COUNCILS_BY_TYPE_COLUMNS, when="Local councils")
def councils_by_type(local_councils: pd.DataFrame) -> pd.DataFrame:
    """How many councils of each type are listed, and their councillors (blank where none is
    given), in the contract's order of types, then all of them. The `Councils by type` sheet."""
    councils = local_councils.drop_duplicates("partnership_id")
    rows = []
    for council_type in COUNCIL_TYPES:
        of_type = councils[councils["council_type"] == council_type]
        if not of_type.empty:
            rows.append((council_type, len(of_type), of_type["councillors"].sum(min_count=1)))
    rows.append((ALL_TYPES, len(councils), councils["councillors"].sum(min_count=1)))
    frame = pd.DataFrame(rows, columns=list(COUNCILS_BY_TYPE_COLUMNS))
    return frame.astype({"Council type": "str", "Councils": "int64", "Councillors": "Int64"})


@table("Meetings held", MEETINGS_HELD_COLUMNS, when="Meetings")
def meetings_held(meetings: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Each kind of meeting with a meeting in the as-of date's financial year: how many were
    held (1 April up to the as-of date) and are planned (after it, up to 31 March), and the
    councils represented and agenda items from partners at the held ones (0 when none).
    Councils represented is blank for a meeting with one council (COUNCIL_MEETINGS: an AGM,
    a briefing), where it does not apply. The `Meetings held` sheet."""
    start = pd.Timestamp(_year_start(as_of))
    end = pd.Timestamp(add_months(start.date(), 12) - timedelta(days=1))
    stamp = pd.Timestamp(as_of)
    year = meetings[(meetings["meeting_date"] >= start) & (meetings["meeting_date"] <= end)]
    rows = []
    for kind in MEETING_KINDS:
        of_kind = year[year["meeting"] == kind]
        if of_kind.empty:
            continue
        done = of_kind[of_kind["meeting_date"] <= stamp]
        rows.append(
            (
                kind,
                len(done),
                len(of_kind) - len(done),
                pd.NA if kind in COUNCIL_MEETINGS else int(done["councils_represented"].sum()),
                int(done["agenda_items_from_partners"].sum()),
            )
        )
    frame = pd.DataFrame(rows, columns=list(MEETINGS_HELD_COLUMNS))
    return frame.astype(
        {
            "Meeting": "str",
            **dict.fromkeys(MEETINGS_HELD_COLUMNS[1:], "int64"),
            "Councils represented": "Int64",
        }
    )


@table("Consultations", CONSULTATIONS_COLUMNS, when="Consultations")
def consultations(consultation_rows: pd.DataFrame, *, context: Context) -> pd.DataFrame:
    """Every consultation, as listed: the days it gave to respond, whether that meets the
    minimum (`consultation_weeks`), its status at the as-of date and its response rate (a
    fraction; blank when either count is blank or none were consulted). The
    `Consultations` sheet."""
    rows = consultation_rows
    as_of = pd.Timestamp(context.as_of)
    days = (rows["closes"] - rows["issued"]).dt.days
    minimum = 7 * context.settings.consultation_weeks
    status = [
        "Planned" if issued > as_of else "Open" if closes >= as_of else "Closed"
        for issued, closes in zip(rows["issued"], rows["closes"], strict=True)
    ]
    consulted = rows["councils_consulted"]
    rate = (rows["responses"] / consulted.where(consulted > 0)).astype("Float64")
    frame = pd.DataFrame(
        {
            "Consultation": rows["consultation"].astype("str"),
            "Issued": rows["issued"].astype("datetime64[s]"),
            "Closes": rows["closes"].astype("datetime64[s]"),
            "Days to respond": days.astype("Int64"),
            "Meets minimum": (days >= minimum).map({True: "Yes", False: "No"}).astype("str"),
            "Status": pd.Series(status, index=rows.index, dtype="str"),
            "Councils consulted": consulted.astype("Int64"),
            "Responses": rows["responses"].astype("Int64"),
            "Response rate": rate.astype("float64"),
        }
    )
    return frame.reset_index(drop=True)[list(CONSULTATIONS_COLUMNS)]


@table("Devolved services", DEVOLVED_SERVICES_COLUMNS, when="Devolved services")
def devolved_services(devolved_rows: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Every devolved service with its council's name, by stage (Agreement first, then
    Negotiating, Interest, Ended), then council. The `Devolved services` sheet."""
    names = partnerships.drop_duplicates("partnership_id").set_index("partnership_id")
    order = {stage: n for n, stage in enumerate(reversed(STAGES[:-1]))} | {STAGES[-1]: 3}
    frame = pd.DataFrame(
        {
            "Partnership ID": devolved_rows["partnership_id"].astype("str"),
            "Council": devolved_rows["partnership_id"].map(names["partnership"]).astype("str"),
            "Service": devolved_rows["service"].astype("str"),
            "Stage": devolved_rows["stage"].astype("str"),
            "Agreement start": devolved_rows["agreement_start"].astype("datetime64[s]"),
            "Agreement end": devolved_rows["agreement_end"].astype("datetime64[s]"),
            "Annual funding": devolved_rows["annual_funding"].astype("float64"),
        }
    )
    return frame.sort_values(
        ["Stage", "Council", "Service"],
        key=lambda s: s.map(order) if s.name == "Stage" else s.str.lower(),
        ignore_index=True,
    )[list(DEVOLVED_SERVICES_COLUMNS)]


@table("Devolution by stage", DEVOLUTION_BY_STAGE_COLUMNS, when="Devolved services")
def devolution_by_stage(devolved_services: pd.DataFrame) -> pd.DataFrame:
    """Each stage, in the `Devolved services` order, every stage listed (zeros included): its
    services, the councils they are with, and their annual funding (0 when none is given).
    The `Devolution by stage` sheet."""
    rows = []
    for stage in (*reversed(STAGES[:-1]), STAGES[-1]):
        at = devolved_services[devolved_services["Stage"] == stage]
        rows.append(
            (stage, len(at), at["Partnership ID"].nunique(), float(at["Annual funding"].sum()))
        )
    frame = pd.DataFrame(rows, columns=list(DEVOLUTION_BY_STAGE_COLUMNS))
    return frame.astype({"Stage": "str", "Services": "int64", "Councils": "int64"})
