"""`partnership-register.xlsx`: `Partnerships` (under two title rows), `Members`,
`Agreements`, `Actions` and `Officers`, as they stood on a day."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sample.dates import d, recorded_by
from sample.partnerships import CBC, CP_OFFICER, PARTNERSHIPS, Partnership
from sample.workbook import COUNCIL, Row, columns, in_order, new_workbook, save, write_sheet
from schemas import Kind

#: Organisations and their sectors (the `Members` sheet).
SECTORS: dict[str, str] = {
    CBC: "Public sector",
    "Leicestershire County Council": "Public sector",
    "Leicestershire Police": "Public sector",
    "Leicestershire Fire and Rescue Service": "Public sector",
    "Leicester, Leicestershire and Rutland ICB": "Public sector",
    "NHS Leicester": "Public sector",
    "Loughborough University": "Public sector",
    "Loughborough College": "Public sector",
    "Office of the Police and Crime Commissioner": "Public sector",
    "Probation Service": "Public sector",
    "Environment Agency": "Public sector",
    "Melton Borough Council": "Public sector",
    "North West Leicestershire District Council": "Public sector",
    "Active Leicestershire and Rutland": "Voluntary and community",
    "Voluntary Action Charnwood": "Voluntary and community",
    "Charnwood Fairtrade Steering Group": "Voluntary and community",
    "Citizens Advice Charnwood": "Voluntary and community",
    "Charnwood Community Transport": "Voluntary and community",
    "Charnwood Arts": "Voluntary and community",
    "Leicestershire and Rutland Wildlife Trust": "Voluntary and community",
    "Charnwood Age Concern": "Voluntary and community",
    "Loughborough Community Food Bank": "Voluntary and community",
    "Loughborough BID": "Business",
    "Charnwood Chamber of Trade": "Business",
    "Charnwood Community Energy": "Voluntary and community",
    "Leicestershire and Rutland Association of Local Councils": "Other",
}

#: Other members of each (non-parish) partnership, besides its lead partner and the council.
OTHER_MEMBERS: dict[str, list[str]] = {
    "P-001": [
        "Leicestershire County Council", "Leicestershire Police",
        "Leicestershire Fire and Rescue Service", "Leicester, Leicestershire and Rutland ICB",
        "Loughborough University", "Voluntary Action Charnwood", "Loughborough BID",
    ],
    "P-002": [
        "Leicestershire Police", "Leicestershire Fire and Rescue Service",
        "Leicestershire County Council", "Probation Service",
        "Leicester, Leicestershire and Rutland ICB",
        "Office of the Police and Crime Commissioner",
    ],
    "P-003": ["Loughborough University", "Loughborough College", "Leicestershire County Council"],
    "P-004": ["Leicestershire Police", "Charnwood Chamber of Trade", "Loughborough University"],
    "P-005": ["Voluntary Action Charnwood", "Loughborough University"],
    "P-006": ["Loughborough BID", "Loughborough University", "Charnwood Chamber of Trade"],
    "P-007": [
        "Leicestershire Police", "Leicester, Leicestershire and Rutland ICB",
        "Melton Borough Council", "North West Leicestershire District Council",
    ],
    "P-008": ["Melton Borough Council", "Leicestershire and Rutland Association of Local Councils"],
    "P-009": ["Melton Borough Council", "North West Leicestershire District Council"],
    "P-010": ["NHS Leicester", "Probation Service", "Voluntary Action Charnwood"],
    "P-011": [
        "Leicester, Leicestershire and Rutland ICB", "Leicestershire County Council",
        "Loughborough University", "Voluntary Action Charnwood", "Charnwood Age Concern",
    ],
    "P-012": ["Charnwood Arts", "Loughborough University", "Leicestershire County Council"],
    "P-013": ["Leicestershire Police"],
    "P-014": ["Leicestershire County Council", "Charnwood Age Concern"],
    "P-015": [
        "Leicestershire County Council", "Leicestershire Fire and Rescue Service",
        "Environment Agency", "Leicester, Leicestershire and Rutland ICB",
    ],
    "P-016": ["Charnwood Age Concern", "Leicestershire County Council"],
    "P-017": ["Loughborough College", "Leicestershire County Council", "Leicestershire Police"],
    "P-030": ["Environment Agency", "Leicestershire County Council"],
    "P-031": ["Loughborough University", "Leicestershire County Council", "Loughborough BID"],
    "P-032": ["Leicestershire County Council", "Charnwood Age Concern"],
    "P-033": ["Loughborough Community Food Bank", "Voluntary Action Charnwood"],
    "P-034": ["Loughborough University"],
}  # fmt: skip

PARISH_OTHER_MEMBERS = [
    "Leicestershire County Council",
    "Leicestershire Police",
    "Leicestershire and Rutland Association of Local Councils",
    "Voluntary Action Charnwood",
]
#: Members sitting as observers rather than full members.
OBSERVERS = {"Leicestershire and Rutland Association of Local Councils", "Environment Agency"}


def sector_of(organisation: str) -> str:
    """The sector of an organisation; town and parish councils by their name."""
    if re.search(r"(Parish|Town) (Council|Meeting)$", organisation):
        return "Parish or town council"
    return SECTORS[organisation]


def member_rows(rng: random.Random) -> list[Row]:
    """3 to 8 members per partnership: the lead partner as `Lead`, then the others."""
    rows: list[Row] = []
    for p in PARTNERSHIPS:
        if p.partnership_id in OTHER_MEMBERS:
            others = list(OTHER_MEMBERS[p.partnership_id])
        else:
            others = rng.sample(PARISH_OTHER_MEMBERS, rng.randint(1, 3))
        if p.lead_partner != CBC:
            others.insert(0, CBC)
        rows.append([p.partnership_id, p.lead_partner, sector_of(p.lead_partner), "Lead"])
        for organisation in others[:7]:
            if organisation == CBC and p.accountable_body == "Yes":
                role = "Accountable body"
            elif organisation in OBSERVERS:
                role = "Observer"
            else:
                role = "Member"
            rows.append([p.partnership_id, organisation, sector_of(organisation), role])
    return rows


#: Agreement items not (yet) covered, by partnership; every other Key partnership covers all.
#: (By the schema's column names: `complaints_procedure` is the Complaints procedure item.)
AGREEMENT_GAPS: dict[str, dict[str, str]] = {
    "P-005": {"complaints_procedure": "No"},
    "P-020": {"equality_and_diversity": ""},
    "P-024": {"decision_making": "No", "complaints_procedure": ""},
}
#: Key partnership with no `Agreements` row at all (on purpose).
NO_AGREEMENT_ROW = "P-029"


def agreement_rows() -> list[Row]:
    """One row per Key partnership, except the one left out on purpose: Yes to every item of
    the agreement checklist (the sheet's Yes/No columns) but its gaps."""
    agreement_columns = columns("Agreements")
    items = [column.name for column in agreement_columns if column.kind is Kind.YES_NO]
    rows: list[Row] = []
    for p in PARTNERSHIPS:
        if p.category != "Key" or p.partnership_id == NO_AGREEMENT_ROW:
            continue
        gaps = AGREEMENT_GAPS.get(p.partnership_id, {})
        values = {item: gaps.get(item, "Yes") for item in items}
        rows.append(in_order({"partnership_id": p.partnership_id, **values}, agreement_columns))
    return rows


# (Partnership ID, action, owner, due, completed)
ACTIONS: list[tuple[str, str, str, date, date | None]] = [
    ("P-001", "Refresh the Charnwood Together partnership agreement", CP_OFFICER,
     d("2026-03-31"), d("2026-03-19")),
    ("P-001", "Present the annual review of activity to the Charnwood Together AGM",
     CP_OFFICER, d("2026-07-31"), d("2026-06-24")),
    ("P-002", "Complete the strategic assessment for 2027/28", "Community Safety Manager",
     d("2027-01-29"), None),
    ("P-002", "Update the information sharing protocol with Leicestershire Police",
     "Community Safety Manager", d("2026-09-30"), None),
    ("P-003", "Refresh the partnership risk assessment", "Head of Leisure and Culture",
     d("2026-10-31"), None),
    ("P-004", "Agree the town centre events programme for 2027", "Town Centre Manager",
     d("2027-02-12"), None),
    ("P-004", "Review the service level agreement with Loughborough BID",
     "Head of Planning and Regeneration", d("2026-05-29"), d("2026-05-21")),
    ("P-005", "Agree exit strategy with partners", CP_OFFICER, d("2026-06-30"), None),
    ("P-005", "Add a complaints procedure to the partnership agreement", CP_OFFICER,
     d("2026-12-15"), None),
    ("P-006", "Complete the partnership risk assessment", "Tourism and Marketing Manager",
     d("2027-01-08"), None),
    ("P-008", "Agree an information sharing protocol with the county",
     "Economic Development Manager", d("2026-08-31"), None),
    ("P-009", "Report recycling performance for 2025/26 to Cabinet",
     "Head of Cleansing and Open Spaces", d("2026-04-30"), d("2026-04-23")),
    ("P-011", "Agree the health and wellbeing action plan for 2027/28",
     "Healthy Communities Manager", d("2027-03-12"), None),
    ("P-012", "Decide whether to renew the cultural strategy", "Head of Leisure and Culture",
     d("2026-09-30"), None),
    ("P-013", "Prepare to retender the civil parking enforcement agreement",
     "Parking Services Manager", d("2027-06-30"), None),
    ("P-014", "Complete equality impact assessment", "Private Sector Housing Manager",
     d("2026-11-20"), None),
    ("P-014", "Report to Cabinet on the council's capacity to act as accountable body",
     "Head of Strategic Housing", d("2027-02-01"), None),
    ("P-016", "Refresh terms of reference", "Equalities Officer", d("2026-07-31"), None),
    ("P-017", "Recruit youth forum members for 2026/27", "Youth Engagement Officer",
     d("2026-09-30"), d("2026-09-25")),
    ("P-018", "Agree the grant for the Shepshed carnival", "Head of Planning and Regeneration",
     d("2026-06-12"), d("2026-06-10")),
    ("P-019", "Agree grant conditions for the play area refurbishment", "Head of Finance",
     d("2026-06-30"), d("2026-07-08")),
    ("P-020", "Add an equality and diversity statement to the agreement", CP_OFFICER,
     d("2027-02-15"), None),
    ("P-022", "Agree exit strategy with Sileby Parish Council", CP_OFFICER,
     d("2027-06-30"), None),
    ("P-023", "Review the CCTV arrangement with Syston Town Council",
     "Head of Neighbourhood Services", d("2026-08-28"), d("2026-09-04")),
    ("P-024", "Agree the decision-making and complaints sections of the agreement",
     CP_OFFICER, d("2027-04-30"), None),
    ("P-025", "Arrange the annual review meeting with Mountsorrel Parish Council",
     "Head of Customer Experience", d("2026-10-31"), None),
    ("P-029", "Sign a partnership agreement with Wymeswold Parish Meeting", CP_OFFICER,
     d("2027-05-28"), None),
    ("P-030", "Present the business case to Charnwood Together",
     "Head of Cleansing and Open Spaces", d("2027-01-15"), None),
    ("P-031", "Complete equality impact assessment for the proposal",
     "Climate Change Officer", d("2027-03-26"), None),
    ("P-032", "Decide whether to retender the community transport contract",
     "Head of Neighbourhood Services", d("2026-10-16"), None),
    ("P-033", "Close the partnership's accounts and archive its records", "Head of Finance",
     d("2026-03-31"), d("2026-03-27")),
]  # fmt: skip


#: Months between performance reports, by reporting frequency (blank: yearly, for the sample).
REPORT_MONTHS = {"Quarterly": 3, "Six-monthly": 6, "Annual": 12, "": 12}
#: Register entries that read differently before a day: Partnership ID → (day, changes).
UNTIL: dict[str, tuple[date, dict[str, Any]]] = {
    "P-012": (
        d("2026-10-01"),
        {"comments": "The strategy period ends on 30 September 2026; a decision on a new "
         "strategy is awaited."},
    ),
    "P-032": (
        d("2026-08-01"),
        {"status": "Active",
         "comments": "Provider's performance under review; options to be reported in July."},
    ),
    "P-034": (
        d("2026-07-15"),
        {"status": "Proposed", "decision": "Pending",
         "comments": "To go to Cabinet on 15 July 2026."},
    ),
}  # fmt: skip


def partnership_at(p: Partnership, day: date) -> Partnership:
    """The register entry as it stood on `day`."""
    last_review = recorded_by(p.last_review, 12, day)
    changed = replace(
        p,
        last_performance_report=recorded_by(
            p.last_performance_report, REPORT_MONTHS[p.reporting_frequency], day
        ),
        last_review=last_review,
        last_health_check=recorded_by(p.last_health_check, 24, day),
        # a Next review typed after a later review is not known yet: one cycle on
        next_review=p.next_review if last_review == p.last_review else None,
    )
    if p.partnership_id in UNTIL and day < UNTIL[p.partnership_id][0]:
        changed = replace(changed, **UNTIL[p.partnership_id][1])
    return changed


def action_rows(day: date) -> list[Row]:
    """The `Actions` sheet on `day`: an action completed later was still open."""
    return [
        [pid, action, owner, due, done if done is not None and done <= day else None]
        for pid, action, owner, due, done in ACTIONS
    ]


#: The `Officers` sheet: every officer the sample's workbooks name (lead officers, partnership
#: managers, action and risk owners, the liaison workbook's officers), by role, with their
#: team. Addresses are made from the role at an invented domain (`.example` is reserved for
#: examples), never a person's name.
OFFICER_TEAMS: dict[str, str] = {
    "Chief Executive": "Chief Executive's Office",
    "Strategic Director Community Wellbeing": "Community Wellbeing",
    "Head of Cleansing and Open Spaces": "Cleansing and Open Spaces",
    "Head of Customer Experience": "Customer Experience",
    "Head of Finance": "Finance",
    "Head of Leisure and Culture": "Leisure and Culture",
    "Head of Neighbourhood Services": "Neighbourhood Services",
    "Head of Planning and Regeneration": "Planning and Regeneration",
    "Head of Regulatory Services": "Regulatory Services",
    "Head of Strategic Housing": "Strategic Housing",
    "Head of Strategic Support": "Strategic Support",
    CP_OFFICER: "Strategic Support",
    "Climate Change Officer": "Cleansing and Open Spaces",
    "Community Safety Manager": "Neighbourhood Services",
    "Development Management Manager": "Planning and Regeneration",
    "Economic Development Manager": "Planning and Regeneration",
    "Electoral Services Manager": "Strategic Support",
    "Emergency Planning Officer": "Regulatory Services",
    "Equalities Officer": "Strategic Support",
    "Healthy Communities Manager": "Leisure and Culture",
    "Head of Legal and Democratic Services": "Legal and Democratic Services",
    "Parking Services Manager": "Cleansing and Open Spaces",
    "Private Sector Housing Manager": "Strategic Housing",
    "Standards and Monitoring Support Officer": "Strategic Support",
    "Tourism and Marketing Manager": "Planning and Regeneration",
    "Town Centre Manager": "Planning and Regeneration",
    "Youth Engagement Officer": "Leisure and Culture",
}
OFFICER_DOMAIN = "charnwood.example"


def officer_address(role: str) -> str:
    """A role's invented address: `head.of.finance@charnwood.example`."""
    return ".".join(re.findall(r"[a-z0-9]+", role.lower())) + f"@{OFFICER_DOMAIN}"


def officer_rows() -> list[Row]:
    """The `Officers` sheet: one row a role, sorted by team, then role."""
    officers = columns("Officers")
    return [
        in_order(
            {"name": role, "role": role, "email": officer_address(role), "team": team}, officers
        )
        for role, team in sorted(OFFICER_TEAMS.items(), key=lambda item: (item[1], item[0]))
    ]


def write_register(folder: Path, rng: random.Random, day: date) -> Path:
    """`partnership-register.xlsx` as it stood on `day`."""
    wb, ws = new_workbook()
    write_sheet(
        ws,
        "Partnerships",
        (partnership_at(p, day).row() for p in PARTNERSHIPS),
        titles=(COUNCIL, f"Partnership register — maintained by the {CP_OFFICER}", ""),
    )
    write_sheet(wb.create_sheet(), "Members", member_rows(rng))
    write_sheet(wb.create_sheet(), "Agreements", agreement_rows())
    write_sheet(wb.create_sheet(), "Actions", action_rows(day))
    write_sheet(wb.create_sheet(), "Officers", officer_rows())
    return save(wb, folder / "partnership-register.xlsx")
