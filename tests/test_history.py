"""history: what earlier periods published, read by the report tables' registered names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import pipeline.analyse.tables
from pipeline.analyse.tables import ReportTables
from pipeline.analyse.trend import trend
from pipeline.history import HistoryError, last_years_summary, previous_report_data, trend_history
from pipeline.periods import Period
from pipeline.publish import REPORT_DATA, workbook_bytes
from pipeline.run import run_report

Q3 = Period(2026, 3)
RISKS = pd.DataFrame({"Partnership ID": ["P1"], "Risk no": [1], "Residual band": ["High"]})
OVERDUE = pd.DataFrame({"Partnership ID": ["P1"], "Check": ["Review overdue"]})


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
    """With the registry's sheet name changed, and nothing else, publish writes the new name
    and history reads it."""
    monkeypatch.setitem(pipeline.analyse.tables.SHEETS, "risks", "Risk register")
    sheets = ReportTables({"risks": RISKS, "overdue": OVERDUE}).sheets()
    assert list(sheets) == ["Risk register", "Overdue"]
    _publish(tmp_path, "2026-27-Q2", sheets)
    previous = previous_report_data(tmp_path, before=Q3)
    assert previous is not None
    assert previous.tables["risks"]["Risk no"].tolist() == [1]


def test_an_unreadable_earlier_period_is_a_note_and_the_run_goes_on(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The officer is told which earlier period was not compared with, and why; the reports
    are still published, saying there is no earlier quarter to compare with."""
    output = tmp_path / "output"
    _publish(output, "2026-27-Q2", {"Overdue": OVERDUE})
    outcome = run_report(input_dir, output, as_of=pd.Timestamp("2026-12-31").date())
    assert outcome.published is not None
    assert len(outcome.notes) == 1
    assert "“Risks” sheet" in outcome.notes[0]
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
    table = trend(
        empty,
        empty,
        empty,
        empty,
        empty,
        empty,
        history=history,
        period=Period(2026, 3),
        as_of=date(2026, 12, 31),
    )
    assert table["Active partnerships"].isna().tolist() == [True, True, False]
