"""Bad input in the town and parish council sheets (WORKBOOKS.md §7): each problem one finding
naming file › sheet › cell in plain English; an error publishes nothing and leaves the last
good reports as they were."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from builders import (
    consultation_row,
    council_row,
    devolved_service_row,
    meeting_row,
    partnership_row,
    write_workbook,
)
from conftest import AS_OF

from pipeline.cli import main
from pipeline.findings import Finding
from pipeline.run import check_inputs
from pipeline.settings import Settings

COUNCIL = council_row()
AGM = meeting_row()
CONSULTATION = consultation_row()
SERVICE = devolved_service_row()


def write(folder: Path, **sheets: list[dict[str, object]]) -> Path:
    """A register of P-001 and a liaison workbook of these sheets (underscores as spaces)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(
        folder / "liaison.xlsx", {name.replace("_", " "): rows for name, rows in sheets.items()}
    )
    return folder


def check(folder: Path, settings: Settings) -> list[Finding]:
    return check_inputs(folder, settings=settings, as_of=AS_OF)[2]


def test_the_valid_liaison_sheets_have_no_findings(tmp_path: Path, settings: Settings) -> None:
    folder = write(
        tmp_path,
        Local_councils=[COUNCIL],
        Meetings=[AGM],
        Consultations=[CONSULTATION],
        Devolved_services=[SERVICE],
    )
    assert check(folder, settings) == []


@pytest.mark.parametrize(
    ("sheet", "row", "cell", "rule", "says"),
    [
        (
            "Meetings",
            {**AGM, "Meeting": "Coffee morning"},
            "B2",
            "value.not_allowed",
            "“Coffee morning” is not one of the allowed values for Meeting: AGM, Partner meeting",
        ),
        (
            "Meetings",
            {**AGM, "Partnership ID": None},
            "C2",
            "meeting.council_missing",
            "This AGM is a meeting with one council, so its Partnership ID must be filled in",
        ),
        (
            "Meetings",
            {**AGM, "Meeting": "Partner meeting", "Partnership ID": None},
            "C2",
            "meeting.council_missing",
            "This Partner meeting is a meeting with one council",
        ),
        (
            "Meetings",
            {**AGM, "Meeting": "Briefing", "Partnership ID": None},
            "C2",
            "meeting.council_missing",
            "This Briefing is a meeting with one council",
        ),
        (
            "Meetings",
            {**AGM, "Meeting": "Corporate plan briefing", "Partnership ID": None},
            "C2",
            "meeting.council_missing",
            "This Corporate plan briefing is a meeting with one council",
        ),
        (
            "Meetings",
            {**AGM, "Meeting": "Training", "Partnership ID": None},
            "C2",
            "meeting.council_missing",
            "This Training is a meeting with one council",
        ),
        (
            "Devolved_services",
            {**SERVICE, "Partnership ID": "P-777"},
            "A2",
            "id.unknown_partnership",
            "Partnership ID “P-777” is not in the Partnerships sheet",
        ),
        (
            "Devolved_services",
            {**SERVICE, "Annual funding": "-£500"},
            "F2",
            "money.negative",
            "“-£500” is negative",
        ),
        (
            "Devolved_services",
            {**SERVICE, "Partnership ID": "example community safety partnership"},
            "A2",
            "id.name_not_id",
            (
                "“example community safety partnership” is the name of partnership P-001, not "
                "its Partnership ID. Type P-001 here"
            ),
        ),
        (
            "Meetings",
            {**AGM, "Partnership ID": "P-999"},
            "C2",
            "id.unknown_partnership",
            "Partnership ID “P-999” is not in the Partnerships sheet",
        ),
        (
            "Local_councils",
            {**COUNCIL, "Council type": "Village council"},
            "B2",
            "value.not_allowed",
            (
                "“Village council” is not one of the allowed values for Council type: "
                "Parish council, Town council, Community council, Parish meeting"
            ),
        ),
        (
            "Local_councils",
            {**COUNCIL, "Councillors": -2},
            "C2",
            "number.out_of_range",
            "“-2” is outside the allowed range for Councillors (0 or more)",
        ),
        (
            "Local_councils",
            {**COUNCIL, "Partnership ID": "P-404"},
            "A2",
            "id.unknown_partnership",
            "Partnership ID “P-404” is not in the Partnerships sheet",
        ),
        (
            "Consultations",
            {**CONSULTATION, "Closes": date(2026, 8, 31)},
            "C2",
            "consultation.closes_before_issued",
            "Closes 31/08/2026 is before the date it was issued, 01/09/2026",
        ),
        (
            "Consultations",
            {**CONSULTATION, "Responses": -1},
            "E2",
            "number.out_of_range",
            "“-1” is outside the allowed range for Responses (0 or more)",
        ),
        (
            "Devolved_services",
            {**SERVICE, "Agreement end": date(2025, 3, 31)},
            "E2",
            "date.end_before_start",
            "Agreement end 31/03/2025 is before the agreement start 01/04/2025",
        ),
        (
            "Devolved_services",
            {**SERVICE, "Stage": "Thinking about it"},
            "C2",
            "value.not_allowed",
            "Interest, Negotiating, Agreement, Ended",
        ),
    ],
    ids=[
        "unknown-meeting-kind",
        "agm-without-council",
        "partner-meeting-without-council",
        "briefing-without-council",
        "corporate-plan-briefing-without-council",
        "training-without-council",
        "devolved-service-unknown-council",
        "negative-funding",
        "name-for-id",
        "meeting-unknown-council",
        "unknown-council-type",
        "negative-councillors",
        "council-not-in-register",
        "closes-before-issued",
        "negative-responses",
        "agreement-ends-before-it-starts",
        "unknown-stage",
    ],
)
def test_each_error_names_its_cell(
    tmp_path: Path,
    settings: Settings,
    sheet: str,
    row: dict[str, object],
    cell: str,
    rule: str,
    says: str,
) -> None:
    [found] = check(write(tmp_path, **{sheet: [row]}), settings)
    assert (found.file, found.sheet, found.cell, found.rule) == (
        "liaison.xlsx",
        sheet.replace("_", " "),
        cell,
        rule,
    )
    assert found.severity == "Error"
    assert says in found.message


def test_a_group_meeting_needs_no_council(tmp_path: Path, settings: Settings) -> None:
    clerks = {"Meeting date": date(2026, 10, 14), "Meeting": "Clerks meeting"}
    assert check(write(tmp_path, Meetings=[AGM, clerks]), settings) == []


def test_the_same_council_twice_is_an_error_naming_both_rows(
    tmp_path: Path, settings: Settings
) -> None:
    [found] = check(
        write(tmp_path, Local_councils=[COUNCIL, {**COUNCIL, "Partnership ID": "p-001"}]), settings
    )
    assert (found.cell, found.rule) == ("A3", "council.duplicate")
    assert "also at liaison.xlsx › Local councils › A2" in found.message


def test_more_responses_than_councils_consulted_is_a_warning(
    tmp_path: Path, settings: Settings
) -> None:
    [found] = check(write(tmp_path, Consultations=[{**CONSULTATION, "Responses": 12}]), settings)
    assert (found.cell, found.rule, found.severity) == (
        "E2",
        "consultation.more_responses",
        "Warning",
    )
    assert "12 responses is more than the 10 councils consulted" in found.message


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_an_error_publishes_nothing_and_leaves_the_last_good_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good run publishes; the same inputs with a meeting of an unknown kind exit 1, name
    the cell, and leave every published file byte-identical (the corrections workbooks for
    officers are the only thing written)."""
    folder = write(tmp_path / "input", Local_councils=[COUNCIL], Meetings=[AGM])
    output = tmp_path / "output"
    arguments = ["report", "--input", str(folder), "--output", str(output), "--as-of", "2026-12-31"]
    assert main(arguments) == 0
    before = _digest(output)
    write(folder, Local_councils=[COUNCIL], Meetings=[{**AGM, "Meeting": "Away day"}])
    capsys.readouterr()
    assert main(arguments) == 1
    printed = capsys.readouterr()
    assert "liaison.xlsx › Meetings › B2" in printed.out + printed.err
    assert "Traceback" not in printed.out + printed.err
    published = {name: d for name, d in before.items() if name.startswith("2026-27-Q3")}
    assert published
    now = {name: d for name, d in _digest(output).items() if name.startswith("2026-27-Q3")}
    assert now == published


@pytest.mark.parametrize(
    "typed",
    ['[liaison.group_meetings]\n"Clerk meetings" = 6\n', "[liaison]\nmeeting_months = 0\n"],
    ids=["not-a-meeting-kind", "months-out-of-range"],
)
def test_a_bad_liaison_setting_exits_2_and_publishes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    folder = write(tmp_path / "input", Local_councils=[COUNCIL])
    (folder / "settings.toml").write_text(typed, encoding="utf-8")
    output = tmp_path / "output"
    code = main(
        ["report", "--input", str(folder), "--output", str(output), "--as-of", "2026-12-31"]
    )
    assert code == 2
    printed = capsys.readouterr()
    assert "settings.toml" in printed.out + printed.err
    assert not any(output.glob("*/report-data.xlsx"))


def test_the_contract_heading_wins_over_an_alias_wherever_it_is(
    tmp_path: Path, settings: Settings
) -> None:
    """A name column headed `Council` left of `Partnership ID` (both name the ID column) is
    left out as an extra column, and the IDs are read from `Partnership ID`."""
    row = {"Council": "Example Community Safety Partnership", **COUNCIL}
    [found] = check(write(tmp_path, Local_councils=[row]), settings)
    assert (found.cell, found.rule, found.column) == ("A1", "column.extra", "Council")


@pytest.mark.slow
def test_a_local_councils_sheet_with_headings_only_checks_no_group_meeting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blank template's Local councils sheet (headings, no rows) lists no council, so no
    clerks' meeting is overdue, and the chapter says no council is listed."""
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(folder / "liaison.xlsx", {"Local councils": []}, headings=list(COUNCIL))
    output = tmp_path / "output"
    assert (
        main(["report", "--input", str(folder), "--output", str(output), "--as-of", "2026-12-31"])
        == 0
    )
    overdue = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Overdue", engine="openpyxl"
    )
    assert not overdue["Check"].str.contains("Clerks meeting").any()
    html = (output / "2026-27-Q3" / "html" / "annual-partnership-report.html").read_text(
        encoding="utf-8"
    )
    assert "No active council is listed on the Local councils sheet." in html


@pytest.mark.slow
def test_a_warning_on_a_councils_meeting_goes_to_its_partnership_manager(
    tmp_path: Path,
) -> None:
    """A note too long to print, on a meeting of P-001: the warning is in the partnership
    manager's officers/ workbook, not the lead officer's."""
    folder = tmp_path / "input"
    folder.mkdir()
    managed = partnership_row(**{"Partnership manager": "Head of Planning"})
    write_workbook(folder / "register.xlsx", {"Partnerships": [managed]})
    write_workbook(
        folder / "liaison.xlsx",
        {"Local councils": [COUNCIL], "Meetings": [{**AGM, "Notes": "Long. " * 100}]},
    )
    output = tmp_path / "output"
    assert (
        main(["report", "--input", str(folder), "--output", str(output), "--as-of", "2026-12-31"])
        == 0
    )
    officers = output / "2026-27-Q3" / "officers"
    quality = pd.read_excel(
        officers / "Head of Planning.xlsx", sheet_name="Data quality", engine="openpyxl"
    )
    assert quality["Rule"].tolist() == ["text.too_long"]
    lead = officers / "Community Safety Manager.xlsx"
    if lead.exists():
        lead_quality = pd.read_excel(lead, sheet_name="Data quality", engine="openpyxl")
        assert lead_quality.empty
