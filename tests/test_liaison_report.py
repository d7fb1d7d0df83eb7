"""A parish-heavy council end to end (tests/parishes.py: 48 local councils, Milton Keynes-like)
→ the §7 rows in Overdue and Due soon, the liaison sheets of report-data.xlsx, each partnership
manager's officers/ workbook and the annual report's *Town and parish councils* chapter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import partnership_row, write_workbook
from conftest import AS_OF
from parishes import write_parish_input
from pypdf import PdfReader

from pipeline.analyse.topics.liaison import (
    CONSULTATIONS_COLUMNS,
    DEVOLVED_SERVICES_COLUMNS,
    LIAISON_COLUMNS,
    MEETINGS_HELD_COLUMNS,
)
from pipeline.cli import main

pytestmark = pytest.mark.slow

# WORKBOOKS.md §7, copied from the contract (not from the code) so a drift is caught.
CONTRACT_SHEETS = {
    "Liaison": [
        "Partnership ID", "Council", "Council type", "Partnership manager", "Last meeting",
        "Meetings held", "Last briefing", "Next due", "Next check", "Status",
    ],
    "Meetings held": [
        "Meeting", "Held", "Planned", "Councils represented", "Agenda items from partners",
    ],
    "Consultations": [
        "Consultation", "Issued", "Closes", "Days to respond", "Meets minimum", "Status",
        "Councils consulted", "Responses", "Response rate",
    ],
    "Devolved services": [
        "Partnership ID", "Council", "Service", "Stage", "Agreement start", "Agreement end",
        "Annual funding",
    ],
}  # fmt: skip


def _run(input_dir: Path, output: Path) -> Path:
    arguments = ["report", "--input", str(input_dir), "--output", str(output)]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return output / "2026-27-Q3"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parishes")
    return _run(write_parish_input(folder / "input"), folder / "output")


@pytest.fixture(scope="module")
def sheets(published: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(published / "report-data.xlsx", sheet_name=None, engine="openpyxl")


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_liaison_sheets_have_the_contract_columns(sheets: dict[str, pd.DataFrame]) -> None:
    for sheet, columns in CONTRACT_SHEETS.items():
        assert list(sheets[sheet].columns) == columns, sheet
    assert {
        "Liaison": list(LIAISON_COLUMNS),
        "Meetings held": list(MEETINGS_HELD_COLUMNS),
        "Consultations": list(CONSULTATIONS_COLUMNS),
        "Devolved services": list(DEVOLVED_SERVICES_COLUMNS),
    } == CONTRACT_SHEETS


def test_every_council_is_on_the_liaison_sheet_with_its_status(
    sheets: dict[str, pd.DataFrame],
) -> None:
    liaison = sheets["Liaison"].set_index("Partnership ID")
    assert len(liaison) == 48
    overdue = {"C-01", "C-03", "C-04", "C-05", "C-06", "C-08", "C-09", "C-10"}
    due_soon = {"C-02", "C-07"}
    status = liaison["Status"]
    assert set(status[status == "Overdue"].index) == overdue
    assert set(status[status == "Due soon"].index) == due_soon
    assert status["C-48"] == "Suspended"
    assert (status.drop([*overdue, *due_soon, "C-48"]) == "On track").all()
    # C-11's agreement expired, but devolution rows do not make a council overdue.
    assert status["C-11"] == "On track"


def test_the_checks_name_the_councils_and_the_officer_who_acts(
    sheets: dict[str, pd.DataFrame],
) -> None:
    """The rows worked out by hand in tests/parishes.py, at 31 December 2026."""
    late = sheets["Overdue"]
    found = {
        check: sorted(rows["Partnership ID"].fillna(rows["Partnership"]))
        for check, rows in late.groupby("Check")
    }
    assert found == {
        "Partnership manager missing": ["C-01"],
        "Liaison meeting overdue": ["C-03", "C-04", "C-05", "C-06"],
        "Briefing overdue": ["C-08"],
        "Contact details check overdue": ["C-09", "C-10"],
        "Parish forum overdue": ["All local councils"],
        "Devolution agreement expired": ["C-11"],
    }
    soon = sheets["Due soon"]
    assert sorted(
        zip(soon["Check"], soon["Partnership ID"], soon["Days until due"], strict=True)
    ) == [
        ("Briefing due", "C-02", 0),
        ("Briefing due", "C-07", 90),
        ("Devolution agreement ending", "C-12", 31),
        ("Liaison meeting due", "C-02", 1),
    ]
    managers = sheets["Liaison"].set_index("Partnership ID")["Partnership manager"]
    council_rows = late[late["Partnership ID"].notna() & (late["Partnership ID"] != "C-01")]
    assert (
        council_rows["Responsible officer"] == council_rows["Partnership ID"].map(managers)
    ).all()
    assert late.loc[late["Partnership ID"] == "C-01", "Responsible officer"].tolist() == [
        "Parish Liaison Officer"
    ]
    assert late.loc[late["Partnership ID"].isna(), "Responsible officer"].isna().all()


def test_each_partnership_manager_gets_their_councils_rows(published: Path) -> None:
    """Head of Service D manages C-03 (liaison meeting overdue) and C-11 (agreement expired)."""
    workbook = published / "officers" / "Head of Service D.xlsx"
    overdue = pd.read_excel(workbook, sheet_name="Overdue", engine="openpyxl")
    assert sorted(zip(overdue["Partnership ID"], overdue["Check"], strict=True)) == [
        ("C-03", "Liaison meeting overdue"),
        ("C-11", "Devolution agreement expired"),
    ]


def test_the_summaries_add_up(sheets: dict[str, pd.DataFrame]) -> None:
    by_type = sheets["Councils by type"].set_index("Council type")["Councils"].to_dict()
    assert by_type == {
        "Parish council": 29,
        "Town council": 8,
        "Community council": 2,
        "Parish meeting": 9,
        "All local councils": 48,
    }
    coverage = sheets["Liaison coverage"].set_index("Key")["Councils"].to_dict()
    assert coverage == {
        "councils": 47,  # C-48 is Suspended
        "with_manager": 46,
        "met": 43,  # not C-03, C-04, C-05, C-06
        # Not C-08, whose briefing of 10 December 2025 fell due on 10 December 2026; C-02's
        # (31 December 2025) falls due on the as-of date, so is due soon, not overdue (§7).
        "briefed": 46,
        "contact_checked": 45,  # not C-09, C-10
    }
    held = sheets["Meetings held"].set_index("Meeting")
    assert held.loc["Clerks meeting", ["Held", "Planned"]].tolist() == [2, 1]
    stages = sheets["Devolution by stage"].set_index("Stage")["Services"].to_dict()
    assert stages == {"Agreement": 6, "Negotiating": 1, "Interest": 25, "Ended": 1}
    minimum = sheets["Consultations"].set_index("Consultation")["Meets minimum"].to_dict()
    assert minimum["Grass cutting schedule"] == "No"
    assert minimum["Local Plan review"] == "Yes"


def test_the_annual_report_has_the_chapter_with_every_part(published: Path) -> None:
    text = _text(published / "annual-partnership-report.pdf")
    for words in (
        "Town and parish councils",
        "Councils by type",
        "Parish meeting 9 0",
        "The partnership manager scheme at a glance",
        "Councils whose liaison meeting or Corporate Plan briefing is overdue, by partnership manager",
        "What councils asked of the scheme: information and training",
        "Meetings in 2026/27",
        "Consultations with town and parish councils",
        "Grass cutting schedule",
        "Services devolved to councils, by stage",
        "Services under an agreement or being negotiated",
    ):
        assert words in text, words
    html = (published / "html" / "annual-partnership-report.html").read_text(encoding="utf-8")
    assert 'id="liaison"' in html


def test_without_local_councils_there_is_no_chapter(tmp_path: Path) -> None:
    """The other three sheets still give their own sheets, but no chapter: it is about the
    councils in the scheme."""
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(
        folder / "liaison.xlsx",
        {
            "Consultations": [
                {"Consultation": "Local Plan", "Issued": "1/9/2026", "Closes": "13/10/2026"}
            ]
        },
    )
    published = _run(folder, tmp_path / "output")
    with pd.ExcelFile(published / "report-data.xlsx", engine="openpyxl") as workbook:
        names = workbook.sheet_names
    assert "Consultations" in names
    assert not {"Liaison", "Liaison coverage", "Meetings held", "Devolved services"} & set(names)
    assert "Town and parish councils" not in _text(published / "annual-partnership-report.pdf")


def test_each_part_of_the_chapter_appears_when_its_sheet_exists(tmp_path: Path) -> None:
    """Local councils alone: councils by type, the scheme at a glance and the councils not
    met; no meetings, consultations or devolved services."""
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(
        folder / "register.xlsx",
        {"Partnerships": [partnership_row(**{"Partnership manager": "Head of Finance"})]},
    )
    write_workbook(
        folder / "liaison.xlsx",
        {"Local councils": [{"Partnership ID": "P-001", "Council type": "Town council"}]},
    )
    text = _text(_run(folder, tmp_path / "output") / "annual-partnership-report.pdf")
    assert "Councils by type" in text
    assert "The partnership manager scheme at a glance" in text
    assert "Head of Finance" in text  # never met: in the list of councils not met
    for absent in ("Meetings in 2026/27", "Consultations with", "Services devolved"):
        assert absent not in text


# The sample, as a board member reads it (issue 29) -------------------------------------------

PDFS = ("annual-partnership-report.pdf", "quarterly-governance-report.pdf")


def test_no_pdf_of_the_sample_prints_nan(sample_published: Path) -> None:
    """A blank cell prints as "–" (or words), never as "nan", "NaT" or "None"."""
    for name in (*PDFS, f"public/{PDFS[0]}"):
        words = set(_text(sample_published / name).split())
        assert not words & {"nan", "NaN", "NaT", "None"}, name


def test_the_samples_group_meetings_name_the_officer_who_holds_them(
    sample_published: Path,
) -> None:
    """Every group meeting row in the sample's Overdue and Due soon names its officer (the
    Meetings sheet names one for each kind), so the pack has no "No officer named" group, and
    the officer's workbook has the row."""
    sheets = pd.read_excel(
        sample_published / "report-data.xlsx", sheet_name=["Overdue", "Due soon"], engine="openpyxl"
    )
    group_rows = pd.concat(
        [frame[frame["Partnership ID"].isna()] for frame in sheets.values()], ignore_index=True
    )
    assert not group_rows.empty
    assert group_rows["Responsible officer"].notna().all()
    assert group_rows["Lead officer"].isna().all()
    assert "No officer named" not in _text(sample_published / PDFS[1])
    for officer, rows in group_rows.groupby("Responsible officer"):
        workbook = sample_published / "officers" / f"{officer}.xlsx"
        own = pd.read_excel(workbook, sheet_name=["Overdue", "Due soon"], engine="openpyxl")
        checks = {check for frame in own.values() for check in frame["Check"]}
        assert set(rows["Check"]) <= checks, officer


def test_the_samples_liaison_rows_name_lead_officer_and_partnership_manager(
    sample_published: Path,
) -> None:
    """A council's liaison rows keep the register's lead officer and name its partnership
    manager as responsible (Mountsorrel: Communities and Partnerships Officer, Head of
    Customer Experience in the register)."""
    data = pd.read_excel(
        sample_published / "report-data.xlsx",
        sheet_name=["Overdue", "Register", "Liaison"],
        engine="openpyxl",
    )
    lead = data["Register"].set_index("Partnership ID")["Lead officer"]
    manager = data["Liaison"].set_index("Partnership ID")["Partnership manager"]
    rows = data["Overdue"][data["Overdue"]["Check"] == "Liaison meeting overdue"]
    rows = rows[rows["Partnership ID"].map(manager).notna()]
    assert not rows.empty
    assert (rows["Lead officer"] == rows["Partnership ID"].map(lead)).all()
    assert (rows["Responsible officer"] == rows["Partnership ID"].map(manager)).all()
    assert (rows["Lead officer"] != rows["Responsible officer"]).any()


def test_the_samples_chapter_prints_requests_and_no_zero_for_one_council_meetings(
    sample_published: Path,
) -> None:
    """Every council's information wanted and training needs is in the annual report and in
    its partnership manager's workbook; an AGM's councils represented prints "–", not 0."""
    data = pd.read_excel(
        sample_published / "report-data.xlsx",
        sheet_name=["Council requests", "Meetings held"],
        engine="openpyxl",
    )
    requests = data["Council requests"]
    assert not requests.empty
    text = _text(sample_published / PDFS[0])
    for column in ("Information wanted", "Training needs"):
        for words in requests[column].dropna():
            assert " ".join(str(words).split()) in text, words
    for manager, rows in requests.dropna(subset=["Partnership manager"]).groupby(
        "Partnership manager"
    ):
        own = pd.read_excel(
            sample_published / "officers" / f"{manager}.xlsx",
            sheet_name="Council requests",
            engine="openpyxl",
        )
        assert sorted(own["Partnership ID"]) == sorted(rows["Partnership ID"]), manager
    held = data["Meetings held"].set_index("Meeting")
    agm = held.loc["AGM"]
    assert pd.isna(agm["Councils represented"])
    held_, planned, items = (int(agm[c]) for c in ("Held", "Planned", "Agenda items from partners"))
    assert f"AGM {held_} {planned} – {items}" in text


def test_the_samples_briefings_agree_between_the_two_reports(sample_published: Path) -> None:
    """A council the annual report lists as not briefed has its briefing overdue in the pack's
    sheet, and the reverse: one rule (WORKBOOKS.md §7)."""
    data = pd.read_excel(
        sample_published / "report-data.xlsx",
        sheet_name=["Overdue", "Liaison gaps"],
        engine="openpyxl",
    )
    gaps = data["Liaison gaps"]
    not_briefed = set(gaps.loc[gaps["Gap"].str.contains("briefed|Briefing"), "Partnership ID"])
    overdue = data["Overdue"]
    late = set(overdue.loc[overdue["Check"] == "Briefing overdue", "Partnership ID"])
    assert not_briefed == late
    assert late
