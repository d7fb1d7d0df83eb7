"""The check catalogue and the shared definitions: each thing said once, and said right."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline.analyse.checks import (
    ACTIVE,
    CHECKS,
    CONTACT_DETAILS_CHECK,
    DEVOLUTION_AGREEMENT,
    NOT_ACTIVE,
    REVIEW,
    checks_counted,
    group_meeting,
)
from pipeline.analyse.definitions import (
    active_register,
    due_soon_horizon,
    is_to_date,
    money_total,
    reported_end,
    uk_date,
)
from pipeline.periods import Period
from schemas.register import STATUSES


def test_every_check_has_its_own_names() -> None:
    """No two checks share a name in Check counts, in Overdue or in Due soon."""
    for names in (
        [check.name for check in CHECKS],
        [check.overdue for check in CHECKS],
        [check.due for check in CHECKS if check.due],
    ):
        assert len(names) == len(set(names))


def test_statuses_are_the_contracts() -> None:
    """Active and the statuses that are not are exactly the schema's."""
    assert {ACTIVE, *NOT_ACTIVE} == set(STATUSES)


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        (frozenset(), 12),
        (frozenset({"Local councils"}), 18),
        (frozenset({"Local councils", "Devolved services"}), 19),
    ],
)
def test_check_counts_lists_the_checks_its_sheets_switch_on(
    read: frozenset[str], listed: int
) -> None:
    """The council checks come with Local councils, each group meeting after the council's
    own; devolution agreements with Devolved services."""
    checks = checks_counted(read, ("Clerks meeting", "Parish forum"))
    assert len(checks) == listed
    assert checks[0] == REVIEW
    if "Local councils" in read:
        after = checks.index(CONTACT_DETAILS_CHECK) + 1
        assert checks[after : after + 2] == (
            group_meeting("Clerks meeting"),
            group_meeting("Parish forum"),
        )
    assert (DEVOLUTION_AGREEMENT in checks) == ("Devolved services" in read)


def test_a_group_meeting_is_named_as_the_settings_name_it() -> None:
    """`Clerks meeting overdue` in Overdue, `Clerks meeting due` in Due soon."""
    check = group_meeting("Clerks meeting")
    assert (check.name, check.overdue, check.due) == (
        "Clerks meeting",
        "Clerks meeting overdue",
        "Clerks meeting due",
    )


def test_dates_in_words() -> None:
    """Day without a leading zero, the month in full, the year."""
    assert uk_date(date(2026, 3, 3)) == "3 March 2026"


@pytest.mark.parametrize(
    ("as_of", "to_date", "end"),
    [
        (date(2026, 11, 23), True, date(2026, 11, 23)),
        (date(2026, 12, 31), False, date(2026, 12, 31)),
        (date(2027, 1, 15), False, date(2026, 12, 31)),
    ],
)
def test_a_quarter_still_running_is_to_date(as_of: date, to_date: bool, end: date) -> None:
    """Up to the as-of date while the quarter runs; to its end from its last day."""
    q3 = Period(2026, 3)
    assert (is_to_date(q3, as_of), reported_end(q3, as_of)) == (to_date, end)


def test_due_soon_looks_ahead_the_days_set() -> None:
    """90 days from 23 November 2026 is 21 February 2027, that day included."""
    assert due_soon_horizon(date(2026, 11, 23), 90) == date(2027, 2, 21)


def test_money_totals_count_blanks_as_nothing() -> None:
    """A blank amount adds £0; no amounts at all total £0."""
    assert money_total(pd.Series([30_000.0, None, 1_250.5])) == 31_250.5
    assert money_total(pd.Series([], dtype="float64")) == 0.0


def test_active_partnerships_of_the_register() -> None:
    """Only the Active rows, whatever the other statuses."""
    register = pd.DataFrame({"Status": ["Active", "Closed", "Proposed", "Active"]})
    assert list(active_register(register).index) == [0, 3]
