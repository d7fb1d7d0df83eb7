"""Faults a hostile month brings: nothing lost, nothing half-done, never a traceback.

Each test injects one fault for real where it can (a far-away cell, a killed process, Ctrl-C,
a file replaced mid-run) and in code where it cannot (a full disk, a kill at the one moment
between two renames, caps lowered so an oversized part stays small).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF, ROOT, published_copy

import pipeline.layout
import pipeline.parts
import pipeline.publish
import pipeline.run
from pipeline.cli import main
from pipeline.load import load_workbooks
from pipeline.publish import publish, recover
from pipeline.run import run_report

PERIOD = "2026-27-Q3"
POSIX = pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals")


def _run(input_dir: Path, output: Path) -> int:
    return main(
        ["report", "--input", str(input_dir), "--output", str(output), "--as-of", str(AS_OF)]
    )


def _fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _command(input_dir: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "report", "--input", str(input_dir),
            "--output", str(output), "--as-of", str(AS_OF)]  # fmt: skip


def _environment(temporary: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(temporary), "PYTHONPATH": str(ROOT)}


def _children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (Linux: from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _loaded(pid: int, library: str) -> bool:
    """Whether a live process has loaded a shared library (Linux: from /proc)."""
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def _wait_for(condition: object, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


# 1 and 2: workbooks that would take the machine down -------------------------------------


def _register_with(cell: str, folder: Path) -> Path:
    """A valid register whose Partnerships sheet also holds something at `cell`."""
    path = folder / "register.xlsx"
    write_workbook(path, {"Partnerships": [partnership_row()]})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Partnerships"][cell] = "x"
    book.save(path)
    return path


@pytest.mark.parametrize("cell", ["XFD1048576", "ZZ1048576", "XFD2000"])
def test_a_cell_far_outside_the_table_is_refused_naming_its_sheet(
    input_dir: Path, cell: str
) -> None:
    """A single far-away cell is an error naming the file, the sheet and the cell, instead of
    a reader asking for hundreds of gigabytes and aborting the process."""
    _register_with(cell, input_dir)
    loaded = load_workbooks(input_dir)
    far = [f for f in loaded.findings if f.rule == "sheet.too_far"]
    assert [(f.file, f.sheet) for f in far] == [("register.xlsx", "Partnerships")]
    assert cell in far[0].message
    assert "Ctrl+End" in far[0].message
    assert not any(raw.file == "register.xlsx" for raw in loaded.sheets)


def test_a_cell_a_little_way_out_is_read_as_usual(input_dir: Path) -> None:
    """A note typed beside the table (AD5000) is within the caps: the sheet is read."""
    _register_with("AD5000", input_dir)
    loaded = load_workbooks(input_dir)
    assert not [f for f in loaded.findings if f.rule == "sheet.too_far"]
    assert any(raw.file == "register.xlsx" for raw in loaded.sheets)


def test_a_far_cell_exits_1_with_its_message(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From the command line: exit 1, the cell named, nothing published, no marked-up copy
    promised for the workbook that could not be read."""
    _register_with("XFD1048576", input_dir)
    assert _run(input_dir, tmp_path / "output") == 1
    out = capsys.readouterr().out
    assert (
        "register.xlsx › Partnerships: Sheet “Partnerships” has something in cell XFD1048576" in out
    )
    assert "No marked-up copy of register.xlsx: it could not be read" in out
    assert not (tmp_path / "output" / PERIOD).exists()


def _respelled(path: Path, spelling: str) -> None:
    """Rewrite a workbook's far cell (XFD1048576, in its Partnerships sheet) in another legal
    spelling of the same XML or the same package."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts.pop(sheet)
    far_row = re.search(rb'<row r="1048576".*?</row>', xml, re.DOTALL)
    assert far_row is not None
    moved = sheet
    if spelling == "single quotes":
        xml = xml.replace(b'r="XFD1048576"', b"r='XFD1048576'").replace(
            b'<row r="1048576"', b"<row r='1048576'"
        )
    elif spelling == "newline before r=":
        xml = xml.replace(b' r="XFD1048576"', b'\nr="XFD1048576"').replace(
            b'<row r="1048576"', b'<row\nr="1048576"'
        )
    elif spelling == "far row first":
        xml = xml.replace(far_row.group(0), b"").replace(
            b"<sheetData>", b"<sheetData>" + far_row.group(0)
        )
    elif spelling == "outside xl/worksheets/":
        moved = "xl/data/part1.xml"
    elif spelling == "named .XML":
        moved = "xl/worksheets/sheet1.XML"
    parts[moved] = xml
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = (
            parts[name]
            .replace(sheet.encode(), moved.encode())
            .replace(sheet.removeprefix("xl/").encode(), moved.removeprefix("xl/").encode())
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.slow
@pytest.mark.parametrize(
    "spelling",
    [
        "single quotes",
        "newline before r=",
        "far row first",
        "outside xl/worksheets/",
        "named .XML",
    ],
)
def test_a_far_cell_is_found_however_the_xml_is_written(
    input_dir: Path, tmp_path: Path, spelling: str
) -> None:
    """The far cell is found through the workbook's relationships and an XML parser, so no
    legal spelling of the same sheet escapes: exit 1 naming the file, the sheet and the
    cell (it used to abort the process, exit 134, before printing a line). Run in a process
    of its own, as an abort would take the tests with it."""
    _respelled(_register_with("XFD1048576", input_dir), spelling)
    run = subprocess.run(
        _command(input_dir, tmp_path / "output"), env=_environment(tmp_path),
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr[-2000:]
    assert (
        "register.xlsx › Partnerships: Sheet “Partnerships” has something in cell XFD1048576"
        in run.stdout
    )
    assert "Traceback" not in run.stderr


_SHEET_XML = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1"><v>1</v></c></row>'
    "{rows}</sheetData></worksheet>"
)


@pytest.mark.parametrize(
    ("rows", "far"),
    [
        ('<row r="2"><c r="C2"><v>1</v></c></row>', "C2"),  # every cell as Excel writes it
        ('<row r="9"><c r="AB9"><f>1+1</f><v>2</v></c></row>', "AB9"),
        ('<row r="3"><c r="XFD1048576"><v>1</v></c></row>', "XFD1048576"),
        ('<row r="4"><c><v>1</v></c><c><v>2</v></c></row>', "B4"),  # no references
        ('<row r="5"><c r="b5"><v>1</v></c><c><v>2</v></c></row>', "C5"),  # lower case
        ('<row r="6"><c r="$E$6"><v>1</v></c></row>', "E6"),
        ('<row r="7"><c r="XFE7"><v>1</v></c></row>', "XFE7"),  # past Excel's last column
        ('<row r="8"><x:c xmlns:x="urn:x" r="Z8"><x:v>1</x:v></x:c></row>', "Z8"),
        ('<row><c r="A2"><v>1</v></c></row><row r="12000000"/>', "B12000000"),
    ],
)
def test_the_quick_scan_of_a_sheet_measures_what_the_careful_one_does(rows: str, far: str) -> None:
    """Sheets whose every cell has a reference in Excel's range have their references
    measured together; any other spelling is streamed again cell by cell. Both give the
    same reach and the same answer about formulas, whichever way the sheet is written."""
    content = _SHEET_XML.format(rows=rows).encode()
    quick = pipeline.parts._scan_sheet(lambda: io.BytesIO(content), "sheet1.xml")
    careful = pipeline.parts._Reach()
    parser = pipeline.parts._parser(careful.start)
    parser.Parse(content, True)
    assert (quick.rows, quick.columns, quick.formulas) == (
        careful.rows,
        careful.columns,
        careful.formulas,
    )
    assert quick.far == far
    assert quick.formulas == ("<f>" in rows)


def _rewritten(path: Path, change: str) -> None:
    """A valid register rewritten in a way no spreadsheet program writes."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    extra: list[tuple[str, bytes]] = []
    if change == "declared reach":
        parts[sheet] = re.sub(
            rb"<dimension ref=[^>]*>", b'<dimension ref="A1:XFD1048576"/>', parts[sheet]
        )
    elif change == "document type":
        parts[sheet] = parts[sheet].replace(
            b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY far "XFD1048576">]><worksheet', 1
        )
    elif change == "two parts of one name":
        extra.append((sheet.upper(), parts[sheet]))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*parts.items(), *extra]:
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ("declared reach", "sheet.too_far"),  # openpyxl widens every row to it
        ("document type", "file.unreadable"),
        ("two parts of one name", "file.unreadable"),
    ],
)
def test_a_workbook_written_as_no_spreadsheet_program_would_is_refused(
    input_dir: Path, change: str, rule: str
) -> None:
    """A sheet declaring that it reaches XFD1048576, one declaring a document type (and
    so entities), and a package holding two parts of one name (which readers would choose
    between differently) are refused, naming the file."""
    write_workbook(input_dir / "register.xlsx", {"Partnerships": [partnership_row()]})
    _rewritten(input_dir / "register.xlsx", change)
    loaded = load_workbooks(input_dir)
    assert [f.rule for f in loaded.findings if f.file == "register.xlsx"] == [rule]
    assert not any(raw.file == "register.xlsx" for raw in loaded.sheets)


def _wide_register(folder: Path, rows: int = 400) -> Path:
    path = folder / "register.xlsx"
    rows_ = [partnership_row(**{"Partnership ID": f"P-{n:04d}"}) for n in range(rows)]
    write_workbook(path, {"Partnerships": rows_})
    return path


@pytest.mark.parametrize(
    ("cap", "value", "words"),
    [
        ("MAX_PART_BYTES", 20_000, "xl/worksheets/sheet1.xml unpacks to"),
        ("MAX_WORKBOOK_BYTES", 20_000, "it unpacks to"),
        ("MAX_SHEET_CELLS", 1_000, "it would take"),
    ],
)
def test_a_workbook_over_a_cap_is_refused_in_plain_words(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cap: str,
    value: int,
    words: str,
) -> None:
    """With the caps lowered, an ordinary 400-row register stands for a workbook that unpacks
    to gigabytes: exit 1, a message naming the file and the limit; no traceback."""
    _wide_register(input_dir)
    monkeypatch.setattr(pipeline.parts, cap, value)
    assert _run(input_dir, tmp_path / "output") == 1
    out = capsys.readouterr().out
    assert "register.xlsx" in out
    assert words in out


def test_a_file_over_the_size_limit_is_not_even_read(
    input_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook file over MAX_FILE_BYTES is refused from its size alone."""
    _wide_register(input_dir)
    monkeypatch.setattr(pipeline.parts, "MAX_FILE_BYTES", 1_000)
    loaded = load_workbooks(input_dir)
    assert {f.file for f in loaded.findings if f.rule == "file.too_large"} >= {"register.xlsx"}


# 3 and 5: publishing is one step, and failed runs touch no published folder --------------


def test_publish_swaps_the_folder_in_one_step_where_the_platform_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file system can exchange two folders atomically, the period folder is never
    missing: the two-rename path (with its moment in between) is not used."""
    output = tmp_path / "output"
    publish({"a.txt": b"first"}, output_dir=output, period_slug=PERIOD)
    if not pipeline.publish._exchange(output / PERIOD, output / PERIOD):
        pytest.skip("this platform or file system has no atomic exchange of folders")

    def never() -> None:
        raise AssertionError("the period folder was moved aside")

    monkeypatch.setattr(pipeline.publish, "_between_renames", never)
    publish({"b.txt": b"second"}, output_dir=output, period_slug=PERIOD)
    assert [p.name for p in output.iterdir()] == [PERIOD]
    assert [p.name for p in (output / PERIOD).iterdir()] == ["b.txt"]


_KILLED_BETWEEN_RENAMES = """
import os, sys
from pathlib import Path
import pipeline.publish as publish
publish._exchange = lambda first, second: False   # a platform with no atomic exchange
publish._between_renames = lambda: os._exit(9)    # killed at the worst moment
publish.publish({"new.txt": b"new"}, output_dir=Path(sys.argv[1]), period_slug=sys.argv[2])
"""


@pytest.mark.slow
def test_a_run_killed_between_the_two_renames_is_recovered_by_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], input_dir: Path
) -> None:
    """Without an atomic exchange, a run killed after moving the old folder aside leaves no
    period folder; the next run puts it back first, clears the leftovers and says so."""
    output = tmp_path / "output"
    publish({"old.txt": b"old"}, output_dir=output, period_slug=PERIOD)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BETWEEN_RENAMES, str(output), PERIOD],
        env=_environment(tmp_path), check=False,
    )  # fmt: skip
    assert killed.returncode == 9
    left = sorted(p.name.split("-")[0] for p in output.iterdir())
    assert left == [".previous", ".staging"]  # the killed run's state: no period folder

    assert recover(output) == [PERIOD]
    assert sorted(p.name for p in output.iterdir()) == [PERIOD]
    assert (output / PERIOD / "old.txt").read_bytes() == b"old"

    # and through a whole run, which reports it
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BETWEEN_RENAMES, str(output), PERIOD],
        env=_environment(tmp_path), check=False,
    )  # fmt: skip
    assert _run(input_dir, output) == 0
    assert "put back output/2026-27-Q3/" in capsys.readouterr().out
    assert sorted(p.name for p in output.iterdir()) == [PERIOD]


def test_a_live_runs_working_folders_are_left_alone(tmp_path: Path) -> None:
    """Only folders whose run has ended are cleared: another run still going keeps its own."""
    output = tmp_path / "output"
    mine = output / f".staging-{PERIOD}-{os.getpid()}-abcdefgh"
    mine.mkdir(parents=True)
    assert recover(output) == []
    assert mine.is_dir()


@pytest.mark.slow
def test_a_full_disk_with_input_errors_still_lists_the_errors(
    input_dir: Path,
    valid_published: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The findings are printed before anything is written; the disk filling up while the
    corrections are written is then one plain line (exit 2), and the published folder is as
    it was."""
    output = tmp_path / "output"
    before = _fingerprints(published_copy(valid_published, output))  # these inputs' reports
    write_workbook(input_dir / "register.xlsx", {"Partnerships": [partnership_row(Status="Gone")]})

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    assert _run(input_dir, output) == 2
    captured = capsys.readouterr()
    assert "1 error to fix" in captured.out
    assert "register.xlsx › Partnerships › " in captured.out
    assert "cannot be written (No space left on device)" in captured.err
    assert "Traceback" not in captured.err
    monkeypatch.undo()
    assert _fingerprints(output / PERIOD) == before
    assert sorted(p.name for p in output.iterdir()) == [PERIOD]


@pytest.mark.slow
def test_a_full_disk_while_publishing_keeps_the_last_good_reports(
    input_dir: Path,
    valid_published: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A clean run whose disk fills up while publishing exits 2 with one line, and the
    published folder is byte-identical with no working folder left."""
    output = tmp_path / "output"
    before = _fingerprints(published_copy(valid_published, output))  # these inputs' reports
    real = Path.write_bytes
    written: list[Path] = []

    def fills_up(self: Path, data: bytes) -> int:
        if output in self.parents:
            written.append(self)
        if len(written) > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fills_up)
    assert _run(input_dir, output) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert "Nothing was published" in err
    assert _fingerprints(output / PERIOD) == before
    assert sorted(p.name for p in output.iterdir()) == [PERIOD]


def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An output folder that cannot be made or written (here, a file stands where a folder
    should be) exits 2 naming it, before a single workbook is read."""
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbooks were read")

    monkeypatch.setattr(pipeline.run, "check_inputs", never)
    assert _run(input_dir, blocker / "output") == 2
    err = capsys.readouterr().err
    assert f"The output folder {blocker / 'output'} cannot be written" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_full_temporary_disk_is_one_line_too(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The disk filling up anywhere (here under WeasyPrint, writing its fonts to the temporary
    folder) is the machine's problem, said in one line (exit 2), not a bug (exit 3)."""
    output = tmp_path / "output"
    real = Path.write_bytes

    def full_outside_output(self: Path, data: bytes) -> int:
        if output not in self.parents:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_outside_output)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # everything laid out in this process
    assert _run(input_dir, output) == 2
    err = capsys.readouterr().err
    assert "There is no space left on the disk" in err
    assert "Nothing was published" in err
    assert not (output / PERIOD).exists()


# 6, 7 and 13: the inputs as they were read, odd names, and messages that say what was done


@pytest.mark.slow
def test_marking_up_uses_the_bytes_that_were_read(
    input_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input replaced or deleted while the run goes on changes nothing: the manifest's
    fingerprints and the marked-up copies come from the bytes read at the start."""
    write_workbook(input_dir / "risks.xlsx", {"Risks": [risk_row(**{"Inherent rating": 4})]})
    original = hashlib.sha256((input_dir / "risks.xlsx").read_bytes()).hexdigest()
    real = pipeline.run.check_inputs

    def then_replaced(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        (input_dir / "risks.xlsx").write_bytes(b"replaced by a colleague")
        (input_dir / "register.xlsx").unlink()
        return result

    monkeypatch.setattr(pipeline.run, "check_inputs", then_replaced)
    assert _run(input_dir, tmp_path / "output") == 0
    folder = tmp_path / "output" / PERIOD
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {i["file"]: i["sha256"] for i in manifest["inputs"]}["risks.xlsx"] == original
    assert (folder / "corrections" / "risks.xlsx").is_file()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names there are always Unicode")
def test_a_file_name_that_is_not_utf8_is_named_escaped(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook named in another encoding (bytes that are not UTF-8) is read and named with
    its odd byte escaped, in the messages, the corrections and the manifest."""
    odd = input_dir / os.fsdecode(b"risques-caf\xe9.xlsx")
    write_workbook(odd, {"Risks": [risk_row(**{"Risk no": 2, "Inherent rating": 4})]})
    assert _run(input_dir, tmp_path / "output") == 0
    shown = "risques-caf\\xe9.xlsx"
    assert f"{shown} › Risks › " in capsys.readouterr().out
    folder = tmp_path / "output" / PERIOD
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert shown in {i["file"] for i in manifest["inputs"]}
    assert (folder / "corrections" / "risques-caf\\xe9.xlsx").is_file()


def test_an_unreadable_file_is_not_said_to_be_marked_up(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message names only the marked-up copies that were written, and says why a
    workbook has none."""
    (input_dir / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    write_workbook(input_dir / "risks.xlsx", {"Risks": [risk_row(**{"Inherent rating": 4})]})
    assert _run(input_dir, tmp_path / "output") == 1
    out = capsys.readouterr().out
    assert "No marked-up copy of broken.xlsx: it could not be read" in out
    assert f"are in {tmp_path / 'output' / 'corrections'}/: risks.xlsx." in out
    assert sorted(p.name for p in (tmp_path / "output" / "corrections").iterdir()) == [
        "data-quality.xlsx",
        "risks.xlsx",
    ]


@pytest.mark.slow
def test_a_workbook_that_cannot_be_marked_up_gets_a_line_saying_why(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """openpyxl failing on a workbook that was read (as on readxl's Los Angeles arrests
    file) costs only its marked-up copy: the run publishes and says why there is none."""
    write_workbook(input_dir / "risks.xlsx", {"Risks": [risk_row(**{"Inherent rating": 4})]})

    def fails(content: bytes) -> object:
        raise IndexError("list index out of range")

    monkeypatch.setattr(pipeline.corrections, "open_for_markup", fails)
    assert _run(input_dir, tmp_path / "output") == 0
    out = capsys.readouterr().out
    assert (
        "No marked-up copy of risks.xlsx: it could not be reopened to mark it up (IndexError)"
        in out
    )
    assert (tmp_path / "output" / PERIOD / "corrections" / "data-quality.xlsx").is_file()


# 10, 11 and 14: the second process -------------------------------------------------------


@contextlib.contextmanager
def _ctrl_c_not_ignored() -> Iterator[None]:
    """Ctrl-C taken, as in a terminal, by the processes started meanwhile: a process ignoring
    it (as pytest-xdist's workers do) passes that on to every program it starts."""
    if signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _running(input_dir: Path, output: Path, temporary: Path) -> subprocess.Popen[str]:
    """A real run, in a process of its own, once its second process has started."""
    with _ctrl_c_not_ignored():
        run = subprocess.Popen(
            _command(input_dir, output), env=_environment(temporary), text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
    assert _wait_for(lambda: _children(run.pid)), "the second process never started"
    return run


@pytest.mark.slow
@POSIX
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes in /proc")
def test_ctrl_c_stops_cleanly_and_ends_the_second_process(input_dir: Path, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) ends the run with
    exit 130 and one line saying nothing was published: no traceback from either process,
    no process and no temporary folder left."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    run = _running(input_dir, tmp_path / "output", temporary)
    child = _children(run.pid)[0]
    # Ctrl-C once both processes have loaded WeasyPrint's libraries and are laying out: finding
    # them runs the C compiler, which, stopped, leaves its own files in the temporary folder.
    laying_out = (
        lambda: _loaded(run.pid, "libpangoft2")
        and (_loaded(child, "libpangoft2") or not _alive(child))
    )  # fmt: skip
    assert _wait_for(laying_out), "the run never loaded WeasyPrint's libraries"
    os.killpg(run.pid, signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "Stopped. Nothing was published; your last good reports are untouched." in err
    assert "Traceback" not in err + out
    assert _wait_for(lambda: not _alive(child), 10)
    assert not (tmp_path / "output" / PERIOD).exists()
    assert list(temporary.iterdir()) == []


@pytest.mark.slow
@POSIX
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes in /proc")
def test_a_killed_run_leaves_no_process_and_the_next_clears_its_folder(
    input_dir: Path, tmp_path: Path
) -> None:
    """kill -9 on a run takes its second process with it, and the next run removes the
    temporary folder the killed one could not."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    run = _running(input_dir, tmp_path / "output", temporary)
    child = _children(run.pid)[0]
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=30)
    assert _wait_for(lambda: not _alive(child), 10), "the second process outlived its parent"
    assert [p.name.split("-")[:2] for p in temporary.iterdir()] == [["partnership", "pipeline"]]
    after = subprocess.run(
        _command(input_dir, tmp_path / "output"), env=_environment(temporary),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    assert list(temporary.iterdir()) == []


@pytest.mark.slow
def test_a_run_leaves_nothing_in_the_temporary_folder(
    input_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint's font folders and anything else written to the temporary folder go with
    the run, in both processes."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    assert _run(input_dir, tmp_path / "output") == 0
    assert list(temporary.iterdir()) == []


@pytest.mark.slow
def test_the_spawned_second_process_gives_the_same_bytes(input_dir: Path, tmp_path: Path) -> None:
    """The start method used where there is no fork (Windows, macOS) gives byte-identical
    outputs to the forked one."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: there is no second process")
    forked = run_report(input_dir, tmp_path / "forked", as_of=AS_OF, method="fork")
    spawned = run_report(input_dir, tmp_path / "spawned", as_of=AS_OF, method="spawn")
    assert forked.published is not None
    assert spawned.published is not None
    assert _fingerprints(forked.published) == _fingerprints(spawned.published)
    assert "annual-partnership-report.pdf" in _fingerprints(spawned.published)


def test_the_start_method_is_fork_only_where_it_is_safe() -> None:
    """Fork on Linux, where it is offered and safe; spawn anywhere else."""
    expected = "fork" if sys.platform.startswith("linux") else "spawn"
    assert pipeline.layout.start_method() == expected


# 12: the error log ------------------------------------------------------------------------


def test_each_unexpected_failure_gets_a_log_of_its_own(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two failing runs write two logs, each new, in the output folder's hidden .logs/."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline.run, "report_tables", broken)
    output = tmp_path / "output"
    logs = []
    for _ in range(2):
        assert _run(input_dir, output) == 3
        err = capsys.readouterr().err
        logs.append(Path(err.split("supports it: ", 1)[1].splitlines()[0]))
    assert logs[0] != logs[1]
    assert {log.parent for log in logs} == {output / ".logs"}
    assert all("simulated bug" in log.read_text(encoding="utf-8") for log in logs)


# 15 and 16: history kept, and the command without make ------------------------------------


def test_make_clean_keeps_the_published_periods() -> None:
    """`make clean` removes what can be rebuilt, never output/: last quarter's reports are the
    record that "what changed" and last year's figures are read from."""
    dry = subprocess.run(
        ["make", "-n", "clean"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert ".venv" in dry.stdout
    assert "output" not in dry.stdout


@pytest.mark.slow
def test_the_manifest_names_the_period_it_was_compared_with(
    input_dir: Path, tmp_path: Path
) -> None:
    """A quarter published after another names it in manifest.json; the first names none."""
    output = tmp_path / "output"
    from datetime import date

    assert main(["report", "--input", str(input_dir), "--output", str(output),
                 "--as-of", str(date(2026, 9, 30))]) == 0  # fmt: skip
    assert _run(input_dir, output) == 0
    first = json.loads((output / "2026-27-Q2" / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((output / PERIOD / "manifest.json").read_text(encoding="utf-8"))
    assert first["compared_with"] is None
    assert second["compared_with"] == "2026/27 Q2"


_WITHOUT_OPENPYXL = """
import runpy, sys
class Missing:
    def find_spec(self, name, path=None, target=None):
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Missing())
sys.argv = ["pipeline", "report"]
runpy.run_module("pipeline", run_name="__main__")
"""


def test_a_python_without_the_packages_says_to_run_make_setup() -> None:
    """`python -m pipeline` from a Python lacking the packages is one line, not a traceback."""
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_OPENPYXL], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "openpyxl is missing" in result.stderr
    assert "make setup" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_readme_gives_the_command_that_works_without_make() -> None:
    """The README's command without make is the .venv's Python, which has the packages."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pipeline report" in readme
    assert "`python -m pipeline report" not in readme


# Issue 26, item 3: "your last good reports are untouched" is true, or not said ---------------


@pytest.fixture
def undeletable(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Makes a file one that the system will not delete, for real: immutable (root, with
    chattr) or in a read-only folder (anyone else). Undone at the end, wherever it went."""
    root = os.name == "posix" and os.geteuid() == 0
    if os.name != "posix" or (root and shutil.which("chattr") is None):
        pytest.skip("needs POSIX permissions, and chattr when run as root")

    def make(path: Path) -> None:
        if root:
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"this file system cannot mark a file immutable: {done.stderr!r}")
        else:
            path.parent.chmod(0o555)

    yield make
    if root:
        subprocess.run(["chattr", "-R", "-i", str(tmp_path)], capture_output=True, check=False)
    else:
        for folder in [tmp_path, *tmp_path.rglob("*")]:
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)


def _never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbooks were read")

    monkeypatch.setattr(pipeline.run, "check_inputs", never)


@pytest.mark.parametrize("kind", ["link", "file"])
def test_a_period_folder_that_is_a_link_or_a_file_is_refused_before_any_work(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    """output/<period> as a link or a plain file is exit 2 naming it, before a workbook is
    read, and it is left as it was (a run used to swap it out and then say nothing was
    published)."""
    output = tmp_path / "output"
    output.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    if kind == "link":
        try:
            (output / PERIOD).symlink_to(elsewhere, target_is_directory=True)
        except OSError as error:
            pytest.skip(f"cannot make a link here: {error}")
    else:
        (output / PERIOD).write_text("a note", encoding="utf-8")
    _never_read(monkeypatch)
    assert _run(input_dir, output) == 2
    err = capsys.readouterr().err
    assert f"{output / PERIOD} is a {kind}, not a folder" in err
    assert "Traceback" not in err
    if kind == "link":
        assert (output / PERIOD).is_symlink()
        assert _fingerprints(elsewhere) == {"keep.txt": hashlib.sha256(b"keep").hexdigest()}
    else:
        assert (output / PERIOD).read_text(encoding="utf-8") == "a note"


def test_a_file_in_the_old_period_folder_that_cannot_be_removed_is_refused_first(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    undeletable: Callable[[Path], None],
) -> None:
    """A file in output/<period>/ that cannot be deleted is exit 2 naming it, before any
    work, and the folder stays as it was; the message that nothing was published is true."""
    output = tmp_path / "output"
    held = output / PERIOD / "html" / "annual-partnership-report.html"
    held.parent.mkdir(parents=True)
    held.write_text("old", encoding="utf-8")
    undeletable(held)
    before = _fingerprints(output / PERIOD)
    _never_read(monkeypatch)
    assert _run(input_dir, output) == 2
    err = capsys.readouterr().err
    assert str(held) in err or str(held.parent) in err
    assert "cannot be replaced" in err
    assert "Nothing was published" in err
    assert _fingerprints(output / PERIOD) == before
    assert sorted(p.name for p in output.iterdir()) == [PERIOD]


@pytest.mark.slow
def test_an_old_folder_that_cannot_be_removed_after_the_swap_is_said_truly(
    input_dir: Path,
    valid_published: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    undeletable: Callable[[Path], None],
) -> None:
    """A file of the old folder that becomes undeletable while the run goes on: the new
    reports are published, and the last line says so and where the old folder was left."""
    output = tmp_path / "output"
    published_copy(valid_published, output)  # the old folder: these inputs' reports
    real = pipeline.run.report_tables

    def held_meanwhile(*args: Any, **kwargs: Any) -> Any:
        undeletable(output / PERIOD / "manifest.json")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline.run, "report_tables", held_meanwhile)
    assert _run(input_dir, output) == 0
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert f"The new reports are published in {output / PERIOD}/" in last
    left = Path(last.split("it is left at ", 1)[1].split(";", 1)[0])
    assert left.parent == output
    assert (left / "manifest.json").is_file()
    assert "Nothing was published" not in out
    assert json.loads((output / PERIOD / "manifest.json").read_text(encoding="utf-8"))


# Issue 26, item 10: smaller holes -----------------------------------------------------------


@pytest.mark.slow
def test_corrections_written_while_a_clean_run_runs_are_kept(
    input_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A run with errors that writes output/corrections/ while a clean run is under way
    keeps them: the clean run removes only the corrections it found as it started, and says
    it kept the newer ones."""
    output = tmp_path / "output"
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    write_workbook(wrong / "register.xlsx", {"Partnerships": [partnership_row(Status="Gone")]})
    real = pipeline.run.report_tables

    def error_run_meanwhile(*args: Any, **kwargs: Any) -> Any:
        assert run_report(wrong, output, as_of=AS_OF).errors
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline.run, "report_tables", error_run_meanwhile)
    assert _run(input_dir, output) == 0
    assert (output / "corrections" / "data-quality.xlsx").is_file()
    assert f"Kept {output / 'corrections'}/" in capsys.readouterr().out


@pytest.mark.slow
def test_corrections_found_as_a_clean_run_starts_are_still_removed(
    input_dir: Path, tmp_path: Path
) -> None:
    """The corrections of a failed run before this one are superseded and removed, as ever."""
    output = tmp_path / "output"
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    write_workbook(wrong / "register.xlsx", {"Partnerships": [partnership_row(Status="Gone")]})
    assert run_report(wrong, output, as_of=AS_OF).errors
    assert (output / "corrections").is_dir()
    assert _run(input_dir, output) == 0
    assert sorted(p.name for p in output.iterdir()) == [PERIOD]


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="a file-size limit (ulimit -f) is POSIX")
def test_a_file_size_limit_is_one_plain_line(input_dir: Path, tmp_path: Path) -> None:
    """Under `ulimit -f` a file that would grow past the limit is exit 2 with one line saying
    so, not an unexpected failure (exit 3), and nothing is published."""
    output = tmp_path / "output"
    result = subprocess.run(
        _command(input_dir, output), env=_environment(tmp_path), capture_output=True,
        text=True, check=False, preexec_fn=_file_size_limit(64 * 1024),
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "larger than this machine allows" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (output / PERIOD).exists()


@pytest.mark.slow
def test_a_closed_output_stream_is_not_a_failure(input_dir: Path, tmp_path: Path) -> None:
    """`python -m pipeline report … | head`: a reader that has gone before the run has said
    all it has to say is no failure of the run, which publishes, exits 0 and prints no
    BrokenPipeError."""
    output = tmp_path / "output"
    with subprocess.Popen(
        _command(input_dir, output), env=_environment(tmp_path), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    ) as running:  # fmt: skip
        assert running.stdout is not None
        assert running.stderr is not None
        running.stdout.close()  # as head does once it has its lines
        err = running.stderr.read()
        code = running.wait(120)
    assert "BrokenPipeError" not in err
    assert "Traceback" not in err
    assert code == 0, err
    assert (output / PERIOD / "manifest.json").is_file()


@pytest.mark.parametrize("where", ["same", "inside", "empty"])
def test_an_output_folder_among_the_workbooks_is_refused(
    input_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    """--output equal to the input folder, inside it, or "" (what `make report OUTPUT=`
    passes) is exit 2 before any work, and nothing is written among the workbooks."""
    before = sorted(p.name for p in input_dir.iterdir())
    output = {"same": str(input_dir), "inside": str(input_dir / "reports"), "empty": ""}[where]
    monkeypatch.chdir(input_dir)  # "" would otherwise be the folder the run is started in
    _never_read(monkeypatch)
    arguments = ["report", "--input", str(input_dir), "--output", output, "--as-of", str(AS_OF)]
    try:
        code = main(arguments)
    except SystemExit as ended:  # refused by the command line's own parser
        code = ended.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    said = {"same": "is the input folder", "inside": "is inside the input folder"}
    assert said.get(where, "empty folder name") in err
    assert sorted(p.name for p in input_dir.iterdir()) == before


def test_a_reporting_date_out_of_range_is_a_usage_error(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--as-of 9999-12-31 is exit 2 giving the dates allowed, not an unexpected failure."""
    code = main(["report", "--input", str(input_dir), "--output", str(tmp_path / "output"),
                 "--as-of", "9999-12-31"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert "from 2000-01-01 to 2099-12-31" in err
    assert "Traceback" not in err


# Issue 26, item 5: make's "Nothing has changed" is true ---------------------------------------


def _stored(path: Path, old: bytes = b"", new: bytes = b"") -> None:
    """The workbook rewritten uncompressed, with fixed times inside, `old` text replaced by
    `new`: a replacement of the same length leaves the file the same size."""
    with zipfile.ZipFile(path) as original:
        parts = [(info.filename, original.read(info.filename)) for info in original.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as stored:
        for name, data in parts:
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            stored.writestr(entry, data.replace(old, new) if old else data)
    path.write_bytes(buffer.getvalue())


def _make_report(input_dir: Path, output: Path) -> str:
    done = subprocess.run(
        ["make", "-s", "report", f"INPUT={input_dir}", f"OUTPUT={output}", f"AS_OF={AS_OF}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_report_runs_again_when_the_folder_is_gone_or_a_workbook_changed(
    input_dir: Path, tmp_path: Path
) -> None:
    """`make report` says nothing has changed only when it is true: not after the period
    folder was deleted, nor after a workbook was changed keeping its size and time."""
    output = tmp_path / "output"
    register = input_dir / "register.xlsx"
    _stored(register)
    assert "Published to" in _make_report(input_dir, output)
    assert "Nothing has changed" in _make_report(input_dir, output)

    shutil.rmtree(output / PERIOD)
    assert "Published to" in _make_report(input_dir, output)

    before = register.stat()
    _stored(register, b"Example", b"Exampel")  # the same length: the same size
    os.utime(register, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (register.stat().st_size, register.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    again = _make_report(input_dir, output)
    assert "Nothing has changed" not in again
    assert "Published to" in again
