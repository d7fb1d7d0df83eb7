"""Assurance (issue 30, WORKBOOKS.md §11): each Active or Suspended partnership's one level,
its boundaries, what counts once, the comparison with last year and the partnership issues
for the Annual Governance Statement; and the exit check at its boundaries."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import Agreement, Book, Partnership, Risk, dataset, risk_at

from pipeline.analyse.checks import EXIT_STRATEGY
from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.analyse.topics.assurance import (
    CONTINUING,
    LIMITED,
    NEW,
    NEW_ISSUE,
    NO_ASSURANCE,
    REASONABLE,
    RESOLVED,
    SUBSTANTIAL,
    WORSE,
    level,
)
from pipeline.analyse.views.exempt import Exempt, record_without
from pipeline.periods import add_months
from pipeline.settings import Settings

LATE = date(2024, 1, 1)  # long before AS_OF: a cycle from it is overdue
LOW = (1, 1)  # residual 1, Low: inside appetite
HIGH = (3, 3)  # residual 9, High: outside the default appetite


def _partnership(pid: str, **changes: object) -> Partnership:
    return dataclasses.replace(
        Partnership(), partnership_id=pid, partnership=f"Partnership {pid}", **changes
    )


def _risk(pid: str, no: int = 1, residual: tuple[int, int] = LOW) -> Risk:
    return dataclasses.replace(risk_at(no, (3, 3), residual), partnership_id=pid)


def _tables(
    settings: Settings,
    partnerships: list[Partnership],
    risks: list[Risk] | None = None,
    *,
    last_year: pd.DataFrame | None = None,
    as_of: date = AS_OF,
) -> ReportTables:
    """The report tables of these partnerships, each with a complete agreement and (unless
    `risks` says otherwise) one Low risk."""
    book = Book(
        partnerships=partnerships,
        agreements=[Agreement(partnership_id=p.partnership_id) for p in partnerships],
        risks=[_risk(p.partnership_id) for p in partnerships] if risks is None else risks,
    )
    return report_tables(
        dataset(book),
        settings=settings,
        as_of=as_of,
        findings=[],
        last_year=None if last_year is None else {"assurance": last_year},
    )


def _assurance(tables: ReportTables) -> pd.DataFrame:
    return tables.assurance.set_index("Partnership ID")


@pytest.mark.parametrize(
    ("critical", "other", "expected"),
    [
        (0, 0, SUBSTANTIAL),
        (0, 1, REASONABLE),
        (0, 3, REASONABLE),
        (0, 4, LIMITED),
        (1, 0, LIMITED),
        (1, 9, LIMITED),
        (2, 0, NO_ASSURANCE),
    ],
)
def test_the_level_at_each_boundary(critical: int, other: int, expected: str) -> None:
    """No gaps: Substantial; 1 to 3 other gaps: Reasonable; 4 (the default limited_from):
    Limited; one critical gap: Limited; two: No assurance."""
    assert level(critical, other, limited_from=4) == expected


def test_limited_from_comes_from_settings(settings: Settings) -> None:
    """Two other gaps are Reasonable by default and Limited with `limited_from = 2`."""
    two_gaps = [_partnership("P-001", exit_strategy=False, equality_impact_assessment=False)]
    assert _assurance(_tables(settings, two_gaps)).loc["P-001", "Assurance"] == REASONABLE
    strict = dataclasses.replace(settings, limited_from=2)
    assert _assurance(_tables(strict, two_gaps)).loc["P-001", "Assurance"] == LIMITED


def test_each_gap_counted_once_from_the_register(settings: Settings) -> None:
    """Gaps counted from the register itself; the Overdue rows that restate them (Governance
    gap, Accountable without capacity, Risk assessment missing, the never-done review) are
    not counted again, while other Overdue rows and risks outside appetite are."""
    partnerships = [
        _partnership("P-001"),  # nothing wrong
        _partnership("P-002", terms_of_reference=False),  # one critical (+ a Governance gap row)
        _partnership("P-003", governance_arrangements=None, accountable_body=True),  # two
        _partnership("P-004"),  # no risks recorded (significant: + Risk assessment missing)
        _partnership("P-005", last_review=None, next_review=None),  # never reviewed
        _partnership(
            "P-006", information_sharing_protocol=False, last_health_check=LATE
        ),  # a document and an overdue check: two other gaps
        _partnership("P-007"),  # three risks outside appetite
        _partnership("P-008", status="Suspended", exit_strategy=None),  # Suspended: judged
        _partnership("P-009", status="Closed"),  # not judged
        _partnership("P-010", status="Proposed"),  # not judged
    ]
    risks = [
        _risk(p.partnership_id) for p in partnerships if p.partnership_id not in ("P-004", "P-007")
    ]
    risks += [_risk("P-007", no, HIGH) for no in (1, 2, 3)]
    table = _assurance(_tables(settings, partnerships, risks))
    assert set(table.index) == {f"P-00{n}" for n in range(1, 9)}
    gaps = table[["Assurance", "Critical gaps", "Other gaps"]].apply(tuple, axis=1).to_dict()
    assert gaps == {
        "P-001": (SUBSTANTIAL, 0, 0),
        "P-002": (LIMITED, 1, 0),
        "P-003": (NO_ASSURANCE, 2, 0),
        "P-004": (LIMITED, 1, 0),
        "P-005": (LIMITED, 1, 0),
        "P-006": (REASONABLE, 0, 2),
        "P-007": (REASONABLE, 0, 3),
        "P-008": (REASONABLE, 0, 1),
    }
    assert table.loc["P-002", "Reasons"] == "No terms of reference"
    assert table.loc["P-003", "Reasons"] == (
        "Governance arrangements not known; Accountable body without the capacity confirmed"
    )
    assert table.loc["P-004", "Reasons"] == "No risks recorded"
    assert table.loc["P-005", "Reasons"] == "Never reviewed"
    assert table.loc["P-006", "Reasons"] == (
        "No information sharing protocol; Health check overdue"
    )
    assert table.loc["P-007", "Reasons"] == "Risk outside appetite (3)"
    assert table.loc["P-008", "Reasons"] == "Exit strategy not known"
    # Worst first.
    assert list(table["Assurance"])[:2] == [NO_ASSURANCE, LIMITED]


def test_last_year_and_the_issues_for_the_governance_statement(settings: Settings) -> None:
    """Last year's level beside this year's (Better, Worse, Same, New); the issues are those
    at Limited or No, New or Continuing, and last year's now at Reasonable or better,
    Resolved."""
    partnerships = [
        _partnership("P-001"),  # Substantial, was Limited: resolved
        _partnership("P-002", terms_of_reference=False),  # Limited, was Limited: continuing
        _partnership("P-003", terms_of_reference=False),  # Limited, was Substantial: new
        _partnership("P-004", terms_of_reference=False),  # Limited, not assessed then: new
    ]
    last_year = pd.DataFrame(
        {
            "Partnership ID": ["P-001", "P-002", "P-003"],
            "Assurance": [LIMITED, LIMITED, SUBSTANTIAL],
        }
    )
    tables = _tables(settings, partnerships, last_year=last_year)
    table = _assurance(tables)
    assert table["Change"].to_dict() == {
        "P-001": "Better",
        "P-002": "Same",
        "P-003": WORSE,
        "P-004": NEW,
    }
    assert table.loc["P-001", "Last year"] == LIMITED
    assert pd.isna(table.loc["P-004", "Last year"])
    issues = tables.governance_issues.set_index("Partnership ID")
    assert issues["Issue"].to_dict() == {
        "P-002": CONTINUING,
        "P-003": NEW_ISSUE,
        "P-004": NEW_ISSUE,
        "P-001": RESOLVED,
    }
    assert issues.loc["P-002", "Reasons"] == "No terms of reference"


def test_a_level_that_took_in_an_exempt_risk_is_not_compared_in_public(
    settings: Settings,
) -> None:
    """The public edition reads last year's levels without the exempt rows: an exempt
    partnership's row goes, and a partnership with an exempt risk keeps its row with its
    level blank (it cannot be judged again without the risk). Its Change is then blank, and
    so is its issue's marking."""
    published = {
        "assurance": pd.DataFrame(
            {
                "Partnership ID": ["P-001", "P-002", "P-003"],
                "Assurance": [LIMITED, LIMITED, REASONABLE],
            }
        )
    }
    exempt = Exempt(partnerships=frozenset({"p-003"}), risks=frozenset({("p-002", 4)}))
    kept = record_without(published, exempt)["assurance"].set_index("Partnership ID")
    assert list(kept.index) == ["P-001", "P-002"]
    assert kept.loc["P-001", "Assurance"] == LIMITED
    assert pd.isna(kept.loc["P-002", "Assurance"])
    partnerships = [_partnership("P-002", terms_of_reference=False)]
    tables = _tables(settings, partnerships, last_year=kept.reset_index())
    assert pd.isna(_assurance(tables).loc["P-002", "Change"])
    assert pd.isna(tables.governance_issues.set_index("Partnership ID").loc["P-002", "Issue"])


def test_the_trend_counts_partnerships_at_limited_or_no(settings: Settings) -> None:
    partnerships = [
        _partnership("P-001"),
        _partnership("P-002", terms_of_reference=False),
        _partnership("P-003", terms_of_reference=False, governance_arrangements=False),
    ]
    trend = _tables(settings, partnerships).trend
    assert trend["Limited or no assurance"].iloc[-1] == 2


# The exit check (WORKBOOKS.md §11) -----------------------------------------------------------


def _exit_rows(settings: Settings, end: date | None, exit_strategy: bool | None) -> list[str]:
    """Where an Active partnership ending on `end` is listed as needing an exit strategy:
    "Overdue", "Due soon", both or neither."""
    partnership = _partnership("P-001", end_date=end, exit_strategy=exit_strategy)
    tables = _tables(settings, [partnership])
    found = []
    for name, frame in (("Overdue", tables.overdue), ("Due soon", tables.due_soon)):
        if (frame["Check"] == EXIT_STRATEGY.overdue).any():
            found.append(name)
    return found


@pytest.mark.parametrize(
    ("end", "exit_strategy", "listed"),
    [
        (add_months(AS_OF, 6), False, ["Due soon"]),  # on the last day of the notice
        (add_months(AS_OF, 6) + timedelta(days=1), False, []),  # a day beyond it
        (AS_OF, False, ["Due soon"]),  # ends on the reporting date
        (AS_OF - timedelta(days=1), False, ["Overdue"]),  # ended the day before
        (AS_OF, None, ["Due soon"]),  # not known is not Yes
        (AS_OF, True, []),  # an exit strategy in place
        (None, False, []),  # no end date
    ],
)
def test_the_exit_check_at_its_boundaries(
    settings: Settings, end: date | None, exit_strategy: bool | None, listed: list[str]
) -> None:
    """Due soon from six months (the default exit_notice_months) before the end date, not
    the 90 due-soon days; overdue once the end date has passed; never with Exit strategy Yes
    or with no end date."""
    assert _exit_rows(settings, end, exit_strategy) == listed


def test_exit_notice_months_comes_from_settings(settings: Settings) -> None:
    end = add_months(AS_OF, 2)
    assert _exit_rows(settings, end, False) == ["Due soon"]
    one_month = dataclasses.replace(settings, exit_notice_months=1)
    assert _exit_rows(one_month, end, False) == []


def test_the_exit_row_says_when_and_why(settings: Settings) -> None:
    partnership = _partnership("P-001", end_date=date(2027, 3, 31), exit_strategy=None)
    due = _tables(settings, [partnership]).due_soon
    row = due[due["Check"] == EXIT_STRATEGY.due].iloc[0]
    assert row["Detail"] == "Ends 31 March 2027; exit strategy not known"
    assert row["Days until due"] == (date(2027, 3, 31) - AS_OF).days
