"""`parish-liaison.xlsx`: the town and parish councils (P-018 to P-029) as the liaison log
stood on a day: `Local councils` (under a title row), `Meetings`, `Consultations` and
`Devolved services`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sample.dates import d, recorded_by
from sample.partnerships import CP_OFFICER, PARTNERSHIPS
from sample.workbook import Row, Value, new_workbook, save, write_sheet

# The Charnwood parish partnership scheme: each council's Partnership Manager (its `Partnership
# manager` in the register) attends the AGM and one other meeting every six months, briefs it
# yearly on the Corporate Plan, agrees the information it wants and its training needs, and
# keeps its contact details; two clerks' meetings a year; six weeks for a consultation. From the
# Milton Keynes material: a quarterly parish forum, an advisory group, ward forums and devolved
# landscaping under agreements. The dates are fixed so that, at 2026-11-23 and 2026-12-31,
# some councils are overdue, some fall due soon and most are in date (see each table).

STANDARDS = "Standards and Monitoring Support Officer"

#: (Partnership ID, council type, councillors, clerk, ward, information wanted, training
#: needs, contact details checked). Checked more than 12 months before 2026-11-23: P-023,
#: P-025 and P-027; never (blank): P-024; due in January and March 2027: P-022 and P-019.
LOCAL_COUNCILS: list[tuple[str, str, int, str, str, str, str, date | None]] = [
    ("P-018", "Town council", 15, "Town Clerk", "Shepshed East, Shepshed West",
     "Weekly list of planning applications; town centre events and licensing notices",
     "Planning committee procedure", d("2026-04-30")),
    ("P-019", "Parish council", 13, "Parish Clerk", "Anstey",
     "Grounds maintenance schedule for the recreation ground", "", d("2026-03-10")),
    ("P-020", "Parish council", 13, "Parish Clerk", "Quorn and Mountsorrel Castle", "",
     "Code of conduct and declarations of interest for co-opted councillors",
     d("2026-05-19")),
    ("P-021", "Parish council", 14, "Parish Clerk and RFO", "Barrow and Sileby West",
     "Grass cutting and grounds maintenance schedule", "", d("2026-05-12")),
    ("P-022", "Parish council", 15, "Parish Clerk", "Sileby", "", "", d("2026-01-14")),
    ("P-023", "Town council", 14, "Town Clerk", "Syston East, Syston West",
     "CCTV monitoring reports; licensing applications in the town", "", d("2025-11-10")),
    ("P-024", "Parish council", 15, "Parish Clerk", "Birstall East and Wanlip, Birstall West",
     "", "Budget and precept setting", None),
    ("P-025", "Parish council", 12, "Locum Parish Clerk", "Mountsorrel",
     "Planning applications by email only, no paper copies", "Induction for a new clerk",
     d("2025-09-18")),
    ("P-026", "Parish council", 12, "Parish Clerk", "Rothley and Thurcaston",
     "Planning applications by email only, no paper copies", "", d("2026-08-11")),
    ("P-027", "Parish council", 15, "Parish Clerk", "Thurmaston",
     "Fly-tipping reports in the parish; Local Plan updates", "", d("2025-06-10")),
    ("P-028", "Parish council", 9, "Parish Clerk (part-time)", "Forest Bradgate", "",
     "Using the planning portal", d("2026-05-05")),
    ("P-029", "Parish meeting", 0, "Clerk to the Parish Meeting", "The Wolds",
     "Planning applications by email; changes to bus services",
     "Running the annual parish meeting", d("2026-04-16")),
]  # fmt: skip

#: Stands for the council's Partnership Manager in `MEETINGS_WITH_COUNCILS`.
PM = "Partnership Manager"

# (meeting date, meeting, Partnership ID, council officer, notes). Latest AGM or partner meeting
# by 2026-11-23: more than six months before for P-020 and P-025, none ever for P-029 (overdue);
# in June and July 2026 for P-026 and P-022 (due soon; P-026's planned December meeting is held
# by 2026-12-31). Latest Corporate plan briefing: more than a year before for P-023 and P-028,
# none for P-029 (overdue); December 2025 and January 2026 for P-019 and P-024 (due soon).
MEETINGS_WITH_COUNCILS: list[tuple[date, str, str, str, str]] = [
    (d("2025-05-12"), "AGM", "P-018", PM, ""),
    (d("2025-06-10"), "Corporate plan briefing", "P-018", PM, ""),
    (d("2025-10-06"), "Partner meeting", "P-018", PM, ""),
    (d("2026-02-23"), "Training", "P-018", "Development Management Manager",
     "Planning committee procedure for town councillors."),
    (d("2026-05-11"), "AGM", "P-018", PM, ""),
    (d("2026-06-15"), "Corporate plan briefing", "P-018", PM, ""),
    (d("2026-10-12"), "Partner meeting", "P-018", PM, ""),
    (d("2025-05-19"), "AGM", "P-019", PM, ""),
    (d("2025-11-17"), "Partner meeting", "P-019", PM, ""),
    (d("2025-12-09"), "Corporate plan briefing", "P-019", PM, ""),
    (d("2026-05-18"), "AGM", "P-019", PM, ""),
    (d("2026-06-24"), "Other", "P-019", PM,
     "Site visit to the play area refurbishment with the Parish Clerk."),
    (d("2026-11-16"), "Partner meeting", "P-019", PM, ""),
    (d("2025-05-13"), "AGM", "P-020", PM, ""),
    (d("2025-07-15"), "Corporate plan briefing", "P-020", PM, ""),
    (d("2025-09-09"), "Partner meeting", "P-020", PM, ""),
    (d("2026-05-12"), "AGM", "P-020", PM,
     "The September partner meeting was postponed by the parish council; not yet rearranged."),
    (d("2026-07-14"), "Corporate plan briefing", "P-020", PM, ""),
    (d("2026-10-20"), "Training", "P-020", STANDARDS,
     "Code of conduct training for four co-opted councillors."),
    (d("2025-05-15"), "AGM", "P-021", PM, ""),
    (d("2025-11-11"), "Partner meeting", "P-021", PM, ""),
    (d("2026-03-03"), "Briefing", "P-021", PM,
     "Devolved grass cutting: options when the agreement ends in October."),
    (d("2026-05-14"), "AGM", "P-021", PM, ""),
    (d("2026-06-23"), "Corporate plan briefing", "P-021", PM, ""),
    (d("2026-09-22"), "Partner meeting", "P-021", PM, ""),
    (d("2025-04-22"), "Corporate plan briefing", "P-022", PM, ""),
    (d("2025-05-20"), "AGM", "P-022", PM, ""),
    (d("2025-11-25"), "Partner meeting", "P-022", PM, ""),
    (d("2026-04-21"), "Corporate plan briefing", "P-022", PM, ""),
    (d("2026-05-19"), "AGM", "P-022", PM, ""),
    (d("2026-07-08"), "Partner meeting", "P-022", PM, ""),
    (d("2025-05-13"), "AGM", "P-023", PM, ""),
    (d("2025-09-15"), "Corporate plan briefing", "P-023", PM, ""),
    (d("2025-10-21"), "Partner meeting", "P-023", PM, ""),
    (d("2026-02-10"), "Briefing", "P-023", "Head of Planning and Regeneration",
     "Local Plan: the site allocations in Syston."),
    (d("2026-05-12"), "AGM", "P-023", PM, ""),
    (d("2026-10-27"), "Partner meeting", "P-023", PM,
     "Corporate plan briefing deferred to the new year at the town council's request."),
    (d("2025-05-21"), "AGM", "P-024", "", ""),
    (d("2025-10-15"), "Partner meeting", "P-024", PM, ""),
    (d("2026-01-20"), "Corporate plan briefing", "P-024", PM, ""),
    (d("2026-05-20"), "AGM", "P-024", PM, ""),
    (d("2026-09-08"), "Partner meeting", "P-024", PM, ""),
    (d("2026-11-10"), "Training", "P-024", "Head of Finance",
     "Budget and precept setting workshop for the finance committee."),
    (d("2027-01-19"), "Corporate plan briefing", "P-024", PM, "Planned."),
    (d("2025-05-14"), "AGM", "P-025", PM, ""),
    (d("2025-09-18"), "Partner meeting", "P-025", PM, "Annual review of the partnership."),
    (d("2026-02-10"), "Partner meeting", "P-025", PM,
     "The AGM in May clashes with Cabinet; the locum clerk to propose another date."),
    (d("2026-04-14"), "Corporate plan briefing", "P-025", PM, ""),
    (d("2025-05-19"), "AGM", "P-026", PM, ""),
    (d("2025-11-03"), "Partner meeting", "P-026", PM, ""),
    (d("2026-05-18"), "AGM", "P-026", PM, ""),
    (d("2026-06-16"), "Partner meeting", "P-026", PM, ""),
    (d("2026-09-01"), "Corporate plan briefing", "P-026", PM, ""),
    (d("2026-12-08"), "Partner meeting", "P-026", PM,
     "Planned: the village green landscaping proposal."),
    (d("2025-03-18"), "Corporate plan briefing", "P-027", PM, ""),
    (d("2025-05-12"), "AGM", "P-027", PM, ""),
    (d("2025-11-04"), "Partner meeting", "P-027", PM, ""),
    (d("2026-03-17"), "Corporate plan briefing", "P-027", PM, ""),
    (d("2026-05-11"), "AGM", "P-027", PM, ""),
    (d("2026-11-03"), "Partner meeting", "P-027", PM, ""),
    (d("2025-05-22"), "AGM", "P-028", "", ""),
    (d("2025-07-21"), "Corporate plan briefing", "P-028", PM, ""),
    (d("2025-11-19"), "Partner meeting", "P-028", PM, ""),
    (d("2026-03-25"), "Training", "P-028", "Development Management Manager",
     "Using the planning portal, for the clerk."),
    (d("2026-05-21"), "AGM", "P-028", PM, ""),
    (d("2026-10-14"), "Partner meeting", "P-028", PM, ""),
    (d("2026-04-16"), "Briefing", "P-029", CP_OFFICER,
     "Review with the chair; the Partnership Manager to attend the 2027 parish meeting."),
]  # fmt: skip

# (meeting date, meeting, council officer, councils represented, agenda items from partners,
# notes): meetings of several councils, with no Partnership ID. Clerks' meetings twice a year
# (Charnwood), the parish forum quarterly and the advisory group that sets its agenda (Milton
# Keynes), and ward forums. Dates after 2026-11-23 are planned.
GROUP_MEETINGS: list[tuple[date, str, str, int | None, int | None, str]] = [
    (d("2025-03-19"), "Clerks meeting", STANDARDS, 21, 5, ""),
    (d("2025-07-09"), "Parish forum", CP_OFFICER, 16, None, ""),
    (d("2025-10-08"), "Clerks meeting", STANDARDS, 19, 6, ""),
    (d("2025-10-22"), "Parish forum", CP_OFFICER, 15, None, ""),
    (d("2026-01-21"), "Parish forum", CP_OFFICER, 17, None, ""),
    (d("2026-02-04"), "Advisory group", CP_OFFICER, 6, None,
     "Parishes advisory group: set the agenda for the April parish forum."),
    (d("2026-03-04"), "Ward forum", "Community Safety Manager", 4, None,
     "The Wolds ward forum: rural speeding and bus services."),
    (d("2026-03-18"), "Clerks meeting", STANDARDS, 22, 7,
     "Items from clerks included grass cutting, the planning portal and the 2027 elections."),
    (d("2026-04-22"), "Parish forum", CP_OFFICER, 14, None, ""),
    (d("2026-06-03"), "Advisory group", CP_OFFICER, 5, None, ""),
    (d("2026-07-15"), "Parish forum", CP_OFFICER, 18, 2,
     "Speakers on the grounds maintenance contract renewal."),
    (d("2026-09-09"), "Advisory group", CP_OFFICER, 6, None, ""),
    (d("2026-09-23"), "Ward forum", "Head of Neighbourhood Services", 3, None,
     "Syston and Thurmaston ward forum: town centre parking."),
    (d("2026-10-14"), "Clerks meeting", STANDARDS, 20, 4, ""),
    (d("2026-10-21"), "Parish forum", CP_OFFICER, 16, 1, ""),
    (d("2027-01-20"), "Parish forum", CP_OFFICER, None, None, "Planned."),
    (d("2027-03-17"), "Clerks meeting", STANDARDS, None, None,
     "Planned: clerks asked to propose agenda items by 17 February."),
]  # fmt: skip

# (consultation, issued, closes, lead officer, councils consulted, responses). Six weeks (42
# days) or more, except the CIL schedule (5 weeks) and street trading (4 weeks); the scheme
# review is open on both as-of dates, the Corporate Plan consultation planned for January.
CONSULTATIONS: list[tuple[str, date, date, str, int, int | None]] = [
    ("Local Plan review: main modifications", d("2025-09-01"), d("2025-10-13"),
     "Head of Planning and Regeneration", 12, 9),
    ("Community Infrastructure Levy draft charging schedule", d("2026-01-12"),
     d("2026-02-16"), "Head of Planning and Regeneration", 12, 5),
    ("Street trading policy review", d("2026-05-05"), d("2026-06-02"),
     "Head of Regulatory Services", 12, 4),
    ("Grounds maintenance contract 2027-2032: service specification", d("2026-07-06"),
     d("2026-08-24"), "Head of Cleansing and Open Spaces", 12, 10),
    ("Review of polling districts and polling places", d("2026-10-01"), d("2026-11-12"),
     "Electoral Services Manager", 12, 6),
    ("Parish partnership scheme review", d("2026-11-16"), d("2027-01-11"), CP_OFFICER, 12, 3),
    ("Corporate Plan 2027-2031: draft priorities", d("2027-01-11"), d("2027-02-22"),
     "Head of Strategic Support", 12, None),
]  # fmt: skip

LANDSCAPING = "Grounds maintenance and landscaping"
# (Partnership ID, service, stage, agreement start, agreement end, annual funding). Devolved
# landscaping, Milton Keynes style: agreements with P-018, P-027 and P-023 (ending 31 January
# 2027), one with P-021 that ended in October 2026 but is still recorded as an agreement while
# an extension is discussed; interest from three councils, one negotiating, one handed back.
DEVOLVED_SERVICES: list[tuple[str, str, str, date | None, date | None, int | None]] = [
    ("P-018", f"{LANDSCAPING}: town centre and open spaces", "Agreement", d("2024-04-01"),
     d("2029-03-31"), 28500),
    ("P-021", "Grass cutting of highway verges and open spaces", "Agreement", d("2023-04-01"),
     d("2026-10-31"), 9800),
    ("P-023", LANDSCAPING, "Agreement", d("2022-02-01"), d("2027-01-31"), 21000),
    ("P-027", "Landscaping and shrub bed maintenance", "Agreement", d("2025-04-01"),
     d("2028-03-31"), 14200),
    ("P-019", LANDSCAPING, "Interest", None, None, None),
    ("P-020", "Grass cutting of open spaces", "Interest", None, None, None),
    ("P-026", "Landscaping of the village green and verges", "Interest", None, None, None),
    ("P-024", LANDSCAPING, "Negotiating", None, None, None),
    ("P-025", "Grass cutting of open spaces", "Ended", d("2019-04-01"), d("2024-03-31"), 7500),
]  # fmt: skip


def meeting_rows(day: date) -> list[Row]:
    """Council and group meetings in date order, as a liaison log is kept on `day`: the
    meetings held by then and those planned (their notes say so)."""
    managers = {p.partnership_id: p.partnership_manager for p in PARTNERSHIPS}
    dated: list[tuple[date, Row]] = []
    for held, meeting, pid, officer, notes in MEETINGS_WITH_COUNCILS:
        officer = managers[pid] if officer == PM else officer
        dated.append((held, [held, meeting, pid, officer, None, None, notes]))
    for held, meeting, officer, represented, items, notes in GROUP_MEETINGS:
        dated.append((held, [held, meeting, None, officer, represented, items, notes]))
    kept = [(held, row) for held, row in dated if held <= day or planned(row[-1])]
    return [row for _, row in sorted(kept, key=lambda pair: pair[0])]


def planned(notes: Value) -> bool:
    """A meeting not yet held: its notes start with `Planned`."""
    return isinstance(notes, str) and notes.startswith("Planned")


def consultation_rows(day: date) -> list[Row]:
    """The consultations as logged on `day`: one not yet issued is planned, with no responses."""
    return [[*c[:5], None if c[1] > day else c[5]] for c in CONSULTATIONS]


def local_council_rows(day: date) -> list[Row]:
    """`Local councils` on `day`: a contact details check done later was the one a year before."""
    return [[*c[:7], recorded_by(c[7], 12, day)] for c in LOCAL_COUNCILS]


def write_liaison(folder: Path, day: date) -> Path:
    """`parish-liaison.xlsx` as it stood on `day`: `Local councils` (under a title row),
    `Meetings`, `Consultations` and `Devolved services`. Written from the tables alone (no
    rng), so the other workbooks are unchanged by it."""
    wb, ws = new_workbook()
    title = "Town and parish councils — Partnership Manager scheme"
    write_sheet(ws, "Local councils", local_council_rows(day), titles=(title,))
    write_sheet(wb.create_sheet(), "Meetings", meeting_rows(day))
    write_sheet(wb.create_sheet(), "Consultations", consultation_rows(day))
    devolved: list[Row] = [[*s] for s in DEVOLVED_SERVICES]
    write_sheet(wb.create_sheet(), "Devolved services", devolved)
    return save(wb, folder / "parish-liaison.xlsx")
