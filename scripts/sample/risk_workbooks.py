"""The risk workbooks: `risks-corporate.xlsx` (one `Risks` sheet for most partnerships, levels
typed as numbers, an Exempt column) and three per-partnership workbooks, each one `Risk
register` sheet under a title row, levels typed as letters or labels. Each has a `Risk
actions` sheet: the actions behind its risks, with owners and dates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sample.dates import d
from sample.partnerships import CP_OFFICER, PARTNERSHIPS
from sample.risks import MATRIX, Risk
from sample.workbook import Row, Value, columns, in_order, new_workbook, save, write_sheet
from schemas import SHEETS, ColumnSpec

RISK_QA = "Risk and Insurance Manager"
#: What the Charnwood template adds to each impact level's label (`2 – Medium (significant)`);
#: the matrix names the levels only.
IMPACT_NOTES = ("noticeable", "significant", "critical")


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


#: The Risks columns the sample lays out apart from the schema's order: the target columns go
#: straight after Residual rating, where the sample has had them since they were added (the
#: loader finds a column by its heading, wherever it is), and the Exempt columns are in the
#: corporate workbook only (they are optional; the per-partnership workbooks' officers keep
#: none).
TARGET_COLUMNS = ("target_impact", "target_likelihood", "target_date")
EXEMPT_COLUMNS = ("exempt", "exempt_reason")
#: The per-partnership workbooks' tab: the first name the schema reads for Risks (`Risk
#: register`).
OWN_TAB = SHEETS["Risks"].aliases[0]


def risk_columns(*, exempt: bool, target_aliases: bool = False) -> list[ColumnSpec]:
    """The columns of a sample risk sheet: the schema's, the target columns after Residual
    rating, headed (if `target_aliases`) with the first alias the schema reads for each
    (`Target impact rating`, `Target L'hood`, `Target score date`); the Exempt columns only if
    `exempt`."""
    schema = columns("Risks")
    targets = [column for column in schema if column.name in TARGET_COLUMNS]
    if target_aliases:
        targets = [replace(column, heading=column.aliases[0]) for column in targets]
    kept = [
        column
        for column in schema
        if column.name not in TARGET_COLUMNS and (exempt or column.name not in EXEMPT_COLUMNS)
    ]
    after = next(n for n, column in enumerate(kept, start=1) if column.name == "residual_rating")
    return [*kept[:after], *targets, *kept[after:]]


def level_as(level: int, scale: str, levels: str) -> str | int:
    """A level of the matrix's `impact` or `likelihood` scale typed as a number (`2`), the
    initial of its name (`M`) or the template's label (`2 – Medium`; impact levels with their
    note: `2 – Medium (significant)`)."""
    name = MATRIX.labels(scale)[level - 1]
    if levels == "letters":
        return name[0]
    if levels == "labels":
        note = f" ({IMPACT_NOTES[level - 1]})" if scale == "impact" else ""
        return f"{level} – {name}{note}"
    return level


def risk_values(risk: Risk) -> dict[str, Value]:
    """A risk's values by the schema's column names: levels as numbers, ratings from the
    matrix."""
    s = risk.standard
    (i_imp, i_lik), (r_imp, r_lik) = risk.inherent, risk.residual
    t_imp, t_lik = (None, None) if risk.target is None else risk.target
    return {
        "partnership_id": risk.pid, "risk_no": s.no, "risk_type": s.types, "risk": s.risk,
        "impact_description": s.impact, "likelihood_factors": s.likelihood,
        "inherent_impact": i_imp, "inherent_likelihood": i_lik,
        "inherent_rating": MATRIX.rating_for(i_imp, i_lik),
        "control_type": s.control_type, "controls": s.controls,
        "control_end_date": risk.control_end,
        "residual_impact": r_imp, "residual_likelihood": r_lik,
        "residual_rating": MATRIX.rating_for(r_imp, r_lik),
        "target_impact": t_imp, "target_likelihood": t_lik, "target_date": risk.target_date,
        "risk_owner": risk.owner, "assessed_by": risk.assessed_by, "qa_by": RISK_QA,
        "assessment_date": risk.assessed,
    }  # fmt: skip


def exempt_values(risk: Risk) -> dict[str, Value]:
    """The Exempt columns of a risk in `EXEMPT_RISKS`; none for the others (blank)."""
    return {"exempt": "Yes", "exempt_reason": COMMERCIAL} if risk.key in EXEMPT_RISKS else {}


def risk_row(values: Mapping[str, Value], sheet_columns: Sequence[ColumnSpec], levels: str) -> Row:
    """A risk sheet's row in the order of `sheet_columns`, the levels (in the columns the schema
    reads on a matrix scale) typed as numbers, `H`/`M`/`L` letters or Charnwood labels."""
    return [
        level_as(value, column.scale, levels)
        if column.scale is not None and isinstance(value, int)
        else value
        for column, value in zip(sheet_columns, in_order(values, sheet_columns), strict=True)
    ]


# The actions behind the risks (Risk actions, WORKBOOKS.md §11), chosen by hand so that the
# rest of the sample is unchanged: on SAMPLE_DAY (23 November 2026) some are done, some late
# (open past their due date), some due soon (by 21 February 2027) and some due later, spread
# over the key partnerships' top risks and other partnerships, with owners who lead
# partnerships and one who leads none (Head of Legal and Democratic Services). One belongs to
# an exempt risk (P-014 risk 9) and one to the exempt partnership P-013: the public edition
# leaves both out. An action is in the sheet from the day it was raised, while its risk is on
# the register; completed later, it was open.
# (Partnership ID, Risk no, action, owner, raised, due, completed)
RISK_ACTIONS: list[tuple[str, int, str, str, date, date, date | None]] = [
    ("P-001", 12, "Set out the council's delegations to the board in the refreshed agreement",
     "Head of Legal and Democratic Services", d("2026-10-19"), d("2027-01-29"), None),
    ("P-001", 12, "Agree a financial reporting line to the council's Section 151 officer",
     "Head of Finance", d("2026-10-19"), d("2026-11-13"), None),
    ("P-001", 3, "Bid to the UK Shared Prosperity Fund for the 2027/28 projects",
     "Head of Finance", d("2026-05-12"), d("2026-09-30"), d("2026-09-22")),
    ("P-001", 5, "Keep an action log with a named owner and date for every board decision",
     CP_OFFICER, d("2026-05-12"), d("2026-07-31"), d("2026-07-14")),
    ("P-002", 3, "Agree a reserve plan for the grant cut with the Police and Crime Commissioner",
     "Head of Finance", d("2026-09-03"), d("2026-10-30"), None),
    ("P-002", 3, "Apply to the Safer Streets Fund for 2027/28", "Community Safety Manager",
     d("2026-09-03"), d("2027-02-19"), None),
    ("P-002", 10, "Write a handover note for each specialist post", "Community Safety Manager",
     d("2026-04-15"), d("2026-08-31"), d("2026-08-20")),
    ("P-002", 4, "Sign a memorandum of understanding with each statutory partner",
     "Community Safety Manager", d("2026-04-15"), d("2027-06-30"), None),
    ("P-004", 12, "Agree a scheme of delegation with the town centre partnership board",
     "Town Centre Manager", d("2026-07-08"), d("2026-10-16"), None),
    ("P-004", 5, "Publish the board's action tracker after each meeting", "Town Centre Manager",
     d("2026-07-08"), d("2026-09-30"), d("2026-09-28")),
    ("P-003", 14, "Complete equality impact assessments for the 2027 programme",
     "Equalities Officer", d("2025-09-24"), d("2027-01-15"), None),
    ("P-005", 14, "Train the partnership board on the public sector equality duty",
     "Equalities Officer", d("2026-03-05"), d("2026-06-30"), d("2026-07-10")),
    ("P-008", 5, "Name an owner and a date for each action in the delivery plan",
     "Economic Development Manager", d("2026-06-03"), d("2026-08-28"), d("2026-08-26")),
    ("P-013", 3, "Model the parking income shortfall for 2027/28", "Head of Finance",
     d("2026-08-27"), d("2027-01-29"), None),
    ("P-014", 9, "Agree a price review with the provider", "Head of Finance",
     d("2026-09-25"), d("2026-11-06"), None),
    ("P-015", 8, "Agree mutual aid arrangements with the neighbouring councils",
     "Emergency Planning Officer", d("2026-04-14"), d("2026-12-18"), None),
    ("P-023", 5, "Name an owner and a date for each action in the CCTV arrangement",
     CP_OFFICER, d("2025-10-08"), d("2026-11-20"), None),
]  # fmt: skip


def risk_action_rows(risks: Sequence[Risk], day: date, pids: Sequence[str] | None) -> list[Row]:
    """The `Risk actions` rows of the partnerships `pids` (None: those not in OWN_WORKBOOK) on
    `day`: the actions raised by then whose risk is in `risks`, completed only if by then."""
    on_register = {risk.key for risk in risks}
    return [
        [pid, no, action, owner, due, done if done is not None and done <= day else None]
        for pid, no, action, owner, raised, due, done in RISK_ACTIONS
        if (pid in pids if pids is not None else pid not in OWN_WORKBOOK)
        and raised <= day
        and (pid, no) in on_register
    ]


def write_risks(folder: Path, risks: Sequence[Risk], day: date) -> list[Path]:
    """`risks-corporate.xlsx` and the per-partnership risk workbooks (one of them headed with
    the target columns' aliases), as they stood on `day`, each with its `Risk actions`."""
    names = {p.partnership_id: p.partnership for p in PARTNERSHIPS}
    wb, ws = new_workbook()
    corporate = risk_columns(exempt=True)
    rows = [
        risk_row({**risk_values(r), **exempt_values(r)}, corporate, "numbers")
        for r in risks
        if r.pid not in OWN_WORKBOOK
    ]
    write_sheet(ws, "Risks", rows, sheet_columns=corporate)
    write_sheet(wb.create_sheet(), "Risk actions", risk_action_rows(risks, day, None))
    paths = [save(wb, folder / "risks-corporate.xlsx")]
    for pid, (filename, levels) in OWN_WORKBOOK.items():
        wb, ws = new_workbook()
        own = risk_columns(exempt=False, target_aliases=pid == TARGET_ALIAS_WORKBOOK)
        rows = [risk_row(risk_values(r), own, levels) for r in risks if r.pid == pid]
        title = f"{names[pid]} — partnership risk assessment"
        write_sheet(ws, "Risks", rows, sheet_columns=own, titles=(title,), tab=OWN_TAB)
        write_sheet(wb.create_sheet(), "Risk actions", risk_action_rows(risks, day, [pid]))
        paths.append(save(wb, folder / filename))
    return paths
