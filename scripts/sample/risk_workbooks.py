"""The risk workbooks: `risks-corporate.xlsx` (one `Risks` sheet for most partnerships, levels
typed as numbers, an Exempt column) and three per-partnership workbooks, each one `Risk
register` sheet under a title row, levels typed as letters or labels."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sample.partnerships import PARTNERSHIPS
from sample.risks import MATRIX, Risk
from sample.workbook import (
    CORPORATE_RISK_HEADINGS,
    RISK_HEADINGS,
    TARGET_ALIASES,
    Row,
    Value,
    new_workbook,
    save,
    write_table,
)

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


def risk_row(risk: Risk, levels: str) -> Row:
    """A `Risks` row; levels typed as numbers, `H`/`M`/`L` letters or Charnwood labels, and
    ratings from the matrix."""

    def impact(level: int) -> str | int:
        return level_as(level, "impact", levels)

    def likelihood(level: int) -> str | int:
        return level_as(level, "likelihood", levels)

    s = risk.standard
    (i_imp, i_lik), (r_imp, r_lik) = risk.inherent, risk.residual
    target: list[Value] = [None, None]
    if risk.target is not None:
        target = [impact(risk.target[0]), likelihood(risk.target[1])]
    return [
        risk.pid, s.no, s.types, s.risk, s.impact, s.likelihood,
        impact(i_imp), likelihood(i_lik), MATRIX.rating_for(i_imp, i_lik),
        s.control_type, s.controls, risk.control_end,
        impact(r_imp), likelihood(r_lik), MATRIX.rating_for(r_imp, r_lik),
        *target, risk.target_date,
        risk.owner, risk.assessed_by, RISK_QA, risk.assessed,
    ]  # fmt: skip


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
