"""pipeline.xlsx: the tables come back from Excel readers exactly as they went in."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.xlsx import ROWS_PER_CHUNK, column_letter, write_tables


def _mixed() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Partnership ID": ["P-001", "P-002", "P-003", "P-004"],
            "Partnership": ["Loughborough BID & <Town>", '=HYPERLINK("x")', "  Ŵyn  ", ""],
            "Budget contribution": [30_000, 0, 12_500, 1],
            "Agree": [0.5, 0.1 + 0.2, float("nan"), 1.0],
            "Last review": pd.to_datetime(["2026-03-03", None, "1900-01-15", "2026-11-30"]),
            "Start": [date(2020, 4, 1), None, pd.Timestamp("2021-05-06"), pd.NA],
            "Key": [True, False, True, False],
            "Notes": ["bell\x07 here", None, 7, np.int64(3)],
        }
    )


def naive(year: int, month: int, day: int) -> datetime:
    """What openpyxl reads back from a date cell: a datetime without a time zone."""
    return pd.Timestamp(year, month, day).to_pydatetime()


@pytest.fixture
def book() -> object:
    return load_workbook(io.BytesIO(write_tables({"Register": _mixed()})))


def test_values_come_back_as_written(book: object) -> None:
    sheet = book["Register"]  # type: ignore[index]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(_mixed().columns)
    assert rows[1] == ("P-001", "Loughborough BID & <Town>", 30000, 0.5, naive(2026, 3, 3),
                       naive(2020, 4, 1), True, "bell here")  # fmt: skip
    # Text that looks like a formula stays text; spaces and Welsh letters are kept.
    assert rows[2][1] == '=HYPERLINK("x")'
    assert sheet["B3"].data_type == "s"
    assert rows[3][1] == "  Ŵyn  "
    # Empty text, NaN, None, NA and NaT are empty cells.
    assert rows[4][1] is None
    assert rows[3][3] is None
    assert rows[2][4] is None
    assert rows[2][5] is None
    assert rows[4][5] is None
    # Floats keep what Excel can hold; 1900 dates land on the right day.
    assert rows[2][3] == pytest.approx(0.3)
    assert rows[3][4] == naive(1900, 1, 15)
    assert rows[3][5] == naive(2021, 5, 6)
    assert rows[4][6] is False
    assert rows[3][7] == 7
    assert rows[4][7] == 3


def test_formats_header_and_filter(book: object) -> None:
    sheet = book["Register"]  # type: ignore[index]
    assert sheet["C2"].number_format == "£#,##0"
    assert sheet["D2"].number_format == "0%"
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    assert sheet["F2"].number_format == "dd/mm/yyyy"
    assert sheet["A1"].font.b
    assert sheet["A1"].fill.fgColor.rgb.endswith("1D70B8")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H5"
    assert sheet.column_dimensions["B"].width == len("Loughborough BID & <Town>") + 2
    assert sheet.column_dimensions["G"].width == 10


def test_pandas_with_calamine_reads_it() -> None:
    back = pd.read_excel(io.BytesIO(write_tables({"Register": _mixed()})), engine="calamine")
    assert list(back["Partnership ID"]) == ["P-001", "P-002", "P-003", "P-004"]
    assert list(back["Budget contribution"]) == [30_000, 0, 12_500, 1]
    assert back["Last review"].iloc[0] == pd.Timestamp("2026-03-03")


def test_same_bytes_every_time_and_fixed_zip_times() -> None:
    first = write_tables({"Register": _mixed(), "Empty": pd.DataFrame(columns=["A", "B"])})
    assert first == write_tables({"Register": _mixed(), "Empty": pd.DataFrame(columns=["A", "B"])})
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_many_rows_cross_chunks_in_order() -> None:
    rows = ROWS_PER_CHUNK * 2 + 3
    frame = pd.DataFrame({"Risk no": range(1, rows + 1), "Risk": [f"r{n}" for n in range(rows)]})
    back = pd.read_excel(io.BytesIO(write_tables({"Risks": frame})), engine="calamine")
    assert len(back) == rows
    assert back["Risk no"].tolist() == list(range(1, rows + 1))
    assert back["Risk"].iloc[-1] == f"r{rows - 1}"


def test_awkward_sheet_names_and_empty_tables() -> None:
    name = "Officer's very long sheet name that Excel would refuse"
    content = write_tables({name: pd.DataFrame({"A": [1]}), "Empty": pd.DataFrame(columns=["X"])})
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [name[:31], "Empty"]
    assert book[name[:31]]["A2"].value == 1
    assert book["Empty"].max_row == 1
    assert book["Empty"].auto_filter.ref is None


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
