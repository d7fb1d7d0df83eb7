"""`board-report.xlsx`: the officers' `Commentary` and `Recommendations` for the annual and
quarterly reports (input/ only)."""

from __future__ import annotations

from pathlib import Path

from sample.risk_workbooks import COMMERCIAL
from sample.workbook import Row, new_workbook, save, write_sheet

# Written by the Communities and Partnerships Officer for the Q3 reports (input/ only). Plain
# text: a blank line starts a paragraph, a line starting "- " is a bullet, everything else
# prints as typed, except a Summary key in braces, `{overdue}`, which prints that figure as the
# tiles print it (a live figure, WORKBOOKS.md §9): the register's and risks' figures change
# with the as-of date, so every one of them is live. The survey's per-question figures are the
# 2026 survey's, fixed once it closed. No rng.

ANNUAL_SUMMARY = """\
The partnership register now holds all {partnerships} partnerships, {active_partnerships} of \
them active, each recorded with its lead officer, its costs and the governance documents it \
has, and {risks} risks are recorded against them. The compliance table under Reviews and \
compliance shows the active partnerships that still have no risk assessment.

The partner survey gives a mixed picture. {survey_agreement} of all answers agree \
({survey_agreement_change} on the questions asked in both years), but only 25% of partners \
now agree that our consultations give them enough time to respond, down 18 points on last \
year. We will give at least six weeks from now on.

- Every risk that remains outside the council's risk appetite after controls has a named owner.
- {overdue} checks and actions are overdue and {due_soon} more fall due soon; the lead \
officers have each been sent their own list.
- The Partnership Manager scheme is valued by the town and parish councils, but some \
liaison meetings and briefings are behind."""

QUARTERLY_SUMMARY = """\
{overdue} governance checks and actions are overdue this quarter and {due_soon} more fall \
due soon. Checks at a glance gives them by kind, and the lists that follow give each one by \
lead officer.

- The lead officers with overdue health checks have been asked to complete them.
- Risks still above their target after the target date are in the overdue list as \
“Risk target missed”."""

#: (Report, Section, Text, Exempt): in the order they print.
COMMENTARY: list[tuple[str, str, str, str]] = [
    ("Annual", "Summary", ANNUAL_SUMMARY, ""),
    (
        "Annual",
        "Partner survey",
        (
            "{survey_responses} organisations replied to the 2026 survey, more than in 2025, and "
            "the response rate rose among most types of partner. The fall on consultation time "
            "is seen in every type of partner with enough replies to report. Several partners "
            "asked us to publish consultation responses and to put the closing date in the "
            "subject line; both will be done from January 2027."
        ),
        "",
    ),
    (
        "Annual",
        "Risk profile",
        (
            "Controls leave {top_band_residual_risks} of the {risks} risks High. Those left "
            "outside appetite are mostly about funding, the council's exposure as accountable "
            "body and reliance on one key partner."
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
