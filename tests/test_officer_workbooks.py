"""The officers' workbooks as published (officers/<name>.xlsx), read back with openpyxl: each
says which council, period and position date it is for; each action owner gets their own
follow-up actions, in their own workbook or, when they are an officer, in theirs, once."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, write_workbook
from conftest import AS_OF, SAMPLE_INPUT
from datasets import Action, Book, Partnership, dataset
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.cli import main
from pipeline.periods import financial_quarter
from pipeline.publish import OFFICERS, REPORT_DATA
from pipeline.run import check_inputs, report_workbooks
from pipeline.settings import Settings, load_settings
from pipeline.validate import Dataset

OWNED = Book(
    partnerships=[
        Partnership(),  # P-001, led by the Community Safety Manager
        Partnership(partnership_id="P-002", lead_officer="Head of Finance"),
    ],
    actions=[
        # The lead officer's own action on their own partnership: on their list once.
        Action(action="Refresh the terms of reference", due=date(2026, 10, 1)),
        # The Community Safety Manager's action on the Head of Finance's partnership.
        Action(partnership_id="P-002", action="Cost the CCTV upgrade", due=date(2027, 1, 15)),
        # Owners who lead nothing.
        Action(action="Book the venue", owner="Jo Bloggs (Events)", due=date(2026, 11, 1)),
        Action(partnership_id="P-002", action="Sign the lease", owner="Head of Finance?",
               due=date(2027, 2, 1)),
        # The Head of Finance, written otherwise: theirs, no file of its own.
        Action(partnership_id="P-001", action="Agree the budget", owner="head of  finance",
               due=date(2026, 12, 1)),
        # Done, or not yet due soon: no list.
        Action(action="Closed one", owner="Pat Done", due=date(2026, 9, 1),
               completed=date(2026, 9, 2)),
        Action(action="Far off", owner="Sam Later", due=date(2027, 12, 1)),
    ],
)  # fmt: skip


def _tables(data: Dataset, settings: Settings) -> ReportTables:
    return report_tables(
        data, settings=settings, as_of=AS_OF, findings=[], period=financial_quarter(AS_OF)
    )


def _books(data: Dataset, settings: Settings) -> dict[str, Workbook]:
    files = report_workbooks(
        _tables(data, settings),
        data,
        settings=settings,
        period=financial_quarter(AS_OF),
        as_of=AS_OF,
    )
    return {
        name.removeprefix(f"{OFFICERS}/"): load_workbook(io.BytesIO(content))
        for name, content in files.items()
        if name.endswith(".xlsx") and name != REPORT_DATA
    }


def _rows(book: Workbook, sheet: str) -> list[dict[str, object]]:
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _about(book: Workbook) -> dict[object, object]:
    return {row["Item"]: row["Detail"] for row in _rows(book, "About")}


@pytest.fixture
def owned(settings: Settings) -> dict[str, Workbook]:
    return _books(dataset(OWNED), settings)


def test_an_owner_who_leads_nothing_gets_their_own_actions(owned: dict[str, Workbook]) -> None:
    assert sorted(owned) == [
        "Community Safety Manager.xlsx",
        "Head of Finance (2).xlsx",  # "Head of Finance?": the officer keeps the plain name
        "Head of Finance.xlsx",
        "Jo Bloggs (Events).xlsx",
    ]
    jo = owned["Jo Bloggs (Events).xlsx"]
    assert jo.sheetnames == ["About", "Overdue", "Due soon", "Data quality"]
    assert [(r["Partnership ID"], r["Check"], r["Detail"]) for r in _rows(jo, "Overdue")] == [
        ("P-001", "Action overdue", "Book the venue (Jo Bloggs (Events))")
    ]
    assert _rows(jo, "Due soon") == []
    about = _about(jo)
    assert about["For"] == "Jo Bloggs (Events)"
    assert about["As"] == "Owner of follow-up actions"
    assert about["Listed"] == "The follow-up actions you own"
    assert about["Overdue"] == "1 item due before 31 December 2026 and not done"
    question = owned["Head of Finance (2).xlsx"]
    assert [r["Detail"] for r in _rows(question, "Due soon")] == [
        "Sign the lease (Head of Finance?)"
    ]
    assert _rows(question, "Overdue") == []


def test_an_officers_own_actions_elsewhere_are_added_once(owned: dict[str, Workbook]) -> None:
    safety = owned["Community Safety Manager.xlsx"]
    overdue = [r["Detail"] for r in _rows(safety, "Overdue") if r["Check"] == "Action overdue"]
    # Every action on P-001 (they lead it), whoever owns it, each once.
    assert sorted(overdue) == [
        "Agree the budget (head of  finance)",
        "Book the venue (Jo Bloggs (Events))",
        "Refresh the terms of reference (Community Safety Manager)",
    ]
    # Their action on the Head of Finance's partnership, listed under its lead officer.
    due = [(r["Partnership ID"], r["Responsible officer"], r["Detail"]) for r in _rows(safety, "Due soon")
           if r["Check"] == "Action due"]  # fmt: skip
    assert due == [("P-002", "Head of Finance", "Cost the CCTV upgrade (Community Safety Manager)")]
    assert _about(safety)["As"] == "Lead officer and owner of follow-up actions"
    assert _about(safety)["Listed"].endswith(
        "and the follow-up actions you own on other partnerships"
    )
    finance = owned["Head of Finance.xlsx"]
    # "head of  finance" is the Head of Finance: their P-001 action is on their list.
    assert "Agree the budget (head of  finance)" in [r["Detail"] for r in _rows(finance, "Overdue")]
    assert "Cost the CCTV upgrade (Community Safety Manager)" in [
        r["Detail"] for r in _rows(finance, "Due soon")
    ]


def test_each_workbook_says_whom_and_what_it_is_for(
    owned: dict[str, Workbook], settings: Settings
) -> None:
    book = owned["Head of Finance.xlsx"]
    assert book.sheetnames[0] == "About"
    about = _about(book)
    assert about["Council"] == settings.council
    assert about["For"] == "Head of Finance"
    assert about["Period"] == "2026/27 Q3 (1 October 2026 to 31 December 2026)"
    # The position date is a real date, shown as the other dates are.
    assert about["Position as at"] == datetime(2026, 12, 31)  # noqa: DTZ001 (as Excel has it)
    cells = {row[0].value: row[1] for row in book["About"].iter_rows(min_row=2)}
    assert cells["Position as at"].number_format == "dd/mm/yyyy"
    late, soon = len(_rows(book, "Overdue")), len(_rows(book, "Due soon"))
    assert (
        about["Overdue"]
        == f"{late} item{'s' * (late != 1)} due before 31 December 2026 and not done"
    )
    assert about["Due soon"] == (
        f"{soon} item{'s' * (soon != 1)} falling due from 31 December 2026 to 31 March 2027"
    )
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$1:$1"


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, Workbook], pd.DataFrame, pd.DataFrame]:
    """The shipped sample's officers' workbooks, with its Overdue and Due soon tables."""
    settings = load_settings(SAMPLE_INPUT)
    _, data, findings = check_inputs(SAMPLE_INPUT, settings=settings, as_of=AS_OF)
    tables = report_tables(
        data, settings=settings, as_of=AS_OF, findings=findings, period=financial_quarter(AS_OF)
    )
    files = report_workbooks(
        tables, data, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    assert files == report_workbooks(
        tables, data, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )  # the same bytes every run
    books = {
        name.removeprefix(f"{OFFICERS}/"): load_workbook(io.BytesIO(content))
        for name, content in files.items()
        if name.endswith(".xlsx") and name != REPORT_DATA
    }
    return books, tables.overdue, tables.due_soon


def test_the_samples_partnership_manager_gets_the_action_they_own(
    sample: tuple[dict[str, Workbook], pd.DataFrame, pd.DataFrame],
) -> None:
    """In the sample, the Head of Customer Experience owns an action on P-025, whose lead
    officer is the Communities and Partnerships Officer: it is on both their lists."""
    books, overdue, _ = sample
    detail = (
        "Arrange the annual review meeting with Mountsorrel Parish Council"
        " (Head of Customer Experience)"
    )
    assert detail in overdue["Detail"].tolist()
    for name in ("Head of Customer Experience", "Communities and Partnerships Officer"):
        details = [r["Detail"] for r in _rows(books[f"{name}.xlsx"], "Overdue")]
        assert details.count(detail) == 1, name
    # Every lead officer still has exactly their rows, and the owned actions on top.
    safety = books["Community Safety Manager.xlsx"]
    assert (
        len(_rows(safety, "Overdue"))
        == (overdue["Responsible officer"] == "Community Safety Manager").sum()
    )
    about = _about(books["Head of Customer Experience.xlsx"])
    assert about["Council"] == "Charnwood Borough Council"
    assert about["Period"] == "2026/27 Q3 (1 October 2026 to 31 December 2026)"


def test_the_samples_officer_workbooks_are_formatted_for_print(
    sample: tuple[dict[str, Workbook], pd.DataFrame, pd.DataFrame],
) -> None:
    books, _, _ = sample
    assert books
    for name, book in books.items():
        # A partnership manager whose councils asked for something has their requests too.
        assert book.sheetnames[:4] == ["About", "Overdue", "Due soon", "Data quality"], name
        assert book.sheetnames[4:] in ([], ["Council requests"]), name
        for sheet in book:
            assert sheet.page_setup.orientation == "landscape"
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert sheet.print_title_rows == "$1:$1"
        overdue = book["Overdue"]
        due = [cell.value for cell in overdue[1]].index("Due date")
        dates = [row[due] for row in overdue.iter_rows(min_row=2) if row[due].value is not None]
        assert all(cell.number_format == "dd/mm/yyyy" for cell in dates)
    assert any("Council requests" in book.sheetnames for book in books.values())


@pytest.mark.slow
def test_officers_whose_names_differ_only_by_case_get_one_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two partnerships led by the same officer, typed `Community Safety Manager` and
    `community safety manager`, give one workbook with both, not two files whose names
    collide on Windows and macOS (issue 26)."""
    folder = tmp_path / "input"
    folder.mkdir()
    late = date(2024, 1, 1)  # reviewed well over a year before AS_OF: overdue
    write_workbook(
        folder / "register.xlsx",
        {
            "Partnerships": [
                partnership_row(**{"Last review": late}),
                partnership_row(**{"Partnership ID": "P-002", "Partnership": "Second one",
                                   "Lead officer": "community  safety manager",
                                   "Last review": late}),
            ]
        },
    )  # fmt: skip
    output = tmp_path / "output"
    args = ["report", "--input", str(folder), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0, capsys.readouterr()
    folder_of_lists = output / financial_quarter(AS_OF).slug / OFFICERS
    names = [p.name for p in folder_of_lists.iterdir()]
    assert [n.casefold() for n in names].count("community safety manager.xlsx") == 1
    assert len({n.casefold() for n in names}) == len(names)
    book = load_workbook(folder_of_lists / "Community Safety Manager.xlsx", read_only=True)
    overdue = pd.DataFrame(book["Overdue"].values)
    assert {"P-001", "P-002"} <= set(overdue.iloc[1:, 0])
