"""What a board reads first (issue 19): one line per significant partnership with its
assurance level (issue 30), the top-band risks each wording once, the key partnership pages' facts, the board's
data-quality counts and the tiles."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
from conftest import AS_OF
from datasets import Action, Agreement, Book, Member, Partnership, Risk, dataset, risk_at

from pipeline.analyse.summaries.data_quality import NOT_ONE_PARTNERSHIP, data_quality_summary
from pipeline.analyse.summaries.glance import NO_RISK_ASSESSMENT, risks_by_wording
from pipeline.analyse.tables import report_tables
from pipeline.analyse.topics.assurance import LEVELS, LIMITED, REASONABLE, SUBSTANTIAL
from pipeline.analyse.views.pages import pages
from pipeline.findings import findings_table
from pipeline.settings import Settings

HIGH, MEDIUM, LOW = (3, 3), (2, 2), (1, 1)  # residual levels: 9 High, 5 Medium, 1 Low


def _partnership(pid: str, **changes: object) -> Partnership:
    return dataclasses.replace(
        Partnership(), partnership_id=pid, partnership=f"Partnership {pid}", **changes
    )


def _risk(pid: str, no: int, residual: tuple[int, int], wording: str | None = None) -> Risk:
    risk = dataclasses.replace(risk_at(no, (3, 3), residual), partnership_id=pid)
    return dataclasses.replace(risk, risk=wording) if wording else risk


LATE = date(2024, 1, 1)  # a review long overdue on AS_OF


def agreed(book: Book) -> Book:
    """The book with a complete agreement checklist for each partnership (so no key
    partnership has the Agreement incomplete gap unless a test wants one)."""
    checklists = [Agreement(partnership_id=p.partnership_id) for p in book.partnerships]
    return dataclasses.replace(book, agreements=checklists)


def glance_of(settings: Settings, book: Book) -> pd.DataFrame:
    tables = report_tables(dataset(agreed(book)), settings=settings, as_of=AS_OF, findings=[])
    return tables.at_a_glance.set_index("Partnership ID")


def test_each_active_significant_partnership_gets_one_line_and_its_assurance_level(
    settings: Settings,
) -> None:
    """Each line's word is the partnership's assurance level, the one overall judgement (the
    Assurance table's, never a second one): worst first. Not significant, or not Active: no
    line."""
    book = Book(
        partnerships=[
            _partnership("P-001"),  # on track: Medium risk, all in date
            _partnership("P-002"),  # one High risk only
            _partnership("P-003", last_review=LATE),  # one overdue check, Low risk
            _partnership("P-004", exit_strategy=False),  # a governance gap
            _partnership("P-005", last_review=LATE),  # High and overdue
            _partnership(
                "P-006", last_review=LATE, last_health_check=LATE, last_performance_report=LATE
            ),  # three overdue
            _partnership("P-007"),  # no risks at all (significant: no risk assessment)
            _partnership("P-008", category="Other", budget_contribution=0.0),  # not significant
            _partnership("P-009", status="Closed"),  # not active
        ],
        risks=[
            _risk("P-001", 1, MEDIUM),
            _risk("P-002", 1, HIGH),
            _risk("P-003", 1, LOW),
            _risk("P-004", 1, LOW),
            _risk("P-005", 1, HIGH),
            _risk("P-006", 1, LOW),
            _risk("P-008", 1, LOW),
            _risk("P-009", 1, LOW),
        ],
    )
    tables = report_tables(dataset(agreed(book)), settings=settings, as_of=AS_OF, findings=[])
    glance = tables.at_a_glance.set_index("Partnership ID")
    assert set(glance.index) == {f"P-00{n}" for n in range(1, 8)}
    levels = tables.assurance.set_index("Partnership ID")["Assurance"]
    assert glance["Assurance"].to_dict() == levels[glance.index].to_dict()
    assert glance.loc["P-001", "Assurance"] == SUBSTANTIAL
    assert glance.loc["P-002", "Assurance"] == REASONABLE  # one risk outside appetite
    assert glance.loc["P-007", "Assurance"] == LIMITED  # no risks: a critical gap
    assert glance.loc["P-004", "Governance gaps"] == 1
    assert glance.loc["P-004", "Overdue checks"] == 0
    assert glance.loc["P-006", "Overdue checks"] == 3
    assert glance.loc["P-007", "Highest residual band"] == NO_RISK_ASSESSMENT
    assert glance.loc["P-002", "Highest residual band"] == "High"
    assert glance.loc["P-002", "Highest residual rating"] == 9
    # Worst first.
    order = list(glance["Assurance"])
    assert order == sorted(order, key=LEVELS.index)


def test_an_overdue_action_counts_as_an_overdue_check(settings: Settings) -> None:
    """An open action past its due date is overdue like any check."""
    book = Book(
        partnerships=[_partnership("P-001")],
        risks=[_risk("P-001", 1, LOW)],
        actions=[dataclasses.replace(Action(), due=date(2026, 1, 31))],
    )
    glance = glance_of(settings, book)
    assert glance.loc["P-001", "Overdue checks"] == 1
    assert glance.loc["P-001", "Assurance"] == REASONABLE


def test_a_risk_wording_recorded_by_several_partnerships_is_printed_once() -> None:
    """The same wording (ignoring case and spaces at the ends) is one row naming every
    partnership that records it; highest rating first, then the most partnerships."""
    high = pd.DataFrame(
        {
            "Partnership ID": ["P-001", "P-002", "P-003", "P-001"],
            "Partnership": ["Alpha", "Beta", "Gamma", "Alpha"],
            "Risk no": [1, 4, 2, 2],
            "Risk": ["Funding ends", "funding ends ", "Funding ends", "Staff leave"],
            "Inherent rating": [9, 9, 8, 9],
            "Residual rating": [7, 8, 7, 9],
            "Control type": ["Reduce"] * 4,
            "Controls": [None] * 4,
            "Risk owner": ["Head of Finance", "Head of Finance", None, "HR Manager"],
        }
    )
    table = risks_by_wording(high)
    assert list(table["Risk"]) == ["Staff leave", "Funding ends"]
    funding = table.iloc[1]
    assert funding["Partnerships"] == 3
    assert funding["Applies to"] == "Alpha; Beta; Gamma"
    assert funding["Partnership IDs"] == "P-001; P-002; P-003"
    assert funding["Highest residual rating"] == 8
    assert funding["Risk owners"] == "Head of Finance"  # once, blanks left out


def test_a_key_partnership_page_says_who_is_in_it_and_who_is_accountable(
    settings: Settings,
) -> None:
    """Objectives and lead partner as typed; the council is the accountable body when the
    register says so, else the member whose role says so; members leads first, with roles."""
    book = Book(
        partnerships=[
            _partnership("P-001", objectives="Cut crime", accountable_body=True),
            _partnership("P-002", accountable_body=False),
            _partnership("P-003", accountable_body=None),
        ],
        members=[
            Member(partnership_id="P-001", organisation="Police", role="Member"),
            Member(partnership_id="P-001", organisation="The County", role="Lead"),
            Member(partnership_id="P-002", organisation="Trust", role="Accountable body"),
        ],
        risks=[_risk("P-001", 1, LOW), _risk("P-002", 1, LOW), _risk("P-003", 1, LOW)],
    )
    tables = report_tables(dataset(agreed(book)), settings=settings, as_of=AS_OF, findings=[])
    key = tables.key_partnerships.set_index("Partnership ID")
    assert key.loc["P-001", "Objectives"] == "Cut crime"
    assert key.loc["P-001", "Accountable body"] == "The council"
    assert key.loc["P-002", "Accountable body"] == "Trust"
    assert pd.isna(key.loc["P-003", "Accountable body"])
    assert key.loc["P-001", "Members"] == 2
    assert key.loc["P-001", "Member organisations"] == "The County (lead); Police"
    assert key.loc["P-002", "Member organisations"] == "Trust (accountable body)"
    assert key.loc["P-003", "Members"] == 0
    # Accountable with its capacity not confirmed: a critical gap (WORKBOOKS.md §11).
    assert key.loc["P-001", "Assurance"] == LIMITED
    assert key.loc["P-002", "Assurance"] == SUBSTANTIAL
    page = {p.facts["Partnership ID"]: p for p in pages(tables).key_partnerships}
    assert page["P-001"].compliance is not None
    assert page["P-001"].compliance["Review"] == "In date"


def test_the_board_reads_how_many_problems_each_partnership_has_in_words(
    settings: Settings,
) -> None:
    """Warnings counted by the partnership whose row they are on, with the sheets and
    columns in words; a warning about no one partnership is counted on a last row."""
    from pipeline.findings import Finding

    validated = dataset(Book(partnerships=[_partnership("P-001"), _partnership("P-002")]))
    rows = validated.partnerships.set_index("partnership_id")["source_row"]
    where = validated.partnerships["source_file"].iloc[0]
    sheet = validated.partnerships["source_sheet"].iloc[0]

    def warning(row: int, column: str, letter: str = "C") -> Finding:
        return Finding(
            file=where,
            sheet=sheet,
            cell=f"{letter}{row}",
            column=column,
            severity="warning",
            message="Check this",
            rule="test.rule",
        )

    findings = [
        warning(int(rows["P-002"]), "Lead partner"),
        warning(int(rows["P-002"]), "Website"),
        warning(int(rows["P-002"]), "Website", "D"),
        warning(int(rows["P-001"]), "Website"),
        Finding(file="survey.xlsx", severity="warning", message="Odd", rule="test.rule"),
    ]
    table = data_quality_summary(findings_table(findings), validated)
    assert list(table["Partnership"]) == [
        "Partnership P-002",
        "Partnership P-001",
        NOT_ONE_PARTNERSHIP,
    ]
    assert list(table["Problems"]) == [3, 1, 1]
    assert table["In words"].iloc[0] == f"3 problems: 3 in {sheet} (Website, Lead partner)"
    assert table["In words"].iloc[1] == f"1 problem: 1 in {sheet} (Website)"
    assert table["In words"].iloc[2] == "1 problem: 1 about a whole file"


def test_one_tile_where_budget_and_annual_cost_are_the_same(settings: Settings) -> None:
    """Staff time not costed: the budget contribution tile is left out (Summary keeps both
    rows); costed, both tiles show."""
    book = Book(partnerships=[_partnership("P-001")], risks=[_risk("P-001", 1, LOW)])
    uncosted = dataclasses.replace(settings, staff_hourly_rate=0.0)
    tables = report_tables(dataset(book), settings=uncosted, as_of=AS_OF, findings=[])
    keys = [row["Key"] for row in pages(tables).tiles]
    assert "annual_cost" in keys
    assert "budget_contribution" not in keys
    assert "budget_contribution" in set(tables.summary["Key"])
    costed = dataclasses.replace(settings, staff_hourly_rate=30.0)
    tables = report_tables(dataset(book), settings=costed, as_of=AS_OF, findings=[])
    assert {"annual_cost", "budget_contribution"} <= {row["Key"] for row in pages(tables).tiles}
