"""pipeline.xlsx: the tables come back from Excel readers exactly as they went in."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from python_calamine import CalamineWorkbook

from pipeline.analyse.tables import report_tables
from pipeline.periods import financial_quarter
from pipeline.run import check_inputs
from pipeline.settings import load_settings
from pipeline.xlsx import ROWS_PER_CHUNK, column_letter, write_tables
from schemas.rules import EXCEL_CELL_CHARACTERS, EXCEL_ROWS


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


def _formats(frame: pd.DataFrame, sheet: str = "Sheet") -> dict[str, list[str]]:
    """Each column's number formats, row by row, as Excel is told them."""
    book = load_workbook(io.BytesIO(write_tables({sheet: frame})))
    columns = book[sheet[:31]].iter_cols(min_row=2)
    return {
        str(heading): [cell.number_format for cell in cells]
        for heading, cells in zip(frame.columns, columns, strict=True)
    }


def test_number_formats_follow_the_words_of_headings() -> None:
    """Shares are percentages, money is money, means and percentage points one place; counts,
    hours and ratings are left as they are, "Agreement …" (a count) included."""
    frame = pd.DataFrame(
        {
            "Agree, questions in both": [0.573248],
            "Earlier agree, questions in both": [0.5],
            "Questions in both": [7],
            "Neither": [0.25],
            "Strongly disagree": [0.1],
            "Response rate": [0.75],
            "Share": [0.9166],
            "Coverage": [0.5],
            "Annual funding": [9800.0],
            "Budget contribution": [30_000],
            "Cost (£)": [1.0],
            "Change": [13.29],  # percentage points
            "Change in agree": [-17.9],  # points too, not a percentage
            "Change in budget": [500.0],  # money
            "Mean": [3.69],
            "Staff hours per month": [7.5],  # not money
            "Staff hourly rate": [28.5],  # money, not a share
            "Agreement items in place": [8.0],
            "Inherent rating": [6],
        }
    )
    assert _formats(frame) == {
        "Agree, questions in both": ["0%"],
        "Earlier agree, questions in both": ["0%"],
        "Questions in both": ["General"],
        "Neither": ["0%"],
        "Strongly disagree": ["0%"],
        "Response rate": ["0%"],
        "Share": ["0%"],
        "Coverage": ["0%"],
        "Annual funding": ["£#,##0"],
        "Budget contribution": ["£#,##0"],
        "Cost (£)": ["£#,##0"],
        "Change": ["+0;-0;0"],
        "Change in agree": ["+0;-0;0"],
        "Change in budget": ["£#,##0"],
        "Mean": ["0.0"],
        "Staff hours per month": ["General"],
        "Staff hourly rate": ["£#,##0"],
        "Agreement items in place": ["General"],
        "Inherent rating": ["General"],
    }


def test_a_unit_column_formats_each_row() -> None:
    """Summary and Implications say each row's unit: £, fraction, pp or a count."""
    frame = pd.DataFrame(
        {
            "Measure": ["Partnerships", "Budget", "Agreeing", "Change", "Risks", "Odd"],
            "Value": [33.0, 454_500.0, 0.573248, 4.0, 1234.0, 2.5],
            "Unit": ["count", "£", "fraction", "pp", "risks", "count"],
            "Last year": [30.0, 400_000.0, 0.52, float("nan"), 1000.0, None],
        }
    )
    formats = _formats(frame)
    expected = ["#,##0", "£#,##0", "0%", "+0;-0;0", "#,##0", "General"]
    assert formats["Value"] == expected
    assert formats["Last year"][:3] == expected[:3]
    assert formats["Last year"][4] == "#,##0"


def test_a_sheet_of_shares_by_category_is_percentages() -> None:
    """Agreement by type: one column per partner type, shares or "Not shown"; the survey
    year is left a year."""
    frame = pd.DataFrame(
        {
            "Survey year": [2026, 2026],
            "Question ID": ["Q1", "Q2"],
            "Parish council": pd.Series([0.7619, "Not shown"], dtype=object),
            "Public sector": [1.0, 0.125],
        }
    )
    formats = _formats(frame, "Agreement by type")
    assert formats["Survey year"] == ["General", "General"]
    assert formats["Parish council"][0] == "0%"
    assert formats["Public sector"] == ["0%", "0%"]
    # The same table on a sheet of another name: no heading says so.
    assert _formats(frame, "Elsewhere")["Public sector"] == ["General", "General"]


# CT_Worksheet's order of the elements the writer uses: Excel refuses a sheet out of order.
_WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter",
    "printOptions", "pageMargins", "pageSetup", "headerFooter",
)  # fmt: skip


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row() -> None:
    name = "Officer's list"
    content = write_tables({"Register": _mixed(), name: pd.DataFrame(columns=["A", "B"])})
    book = load_workbook(io.BytesIO(content))
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddFooter.center.text == "Page &P of &N"
        assert sheet.oddHeader.left.text == "&A"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        workbook = package.read("xl/workbook.xml").decode()
        # The second sheet's header row, its name quoted as Excel quotes it.
        assert (
            '<definedName name="_xlnm.Print_Titles" localSheetId="1">'
            "'Officer''s list'!$1:$1</definedName>" in workbook
        )
        for number in (1, 2):
            root = ElementTree.fromstring(package.read(f"xl/worksheets/sheet{number}.xml"))
            tags = [child.tag.rsplit("}", 1)[1] for child in root]
            assert tags[0] == "sheetPr"
            assert tags == sorted(tags, key=_WORKSHEET_ORDER.index)
            assert {"pageMargins", "pageSetup", "headerFooter"} <= set(tags)


@pytest.fixture(scope="module")
def sample_report_data() -> Workbook:
    """The shipped sample's report-data.xlsx, written and read back."""
    settings = load_settings(SAMPLE_INPUT)
    _, data, findings = check_inputs(SAMPLE_INPUT, settings=settings, as_of=AS_OF)
    tables = report_tables(
        data, settings=settings, as_of=AS_OF, findings=findings, period=financial_quarter(AS_OF)
    )
    return load_workbook(io.BytesIO(write_tables(tables.sheets())))


def test_no_fraction_in_the_samples_report_data_is_left_unformatted(
    sample_report_data: Workbook,
) -> None:
    """Every number with a fractional part, on every sheet, has a number format (not
    0.573248…); and the ones the issue named are the right ones."""
    bare = {
        (sheet.title, str(sheet.cell(1, cell.column).value))
        for sheet in sample_report_data
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, float)
        and not cell.value.is_integer()
        and cell.number_format == "General"
    }
    assert bare == set()
    # Summary's rows by their Key (its measures' wording may change), Value's format.
    sheet = sample_report_data["Summary"]
    column = {cell.value: cell.column - 1 for cell in sheet[1]}
    summary = {
        row[column["Key"]].value: row[column["Value"]].number_format
        for row in sheet.iter_rows(min_row=2)
    }
    assert summary["partnerships"] == "#,##0"
    assert summary["budget_contribution"] == "£#,##0"
    assert summary["survey_agreement"] == "0%"
    assert summary["survey_agreement_change"] == "+0;-0;0"
    survey = sample_report_data["Survey"]
    headings = {cell.value: cell.column for cell in survey[1]}
    assert survey.cell(2, headings["Neither"]).number_format == "0%"
    assert survey.cell(2, headings["Change"]).number_format == "+0;-0;0"
    shares = [row[2] for row in sample_report_data["Liaison coverage"].iter_rows(min_row=2)]
    assert {cell.number_format for cell in shares if cell.value is not None} == {"0%"}
    for sheet in sample_report_data:
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape"


# Excel's limits (issue 26, item 8) -----------------------------------------------------------


def test_a_text_longer_than_a_cell_holds_is_cut_to_excels_limit() -> None:
    """A 1,048,585-character text was written whole, and Excel "repaired" the workbook: now a
    cell holds the first 32,766 characters, then "…"; Excel counts an emoji as two."""
    long, emoji = "x" * 1_048_585, "😀" * 20_000
    frame = pd.DataFrame({"Text": [long, emoji, "x" * EXCEL_CELL_CHARACTERS]})
    sheet = load_workbook(io.BytesIO(write_tables({"Commentary": frame})))["Commentary"]
    assert sheet["A2"].value == "x" * (EXCEL_CELL_CHARACTERS - 1) + "…"
    assert sheet["A3"].value == "😀" * ((EXCEL_CELL_CHARACTERS - 1) // 2) + "…"
    assert sheet["A4"].value == "x" * EXCEL_CELL_CHARACTERS  # exactly the limit: whole


def test_sheet_names_are_ones_excel_accepts() -> None:
    """At most 31 characters, none of \\ / ? * [ ] :, and each one different (ignoring case)."""
    frame = pd.DataFrame({"A": [1]})
    tables = {
        "A table named at far greater length than Excel allows": frame,
        "A table named at far greater length than Excel allows too": frame,
        "Risks [2026/27]: what?*": frame,
        "risks [2026-27]- what--": frame,
    }
    assert load_workbook(io.BytesIO(write_tables(tables))).sheetnames == [
        "A table named at far greater le",
        "A table named at far greate (2)",
        "Risks -2026-27-- what--",
        "risks -2026-27-- what-- (2)",
    ]


@pytest.mark.slow
def test_a_table_longer_than_a_sheet_carries_on_in_a_second_sheet() -> None:
    """A sheet holds 1,048,576 rows, the header row one of them: the row after goes on
    `Risks (2)`, under the same header row."""
    rows = EXCEL_ROWS  # one more than fits under the header row
    frame = pd.DataFrame({"Risk no": np.arange(1, rows + 1)})
    book = CalamineWorkbook.from_filelike(io.BytesIO(write_tables({"Risks": frame})))
    assert book.sheet_names == ["Risks", "Risks (2)"]
    first, second = (book.get_sheet_by_name(name).to_python() for name in book.sheet_names)
    assert len(first) == EXCEL_ROWS
    assert (first[1], first[-1]) == ([1.0], [float(rows - 1)])
    assert second == [["Risk no"], [float(rows)]]
