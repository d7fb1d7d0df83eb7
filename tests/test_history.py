"""history: what earlier periods published, read by the report tables' registered names."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF, ROOT
from openpyxl import load_workbook

import pipeline.analyse.tables
import pipeline.parts
from pipeline.analyse.registry import DECLARED
from pipeline.analyse.tables import ReportTables
from pipeline.analyse.topics.trend import trend
from pipeline.history import HistoryError, last_years_summary, previous_report_data, trend_history
from pipeline.periods import Period
from pipeline.publish import MANIFEST, REPORT_DATA, workbook_bytes
from pipeline.run import run_report

Q3 = Period(2026, 3)
# As a published report-data.xlsx has them: at least the columns the comparisons use.
RISKS = pd.DataFrame(
    {
        "Partnership ID": ["P1"],
        "Risk no": [1],
        "Risk": ["Funding ends"],
        "Residual rating": [6],
        "Residual band": ["High"],
    }
)
OVERDUE = pd.DataFrame(
    {
        "Partnership ID": ["P1"],
        "Partnership": ["Community Safety"],
        "Check": ["Review overdue"],
        "Detail": ["Due 1 April 2026"],
    }
)


def _about_the_record(notes: list[str]) -> list[str]:
    """The run's notes about earlier periods (not, say, the one saying the defaults are in use
    when there is no settings.toml)."""
    return [note for note in notes if "report-data.xlsx" in note]


def _publish(output: Path, slug: str, sheets: dict[str, pd.DataFrame]) -> Path:
    folder = output / slug
    folder.mkdir(parents=True)
    (folder / REPORT_DATA).write_bytes(workbook_bytes(sheets))
    return folder


def test_the_newest_earlier_period_is_read_by_table_name(tmp_path: Path) -> None:
    tables = ReportTables({"risks": RISKS, "overdue": OVERDUE}).sheets()
    _publish(tmp_path, "2026-27-Q1", tables)
    _publish(tmp_path, "2026-27-Q2", tables)
    _publish(tmp_path, "2026-27-Q3", {"Risks": RISKS.iloc[0:0], "Overdue": OVERDUE})
    previous = previous_report_data(tmp_path, before=Q3)
    assert previous is not None
    assert previous.period == Period(2026, 2)
    assert set(previous.tables) == {"risks", "overdue"}
    assert previous.tables["risks"]["Risk no"].tolist() == [1]


def test_nothing_published_before_is_no_comparison(tmp_path: Path) -> None:
    assert previous_report_data(tmp_path, before=Q3) is None
    assert last_years_summary(tmp_path, period=Q3) is None


def test_a_missing_sheet_is_said_naming_the_file_and_the_sheet(tmp_path: Path) -> None:
    """A sheet renamed or removed is never passed over in silence (it used to empty "What
    changed" without a word)."""
    folder = _publish(tmp_path, "2026-27-Q2", {"Overdue": OVERDUE})
    with pytest.raises(HistoryError) as raised:
        previous_report_data(tmp_path, before=Q3)
    message = str(raised.value)
    assert "2026/27 Q2" in message or "Q2" in message
    assert str(folder / REPORT_DATA) in message
    assert "“Risks” sheet" in message


def test_renaming_a_sheet_is_one_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the sheet name in the table's declaration changed, and nothing else, publish writes the new name
    and history reads it."""
    renamed = dataclasses.replace(DECLARED["risks"], sheet="Risk register")
    monkeypatch.setitem(DECLARED, "risks", renamed)
    sheets = ReportTables({"risks": RISKS, "overdue": OVERDUE}).sheets()
    assert list(sheets) == ["Risk register", "Overdue"]
    _publish(tmp_path, "2026-27-Q2", sheets)
    previous = previous_report_data(tmp_path, before=Q3)
    assert previous is not None
    assert previous.tables["risks"]["Risk no"].tolist() == [1]


@pytest.mark.slow
def test_an_unreadable_earlier_period_is_a_note_and_the_run_goes_on(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The officer is told which earlier period was not compared with, and why; the reports
    are still published, saying there is no earlier quarter to compare with."""
    output = tmp_path / "output"
    _publish(output, "2026-27-Q2", {"Overdue": OVERDUE})
    outcome = run_report(input_dir, output, as_of=pd.Timestamp("2026-12-31").date())
    assert outcome.published is not None
    notes = _about_the_record(outcome.notes)
    assert len(notes) == 1
    assert "“Risks” sheet" in notes[0]
    changes = pd.read_excel(
        outcome.published / REPORT_DATA, sheet_name="Changes", engine="calamine"
    )
    assert changes.empty


def test_a_damaged_earlier_period_is_left_out_of_the_trend_and_named(tmp_path: Path) -> None:
    """An earlier period whose report-data.xlsx is not a workbook, one with none of the
    sheets the Trend reads, and one whose Register has no Status column: the first is named
    and left out; the others give rows with blanks."""
    for slug, content in (
        ("2026-27-Q1", b"not a workbook"),
        ("2026-27-Q2", workbook_bytes({"Notes": pd.DataFrame({"a": [1]})})),
        ("2025-26-Q4", workbook_bytes({"Register": pd.DataFrame({"Partnership": ["x"]})})),
    ):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "report-data.xlsx").write_bytes(content)
    history, unread = trend_history(tmp_path, period=Period(2026, 3))
    assert [earlier.period.label for earlier in history] == ["2025/26 Q4", "2026/27 Q2"]
    assert len(unread) == 1
    assert "2026/27 Q1" in unread[0]
    empty = pd.DataFrame({"Status": []})
    levels = pd.DataFrame({"Assurance": ["Limited"]})
    table = trend(
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
        levels,
        history=history,
        period=Period(2026, 3),
        as_of=date(2026, 12, 31),
    )
    assert table["Active partnerships"].isna().tolist() == [True, True, False]
    # Published before assurance levels: blank; this run's counted.
    assert table["Limited or no assurance"].isna().tolist() == [True, True, False]
    assert table["Limited or no assurance"].iloc[-1] == 1


# Issue 26: the record is input too -----------------------------------------------------------

SUMMARY = pd.DataFrame({"Key": ["risks"], "Measure": ["Risks recorded"], "Value": [3]})


def _with_far_cell(content: bytes) -> bytes:
    """A report-data.xlsx whose Risks sheet also holds something at XFD1048576."""
    book = load_workbook(io.BytesIO(content))
    book["Risks"]["XFD1048576"] = "x"
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


_READ_THE_RECORD = """
import sys
from pathlib import Path
from pipeline.history import HistoryError, previous_report_data, trend_history
from pipeline.periods import Period
output = Path(sys.argv[1])
try:
    previous_report_data(output, before=Period(2026, 3))
except HistoryError as error:
    print(error)
history, unread = trend_history(output, period=Period(2026, 3))
print(*unread, sep="\\n")
print("trend:", *[earlier.period.label for earlier in history])
"""


def test_an_earlier_period_with_a_far_cell_is_named_and_left_out(tmp_path: Path) -> None:
    """The record is read through the input's checks: a report-data.xlsx with a stray cell
    at XFD1048576 is named in one line and left out, where it used to abort the run (exit
    134). Run in a process of its own, as an abort would take the tests with it."""
    sheets = ReportTables({"risks": RISKS, "overdue": OVERDUE}).sheets()
    _publish(tmp_path, "2026-27-Q1", sheets)
    folder = tmp_path / "2026-27-Q2"
    folder.mkdir()
    (folder / REPORT_DATA).write_bytes(_with_far_cell(workbook_bytes(sheets)))
    run = subprocess.run(
        [sys.executable, "-c", _READ_THE_RECORD, str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        check=False, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    said = f"2026/27 Q2 is left out: its {folder / REPORT_DATA} cannot be read"
    assert [line for line in lines if line.startswith(said)] == [said + (
        " (its sheet “Risks” reaches cell XFD1048576, far outside any table)."
    )] * 2  # fmt: skip
    assert lines[-1] == "trend: 2026/27 Q1"


def test_an_earlier_period_over_a_cap_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the caps lowered, an ordinary report-data.xlsx stands for one whose sheet unpacks
    to gigabytes: it is named and left out, not read."""
    rows = pd.concat([RISKS.assign(**{"Risk no": n}) for n in range(1, 400)], ignore_index=True)
    _publish(tmp_path, "2026-27-Q2", {"Risks": rows, "Overdue": OVERDUE})
    monkeypatch.setattr(pipeline.parts, "MAX_PART_BYTES", 20_000)
    with pytest.raises(HistoryError, match="too large to read safely") as raised:
        previous_report_data(tmp_path, before=Q3)
    assert str(tmp_path / "2026-27-Q2" / REPORT_DATA) in str(raised.value)
    history, unread = trend_history(tmp_path, period=Q3)
    assert history == []
    assert unread == [str(raised.value)]


@pytest.mark.parametrize(
    ("name", "sheets", "said"),
    [
        (
            "a Risks row twice",
            {"Risks": pd.concat([RISKS, RISKS]), "Overdue": OVERDUE},
            "› Risks has Partnership ID P1 and Risk no 1 twice (rows 2 and 3).",
        ),
        (
            "a column deleted",
            {"Risks": RISKS.drop(columns=["Residual rating"]), "Overdue": OVERDUE},
            "› Risks has no “Residual rating” column.",
        ),
        (
            "a risk number typed as text",
            {"Risks": RISKS.assign(**{"Risk no": ["one"]}), "Overdue": OVERDUE},
            "› Risks › B2: “one” is not a whole number (Risk no).",
        ),
        (
            "a blank check",
            {"Risks": RISKS, "Overdue": OVERDUE.assign(Check=[None])},
            "› Overdue › C2 is blank (Check).",
        ),
    ],
)
def test_an_earlier_quarter_the_comparison_cannot_use_is_named(
    tmp_path: Path, name: str, sheets: dict[str, pd.DataFrame], said: str
) -> None:
    """A table that lacks a column the comparison uses, holds a value of the wrong kind, or
    a row twice (each of which used to stop the run with exit 3) is named in one line,
    with its sheet and cell, and not compared with."""
    folder = _publish(tmp_path, "2026-27-Q2", sheets)
    with pytest.raises(HistoryError) as raised:
        previous_report_data(tmp_path, before=Q3)
    assert (
        str(raised.value) == f"2026/27 Q2 is not compared with: its {folder / REPORT_DATA} {said}"
    )


def test_last_years_summary_typed_as_text_is_named(tmp_path: Path) -> None:
    """Last year's Summary with its values typed as text is named, not read (exit 3 before)."""
    folder = _publish(tmp_path, "2025-26-Q4", {"Summary": SUMMARY.assign(Value=["three"])})
    with pytest.raises(HistoryError) as raised:
        last_years_summary(tmp_path, period=Q3)
    assert str(raised.value) == (
        f"2025/26 Q4 is not compared with: its {folder / REPORT_DATA} › Summary › C2: "
        "“three” is not a number (Value)."
    )


@pytest.mark.slow
def test_a_run_with_a_damaged_quarter_names_it_once_and_publishes(
    input_dir: Path, tmp_path: Path
) -> None:
    """Through a whole run: last quarter's Risks with a row twice is one note, and the
    reports are published without the comparison."""
    output = tmp_path / "output"
    sheets = ReportTables({"risks": RISKS, "overdue": OVERDUE}).sheets()
    _publish(output, "2026-27-Q2", {**sheets, "Risks": pd.concat([RISKS, RISKS])})
    outcome = run_report(input_dir, output, as_of=AS_OF)
    assert outcome.published is not None
    notes = _about_the_record(outcome.notes)
    assert len(notes) == 1
    assert "› Risks has Partnership ID P1 and Risk no 1 twice" in notes[0]


def test_a_manifest_nested_too_deep_leaves_as_of_blank(tmp_path: Path) -> None:
    """A manifest.json nested 100,000 deep (exit 3 before) gives no As of; the period's
    figures, which come from its workbook, are still in the trend."""
    folder = _publish(tmp_path, "2026-27-Q2", {"Risks": RISKS})
    (folder / MANIFEST).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    history, unread = trend_history(tmp_path, period=Q3)
    assert [(earlier.period, earlier.as_of) for earlier in history] == [(Period(2026, 2), None)]
    assert unread == []


FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this platform has no named pipes")


def _without_waiting(call: Callable[[], object], pipe: Path) -> object:
    """What `call` returns, or a failure if it waits on `pipe` (it is then let go by opening
    the pipe's other end, so that the tests never hang)."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(20)
        pytest.fail(f"reading the record waited on the named pipe {pipe}")
    return result[0]


@FIFO
def test_a_manifest_that_is_a_named_pipe_is_not_opened(tmp_path: Path) -> None:
    """A manifest.json that is a named pipe (which used to hang the run) is never opened."""
    folder = _publish(tmp_path, "2026-27-Q2", {"Risks": RISKS})
    os.mkfifo(folder / MANIFEST)
    history, unread = _without_waiting(  # type: ignore[misc]
        lambda: trend_history(tmp_path, period=Q3), folder / MANIFEST
    )
    assert [(earlier.period, earlier.as_of) for earlier in history] == [(Period(2026, 2), None)]
    assert unread == []


@FIFO
def test_a_report_data_that_is_a_named_pipe_is_named_and_left_out(tmp_path: Path) -> None:
    """A report-data.xlsx that is a named pipe is never opened: the period is named in one
    line (not passed over in silence) and left out."""
    folder = tmp_path / "2026-27-Q2"
    folder.mkdir()
    os.mkfifo(folder / REPORT_DATA)
    history, unread = _without_waiting(  # type: ignore[misc]
        lambda: trend_history(tmp_path, period=Q3), folder / REPORT_DATA
    )
    assert history == []
    said = f"2026/27 Q2 is left out: its {folder / REPORT_DATA} cannot be read"
    assert unread == [f"{said} (it is not a regular file)."]


@pytest.mark.parametrize(
    "slug",
    [
        pytest.param(
            "2026-27-Q2\n",
            marks=pytest.mark.skipif(sys.platform == "win32", reason="no newline in names"),
        ),
        "\u0662\u0660\u0662\u0666-\u0662\u0667-Q2",  # Arabic-Indic digits
        "2026-99-Q2",
        " 2026-27-Q2",
    ],
)
def test_only_a_folder_named_exactly_for_a_period_is_one(tmp_path: Path, slug: str) -> None:
    """Period folders match exactly: ASCII digits, the second year the one after the first,
    nothing before or after. Anything else in output/ is not the record."""
    tables = ReportTables({"risks": RISKS, "overdue": OVERDUE}).sheets()
    _publish(tmp_path, slug, tables)
    assert previous_report_data(tmp_path, before=Q3) is None
    assert trend_history(tmp_path, period=Q3) == ([], [])
