"""load: finding workbooks and sheets, the header row, headings, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook
from openpyxl import Workbook

from pipeline.load import FORMULA_WITHOUT_VALUE, load_workbooks


def _rules(loaded) -> list[tuple[str, str, str, str]]:
    return [(f.file, f.sheet, f.cell, f.rule) for f in loaded.findings]


def test_the_header_row_is_found_below_title_rows(tmp_path: Path) -> None:
    """Title rows above the headings are skipped and rows keep their Excel row numbers."""
    write_workbook(
        tmp_path / "register.xlsx",
        {"Partnerships": [partnership_row(), partnership_row(**{"Partnership ID": "P-002"})]},
        title_rows=["Charnwood Borough Council", "Partnership register", ""],
    )
    loaded = load_workbooks(tmp_path)
    [sheet] = loaded.sheets
    assert sheet.header_row == 4
    assert list(sheet.rows["source_row"]) == [5, 6]
    assert list(sheet.rows["partnership_id"]) == ["P-001", "P-002"]
    assert sheet.letters["partnership_id"] == "A"
    assert loaded.findings == []


def test_headings_match_loosely_and_by_alias(tmp_path: Path) -> None:
    """Case, extra spaces, a trailing * and the seeds' own wording all match a heading."""
    row = partnership_row()
    renamed = {
        "Partnership ID": "  partnership   id*",
        "Lead officer": "HDC Lead Officer",
        "Next review": "Partnership review date",
        "Status": "STATUS\u00a0",
    }
    typed = {renamed.get(key, key): value for key, value in row.items()}
    write_workbook(tmp_path / "register.xlsx", {"Partnership register": [typed]})
    [sheet] = load_workbooks(tmp_path).sheets
    assert sheet.spec.name == "Partnerships"
    assert sheet.rows.loc[0, "partnership_id"] == "P-001"
    assert sheet.rows.loc[0, "lead_officer"] == "Community Safety Manager"
    assert sheet.headings["lead_officer"] == "HDC Lead Officer"


def test_sheets_of_the_same_kind_in_several_files_are_all_read(tmp_path: Path) -> None:
    """One risk workbook per partnership: each is read, with its own provenance."""
    write_workbook(tmp_path / "risks-a.xlsx", {"Risks": [risk_row()]})
    write_workbook(tmp_path / "risks-b.xlsx", {"Risk register": [risk_row(**{"Risk no": 2})]})
    loaded = load_workbooks(tmp_path)
    assert [(s.file, s.sheet) for s in loaded.sheets] == [
        ("risks-a.xlsx", "Risks"),
        ("risks-b.xlsx", "Risk register"),
    ]


def test_lock_files_hidden_files_and_other_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    """Excel lock files, hidden files and non-workbooks are listed as skipped, not read."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    (tmp_path / "~$register.xlsx").write_bytes(b"lock")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "settings.toml").write_text("", encoding="utf-8")
    loaded = load_workbooks(tmp_path)
    assert [name for name, _ in loaded.skipped] == [".DS_Store", "notes.txt", "~$register.xlsx"]
    assert "lock file" in dict(loaded.skipped)["~$register.xlsx"]
    assert [f.name for f in loaded.files] == ["register.xlsx"]
    assert loaded.findings == []


@pytest.mark.parametrize(
    ("name", "content", "rule", "words"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0rest", "file.not_xlsx", "save it as an Excel workbook"),
        ("data.csv", b"a,b\n1,2\n", "file.not_xlsx", "save it as an Excel workbook"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file.unreadable", "password"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "file.unreadable", "damaged"),
        ("empty.xlsx", b"", "file.unreadable", "empty"),
    ],
)
def test_files_that_cannot_be_read_are_errors_naming_the_file(
    tmp_path: Path, name: str, content: bytes, rule: str, words: str
) -> None:
    """A .xls, .csv, encrypted, corrupt or empty file is an error that names it."""
    (tmp_path / name).write_bytes(content)
    loaded = load_workbooks(tmp_path)
    [found] = loaded.findings
    assert (found.file, found.rule) == (name, rule)
    assert words in found.message


def test_unrecognised_sheets_and_extra_columns_are_listed(tmp_path: Path) -> None:
    """A sheet the pipeline does not read and a column it does not use are warnings."""
    row = {**partnership_row(), "My notes": "remember to chase"}
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row], "Scratch": [{"a": 1}]})
    loaded = load_workbooks(tmp_path)
    heading_cell = f"{chr(ord('A') + list(row).index('My notes'))}1"
    assert _rules(loaded) == [
        ("register.xlsx", "Partnerships", heading_cell, "column.extra"),
        ("register.xlsx", "Scratch", "", "sheet.unrecognised"),
    ]
    assert "my_notes" not in loaded.sheets[0].rows.columns


def test_a_sheet_missing_a_required_heading_names_what_is_missing(tmp_path: Path) -> None:
    """No row has every required heading: the sheet is not read and the message names them."""
    row = partnership_row()
    del row["Lead officer"]
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    loaded = load_workbooks(tmp_path)
    assert loaded.sheets == []
    [found] = loaded.findings
    assert found.rule == "sheet.headings_missing"
    assert "missing: Lead officer." in found.message


def test_a_hidden_recognised_sheet_is_read_with_a_warning(tmp_path: Path) -> None:
    """Data on a hidden sheet is read, but the officer is told it is hidden."""
    path = write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.create_sheet("Risks")
    book["Risks"].append(list(risk_row()))
    book["Risks"].append(list(risk_row().values()))
    book["Risks"].sheet_state = "hidden"
    book.save(path)
    loaded = load_workbooks(tmp_path)
    assert [s.sheet for s in loaded.sheets] == ["Partnerships", "Risks"]
    assert _rules(loaded) == [("register.xlsx", "Risks", "", "sheet.hidden")]


def test_fully_blank_rows_are_skipped(tmp_path: Path) -> None:
    """Blank rows between data rows are not read as rows."""
    write_workbook(
        tmp_path / "risks.xlsx",
        {"Risks": [risk_row(), dict.fromkeys(risk_row()), risk_row(**{"Risk no": 2})]},
    )
    [sheet] = load_workbooks(tmp_path).sheets
    assert list(sheet.rows["source_row"]) == [2, 4]


def test_a_formula_with_no_stored_value_is_marked(tmp_path: Path) -> None:
    """A formula cell never calculated by a spreadsheet program is told apart from a blank."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet.append(list(risk_row()))
    values = list(risk_row().values())
    values[list(risk_row()).index("Inherent rating")] = "=E2*F2"
    sheet.append(values)
    book.save(tmp_path / "risks.xlsx")
    [raw] = load_workbooks(tmp_path).sheets
    assert raw.rows.loc[0, "inherent_rating"] is FORMULA_WITHOUT_VALUE


def test_inputs_are_not_modified(input_dir: Path) -> None:
    """Loading never changes a workbook's bytes or modification time."""
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in input_dir.iterdir()}
    load_workbooks(input_dir)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in input_dir.iterdir()}
    assert after == before


def test_the_seed_templates_own_headings_are_read(tmp_path: Path) -> None:
    """Headings as the Charnwood and Harborough templates print them, numbering and notes
    included, find their columns."""
    row = risk_row()
    typed = {
        "(2) Description of RISK Concern (x,y,z)": row["Risk"],
        **{k: v for k, v in row.items() if k not in ("Risk", "Risk owner", "Controls")},
        "Lead Responsibility": "Head of Finance",
        "Key Control": "Quarterly monitoring",
    }
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [typed]})
    loaded = load_workbooks(tmp_path)
    [sheet] = loaded.sheets
    assert loaded.findings == []
    assert sheet.headings["risk"] == "(2) Description of RISK Concern (x,y,z)"
    assert sheet.rows.loc[0, "risk_owner"] == "Head of Finance"
    assert sheet.rows.loc[0, "controls"] == "Quarterly monitoring"


def test_the_pipelines_own_guidance_and_fix_list_sheets_are_skipped_quietly(
    tmp_path: Path,
) -> None:
    """A template's Guidance sheet or a corrected copy's Fix list is expected: no warning."""
    write_workbook(
        tmp_path / "register.xlsx",
        {"Fix list": [{"Where": "x"}], "Partnerships": [partnership_row()], "Guidance": [{"a": 1}]},
    )
    loaded = load_workbooks(tmp_path)
    assert loaded.findings == []
    assert [s.sheet for s in loaded.sheets] == ["Partnerships"]


def test_many_workbooks_read_ahead_stay_in_folder_order(tmp_path: Path) -> None:
    """Workbooks are read two at a time on threads: a corrupt one, one holding formulas (read
    by openpyxl) and plain ones among them still come back in folder order, each told apart."""
    for n in range(1, 6):
        write_workbook(tmp_path / f"risks-{n}.xlsx", {"Risks": [risk_row(**{"Risk no": n})]})
    (tmp_path / "risks-3b.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet.append(list(risk_row()))
    values = list(risk_row(**{"Risk no": 9}).values())
    values[list(risk_row()).index("Inherent rating")] = "=E2*F2"
    sheet.append(values)
    book.save(tmp_path / "risks-4b.xlsx")

    loaded = load_workbooks(tmp_path)

    assert [f.name for f in loaded.files] == [
        "risks-1.xlsx", "risks-2.xlsx", "risks-3.xlsx", "risks-4.xlsx", "risks-4b.xlsx",
        "risks-5.xlsx",
    ]  # fmt: skip
    assert [s.file for s in loaded.sheets] == [f.name for f in loaded.files]
    assert [int(s.rows.loc[0, "risk_no"]) for s in loaded.sheets] == [1, 2, 3, 4, 9, 5]
    formula_sheet = loaded.sheets[4]
    assert formula_sheet.rows.loc[0, "inherent_rating"] is FORMULA_WITHOUT_VALUE
    assert [(f.file, f.rule) for f in loaded.findings] == [("risks-3b.xlsx", "file.unreadable")]
