"""Real spreadsheets from public test suites: each is read or cleanly refused, never a crash.

They are read in place from ../shared/realworld/ and the tests skip, saying why, in a clone
where that folder is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import write_valid_input
from conftest import AS_OF, SHARED

from pipeline.corrections import corrections_name
from pipeline.findings import Severity
from pipeline.run import check_inputs, corrections_for
from pipeline.settings import load_settings

REALWORLD = SHARED / "realworld"
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
FILES = (
    sorted(p for p in REALWORLD.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if REALWORLD.is_dir()
    else []
)


@pytest.mark.skipif(not FILES, reason=f"{REALWORLD} is absent (a clone outside the workplace)")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REALWORLD)))
def test_a_real_world_file_is_read_or_refused_by_name(tmp_path: Path, path: Path) -> None:
    """Dropped into a valid input/, the file yields findings naming it, and nothing crashes.

    Refused files (.xls, .csv, encrypted, corrupt, unreadable) are errors; workbooks without
    a recognised sheet are listed with a warning per sheet and otherwise ignored.
    """
    folder = write_valid_input(tmp_path / "input")
    shutil.copy(path, folder / path.name)
    _, _, findings = check_inputs(folder, settings=load_settings(folder), as_of=AS_OF)
    about = [f for f in findings if f.file == path.name]
    assert about, "the file is neither read, refused nor listed"
    assert all(f.file == path.name for f in findings)  # the valid workbooks stay clean
    refused = path.suffix.lower() in (".xls", ".csv")
    if refused:
        assert [f.rule for f in about] == ["file.not_xlsx"]
    for f in about:
        assert f.severity is Severity.ERROR or f.rule in ("sheet.unrecognised", "sheet.hidden")


@pytest.mark.skipif(not FILES, reason=f"{REALWORLD} is absent (a clone outside the workplace)")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REALWORLD)))
def test_a_real_world_file_is_marked_up_or_said_not_to_be(tmp_path: Path, path: Path) -> None:
    """The corrections for a real file never crash the run (readxl's Los Angeles arrests file
    made openpyxl fail while marking it up): it is marked up, or listed with a reason."""
    folder = write_valid_input(tmp_path / "input")
    shutil.copy(path, folder / path.name)
    loaded, _, findings = check_inputs(folder, settings=load_settings(folder), as_of=AS_OF)
    made = corrections_for(loaded.files, findings)
    files, reasons = made.files, dict(made.not_marked)
    assert (corrections_name(path.name) in files) != (path.name in reasons)
    assert all(reason for reason in reasons.values())
