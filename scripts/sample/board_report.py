"""`board-report.xlsx`: the officers' `Commentary` and `Recommendations` for the annual and
quarterly reports (input/ only)."""

from __future__ import annotations

from pathlib import Path

from sample.risk_workbooks import COMMERCIAL
from sample.workbook import Row, new_workbook, save, write_sheet

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


def write_board_report(folder: Path) -> Path:
    """`board-report.xlsx`: `Commentary` and `Recommendations` (no rng: the other workbooks
    are unchanged by it)."""
    wb, ws = new_workbook()
    commentary: list[Row] = [[*row, COMMERCIAL if row[3] == "Yes" else None] for row in COMMENTARY]
    write_sheet(ws, "Commentary", commentary)
    recommendations: list[Row] = [[*row] for row in RECOMMENDATIONS]
    write_sheet(wb.create_sheet(), "Recommendations", recommendations)
    return save(wb, folder / "board-report.xlsx")
