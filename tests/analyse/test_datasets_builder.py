"""The in-memory dataset builder (tests/datasets.py) gives what the real stages give.

Each case is written twice, as an officer types it (tests/builders.py, through load →
normalise → validate) and as typed rows (tests/datasets.py); every frame of the two datasets
must be equal, columns, dtypes, index and provenance included, so the builder cannot drift
from the stages that the analyse tests skip.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import (
    action_row,
    agreement_row,
    consultation_row,
    devolved_service_row,
    member_row,
    partnership_row,
    question_row,
    response_row,
    risk_row,
    valid_dataset,
)
from conftest import AS_OF
from datasets import (
    ROW_TYPES,
    Action,
    Agreement,
    Book,
    Consultation,
    DevolvedService,
    Invitation,
    LocalCouncil,
    Meeting,
    Member,
    Partnership,
    Question,
    Response,
    Risk,
    dataset,
)

from pipeline.matrices import MATRICES
from pipeline.validate import Dataset
from schemas import SHEETS

Books = Mapping[str, Mapping[str, Sequence[Mapping[str, object]]]]
MATRIX = MATRICES["charnwood-3x3"]


def defaults() -> tuple[Books, tuple[Book, ...]]:
    """One row of each kind with the builders' defaults: the two sets of defaults agree."""
    return (
        {
            "register.xlsx": {
                "Partnerships": [partnership_row()],
                "Members": [member_row()],
                "Agreements": [agreement_row()],
                "Actions": [action_row()],
                "Risks": [risk_row()],
            },
            "survey.xlsx": {
                "Questions": [question_row()],
                "Responses": [response_row()],
                "Invitations": [
                    {"Survey year": 2026, "Organisation type": "Parish council", "Invited": 10}
                ],
            },
        },
        (
            Book(
                partnerships=[Partnership()],
                members=[Member()],
                agreements=[Agreement()],
                actions=[Action()],
                risks=[Risk()],
            ),
            Book(
                "survey.xlsx",
                questions=[Question()],
                responses=[Response()],
                invitations=[Invitation()],
            ),
        ),
    )


def register_only() -> tuple[Books, tuple[Book, ...]]:
    """Only a Partnerships sheet: every other frame is empty, typed as validate types it."""
    return {"register.xlsx": {"Partnerships": [partnership_row()]}}, (
        Book(partnerships=[Partnership()]),
    )


EVERY_PARTNERSHIP_COLUMN = {
    "Partnership ID": "P-002",
    "Partnership": "Second",
    "Type": "Corporate body",
    "Category": "Service",
    "Status": "Proposed",
    "Council priority": None,
    "Lead partner": "Example Police",
    "Lead partner contact": "A Contact",
    "Lead officer": "Head of Finance",
    "Partnership manager": "Head of Planning",
    "Portfolio holder": "Cllr Example",
    "Head of service": "Head of Service",
    "Represented by": "Deputy",
    "Objectives": "Fewer burglaries",
    "Website": "https://www.example.org.uk",
    "Start date": None,
    "End date": date(2027, 3, 31),
    "Accountable body": "Yes",
    "Capacity to be accountable": "No",
    "Terms of reference": None,
    "Governance arrangements": "No",
    "Agreement date": date(2016, 1, 4),
    "Budget contribution": None,
    "Staff hours per month": 2.5,
    "Reporting frequency": None,
    "Last performance report": None,
    "Next review": date(2027, 1, 1),
    "Decision": "Pending",
    "Decision date": date(2026, 11, 2),
    "Comments": "Under review",
}


def overrides() -> tuple[Books, tuple[Book, ...]]:
    """Several rows a sheet, blanks and every column typed, three workbooks given out of
    name order, survey sheets with different question columns and an ID-less response."""
    second = Partnership(
        partnership_id="P-002",
        partnership="Second",
        type="Corporate body",
        category="Service",
        status="Proposed",
        council_priority=None,
        lead_partner="Example Police",
        lead_partner_contact="A Contact",
        lead_officer="Head of Finance",
        partnership_manager="Head of Planning",
        portfolio_holder="Cllr Example",
        head_of_service="Head of Service",
        represented_by="Deputy",
        objectives="Fewer burglaries",
        website="https://www.example.org.uk",
        start_date=None,
        end_date=date(2027, 3, 31),
        accountable_body=True,
        capacity_to_be_accountable=False,
        terms_of_reference=None,
        governance_arrangements=False,
        agreement_date=date(2016, 1, 4),
        budget_contribution=None,
        staff_hours_per_month=2.5,
        reporting_frequency=None,
        last_performance_report=None,
        next_review=date(2027, 1, 1),
        decision="Pending",
        decision_date=date(2026, 11, 2),
        comments="Under review",
    )
    typed_risk = {
        "Risk no": 2,
        "Risk type": "F, L",
        "Impact description": "Services stop",
        "Likelihood factors": "Budget cuts",
        "Inherent impact": 3,
        "Inherent likelihood": 3,
        "Inherent rating": None,
        "Control type": None,
        "Controls": None,
        "Control end date": date(2027, 1, 1),
        "Residual impact": None,
        "Residual likelihood": None,
        "Residual rating": None,
        "Risk owner": None,
        "Assessed by": "Auditor",
        "QA by": "Reviewer",
    }
    risk = Risk(
        risk_no=2,
        risk_type="F, L",
        impact_description="Services stop",
        likelihood_factors="Budget cuts",
        inherent_impact=3,
        inherent_likelihood=3,
        inherent_rating=None,
        control_type=None,
        controls=None,
        control_end_date=date(2027, 1, 1),
        residual_impact=None,
        residual_likelihood=None,
        residual_rating=None,
        risk_owner=None,
        assessed_by="Auditor",
        qa_by="Reviewer",
    )
    answered = [
        ("R-1", {"Q1": 5, "Q2": "Don't know"}),
        ("R-2", {"Q1": "Strongly agree"}),
        ("R-3", {"Q2": "More notice, please"}),
    ]
    return (
        {
            "risks.xlsx": {"Risks": [risk_row(), risk_row(**typed_risk)]},
            "register.xlsx": {
                "Partnerships": [partnership_row(), partnership_row(**EVERY_PARTNERSHIP_COLUMN)],
                "Members": [member_row(), member_row(Sector=None, Role=None)],
                "Agreements": [agreement_row(Commitment="No", **{"Decision making": None})],
                "Actions": [
                    action_row(),
                    action_row(**{"Partnership ID": "P-002", "Completed": date(2026, 7, 1)}),
                ],
            },
            "survey.xlsx": {
                "Questions": [
                    question_row(),
                    question_row(
                        **{"Question ID": "Q2", "Question": "Why?", "Theme": None, "Kind": "Text"}
                    ),
                ],
                "Responses": [
                    {**response_row(**{"Response ID": rid, "Organisation": None}), "Q1": None}
                    | answers
                    for rid, answers in answered
                ],
            },
        },
        (
            Book(
                "survey.xlsx",
                questions=[
                    Question(),
                    Question(question_id="Q2", question="Why?", theme=None, kind="Text"),
                ],
                responses=[
                    Response(response_id=rid, organisation=None, answers={"Q1": None} | answers)
                    for rid, answers in answered
                ],
            ),
            Book("risks.xlsx", risks=[Risk(), risk]),
            Book(
                partnerships=[Partnership(), second],
                members=[Member(), Member(sector=None, role=None)],
                agreements=[Agreement(commitment=False, decision_making=None)],
                actions=[Action(), Action(partnership_id="P-002", completed=date(2026, 7, 1))],
            ),
        ),
    )


def liaison() -> tuple[Books, tuple[Book, ...]]:
    """The town and parish council sheets, in a workbook of their own, blanks included."""
    return (
        {
            "register.xlsx": {"Partnerships": [partnership_row()]},
            "liaison.xlsx": {
                "Local councils": [
                    {
                        "Partnership ID": "p-001",
                        "Council type": "parish council",
                        "Councillors": 9,
                        "Clerk": "Parish Clerk",
                        "Contact details checked": "01/06/2026",
                    }
                ],
                "Meetings": [
                    {"Meeting date": "1 June 2026", "Meeting": "AGM", "Partnership ID": "P-001"},
                    {
                        "Meeting date": date(2026, 10, 14),
                        "Meeting": "clerks meeting",
                        "Partnership ID": None,
                        "Councils represented": 8,
                        "Agenda items from partners": 3,
                    },
                ],
                "Consultations": [consultation_row(**{"Lead officer": "Planning Policy Manager"})],
                "Devolved services": [
                    devolved_service_row(),
                    {"Partnership ID": "P-001", "Service": "Litter picking", "Stage": "Interest"},
                ],
            },
        },
        (
            Book(partnerships=[Partnership()]),
            Book(
                "liaison.xlsx",
                local_councils=[LocalCouncil(ward=None)],
                meetings=[
                    Meeting(),
                    Meeting(
                        meeting_date=date(2026, 10, 14),
                        meeting="Clerks meeting",
                        partnership_id=None,
                        councils_represented=8,
                        agenda_items_from_partners=3,
                    ),
                ],
                consultations=[Consultation()],
                devolved_services=[
                    DevolvedService(),
                    DevolvedService(
                        service="Litter picking",
                        stage="Interest",
                        agreement_start=None,
                        agreement_end=None,
                        annual_funding=None,
                    ),
                ],
            ),
        ),
    )


CASES: dict[str, Callable[[], tuple[Books, tuple[Book, ...]]]] = {
    "defaults": defaults,
    "liaison": liaison,
    "register-only": register_only,
    "overrides": overrides,
}


@pytest.mark.parametrize("case", CASES)
def test_builder_frames_equal_the_validated_frames(tmp_path: Path, case: str) -> None:
    """It gives every frame the columns, dtypes, values and provenance validate gives."""
    books, typed = CASES[case]()
    expected = valid_dataset(tmp_path / "input", books, matrix=MATRIX, as_of=AS_OF)
    built = dataset(*typed)
    for frame in dataclasses.fields(Dataset):
        if frame.name == "read":
            assert built.read == expected.read
            continue
        pd.testing.assert_frame_equal(
            getattr(built, frame.name), getattr(expected, frame.name), obj=frame.name
        )


@pytest.mark.parametrize("sheet", ROW_TYPES)
def test_each_row_type_has_its_sheets_columns_in_order(sheet: str) -> None:
    """Every row type has a field per required schema column, and its fields are schema
    columns in the schema's order and no other (Responses add their answers); an optional
    column with no field is blank in every row (a column added to schemas/ needs no field)."""
    names = [f.name for f in dataclasses.fields(ROW_TYPES[sheet])]
    extra = ["answers"] if sheet == "Responses" else []
    columns = [column.name for column in SHEETS[sheet].columns]
    assert names == [name for name in columns if name in names] + extra
    assert {column.name for column in SHEETS[sheet].required} <= set(names)
