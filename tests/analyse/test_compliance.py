"""Governance compliance: the Overdue and Due soon sheets (WORKBOOKS.md §5).

Every case starts from a compliant partnership (tests/datasets.py: Key, Active, started
1 April 2015, reviewed, health-checked and reported on 1 June 2026, every governance document
and agreement item Yes, one risk assessed 1 June 2026) and changes what the test is about. The
as-of date is 31 December 2026 and `due_soon_days` 90 (so due soon runs to 31 March 2027)
unless a test says otherwise. Expected due dates and day counts are worked out by hand from the
contract.

The case tables run together, to keep the module quick: each case is its own partnership (its
Partnership ID is the case's name, on every row of the case), and each test looks only at its
own partnership's rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import Action, Agreement, Book, Partnership, Risk, dataset

from pipeline.analyse.topics.compliance import due_soon, overdue
from pipeline.analyse.topics.due import context_for
from pipeline.settings import Settings, load_settings

Tables = tuple[pd.DataFrame, pd.DataFrame]
COMPLIANT = Partnership()
AGREEMENT = Agreement()
RISK = Risk()  # assessed 1 June 2026


def book(
    *partnerships: Partnership,
    agreements: Sequence[Agreement] = (AGREEMENT,),
    actions: Sequence[Action] = (),
    risks: Sequence[Risk] = (RISK,),
) -> Book:
    """A register workbook: these partnerships (the compliant one if none), its agreement
    checklist, actions and risks."""
    return Book(
        partnerships=list(partnerships) or [COMPLIANT],
        agreements=agreements,
        actions=actions,
        risks=risks,
    )


def run_checks(settings: Settings, register: Book, *, as_of: date = AS_OF) -> Tables:
    """(Overdue, Due soon) of the validated dataset of one register workbook."""
    ctx = context_for(dataset(register), settings=settings, as_of=as_of)
    return overdue(ctx), due_soon(ctx)


def listed(table: pd.DataFrame, check: str) -> list[tuple[date | None, int | None]]:
    """(Due date, days overdue or until due) of each row of `table` for `check`."""
    rows = table[table["Check"] == check]
    return [
        (None if pd.isna(due) else pd.Timestamp(due).date(), None if pd.isna(n) else int(n))
        for due, n in zip(rows["Due date"], rows[table.columns[6]], strict=True)
    ]


# Case tables run together -----------------------------------------------------------------

CASES: dict[str, Book] = {}


def case_table(name: str, table: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """Register a table whose entries start with their workbook; returns the table unchanged."""
    for case, entry in table.items():
        CASES[f"{name}:{case}"] = entry[0]
    return table


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Tables]:
    """(Overdue, Due soon) of each registered case, keyed `table:case`, from one run."""
    settings = load_settings(tmp_path_factory.mktemp("settings"))
    merged = Book(
        **{
            sheet: [
                dataclasses.replace(row, partnership_id=key)
                for key, register in CASES.items()
                for row in getattr(register, sheet)
            ]
            for sheet in ("partnerships", "agreements", "actions", "risks")
        }
    )
    overdue_table, due_soon_table = run_checks(settings, merged)
    return {
        key: (
            overdue_table[overdue_table["Partnership ID"] == key],
            due_soon_table[due_soon_table["Partnership ID"] == key],
        )
        for key in CASES
    }


# The baseline and the sheets' shape -------------------------------------------------------


def test_compliant_partnership_has_nothing_overdue_or_due_soon(settings):
    """It lists nothing for a partnership whose every check passes and nothing falls due."""
    overdue_table, due_soon_table = run_checks(settings, book())
    assert (len(overdue_table), len(due_soon_table)) == (0, 0)


def test_overdue_and_due_soon_have_the_contract_columns(settings):
    """It gives the Overdue and Due soon sheets the headings of WORKBOOKS.md §6, with the
    officer responsible for acting beside the lead officer (§7); Overdue then says whether
    each thing was never done; both end with the risk a row is about, so a row about an
    exempt risk can be known by its number, §8."""
    overdue_table, due_soon_table = run_checks(settings, book())
    assert list(overdue_table.columns) == [
        "Partnership ID", "Partnership", "Lead officer", "Responsible officer", "Check",
        "Due date", "Days overdue", "Detail", "Never done", "Risk no",
    ]  # fmt: skip
    assert list(due_soon_table.columns) == [
        "Partnership ID", "Partnership", "Lead officer", "Responsible officer", "Check",
        "Due date", "Days until due", "Detail", "Risk no",
    ]  # fmt: skip


def test_overdue_row_names_the_partnership_and_its_lead_officer(settings):
    """It fills in the partnership's name and lead officer on each row."""
    overdue_table, _ = run_checks(settings, book(Partnership(last_review=date(2025, 12, 30))))
    row = overdue_table[overdue_table["Check"] == "Review overdue"].iloc[0]
    assert (row["Partnership ID"], row["Partnership"], row["Lead officer"]) == (
        "P-001",
        "Example Community Safety Partnership",
        "Community Safety Manager",
    )


# Where a due date falls -------------------------------------------------------------------

REVIEW_DUE_DATES = case_table(
    "review",
    {
        # edge: due 30 Dec 2026, the day before the as-of date: overdue by 1 day
        "day-before": (
            book(Partnership(last_review=date(2025, 12, 30))),
            [(date(2026, 12, 30), 1)],
            [],
        ),
        # edge: due ON the as-of date: due soon (0 days), not overdue
        "on-as-of": (
            book(Partnership(last_review=date(2025, 12, 31))),
            [],
            [(date(2026, 12, 31), 0)],
        ),
        # expected: due in 45 days
        "45-days": (
            book(Partnership(last_review=date(2026, 2, 14))),
            [],
            [(date(2027, 2, 14), 45)],
        ),
        # edge: due exactly 90 days after the as-of date: still due soon
        "90-days": (
            book(Partnership(last_review=date(2026, 3, 31))),
            [],
            [(date(2027, 3, 31), 90)],
        ),
        # edge: due 91 days after: neither
        "91-days": (book(Partnership(last_review=date(2026, 4, 1))), [], []),
    },
)


@pytest.mark.parametrize("case", REVIEW_DUE_DATES)
def test_review_is_overdue_before_the_as_of_date_and_due_soon_from_it(checked, case):
    """It calls a review overdue before the as-of date, due soon from it to 90 days after."""
    _, in_overdue, in_due_soon = REVIEW_DUE_DATES[case]
    overdue_table, due_soon_table = checked[f"review:{case}"]
    assert listed(overdue_table, "Review overdue") == in_overdue
    assert listed(due_soon_table, "Review due") == in_due_soon


def test_due_soon_follows_the_due_soon_days_setting(settings):
    """It uses `due_soon_days`: with 30, a review due in 45 days is not yet due soon."""
    overdue_table, due_soon_table = run_checks(
        dataclasses.replace(settings, due_soon_days=30),
        book(Partnership(last_review=date(2026, 2, 14))),
    )
    assert (listed(overdue_table, "Review overdue"), listed(due_soon_table, "Review due")) == (
        [],
        [],
    )


# Reviews ----------------------------------------------------------------------------------

TYPED_NEXT_REVIEW = case_table(
    "next-review",
    {
        # expected: the cycle says June 2027, but the typed date has passed
        "typed-date-passed": (
            book(Partnership(last_review=date(2026, 6, 1), next_review=date(2026, 12, 1))),
            [(date(2026, 12, 1), 30)],
            [],
        ),
        # expected: the cycle says overdue, but the board set a later date
        "typed-date-later": (
            book(Partnership(last_review=date(2025, 1, 1), next_review=date(2027, 2, 1))),
            [],
            [(date(2027, 2, 1), 32)],
        ),
    },
)


@pytest.mark.parametrize("case", TYPED_NEXT_REVIEW)
def test_typed_next_review_is_used_instead_of_the_cycle(checked, case):
    """It takes the review's due date from Next review when one is typed."""
    _, in_overdue, in_due_soon = TYPED_NEXT_REVIEW[case]
    overdue_table, due_soon_table = checked[f"next-review:{case}"]
    assert listed(overdue_table, "Review overdue") == in_overdue
    assert listed(due_soon_table, "Review due") == in_due_soon


NEVER_DONE_WITH_START = case_table(
    "never-done",
    {
        # 12-month review cycle from 1 December 2025
        "review": (
            book(Partnership(last_review=None, start_date=date(2025, 12, 1))),
            "Review overdue",
        ),
        # 24-month health check cycle from 1 December 2024
        "health-check": (
            book(Partnership(last_health_check=None, start_date=date(2024, 12, 1))),
            "Health check overdue",
        ),
        # Annual reports from 1 December 2025
        "performance-report": (
            book(Partnership(last_performance_report=None, start_date=date(2025, 12, 1))),
            "Performance report overdue",
        ),
    },
)


@pytest.mark.parametrize("case", NEVER_DONE_WITH_START)
def test_never_done_is_due_one_cycle_after_the_start_date(checked, case):
    """It dates a review, health check or report never done one cycle after the start."""
    _, check = NEVER_DONE_WITH_START[case]
    overdue_table, _ = checked[f"never-done:{case}"]
    assert listed(overdue_table, check) == [(date(2026, 12, 1), 30)]


NEVER_DONE_NO_START = case_table(
    "never-done-no-start",
    {
        "review": (
            book(Partnership(last_review=None, start_date=None)),
            "Review",
        ),
        "health-check": (
            book(Partnership(last_health_check=None, start_date=None)),
            "Health check",
        ),
        "performance-report": (
            book(Partnership(last_performance_report=None, start_date=None)),
            "Performance report",
        ),
    },
)


@pytest.mark.parametrize("case", NEVER_DONE_NO_START)
def test_never_done_without_a_start_date_is_overdue_with_no_due_date(checked, case):
    """It lists a thing never done, with no start date, in Overdue with no due date."""
    _, thing = NEVER_DONE_NO_START[case]
    overdue_table, due_soon_table = checked[f"never-done-no-start:{case}"]
    assert listed(overdue_table, f"{thing} overdue") == [(None, None)]
    assert listed(due_soon_table, f"{thing} due") == []


def never_done(table: pd.DataFrame, check: str) -> list[str]:
    """The Never done column of each row of `table` for `check`."""
    return list(table.loc[table["Check"] == check, "Never done"])


@pytest.mark.parametrize("case", NEVER_DONE_WITH_START)
def test_never_done_with_a_start_date_says_so(checked, case):
    """A check with no date of it being done is Never done Yes when it is dated from the
    start."""
    _, check = NEVER_DONE_WITH_START[case]
    overdue_table, _ = checked[f"never-done:{case}"]
    assert never_done(overdue_table, check) == ["Yes"]


@pytest.mark.parametrize("case", NEVER_DONE_NO_START)
def test_never_done_without_a_start_date_says_so_too(checked, case):
    """A check with no date of it being done and no start date to count from is Never done
    Yes as well: its row says "No ... recorded", and the column must agree."""
    _, thing = NEVER_DONE_NO_START[case]
    overdue_table, _ = checked[f"never-done-no-start:{case}"]
    assert never_done(overdue_table, f"{thing} overdue") == ["Yes"]


NO_DATES_AT_ALL = Partnership(
    start_date=None, last_review=None, last_health_check=None, last_performance_report=None
)
CHECKS_NEVER_DONE = ("Review overdue", "Health check overdue", "Performance report overdue")
case_table("no-dates", {"all": (book(NO_DATES_AT_ALL),)})


def test_a_partnership_with_no_dates_at_all_has_every_check_never_done(checked):
    """A partnership with no start date and no review, health check or report date: every
    one of those rows says No ... recorded and Never done Yes, and they come after the rows
    with a due date (none here) in the order of their check."""
    overdue_table, _ = checked["no-dates:all"]
    cycle = overdue_table[overdue_table["Check"].isin(CHECKS_NEVER_DONE)]
    assert sorted(cycle["Check"]) == sorted(CHECKS_NEVER_DONE)
    assert cycle["Detail"].str.startswith("No ").all()
    assert list(cycle["Never done"]) == ["Yes"] * 3
    assert cycle["Due date"].isna().all()


def test_a_check_done_or_with_a_typed_next_review_is_not_never_done(settings):
    """Overdue with a date it was last done, or a typed next review: Never done No."""
    overdue_table, _ = run_checks(
        settings,
        book(
            Partnership(
                last_review=None,
                next_review=date(2026, 10, 1),
                last_health_check=date(2024, 1, 1),
            )
        ),
    )
    assert never_done(overdue_table, "Review overdue") == ["No"]
    assert never_done(overdue_table, "Health check overdue") == ["No"]


# Health checks ----------------------------------------------------------------------------


def test_health_check_is_due_24_months_after_the_last(settings):
    """It dates the next health check 24 months (the default) after the last one."""
    overdue_table, _ = run_checks(settings, book(Partnership(last_health_check=date(2024, 12, 30))))
    assert listed(overdue_table, "Health check overdue") == [(date(2026, 12, 30), 1)]


@pytest.mark.parametrize(
    ("last", "as_of", "in_overdue", "in_due_soon"),
    [
        # edge: 31 Aug + 6 months = 28 Feb, due on the as-of date
        (date(2026, 8, 31), date(2027, 2, 28), [], [(date(2027, 2, 28), 0)]),
        # edge: the day after 28 Feb it is 1 day overdue
        (date(2026, 8, 31), date(2027, 3, 1), [(date(2027, 2, 28), 1)], []),
        # edge: 29 Feb in a leap year; 1 March is 1 day after
        (date(2027, 8, 31), date(2028, 3, 1), [(date(2028, 2, 29), 1)], []),
    ],
    ids=["28-feb-on-as-of", "28-feb-day-after", "29-feb-day-after"],
)
def test_health_check_six_months_after_31_august_is_the_end_of_february(
    settings, last, as_of, in_overdue, in_due_soon
):
    """It counts calendar months clamped to the month's end (health checks every 6 months)."""
    overdue_table, due_soon_table = run_checks(
        dataclasses.replace(settings, health_check_months=6),
        book(Partnership(last_health_check=last)),
        as_of=as_of,
    )
    assert listed(overdue_table, "Health check overdue") == in_overdue
    assert listed(due_soon_table, "Health check due") == in_due_soon


# Performance reports ----------------------------------------------------------------------


def reporting(frequency: str | None, last_report: date | None) -> Book:
    return book(Partnership(reporting_frequency=frequency, last_performance_report=last_report))


REPORT_FREQUENCIES = case_table(
    "frequency",
    {
        "quarterly": (reporting("Quarterly", date(2026, 9, 30)),),  # 3 months → 30 Dec 2026
        "six-monthly": (reporting("Six-monthly", date(2026, 6, 30)),),  # 6 months → 30 Dec
        "annual": (reporting("Annual", date(2025, 12, 30)),),  # 12 months → 30 Dec 2026
    },
)


@pytest.mark.parametrize("case", REPORT_FREQUENCIES)
def test_performance_report_is_due_by_reporting_frequency(checked, case):
    """It dates the next report 3, 6 or 12 months after the last, by reporting frequency."""
    overdue_table, _ = checked[f"frequency:{case}"]
    assert listed(overdue_table, "Performance report overdue") == [(date(2026, 12, 30), 1)]


NO_FREQUENCY = case_table(
    "no-frequency",
    {
        "long-ago": (reporting(None, date(2020, 1, 1)),),  # edge: reported long ago
        "never": (reporting(None, None),),  # edge: never reported
    },
)


@pytest.mark.parametrize("case", NO_FREQUENCY)
def test_blank_reporting_frequency_has_no_performance_report_check(checked, case):
    """It does not check performance reports when no reporting frequency is set."""
    overdue_table, due_soon_table = checked[f"no-frequency:{case}"]
    assert listed(overdue_table, "Performance report overdue") == []
    assert listed(due_soon_table, "Performance report due") == []


# Risk assessments -------------------------------------------------------------------------


def test_risk_assessment_is_due_12_months_after_the_assessment(settings):
    """It dates the next risk assessment 12 months after the assessment date."""
    overdue_table, _ = run_checks(settings, book(risks=[Risk(assessment_date=date(2025, 12, 30))]))
    assert listed(overdue_table, "Risk assessment overdue") == [(date(2026, 12, 30), 1)]


def test_risk_assessment_counts_from_the_latest_assessment(settings):
    """It counts from the latest assessment date of the partnership's risks."""
    overdue_table, due_soon_table = run_checks(
        settings,
        book(
            risks=[
                Risk(risk_no=1, assessment_date=date(2025, 1, 1)),
                Risk(risk_no=2, assessment_date=date(2026, 1, 15)),
            ]
        ),
    )
    assert listed(overdue_table, "Risk assessment overdue") == []
    assert listed(due_soon_table, "Risk assessment due") == [(date(2027, 1, 15), 15)]


def no_risks(category: str, budget: float | None) -> Book:
    return book(Partnership(category=category, budget_contribution=budget), risks=())


RISK_ASSESSMENT_MISSING = case_table(
    "missing",
    {
        "key-no-budget": (no_risks("Key", 0.0), True),  # expected: Key whatever its budget
        "at-threshold": (no_risks("Service", 30000.0), True),  # edge: exactly £30,000
        "over-threshold": (no_risks("Other", 45000.0), True),  # expected
        "penny-under": (no_risks("Service", 29999.99), False),  # edge
        "no-budget": (no_risks("Service", None), False),  # edge: no budget recorded
    },
)


@pytest.mark.parametrize("case", RISK_ASSESSMENT_MISSING)
def test_risk_assessment_missing_for_significant_partnership_with_no_risks(checked, case):
    """It flags a significant partnership (Key, or budget ≥ £30,000) with no risks."""
    _, missing = RISK_ASSESSMENT_MISSING[case]
    overdue_table, _ = checked[f"missing:{case}"]
    assert listed(overdue_table, "Risk assessment missing") == ([(None, None)] if missing else [])


# Partnership gaps -------------------------------------------------------------------------

PAST_END_DATES = case_table(
    "end",
    {
        # edge: ended the day before the as-of date: past by 1 day
        "day-before": (
            book(Partnership(end_date=date(2026, 12, 30))),
            [(date(2026, 12, 30), 1)],
        ),
        # edge: ends on the as-of date: not past yet
        "on-as-of": (book(Partnership(end_date=date(2026, 12, 31))), []),
        # expected: ends later
        "day-after": (book(Partnership(end_date=date(2027, 1, 1))), []),
        # expected: ended half a year ago
        "june": (
            book(Partnership(end_date=date(2026, 6, 30))),
            [(date(2026, 6, 30), 184)],
        ),
    },
)


@pytest.mark.parametrize("case", PAST_END_DATES)
def test_past_end_date_counts_from_the_day_after_the_end_date(checked, case):
    """It flags an Active partnership once its end date has passed."""
    _, in_overdue = PAST_END_DATES[case]
    overdue_table, _ = checked[f"end:{case}"]
    assert listed(overdue_table, "Past end date") == in_overdue


AGREEMENTS = case_table(
    "agreement",
    {
        # expected: Key with no Agreements row
        "key-no-row": (book(Partnership(category="Key"), agreements=()), True),
        # expected: only Key partnerships need one
        "service-no-row": (book(Partnership(category="Service"), agreements=()), False),
        # expected: an item No
        "key-item-no": (book(agreements=[Agreement(commitment=False)]), True),
        # edge: an item blank
        "key-item-blank": (
            book(agreements=[Agreement(complaints_procedure=None)]),
            True,
        ),
        # expected: every item Yes
        "key-complete": (book(), False),
    },
)


@pytest.mark.parametrize("case", AGREEMENTS)
def test_agreement_incomplete_for_key_partnerships(checked, case):
    """It flags a Key partnership whose agreement checklist is missing, or has a No or blank."""
    _, incomplete = AGREEMENTS[case]
    overdue_table, _ = checked[f"agreement:{case}"]
    assert listed(overdue_table, "Agreement incomplete") == ([(None, None)] if incomplete else [])


GOVERNANCE_DOCUMENTS = {
    "Terms of reference": "terms_of_reference",
    "Governance arrangements": "governance_arrangements",
    "Information sharing protocol": "information_sharing_protocol",
    "Exit strategy": "exit_strategy",
    "Equality impact assessment": "equality_impact_assessment",
}
GOVERNANCE_GAPS = case_table(
    "governance",
    {
        f"{document}-{label}": (book(Partnership(**{attribute: typed})), document)
        for document, attribute in GOVERNANCE_DOCUMENTS.items()
        for label, typed in (("no", False), ("blank", None))
    },
)


@pytest.mark.parametrize("case", GOVERNANCE_GAPS)
def test_governance_gap_names_a_document_that_is_no_or_blank(checked, case):
    """It flags a governance document that is No or blank, naming it in the detail."""
    _, document = GOVERNANCE_GAPS[case]
    overdue_table, _ = checked[f"governance:{case}"]
    gaps = overdue_table[overdue_table["Check"] == "Governance gap"]
    assert len(gaps) == 1
    assert document in gaps.iloc[0]["Detail"]


def test_governance_gap_is_one_row_naming_every_missing_document(settings):
    """It gives one Governance gap row whose detail names each missing document."""
    overdue_table, _ = run_checks(
        settings,
        book(Partnership(exit_strategy=False, terms_of_reference=None)),
    )
    gaps = overdue_table[overdue_table["Check"] == "Governance gap"]
    assert len(gaps) == 1
    detail = gaps.iloc[0]["Detail"]
    assert "Exit strategy" in detail
    assert "Terms of reference" in detail
    assert "Governance arrangements" not in detail


def accountable(body: bool, capacity: bool | None) -> Book:
    return book(Partnership(accountable_body=body, capacity_to_be_accountable=capacity))


ACCOUNTABLE = case_table(
    "accountable",
    {
        "yes-no": (accountable(True, False), True),  # expected: accountable, capacity No
        "yes-blank": (accountable(True, None), False),  # edge: blank is not known, not No
        "yes-yes": (accountable(True, True), False),  # expected
        # Reading: the check is about the council being the accountable body, so a
        # partnership where it is not (Accountable body No) is not flagged.
        "not-accountable": (accountable(False, False), False),
    },
)


@pytest.mark.parametrize("case", ACCOUNTABLE)
def test_accountable_without_capacity_needs_capacity_no(checked, case):
    """It flags the council as accountable body only when capacity is No, not blank."""
    _, flagged = ACCOUNTABLE[case]
    overdue_table, _ = checked[f"accountable:{case}"]
    assert listed(overdue_table, "Accountable without capacity") == (
        [(None, None)] if flagged else []
    )


# Status: only Active partnerships are checked ---------------------------------------------

FAILING_EVERYTHING = Partnership(
    last_review=date(2020, 1, 1),
    last_health_check=date(2020, 1, 1),
    last_performance_report=date(2020, 1, 1),
    end_date=date(2026, 1, 1),
    accountable_body=True,
    capacity_to_be_accountable=False,
    exit_strategy=False,
)
OVERDUE_ACTION = Action(due=date(2026, 12, 1))


def failing(status: str) -> Book:
    """A partnership failing every check, with no agreement or risks and an overdue action."""
    return book(
        dataclasses.replace(FAILING_EVERYTHING, status=status),
        agreements=(),
        risks=(),
        actions=[OVERDUE_ACTION],
    )


STATUSES = case_table(
    "status",
    {status: (failing(status),) for status in ("Active", "Closed", "Suspended", "Proposed")},
)


def test_active_partnership_failing_everything_gets_every_check(checked):
    """It runs every partnership check on an Active partnership (the contrast to the next test)."""
    overdue_table, _ = checked["status:Active"]
    assert set(overdue_table["Check"]) == {
        "Review overdue",
        "Health check overdue",
        "Performance report overdue",
        "Risk assessment missing",
        "Past end date",
        "Exit strategy needed",
        "Agreement incomplete",
        "Governance gap",
        "Accountable without capacity",
        "Action overdue",
    }


@pytest.mark.parametrize("status", ["Closed", "Suspended", "Proposed"])
def test_partnership_that_is_not_active_gets_no_checks_but_its_actions_are_listed(checked, status):
    """It runs no partnership checks unless Active, but still lists its overdue actions."""
    overdue_table, _ = checked[f"status:{status}"]
    assert list(overdue_table["Check"]) == ["Action overdue"]
    assert listed(overdue_table, "Action overdue") == [(date(2026, 12, 1), 30)]


# Actions ----------------------------------------------------------------------------------


def action(due: date, completed: date | None = None) -> Book:
    return book(actions=[Action(due=due, completed=completed)])


ACTIONS = case_table(
    "action",
    {
        # expected: open and past due
        "open-past-due": (action(date(2026, 12, 1)), [(date(2026, 12, 1), 30)], []),
        # edge: completed after the as-of date, so still open then
        "completed-after-as-of": (
            action(date(2026, 12, 1), completed=date(2027, 1, 5)),
            [(date(2026, 12, 1), 30)],
            [],
        ),
        # expected: completed before the as-of date: not listed
        "completed-before-as-of": (action(date(2026, 12, 1), completed=date(2026, 12, 15)), [], []),
        # edge (reading): completed ON the as-of date was done by then: not listed
        "completed-on-as-of": (action(date(2026, 12, 1), completed=date(2026, 12, 31)), [], []),
        # edge: due the day before the as-of date
        "due-day-before": (action(date(2026, 12, 30)), [(date(2026, 12, 30), 1)], []),
        # edge: due on the as-of date: due soon
        "due-on-as-of": (action(date(2026, 12, 31)), [], [(date(2026, 12, 31), 0)]),
        # expected: due in 15 days
        "due-in-15-days": (action(date(2027, 1, 15)), [], [(date(2027, 1, 15), 15)]),
        # edge: completed early, before it fell due: not listed at all
        "completed-early": (action(date(2027, 1, 15), completed=date(2026, 12, 1)), [], []),
    },
)


@pytest.mark.parametrize("case", ACTIONS)
def test_action_is_open_until_completed_by_the_as_of_date(checked, case):
    """It treats an action as open at the as-of date unless completed by then."""
    _, in_overdue, in_due_soon = ACTIONS[case]
    overdue_table, due_soon_table = checked[f"action:{case}"]
    assert listed(overdue_table, "Action overdue") == in_overdue
    assert listed(due_soon_table, "Action due") == in_due_soon


def test_each_overdue_action_is_its_own_row(settings):
    """It gives each overdue action a row of its own, naming the action."""
    overdue_table, _ = run_checks(
        settings,
        book(
            actions=[
                Action(action="Refresh the terms of reference", due=date(2026, 11, 1)),
                Action(action="Agree an exit strategy", due=date(2026, 12, 1)),
            ]
        ),
    )
    actions = overdue_table[overdue_table["Check"] == "Action overdue"]
    assert len(actions) == 2
    assert any("Refresh the terms of reference" in detail for detail in actions["Detail"])
    assert any("Agree an exit strategy" in detail for detail in actions["Detail"])


# Due soon: each thing under its own name --------------------------------------------------

DUE_SOON_NAMES = case_table(
    "due-soon",
    {
        "review": (book(Partnership(last_review=date(2026, 1, 15))), "Review due"),
        "health-check": (
            book(Partnership(last_health_check=date(2025, 1, 15))),
            "Health check due",
        ),
        "performance-report": (
            book(Partnership(last_performance_report=date(2026, 1, 15))),
            "Performance report due",
        ),
        "risk-assessment": (
            book(risks=[Risk(assessment_date=date(2026, 1, 15))]),
            "Risk assessment due",
        ),
        "action": (action(date(2027, 1, 15)), "Action due"),
    },
)


@pytest.mark.parametrize("case", DUE_SOON_NAMES)
def test_due_soon_lists_each_thing_under_its_name(checked, case):
    """It names each thing falling due as the contract does, with the days until due."""
    _, check = DUE_SOON_NAMES[case]
    _, due_soon_table = checked[f"due-soon:{case}"]
    assert list(due_soon_table["Check"]) == [check]
    assert listed(due_soon_table, check) == [(date(2027, 1, 15), 15)]


def test_a_thing_never_done_is_its_own_group_after_the_dated_items(settings):
    """Never health-checked, started 2015: due 1 April 2017, 2,100 days ago, listed after a
    review only weeks overdue, marked Never done, its detail saying since when."""
    never = Partnership(partnership_id="P-NEVER", last_health_check=None)
    late = Partnership(partnership_id="P-LATE", last_review=date(2025, 11, 1))
    overdue_table, _ = run_checks(settings, book(never, late, agreements=(), risks=()))
    rows = overdue_table[overdue_table["Check"].isin(["Health check overdue", "Review overdue"])]
    assert rows["Partnership ID"].tolist() == ["P-LATE", "P-NEVER"]
    assert rows["Never done"].tolist() == ["No", "Yes"]
    assert rows["Detail"].tolist()[1] == "No health check recorded (partnership since 2015)"
