"""Risk actions (WORKBOOKS.md §11): the actions behind each risk, from the sheet to the
Overdue and Due soon lists, the owners' workbooks, the public edition and the risk pages."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, risk_action_row, risk_row, write_workbook
from conftest import AS_OF
from datasets import Book, Partnership, Risk, RiskAction, dataset
from pypdf import PdfReader

from pipeline.analyse.checks import RISK_ACTION, checks_counted
from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.analyse.views.exempt import marked, without
from pipeline.analyse.views.officers import ListsFor, officer_lists
from pipeline.analyse.views.pages import OPEN_ACTIONS, pages
from pipeline.cli import main
from pipeline.periods import Period
from pipeline.public import Record, public_tables
from pipeline.run import check_inputs
from pipeline.settings import Settings
from pipeline.validate import Dataset

ABOUT = ListsFor("Charnwood Borough Council", Period(2026, 3), AS_OF, 90)


def _input(folder: Path, *actions: dict[str, object], risks: int = 1) -> Path:
    """A register with P-001, its risks 1 to `risks`, and these Risk actions rows in the risk
    workbook beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(
        folder / "risks.xlsx",
        {
            "Risks": [risk_row(**{"Risk no": n}) for n in range(1, risks + 1)],
            "Risk actions": list(actions),
        },
    )
    return folder


# Validation --------------------------------------------------------------------------------


def test_an_action_for_a_risk_the_partnership_does_not_have_is_an_error_at_its_cell(
    tmp_path: Path, settings: Settings
) -> None:
    """Risk no 2 of P-001, which has only risk 1: one error, at the Risk no cell (B3: the
    second action's row), saying which risk and partnership."""
    folder = _input(tmp_path / "input", risk_action_row(), risk_action_row(**{"Risk no": 2}))
    _, data, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    [found] = findings
    assert (found.rule, found.severity) == ("risk_action.unknown_risk", "Error")
    assert found.where == "risks.xlsx › Risk actions › B3"
    assert "Risk no 2 is not a risk of partnership P-001" in found.message
    assert len(data.risk_actions) == 2


def test_an_action_for_an_unknown_partnership_has_one_message_only(
    tmp_path: Path, settings: Settings
) -> None:
    """The unknown Partnership ID is the one cause: no second message about its risk."""
    folder = _input(tmp_path / "input", risk_action_row(**{"Partnership ID": "P-404"}))
    _, _, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [(f.rule, f.cell) for f in findings] == [("id.unknown_partnership", "A2")]


def test_a_partnership_id_typed_in_other_capitals_finds_its_risk(
    tmp_path: Path, settings: Settings
) -> None:
    """IDs compare as everywhere else: `p-001` is P-001, whose risk 1 exists."""
    folder = _input(tmp_path / "input", risk_action_row(**{"Partnership ID": "p-001"}))
    _, data, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert findings == []
    assert list(data.risk_actions["partnership_id"]) == ["P-001"]


@pytest.mark.parametrize("heading", ["Partnership ID", "Risk no", "Action", "Owner", "Due"])
def test_every_column_but_completed_must_be_filled_in(
    tmp_path: Path, settings: Settings, heading: str
) -> None:
    """A blank required cell is `value.required` at that cell; Completed may be blank."""
    folder = _input(tmp_path / "input", risk_action_row(**{heading: None}))
    _, _, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [(f.rule, f.column) for f in findings] == [("value.required", heading)]


@pytest.mark.parametrize(
    ("heading", "typed", "rule"),
    [
        ("Due", "31/02/2027", "date.impossible"),
        ("Completed", "03/14/2026", "date.month_first"),
        ("Due", "next spring", "date.not_a_date"),
    ],
)
def test_dates_are_read_as_every_other_date_column(
    tmp_path: Path, settings: Settings, heading: str, typed: str, rule: str
) -> None:
    """The date rules of every date column, at the cell."""
    folder = _input(tmp_path / "input", risk_action_row(**{heading: typed}))
    _, _, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [(f.rule, f.column) for f in findings] == [(rule, heading)]


# Overdue, Due soon and the Risk actions table ------------------------------------------------


def _tables(
    *actions: RiskAction, partnership: Partnership | None = None, settings: Settings
) -> ReportTables:
    """The report tables of P-001 (risks 1 and 2) with these risk actions."""
    book = Book(
        partnerships=[partnership or Partnership()],
        risks=[Risk(), Risk(risk_no=2)],
        risk_actions=list(actions),
    )
    return report_tables(dataset(book), settings=settings, as_of=AS_OF, findings=[])


def _risk_action_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["Check"] == RISK_ACTION.overdue]


def test_an_open_action_is_overdue_from_the_day_after_it_was_due_and_due_soon_until_then(
    settings: Settings,
) -> None:
    """Due yesterday: Overdue (1 day). Due today, and on the last day of due_soon_days:
    Due soon. A day later: neither. Each row names its risk first, then the action and its
    owner."""
    horizon = AS_OF + timedelta(days=settings.due_soon_days)
    days = {
        "yesterday": AS_OF - timedelta(days=1),
        "today": AS_OF,
        "horizon": horizon,
        "beyond": horizon + timedelta(days=1),
    }
    tables = _tables(
        *(RiskAction(risk_no=2, action=f"Due {when}", due=day) for when, day in days.items()),
        settings=settings,
    )
    late = _risk_action_rows(tables.overdue)
    assert list(late["Detail"]) == ["Risk 2: Due yesterday (Head of Finance)"]
    assert list(late["Days overdue"]) == [1]
    assert list(late["Risk no"]) == [2]
    soon = _risk_action_rows(tables.due_soon)
    assert list(soon["Detail"]) == [
        "Risk 2: Due today (Head of Finance)",
        "Risk 2: Due horizon (Head of Finance)",
    ]
    assert list(soon["Days until due"]) == [0, settings.due_soon_days]
    status = dict(zip(tables.risk_actions["Action"], tables.risk_actions["Status"], strict=True))
    assert status == {
        "Due yesterday": "Late",
        "Due today": "Open",
        "Due horizon": "Open",
        "Due beyond": "Open",
    }


def test_a_completed_action_is_done_unless_completed_after_the_reporting_date(
    settings: Settings,
) -> None:
    """Completed by the reporting date: Done, in neither list. Completed after it: it was
    still open then, so Late. A blank Completed is open."""
    due = AS_OF - timedelta(days=30)
    tables = _tables(
        RiskAction(action="Done in time", due=due, completed=due),
        RiskAction(action="Done later", due=due, completed=AS_OF + timedelta(days=1)),
        RiskAction(action="Not done", due=due),
        settings=settings,
    )
    assert list(_risk_action_rows(tables.overdue)["Detail"]) == [
        "Risk 1: Done later (Head of Finance)",
        "Risk 1: Not done (Head of Finance)",
    ]
    status = dict(zip(tables.risk_actions["Action"], tables.risk_actions["Status"], strict=True))
    assert status == {"Done in time": "Done", "Done later": "Late", "Not done": "Late"}


def test_a_closed_partnerships_risk_actions_are_not_checked(settings: Settings) -> None:
    """Like the risk analysis, the checks leave Closed partnerships out; a Suspended one's
    late action is listed."""
    late = RiskAction(due=AS_OF - timedelta(days=5))
    closed = _tables(late, partnership=Partnership(status="Closed"), settings=settings)
    assert _risk_action_rows(closed.overdue).empty
    assert closed.risk_actions.empty
    suspended = _tables(late, partnership=Partnership(status="Suspended"), settings=settings)
    assert len(_risk_action_rows(suspended.overdue)) == 1


def test_check_counts_list_risk_actions_only_when_a_workbook_has_the_sheet() -> None:
    """The check is switched on by the sheet, as the liaison checks are."""
    assert RISK_ACTION in checks_counted(frozenset({"Partnerships", "Risk actions"}))
    assert RISK_ACTION not in checks_counted(frozenset({"Partnerships", "Risks"}))


# The owners' workbooks -----------------------------------------------------------------------


def test_an_actions_owner_gets_it_in_their_own_workbook(settings: Settings) -> None:
    """The owner, who leads no partnership, gets a workbook holding their late action; the
    lead officer's holds it too, as Responsible officer."""
    data = dataset(
        Book(
            partnerships=[Partnership()],
            risks=[Risk()],
            risk_actions=[
                RiskAction(owner="Head of Legal Services", due=AS_OF - timedelta(days=3)),
                RiskAction(action="Later", owner="Head of Legal Services", due=date(2027, 9, 1)),
            ],
        )
    )
    tables = report_tables(data, settings=settings, as_of=AS_OF, findings=[])
    quality = pd.DataFrame(columns=["Partnership ID", "Sheet"])
    lists = officer_lists(
        tables.overdue,
        tables.due_soon,
        quality,
        data.partnerships,
        data.actions,
        about=ABOUT,
        risk_actions=data.risk_actions,
    )
    owner = lists["Head of Legal Services.xlsx"]
    assert list(owner["Overdue"]["Detail"]) == [
        "Risk 1: Agree a three-year funding plan with the partners (Head of Legal Services)"
    ]
    assert owner["Due soon"].empty  # the later one is beyond due_soon_days
    lead = lists[f"{Partnership().lead_officer}.xlsx"]
    assert RISK_ACTION.overdue in set(lead["Overdue"]["Check"])


# The public edition --------------------------------------------------------------------------


def _exempt_dataset() -> Dataset:
    """P-001 with an exempt risk 2; P-002 exempt; each with a late action on each risk."""
    late = AS_OF - timedelta(days=10)
    return dataset(
        Book(
            partnerships=[
                Partnership(),
                Partnership(
                    partnership_id="P-002",
                    partnership="Exempt Partnership",
                    exempt=True,
                    exempt_reason="Schedule 12A paragraph 3",
                ),
            ],
            risks=[
                Risk(),
                Risk(risk_no=2, exempt=True, exempt_reason="Schedule 12A paragraph 3"),
                Risk(partnership_id="P-002"),
            ],
            risk_actions=[
                RiskAction(action="Public action", due=late),
                RiskAction(risk_no=2, action="Exempt risk's action", due=late),
                RiskAction(partnership_id="P-002", action="Exempt partnership's action", due=late),
            ],
        )
    )


def test_the_public_edition_leaves_out_exempt_partnerships_and_risks_actions(
    settings: Settings,
) -> None:
    """The data the public edition is worked out on has only the public risk's action, and so
    have its Overdue list and its Risk actions table; the board's have all three."""
    data = _exempt_dataset()
    assert list(without(data, marked(data)).risk_actions["action"]) == ["Public action"]
    public, withheld = public_tables(
        data, Record(), settings=settings, as_of=AS_OF, period=Period(2026, 3)
    )
    assert (withheld.partnerships, withheld.risks) == (1, 2)
    assert list(public.risk_actions["Action"]) == ["Public action"]
    assert list(_risk_action_rows(public.overdue)["Detail"]) == [
        "Risk 1: Public action (Head of Finance)"
    ]
    board = report_tables(data, settings=settings, as_of=AS_OF, findings=[])
    assert len(_risk_action_rows(board.overdue)) == 3


# The risk pages ------------------------------------------------------------------------------


def test_each_printed_top_risk_carries_its_open_actions_soonest_first(settings: Settings) -> None:
    """The key partnership page's risks and the pack's highest risks: open actions only,
    soonest due first."""
    tables = _tables(
        RiskAction(action="Second", due=date(2027, 5, 1)),
        RiskAction(action="First", due=date(2027, 2, 1)),
        RiskAction(action="Done", due=date(2026, 6, 1), completed=date(2026, 5, 1)),
        settings=settings,
    )
    arranged = pages(tables)
    [page] = arranged.key_partnerships
    by_risk = {risk["Risk no"]: risk[OPEN_ACTIONS] for risk in page.risks}
    assert [action["Action"] for action in by_risk[1]] == ["First", "Second"]
    assert by_risk[2] == []
    highest = {row["Risk no"]: row[OPEN_ACTIONS] for row in arranged.highest_risks}
    assert [action["Action"] for action in highest[1]] == ["First", "Second"]


@pytest.mark.slow
def test_the_annual_reports_key_partnership_page_shows_a_top_risks_open_actions(
    tmp_path: Path,
) -> None:
    """Read back from the PDF: the open actions under their risk with owner and due date,
    the late one marked; the done one not printed."""
    folder = _input(
        tmp_path / "input",
        risk_action_row(Action="Agree the reserve plan", Due=date(2026, 12, 1)),
        risk_action_row(Action="Publish the tracker", Owner="Town Centre Manager"),
        risk_action_row(
            Action="Train the board", Due=date(2026, 6, 30), Completed=date(2026, 6, 20)
        ),
    )
    output = tmp_path / "output"
    args = ["report", "--input", str(folder), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0
    reader = PdfReader(output / "2026-27-Q3" / "annual-partnership-report.pdf")
    pages_text = [" ".join(page.extract_text().split()) for page in reader.pages]
    [page] = [text for text in pages_text if "Three highest risks" in text]
    assert "Agree the reserve plan – Head of Finance, due 1 December 2026, late" in page
    assert "Publish the tracker – Town Centre Manager, due 30 June 2027" in page
    assert page.index("Agree the reserve plan") < page.index("Publish the tracker")
    assert "Train the board" not in " ".join(pages_text)
    data = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Risk actions", engine="openpyxl"
    )
    assert sorted(data["Status"]) == ["Done", "Late", "Open"]
