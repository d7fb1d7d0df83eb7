"""Compliance at a glance: the Check counts and Compliance sheets."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import Action, Agreement, Book, Partnership, Risk, dataset

from pipeline.analyse.summaries.compliance_summary import check_counts, compliance
from pipeline.analyse.topics.compliance import due_soon, overdue
from pipeline.analyse.topics.due import Context, context_for
from pipeline.settings import Settings

REGISTER = Book(
    partnerships=[
        Partnership(),  # Key, all in date, agreement complete
        Partnership(
            partnership_id="P-002",
            lead_officer="Head of Finance",
            last_review=date(2025, 6, 1),  # overdue
            last_health_check=date(2025, 2, 10),  # due 10 Feb 2027: due soon
            reporting_frequency=None,  # no performance report check
            exit_strategy=False,
            category="Service",
            budget_contribution=0.0,
        ),
        Partnership(partnership_id="P-003", status="Closed"),
    ],
    agreements=[Agreement()],
    risks=[Risk()],
    actions=[Action(partnership_id="P-002", due=date(2026, 10, 1))],
)


@pytest.fixture
def checked(settings: Settings) -> tuple[Context, pd.DataFrame, pd.DataFrame]:
    """The register's compliance context, Overdue and Due soon tables."""
    ctx = context_for(dataset(REGISTER), settings=settings, as_of=AS_OF)
    return ctx, overdue(ctx), due_soon(ctx)


def test_check_counts_list_every_check_with_zeros(checked) -> None:
    """Each check appears once with its overdue and due-soon counts, zeros included."""
    _, late, soon = checked
    counts = check_counts(late, soon).set_index("Check")
    # the five cycles (actions too), the five gaps, risk targets and the exit check
    assert len(counts) == 12
    assert counts.loc["Review", "Overdue"] == 1
    assert counts.loc["Health check", "Due soon"] == 1
    assert counts.loc["Follow-up action", "Overdue"] == 1
    assert counts.loc["Governance gap", "Overdue"] == 1
    assert counts.loc["Past end date", "Overdue"] == 0
    assert counts.loc["Exit strategy needed", "Overdue"] == 0
    assert counts["Overdue"].sum() == len(late)
    assert counts["Due soon"].sum() == len(soon)


def test_compliance_says_each_partnerships_position_in_words(checked) -> None:
    """Active partnerships only; Overdue, Due soon, In date, Not set, Not required, n of 5."""
    ctx, late, soon = checked
    table = compliance(ctx, late, soon).set_index("Partnership ID")
    assert list(table.index) == ["P-001", "P-002"]
    assert table.loc["P-001"].to_dict() | {"Partnership": ""} == {
        "Partnership": "",
        "Lead officer": "Community Safety Manager",
        "Review": "In date",
        "Health check": "In date",
        "Risk assessment": "In date",
        "Performance report": "In date",
        "Agreement": "Complete",
        "Governance documents": "5 of 5",
        "Actions overdue": 0,
    }
    second = table.loc["P-002"]
    assert second["Review"] == "Overdue"
    assert second["Health check"] == "Due soon"
    assert second["Risk assessment"] == "Not required"  # not significant, no risks
    assert second["Performance report"] == "Not set"
    assert second["Agreement"] == "Not required"  # a service partnership
    assert second["Governance documents"] == "4 of 5"
    assert second["Actions overdue"] == 1
