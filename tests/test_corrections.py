"""The officer's workbook back, marked up: every problem cell shaded and explained."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.corrections import FIX_LIST, FIX_LIST_COLUMNS

pytestmark = pytest.mark.slow


def _run(input_dir: Path, output: Path) -> int:
    return main(
        ["report", "--input", str(input_dir), "--output", str(output), "--as-of", str(AS_OF)]
    )


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
    }


@pytest.fixture
def broken_input(input_dir: Path) -> Path:
    """The valid input with a month-first date, a formula-looking status and a rating warning."""
    write_workbook(
        input_dir / "register.xlsx",
        {"Partnerships": [partnership_row(**{"Last review": "03/14/2026", "Status": "=1+1"})]},
    )
    write_workbook(input_dir / "risks.xlsx", {"Risks": [risk_row(**{"Inherent rating": 4})]})
    return input_dir


def test_each_workbook_with_problems_comes_back_marked_up(
    broken_input: Path, tmp_path: Path
) -> None:
    """A copy per workbook with findings: a Fix list first, each problem cell shaded with a comment."""
    output = tmp_path / "output"
    assert _run(broken_input, output) == 1
    corrections = output / "corrections"  # a failed run's: never inside a published period
    assert not (output / "2026-27-Q3").exists()
    assert sorted(p.name for p in corrections.iterdir()) == [
        "data-quality.xlsx",
        "register.xlsx",
        "risks.xlsx",
    ]
    book = load_workbook(corrections / "register.xlsx")
    assert book.sheetnames == [FIX_LIST, "Partnerships"]
    fixes = list(book[FIX_LIST].iter_rows(values_only=True))
    assert fixes[0] == FIX_LIST_COLUMNS
    row = partnership_row()
    status = f"{chr(ord('A') + list(row).index('Status'))}2"
    review = f"{chr(ord('A') + list(row).index('Last review'))}2"
    assert [(f[0], f[1], f[2]) for f in fixes[1:]] == [
        (f"Partnerships › {status}", "Status", "=1+1"),
        (f"Partnerships › {review}", "Last review", "03/14/2026"),
    ]
    assert book[FIX_LIST]["C2"].data_type == "s"  # shown as typed, never run as a formula
    cell = book["Partnerships"][review]
    assert cell.comment is not None
    assert "month-first" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("F6D0CB")
    assert book[FIX_LIST]["A3"].hyperlink.location == f"'Partnerships'!{review}"


def test_a_warning_is_marked_amber(broken_input: Path, tmp_path: Path) -> None:
    """Warnings are marked too, in their own colour, with the message as a comment."""
    _run(broken_input, tmp_path / "output")
    book = load_workbook(tmp_path / "output" / "corrections" / "risks.xlsx")
    rating = f"{chr(ord('A') + list(risk_row()).index('Inherent rating'))}2"
    cell = book["Risks"][rating]
    assert cell.fill.fgColor.rgb.endswith("FCE5CD")
    assert cell.comment.text.startswith("Warning: Inherent rating 4")


def test_the_originals_are_never_touched(broken_input: Path, tmp_path: Path) -> None:
    """Reading, checking and marking up leave the input workbooks' bytes and times unchanged."""
    before = _state(broken_input)
    _run(broken_input, tmp_path / "output")
    assert _state(broken_input) == before


def test_a_published_run_with_warnings_includes_its_corrections(
    input_dir: Path, tmp_path: Path
) -> None:
    """Warnings never block; the marked-up copies are published beside the reports."""
    write_workbook(input_dir / "risks.xlsx", {"Risks": [risk_row(**{"Inherent rating": 4})]})
    assert _run(input_dir, tmp_path / "output") == 0
    published = tmp_path / "output" / "2026-27-Q3" / "corrections"
    assert sorted(p.name for p in published.iterdir()) == ["data-quality.xlsx", "risks.xlsx"]
