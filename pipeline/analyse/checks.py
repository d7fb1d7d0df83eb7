"""The check catalogue: every check the compliance tables run, and the partnership statuses
and categories the analysis compares, each named once (WORKBOOKS.md §5, §7, §11).

A check's rows carry its name in the Check column of `Overdue` (`overdue`) and of `Due soon`
(`due`, for a check with a due date); `Check counts` lists it as `name`, in CHECKS' order,
when the sheet that switches it on was read. The topics, summaries and views compare against
these entries, never against words typed again. Statuses and categories are the contract's
(schemas/register.py); the names here are checked against it on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from schemas.register import CATEGORIES, STATUSES


def _status(word: str) -> str:
    assert word in STATUSES, f"{word!r} is not a Status of schemas/register.py"
    return word


def _category(word: str) -> str:
    assert word in CATEGORIES, f"{word!r} is not a Category of schemas/register.py"
    return word


# Partnership statuses and categories (the Partnerships sheet's Status and Category).
PROPOSED: Final = _status("Proposed")
ACTIVE: Final = _status("Active")
SUSPENDED: Final = _status("Suspended")
CLOSED: Final = _status("Closed")
NOT_ACTIVE: Final = tuple(status for status in STATUSES if status != ACTIVE)
KEY: Final = _category("Key")

# The sheets whose being read lists a check in Check counts.
LOCAL_COUNCILS: Final = "Local councils"
DEVOLVED_SERVICES: Final = "Devolved services"
RISK_ACTIONS: Final = "Risk actions"


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # as Check counts lists it; the Compliance sheet's heading for the four cycles
    overdue: str  # its rows' Check in Overdue
    due: str | None = None  # its rows' Check in Due soon; None: a gap, nothing falls due
    sheet: str | None = None  # the sheet that lists it in Check counts; None: always listed
    governance_gap: bool = False  # a gap in how a partnership is governed (At a glance)


# Governance checks, on every Active partnership (compliance).
REVIEW: Final = Check("Review", "Review overdue", "Review due")
HEALTH_CHECK: Final = Check("Health check", "Health check overdue", "Health check due")
RISK_ASSESSMENT: Final = Check("Risk assessment", "Risk assessment overdue", "Risk assessment due")
PERFORMANCE_REPORT: Final = Check(
    "Performance report", "Performance report overdue", "Performance report due"
)
ACTION: Final = Check("Follow-up action", "Action overdue", "Action due")
RISK_ASSESSMENT_MISSING: Final = Check(
    "Risk assessment missing", "Risk assessment missing", governance_gap=True
)
PAST_END_DATE: Final = Check("Past end date", "Past end date")
# Due on the end date, and due soon from `exit_notice_months` before it (WORKBOOKS.md §11).
EXIT_STRATEGY: Final = Check("Exit strategy needed", "Exit strategy needed", "Exit strategy needed")
AGREEMENT_INCOMPLETE: Final = Check(
    "Agreement incomplete", "Agreement incomplete", governance_gap=True
)
GOVERNANCE_GAP: Final = Check("Governance gap", "Governance gap", governance_gap=True)
ACCOUNTABLE_WITHOUT_CAPACITY: Final = Check(
    "Accountable without capacity", "Accountable without capacity", governance_gap=True
)
RISK_TARGET: Final = Check("Risk target", "Risk target missed", "Risk target due")
# The actions behind each risk (WORKBOOKS.md §11): one name in Overdue and Due soon alike.
RISK_ACTION: Final = Check("Risk action", "Risk action", "Risk action", sheet=RISK_ACTIONS)
# Town and parish councils (liaison).
PARTNERSHIP_MANAGER_MISSING: Final = Check(
    "Partnership manager missing",
    "Partnership manager missing",
    sheet=LOCAL_COUNCILS,
    governance_gap=True,
)
LIAISON_MEETING: Final = Check(
    "Liaison meeting", "Liaison meeting overdue", "Liaison meeting due", sheet=LOCAL_COUNCILS
)
BRIEFING: Final = Check("Briefing", "Briefing overdue", "Briefing due", sheet=LOCAL_COUNCILS)
CONTACT_DETAILS_CHECK: Final = Check(
    "Contact details check",
    "Contact details check overdue",
    "Contact details check due",
    sheet=LOCAL_COUNCILS,
)
# Each group meeting of the settings' [liaison.group_meetings] follows here (group_meeting).
DEVOLUTION_AGREEMENT: Final = Check(
    "Devolution agreement",
    "Devolution agreement expired",
    "Devolution agreement ending",
    sheet=DEVOLVED_SERVICES,
)

CHECKS: Final = (
    REVIEW,
    HEALTH_CHECK,
    RISK_ASSESSMENT,
    PERFORMANCE_REPORT,
    ACTION,
    RISK_ASSESSMENT_MISSING,
    PAST_END_DATE,
    EXIT_STRATEGY,
    AGREEMENT_INCOMPLETE,
    GOVERNANCE_GAP,
    ACCOUNTABLE_WITHOUT_CAPACITY,
    RISK_TARGET,
    RISK_ACTION,
    PARTNERSHIP_MANAGER_MISSING,
    LIAISON_MEETING,
    BRIEFING,
    CONTACT_DETAILS_CHECK,
    DEVOLUTION_AGREEMENT,
)
# Done every so many months: the Compliance sheet gives each partnership's position on them.
CYCLE_CHECKS: Final = (REVIEW, HEALTH_CHECK, RISK_ASSESSMENT, PERFORMANCE_REPORT)
# A listed council's own liaison checks, the next of which the Liaison sheet gives.
LIAISON_CHECKS: Final = (LIAISON_MEETING, BRIEFING, CONTACT_DETAILS_CHECK)


def group_meeting(kind: str) -> Check:
    """The check of a group meeting the settings name (`Clerks meeting`): held every so
    many months for all local councils."""
    return Check(kind, f"{kind} overdue", f"{kind} due", sheet=LOCAL_COUNCILS)


def checks_counted(read: frozenset[str], group_meetings: Sequence[str] = ()) -> tuple[Check, ...]:
    """The checks Check counts lists, in order: those switched on by a sheet that was read,
    and each of `group_meetings` after the council's liaison checks."""
    listed: list[Check] = []
    for check in CHECKS:
        if check.sheet is None or check.sheet in read:
            listed.append(check)
            if check is CONTACT_DETAILS_CHECK:
                listed += [group_meeting(kind) for kind in group_meetings]
    return tuple(listed)
