"""A parish-heavy council, written in code: 48 local councils of four kinds, as Milton Keynes
has (29 parish, 8 town, 2 community councils and 9 parish meetings), with an advisory group, a
quarterly parish forum, ward forums, clerks' meetings, consultations and six parishes
delivering a devolved landscaping service while twenty-five have expressed an interest.

Every council is met, briefed and checked in date except the few each test is about, so a
test can count exactly what it expects at AS_OF (31 December 2026, 2026/27 Q3):

- C-01 has no partnership manager (its lead officer acts);
- C-02 was last met on 1 July 2026 (due 1 January 2027: due soon) and last briefed on
  31 December 2025 (due on the as-of date: due soon, and not briefed this financial year);
- C-03 was last met on 1 June 2026 (six months on is 1 December: overdue);
- C-04 has never been met and started on 1 April 2010 (due 1 October 2010: overdue);
- C-05 has never been met and has no start date (overdue with no due date);
- C-06 has an AGM planned for May 2027 and none held (never met: overdue from its start);
- C-07 was last briefed on 31 March 2026 (due 31 March 2027, 90 days on: due soon) and C-08
  on 10 December 2025 (overdue), both not briefed this financial year;
- C-09's contact details were last checked on 1 October 2025 (overdue) and C-10's never;
- C-48 is Suspended: listed, never met, and not checked;
- the devolved landscaping agreements of C-11 … C-16 end in 2028, except C-11's, which
  ended on 30 November 2026 (expired), and C-12's, ending on 31 January 2027 (ending);
- the clerks' meeting was last held on 14 October 2026; the parish forum (every 3 months in
  settings) on 15 September 2026 (overdue by 31 December 2026).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from builders import partnership_row, write_workbook

COUNCIL_KINDS: Final = (
    ("Parish council", 29),
    ("Town council", 8),
    ("Community council", 2),
    ("Parish meeting", 9),
)
MANAGERS: Final = tuple(f"Head of Service {letter}" for letter in "ABCDEFGH")
SETTINGS: Final = '[liaison.group_meetings]\n"Clerks meeting" = 6\n"Parish forum" = 3\n'


def council_ids() -> list[str]:
    return [f"C-{n:02d}" for n in range(1, 49)]


def council_types() -> list[str]:
    return [kind for kind, count in COUNCIL_KINDS for _ in range(count)]


def _name(n: int, kind: str) -> str:
    place = f"Example{n:02d}"
    return {
        "Parish council": f"{place} Parish Council",
        "Town council": f"{place} Town Council",
        "Community council": f"{place} Community Council",
        "Parish meeting": f"{place} Parish Meeting",
    }[kind]


def partnerships() -> list[dict[str, object]]:
    rows = []
    for n, (pid, kind) in enumerate(zip(council_ids(), council_types(), strict=True), start=1):
        rows.append(
            partnership_row(
                **{
                    "Partnership ID": pid,
                    "Partnership": _name(n, kind),
                    "Lead partner": _name(n, kind),
                    "Lead officer": "Parish Liaison Officer",
                    "Partnership manager": None if pid == "C-01" else MANAGERS[n % 8],
                    "Start date": None if pid == "C-05" else date(2010, 4, 1),
                    "Status": "Suspended" if pid == "C-48" else "Active",
                    "Budget contribution": 0,
                    "Category": "Other",
                    "Council priority": "Strong communities",
                }
            )
        )
    return rows


def local_councils() -> list[dict[str, object]]:
    rows = []
    for n, (pid, kind) in enumerate(zip(council_ids(), council_types(), strict=True), start=1):
        rows.append(
            {
                "Parish": pid,  # officers' own heading for the Partnership ID
                "Council type": kind,
                "Councillors": 0 if kind == "Parish meeting" else 7 + n % 6,
                "Clerk": "Parish Clerk",
                "Ward": f"Ward {n % 12 + 1}",
                "Contact details checked": {
                    "C-09": date(2025, 10, 1),
                    "C-10": None,
                    "C-48": None,
                }.get(pid, date(2026, 4, 20)),
            }
        )
    return rows


NEVER_MET: Final = ("C-04", "C-05", "C-06", "C-48")


def meetings() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for pid in council_ids():
        if pid not in NEVER_MET:
            rows.append({"Date": date(2025, 5, 20), "Meeting type": "AGM", "Partnership ID": pid})
            last = {"C-02": date(2026, 7, 1), "C-03": date(2026, 6, 1)}.get(pid)
            if last is None:
                rows.append(
                    {"Date": date(2026, 5, 19), "Meeting type": "AGM", "Partnership ID": pid}
                )
                last = date(2026, 11, 10)
            rows.append({"Date": last, "Meeting type": "Partner meeting", "Partnership ID": pid})
        if pid == "C-06":
            rows.append({"Date": date(2027, 5, 18), "Meeting type": "AGM", "Partnership ID": pid})
        if pid != "C-48":
            briefed = {
                "C-02": date(2025, 12, 31),
                "C-07": date(2026, 3, 31),
                "C-08": date(2025, 12, 10),
            }.get(pid, date(2026, 9, 8))
            rows.append(
                {"Date": briefed, "Meeting type": "Corporate plan briefing", "Partnership ID": pid}
            )
    for day, councils, items in ((date(2026, 4, 15), 31, 6), (date(2026, 10, 14), 27, 4)):
        rows.append(
            {
                "Date": day,
                "Meeting type": "Clerks meeting",
                "Councils represented": councils,
                "Agenda items from partners": items,
            }
        )
    rows.append({"Date": date(2027, 3, 10), "Meeting type": "Clerks meeting"})  # planned
    for day, councils in ((date(2026, 6, 16), 22), (date(2026, 9, 15), 25)):
        rows.append({"Date": day, "Meeting type": "Parish forum", "Councils represented": councils})
    rows.append(
        {"Date": date(2026, 7, 7), "Meeting type": "Advisory group", "Councils represented": 9}
    )
    for ward in range(1, 4):
        rows.append(
            {"Date": date(2026, 10, ward), "Meeting type": "Ward forum", "Councils represented": 4}
        )
    return rows


def consultations() -> list[dict[str, object]]:
    return [
        {  # six weeks exactly: meets the minimum
            "Consultation": "Local Plan review",
            "Issued": date(2026, 9, 1),
            "Closing date": date(2026, 10, 13),
            "Councils consulted": 48,
            "Responses": 30,
        },
        {  # four weeks: under the minimum
            "Consultation": "Grass cutting schedule",
            "Issued": date(2026, 11, 2),
            "Closing date": date(2026, 11, 30),
            "Councils consulted": 48,
            "Responses": 12,
        },
        {  # still open at the as-of date
            "Consultation": "Parking strategy",
            "Issued": date(2026, 12, 1),
            "Closing date": date(2027, 1, 31),
            "Councils consulted": 48,
        },
        {  # planned
            "Consultation": "Budget 2027/28",
            "Issued": date(2027, 1, 11),
            "Closing date": date(2027, 2, 22),
            "Councils consulted": 0,
        },
    ]


def devolved_services() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    ends = {"C-11": date(2026, 11, 30), "C-12": date(2027, 1, 31)}
    for n in range(11, 17):
        pid = f"C-{n:02d}"
        rows.append(
            {
                "Council": pid,
                "Service": "Landscaping",
                "Stage": "Agreement",
                "Agreement start": date(2024, 4, 1),
                "Agreement end": ends.get(pid, date(2028, 3, 31)),
                "Funding": 10000 + 1000 * n,
            }
        )
    for n in range(17, 42):
        rows.append({"Council": f"C-{n:02d}", "Service": "Landscaping", "Stage": "Interest"})
    rows.append({"Council": "C-42", "Service": "Litter picking", "Stage": "Negotiating"})
    rows.append({"Council": "C-43", "Service": "Bus shelters", "Stage": "Ended"})
    return rows


def write_parish_input(folder: Path) -> Path:
    """The 48-council input folder: the register, the liaison workbook and settings.toml."""
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / "register.xlsx", {"Partnerships": partnerships()})
    write_workbook(
        folder / "parish-liaison.xlsx",
        {
            "Local councils": local_councils(),
            "Meetings": meetings(),
            "Consultations": consultations(),
            "Devolved services": devolved_services(),
        },
    )
    (folder / "settings.toml").write_text(SETTINGS, encoding="utf-8")
    return folder
