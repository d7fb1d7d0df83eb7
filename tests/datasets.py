"""Validated datasets built in memory for analyse tests: no workbooks, no earlier stages.

Each row type is one sheet's row as validate leaves it: a frozen dataclass with a field per
column of the sheet's schema (in the schema's order), typed values (dates as `date`, Yes/No as
`bool`, money as `float`, risk levels as whole numbers) and the defaults of the valid rows in
tests/builders.py, read as normalise reads them. Override what the test is about:

    dataset(Book(partnerships=[Partnership(status="Closed")], risks=[Risk()]))

`dataset()` stacks the rows of every book into a `pipeline.validate.Dataset` whose frames have
exactly the columns, dtypes and provenance (`source_file`, `source_sheet`, `source_row`)
that load → normalise → validate give the same rows in workbooks: each sheet is named for its
kind, with its heading in row 1, so its rows are rows 2, 3, … (tests/analyse/
test_datasets_builder.py proves it against the real stages). Values are taken as validate
leaves them: Partnership IDs in the register's spelling, Question IDs upper-case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipeline.load import SOURCE_COLUMNS
from pipeline.normalise import ANSWER_COLUMNS
from pipeline.parsers import parse_answer
from pipeline.validate import SHEET_ATTRIBUTES, Dataset
from schemas import SHEETS, ColumnSpec, Kind
from schemas.kinds import KINDS

DEFAULT_DAY = date(2026, 6, 1)  # reviewed, health-checked, reported on and risks assessed


@dataclass(frozen=True, slots=True)
class Partnership:
    """A Partnerships row: Key, Active, started 1 April 2015, every governance document in
    place, £30,000 and 10 staff hours a month, reviewed, health-checked and reported on
    (annually) 1 June 2026."""

    partnership_id: str = "P-001"
    partnership: str = "Example Community Safety Partnership"
    type: str = "Strategic/advisory"
    category: str = "Key"
    status: str = "Active"
    council_priority: str | None = "Safer communities"
    lead_partner: str = "Example County Council"
    lead_partner_contact: str | None = None
    lead_officer: str = "Community Safety Manager"
    partnership_manager: str | None = None
    portfolio_holder: str | None = None
    head_of_service: str | None = None
    represented_by: str | None = None
    objectives: str | None = None
    website: str | None = None
    start_date: date | None = date(2015, 4, 1)
    end_date: date | None = None
    accountable_body: bool | None = False
    capacity_to_be_accountable: bool | None = None
    terms_of_reference: bool | None = True
    governance_arrangements: bool | None = True
    information_sharing_protocol: bool | None = True
    exit_strategy: bool | None = True
    equality_impact_assessment: bool | None = True
    agreement_date: date | None = None
    budget_contribution: float | None = 30000.0
    staff_hours_per_month: float | None = 10.0
    reporting_frequency: str | None = "Annual"
    last_performance_report: date | None = DEFAULT_DAY
    last_review: date | None = DEFAULT_DAY
    last_health_check: date | None = DEFAULT_DAY
    next_review: date | None = None
    decision: str | None = None
    decision_date: date | None = None
    comments: str | None = None
    exempt: bool | None = None
    exempt_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """A Members row: the council, leading P-001."""

    partnership_id: str = "P-001"
    organisation: str = "Example County Council"
    sector: str | None = "Public sector"
    role: str | None = "Lead"


@dataclass(frozen=True, slots=True)
class Agreement:
    """An Agreements row for P-001 covering all eight items."""

    partnership_id: str = "P-001"
    purpose_and_scope: bool | None = True
    equality_and_diversity: bool | None = True
    partnership_mix: bool | None = True
    commitment: bool | None = True
    roles_and_responsibilities: bool | None = True
    decision_making: bool | None = True
    reporting_and_information_sharing: bool | None = True
    complaints_procedure: bool | None = True


@dataclass(frozen=True, slots=True)
class Action:
    """An open Actions row of P-001, due 30 June 2027."""

    partnership_id: str = "P-001"
    action: str = "Refresh the terms of reference"
    owner: str = "Community Safety Manager"
    due: date = date(2027, 6, 30)
    completed: date | None = None


@dataclass(frozen=True, slots=True)
class Risk:
    """A Risks row of P-001 on the Charnwood 3×3 matrix: inherent impact 2 × likelihood 2
    (typed rating 5), residual impact 1 × likelihood 2 (typed rating 2), assessed 1 June 2026.
    Levels are the scales' numbers (1 is the lowest)."""

    partnership_id: str = "P-001"
    risk_no: int = 1
    risk_type: str | None = "F"  # letters as normalise writes them: "F, L"
    risk: str = "The risk that funding ends because of budget cuts, resulting in lost services."
    impact_description: str | None = None
    likelihood_factors: str | None = None
    inherent_impact: int = 2
    inherent_likelihood: int = 2
    inherent_rating: float | None = 5.0
    control_type: str | None = "R"
    controls: str | None = "Annual funding agreement with partners"
    control_end_date: date | None = None
    residual_impact: int | None = 1
    residual_likelihood: int | None = 2
    residual_rating: float | None = 2.0
    risk_owner: str | None = "Head of Finance"
    assessed_by: str | None = None
    qa_by: str | None = None
    assessment_date: date = DEFAULT_DAY
    target_impact: int | None = None
    target_likelihood: int | None = None
    target_date: date | None = None
    exempt: bool | None = None
    exempt_reason: str | None = None


def risk_at(
    no: int,
    inherent: tuple[int, int],
    residual: tuple[int, int] | None,
    *,
    control_type: str | None = "R",
    risk_type: str | None = "F",
) -> Risk:
    """Risk `no` of P-001 at these (impact, likelihood) levels, inherent and residual (None:
    blank, no controls recorded), its ratings not typed (analyse rates risks on the matrix)."""
    return Risk(
        risk_no=no,
        risk_type=risk_type,
        inherent_impact=inherent[0],
        inherent_likelihood=inherent[1],
        inherent_rating=None,
        control_type=control_type,
        residual_impact=residual[0] if residual else None,
        residual_likelihood=residual[1] if residual else None,
        residual_rating=None,
    )


@dataclass(frozen=True, slots=True)
class RiskAction:
    """An open Risk actions row of P-001's risk 1, due 30 June 2027."""

    partnership_id: str = "P-001"
    risk_no: int = 1
    action: str = "Agree a three-year funding plan with the partners"
    owner: str = "Head of Finance"
    due: date = date(2027, 6, 30)
    completed: date | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """A Questions row: Q1, a Scale question on Communication."""

    question_id: str = "Q1"
    question: str = "The council keeps us informed"
    theme: str | None = "Communication"
    kind: str | None = "Scale"


@dataclass(frozen=True, slots=True)
class Response:
    """A Responses row: a parish council's 2026 response.

    `answers` are its question columns, Question ID → the answer as typed in the cell (5,
    "Agree", "Don't know", a comment, None); they become the dataset's `answers` rows, scored
    by the parser normalise uses. Every response of a sheet has a cell in each question column
    any of them answers (blank where it has no answer), as in a workbook.
    """

    response_id: str = "R-001"
    survey_year: int = 2026
    organisation: str | None = "Example Parish Council"
    organisation_type: str = "Parish council"
    partnership_id: str | None = None
    answers: Mapping[str, object] = field(default_factory=lambda: {"Q1": "Agree"})


@dataclass(frozen=True, slots=True)
class Invitation:
    """An Invitations row: ten parish councils invited in 2026."""

    survey_year: int = 2026
    organisation_type: str = "Parish council"
    invited: int = 10


@dataclass(frozen=True, slots=True)
class LocalCouncil:
    """A Local councils row: P-001 as a parish council of 9 councillors, its contact details
    checked 1 June 2026."""

    partnership_id: str = "P-001"
    council_type: str = "Parish council"
    councillors: int | None = 9
    clerk: str | None = "Parish Clerk"
    ward: str | None = None
    information_wanted: str | None = None
    training_needs: str | None = None
    contact_details_checked: date | None = DEFAULT_DAY


@dataclass(frozen=True, slots=True)
class Meeting:
    """A Meetings row: P-001's AGM, 1 June 2026."""

    meeting_date: date = DEFAULT_DAY
    meeting: str = "AGM"
    partnership_id: str | None = "P-001"
    council_officer: str | None = None
    councils_represented: int | None = None
    agenda_items_from_partners: int | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Consultation:
    """A Consultations row: issued 1 September 2026, closing after exactly six weeks, to ten
    councils, four of which responded."""

    consultation: str = "Local Plan review"
    issued: date = date(2026, 9, 1)
    closes: date = date(2026, 10, 13)
    lead_officer: str | None = "Planning Policy Manager"
    councils_consulted: int | None = 10
    responses: int | None = 4


@dataclass(frozen=True, slots=True)
class DevolvedService:
    """A Devolved services row: P-001 delivering landscaping under an agreement from 1 April
    2025 to 31 March 2028 for £12,000 a year."""

    partnership_id: str = "P-001"
    service: str = "Landscaping"
    stage: str = "Agreement"
    agreement_start: date | None = date(2025, 4, 1)
    agreement_end: date | None = date(2028, 3, 31)
    annual_funding: float | None = 12000.0


@dataclass(frozen=True, slots=True)
class CommentaryRow:
    """A Commentary row: the annual report's summary."""

    report: str = "Annual"
    section: str = "Summary"
    text: str = "The register is complete."
    exempt: bool | None = None
    exempt_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A Recommendations row: the annual report's first."""

    report: str = "Annual"
    no: int = 1
    recommendation: str = "note the partnership register."
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Officer:
    """An Officers row: the sample's community safety manager, at an invented address."""

    name: str = "Community Safety Manager"
    role: str | None = "Community Safety Manager"
    email: str | None = "community.safety.manager@council.example"
    team: str | None = "Community Safety"


Row = (
    Partnership
    | Member
    | Agreement
    | Action
    | Risk
    | RiskAction
    | Question
    | Response
    | Invitation
    | LocalCouncil
    | Meeting
    | Consultation
    | DevolvedService
    | CommentaryRow
    | Recommendation
    | Officer
)
ROW_TYPES: dict[str, type[Row]] = {
    "Partnerships": Partnership,
    "Members": Member,
    "Agreements": Agreement,
    "Actions": Action,
    "Risks": Risk,
    "Risk actions": RiskAction,
    "Questions": Question,
    "Responses": Response,
    "Invitations": Invitation,
    "Local councils": LocalCouncil,
    "Meetings": Meeting,
    "Consultations": Consultation,
    "Devolved services": DevolvedService,
    "Commentary": CommentaryRow,
    "Recommendations": Recommendation,
    "Officers": Officer,
}


@dataclass(frozen=True, slots=True)
class Book:
    """One workbook: its file name and the rows of each of its sheets (each sheet named for
    its kind; a kind with no rows has no sheet)."""

    file: str = "register.xlsx"
    partnerships: Sequence[Partnership] = ()
    members: Sequence[Member] = ()
    agreements: Sequence[Agreement] = ()
    actions: Sequence[Action] = ()
    risks: Sequence[Risk] = ()
    risk_actions: Sequence[RiskAction] = ()
    questions: Sequence[Question] = ()
    responses: Sequence[Response] = ()
    invitations: Sequence[Invitation] = ()
    local_councils: Sequence[LocalCouncil] = ()
    meetings: Sequence[Meeting] = ()
    consultations: Sequence[Consultation] = ()
    devolved_services: Sequence[DevolvedService] = ()
    commentary: Sequence[CommentaryRow] = ()
    recommendations: Sequence[Recommendation] = ()
    officers: Sequence[Officer] = ()


def _typed(values: list[object], kind: Kind) -> pd.Series:
    """A column of values as normalise types a column of this kind."""
    if kind is Kind.DATE:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype=KINDS[kind].dtype)
    return pd.Series(values, dtype=KINDS[kind].dtype)


def _provenance(records: list[tuple[object, ...]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows with their provenance, read as load reads them (an empty sheet's are untyped)."""
    return pd.DataFrame.from_records(records, columns=[*columns, *SOURCE_COLUMNS])


def _value(row: object, column: ColumnSpec) -> object:
    """The row's value of a column: an optional column the row class has no field for (one
    added to the schema since) is blank, so adding a column to schemas/ needs nothing here."""
    return getattr(row, column.name) if column.required else getattr(row, column.name, None)


def _sheet(name: str, books: Sequence[Book]) -> pd.DataFrame:
    """The frame of one kind of sheet: every book's rows, stacked in file order."""
    spec = SHEETS[name]
    attribute = SHEET_ATTRIBUTES[name]
    placed = [
        (row, book.file, number)
        for book in books
        for number, row in enumerate(getattr(book, attribute), start=2)
    ]
    source = _provenance([(file, name, number) for _, file, number in placed], ())
    frame = pd.DataFrame(
        {
            column.name: _typed([_value(row, column) for row, _, _ in placed], column.kind)
            for column in spec.columns
        },
        index=source.index,
    )
    frame = pd.concat([frame, source], axis=1)
    if "partnership_id" in frame and not frame.empty:
        # validate rewrites the IDs in the register's spelling with Series.map, which infers
        # their dtype afresh: an all-blank column (Responses' optional ID) comes out float64.
        frame["partnership_id"] = frame["partnership_id"].map(lambda value: value)
    return frame


def _answers(books: Sequence[Book]) -> pd.DataFrame:
    """Survey answers in long form, as normalise melts each Responses sheet: question by
    question (in the order they first appear), response by response."""
    records = []
    for book in books:
        cells = [{q.upper(): typed for q, typed in r.answers.items()} for r in book.responses]
        for question in dict.fromkeys(q for answers in cells for q in answers):
            for number, (response, answers) in enumerate(
                zip(book.responses, cells, strict=True), start=2
            ):
                score, text = parse_answer(answers.get(question))
                records.append(
                    (
                        response.response_id,
                        response.survey_year,
                        response.organisation_type,
                        question,
                        text,
                        score,
                        book.file,
                        "Responses",
                        number,
                    )
                )
    answers = (
        _provenance(records, ANSWER_COLUMNS[: -len(SOURCE_COLUMNS)])
        if records
        else pd.DataFrame().reindex(columns=list(ANSWER_COLUMNS))  # as normalise: float64
    )
    responses = SHEETS["Responses"]
    return answers.astype(
        {
            **{
                name: KINDS[responses.column(name).kind].dtype
                for name in ("response_id", "survey_year", "organisation_type")
            },
            "question_id": "str",
            "answer": "str",
            "score": "Int64",
        }
    )


def dataset(*books: Book) -> Dataset:
    """The validated dataset of these workbooks, built in memory. Books are read in file-name
    order, as load reads input/; with none, every frame is empty."""
    ordered = sorted(books, key=lambda book: book.file.casefold())
    frames = {attribute: _sheet(name, ordered) for name, attribute in SHEET_ATTRIBUTES.items()}
    read = frozenset(
        name
        for name, attribute in SHEET_ATTRIBUTES.items()
        if any(getattr(book, attribute) for book in ordered)
    )
    return Dataset(answers=_answers(ordered), read=read, **frames)


def responses_answering(
    year: int, organisation_type: str = "Parish council", **answers: Sequence[object]
) -> list[Response]:
    """One response per position in the answer lists: `Q1=[5, 4]` is two responses (a shorter
    list leaves the later responses blank for that question). Response IDs and organisations
    are numbered within the year and type, from 1."""
    count = max(len(column) for column in answers.values())
    return [
        Response(
            response_id=f"R-{year}-{organisation_type}-{n + 1}",
            survey_year=year,
            organisation=f"{organisation_type} {n + 1}",
            organisation_type=organisation_type,
            answers={q: column[n] if n < len(column) else None for q, column in answers.items()},
        )
        for n in range(count)
    ]
