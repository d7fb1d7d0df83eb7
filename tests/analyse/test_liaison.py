"""Town and parish councils (WORKBOOKS.md §7): the liaison checks in Overdue and Due soon,
and the Liaison, Meetings held, Consultations and Devolved services sheets.

Every case starts from one council in the scheme, in date: P-001 (tests/datasets.py: Active,
started 1 April 2015), listed in Local councils with its contact details checked on 1 June
2026, briefed on the Corporate Plan that day, met at a partner meeting on 1 November 2026, and
its partnership manager the Head of Planning. The as-of date is 31 December 2026 and `due_soon_days` 90 (so
due soon runs to 31 March 2027). Expected dates are worked out by hand from the contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import (
    Book,
    Consultation,
    DevolvedService,
    LocalCouncil,
    Meeting,
    Partnership,
    dataset,
)

from pipeline.analyse.checks import LIAISON_CHECKS
from pipeline.analyse.tables import ReportTables, built, source_values
from pipeline.analyse.views.officers import ListsFor, officer_lists
from pipeline.analyse.views.pages import LIST_CAPS, NO_PARTNERSHIP_MANAGER, pages
from pipeline.periods import Period
from pipeline.settings import Settings, load_settings

COUNCIL = Partnership(partnership_manager="Head of Planning")
LIAISON_SHEETS = ("Liaison", "Liaison coverage", "Liaison gaps", "Councils by type")
ABOUT = ListsFor("Charnwood Borough Council", Period(2026, 3), AS_OF, 90)


def briefing(day: date, pid: str = "P-001") -> Meeting:
    return Meeting(meeting_date=day, meeting="Corporate plan briefing", partnership_id=pid)


MET = Meeting(meeting_date=date(2026, 11, 1), meeting="Partner meeting")  # due 1 May 2027
BRIEFED = briefing(date(2026, 6, 1))


def tables(
    *,
    partnerships: Sequence[Partnership] = (COUNCIL,),
    councils: Sequence[LocalCouncil] | None = None,
    meetings: Sequence[Meeting] = (MET, BRIEFED),
    consultations: Sequence[Consultation] = (),
    devolved: Sequence[DevolvedService] = (),
    settings: Settings | None = None,
    as_of: date = AS_OF,
    tmp: Path | None = None,
) -> ReportTables:
    """The report tables of a register and a liaison workbook (P-001 listed unless
    `councils` says otherwise)."""
    liaison = Book(
        "liaison.xlsx",
        local_councils=[LocalCouncil()] if councils is None else councils,
        meetings=meetings,
        consultations=consultations,
        devolved_services=devolved,
    )
    data = dataset(Book(partnerships=partnerships), liaison)
    return built(
        source_values(
            data,
            settings=settings or load_settings(tmp or Path("/nonexistent")),
            as_of=as_of,
            findings=[],
        )
    )


def rows(table: pd.DataFrame, check: str) -> list[tuple[str | None, date | None, int | None]]:
    """(Responsible officer, Due date, days) of each row of `table` for `check`."""
    found = table[table["Check"] == check]
    return [
        (
            None if pd.isna(officer) else officer,
            None if pd.isna(due) else pd.Timestamp(due).date(),
            None if pd.isna(n) else int(n),
        )
        for officer, due, n in zip(
            found["Responsible officer"], found["Due date"], found[table.columns[6]], strict=True
        )
    ]


def checks(table: pd.DataFrame) -> set[str]:
    return set(table["Check"])


# The council in date ------------------------------------------------------------------------


def test_a_council_met_briefed_and_checked_is_on_track() -> None:
    """Nothing overdue or due soon: Status On track, Next due the meeting's 1 May 2027."""
    report = tables()
    liaison_checks = {
        "Partnership manager missing",
        *(name for check in LIAISON_CHECKS for name in (check.overdue, check.due)),
    }
    assert not checks(report.overdue) & liaison_checks
    assert not checks(report.due_soon) & liaison_checks
    row = report.liaison.iloc[0]
    assert (row["Status"], row["Next due"]) == ("On track", pd.Timestamp("2027-05-01"))
    assert (row["Last meeting"], row["Last briefing"]) == (
        pd.Timestamp("2026-11-01"),
        pd.Timestamp("2026-06-01"),
    )


# Liaison meeting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_met", "as_of", "overdue", "due_soon"),
    [
        # + 6 months = 30 December 2026: overdue by a day on the 31st.
        (date(2026, 6, 30), AS_OF, [("Head of Planning", date(2026, 12, 30), 1)], []),
        # + 6 months = 1 January 2027: due soon, in a day.
        (date(2026, 7, 1), AS_OF, [], [("Head of Planning", date(2027, 1, 1), 1)]),
        # Due on the as-of date: due soon, in 0 days.
        (date(2026, 6, 30), date(2026, 12, 30), [], [("Head of Planning", date(2026, 12, 30), 0)]),
    ],
    ids=["a-day-late", "due-tomorrow", "due-on-the-as-of-date"],
)
def test_the_liaison_meeting_is_due_six_months_after_the_last_one(
    last_met: date,
    as_of: date,
    overdue: list[tuple[str, date, int]],
    due_soon: list[tuple[str, date, int]],
) -> None:
    """Latest held AGM or partner meeting + meeting_months; the partnership manager acts."""
    report = tables(
        meetings=[Meeting(meeting_date=last_met, meeting="Partner meeting"), BRIEFED],
        as_of=as_of,
    )
    assert rows(report.overdue, "Liaison meeting overdue") == overdue
    assert rows(report.due_soon, "Liaison meeting due") == due_soon
    expected = "Overdue" if overdue else "Due soon"
    assert report.liaison.iloc[0]["Status"] == expected


def test_due_exactly_due_soon_days_after_the_as_of_date_is_due_soon() -> None:
    """Met on 30 September 2026: due 30 March 2027; with the as-of date 30 December 2026 that
    is 90 days on, the last day of due soon; a day earlier it is not yet listed."""
    meetings = [Meeting(meeting_date=date(2026, 9, 30)), BRIEFED]
    on_the_edge = tables(meetings=meetings, as_of=date(2026, 12, 30))
    assert rows(on_the_edge.due_soon, "Liaison meeting due") == [
        ("Head of Planning", date(2027, 3, 30), 90)
    ]
    beyond = tables(meetings=meetings, as_of=date(2026, 12, 29))
    assert rows(beyond.due_soon, "Liaison meeting due") == []


def test_a_planned_meeting_is_never_counted_as_held() -> None:
    """An AGM dated after the as-of date is planned: the last one held still counts, the
    Liaison sheet's Last meeting and Meetings held ignore it."""
    planned = Meeting(meeting_date=date(2027, 5, 18))
    report = tables(meetings=[Meeting(meeting_date=date(2026, 3, 1)), planned, BRIEFED])
    assert rows(report.overdue, "Liaison meeting overdue") == [
        ("Head of Planning", date(2026, 9, 1), 121)
    ]
    row = report.liaison.iloc[0]
    assert row["Last meeting"] == pd.Timestamp("2026-03-01")
    assert row["Meetings held"] == 2  # the March AGM and the June briefing; not May 2027


def test_other_meetings_do_not_count_as_liaison_meetings() -> None:
    """Only an AGM or a partner meeting is a liaison meeting: a training session is not."""
    training = Meeting(meeting_date=date(2026, 12, 1), meeting="Training")
    report = tables(meetings=[Meeting(meeting_date=date(2026, 1, 5)), training, BRIEFED])
    assert rows(report.overdue, "Liaison meeting overdue") == [
        ("Head of Planning", date(2026, 7, 5), 179)
    ]


def test_never_met_is_due_one_cycle_after_the_start_date() -> None:
    report = tables(meetings=[BRIEFED])
    assert rows(report.overdue, "Liaison meeting overdue") == [
        ("Head of Planning", date(2015, 10, 1), (AS_OF - date(2015, 10, 1)).days)
    ]
    detail = report.overdue.loc[report.overdue["Check"] == "Liaison meeting overdue", "Detail"]
    assert list(detail) == ["No AGM or partner meeting recorded (partnership since 2015)"]


def test_never_met_with_no_start_date_is_overdue_with_no_due_date() -> None:
    started = Partnership(partnership_manager="Head of Planning", start_date=None)
    report = tables(partnerships=[started], meetings=[BRIEFED])
    assert rows(report.overdue, "Liaison meeting overdue") == [("Head of Planning", None, None)]
    # Next due is the earliest that has a date: the briefing's and the contact check's.
    assert report.liaison.iloc[0]["Next due"] == pd.Timestamp("2027-06-01")


# Briefing and contact details -------------------------------------------------------------


def test_the_briefing_is_due_a_year_after_the_last_corporate_plan_briefing() -> None:
    report = tables(meetings=[MET, briefing(date(2025, 12, 10))])
    assert rows(report.overdue, "Briefing overdue") == [
        ("Head of Planning", date(2026, 12, 10), 21)
    ]


def test_a_plain_briefing_is_not_a_corporate_plan_briefing() -> None:
    other = Meeting(meeting_date=date(2026, 12, 1), meeting="Briefing")
    report = tables(meetings=[MET, briefing(date(2025, 12, 10)), other])
    assert rows(report.overdue, "Briefing overdue") == [
        ("Head of Planning", date(2026, 12, 10), 21)
    ]


def test_contact_details_are_due_a_year_after_they_were_checked() -> None:
    checked = LocalCouncil(contact_details_checked=date(2026, 1, 31))
    report = tables(councils=[checked])
    assert rows(report.due_soon, "Contact details check due") == [
        ("Head of Planning", date(2027, 1, 31), 31)
    ]


def test_contact_details_never_checked_are_due_a_year_after_the_start() -> None:
    report = tables(councils=[LocalCouncil(contact_details_checked=None)])
    assert rows(report.overdue, "Contact details check overdue") == [
        ("Head of Planning", date(2016, 4, 1), (AS_OF - date(2016, 4, 1)).days)
    ]


def test_the_settings_set_each_cycle(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(
        "[liaison]\nmeeting_months = 3\nbriefing_months = 6\ncontact_check_months = 24\n",
        encoding="utf-8",
    )
    report = tables(
        councils=[LocalCouncil(contact_details_checked=date(2025, 1, 31))],
        meetings=[Meeting(meeting_date=date(2026, 6, 1)), BRIEFED],
        settings=load_settings(tmp_path),
    )
    assert rows(report.overdue, "Liaison meeting overdue") == [
        ("Head of Planning", date(2026, 9, 1), 121)
    ]
    assert rows(report.overdue, "Briefing overdue") == [("Head of Planning", date(2026, 12, 1), 30)]
    assert rows(report.due_soon, "Contact details check due") == [
        ("Head of Planning", date(2027, 1, 31), 31)
    ]


# Who acts, and which councils are checked ----------------------------------------------------


def test_without_a_partnership_manager_the_lead_officer_acts() -> None:
    """Partnership manager missing (no due date) names the lead officer, and so do the
    council's other liaison rows."""
    report = tables(partnerships=[Partnership()], meetings=[BRIEFED])
    assert rows(report.overdue, "Partnership manager missing") == [
        ("Community Safety Manager", None, None)
    ]
    assert rows(report.overdue, "Liaison meeting overdue")[0][0] == "Community Safety Manager"
    assert report.liaison.iloc[0]["Status"] == "Overdue"


def test_only_active_councils_are_checked_and_others_show_their_status() -> None:
    suspended = Partnership(status="Suspended")
    report = tables(partnerships=[suspended], meetings=[])
    assert not checks(report.overdue) & {
        "Partnership manager missing",
        "Liaison meeting overdue",
        "Briefing overdue",
    }
    row = report.liaison.iloc[0]
    assert (row["Status"], pd.isna(row["Next due"])) == ("Suspended", True)
    assert report.liaison_coverage.set_index("Key").loc["councils", "Councils"] == 0


def test_a_partnership_not_in_local_councils_gets_no_liaison_checks() -> None:
    other = Partnership(partnership_id="P-002", partnership_manager="Head of Finance")
    report = tables(
        councils=[LocalCouncil(partnership_id="P-002")],
        partnerships=[COUNCIL, other],
        meetings=[],
    )
    liaison_rows = report.overdue[report.overdue["Check"] == "Liaison meeting overdue"]
    assert list(liaison_rows["Partnership ID"]) == ["P-002"]


def test_without_a_local_councils_sheet_there_are_no_liaison_checks_or_sheets() -> None:
    """Meetings alone switch nothing on but their own sheet."""
    report = tables(councils=[], meetings=[MET])
    assert not any("Liaison" in check or "Clerks" in check for check in checks(report.overdue))
    assert not set(LIAISON_SHEETS) & set(report.sheets())
    assert "Meetings held" in report.sheets()


# Group meetings ----------------------------------------------------------------------------


def test_the_clerks_meeting_is_due_six_months_after_the_last() -> None:
    clerks = Meeting(meeting_date=date(2026, 4, 15), meeting="Clerks meeting", partnership_id=None)
    report = tables(meetings=[MET, BRIEFED, clerks])
    found = report.overdue[report.overdue["Check"] == "Clerks meeting overdue"]
    assert rows(report.overdue, "Clerks meeting overdue") == [(None, date(2026, 10, 15), 77)]
    assert list(found["Partnership"]) == ["All local councils"]
    assert found["Partnership ID"].isna().all()
    assert list(found["Detail"]) == ["Last clerks meeting 15 April 2026"]


def test_a_group_meeting_never_held_is_overdue_with_no_due_date(tmp_path: Path) -> None:
    """A [liaison.group_meetings] table replaces the default: the parish forum is checked
    (never held, planned only), the clerks' meeting is not."""
    (tmp_path / "settings.toml").write_text(
        '[liaison.group_meetings]\n"Parish forum" = 3\n', encoding="utf-8"
    )
    planned = Meeting(meeting_date=date(2027, 1, 20), meeting="Parish forum", partnership_id=None)
    report = tables(meetings=[MET, BRIEFED, planned], settings=load_settings(tmp_path))
    assert rows(report.overdue, "Parish forum overdue") == [(None, None, None)]
    assert "Clerks meeting overdue" not in checks(report.overdue)


# Never done --------------------------------------------------------------------------------

NO_START = Partnership(partnership_manager="Head of Planning", start_date=None)


@pytest.mark.parametrize("start", [COUNCIL, NO_START], ids=["with-start", "no-start"])
def test_every_liaison_check_never_done_says_never_done(start: Partnership) -> None:
    """Never met, never briefed, contact details never checked, the clerks' meeting never
    held: each row is Never done Yes, whether or not the partnership has a start date to
    date it from."""
    report = tables(
        partnerships=[start], councils=[LocalCouncil(contact_details_checked=None)], meetings=[]
    )
    found = report.overdue.set_index("Check")["Never done"]
    for check in (
        "Liaison meeting overdue",
        "Briefing overdue",
        "Contact details check overdue",
        "Clerks meeting overdue",
    ):
        assert found[check] == "Yes", check


def test_liaison_checks_done_late_are_not_never_done() -> None:
    """Met, briefed, checked and the clerks met, all too long ago: overdue, Never done No."""
    clerks = Meeting(meeting_date=date(2025, 1, 15), meeting="Clerks meeting", partnership_id=None)
    report = tables(
        councils=[LocalCouncil(contact_details_checked=date(2024, 1, 1))],
        meetings=[
            Meeting(meeting_date=date(2025, 1, 1), meeting="Partner meeting"),
            briefing(date(2025, 1, 1)),
            clerks,
        ],
    )
    found = report.overdue.set_index("Check")["Never done"]
    for check in (
        "Liaison meeting overdue",
        "Briefing overdue",
        "Contact details check overdue",
        "Clerks meeting overdue",
    ):
        assert found[check] == "No", check


# Devolved services ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "overdue", "due_soon"),
    [
        (date(2026, 12, 30), [("Head of Planning", date(2026, 12, 30), 1)], []),
        (date(2026, 12, 31), [], [("Head of Planning", date(2026, 12, 31), 0)]),
        (date(2027, 3, 31), [], [("Head of Planning", date(2027, 3, 31), 90)]),
        (date(2027, 4, 1), [], []),
    ],
    ids=["expired-yesterday", "ends-today", "ends-on-the-horizon", "ends-later"],
)
def test_a_devolution_agreement_expires_the_day_after_it_ends(
    end: date, overdue: list[tuple[str, date, int]], due_soon: list[tuple[str, date, int]]
) -> None:
    report = tables(devolved=[DevolvedService(agreement_end=end)])
    assert rows(report.overdue, "Devolution agreement expired") == overdue
    assert rows(report.due_soon, "Devolution agreement ending") == due_soon
    listed = pd.concat([report.overdue, report.due_soon])
    detail = listed.loc[listed["Check"].str.startswith("Devolution"), "Detail"]
    assert all(text.startswith("Landscaping: agreement ends") for text in detail)
    # Devolution rows do not change the council's Status.
    assert report.liaison.iloc[0]["Status"] == "On track"


# The sheets -----------------------------------------------------------------------------------


def test_meetings_held_counts_the_financial_year_held_and_planned() -> None:
    """2026/27 runs 1 April 2026 to 31 March 2027: held up to the as-of date, planned after
    it; a meeting of March 2026 or April 2027 is in neither. Totals over held meetings only."""
    clerks = [
        Meeting(
            meeting_date=day,
            meeting="Clerks meeting",
            partnership_id=None,
            councils_represented=n,
            agenda_items_from_partners=items,
        )
        for day, n, items in (
            (date(2026, 3, 31), 30, 9),  # last year
            (date(2026, 4, 1), 28, 5),
            (date(2026, 10, 14), 25, 3),
            (date(2027, 3, 10), 40, 7),  # planned
            (date(2027, 4, 1), 40, 7),  # next year
        )
    ]
    report = tables(meetings=[MET, BRIEFED, *clerks])
    held = report.meetings_held.set_index("Meeting")
    assert list(held.index) == ["Partner meeting", "Corporate plan briefing", "Clerks meeting"]
    assert held.loc["Clerks meeting"].to_dict() == {
        "Held": 2,
        "Planned": 1,
        "Councils represented": 53,
        "Agenda items from partners": 8,
    }
    # A meeting with one council has no councils represented (not applicable, printed "–").
    assert pd.isna(held.loc["Partner meeting", "Councils represented"])
    assert held.loc["Partner meeting", "Agenda items from partners"] == 0  # none given: 0


def test_a_group_meeting_with_no_councils_given_counts_none() -> None:
    """Councils represented at a group meeting with none typed is 0, not blank; at AGMs and
    briefings (with one council each) it is blank, whatever is typed."""
    meetings = [
        MET,
        BRIEFED,
        Meeting(meeting_date=date(2026, 6, 1), meeting="Parish forum", partnership_id=None),
        Meeting(meeting_date=date(2026, 5, 1), meeting="AGM", councils_represented=1),
    ]
    held = tables(meetings=meetings).meetings_held.set_index("Meeting")["Councils represented"]
    assert held["Parish forum"] == 0
    assert held[["AGM", "Partner meeting", "Corporate plan briefing"]].isna().all()


@pytest.mark.parametrize(
    ("closes", "meets"),
    [(date(2026, 10, 13), "Yes"), (date(2026, 10, 12), "No")],
    ids=["42-days", "41-days"],
)
def test_a_consultation_meets_the_minimum_with_six_weeks_to_respond(
    closes: date, meets: str
) -> None:
    report = tables(consultations=[Consultation(closes=closes)])
    row = report.consultations.iloc[0]
    assert (row["Days to respond"], row["Meets minimum"]) == (
        (closes - date(2026, 9, 1)).days,
        meets,
    )


def test_consultation_status_and_response_rate() -> None:
    """Planned if issued after the as-of date, Open if it closes on or after it, else Closed;
    the response rate a fraction, blank without both counts or with none consulted."""
    report = tables(
        consultations=[
            Consultation(consultation="Closed", councils_consulted=10, responses=4),
            Consultation(consultation="Open", issued=date(2026, 12, 1), closes=AS_OF),
            Consultation(
                consultation="Planned",
                issued=date(2027, 1, 4),
                closes=date(2027, 2, 15),
                councils_consulted=0,
                responses=0,
            ),
            Consultation(consultation="Uncounted", responses=None),
        ]
    )
    table = report.consultations.set_index("Consultation")
    assert list(table["Status"]) == ["Closed", "Open", "Planned", "Closed"]
    assert table.loc["Closed", "Response rate"] == pytest.approx(0.4)
    assert table[["Response rate"]].iloc[2:].isna().all().all()


def test_devolved_services_by_stage_with_their_funding() -> None:
    services = [
        DevolvedService(),
        DevolvedService(service="Bus shelters", stage="Ended", annual_funding=3000.0),
        DevolvedService(
            partnership_id="P-002",
            service="Landscaping",
            stage="Interest",
            agreement_start=None,
            agreement_end=None,
            annual_funding=None,
        ),
    ]
    other = Partnership(partnership_id="P-002", partnership="Second Parish Council")
    report = tables(partnerships=[COUNCIL, other], devolved=services)
    assert list(report.devolved_services["Stage"]) == ["Agreement", "Interest", "Ended"]
    assert report.devolved_services.iloc[1]["Council"] == "Second Parish Council"
    by_stage = report.devolution_by_stage.set_index("Stage")
    assert list(by_stage.index) == ["Agreement", "Negotiating", "Interest", "Ended"]
    assert by_stage["Services"].to_dict() == {
        "Agreement": 1,
        "Negotiating": 0,
        "Interest": 1,
        "Ended": 1,
    }
    assert by_stage.loc["Agreement", "Annual funding"] == 12000.0
    assert by_stage.loc["Interest", "Annual funding"] == 0.0


def test_councils_by_type_with_their_councillors() -> None:
    councils = [
        LocalCouncil(),
        LocalCouncil(partnership_id="P-002", council_type="Parish meeting", councillors=None),
        LocalCouncil(partnership_id="P-003", council_type="Parish council", councillors=11),
    ]
    partnerships = [
        COUNCIL,
        Partnership(partnership_id="P-002"),
        Partnership(partnership_id="P-003"),
    ]
    by_type = tables(partnerships=partnerships, councils=councils).councils_by_type
    assert by_type.astype(object).where(by_type.notna(), None).to_numpy().tolist() == [
        ["Parish council", 2, 20],
        ["Parish meeting", 1, None],
        ["All local councils", 3, 20],
    ]


def test_coverage_and_gaps_count_the_active_councils() -> None:
    """Of two Active councils (a third Suspended), one was last met in May 2026 and last
    briefed on 30 December 2025 (due a year on, the day before the as-of date); the other is
    in date."""
    partnerships = [
        COUNCIL,
        Partnership(partnership_id="P-002", partnership="Second", partnership_manager=None),
        Partnership(partnership_id="P-003", status="Suspended"),
    ]
    councils = [
        LocalCouncil(),
        LocalCouncil(partnership_id="P-002"),
        LocalCouncil(partnership_id="P-003"),
    ]
    meetings = [
        MET,
        BRIEFED,
        Meeting(meeting_date=date(2026, 5, 12), meeting="AGM", partnership_id="P-002"),
        briefing(date(2025, 12, 30), "P-002"),
    ]
    report = tables(partnerships=partnerships, councils=councils, meetings=meetings)
    coverage = report.liaison_coverage.set_index("Key")
    assert coverage["Councils"].to_dict() == {
        "councils": 2,
        "with_manager": 1,
        "met": 1,
        "briefed": 1,
        "contact_checked": 2,
    }
    assert coverage.loc["met", "Share"] == pytest.approx(0.5)
    gaps = report.liaison_gaps
    assert gaps[["Partnership ID", "Gap"]].to_numpy().tolist() == [
        ["P-002", "Not met since 12 May 2026; Briefing overdue since 30 December 2026"]
    ]
    assert gaps["Partnership manager"].isna().all()


# The chapter's pages ------------------------------------------------------------------------


def test_the_chapter_lists_gaps_by_manager_capped_with_the_rest_counted() -> None:
    """Three councils never met: two managed by one officer, one with no partnership manager
    (its group last); with a cap of two rows shared between them, each manager keeps a row and
    the one left out is counted under its manager."""
    partnerships = [
        Partnership(partnership_id="P-001", partnership="Alpha", partnership_manager="Head Z"),
        Partnership(partnership_id="P-002", partnership="Beta", partnership_manager=None),
        Partnership(partnership_id="P-003", partnership="Gamma", partnership_manager="Head Z"),
    ]
    councils = [LocalCouncil(partnership_id=pid) for pid in ("P-001", "P-002", "P-003")]
    report = tables(partnerships=partnerships, councils=councils, meetings=[])
    full = pages(report).liaison
    assert full is not None
    assert [(g.heading, [r["Council"] for r in g.rows]) for g in full.gap_groups or []] == [
        ("Head Z", ["Alpha", "Gamma"]),
        (NO_PARTNERSHIP_MANAGER, ["Beta"]),
    ]
    capped = pages(report, caps={**LIST_CAPS, "liaison_gaps": 2}).liaison
    assert capped is not None
    assert [
        (g.heading, g.count, [r["Council"] for r in g.rows], g.not_shown, g.whose)
        for g in capped.gap_groups or []
    ] == [
        ("Head Z", 2, ["Alpha"], 1, "for Head Z"),
        (NO_PARTNERSHIP_MANAGER, 1, ["Beta"], 0, "with no partnership manager named"),
    ]


def test_without_local_councils_the_chapter_has_no_page() -> None:
    assert pages(tables(councils=[], meetings=[MET])).liaison is None


# Edges the review asked for ---------------------------------------------------------------


def test_meetings_held_counts_the_twelve_months_up_to_the_as_of_date() -> None:
    """After the as-of date − 12 months (31 December 2025 is out, 1 January 2026 in), up to
    and including the as-of date (a meeting on it counts; one the day after is planned)."""
    meetings = [
        Meeting(meeting_date=date(2025, 12, 31), meeting="Training"),
        Meeting(meeting_date=date(2026, 1, 1), meeting="Training"),
        Meeting(meeting_date=AS_OF, meeting="Briefing"),
        Meeting(meeting_date=date(2027, 1, 1), meeting="Briefing"),
        MET,
        BRIEFED,
    ]
    assert tables(meetings=meetings).liaison.iloc[0]["Meetings held"] == 4


def test_overdue_wins_over_due_soon_in_a_councils_status() -> None:
    """Briefing overdue and contact details check due soon: the council is Overdue."""
    report = tables(
        councils=[LocalCouncil(contact_details_checked=date(2026, 1, 31))],
        meetings=[MET, briefing(date(2025, 12, 10))],
    )
    assert {"Briefing overdue"} <= checks(report.overdue)
    assert {"Contact details check due"} <= checks(report.due_soon)
    assert report.liaison.iloc[0]["Status"] == "Overdue"


def test_only_agreements_of_active_partnerships_are_checked() -> None:
    """A service at Interest with an end date typed, and an expired agreement of a Suspended
    partnership, give no devolution rows."""
    suspended = Partnership(partnership_id="P-002", status="Suspended")
    services = [
        DevolvedService(stage="Interest", agreement_end=date(2026, 12, 1)),
        DevolvedService(partnership_id="P-002", agreement_end=date(2026, 12, 1)),
    ]
    report = tables(partnerships=[COUNCIL, suspended], devolved=services)
    listed = pd.concat([report.overdue, report.due_soon])
    assert not listed["Check"].str.startswith("Devolution").any()


def test_a_consultation_issued_on_the_as_of_date_is_open() -> None:
    on_the_day = Consultation(issued=AS_OF, closes=date(2027, 2, 11))
    assert list(tables(consultations=[on_the_day]).consultations["Status"]) == ["Open"]


def test_responses_with_no_councils_consulted_have_no_rate() -> None:
    """Responses counted but none consulted (a warning in validate): the rate is blank, not
    infinite."""
    odd = Consultation(councils_consulted=0, responses=3)
    assert tables(consultations=[odd]).consultations["Response rate"].isna().all()


def test_a_group_meeting_falls_due_soon() -> None:
    clerks = Meeting(meeting_date=date(2026, 9, 1), meeting="Clerks meeting", partnership_id=None)
    report = tables(meetings=[MET, BRIEFED, clerks])
    assert rows(report.due_soon, "Clerks meeting due") == [(None, date(2027, 3, 1), 60)]
    found = report.due_soon[report.due_soon["Check"] == "Clerks meeting due"]
    assert list(found["Partnership"]) == ["All local councils"]


# Who is responsible for a row (issue 29) -----------------------------------------------------


def test_a_councils_rows_name_its_lead_officer_and_its_partnership_manager_responsible() -> None:
    """The register's lead officer stays the Lead officer; the partnership manager, who must
    act, is the Responsible officer, and the pack's overdue list and Overdue by officer go by
    them."""
    report = tables(meetings=[BRIEFED])  # never met since 2015: liaison meeting overdue
    found = report.overdue[report.overdue["Check"] == "Liaison meeting overdue"]
    assert found[["Lead officer", "Responsible officer"]].to_numpy().tolist() == [
        [Partnership().lead_officer, "Head of Planning"]
    ]
    by_officer = report.overdue_by_officer.set_index("Responsible officer")["Overdue items"]
    assert (
        by_officer["Head of Planning"]
        == (report.overdue["Responsible officer"] == "Head of Planning").sum()
    )
    headings = [group.heading for group in pages(report).officer_groups]
    assert "Head of Planning" in headings


def _group(day: date, officer: str | None, kind: str = "Advisory group") -> Meeting:
    return Meeting(meeting_date=day, meeting=kind, partnership_id=None, council_officer=officer)


@pytest.mark.parametrize(
    ("meetings", "officer"),
    [
        (
            [_group(date(2026, 6, 1), "Officer A"), _group(date(2026, 9, 9), "Officer B")],
            "Officer B",
        ),
        ([_group(date(2026, 6, 1), "Officer A"), _group(date(2026, 9, 9), None)], "Officer A"),
        (
            [_group(date(2026, 9, 9), "Officer A"), _group(date(2027, 1, 5), "Officer C")],
            "Officer A",
        ),
        (
            [_group(date(2027, 1, 5), "Officer C"), _group(date(2027, 3, 5), "Officer D")],
            "Officer C",
        ),
        ([_group(date(2026, 9, 9), None)], None),
    ],
    ids=["latest-held", "latest-naming-one", "held-before-planned", "planned-only", "none-named"],
)
def test_a_group_meetings_rows_name_the_officer_the_meetings_sheet_gives(
    tmp_path: Path, meetings: list[Meeting], officer: str | None
) -> None:
    """The officer who holds a group meeting is responsible for its row: the Council officer
    of its latest held meeting that names one, else of its first planned one; none named:
    blank (never printed as "nan")."""
    (tmp_path / "settings.toml").write_text(
        '[liaison.group_meetings]\n"Advisory group" = 3\n', encoding="utf-8"
    )
    report = tables(meetings=[MET, BRIEFED, *meetings], settings=load_settings(tmp_path))
    listed = pd.concat([report.overdue, report.due_soon])
    found = listed[listed["Check"].str.startswith("Advisory group")]
    assert len(found) == 1
    assert found["Lead officer"].isna().all()
    responsible = found["Responsible officer"].iloc[0]
    assert (None if pd.isna(responsible) else responsible) == officer


def test_the_officer_who_holds_a_group_meeting_gets_its_row_in_their_workbook(
    tmp_path: Path,
) -> None:
    """The advisory group's officer (no lead officer of anything) gets a workbook with the
    group meeting's row, and the About sheet says why."""
    (tmp_path / "settings.toml").write_text(
        '[liaison.group_meetings]\n"Advisory group" = 3\n', encoding="utf-8"
    )
    held = _group(date(2026, 6, 1), "Parish Liaison Officer")  # due 1 September 2026
    report = tables(meetings=[MET, BRIEFED, held], settings=load_settings(tmp_path))
    lists = officer_lists(
        report.overdue,
        report.due_soon,
        pd.DataFrame({"Partnership ID": pd.Series(dtype="str"), "Sheet": pd.Series(dtype="str")}),
        pd.DataFrame(
            {"partnership_id": ["P-001"], "lead_officer": ["a"], "partnership_manager": ["b"]}
        ),
        pd.DataFrame(),
        about=ABOUT,
    )
    own = lists["Parish Liaison Officer.xlsx"]
    assert list(own["Overdue"]["Check"]) == ["Advisory group overdue"]
    about = own["About"].set_index("Item")["Detail"]
    assert about["As"] == "Officer for group meetings with local councils"
    assert "group meetings with local councils you hold" in about["Listed"]


# Which check is next (issue 29) ----------------------------------------------------------------


def test_next_due_says_which_check_falls_due() -> None:
    """Met and briefed lately but contact details never checked since 2015: Next due is the
    contact check's 1 April 2016, and Next check says so."""
    report = tables(councils=[LocalCouncil(contact_details_checked=None)])
    row = report.liaison.iloc[0]
    assert (row["Next due"], row["Next check"]) == (
        pd.Timestamp("2016-04-01"),
        "Contact details check",
    )


def test_two_checks_due_on_one_day_are_both_named() -> None:
    met = Meeting(meeting_date=date(2026, 6, 1), meeting="Partner meeting")  # due 1 Dec 2026
    report = tables(meetings=[met, briefing(date(2025, 12, 1))])  # due 1 Dec 2026 too
    row = report.liaison.iloc[0]
    assert (row["Next due"], row["Next check"]) == (
        pd.Timestamp("2026-12-01"),
        "Liaison meeting and briefing",
    )


def test_a_council_not_active_has_no_next_check() -> None:
    report = tables(partnerships=[Partnership(status="Suspended")], meetings=[])
    assert report.liaison["Next check"].isna().all()


# The yearly briefing: one rule (issue 29, WORKBOOKS.md §7) -----------------------------------


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(date(2026, 12, 6), False), (date(2026, 12, 9), False), (date(2026, 12, 10), True)],
    ids=["due-in-three-days", "due-today", "a-day-late"],
)
def test_the_briefing_has_one_answer_everywhere(as_of: date, overdue: bool) -> None:
    """Last briefed 9 December 2025 (Anstey in the sample): the briefing is due 9 December
    2026. Before or on that day it is due soon in Due soon and the Liaison sheet, counted as
    briefed, and no gap; from the day after it is overdue in all of them."""
    met = Meeting(meeting_date=date(2026, 11, 16), meeting="Partner meeting")
    report = tables(meetings=[met, briefing(date(2025, 12, 9))], as_of=as_of)
    late = rows(report.overdue, "Briefing overdue")
    soon = rows(report.due_soon, "Briefing due")
    assert (late, soon) == (
        ([("Head of Planning", date(2026, 12, 9), 1)], [])
        if overdue
        else ([], [("Head of Planning", date(2026, 12, 9), (date(2026, 12, 9) - as_of).days)])
    )
    row = report.liaison.iloc[0]
    assert (row["Next due"], row["Next check"], row["Status"]) == (
        pd.Timestamp("2026-12-09"),
        "Briefing",
        "Overdue" if overdue else "Due soon",
    )
    briefed = report.liaison_coverage.set_index("Key").loc["briefed", "Councils"]
    assert briefed == (0 if overdue else 1)
    gaps = list(report.liaison_gaps["Gap"])
    assert gaps == (["Briefing overdue since 9 December 2026"] if overdue else [])


def test_a_council_never_briefed_is_a_gap_only_once_its_briefing_is_overdue() -> None:
    """Never briefed, its partnership started on 1 March 2026: the briefing is due on 1 March
    2027 (due soon at 31 December 2026), so no gap, and not counted as briefed either."""
    new = Partnership(partnership_manager="Head of Planning", start_date=date(2026, 3, 1))
    report = tables(partnerships=[new], meetings=[MET])
    assert rows(report.due_soon, "Briefing due") == [("Head of Planning", date(2027, 3, 1), 60)]
    assert report.liaison_gaps.empty
    assert report.liaison_coverage.set_index("Key").loc["briefed", "Councils"] == 0
    older = Partnership(partnership_manager="Head of Planning", start_date=date(2025, 3, 1))
    gaps = tables(partnerships=[older], meetings=[MET]).liaison_gaps
    assert list(gaps["Gap"]) == ["Never briefed"]


# Information wanted and training needs (issue 29) ---------------------------------------------


def test_council_requests_list_the_councils_that_asked_for_something() -> None:
    """Two councils asked (one for information, one for training); a third asked nothing and
    is not listed. Each partnership manager's workbook has their councils' rows."""
    partnerships = [
        COUNCIL,
        Partnership(partnership_id="P-002", partnership="Beta", partnership_manager="Head B"),
        Partnership(partnership_id="P-003", partnership="Gamma", partnership_manager="Head B"),
    ]
    councils = [
        LocalCouncil(information_wanted="Planning applications by email"),
        LocalCouncil(partnership_id="P-002", training_needs="Code of conduct"),
        LocalCouncil(partnership_id="P-003"),
    ]
    meetings = [MET, BRIEFED, *(m for pid in ("P-002", "P-003") for m in (
        Meeting(meeting_date=date(2026, 11, 1), meeting="Partner meeting", partnership_id=pid),
        briefing(date(2026, 6, 1), pid),
    ))]  # fmt: skip
    report = tables(partnerships=partnerships, councils=councils, meetings=meetings)
    requests = report.council_requests
    assert requests[["Partnership ID", "Partnership manager"]].to_numpy().tolist() == [
        ["P-002", "Head B"],
        ["P-001", "Head of Planning"],
    ]  # by council: Beta, then P-001's name
    assert requests.set_index("Partnership ID").loc["P-001", "Information wanted"] == (
        "Planning applications by email"
    )
    assert pd.isna(requests.set_index("Partnership ID").loc["P-001", "Training needs"])
    page = pages(report).liaison
    assert page is not None
    assert page.requests is not None
    assert [row["Council"] for row in page.requests.rows] == list(requests["Council"])
    lists = officer_lists(
        report.overdue,
        report.due_soon,
        pd.DataFrame({"Partnership ID": pd.Series(dtype="str"), "Sheet": pd.Series(dtype="str")}),
        pd.DataFrame(
            {
                "partnership_id": ["P-001", "P-002", "P-003"],
                "lead_officer": ["Lead A", "Lead B", "Lead B"],
                "partnership_manager": ["Head of Planning", "Head B", "Head B"],
            }
        ),
        pd.DataFrame(),
        about=ABOUT,
        requests=requests,
    )
    head_b = lists["Head B.xlsx"]
    assert list(head_b["Council requests"]["Training needs"]) == ["Code of conduct"]
    assert (
        head_b["About"].set_index("Item").loc["Council requests", "Detail"].startswith("1 council ")
    )
    assert list(lists["Head of Planning.xlsx"]["Council requests"]["Partnership ID"]) == ["P-001"]
