"""Messages that mislead or repeat (issue 28, item 6).

A future date says how far after the reporting date it is, never which part is wrong; a date
that cannot be names the impossible part; one problem pasted down a column is one line of the
terminal and of the Fix list (each cell still marked); a Partnership ID the register repeats
or refuses is the one message, first, for the rows that fail only because of it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.corrections import FIX_LIST
from pipeline.findings import Finding, Severity, cell_ranges, lines
from pipeline.parsers import parse_uk_date
from pipeline.run import check_inputs
from pipeline.settings import Settings
from pipeline.validate import how_long_after


def _letter(row: dict[str, object], heading: str) -> str:
    """The column letter `write_workbook` gives `heading` in a sheet of rows like `row`."""
    return chr(ord("A") + list(row).index(heading))


def _findings(folder: Path, settings: Settings, as_of: date = AS_OF) -> list[Finding]:
    return check_inputs(folder, settings=settings, as_of=as_of)[2]


def _report(input_dir: Path, output: Path, as_of: date = AS_OF) -> int:
    arguments = ["report", "--input", str(input_dir), "--output", str(output)]
    return main([*arguments, "--as-of", str(as_of)])


# A date after the reporting date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("later", "earlier", "words"),
    [
        (date(2026, 12, 1), date(2026, 3, 31), "8 months"),  # the issue's: the month was wrong
        (date(2026, 5, 1), date(2026, 3, 31), "1 month"),
        (date(2026, 4, 30), date(2026, 3, 31), "30 days"),  # edge: not yet a whole month
        (date(2026, 4, 1), date(2026, 3, 31), "1 day"),
        (date(2027, 3, 31), date(2026, 3, 31), "1 year"),
        (date(2028, 5, 31), date(2026, 3, 31), "2 years and 2 months"),
    ],
)
def test_how_long_after_counts_whole_months_or_days(later: date, earlier: date, words: str) -> None:
    assert how_long_after(later, earlier) == words


def test_a_future_assessment_date_says_how_far_after_and_does_not_guess(
    tmp_path: Path, settings: Settings
) -> None:
    """01/12/2026 against 31/03/2026: the month was mistyped, so "Check the year" misled. The
    message says it is 8 months after and asks to check the date."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    row = risk_row(**{"Assessment date": "01/12/2026"})
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [row]})
    findings = _findings(tmp_path, settings, as_of=date(2026, 3, 31))
    [found] = [f for f in findings if f.rule == "date.after_as_of"]
    assert found.cell == f"{_letter(row, 'Assessment date')}2"
    assert "01/12/2026 is 8 months after the reporting date 31/03/2026" in found.message
    assert "year" not in found.message


# A date that cannot be ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("31/13/2026", "there is no month 13"),
        ("13/13/2026", "there is no month 13"),
        ("2026-13-01", "there is no month 13"),  # year first
        ("03/00/2026", "there is no month 0"),
        ("00/03/2026", "there is no day 0"),
        ("32/01/2026", "January has 31 days"),
        ("31/04/2026", "April has 30 days"),
        ("32 March 2026", "March has 31 days"),  # in words
        ("30/02/2026", "February 2026 has 28 days"),
        ("30/02/2028", "February 2028 has 29 days"),  # a leap year
        ("29/02/2027", "February 2027 has 28 days"),
    ],
)
def test_an_impossible_date_names_the_part_that_cannot_be(typed: str, why: str) -> None:
    parsed = parse_uk_date(typed)
    assert (parsed.value, parsed.rule, parsed.detail) == (None, "date.impossible", {"why": why})


def test_no_month_13_is_said_at_the_cell(tmp_path: Path, settings: Settings) -> None:
    """ "31/13/2026 is not a date" becomes: not a real date, there is no month 13."""
    row = partnership_row(**{"Last review": "31/13/2026"})
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    [found] = _findings(tmp_path, settings)
    assert (found.cell, found.rule) == (f"{_letter(row, 'Last review')}2", "date.impossible")
    assert found.message.startswith("“31/13/2026” is not a real date: there is no month 13.")


def test_text_with_no_date_shape_is_still_not_a_date() -> None:
    assert parse_uk_date("next spring").rule == "date.not_a_date"


# One problem down a column: one line -------------------------------------------------------


def _finding(cell: str, message: str = "“x” is wrong.", **fields: str) -> Finding:
    where = {"file": "risks.xlsx", "sheet": "Risks", "column": "Assessment date", **fields}
    return Finding(Severity.ERROR, "date.not_a_date", cell=cell, message=message, **where)


@pytest.mark.parametrize(
    ("cells", "named"),
    [
        (["V155"], "V155"),
        ([f"V{row}" for row in range(155, 163)], "V155:V162"),
        (["V160", "V155", "V162", "V157", "V161"], "V155, V157, V160:V162"),
        (["V9", "V10", "V11"], "V9:V11"),  # rows, not text, in order
    ],
)
def test_cells_of_a_column_are_named_as_ranges(cells: list[str], named: str) -> None:
    assert cell_ranges(cells) == named


def test_only_findings_the_same_but_for_their_cell_share_a_line() -> None:
    same = [_finding(f"V{row}") for row in (155, 156, 157, 160)]
    others = [
        _finding("V158", message="“y” is wrong."),  # another message
        _finding("W155", column="Target date"),  # another column
        _finding("V159", file="other.xlsx"),  # another workbook
        _finding("V161", sheet="Risks 2"),  # another sheet
    ]
    found = lines([*same, *others])
    assert [(line.where, len(line.findings)) for line in found] == [
        ("other.xlsx › Risks › V159", 1),
        ("risks.xlsx › Risks › V155:V157, V160 (4 cells)", 4),
        ("risks.xlsx › Risks › W155", 1),
        ("risks.xlsx › Risks › V158", 1),
        ("risks.xlsx › Risks 2 › V161", 1),
    ]


@pytest.fixture
def pasted_down(input_dir: Path) -> tuple[Path, str]:
    """The valid input with one future date pasted down 8 risks (rows 2 to 9), and the
    letter of its column."""
    rows = [
        risk_row(**{"Risk no": number, "Assessment date": "01/08/2027"}) for number in range(1, 9)
    ]
    write_workbook(input_dir / "risks.xlsx", {"Risks": rows})
    return input_dir, _letter(rows[0], "Assessment date")


def test_a_date_pasted_down_8_rows_is_one_line_in_the_terminal(
    pasted_down: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The count is of errors, one a cell; the list has one line for the 8 cells."""
    input_dir, letter = pasted_down
    assert _report(input_dir, tmp_path / "output") == 1
    printed = capsys.readouterr().out
    assert "8 errors to fix, listed in 1 line:" in printed
    line = (
        f"  risks.xlsx › Risks › {letter}2:{letter}9 (8 cells): Assessment date 01/08/2027 is "
        "7 months after the reporting date 31/12/2026"
    )
    assert printed.count(line) == 1
    assert printed.count("01/08/2027") == 1
    assert "Fix these 8 errors in your workbooks" in printed


def test_a_date_pasted_down_8_rows_is_one_row_of_the_fix_list_and_8_marked_cells(
    pasted_down: tuple[Path, str], tmp_path: Path
) -> None:
    input_dir, letter = pasted_down
    assert _report(input_dir, tmp_path / "output") == 1
    book = load_workbook(tmp_path / "output" / "corrections" / "risks.xlsx")
    rows = list(book[FIX_LIST].iter_rows(min_row=2, values_only=True))
    assert [row[:4] for row in rows] == [
        (f"Risks › {letter}2:{letter}9 (8 cells)", "Assessment date", "01/08/2027", "Error")
    ]
    assert book[FIX_LIST]["A2"].hyperlink.location == f"'Risks'!{letter}2:{letter}9"
    risks = book["Risks"]
    for row in range(2, 10):
        cell = risks[f"{letter}{row}"]
        assert cell.comment is not None
        assert "01/08/2027 is 7 months after" in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith("F6D0CB")  # an error's shade
    assert risks[f"{letter}10"].comment is None


def test_more_lines_than_shown_are_counted_in_lines_and_errors(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """25 different dates, one of them pasted down 3 rows: 27 errors in 25 lines, 20 shown."""
    rows = [risk_row(**{"Risk no": n, "Assessment date": f"{n:02d}/02/2027"}) for n in range(1, 26)]
    rows += [risk_row(**{"Risk no": 26 + n, "Assessment date": "25/02/2027"}) for n in range(2)]
    write_workbook(input_dir / "risks.xlsx", {"Risks": rows})
    assert _report(input_dir, tmp_path / "output") == 1
    printed = capsys.readouterr().out
    assert "27 errors to fix, listed in 25 lines:" in printed
    assert "  … and 5 more lines (7 errors)." in printed


# A Partnership ID the register repeats or refuses -----------------------------------------


def _register_with_p017_at_rows_5_and_19() -> list[dict[str, object]]:
    ids = [f"P-{n:03d}" for n in range(101, 119)]
    ids[3] = ids[17] = "P-017"  # rows 5 and 19
    return [
        partnership_row(**{"Partnership ID": pid, "Partnership": f"Partnership {n}"})
        for n, pid in enumerate(ids, start=1)
    ]


def test_a_repeated_id_is_one_message_naming_the_rows_that_refer_to_it(
    tmp_path: Path, settings: Settings
) -> None:
    """P-017 used by two partnerships, and ten risks of P-017: one error, at the repeat, that
    says which rows use it and which refer to it; no risk has a message of its own."""
    write_workbook(
        tmp_path / "register.xlsx", {"Partnerships": _register_with_p017_at_rows_5_and_19()}
    )
    risks = [risk_row(**{"Partnership ID": "P-017", "Risk no": n}) for n in range(1, 11)]
    write_workbook(tmp_path / "risks.xlsx", {"Risks": risks})
    findings = _findings(tmp_path, settings)
    assert [(f.file, f.cell, f.rule) for f in findings] == [
        ("register.xlsx", "A19", "id.duplicate")
    ]
    message = findings[0].message
    assert "“P-017” is used by 2 partnerships (register.xlsx › Partnerships rows 5 and 19)" in (
        message
    )
    assert "10 rows of other sheets refer to it (risks.xlsx › Risks rows 2 to 11)" in message


def test_the_repeated_id_comes_first_in_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The register is read after `a-risks.xlsx`, which has a problem of its own: the repeated
    ID, the cause, is still the first error printed."""
    input_dir = tmp_path / "input"
    input_dir.mkdir()
    write_workbook(
        input_dir / "register.xlsx", {"Partnerships": _register_with_p017_at_rows_5_and_19()}
    )
    risks = [risk_row(**{"Partnership ID": "P-017", "Risk no": n}) for n in range(1, 4)]
    risks.append(risk_row(**{"Partnership ID": "P-101", "Risk no": 1, "Risk type": "Q"}))
    write_workbook(input_dir / "a-risks.xlsx", {"Risks": risks})
    assert _report(input_dir, tmp_path / "output") == 1
    printed = capsys.readouterr().out.splitlines()
    errors = printed[printed.index("2 errors to fix:") + 1 :]
    assert errors[0].startswith("  register.xlsx › Partnerships › A19: Partnership ID “P-017”")
    assert errors[1].startswith("  a-risks.xlsx › Risks › ")
    assert "[risk.unknown_type]" in errors[1]


def test_rows_naming_an_id_the_register_refused_have_no_message_of_their_own(
    tmp_path: Path, settings: Settings
) -> None:
    """The register's P-017 holds a zero-width space (refused there); risks of P-017 are not
    also "not in the Partnerships sheet". A risk of an ID truly missing still is."""
    register = [
        partnership_row(),
        partnership_row(**{"Partnership ID": "P-017\u200b", "Partnership": "Other"}),
        partnership_row(**{"Partnership ID": "\u0420-018", "Partnership": "Third"}),  # Cyrillic Р
    ]
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": register})
    risks = [risk_row(**{"Partnership ID": "P-017", "Risk no": n}) for n in range(1, 4)]
    risks.append(risk_row(**{"Partnership ID": "P-018", "Risk no": 1}))
    risks.append(risk_row(**{"Partnership ID": "P-999", "Risk no": 1}))
    write_workbook(tmp_path / "risks.xlsx", {"Risks": risks})
    findings = _findings(tmp_path, settings)
    assert [(f.file, f.cell, f.rule) for f in findings] == [
        ("register.xlsx", "A3", "id.hidden_characters"),
        ("register.xlsx", "A4", "id.other_alphabet"),
        ("risks.xlsx", "A6", "id.unknown_partnership"),
    ]
    assert "“P-999”" in findings[-1].message
