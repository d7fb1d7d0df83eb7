"""Assurance: one judgement of each partnership, in the words internal audit and the Annual
Governance Statement use (WORKBOOKS.md §11), and the partnership issues the Statement reports.

A partnership's level comes from its gaps. Critical gaps are the ones without which it cannot
be governed at all; other gaps are documents missing, things overdue and risks outside
appetite. An Overdue row that restates a gap already counted (a governance gap, the missing
risk assessment, the exit strategy, a review never done) is not counted again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from typing import Final

import pandas as pd

from pipeline.analyse.checks import (
    ACCOUNTABLE_WITHOUT_CAPACITY,
    ACTIVE,
    EXIT_STRATEGY,
    GOVERNANCE_GAP,
    REVIEW,
    RISK_ASSESSMENT_MISSING,
    SUSPENDED,
)
from pipeline.analyse.registry import step, table
from pipeline.analyse.topics.compliance import NEVER_DONE
from pipeline.analyse.topics.due import is_blank, is_yes
from pipeline.settings import Settings

SUBSTANTIAL: Final = "Substantial"
REASONABLE: Final = "Reasonable"
LIMITED: Final = "Limited"
NO_ASSURANCE: Final = "No assurance"
LEVELS: Final = (NO_ASSURANCE, LIMITED, REASONABLE, SUBSTANTIAL)  # worst first
# The levels the Annual Governance Statement reports a partnership at.
ISSUE_LEVELS: Final = (NO_ASSURANCE, LIMITED)
BETTER, WORSE, SAME, NEW = "Better", "Worse", "Same", "New"

ASSURANCE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Lead officer",
    "Assurance",
    "Critical gaps",
    "Other gaps",
    "Reasons",
    "Last year",
    "Change",
)
GOVERNANCE_ISSUES_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Lead officer",
    "Assurance",
    "Reasons",
    "Last year",
    "Issue",
)
NEW_ISSUE, CONTINUING, RESOLVED = "New", "Continuing", "Resolved"

# Overdue rows that restate a gap counted from the register itself (§11), by Check.
_RESTATED: Final = frozenset(
    check.overdue
    for check in (
        GOVERNANCE_GAP,
        ACCOUNTABLE_WITHOUT_CAPACITY,
        RISK_ASSESSMENT_MISSING,
        EXIT_STRATEGY,
    )
)
# The documents whose absence is a critical gap, and those whose absence is another gap.
_CRITICAL_DOCUMENTS: Final = {
    "terms_of_reference": "Terms of reference",
    "governance_arrangements": "Governance arrangements",
}
_OTHER_DOCUMENTS: Final = {
    "information_sharing_protocol": "Information sharing protocol",
    "exit_strategy": "Exit strategy",
    "equality_impact_assessment": "Equality impact assessment",
}


def level(critical: int, other: int, *, limited_from: int) -> str:
    """The assurance level of a partnership with these gaps (WORKBOOKS.md §11)."""
    if critical >= 2:
        return NO_ASSURANCE
    if critical == 1 or other >= limited_from:
        return LIMITED
    return REASONABLE if other else SUBSTANTIAL


def _document(name: str, value: object) -> str | None:
    """The gap a Yes/No document column shows, in words; None when it is Yes."""
    if is_yes(value):
        return None
    return f"{name} not known" if is_blank(value) else f"No {name[0].lower()}{name[1:]}"


def _counted(words: str, count: int) -> str:
    """`Action overdue`, or `Action overdue (3)` for three rows of one kind."""
    return words if count == 1 else f"{words} ({count})"


def _named(gaps: list[tuple[str, int]]) -> list[str]:
    """Each kind of gap in words, with its count when it has several."""
    return [_counted(words, count) for words, count in gaps]


def _critical_gaps(
    row: Mapping[Hashable, object], *, has_risks: bool, never_reviewed: bool
) -> Iterator[str]:
    for column, name in _CRITICAL_DOCUMENTS.items():
        if (gap := _document(name, row[column])) is not None:
            yield gap
    if is_yes(row["accountable_body"]) and not is_yes(row["capacity_to_be_accountable"]):
        yield "Accountable body without the capacity confirmed"
    if not has_risks:
        yield "No risks recorded"
    if never_reviewed:
        yield "Never reviewed"


def _other_gaps(
    row: Mapping[Hashable, object], overdue_checks: Mapping[str, int], outside: int
) -> Iterator[tuple[str, int]]:
    """Each kind of other gap in words, with how many of it there are."""
    for column, name in _OTHER_DOCUMENTS.items():
        if (gap := _document(name, row[column])) is not None:
            yield gap, 1
    yield from overdue_checks.items()
    if outside:
        yield "Risk outside appetite", outside


def _changed(now: str, before: object) -> str | None:
    """How a level moved since last year's: None when last year's cannot be shown."""
    if before is None:
        return NEW
    if is_blank(before) or before not in LEVELS:
        return None
    rank = LEVELS.index
    if rank(now) == rank(str(before)):
        return SAME
    return BETTER if rank(now) > rank(str(before)) else WORSE


@step("last_years_assurance")
def last_years_assurance(last_year: Mapping[str, pd.DataFrame] | None) -> pd.DataFrame | None:
    """The Assurance table the newest period of last financial year published, if it did."""
    if last_year is None:
        return None
    return last_year.get("assurance")


@table("Assurance", ASSURANCE_COLUMNS)
def assurance(
    partnerships: pd.DataFrame,
    risk_rows: pd.DataFrame,
    overdue: pd.DataFrame,
    outside_appetite: pd.DataFrame,
    last_years_assurance: pd.DataFrame | None,
    *,
    settings: Settings,
) -> pd.DataFrame:
    """Each Active or Suspended partnership's assurance level, with its gaps counted and named
    (WORKBOOKS.md §11) and last year's level beside it: worst first, then most gaps, then
    name. Last year is the level the newest period of last financial year published (blank:
    none, or one the public edition cannot show); Change is Better, Worse, Same or New (not
    assessed then; blank where last year's level is not shown). The `Assurance` sheet."""
    rows = partnerships[partnerships["status"].isin((ACTIVE, SUSPENDED))]
    with_risks = set(risk_rows["partnership_id"].astype("str").str.casefold())
    counted = overdue[~overdue["Check"].isin(_RESTATED)]
    never_reviewed = overdue[(overdue["Check"] == REVIEW.overdue) & (overdue[NEVER_DONE] == "Yes")]
    counted = counted.drop(never_reviewed.index)
    outside = outside_appetite["Partnership ID"].value_counts()
    before = (
        {}
        if last_years_assurance is None
        else dict(
            zip(
                last_years_assurance["Partnership ID"],
                last_years_assurance["Assurance"],
                strict=True,
            )
        )
    )
    never = set(never_reviewed["Partnership ID"])
    # Each partnership's overdue rows counted by Check, in the order the checks first appear.
    checks: dict[str, Counter[str]] = {}
    for pid, check in zip(counted["Partnership ID"], counted["Check"], strict=True):
        checks.setdefault(pid, Counter())[str(check)] += 1
    records = []
    for row in rows.to_dict("records"):
        pid = row["partnership_id"]
        critical = list(
            _critical_gaps(row, has_risks=pid.casefold() in with_risks, never_reviewed=pid in never)
        )
        other = list(_other_gaps(row, checks.get(pid, Counter()), int(outside.get(pid, 0))))
        other_count = sum(count for _, count in other)
        now = level(len(critical), other_count, limited_from=settings.limited_from)
        last = before.get(pid)
        records.append(
            (
                pid,
                row["partnership"],
                row["lead_officer"],
                now,
                len(critical),
                other_count,
                "; ".join([*critical, *_named(other)]),
                None if last is None or is_blank(last) else str(last),
                _changed(now, last if pid in before else None),
            )
        )
    frame = pd.DataFrame(records, columns=list(ASSURANCE_COLUMNS), dtype=object)
    frame = frame.astype(
        {
            "Partnership ID": "str",
            "Partnership": "str",
            "Lead officer": "str",
            "Assurance": "str",
            "Critical gaps": "int64",
            "Other gaps": "int64",
            "Reasons": "str",
        }
    )
    rank = frame["Assurance"].map(LEVELS.index)
    return (
        frame.assign(_rank=rank, _name=frame["Partnership"].str.lower())
        .sort_values(
            ["_rank", "Critical gaps", "Other gaps", "_name"],
            ascending=[True, False, False, True],
        )
        .drop(columns=["_rank", "_name"])
        .reset_index(drop=True)
    )


@table("Governance statement issues", GOVERNANCE_ISSUES_COLUMNS, name="governance_issues")
def governance_issues(
    assurance: pd.DataFrame, last_years_assurance: pd.DataFrame | None
) -> pd.DataFrame:
    """The partnership issues for the Annual Governance Statement: each partnership at Limited
    or No assurance with its reasons, New (not at Limited or No last year) or Continuing
    (it was); then last year's issues now at Reasonable or better, Resolved. An issue whose
    last year is not shown is New only when it was not assessed then, otherwise blank. The
    `Governance statement issues` sheet."""
    issues = assurance[assurance["Assurance"].isin(ISSUE_LEVELS)]
    was_issue = issues["Last year"].isin(ISSUE_LEVELS)
    unknown = issues["Change"].isna()
    status = pd.Series(NEW_ISSUE, index=issues.index, dtype=object)
    status = status.mask(was_issue, CONTINUING).mask(unknown, None)
    resolved = assurance[
        assurance["Last year"].isin(ISSUE_LEVELS)
        & assurance["Assurance"].isin((REASONABLE, SUBSTANTIAL))
    ]
    frame = pd.concat(
        [
            issues.assign(Issue=status),
            resolved.assign(Issue=RESOLVED),
        ],
        ignore_index=True,
    )
    return frame[list(GOVERNANCE_ISSUES_COLUMNS)]
