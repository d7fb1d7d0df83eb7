"""Write the sample input workbooks: a clean, made-up Charnwood partnership register.

Run `python scripts/make_sample_input.py [OUTPUT_DIR] [--earlier-quarters DIR] [--force]`
(default: `input/` in the repository; files there that are not the sample's own are never
overwritten without `--force`). It writes, in the shape set out in `WORKBOOKS.md`:

- `partnership-register.xlsx`: `Partnerships` (two title rows above the header, as officers
  keep it; one partnership, P-013, Exempt with its Schedule 12A reason), `Members`,
  `Agreements` and `Actions`;
- `risks-corporate.xlsx`: one `Risks` sheet holding most partnerships' risk registers, with
  impact and likelihood typed as the numbers 1 to 3 and an Exempt column (two risks of P-014
  are exempt);
- three per-partnership risk workbooks, each with one `Risk register` sheet under a title row,
  levels typed the Charnwood way (`H`/`M`/`L`, or labels such as `2 – Medium (significant)`);
  every risk workbook has Target impact, Target likelihood and Target date (headed `Target
  impact rating`, `Target L'hood` and `Target score date` in the Loughborough town centre one),
  filled in on about two in five risks, mostly the High and Medium ones;
- `partner-survey-2025.xlsx` and `partner-survey-2026.xlsx`: `Questions`, `Responses` and
  `Invitations`;
- `parish-liaison.xlsx`: the town and parish councils (P-018 to P-029): `Local councils`
  (under a title row), `Meetings`, `Consultations` and `Devolved services`;
- `board-report.xlsx`: the officers' `Commentary` and `Recommendations` for the annual and
  quarterly reports (input/ only: they speak to the Q3 figures, so `--earlier-quarters`
  leaves them out);
- `settings.toml`: the council, the board and the group meetings held with the town and
  parish councils; every other key takes its default.

Why: the pipeline needs realistic data to be run, tested and shown on. The content is grounded
in the Charnwood partnership guidance (key partnerships, the partnership agreement checklist,
the 14 standard partnership risks and the 3×3 rating table), the Charnwood parish partnership
scheme, the Harborough checklist and register, the Milton Keynes parish liaison material and
Carlisle's £30,000 threshold. Every value passes the contract (this is the *clean* sample);
people appear only as roles.

The dates are fixed so that every report section has something in it at both as-of dates used
in tests, 2026-11-23 and 2026-12-31 (both 2026/27 Q3): some reviews, health checks,
performance reports, risk assessments, actions and town and parish council liaison (meetings,
Corporate Plan briefings, contact details checks, devolution agreements) are overdue, some fall
due in January and February 2027, and most are comfortably in date. Risk targets too: a few
are missed (target date passed, residual still above target), a few due (31 December 2026 to
31 March 2027), some already met and the rest later in 2027. No recorded date is after
2026-11-23; only Next review, End date, action Due, Control end date, Target date, Agreement
end, and the planned meetings and consultation (planned dates) look ahead.

`--earlier-quarters DIR` writes the sample as it stood at the ends of 2026/27 Q1 and Q2 (30 June
and 30 September 2026) into `DIR/2026-27-Q1/` and `DIR/2026-27-Q2/`, each a complete input
folder, derived from the same tables (see `partnership_at`, `risks_at` and `RiskPlan`).
Reported in turn into one output folder with input/, they show every direction of travel in Q3
(risks rated higher, lower, the same and new, and two removed) and a three-row trend.

The output is deterministic: one `random.Random(42)` (the liaison workbook, the board report
and the exempt flags draw nothing from it, so adding them changed no other values), and a second, `random.Random(17)`, for the risk
targets and removed risks (so adding them changed only the risk workbooks); no clock. Each
workbook is re-zipped with fixed timestamps and a fixed modified time, so two runs give
byte-identical files.
"""

from __future__ import annotations

import calendar
import random
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.publish import stable_xlsx_bytes

SEED = 42
#: Workbook created/modified time and zip entry time: fixed so that output is reproducible.
FIXED_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC).replace(tzinfo=None)
COUNCIL = "Charnwood Borough Council"
BOARD = "Charnwood Together Executive"
CBC = COUNCIL

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "£#,##0"

Value = str | int | date | None
Row = list[Value]


def d(text: str) -> date:
    """A date from `yyyy-mm-dd` (keeps the tables below short)."""
    return date.fromisoformat(text)


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------
# Headings, verbatim from WORKBOOKS.md
# ---------------------------------------------------------------------------------------------

PARTNERSHIP_HEADINGS = [
    "Partnership ID", "Partnership", "Type", "Category", "Status", "Council priority",
    "Lead partner", "Lead partner contact", "Lead officer", "Partnership manager",
    "Portfolio holder", "Head of service", "Represented by", "Objectives", "Website",
    "Start date", "End date", "Accountable body", "Capacity to be accountable",
    "Terms of reference", "Governance arrangements", "Information sharing protocol",
    "Exit strategy", "Equality impact assessment", "Agreement date", "Budget contribution",
    "Staff hours per month", "Reporting frequency", "Last performance report", "Last review",
    "Last health check", "Next review", "Decision", "Decision date", "Comments", "Exempt",
    "Exempt reason",
]  # fmt: skip
MEMBER_HEADINGS = ["Partnership ID", "Organisation", "Sector", "Role"]
AGREEMENT_ITEMS = [
    "Purpose and scope", "Equality and diversity", "Partnership mix", "Commitment",
    "Roles and responsibilities", "Decision making", "Reporting and information sharing",
    "Complaints procedure",
]  # fmt: skip
AGREEMENT_HEADINGS = ["Partnership ID", *AGREEMENT_ITEMS]
ACTION_HEADINGS = ["Partnership ID", "Action", "Owner", "Due", "Completed"]
RISK_HEADINGS = [
    "Partnership ID", "Risk no", "Risk type", "Risk", "Impact description",
    "Likelihood factors", "Inherent impact", "Inherent likelihood", "Inherent rating",
    "Control type", "Controls", "Control end date", "Residual impact", "Residual likelihood",
    "Residual rating", "Target impact", "Target likelihood", "Target date", "Risk owner",
    "Assessed by", "QA by", "Assessment date",
]  # fmt: skip
#: The corporate `Risks` sheet also has the Exempt column (the per-partnership workbooks,
#: kept by their own officers, do not: the column is optional).
CORPORATE_RISK_HEADINGS = [*RISK_HEADINGS, "Exempt", "Exempt reason"]
#: The target headings as one per-partnership workbook words them (aliases the schema reads).
TARGET_ALIASES = {
    "Target impact": "Target impact rating",
    "Target likelihood": "Target L'hood",
    "Target date": "Target score date",
}
QUESTION_HEADINGS = ["Question ID", "Question", "Theme", "Kind"]
RESPONSE_FIXED_HEADINGS = [
    "Response ID", "Survey year", "Organisation", "Organisation type", "Partnership ID",
]  # fmt: skip
INVITATION_HEADINGS = ["Survey year", "Organisation type", "Invited"]
LOCAL_COUNCIL_HEADINGS = [
    "Partnership ID", "Council type", "Councillors", "Clerk", "Ward", "Information wanted",
    "Training needs", "Contact details checked",
]  # fmt: skip
MEETING_HEADINGS = [
    "Meeting date", "Meeting", "Partnership ID", "Council officer", "Councils represented",
    "Agenda items from partners", "Notes",
]  # fmt: skip
CONSULTATION_HEADINGS = [
    "Consultation", "Issued", "Closes", "Lead officer", "Councils consulted", "Responses",
]  # fmt: skip
DEVOLVED_HEADINGS = [
    "Partnership ID", "Service", "Stage", "Agreement start", "Agreement end", "Annual funding",
]  # fmt: skip
COMMENTARY_HEADINGS = ["Report", "Section", "Text", "Exempt", "Exempt reason"]
RECOMMENDATION_HEADINGS = ["Report", "No", "Recommendation", "Reason"]

DATE_HEADINGS = {
    "Start date", "End date", "Agreement date", "Last performance report", "Last review",
    "Last health check", "Next review", "Decision date", "Due", "Completed",
    "Control end date", "Assessment date", "Target date", "Target score date",
    "Contact details checked", "Meeting date",
    "Issued", "Closes", "Agreement start", "Agreement end",
}  # fmt: skip
MONEY_HEADINGS = {"Budget contribution", "Annual funding"}
#: Column widths by heading; other columns fit their longest value (between 10 and 40).
WIDE_TEXT = {
    "Objectives": 60, "Comments": 50, "Risk": 70, "Impact description": 50,
    "Likelihood factors": 50, "Controls": 60, "Action": 55, "Question": 70,
    "Information wanted": 50, "Training needs": 45, "Notes": 60, "Consultation": 55,
    "Service": 45, "Exempt reason": 50, "Text": 90, "Recommendation": 60, "Reason": 60,
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The partnership register
# ---------------------------------------------------------------------------------------------

ENVIRONMENT = "Caring for the environment"
HEALTHY = "Healthy communities"
ECONOMY = "A thriving economy"
SAFER = "Safer communities"
YOUR_COUNCIL = "Your council"

CP_OFFICER = "Communities and Partnerships Officer"
RISK_QA = "Risk and Insurance Manager"


@dataclass(frozen=True)
class Partnership:
    """One row of the `Partnerships` sheet (blank strings and None are left blank)."""

    pid: str
    name: str
    type: str
    category: str
    priority: str
    lead_partner: str
    lead_contact: str
    lead_officer: str
    start: date | None
    status: str = "Active"
    manager: str = ""
    portfolio: str = ""
    head: str = ""
    represented_by: str = ""
    objectives: str = ""
    website: str = ""
    end: date | None = None
    accountable: str = "No"
    capacity: str = ""
    terms_of_reference: str = "Yes"
    governance: str = "Yes"
    info_sharing: str = "Yes"
    exit_strategy: str = "Yes"
    equality_assessment: str = "Yes"
    agreement_date: date | None = None
    budget: int = 0
    hours: int = 0
    frequency: str = "Annual"
    last_report: date | None = None
    last_review: date | None = None
    last_health: date | None = None
    next_review: date | None = None
    decision: str = "Approved"
    decision_date: date | None = None
    comments: str = ""
    exempt: str = ""  # blank = No
    exempt_reason: str = ""

    def row(self) -> Row:
        """The values in `PARTNERSHIP_HEADINGS` order."""
        return [
            self.pid, self.name, self.type, self.category, self.status, self.priority,
            self.lead_partner, self.lead_contact, self.lead_officer, self.manager,
            self.portfolio, self.head, self.represented_by, self.objectives, self.website,
            self.start, self.end, self.accountable, self.capacity, self.terms_of_reference,
            self.governance, self.info_sharing, self.exit_strategy, self.equality_assessment,
            self.agreement_date, self.budget, self.hours, self.frequency, self.last_report,
            self.last_review, self.last_health, self.next_review, self.decision,
            self.decision_date, self.comments, self.exempt, self.exempt_reason,
        ]  # fmt: skip


def parish(pid: str, council: str, manager: str, start: date, **changes: Any) -> Partnership:
    """A town or parish council partnership under the Partnership Manager scheme."""
    base = Partnership(
        pid=pid,
        name=f"{council} partnership",
        type="Working arrangement",
        category="Key",
        priority=YOUR_COUNCIL,
        lead_partner=council,
        lead_contact="Parish Clerk" if "Parish" in council else "Town Clerk",
        lead_officer=CP_OFFICER,
        start=start,
        manager=manager,
        portfolio="Lead Member for Community Support",
        head="Head of Customer Experience",
        represented_by=f"Partnership Manager ({manager}) and ward councillors",
        objectives=(
            f"Keep {council} informed of council business; attend its annual meeting and one "
            "other meeting every six months; brief back to the council on its priorities; "
            "agree the information it wants to receive as a matter of course."
        ),
        agreement_date=add_months(start, 1),
        budget=0,
        hours=3,
        decision_date=start,
    )
    return replace(base, **changes)


PARTNERSHIPS: list[Partnership] = [
    Partnership(
        pid="P-001",
        name="Charnwood Together",
        type="Strategic/advisory",
        category="Key",
        priority=YOUR_COUNCIL,
        lead_partner=CBC,
        lead_contact="Chair of the Charnwood Together Executive",
        lead_officer=CP_OFFICER,
        start=d("2005-06-01"),
        manager="Chief Executive",
        portfolio="Leader of the Council",
        head="Head of Strategic Support",
        represented_by="Leader of the Council and Chief Executive",
        objectives=(
            "The local strategic partnership for the borough, the 'partnership of "
            "partnerships': deliver the Sustainable Community Strategy, review proposals for "
            "new multi-agency partnerships and avoid duplication of partners' resources."
        ),
        website="https://www.charnwoodtogether.org.uk",
        accountable="Yes",
        capacity="Yes",
        agreement_date=d("2023-06-21"),
        budget=45000,
        hours=40,
        frequency="Quarterly",
        last_report=d("2026-10-15"),
        last_review=d("2026-06-24"),
        last_health=d("2025-07-08"),
        next_review=d("2027-06-24"),
        decision_date=d("2005-05-18"),
        comments="Annual review of activity taken to the Charnwood Together AGM.",
    ),
    Partnership(
        pid="P-002",
        name="Charnwood Community Safety Partnership",
        type="Strategic/advisory",
        category="Key",
        priority=SAFER,
        lead_partner=CBC,
        lead_contact="Chair of the Community Safety Partnership",
        lead_officer="Community Safety Manager",
        start=d("2005-04-01"),
        manager="Strategic Director Community Wellbeing",
        portfolio="Lead Member for Community Safety",
        head="Head of Neighbourhood Services",
        represented_by="Lead Member for Community Safety",
        objectives=(
            "Statutory crime and disorder partnership: reduce crime, anti-social behaviour and "
            "re-offending; produce the annual strategic assessment and partnership plan."
        ),
        website="https://www.safercharnwood.org.uk",
        accountable="Yes",
        capacity="Yes",
        agreement_date=d("2024-04-17"),
        budget=85000,
        hours=60,
        frequency="Quarterly",
        last_report=d("2026-09-30"),
        last_review=d("2026-03-18"),
        last_health=d("2025-01-15"),
        decision_date=d("2005-03-09"),
        comments=(
            "Sits within the Charnwood Together agreement but has statutory and budget "
            "elements, so keeps its own agreement and risk assessment."
        ),
    ),
    Partnership(
        pid="P-003",
        name="Charnwood Sport and Active Recreation Alliance",
        type="Working arrangement",
        category="Key",
        priority=HEALTHY,
        lead_partner="Active Leicestershire and Rutland",
        lead_contact="Locality Manager",
        lead_officer="Head of Leisure and Culture",
        start=d("2008-09-01"),
        manager="Head of Leisure and Culture",
        portfolio="Lead Member for Leisure and Culture",
        head="Head of Leisure and Culture",
        represented_by="Sport and Physical Activity Manager",
        objectives="Increase participation in sport and active recreation across the borough.",
        website="https://www.charnwoodactive.org.uk",
        agreement_date=d("2022-10-05"),
        budget=12000,
        hours=16,
        frequency="Six-monthly",
        last_report=d("2026-07-31"),
        last_review=d("2026-05-20"),
        last_health=d("2025-09-10"),
        decision_date=d("2008-07-16"),
    ),
    Partnership(
        pid="P-004",
        name="Loughborough Town Centre Partnership",
        type="Corporate body",
        category="Key",
        priority=ECONOMY,
        lead_partner="Loughborough BID",
        lead_contact="BID Manager",
        lead_officer="Town Centre Manager",
        start=d("2006-04-01"),
        manager="Head of Planning and Regeneration",
        portfolio="Lead Member for Town Centre and Economic Development",
        head="Head of Planning and Regeneration",
        represented_by="Lead Member for Town Centre and Economic Development",
        objectives=(
            "A safe, clean and busy town centre: events programme, markets, shop front "
            "improvements and the evening economy."
        ),
        website="https://www.loughboroughtowncentre.org.uk",
        agreement_date=d("2021-03-24"),
        budget=35000,
        hours=24,
        frequency="Quarterly",
        last_report=d("2026-11-05"),
        last_review=d("2026-01-20"),
        last_health=d("2025-11-04"),
        decision_date=d("2006-02-22"),
    ),
    Partnership(
        pid="P-005",
        name="Charnwood Action for Fairtrade",
        type="Working arrangement",
        category="Key",
        priority=ECONOMY,
        lead_partner="Charnwood Fairtrade Steering Group",
        lead_contact="Secretary of the steering group",
        lead_officer=CP_OFFICER,
        start=d("2007-03-01"),
        manager="Head of Customer Experience",
        portfolio="Lead Member for Community Support",
        head="Head of Customer Experience",
        represented_by=CP_OFFICER,
        objectives="Keep Fairtrade borough status; promote Fairtrade to traders and schools.",
        website="https://www.charnwoodfairtrade.org.uk",
        exit_strategy="No",
        agreement_date=d("2019-02-27"),
        budget=0,
        hours=4,
        frequency="Annual",
        last_report=d("2026-03-05"),
        last_review=d("2026-03-05"),
        last_health=d("2024-03-12"),
        decision_date=d("2007-01-24"),
        comments="No complaints procedure in the agreement yet.",
    ),
    Partnership(
        pid="P-006",
        name="Charnwood Promotions",
        type="Working arrangement",
        category="Key",
        priority=ECONOMY,
        lead_partner=CBC,
        lead_contact="Tourism and Marketing Manager",
        lead_officer="Tourism and Marketing Manager",
        start=d("2009-04-01"),
        manager="Head of Planning and Regeneration",
        portfolio="Lead Member for Town Centre and Economic Development",
        head="Head of Planning and Regeneration",
        represented_by="Tourism and Marketing Manager",
        objectives="Promote Charnwood as a place to visit, study and invest in.",
        website="https://www.discovercharnwood.org.uk",
        accountable="Yes",
        capacity="Yes",
        agreement_date=d("2020-05-13"),
        budget=15000,
        hours=12,
        frequency="Annual",
        last_report=d("2026-06-30"),
        last_review=d("2026-07-14"),
        last_health=d("2025-06-17"),
        decision_date=d("2009-03-11"),
        comments="Risk assessment not yet completed (action raised).",
    ),
    Partnership(
        pid="P-007",
        name="Leicestershire Together",
        type="Strategic/advisory",
        category="Other",
        priority=YOUR_COUNCIL,
        lead_partner="Leicestershire County Council",
        lead_contact="Head of Policy and Partnerships",
        lead_officer="Chief Executive",
        start=d("2005-04-01"),
        portfolio="Leader of the Council",
        head="Head of Strategic Support",
        represented_by="Chief Executive (districts lead)",
        objectives="County-wide strategic partnership; shared outcomes across Leicestershire.",
        website="https://www.leicestershiretogether.org.uk",
        exit_strategy="",
        agreement_date=d("2018-07-11"),
        budget=5000,
        hours=8,
        frequency="",
        last_review=d("2026-04-22"),
        last_health=d("2024-06-10"),
        decision_date=d("2005-03-09"),
    ),
    Partnership(
        pid="P-008",
        name="Leicestershire Rural Partnership",
        type="Strategic/advisory",
        category="Other",
        priority=ECONOMY,
        lead_partner="Leicestershire County Council",
        lead_contact="Rural Partnership Co-ordinator",
        lead_officer="Economic Development Manager",
        start=d("2006-10-01"),
        portfolio="Lead Member for Town Centre and Economic Development",
        head="Head of Planning and Regeneration",
        represented_by="Lead Member for Town Centre and Economic Development",
        objectives="Support rural businesses, services and communities in Leicestershire.",
        website="https://www.leicsruralpartnership.org.uk",
        info_sharing="",
        agreement_date=d("2017-11-15"),
        budget=2500,
        hours=3,
        frequency="Annual",
        last_report=d("2025-10-09"),
        last_review=d("2025-08-14"),
        last_health=d("2025-08-14"),
        decision_date=d("2006-09-13"),
    ),
    Partnership(
        pid="P-009",
        name="Leicestershire Waste Management Partnership",
        type="Strategic/advisory",
        category="Service",
        priority=ENVIRONMENT,
        lead_partner="Leicestershire County Council",
        lead_contact="Waste Strategy Manager",
        lead_officer="Head of Cleansing and Open Spaces",
        start=d("2005-10-01"),
        portfolio="Lead Member for Environment",
        head="Head of Cleansing and Open Spaces",
        represented_by="Lead Member for Environment",
        objectives=(
            "Deliver the joint municipal waste strategy: reduce waste to landfill and raise "
            "recycling rates."
        ),
        website="https://www.lesswaste.org.uk",
        agreement_date=d("2021-06-30"),
        budget=30000,
        hours=20,
        frequency="Six-monthly",
        last_report=d("2026-10-30"),
        last_review=d("2026-02-10"),
        last_health=d("2025-10-01"),
        decision_date=d("2005-09-14"),
    ),
    Partnership(
        pid="P-010",
        name="Supporting People Partnership",
        type="Strategic/advisory",
        category="Service",
        priority=HEALTHY,
        status="Closed",
        lead_partner="Leicestershire County Council",
        lead_contact="Supporting People Lead Officer",
        lead_officer="Head of Strategic Housing",
        start=d("2005-04-01"),
        end=d("2024-03-31"),
        portfolio="Lead Member for Housing",
        head="Head of Strategic Housing",
        represented_by="Head of Strategic Housing",
        objectives="Commission housing-related support for vulnerable people.",
        agreement_date=d("2016-04-06"),
        budget=0,
        hours=0,
        frequency="Annual",
        last_report=d("2023-11-10"),
        last_review=d("2023-11-10"),
        last_health=d("2022-09-20"),
        decision_date=d("2005-03-09"),
        comments="Programme ended 31 March 2024; services now commissioned by the county.",
    ),
    Partnership(
        pid="P-011",
        name="Charnwood Health and Wellbeing Partnership",
        type="Strategic/advisory",
        category="Other",
        priority=HEALTHY,
        lead_partner=CBC,
        lead_contact="Healthy Communities Manager",
        lead_officer="Healthy Communities Manager",
        start=d("2013-04-01"),
        manager="Strategic Director Community Wellbeing",
        portfolio="Lead Member for Leisure and Culture",
        head="Head of Leisure and Culture",
        represented_by="Lead Member for Leisure and Culture",
        objectives="Reduce health inequalities in the borough; deliver the local health plan.",
        website="https://www.charnwoodhealthy.org.uk",
        accountable="Yes",
        capacity="Yes",
        agreement_date=d("2022-05-25"),
        budget=20000,
        hours=18,
        frequency="Quarterly",
        last_report=d("2026-11-10"),
        last_review=d("2025-12-10"),
        last_health=d("2025-03-04"),
        decision_date=d("2013-02-27"),
    ),
    Partnership(
        pid="P-012",
        name="Cultural Strategy Partnership",
        type="Working arrangement",
        category="Other",
        priority=HEALTHY,
        lead_partner=CBC,
        lead_contact="Cultural Services Manager",
        lead_officer="Head of Leisure and Culture",
        start=d("2021-10-01"),
        end=d("2026-09-30"),
        portfolio="Lead Member for Leisure and Culture",
        head="Head of Leisure and Culture",
        represented_by="Cultural Services Manager",
        objectives="Deliver the cultural strategy 2021–2026 with arts and heritage partners.",
        accountable="Yes",
        capacity="Yes",
        exit_strategy="No",
        agreement_date=d("2021-11-17"),
        budget=10000,
        hours=10,
        frequency="Annual",
        last_report=d("2026-05-14"),
        last_review=d("2026-05-14"),
        last_health=d("2023-09-12"),
        decision_date=d("2021-09-08"),
        comments="Strategy period ended; decision on a new strategy awaited.",
    ),
    Partnership(
        pid="P-013",
        name="Civil Parking Enforcement",
        type="Partnering contract",
        category="Service",
        priority=YOUR_COUNCIL,
        lead_partner="Leicestershire County Council",
        lead_contact="Parking Strategy Manager",
        lead_officer="Parking Services Manager",
        start=d("2007-04-01"),
        portfolio="Lead Member for Environment",
        head="Head of Regulatory Services",
        represented_by="Parking Services Manager",
        objectives="Enforce on-street parking restrictions on behalf of the highway authority.",
        agreement_date=d("2022-03-30"),
        budget=120000,
        hours=30,
        frequency="Quarterly",
        last_report=d("2026-06-30"),
        last_review=d("2026-08-27"),
        last_health=d("2025-05-20"),
        decision_date=d("2007-01-24"),
        comments="Agency agreement runs to March 2028.",
        exempt="Yes",
        exempt_reason=(
            "Schedule 12A paragraph 3: financial or business affairs (the terms of the "
            "agency agreement's renewal are under negotiation with the County Council)"
        ),
    ),
    Partnership(
        pid="P-014",
        name="Home Improvement Agency",
        type="Partnering contract",
        category="Service",
        priority=HEALTHY,
        lead_partner=CBC,
        lead_contact="Private Sector Housing Manager",
        lead_officer="Private Sector Housing Manager",
        start=d("2016-04-01"),
        portfolio="Lead Member for Housing",
        head="Head of Strategic Housing",
        represented_by="Private Sector Housing Manager",
        objectives=(
            "Adaptations and repairs so that older and disabled people can stay in their "
            "homes; administer Disabled Facilities Grants."
        ),
        accountable="Yes",
        capacity="No",
        equality_assessment="No",
        agreement_date=d("2023-03-29"),
        budget=55000,
        hours=40,
        frequency="Six-monthly",
        last_report=d("2026-09-25"),
        last_review=d("2026-09-25"),
        last_health=d("2025-09-25"),
        decision_date=d("2016-02-17"),
        comments="Finance team stretched by the grant caseload; capacity report due to Cabinet.",
    ),
    Partnership(
        pid="P-015",
        name="Leicester, Leicestershire and Rutland Local Resilience Forum",
        type="Strategic/advisory",
        category="Other",
        priority=SAFER,
        lead_partner="Leicestershire Police",
        lead_contact="LRF Manager",
        lead_officer="Emergency Planning Officer",
        start=d("2005-11-01"),
        portfolio="Lead Member for Community Safety",
        head="Head of Regulatory Services",
        represented_by="Head of Regulatory Services",
        objectives="Plan and exercise the multi-agency response to major emergencies.",
        website="https://www.llrprepared.org.uk",
        agreement_date=d("2019-09-18"),
        budget=8000,
        hours=10,
        frequency="Six-monthly",
        last_report=d("2026-03-31"),
        last_review=d("2026-03-31"),
        last_health=d("2025-04-29"),
        decision_date=d("2005-10-12"),
    ),
    Partnership(
        pid="P-016",
        name="Charnwood Disability Forum",
        type="Working arrangement",
        category="Other",
        priority=HEALTHY,
        lead_partner="Voluntary Action Charnwood",
        lead_contact="Forum Co-ordinator",
        lead_officer="Equalities Officer",
        start=d("2012-09-01"),
        portfolio="Lead Member for Community Support",
        head="Head of Customer Experience",
        represented_by="Equalities Officer",
        objectives="Give disabled residents a voice on access to council services and places.",
        terms_of_reference="No",
        budget=1500,
        hours=4,
        frequency="Annual",
        last_report=d("2026-02-19"),
        last_review=d("2025-10-02"),
        decision_date=d("2012-07-11"),
        comments="Never had a health check.",
    ),
    Partnership(
        pid="P-017",
        name="Charnwood Youth Forum",
        type="Working arrangement",
        category="Other",
        priority=HEALTHY,
        lead_partner=CBC,
        lead_contact="Youth Engagement Officer",
        lead_officer="Youth Engagement Officer",
        start=d("2014-01-06"),
        portfolio="Lead Member for Community Support",
        head="Head of Leisure and Culture",
        represented_by="Youth Engagement Officer",
        objectives="Young people's forum that advises the council and its partners.",
        accountable="Yes",
        capacity="Yes",
        agreement_date=d("2024-01-31"),
        budget=5000,
        hours=12,
        frequency="",
        last_review=d("2026-07-02"),
        last_health=d("2025-07-02"),
        decision_date=d("2013-11-20"),
    ),
    parish(
        "P-018",
        "Shepshed Town Council",
        "Head of Planning and Regeneration",
        d("2010-04-01"),
        type="Strategic/advisory",
        website="https://www.shepshedtowncouncil.org.uk",
        budget=2000,
        hours=6,
        last_report=d("2026-04-30"),
        last_review=d("2026-04-30"),
        last_health=d("2025-02-03"),
    ),
    parish(
        "P-019",
        "Anstey Parish Council",
        "Head of Finance",
        d("2010-04-01"),
        last_report=d("2025-07-15"),
        last_review=d("2026-03-10"),
        last_health=d("2025-06-24"),
    ),
    parish(
        "P-020",
        "Quorn Parish Council",
        "Head of Regulatory Services",
        d("2010-04-01"),
        last_report=d("2026-02-12"),
        last_review=d("2026-05-19"),
        last_health=d("2025-05-19"),
    ),
    parish(
        "P-021",
        "Barrow upon Soar Parish Council",
        "Head of Cleansing and Open Spaces",
        d("2010-04-01"),
        last_report=d("2026-05-12"),
        last_review=d("2026-05-12"),
        last_health=d("2025-10-14"),
        next_review=d("2027-01-28"),
        comments="Next review brought forward to agree the new village hall lease.",
    ),
    parish(
        "P-022",
        "Sileby Parish Council",
        "Head of Strategic Housing",
        d("2011-06-01"),
        exit_strategy="",
        last_report=d("2026-06-09"),
        last_review=d("2026-06-09"),
        last_health=d("2025-06-09"),
    ),
    parish(
        "P-023",
        "Syston Town Council",
        "Head of Neighbourhood Services",
        d("2010-04-01"),
        type="Strategic/advisory",
        website="https://www.systontowncouncil.org.uk",
        budget=3500,
        hours=6,
        frequency="Six-monthly",
        last_report=d("2026-10-20"),
        last_review=d("2026-04-28"),
        last_health=d("2025-04-28"),
    ),
    parish(
        "P-024",
        "Birstall Parish Council",
        "Head of Leisure and Culture",
        d("2010-04-01"),
        last_report=d("2026-07-21"),
        last_review=d("2026-07-21"),
        last_health=d("2025-07-21"),
    ),
    parish(
        "P-025",
        "Mountsorrel Parish Council",
        "Head of Customer Experience",
        d("2011-06-01"),
        last_report=d("2025-09-18"),
        last_review=d("2025-09-18"),
        last_health=d("2025-09-18"),
    ),
    parish(
        "P-026",
        "Rothley Parish Council",
        "Head of Strategic Support",
        d("2010-04-01"),
        last_report=d("2026-08-11"),
        last_review=d("2026-08-11"),
        comments="Health check not yet arranged.",
    ),
    parish(
        "P-027",
        "Thurmaston Parish Council",
        "Head of Regulatory Services",
        d("2012-05-01"),
        last_report=d("2026-09-15"),
        last_review=d("2026-03-24"),
        last_health=d("2025-11-11"),
        next_review=d("2027-02-05"),
    ),
    parish(
        "P-028",
        "Woodhouse Parish Council",
        "Head of Finance",
        d("2012-05-01"),
        last_report=d("2026-05-05"),
        last_review=d("2026-05-05"),
        last_health=d("2025-05-05"),
    ),
    parish(
        "P-029",
        "Wymeswold Parish Meeting",
        "",  # vacant since the last manager left: "Partnership manager missing"
        d("2013-04-01"),
        lead_contact="Chair of the Parish Meeting",
        represented_by="Communities and Partnerships Officer, until a partnership manager is named",
        agreement_date=None,
        hours=1,
        frequency="",
        last_review=d("2026-04-16"),
        last_health=d("2024-12-03"),
        comments="No partnership agreement signed yet.",
    ),
    Partnership(
        pid="P-030",
        name="Soar Valley Green Spaces Partnership",
        type="Working arrangement",
        category="Other",
        priority=ENVIRONMENT,
        status="Proposed",
        lead_partner="Leicestershire and Rutland Wildlife Trust",
        lead_contact="Living Landscapes Officer",
        lead_officer="Head of Cleansing and Open Spaces",
        start=None,
        portfolio="Lead Member for Environment",
        head="Head of Cleansing and Open Spaces",
        objectives="Join up the management of green spaces and river corridors in the Soar valley.",
        equality_assessment="",
        exit_strategy="",
        budget=25000,
        hours=12,
        frequency="Six-monthly",
        decision="Pending",
        comments="Business case to go to Charnwood Together in January 2027.",
    ),
    Partnership(
        pid="P-031",
        name="Charnwood Climate Action Network",
        type="Strategic/advisory",
        category="Other",
        priority=ENVIRONMENT,
        status="Proposed",
        lead_partner=CBC,
        lead_contact="Climate Change Officer",
        lead_officer="Climate Change Officer",
        start=None,
        portfolio="Lead Member for Environment",
        head="Head of Strategic Support",
        objectives="Bring partners together to cut carbon emissions across the borough by 2030.",
        accountable="Yes",
        capacity="Yes",
        info_sharing="",
        equality_assessment="",
        budget=40000,
        hours=30,
        frequency="Quarterly",
        decision="Pending",
        comments="Above the £30,000 threshold: full business case and risk assessment needed.",
    ),
    Partnership(
        pid="P-032",
        name="Charnwood Community Transport Partnership",
        type="Partnering contract",
        category="Service",
        priority=HEALTHY,
        status="Suspended",
        lead_partner="Charnwood Community Transport",
        lead_contact="Scheme Manager",
        lead_officer="Head of Neighbourhood Services",
        start=d("2015-04-01"),
        portfolio="Lead Member for Community Support",
        head="Head of Neighbourhood Services",
        represented_by="Head of Neighbourhood Services",
        objectives="Door-to-door transport for residents who cannot use buses.",
        agreement_date=d("2015-03-18"),
        budget=18000,
        hours=6,
        frequency="Quarterly",
        last_report=d("2025-12-31"),
        last_review=d("2025-06-12"),
        last_health=d("2024-05-15"),
        decision_date=d("2015-02-25"),
        comments="Suspended from August 2026 while the service is retendered.",
    ),
    Partnership(
        pid="P-033",
        name="Charnwood Financial Inclusion Partnership",
        type="Working arrangement",
        category="Other",
        priority=HEALTHY,
        status="Closed",
        lead_partner="Citizens Advice Charnwood",
        lead_contact="Chief Officer",
        lead_officer="Head of Customer Experience",
        start=d("2014-05-01"),
        end=d("2025-03-31"),
        portfolio="Lead Member for Community Support",
        head="Head of Customer Experience",
        objectives="Debt advice, affordable credit and benefit take-up.",
        agreement_date=d("2014-06-11"),
        budget=0,
        hours=0,
        frequency="Annual",
        last_report=d("2024-06-20"),
        last_review=d("2024-06-20"),
        last_health=d("2023-06-14"),
        decision_date=d("2014-04-16"),
        comments="Closed: work taken on by the county-wide advice partnership.",
    ),
]

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
        if p.pid in OTHER_MEMBERS:
            others = list(OTHER_MEMBERS[p.pid])
        else:
            others = rng.sample(PARISH_OTHER_MEMBERS, rng.randint(1, 3))
        if p.lead_partner != CBC:
            others.insert(0, CBC)
        rows.append([p.pid, p.lead_partner, sector_of(p.lead_partner), "Lead"])
        for organisation in others[:7]:
            if organisation == CBC and p.accountable == "Yes":
                role = "Accountable body"
            elif organisation in OBSERVERS:
                role = "Observer"
            else:
                role = "Member"
            rows.append([p.pid, organisation, sector_of(organisation), role])
    return rows


#: Agreement items not (yet) covered, by partnership; every other Key partnership covers all.
AGREEMENT_GAPS: dict[str, dict[str, str]] = {
    "P-005": {"Complaints procedure": "No"},
    "P-020": {"Equality and diversity": ""},
    "P-024": {"Decision making": "No", "Complaints procedure": ""},
}
#: Key partnership with no `Agreements` row at all (on purpose).
NO_AGREEMENT_ROW = "P-029"


def agreement_rows() -> list[Row]:
    """One row per Key partnership, except the one left out on purpose."""
    rows: list[Row] = []
    for p in PARTNERSHIPS:
        if p.category != "Key" or p.pid == NO_AGREEMENT_ROW:
            continue
        gaps = AGREEMENT_GAPS.get(p.pid, {})
        rows.append([p.pid, *(gaps.get(item, "Yes") for item in AGREEMENT_ITEMS)])
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


# ---------------------------------------------------------------------------------------------
# Risk registers
# ---------------------------------------------------------------------------------------------

#: The Charnwood 3×3 rating table, RATING[likelihood][impact]: a lookup, not a product.
RATING = {3: {1: 4, 2: 7, 3: 9}, 2: {1: 2, 2: 5, 3: 8}, 1: {1: 1, 2: 3, 3: 6}}
LETTER = {1: "L", 2: "M", 3: "H"}
IMPACT_LABEL = {1: "1 – Low (noticeable)", 2: "2 – Medium (significant)", 3: "3 – High (critical)"}
LIKELIHOOD_LABEL = {1: "1 – Low", 2: "2 – Medium", 3: "3 – High"}


@dataclass(frozen=True)
class StandardRisk:
    """One of the 14 standard partnership risks in the Charnwood risk assessment template.

    The template leaves the type of risks 1, 2 and 5 for the assessor; they are filled in here.
    """

    no: int
    types: str
    risk: str
    impact: str
    likelihood: str
    control_type: str
    controls: str
    impact_weights: tuple[int, int, int]  # chance of Low, Medium, High before controls
    likelihood_weights: tuple[int, int, int]


STANDARD_RISKS = [
    StandardRisk(
        1, "F",
        "The risk that the partnership duplicates resources already provided because partners "
        "do not map existing services, resulting in wasted money and officer time.",
        "Duplicated spend; partners question the value of the partnership.",
        "Several partnerships work on related themes; no shared directory of services.",
        "R", "Charnwood Together reviews new proposals; annual mapping of partnership activity.",
        (3, 4, 1), (3, 4, 2),
    ),
    StandardRisk(
        2, "S",
        "The risk that not all appropriate partners are engaged because membership has not "
        "been reviewed, resulting in gaps in knowledge and weaker delivery.",
        "Plans miss the needs of groups not at the table; weaker community support.",
        "Membership unchanged for several years; some sectors not represented.",
        "R", "Review membership at each annual review; invite missing sectors.",
        (3, 4, 2), (2, 4, 3),
    ),
    StandardRisk(
        3, "F",
        "The risk that the partnership cannot deliver its plan because of a lack of funding, "
        "resulting in projects stopping and grant being lost.",
        "Projects stop part way; grant clawed back; estimated loss up to £25,000.",
        "Partners' budgets under pressure; external grants short-term.",
        "M", "Medium-term funding plan agreed by partners; bids for external funding.",
        (1, 3, 4), (1, 3, 4),
    ),
    StandardRisk(
        4, "L",
        "The risk that a key partner withdraws because of changes to its own priorities or "
        "budget, resulting in loss of expertise, funding and legitimacy.",
        "Loss of a funding stream and of specialist knowledge; plan must be rewritten.",
        "Restructures under way at partner organisations.",
        "M", "Partnership agreement sets a notice period; regular contact at senior level.",
        (1, 3, 3), (2, 4, 2),
    ),
    StandardRisk(
        5, "R",
        "The risk that agreed actions are not delivered because of unclear ownership and weak "
        "monitoring, resulting in objectives being missed.",
        "Outcomes for residents not achieved; partners lose confidence.",
        "Actions without named owners or dates; infrequent meetings.",
        "R", "Action log with owners and dates reviewed at every meeting.",
        (2, 4, 2), (2, 4, 3),
    ),
    StandardRisk(
        6, "L,S",
        "The risk that contract requirements are not delivered because of under-performance by "
        "the provider, resulting in poorer services to residents and possible legal dispute.",
        "Service failures for residents; cost of remedies and of retendering.",
        "Provider's workforce and finances under strain; targets missed last year.",
        "R", "Quarterly contract monitoring meetings; default notices where needed.",
        (1, 2, 4), (2, 4, 2),
    ),
    StandardRisk(
        7, "R,L",
        "The risk that partnership standards are not met because the agreement and risk "
        "assessment are not kept up to date, resulting in audit criticism and weaker "
        "accountability.",
        "Adverse audit opinion; reputational damage.",
        "Reviews slip when officers change; no reminder system.",
        "R", "Register reviewed quarterly by the Communities and Partnerships Officer.",
        (2, 4, 1), (2, 4, 3),
    ),
    StandardRisk(
        8, "R,F",
        "The risk that the partnership becomes over-dependent on one key partner because other "
        "partners contribute little, resulting in collapse if that partner steps back.",
        "Partnership cannot continue without the main partner; council asked to fill the gap.",
        "One partner provides most of the funding and the secretariat.",
        "M", "Spread secretariat and chairing between partners; written succession plan.",
        (1, 3, 3), (2, 4, 2),
    ),
    StandardRisk(
        9, "F",
        "The risk that unforeseen costs arise because of inflation, legal claims or project "
        "overruns, resulting in pressure on the council's budget.",
        "Unbudgeted spend of up to £15,000 a year.",
        "High inflation; capital projects with fixed-price grants.",
        "M", "Contingency in the partnership budget; costs reported to partners quarterly.",
        (1, 4, 2), (2, 4, 2),
    ),
    StandardRisk(
        10, "R,L,S",
        "The risk that key support staff or experts leave because of restructures or "
        "short-term funding, resulting in loss of knowledge and delays.",
        "Work stalls for several months; knowledge lost.",
        "Posts funded year to year; small team with no cover.",
        "M", "Procedures written down; shared inbox; cover agreed between partners.",
        (1, 4, 2), (1, 4, 3),
    ),
    StandardRisk(
        11, "R",
        "The risk that targets are too stretching because they were set without baseline "
        "data, resulting in reported failure and loss of confidence.",
        "Board reports show failure against targets; partners disengage.",
        "Targets set before data was available.",
        "R", "Targets reviewed each year against baseline data.",
        (3, 3, 1), (2, 4, 2),
    ),
    StandardRisk(
        12, "R,F,L",
        "The risk that the council loses control of the service or project but remains "
        "accountable because decisions are delegated to the partnership board, resulting in "
        "financial and reputational exposure.",
        "The council answers for decisions it did not take; possible financial liability.",
        "Council is accountable body; board decisions not reported back.",
        "R", "Decision-making limits in the agreement; council officer attends every board.",
        (1, 2, 4), (3, 3, 2),
    ),
    StandardRisk(
        13, "P",
        "The risk that a major shift in national or local priorities changes the partnership's "
        "remit because of new legislation or funding rules, resulting in wasted work and a "
        "need to restructure.",
        "Plans abandoned; time spent restructuring.",
        "Local government reorganisation and new national funding rules expected.",
        "M", "Horizon scanning at each meeting; remit reviewed when policy changes.",
        (1, 3, 3), (1, 3, 4),
    ),
    StandardRisk(
        14, "L",
        "The risk that the partnership fails to comply with equality and diversity legislation "
        "because equality impact assessments are not done, resulting in legal challenge and "
        "groups being excluded.",
        "Legal challenge under the Equality Act 2010; some residents excluded.",
        "No equality impact assessment of the partnership plan.",
        "R", "Equality impact assessment of each plan; Equalities Officer checks.",
        (1, 3, 3), (3, 4, 1),
    ),
]  # fmt: skip


@dataclass(frozen=True)
class RiskPlan:
    """Which partnerships have risks, how many, and when they were assessed.

    `moved` says what a risk's latest assessment changed from the one before it: `Higher` (its
    residual rating rose one step), `Lower` (fell one step) or `New` (first raised then);
    every other risk was rated the same at the assessment before (`reassessed` date → the
    plan's date, otherwise twelve months earlier). `removed` lists risks taken off the register
    on a date (they appear only in the earlier quarters); `first` is a partnership's first risk
    assessment, with no earlier one. The earlier quarters (`--earlier-quarters`) come from these.
    """

    pid: str
    count: int
    assessed: date
    reassessed: dict[int, date] | None = None  # risk no → a later assessment date
    moved: dict[int, str] | None = None  # risk no → "Higher", "Lower" or "New"
    removed: dict[int, date] | None = None  # risk no (not otherwise chosen) → date removed
    first: bool = False


OCTOBER_REVIEW = d("2026-10-19")
RISK_PLANS = [
    # Charnwood Together's October review: the lack of ownership of actions fell back to Medium
    # once the action log was in place, the council's exposure as accountable body rose with
    # the devolution proposals, reorganisation was raised as a new risk and the risk of a key
    # partner withdrawing closed when every partner signed the refreshed agreement.
    RiskPlan(
        "P-001",
        12,
        d("2026-05-12"),
        {5: OCTOBER_REVIEW, 12: OCTOBER_REVIEW, 13: OCTOBER_REVIEW},
        moved={5: "Lower", 12: "Higher", 13: "New"},
        removed={4: OCTOBER_REVIEW},
    ),
    # Reassessed in September: funding (3) rose with the grant cut; unforeseen costs (9) fell.
    RiskPlan(
        "P-002",
        11,
        d("2026-04-15"),
        {3: d("2026-09-03"), 9: d("2026-09-03")},
        moved={3: "Higher", 9: "Lower"},
    ),
    RiskPlan("P-003", 8, d("2025-09-24")),
    RiskPlan("P-004", 10, d("2026-07-08")),
    RiskPlan("P-005", 5, d("2026-03-05")),
    RiskPlan("P-007", 6, d("2026-04-22")),
    RiskPlan("P-008", 4, d("2026-06-03")),
    RiskPlan("P-009", 9, d("2026-01-22")),
    RiskPlan("P-010", 6, d("2023-11-10")),
    RiskPlan("P-011", 8, d("2026-02-26")),
    RiskPlan("P-012", 6, d("2026-05-14")),
    RiskPlan("P-013", 12, d("2026-08-27"), moved={3: "Lower", 6: "New"}),
    RiskPlan("P-014", 14, d("2026-09-25"), moved={2: "Lower", 9: "Higher"}),
    RiskPlan(
        "P-015",
        7,
        d("2026-04-14"),
        {11: d("2026-11-09")},
        moved={11: "Lower"},
        removed={10: d("2026-11-09")},
    ),
    RiskPlan("P-016", 4, d("2026-06-11")),
    RiskPlan("P-017", 5, d("2025-10-20")),
    RiskPlan("P-018", 6, d("2026-02-09")),
    RiskPlan("P-019", 5, d("2026-03-10")),
    RiskPlan("P-020", 5, d("2026-05-19")),
    RiskPlan("P-021", 4, d("2026-05-12")),
    RiskPlan("P-022", 5, d("2026-06-09"), {14: d("2026-10-21")}, moved={14: "Higher"}),
    RiskPlan("P-023", 6, d("2025-10-08")),
    RiskPlan("P-024", 4, d("2026-07-21")),
    RiskPlan("P-025", 5, d("2026-06-30")),
    RiskPlan("P-026", 4, d("2026-08-11")),
    RiskPlan("P-027", 5, d("2026-09-15")),
    RiskPlan("P-029", 4, d("2026-04-16")),
    RiskPlan("P-030", 6, d("2026-10-14"), first=True),
    RiskPlan("P-031", 8, d("2026-11-02"), first=True),
    RiskPlan("P-032", 7, d("2025-06-12")),
]
#: Partnerships whose risks are kept in their own workbook, and how levels are typed there.
OWN_WORKBOOK = {
    "P-001": ("risks-charnwood-together.xlsx", "letters"),
    "P-002": ("risks-community-safety-partnership.xlsx", "labels"),
    "P-004": ("risks-loughborough-town-centre.xlsx", "letters"),
}
#: The per-partnership workbook whose target columns are headed with the aliases.
TARGET_ALIAS_WORKBOOK = "P-004"
#: Risks marked Exempt in the corporate workbook (Partnership ID, Risk no): the Home
#: Improvement Agency's provider performance and unforeseen costs, commercially sensitive
#: while the contract's default notice and price review are with the provider. Chosen by
#: hand, not drawn, so the rest of the sample is unchanged.
EXEMPT_RISKS = {("P-014", 6), ("P-014", 9)}
#: The reason given for each exempt risk and exempt commentary row.
COMMERCIAL = "Schedule 12A paragraph 3: financial or business affairs"


@dataclass(frozen=True)
class Risk:
    """One risk as assessed on one date, with levels as numbers 1–3."""

    pid: str
    standard: StandardRisk
    inherent: tuple[int, int]  # (impact, likelihood)
    residual: tuple[int, int]
    control_months: int  # the controls are due to be in place this long after assessment
    owner: str
    assessed_by: str
    assessed: date
    target: tuple[int, int] | None = None  # (impact, likelihood) once the controls work
    target_date: date | None = None
    removed: date | None = None  # taken off the register on this date

    @property
    def control_end(self) -> date:
        """The Control end date."""
        return add_months(self.assessed, self.control_months)

    @property
    def key(self) -> tuple[str, int]:
        """Partnership ID and Risk no."""
        return self.pid, self.standard.no


def owner_of(standard: StandardRisk, p: Partnership) -> str:
    """Finance risks are the Head of Finance's, equality the Equalities Officer's."""
    if standard.no in (3, 9):
        return "Head of Finance"
    if standard.no == 14:
        return "Equalities Officer"
    return p.lead_officer


def draw_levels(
    rng: random.Random, standard: StandardRisk
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Inherent and residual (impact, likelihood): the controls lower one or both, or not."""
    impact = rng.choices((1, 2, 3), weights=standard.impact_weights)[0]
    likelihood = rng.choices((1, 2, 3), weights=standard.likelihood_weights)[0]
    effect = rng.choices(("none", "likelihood", "impact", "both"), (2, 5, 1, 2))[0]
    res_impact = impact - 1 if effect in ("impact", "both") and impact > 1 else impact
    res_likelihood = (
        likelihood - 1 if effect in ("likelihood", "both") and likelihood > 1 else likelihood
    )
    return (impact, likelihood), (res_impact, res_likelihood)


def make_risks(rng: random.Random) -> list[Risk]:
    """4–14 of the standard risks for each partnership in `RISK_PLANS`, as last assessed."""
    by_id = {p.pid: p for p in PARTNERSHIPS}
    risks: list[Risk] = []
    for plan in RISK_PLANS:
        p = by_id[plan.pid]
        pool = [s for s in STANDARD_RISKS if s.no != 6 or p.type == "Partnering contract"]
        chosen = sorted(rng.sample(pool, min(plan.count, len(pool))), key=lambda s: s.no)
        if p.type == "Partnering contract" and all(s.no != 6 for s in chosen):
            chosen[-1] = STANDARD_RISKS[5]
            chosen.sort(key=lambda s: s.no)
        for standard in chosen:
            inherent, residual = draw_levels(rng, standard)
            assessed = (plan.reassessed or {}).get(standard.no, plan.assessed)
            risks.append(
                Risk(
                    pid=p.pid,
                    standard=standard,
                    inherent=inherent,
                    residual=residual,
                    control_months=rng.choice((3, 6, 9, 12)),
                    owner=owner_of(standard, p),
                    assessed_by=p.lead_officer,
                    assessed=assessed,
                )
            )
    return risks


#: Drawn from its own `random.Random`, so that the targets left the rest of the sample as it was.
TARGET_SEED = 17
#: Target dates as officers set them, at month and quarter ends. At 2026-11-23 and 2026-12-31
#: the first are missed (if the risk is still above target), the next due soon (31 December
#: and 31 January at both dates), the last comfortably ahead.
TARGET_DATES = {
    "missed": (d("2026-06-30"), d("2026-09-30"), d("2026-10-31")),
    "due": (d("2026-12-31"), d("2027-01-31"), d("2027-03-31")),
    "later": (d("2027-06-30"), d("2027-09-30"), d("2027-12-31")),
}


def with_target(risk: Risk, rng: random.Random) -> Risk:
    """Most High and Medium risks get a target one step lower on likelihood, impact or both
    (or already met: the same as the residual), and a target date at least two months after
    the assessment; a quarter of the Low ones rated 3 or 4 get one too, the rest none."""
    impact, likelihood = risk.residual
    rating = RATING[likelihood][impact]
    chance = 0.8 if rating >= 7 else 0.6 if rating >= 5 else 0.25 if rating >= 3 else 0.0
    if rng.random() >= chance:
        return risk
    step = rng.choices(("likelihood", "impact", "both", "met"), weights=(5, 2, 2, 1))[0]
    if step in ("likelihood", "both"):
        likelihood = max(1, likelihood - 1)
    if step in ("impact", "both"):
        impact = max(1, impact - 1)
    bucket = rng.choices(tuple(TARGET_DATES), weights=(2, 2, 5))[0]
    earliest = add_months(risk.assessed, 2)
    dates = [day for day in TARGET_DATES[bucket] if day > earliest] or TARGET_DATES["later"]
    return replace(risk, target=(impact, likelihood), target_date=rng.choice(dates))


def step_down(levels: tuple[int, int]) -> tuple[int, int]:
    """One step lower: likelihood first, else impact (the rating table rises along both)."""
    impact, likelihood = levels
    if likelihood > 1:
        return impact, likelihood - 1
    if impact > 1:
        return impact - 1, likelihood
    raise ValueError(f"{levels} is the lowest cell: it cannot have been lower")


def step_up(levels: tuple[int, int], ceiling: tuple[int, int]) -> tuple[int, int]:
    """One step higher, no higher than `ceiling` (the inherent levels)."""
    impact, likelihood = levels
    if likelihood < ceiling[1]:
        return impact, likelihood + 1
    if impact < ceiling[0]:
        return impact + 1, likelihood
    raise ValueError(f"{levels} is already at its inherent levels: it cannot have been higher")


def earlier_version(risk: Risk, plan: RiskPlan) -> Risk | None:
    """The risk as rated at the assessment before its latest one (None if it was new then)."""
    moved = (plan.moved or {}).get(risk.standard.no)
    if plan.first or moved == "New":
        return None
    if risk.standard.no in (plan.reassessed or {}):
        assessed = plan.assessed
    else:
        assessed = add_months(risk.assessed, -12)
    residual = risk.residual
    if moved == "Higher":
        residual = step_down(residual)
    elif moved == "Lower":
        residual = step_up(residual, risk.inherent)
    target = risk.target
    if target is not None:  # never above the residual of the time
        target = (min(target[0], residual[0]), min(target[1], residual[1]))
    return replace(risk, residual=residual, assessed=assessed, target=target)


def removed_risks(rng: random.Random) -> list[Risk]:
    """The risks taken off the register: as assessed on their partnership's plan date."""
    by_id = {p.pid: p for p in PARTNERSHIPS}
    risks: list[Risk] = []
    for plan in RISK_PLANS:
        for no, removed in (plan.removed or {}).items():
            standard, p = STANDARD_RISKS[no - 1], by_id[plan.pid]
            inherent, residual = draw_levels(rng, standard)
            risks.append(
                Risk(
                    pid=p.pid,
                    standard=standard,
                    inherent=inherent,
                    residual=residual,
                    control_months=rng.choice((3, 6, 9, 12)),
                    owner=owner_of(standard, p),
                    assessed_by=p.lead_officer,
                    assessed=plan.assessed,
                    removed=removed,
                )
            )
    return risks


def risk_history(rng: random.Random) -> list[Risk]:
    """Every assessment of every risk: the latest (with targets), the one before where it
    differs in date, and the risks since removed. `risks_at` picks what stood on a day."""
    extra = random.Random(TARGET_SEED)
    latest = [with_target(risk, extra) for risk in make_risks(rng)]
    plans = {plan.pid: plan for plan in RISK_PLANS}
    history: list[Risk] = []
    for risk in latest:
        earlier = earlier_version(risk, plans[risk.pid])
        history += [risk] if earlier is None else [earlier, risk]
    removed = removed_risks(extra)
    clash = {r.key for r in removed} & {r.key for r in latest}
    if clash:
        raise ValueError(f"removed risks {sorted(clash)} are also on the register")
    return history + removed


def risks_at(history: Sequence[Risk], day: date) -> list[Risk]:
    """The register as it stood on `day`: each risk's newest assessment on or before it,
    leaving out risks not yet assessed or already removed; in plan order, then by risk no."""
    standing: dict[tuple[str, int], Risk] = {}
    for risk in history:
        if risk.assessed <= day and (
            risk.key not in standing or risk.assessed > standing[risk.key].assessed
        ):
            standing[risk.key] = risk
    order = {plan.pid: n for n, plan in enumerate(RISK_PLANS)}
    kept = [r for r in standing.values() if r.removed is None or r.removed > day]
    return sorted(kept, key=lambda r: (order[r.pid], r.standard.no))


def level_as(level: int, levels: str, labels: dict[int, str]) -> str | int:
    """A matrix level typed as a number (`2`), a letter (`M`) or a label (`2 – Medium`)."""
    if levels == "letters":
        return LETTER[level]
    if levels == "labels":
        return labels[level]
    return level


def risk_row(risk: Risk, levels: str) -> Row:
    """A `Risks` row; levels typed as numbers, `H`/`M`/`L` letters or Charnwood labels."""

    def impact(level: int) -> str | int:
        return level_as(level, levels, IMPACT_LABEL)

    def likelihood(level: int) -> str | int:
        return level_as(level, levels, LIKELIHOOD_LABEL)

    s = risk.standard
    (i_imp, i_lik), (r_imp, r_lik) = risk.inherent, risk.residual
    target: list[Value] = [None, None]
    if risk.target is not None:
        target = [impact(risk.target[0]), likelihood(risk.target[1])]
    return [
        risk.pid, s.no, s.types, s.risk, s.impact, s.likelihood,
        impact(i_imp), likelihood(i_lik), RATING[i_lik][i_imp],
        s.control_type, s.controls, risk.control_end,
        impact(r_imp), likelihood(r_lik), RATING[r_lik][r_imp],
        *target, risk.target_date,
        risk.owner, risk.assessed_by, RISK_QA, risk.assessed,
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Partner survey
# ---------------------------------------------------------------------------------------------

#: (Question ID, question, theme, kind); Q6 is asked in 2025 only, its reworded form Q9 in 2026.
QUESTIONS = {
    "Q1": ("The council keeps us informed about things that affect our area",
           "Communication", "Scale"),
    "Q2": ("Our Partnership Manager is a helpful first point of contact", "Support", "Scale"),
    "Q3": ("Consultations give us enough time to respond (at least six weeks)",
           "Communication", "Scale"),
    "Q4": ("Clerks' meetings are useful", "Working together", "Scale"),
    "Q5": ("Council officers reply to our enquiries within a reasonable time",
           "Working together", "Scale"),
    "Q6": ("The Partnership Matters newsletter is useful", "Communication", "Scale"),
    "Q7": ("Overall, we are satisfied with how the council works with us", "Overall", "Scale"),
    "Q8": ("What one thing could the council do better?", "Overall", "Text"),
    "Q9": ("The Partnership Matters e-newsletter tells us what we need to know",
           "Communication", "Scale"),
}  # fmt: skip
QUESTIONS_BY_YEAR = {
    2025: ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"],
    2026: ["Q1", "Q2", "Q3", "Q4", "Q5", "Q7", "Q8", "Q9"],
}
#: Chance of answering 1 (strongly disagree) … 5 (strongly agree). 2026 is a little more
#: positive on most questions; consultation time (Q3) got worse after the planning changes.
ANSWER_WEIGHTS: dict[tuple[int, str], tuple[int, int, int, int, int]] = {
    (2025, "Q1"): (6, 14, 25, 40, 15), (2026, "Q1"): (4, 9, 20, 44, 23),
    (2025, "Q2"): (4, 10, 20, 42, 24), (2026, "Q2"): (3, 6, 16, 46, 29),
    (2025, "Q3"): (6, 14, 22, 40, 18), (2026, "Q3"): (14, 26, 24, 26, 10),
    (2025, "Q4"): (5, 12, 30, 35, 18), (2026, "Q4"): (4, 9, 25, 40, 22),
    (2025, "Q5"): (8, 16, 26, 36, 14), (2026, "Q5"): (5, 12, 22, 42, 19),
    (2025, "Q6"): (6, 12, 38, 32, 12), (2026, "Q9"): (5, 10, 30, 38, 17),
    (2025, "Q7"): (5, 12, 25, 42, 16), (2026, "Q7"): (3, 8, 21, 46, 22),
}  # fmt: skip
WORDS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
TEXT_ANSWERS = [
    "Send planning information earlier.",
    "Give us more notice of road closures and events.",
    "Reply to emails from the clerk more quickly.",
    "Keep the clerks' meetings going, they are useful.",
    "Put the consultation deadline in the subject line.",
    "Six weeks is not enough when we only meet monthly.",
    "Visit the parish more often.",
    "Simplify the grant application form.",
    "Tell us who has replaced officers who leave.",
    "More joined-up working on grass cutting with the county.",
    "A single contact for fly-tipping reports.",
    "Share ward councillor contact details in one place.",
    "Hold some meetings in the evening.",
    "Nothing: the Partnership Manager scheme works well for us.",
    "Explain the budget and the precept timetable earlier.",
    "Publish consultation responses so we can see what changed.",
    "More help with training for new councillors.",
    "Better broadband and IT support for small councils.",
]

PARISH_COUNCILS = [
    "Anstey", "Barkby and Barkby Thorpe", "Barrow upon Soar", "Birstall", "Burton on the Wolds",
    "Cossington", "East Goscote", "Hathern", "Hoton", "Mountsorrel", "Newtown Linford",
    "Queniborough", "Quorn", "Ratcliffe on the Wreake", "Rearsby", "Rothley", "Seagrave",
    "Sileby", "Swithland", "Thrussington", "Thurcaston and Cropston", "Thurmaston",
    "Walton on the Wolds", "Woodhouse",
]  # fmt: skip
TOWN_COUNCILS = ["Shepshed Town Council", "Syston Town Council"]
PARISH_MEETINGS = [
    "Wymeswold Parish Meeting", "Beeby Parish Meeting", "South Croxton Parish Meeting",
    "Prestwold Parish Meeting",
]  # fmt: skip
VOLUNTARY = [
    "Voluntary Action Charnwood", "Charnwood Age Concern", "Loughborough Community Food Bank",
    "Charnwood Arts", "Charnwood Fairtrade Steering Group", "Charnwood Community Transport",
    "Citizens Advice Charnwood", "Syston Community Library Trust", "Quorn Village Hall Trust",
    "Shepshed Youth Club", "Anstey Good Neighbours Scheme",
]  # fmt: skip
PUBLIC = [
    "Leicestershire County Council", "Leicestershire Police",
    "Leicestershire Fire and Rescue Service", "Leicester, Leicestershire and Rutland ICB",
    "Loughborough University", "Loughborough College", "Environment Agency",
    "Office of the Police and Crime Commissioner",
]  # fmt: skip
BUSINESS = ["Loughborough BID", "Charnwood Chamber of Trade"]
OTHER_ORGS = ["Leicestershire and Rutland Association of Local Councils"]

#: Responses per organisation type, and invitations sent.
RESPONSE_COUNTS = {
    2025: {"Parish council": 19, "Town council": 5, "Parish meeting": 3,
           "Voluntary and community": 9, "Public sector": 7, "Business": 2},
    2026: {"Parish council": 21, "Town council": 6, "Parish meeting": 3,
           "Voluntary and community": 10, "Public sector": 8, "Business": 2, "Other": 1},
}  # fmt: skip
INVITED = {
    2025: {"Parish council": 27, "Town council": 8, "Parish meeting": 4,
           "Voluntary and community": 20, "Public sector": 12, "Business": 6, "Other": 2},
    2026: {"Parish council": 27, "Town council": 8, "Parish meeting": 4,
           "Voluntary and community": 22, "Public sector": 12, "Business": 6, "Other": 2},
}  # fmt: skip
#: Partnership a responding organisation answers for, where it has one.
RESPONSE_PARTNERSHIP = {
    **{p.lead_partner: p.pid for p in PARTNERSHIPS if p.category == "Key" and p.pid >= "P-018"},
    "Charnwood Fairtrade Steering Group": "P-005",
    "Charnwood Community Transport": "P-032",
    "Leicestershire Police": "P-002",
    "Loughborough BID": "P-004",
    "Voluntary Action Charnwood": "P-001",
}


def organisations(rng: random.Random, year: int) -> list[tuple[str, str]]:
    """(organisation, organisation type) for each response in a year, in arrival order."""
    counts = RESPONSE_COUNTS[year]
    orgs: list[tuple[str, str]] = []
    parishes = rng.sample(PARISH_COUNCILS, counts["Parish council"])
    orgs += [(f"{name} Parish Council", "Parish council") for name in parishes]
    # Town councils: the clerk and councillors of Charnwood's two town councils reply separately.
    towns = [TOWN_COUNCILS[i % 2] for i in range(counts["Town council"])]
    orgs += [(town, "Town council") for town in towns]
    orgs += [(m, "Parish meeting") for m in rng.sample(PARISH_MEETINGS, counts["Parish meeting"])]
    vcs = rng.sample(VOLUNTARY, counts["Voluntary and community"])
    orgs += [(v, "Voluntary and community") for v in vcs]
    orgs += [(o, "Public sector") for o in rng.sample(PUBLIC, counts["Public sector"])]
    orgs += [(b, "Business") for b in rng.sample(BUSINESS, counts["Business"])]
    orgs += [(o, "Other") for o in OTHER_ORGS[: counts.get("Other", 0)]]
    rng.shuffle(orgs)
    return orgs


def answer(rng: random.Random, year: int, qid: str, org_type: str, words: bool) -> Value:
    """One answer: a number or the words, sometimes Don't know, N/A or blank."""
    local_council = org_type in ("Parish council", "Town council", "Parish meeting")
    if qid == "Q4" and not local_council:  # clerks' meetings are for local councils
        return rng.choice(["N/A", "N/A", None])
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.07:
        return "Don't know"
    if roll < 0.09:
        return "N/A"
    score = rng.choices((1, 2, 3, 4, 5), weights=ANSWER_WEIGHTS[(year, qid)])[0]
    return WORDS[score - 1] if words else score


def response_rows(rng: random.Random, year: int) -> tuple[list[str], list[Row]]:
    """The `Responses` headings and rows for one survey year."""
    qids = QUESTIONS_BY_YEAR[year]
    rows: list[Row] = []
    for n, (org, org_type) in enumerate(organisations(rng, year), start=1):
        words = rng.random() < 0.6  # most paper forms come back with the words ticked
        pid = RESPONSE_PARTNERSHIP.get(org) if rng.random() < 0.75 else None
        row: Row = [f"R{year % 100}-{n:03d}", year, org, org_type, pid]
        for qid in qids:
            if QUESTIONS[qid][2] == "Text":
                row.append(rng.choice(TEXT_ANSWERS) if rng.random() < 0.55 else None)
            else:
                row.append(answer(rng, year, qid, org_type, words))
        rows.append(row)
    return [*RESPONSE_FIXED_HEADINGS, *qids], rows


# ---------------------------------------------------------------------------------------------
# Town and parish councils (liaison)
# ---------------------------------------------------------------------------------------------
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
    managers = {p.pid: p.manager for p in PARTNERSHIPS}
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


# ---------------------------------------------------------------------------------------------
# The board report: the officers' commentary and recommendations
# ---------------------------------------------------------------------------------------------
# Written by the Communities and Partnerships Officer for the Q3 reports (input/ only: the
# figures are the sample's at SAMPLE_DAY). Plain text: a blank line starts a paragraph, a line
# starting "- " is a bullet, everything else prints as typed. No rng.

ANNUAL_SUMMARY = """\
The partnership register is complete for the first time: every partnership is recorded \
with its lead officers, costs, governance documents and risk assessments.

The partner survey gives a mixed picture. Satisfaction with how the council works with \
partners rose, but only 25% of partners now agree that our consultations give them enough \
time to respond, down 18 points on last year. We will give at least six weeks from now on.

- Every risk that remains outside the council's risk appetite after controls has a named owner.
- Five partnerships are overdue a health check and nine follow-up actions are late.
- The Partnership Manager scheme is valued by the town and parish councils, but some \
liaison meetings and briefings are behind."""

QUARTERLY_SUMMARY = """\
58 governance checks are overdue this quarter and 38 more fall due soon. Most of the \
overdue items are follow-up actions and gaps in governance documents.

- Five health checks are overdue.
- Six risks are still above their target after the target date."""

#: (Report, Section, Text, Exempt): in the order they print.
COMMENTARY: list[tuple[str, str, str, str]] = [
    ("Annual", "Summary", ANNUAL_SUMMARY, ""),
    (
        "Annual",
        "Partner survey",
        (
            "51 of the 81 organisations invited replied (63%, up from 57% last year). The fall on "
            "consultation time is seen across every type of partner. Several partners asked us to "
            "publish consultation responses and to put the closing date in the subject line; both "
            "will be done from January 2027."
        ),
        "",
    ),
    (
        "Annual",
        "Risk profile",
        (
            "Controls bring the number of high risks down from 84 before controls to 32 after "
            "them. Those left outside appetite are mostly about funding, the council's exposure as "
            "accountable body and reliance on one key partner."
        ),
        "",
    ),
    (
        "Both",
        "Risk profile",
        (
            "The Risk and Insurance Manager checks each partnership's risk assessment before it is "
            "reported. Ratings use the council's 3×3 matrix."
        ),
        "",
    ),
    (
        "Annual",
        "Key partnerships",
        (
            "The County Council has proposed new terms for the civil parking enforcement agency "
            "agreement, including a different share of penalty charge income. The Parking "
            "Services Manager is assessing the offer against the options, including bringing "
            "enforcement back in house, and will report to the Executive in February 2027."
        ),
        "Yes",
    ),
    (
        "Annual",
        "Financial implications",
        (
            "Contributions are met from existing service budgets; no new money is sought. Spend "
            "rose 5% (<£10k) & the 'Q3' figure = last year's outturn plus the agreed inflation "
            "uplift."
        ),
        "",
    ),
    (
        "Annual",
        "Legal implications",
        (
            "Where the council is the accountable body it must have the capacity to carry that "
            "role; the Head of Strategic Support will report options by 31 March 2027 where it "
            "does not."
        ),
        "",
    ),
    (
        "Annual",
        "Risk management implications",
        (
            "Risks outside appetite will be reported to the Executive each quarter until they are "
            "back within it. Each lead officer agrees a target and a date with the Risk and "
            "Insurance Manager."
        ),
        "",
    ),
    (
        "Annual",
        "Equality implications",
        (
            "Each partnership without an equality impact assessment will complete one before its "
            "next review, with the Equalities Officer's help. The survey was offered in other "
            "formats on request."
        ),
        "",
    ),
    ("Quarterly", "Summary", QUARTERLY_SUMMARY, ""),
    (
        "Quarterly",
        "Reviews and compliance",
        (
            "The Communities and Partnerships Officer has written to each lead officer with an "
            "overdue review or health check and will chase them before the next meeting of the "
            "Executive."
        ),
        "",
    ),
]

#: (Report, No, Recommendation, Reason): each printed after "The Executive is asked to".
RECOMMENDATIONS: list[tuple[str, int, str, str]] = [
    (
        "Annual",
        1,
        "note the partnership register and its costs, and the risks outside appetite.",
        (
            "The Partnership Policy asks for an annual report to the Executive on the council's "
            "partnerships."
        ),
    ),
    (
        "Annual",
        2,
        (
            "agree that the Partnership Manager scheme is reviewed with the town and parish "
            "councils during 2027, starting with the time given to respond to consultations."
        ),
        "Only a quarter of partners agree that they have enough time to respond to consultations.",
    ),
    (
        "Annual",
        3,
        "ask lead officers to complete overdue health checks by 31 March 2027.",
        "Health checks show whether each partnership still meets the council's standards.",
    ),
    (
        "Quarterly",
        1,
        "note the overdue and due-soon governance checks.",
        (
            "To keep the Executive informed of compliance with the Partnership Policy between "
            "annual reports."
        ),
    ),
    (
        "Quarterly",
        2,
        (
            "ask the Risk and Insurance Manager to report on the risks still above target after "
            "their target date."
        ),
        "Risks that miss their targets may need new controls or a revised target.",
    ),
]


# ---------------------------------------------------------------------------------------------
# The sample as it stood on an earlier day (`--earlier-quarters`)
# ---------------------------------------------------------------------------------------------
# The input/ sample is the partnerships team's workbooks on SAMPLE_DAY. The same tables give
# them as they stood at the end of an earlier quarter: nothing recorded after that day. A
# review, health check or performance report done later was preceded by one a cycle earlier;
# an action completed later was open; meetings held later are not in the log yet (planned ones
# are); a consultation issued later was planned; a survey is there once its responses are in;
# each risk is as rated at its assessment on or before the day (see `RiskPlan`).

#: The last day anything is recorded in input/ (the tests' first as-of date).
SAMPLE_DAY = d("2026-11-23")
#: The earlier quarters `--earlier-quarters DIR` writes, by the folder name: their last days.
EARLIER_QUARTERS = {"2026-27-Q1": d("2026-06-30"), "2026-27-Q2": d("2026-09-30")}
#: When each survey's responses were in (the 2026 survey ran in July).
SURVEY_CLOSED = {2025: d("2025-07-31"), 2026: d("2026-07-31")}
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
}  # fmt: skip


def recorded_by(day: date | None, months: int, end: date) -> date | None:
    """The latest of `day`, `day` − `months`, `day` − 2 × `months` … on or before `end`."""
    while day is not None and day > end:
        day = add_months(day, -months)
    return day


def partnership_at(p: Partnership, day: date) -> Partnership:
    """The register entry as it stood on `day`."""
    last_review = recorded_by(p.last_review, 12, day)
    changed = replace(
        p,
        last_report=recorded_by(p.last_report, REPORT_MONTHS[p.frequency], day),
        last_review=last_review,
        last_health=recorded_by(p.last_health, 24, day),
        # a Next review typed after a later review is not known yet: one cycle on
        next_review=p.next_review if last_review == p.last_review else None,
    )
    if p.pid in UNTIL and day < UNTIL[p.pid][0]:
        changed = replace(changed, **UNTIL[p.pid][1])
    return changed


def action_rows(day: date) -> list[Row]:
    """The `Actions` sheet on `day`: an action completed later was still open."""
    return [
        [pid, action, owner, due, done if done is not None and done <= day else None]
        for pid, action, owner, due, done in ACTIONS
    ]


# ---------------------------------------------------------------------------------------------
# Writing workbooks
# ---------------------------------------------------------------------------------------------


def write_table(
    ws: Worksheet, headings: Sequence[str], rows: Iterable[Row], titles: Sequence[str] = ()
) -> None:
    """Title rows (an empty title leaves a blank row), a bold header, then the rows.

    Dates get `dd/mm/yyyy`, money `£#,##0`; long text wraps; panes freeze below the header.
    """
    for n, title in enumerate(titles, start=1):
        if title:
            ws.cell(row=n, column=1, value=title).font = Font(bold=True, size=14 if n == 1 else 11)
    header_row = len(titles) + 1
    for col, heading in enumerate(headings, start=1):
        cell = ws.cell(row=header_row, column=col, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [max(10, len(h) + 2) for h in headings]
    for r, values in enumerate(rows, start=header_row + 1):
        for col, (heading, value) in enumerate(zip(headings, values, strict=True), start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=col, value=value)
            if heading in DATE_HEADINGS:
                cell.number_format = DATE_FORMAT
            elif heading in MONEY_HEADINGS:
                cell.number_format = MONEY_FORMAT
            if heading in WIDE_TEXT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
            shown = 12 if isinstance(value, date) else len(str(value)) + 2
            widths[col - 1] = max(widths[col - 1], shown)
    for col, heading in enumerate(headings, start=1):
        width = WIDE_TEXT.get(heading, min(widths[col - 1], 40))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{header_row + 1}"


def save(wb: Workbook, path: Path) -> Path:
    """Save, then re-zip with fixed timestamps so that two runs give identical bytes."""
    wb.properties.creator = COUNCIL
    wb.properties.created = wb.properties.modified = FIXED_TIME
    path.write_bytes(stable_xlsx_bytes(wb, when=FIXED_TIME))
    return path


def new_workbook() -> tuple[Workbook, Worksheet]:
    """An empty workbook and its first sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    return wb, ws


def write_register(folder: Path, rng: random.Random, day: date) -> Path:
    """`partnership-register.xlsx` as it stood on `day`."""
    wb, ws = new_workbook()
    ws.title = "Partnerships"
    write_table(
        ws,
        PARTNERSHIP_HEADINGS,
        (partnership_at(p, day).row() for p in PARTNERSHIPS),
        titles=(COUNCIL, f"Partnership register — maintained by the {CP_OFFICER}", ""),
    )
    write_table(wb.create_sheet("Members"), MEMBER_HEADINGS, member_rows(rng))
    write_table(wb.create_sheet("Agreements"), AGREEMENT_HEADINGS, agreement_rows())
    write_table(wb.create_sheet("Actions"), ACTION_HEADINGS, action_rows(day))
    return save(wb, folder / "partnership-register.xlsx")


def write_risks(folder: Path, risks: Sequence[Risk]) -> list[Path]:
    """`risks-corporate.xlsx` and the per-partnership risk workbooks (one of them headed with
    the target columns' aliases)."""
    names = {p.pid: p.name for p in PARTNERSHIPS}
    wb, ws = new_workbook()
    ws.title = "Risks"
    corporate = [
        [*risk_row(r, "numbers"), *(("Yes", COMMERCIAL) if r.key in EXEMPT_RISKS else (None, None))]
        for r in risks
        if r.pid not in OWN_WORKBOOK
    ]
    write_table(ws, CORPORATE_RISK_HEADINGS, corporate)
    paths = [save(wb, folder / "risks-corporate.xlsx")]
    for pid, (filename, levels) in OWN_WORKBOOK.items():
        wb, ws = new_workbook()
        ws.title = "Risk register"
        rows = [risk_row(r, levels) for r in risks if r.pid == pid]
        title = f"{names[pid]} — partnership risk assessment"
        headings = RISK_HEADINGS
        if pid == TARGET_ALIAS_WORKBOOK:
            headings = [TARGET_ALIASES.get(h, h) for h in RISK_HEADINGS]
        write_table(ws, headings, rows, titles=(title,))
        paths.append(save(wb, folder / filename))
    return paths


def write_survey(folder: Path, rng: random.Random, year: int) -> Path:
    """`partner-survey-<year>.xlsx`."""
    wb, ws = new_workbook()
    ws.title = "Questions"
    questions: list[Row] = [[qid, *QUESTIONS[qid]] for qid in QUESTIONS_BY_YEAR[year]]
    write_table(ws, QUESTION_HEADINGS, questions)
    headings, rows = response_rows(rng, year)
    write_table(wb.create_sheet("Responses"), headings, rows)
    invited: list[Row] = [[year, kind, n] for kind, n in INVITED[year].items()]
    write_table(wb.create_sheet("Invitations"), INVITATION_HEADINGS, invited)
    return save(wb, folder / f"partner-survey-{year}.xlsx")


def write_liaison(folder: Path, day: date) -> Path:
    """`parish-liaison.xlsx` as it stood on `day`: `Local councils` (under a title row),
    `Meetings`, `Consultations` and `Devolved services`. Written from the tables alone (no
    rng), so the other workbooks are unchanged by it."""
    wb, ws = new_workbook()
    ws.title = "Local councils"
    title = "Town and parish councils — Partnership Manager scheme"
    write_table(ws, LOCAL_COUNCIL_HEADINGS, local_council_rows(day), titles=(title,))
    write_table(wb.create_sheet("Meetings"), MEETING_HEADINGS, meeting_rows(day))
    write_table(wb.create_sheet("Consultations"), CONSULTATION_HEADINGS, consultation_rows(day))
    devolved: list[Row] = [[*s] for s in DEVOLVED_SERVICES]
    write_table(wb.create_sheet("Devolved services"), DEVOLVED_HEADINGS, devolved)
    return save(wb, folder / "parish-liaison.xlsx")


def write_board_report(folder: Path) -> Path:
    """`board-report.xlsx`: `Commentary` and `Recommendations` (no rng: the other workbooks
    are unchanged by it)."""
    wb, ws = new_workbook()
    ws.title = "Commentary"
    commentary: list[Row] = [[*row, COMMERCIAL if row[3] == "Yes" else None] for row in COMMENTARY]
    write_table(ws, COMMENTARY_HEADINGS, commentary)
    recommendations: list[Row] = [[*row] for row in RECOMMENDATIONS]
    write_table(wb.create_sheet("Recommendations"), RECOMMENDATION_HEADINGS, recommendations)
    return save(wb, folder / "board-report.xlsx")


SETTINGS_TOML = f'''# Settings for the partnership reports. Every key not given here takes its
# default (see docs/workbooks.md, section 7, in the project folder).
council = "{COUNCIL}"
board = "{BOARD}"

# The group meetings held with the town and parish councils, and the months between them
# (the clerks' meeting twice a year; the parish forum quarterly; the advisory group that sets
# the forum's agenda, quarterly too).
[liaison.group_meetings]
"Clerks meeting" = 6
"Parish forum" = 3
"Advisory group" = 3

# Who the Report to the board is from, and its contact officer.
[report]
report_of = "Head of Strategic Support"
contact = "Communities and Partnerships Officer"
'''


def write_sample_input(folder: Path, day: date = SAMPLE_DAY) -> list[Path]:
    """Write the sample workbooks and `settings.toml` into `folder`, as they stood on `day`
    (by default the input/ sample); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    paths = [
        write_register(folder, rng, day),
        *write_risks(folder, risks_at(risk_history(rng), day)),
    ]
    # The 2026 survey draws last from rng, so leaving it out changes nothing before it.
    paths += [
        write_survey(folder, rng, year) for year in (2025, 2026) if SURVEY_CLOSED[year] <= day
    ]
    paths.append(write_liaison(folder, day))
    if day == SAMPLE_DAY:  # the commentary is about the Q3 figures
        paths.append(write_board_report(folder))
    settings = folder / "settings.toml"
    settings.write_text(SETTINGS_TOML, encoding="utf-8")
    return [*paths, settings]


def write_earlier_quarters(folder: Path) -> list[Path]:
    """The sample as it stood at the ends of 2026/27 Q1 and Q2, each a complete input folder:
    `folder/2026-27-Q1/` and `folder/2026-27-Q2/`."""
    paths: list[Path] = []
    for name, day in EARLIER_QUARTERS.items():
        paths += write_sample_input(folder / name, day)
    return paths


def foreign_files(folder: Path, sample: Path) -> list[Path]:
    """The files in `folder` that writing the sample held in `sample` would overwrite and
    that are not the sample's own: an officer's edited settings.toml, their own register."""
    return [
        folder / made.name
        for made in sorted(sample.iterdir())
        if (folder / made.name).exists() or (folder / made.name).is_symlink()
        if not (folder / made.name).is_file()
        or (folder / made.name).read_bytes() != made.read_bytes()
    ]


class Refused(Exception):
    """Writing the sample would overwrite files that are not the sample's own."""


def place_sample(folder: Path, day: date = SAMPLE_DAY, *, force: bool = False) -> list[Path]:
    """The sample as it stood on `day` written into `folder`, unless that would overwrite a
    file that is not the sample's own (Refused, naming them; nothing written) and `force`
    is not given. The sample is written to a temporary folder first and compared."""
    with tempfile.TemporaryDirectory() as scratch:
        made = write_sample_input(Path(scratch), day)
        foreign = foreign_files(folder, Path(scratch))
        if foreign and not force:
            raise Refused(", ".join(str(path) for path in foreign))
        folder.mkdir(parents=True, exist_ok=True)
        for path in made:
            (folder / path.name).write_bytes(path.read_bytes())
    return [folder / path.name for path in made]


def place_earlier_quarters(folder: Path, *, force: bool = False) -> list[Path]:
    """`write_earlier_quarters` with `place_sample`'s care: nothing is overwritten that is not
    the sample's own, unless `force`; checked for both quarters before either is written."""
    with tempfile.TemporaryDirectory() as scratch:
        write_earlier_quarters(Path(scratch))
        foreign = [
            path
            for name in EARLIER_QUARTERS
            for path in foreign_files(folder / name, Path(scratch) / name)
        ]
        if foreign and not force:
            raise Refused(", ".join(str(path) for path in foreign))
    paths: list[Path] = []
    for name, day in EARLIER_QUARTERS.items():
        paths += place_sample(folder / name, day, force=True)
    return paths


USAGE = """\
usage: python scripts/make_sample_input.py [OUTPUT_DIR] [--earlier-quarters DIR] [--force]

  OUTPUT_DIR               where to write the sample (default: input/ in the repository)
  --earlier-quarters DIR   also write the sample as it stood on 30 June and 30 September 2026
                           into DIR/2026-27-Q1/ and DIR/2026-27-Q2/ (given alone, only those)
  --force                  overwrite files that are not the sample's own (your own workbooks,
                           an edited settings.toml); without it they are kept and nothing is
                           written
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `python scripts/make_sample_input.py [OUTPUT_DIR] [--earlier-quarters DIR]
    [--force]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        sys.stdout.write((__doc__ or "").split("\n\n")[0] + "\n" + USAGE)
        return 0
    force = "--force" in args
    args = [a for a in args if a != "--force"]
    earlier: Path | None = None
    if "--earlier-quarters" in args:
        at = args.index("--earlier-quarters")
        if at + 1 >= len(args) or args[at + 1].startswith("-"):
            sys.stderr.write(USAGE)
            return 2
        earlier = Path(args[at + 1])
        del args[at : at + 2]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        sys.stderr.write(USAGE)
        return 2
    default = Path(__file__).resolve().parent.parent / "input"
    paths: list[Path] = []
    try:
        if args or earlier is None:
            paths += place_sample(Path(args[0]) if args else default, force=force)
        if earlier is not None:
            paths += place_earlier_quarters(earlier, force=force)
    except Refused as refused:
        for path in paths:
            sys.stdout.write(f"wrote {path}\n")
        sys.stderr.write(
            f"Not written: {refused} would be overwritten, but differ from the sample "
            "(your own workbooks or settings, or the sample edited). Nothing more was "
            "written. Move them somewhere safe first, or, to replace them with the sample, "
            "run make sample FORCE=1 (python scripts/make_sample_input.py --force).\n"
        )
        return 2
    for path in paths:
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
