"""publish and the command line: all or nothing, exit codes, no traceback for officers."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook

import pipeline.layout
import pipeline.run
from pipeline.cli import main
from pipeline.publish import OutputError, publish, workbook_bytes
from pipeline.run import run_report


def _run(input_dir: Path, output: Path, *extra: str) -> int:
    return main(
        [
            "report",
            "--input",
            str(input_dir),
            "--output",
            str(output),
            "--as-of",
            str(AS_OF),
            *extra,
        ]
    )


def _fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_a_clean_run_publishes_and_leaves_no_staging_folders(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0, the four outputs in output/2026-27-Q3/, nothing else in output/."""
    output = tmp_path / "output"
    assert _run(input_dir, output) == 0
    assert [p.name for p in output.iterdir()] == ["2026-27-Q3"]
    assert "Published to" in capsys.readouterr().out


@pytest.mark.slow
def test_a_run_with_errors_publishes_nothing_and_keeps_the_last_good_reports(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1; the published folder is byte-for-byte as it was, its own corrections included
    (the failed run's go to output/corrections/, and the message says so); every error is
    listed; a later clean run removes the failed run's corrections."""
    output = tmp_path / "output"
    write_workbook(input_dir / "risks.xlsx", {"Risks": [risk_row(**{"Inherent rating": 4})]})
    assert _run(input_dir, output) == 0
    before = _fingerprints(output / "2026-27-Q3")
    assert "corrections/risks.xlsx" in before  # a warning's marked-up copy, published
    capsys.readouterr()

    good = (input_dir / "register.xlsx").read_bytes()
    write_workbook(
        input_dir / "register.xlsx",
        {"Partnerships": [partnership_row(**{"Last review": "03/14/2026", "Status": "Gone"})]},
    )
    assert _run(input_dir, output) == 1
    assert _fingerprints(output / "2026-27-Q3") == before
    printed = capsys.readouterr().out
    assert "2 errors to fix" in printed
    assert "register.xlsx › Partnerships › " in printed
    assert "No reports were published" in printed
    assert f"{output / 'corrections' / 'data-quality.xlsx'}" in printed
    assert f"are in {output / 'corrections'}/: register.xlsx, risks.xlsx." in printed
    # The last line says what to do next.
    assert printed.strip().splitlines()[-1] == (
        "Fix these 2 errors in your workbooks, then run make report again."
    )
    sheet = load_workbook(output / "corrections" / "data-quality.xlsx")["Data quality"]
    assert sheet.max_row == 4  # heading + both errors + the warning

    (input_dir / "register.xlsx").write_bytes(good)
    assert _run(input_dir, output) == 0
    assert sorted(p.name for p in output.iterdir()) == ["2026-27-Q3"]


@pytest.mark.slow
def test_a_later_clean_run_replaces_the_whole_period_folder(
    input_dir: Path, tmp_path: Path
) -> None:
    """Publishing swaps the folder in one move: stale files from a failed run disappear."""
    output = tmp_path / "output"
    stale = output / "2026-27-Q3" / "corrections"
    stale.mkdir(parents=True)
    (stale / "data-quality.xlsx").write_bytes(b"old")
    assert _run(input_dir, output) == 0
    assert not stale.exists()
    assert sorted(p.name for p in (output / "2026-27-Q3").iterdir()) == [
        "annual-partnership-report.pdf",
        "html",
        "manifest.json",
        "public",
        "quarterly-governance-report.pdf",
        "report-data.xlsx",
    ]


def test_publish_is_atomic_when_writing_fails(tmp_path: Path) -> None:
    """If a file cannot be written, the old folder stays and no staging folder is left."""
    output = tmp_path / "output"
    publish({"a.txt": b"first"}, output_dir=output, period_slug="2026-27-Q3")
    with pytest.raises(OutputError):  # "sub" is a file, so "sub/b.txt" cannot be written
        publish({"sub": b"x", "sub/b.txt": b"2"}, output_dir=output, period_slug="2026-27-Q3")
    assert [p.name for p in output.iterdir()] == ["2026-27-Q3"]
    assert (output / "2026-27-Q3" / "a.txt").read_bytes() == b"first"


@pytest.mark.parametrize(
    ("settings_text", "words"),
    [
        ('colour = "blue"\n', "unknown setting “colour”"),
        ('[risk]\nmatrix = "five-by-five"\n', "not a known matrix"),
        ("[risk]\nmatrix = [1]\n", "not a known matrix"),
        ("[reviews]\ndue_soon_days = -3\n", "due_soon_days"),
        ("council = \n", "cannot be read"),
    ],
)
def test_a_settings_problem_exits_2_with_one_line(
    input_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    settings_text: str,
    words: str,
) -> None:
    """A bad settings.toml is a usage problem: exit 2, a plain message, nothing written."""
    (input_dir / "settings.toml").write_text(settings_text, encoding="utf-8")
    assert _run(input_dir, tmp_path / "output") == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "output").exists()


def test_usage_problems_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing input folder or a date that is not YYYY-MM-DD exits 2 without a traceback."""
    assert _run(tmp_path / "nowhere", tmp_path / "output") == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--as-of", "31/12/2026"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_an_unexpected_failure_prints_one_sentence_and_a_log_path(
    input_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug inside the pipeline never shows a traceback: one sentence and a log file."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline.run, "report_tables", broken)
    assert _run(input_dir, tmp_path / "output") == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Nothing was published" in err
    log = Path(err.split("supports it: ", 1)[1].splitlines()[0])
    assert log.parent == tmp_path / "output" / ".logs"
    assert "simulated bug" in log.read_text(encoding="utf-8")


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    """An officer's `=HYPERLINK(…)` appears in report-data.xlsx as text, never a formula."""
    import pandas as pd

    frame = pd.DataFrame({"Partnership": ['=HYPERLINK("http://evil","x")', "+1+1", "plain"]})
    path = tmp_path / "out.xlsx"
    path.write_bytes(workbook_bytes({"Register": frame}))
    sheet = load_workbook(path)["Register"]
    assert [c.data_type for c in sheet["A"][1:]] == ["s", "s", "s"]
    assert sheet["A2"].value == '=HYPERLINK("http://evil","x")'


@pytest.mark.slow
def test_the_same_inputs_give_the_same_bytes(
    valid_published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both PDFs, report-data.xlsx and manifest.json are byte-identical across runs (fixed
    metadata and font timestamps, stable order), whether laid out on two cores or on one:
    the session's run of these inputs (two cores, where the machine has them), and this
    one."""
    inputs = valid_published.parents[1] / "input"  # the very workbooks it was run from
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert _run(inputs, tmp_path / "two") == 0
    one = _fingerprints(valid_published)
    assert one == _fingerprints(tmp_path / "two" / "2026-27-Q3")
    assert {"annual-partnership-report.pdf", "report-data.xlsx", "manifest.json"} <= set(one)


@pytest.mark.slow
def test_a_register_alone_still_makes_both_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no risks, survey or active partnerships, every section says so instead of failing."""
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row(Status="Closed")]})
    assert _run(folder, tmp_path / "output") == 0
    from pypdf import PdfReader

    pdf = PdfReader(tmp_path / "output" / "2026-27-Q3" / "annual-partnership-report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "No survey responses were supplied." in text
    assert "There are no active partnerships." in text
    assert "There are no key partnerships in the register." in text


def test_an_empty_input_folder_is_an_error_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing to read means nothing to publish: exit 1, saying the register is missing."""
    folder = tmp_path / "input"
    folder.mkdir()
    assert _run(folder, tmp_path / "output") == 1
    assert "No workbook in the input folder has a Partnerships sheet" in capsys.readouterr().out


def _slow_layout(html: str) -> bytes:
    """Stands in for the annual report's layout in the second process: slow, then says so."""
    time.sleep(5)
    Path(os.environ["ANNUAL_LAID_OUT"]).touch()
    return b""


def _layout_meeting_a_bug(html: str) -> bytes:
    """The board's annual report (the longest, so the second core's first job) slow; the next
    job, taken here once the workbooks are written, meets a bug. (A function of the module, so
    that it can be sent to the second process.)"""
    if "Annual partnership report" in html and "(public edition)" not in html:
        return _slow_layout(html)
    raise RuntimeError("simulated bug")


@pytest.mark.slow
def test_a_failure_while_the_pdfs_are_laid_out_stops_the_second_process(
    input_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met while the annual report is being laid out elsewhere is reported at once: the
    second process is stopped, not waited for, and nothing is published."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: everything is laid out in one process")
    laid_out = tmp_path / "annual laid out"
    monkeypatch.setenv("ANNUAL_LAID_OUT", str(laid_out))

    monkeypatch.setattr(pipeline.layout, "render_pdf", _layout_meeting_a_bug)
    with pytest.raises(RuntimeError, match="simulated bug"):
        run_report(input_dir, tmp_path / "output", as_of=AS_OF)
    assert multiprocessing.active_children() == []
    assert not laid_out.exists()
    assert not (tmp_path / "output" / "2026-27-Q3").exists()


@pytest.mark.slow
def test_the_date_is_printed_as_an_officer_writes_it(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first line says "as of 1 December 2026", not "01 December 2026"."""
    main(["report", "--input", str(input_dir), "--output", str(tmp_path / "output"),
          "--as-of", "2026-12-01"])  # fmt: skip
    assert "(as of 1 December 2026)" in capsys.readouterr().out
