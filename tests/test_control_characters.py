"""The terminal never runs what a cell says (issue 26, item 7).

A cell holding ANSI escape codes, quoted in a message, cleared the officer's screen and printed
a green "All workbooks passed. Published.". Every message quotes typed text with its control
characters shown as markers (`⟨U+001B escape⟩`), in the terminal and in the data-quality list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import as_excel_stores, partnership_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.publish import DATA_QUALITY

ATTACK = "\x1b[2J\x1b[H\x1b[32mAll workbooks passed. Published.\x1b[0m"
SHOWN = (
    "⟨U+001B escape⟩[2J⟨U+001B escape⟩[H⟨U+001B escape⟩[32mAll workbooks passed. "
    "Published.⟨U+001B escape⟩[0m"
)


def test_escape_codes_typed_in_a_cell_are_printed_as_markers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The date that is not a date is reported, its escape codes shown, never sent; the
    data-quality list quotes it the same way."""
    inputs = tmp_path / "input"
    inputs.mkdir()
    row = partnership_row(**{"Start date": as_excel_stores(ATTACK)})
    write_workbook(inputs / "register.xlsx", {"Partnerships": [row]})
    output = tmp_path / "output"
    args = ["report", "--input", str(inputs), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 1
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err
    assert f"“{SHOWN}” is not a date." in printed.out
    [headings, *rows] = load_workbook(output / "corrections" / DATA_QUALITY)[
        "Data quality"
    ].iter_rows(values_only=True)
    [message] = [dict(zip(headings, row, strict=True))["Message"] for row in rows]
    assert message.startswith(f"“{SHOWN}” is not a date.")


def test_a_hidden_character_in_a_sheets_name_is_shown_in_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tab's name is typed text too: `Partnerships` with a zero-width space after it is not
    the Partnerships tab, and the warning that says so shows why."""
    inputs = tmp_path / "input"
    inputs.mkdir()
    write_workbook(inputs / "register.xlsx", {"Partnerships\u200b": [partnership_row()]})
    args = ["report", "--input", str(inputs), "--output", str(tmp_path / "out")]
    assert main([*args, "--as-of", str(AS_OF)]) == 1
    out = capsys.readouterr().out
    assert "\u200b" not in out
    assert (
        "register.xlsx › Partnerships⟨U+200B zero width space⟩: Sheet “Partnerships⟨U+200B zero width space⟩” is not one"
        in out
    )
