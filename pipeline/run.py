"""One run of the pipeline: load → normalise → validate → analyse → render → publish.

`run_report()` returns what happened; it prints nothing (cli.py does that).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from pipeline import __version__
from pipeline.analyse import ReportTables, report_tables
from pipeline.analyse.officers import data_quality_by_partnership, officer_lists
from pipeline.corrections import marked_up_workbooks
from pipeline.findings import (
    Finding,
    Severity,
    finding,
    findings_table,
    has_errors,
    sorted_findings,
)
from pipeline.history import last_years_summary, previous_report_data
from pipeline.load import InputFile, LoadedInput, load_workbooks
from pipeline.normalise import normalise_sheets
from pipeline.periods import Period, financial_quarter
from pipeline.publish import (
    CORRECTIONS,
    DATA_QUALITY,
    HTML_FOLDER,
    MANIFEST,
    OFFICERS,
    REPORT_DATA,
    check_writable,
    manifest_bytes,
    publish,
    recover,
    workbook_bytes,
    write_corrections,
)
from pipeline.render import (
    DOCUMENTS,
    band_styles,
    html_twin,
    load_weasyprint,
    render_html,
    render_pdf,
)
from pipeline.settings import Settings, load_settings
from pipeline.system import is_stale, libc
from pipeline.validate import Dataset, validate_dataset
from schemas import SHEETS, sheet_for_name

TEMPORARY_PREFIX: Final = "partnership-pipeline-"
_PR_SET_PDEATHSIG: Final = 1


class UsageError(Exception):
    """The command was asked for something impossible (exit 2)."""


@dataclass(frozen=True)
class Corrections:
    """What goes back to the officers: `files` (data-quality.xlsx and each marked-up copy, by
    name) and the workbooks with findings that got no marked-up copy, with why."""

    files: dict[str, bytes] = field(default_factory=dict)
    not_marked: list[tuple[str, str]] = field(default_factory=list)

    @property
    def marked_up(self) -> list[str]:
        return sorted(name for name in self.files if name != DATA_QUALITY)


@dataclass
class Outcome:
    period: Period
    findings: list[Finding]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    published: Path | None = None
    corrections: Path | None = None  # the folder the corrections were written to
    made: Corrections = field(default_factory=Corrections)  # what that folder holds
    restored: list[str] = field(default_factory=list)  # periods put back after a killed run

    @property
    def marked_up(self) -> list[str]:
        return self.made.marked_up

    @property
    def not_marked(self) -> list[tuple[str, str]]:
        return self.made.not_marked

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]


def _sheet_counts(loaded: LoadedInput, findings: list[Finding]) -> dict[str, dict[str, int]]:
    """Rows read, used and rejected (holding an error) per kind of sheet."""
    rejected_rows: set[tuple[str, str, str]] = set()
    for f in findings:
        if f.severity is Severity.ERROR and f.cell:
            rejected_rows.add((f.file, f.sheet, f.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
    counts = {name: {"read": 0, "used": 0, "rejected": 0} for name in SHEETS}
    for raw in loaded.sheets:
        rows = [str(r) for r in raw.rows["source_row"]]
        rejected = sum((raw.file, raw.sheet, r) in rejected_rows for r in rows)
        entry = counts[raw.spec.name]
        entry["read"] += len(rows)
        entry["rejected"] += rejected
        entry["used"] += len(rows) - rejected
    return counts


def _manifest(
    loaded: LoadedInput,
    findings: list[Finding],
    as_of: date,
    period: Period,
    settings: Settings,
    *,
    compared_with: Period | None,
    last_year: Period | None,
) -> dict[str, Any]:
    rows_by_file: dict[str, int] = {}
    for raw in loaded.sheets:
        rows_by_file[raw.file] = rows_by_file.get(raw.file, 0) + len(raw.rows)
    return {
        "as_of": as_of.isoformat(),
        "period": period.label,
        "council": settings.council,
        "matrix": settings.matrix.name,
        "pipeline_version": __version__,
        "inputs": [
            {
                "file": f.name,
                "sha256": f.sha256,
                "sheets": list(f.sheets),
                "rows_read": rows_by_file.get(f.name, 0),
            }
            for f in loaded.files
        ],
        "skipped": [{"file": name, "reason": reason} for name, reason in loaded.skipped],
        "sheets": _sheet_counts(loaded, findings),
        "findings": {
            "errors": sum(f.severity is Severity.ERROR for f in findings),
            "warnings": sum(f.severity is Severity.WARNING for f in findings),
        },
        # the earlier periods read for "what changed" and "last year", if any
        "compared_with": compared_with.label if compared_with else None,
        "last_year": last_year.label if last_year else None,
    }


def report_context(
    tables: ReportTables,
    *,
    settings: Settings,
    period: Period,
    as_of: date,
    compared_with: Period | None = None,
    last_year: Period | None = None,
    inputs: Sequence[InputFile] = (),
) -> dict[str, Any]:
    """What the templates see: the report tables and a few facts about the run."""
    return {
        "last_year": last_year,
        "inputs": list(inputs),
        "compared_with": compared_with,
        "council": settings.council,
        "board": settings.board,
        "period": period,
        "as_of": as_of,
        "matrix": settings.matrix,
        "band_styles": band_styles(settings.matrix),
        "settings": settings,
        "tables": tables,
    }


def check_inputs(
    input_dir: Path, *, settings: Settings, as_of: date
) -> tuple[LoadedInput, Dataset, list[Finding]]:
    """Load, normalise and validate every workbook: the dataset and every finding, sorted."""
    loaded = load_workbooks(input_dir)
    findings = list(loaded.findings)
    # Kinds of sheet that are missing or were not read whole: rules that look across to them
    # would only repeat the problem already reported, so they are skipped.
    incomplete = {
        spec.name
        for f in findings
        if f.rule == "sheet.headings_missing" and (spec := sheet_for_name(f.sheet))
    }
    if not any(raw.spec.name == "Partnerships" for raw in loaded.sheets):
        if "Partnerships" not in incomplete:
            findings.append(finding("file.no_partnerships"))
        incomplete.add("Partnerships")
    sheets, normalise_findings = normalise_sheets(loaded.sheets, matrix=settings.matrix)
    findings += normalise_findings
    dataset, validate_findings = validate_dataset(
        sheets,
        matrix=settings.matrix,
        as_of=as_of,
        already_reported=findings,
        incomplete=incomplete,
    )
    return loaded, dataset, sorted_findings(findings + validate_findings)


def start_method() -> str:
    """How the second process starts: forked where the platform offers it safely (Linux and
    the like), so that it shares this one's imports; spawned (a fresh interpreter) elsewhere,
    Windows and macOS among them."""
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods and sys.platform != "darwin" else "spawn"


def _watch_parent(parent: int) -> None:
    """In the second process: end it as soon as the run that started it has gone, even if
    that run was killed outright (kill -9, a crash), so no process is left behind."""
    if (c_library := libc()) is not None:
        c_library.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:  # gone already
        os._exit(1)
    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _second_process_starts(parent: int, temporary: str) -> None:
    """The second process's first act: Ctrl-C is for the run, which stops this process
    itself (so the officer sees no traceback from here); temporary files go in the run's own
    folder; and it dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tempfile.tempdir = temporary
    _watch_parent(parent)


@contextlib.contextmanager
def second_core(method: str | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """A process for the second core, started now, while this one holds little more than its
    imports: a process forked later, after loading, would keep its own copy of every page of
    the workbooks' data that this one goes on to touch (at England size 1.8 GB for the two
    together, against 1.5 GB forked here). None on a one-core machine.

    `method` is the start method ("fork" or "spawn"; by default `start_method()`). The
    process ignores Ctrl-C, dies with this one and is stopped at once if the run fails.
    """
    if (os.cpu_count() or 1) < 2:
        yield None
        return
    context = multiprocessing.get_context(method or start_method())
    core = ProcessPoolExecutor(
        1,
        mp_context=context,
        initializer=_second_process_starts,
        initargs=(os.getpid(), tempfile.gettempdir()),
    )
    try:
        core.submit(int)  # starts the process now: it is started on the first task
        yield core
    except BaseException:
        # A failure here is reported now, not after the annual report's layout finishes.
        _stop(core)
        raise
    finally:
        core.shutdown(wait=True, cancel_futures=True)


def _stop(core: ProcessPoolExecutor) -> None:
    """End the second process now, whatever it is doing."""
    terminate = getattr(core, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((core._processes or {}).values()):
        process.terminate()
        process.join(5)


@contextlib.contextmanager
def run_temporary_folder() -> Iterator[Path]:
    """A temporary folder of the run's own, for WeasyPrint's font files and anything else
    that libraries write to the temporary folder, removed at the end, however the run ends.
    Folders left by runs that were killed outright are cleared first."""
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{TEMPORARY_PREFIX}*"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and is_stale(stale):
                shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-", dir=base))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def render_documents(
    context: dict[str, Any],
    *,
    meanwhile: Callable[[], dict[str, bytes]] | None = None,
    core: ProcessPoolExecutor | None = None,
) -> dict[str, bytes]:
    """Both reports as PDFs, laid out in parallel on two cores, and their HTML twins.

    The annual report, the longer, is laid out on `core` (from `second_core`); this process
    lays out the quarterly pack and then runs `meanwhile` (writing the workbooks), whose files
    are returned with the PDFs. Two processes for two cores: the annual report keeps a core to
    itself. Without `core`, everything is laid out here, one after the other.
    """
    longest, *others = DOCUMENTS
    html = {longest: render_html(longest, context)}
    pending = core.submit(render_pdf, html[longest]) if core is not None else None
    html.update({document: render_html(document, context) for document in others})
    pdfs = {document: render_pdf(html[document]) for document in others}
    files = meanwhile() if meanwhile is not None else {}
    pdfs[longest] = pending.result() if pending is not None else render_pdf(html[longest])
    files.update({f"{document}.pdf": pdfs[document] for document in DOCUMENTS})
    for document in DOCUMENTS:
        files[f"{HTML_FOLDER}/{document}.html"] = html_twin(html[document]).encode("utf-8")
    return files


def corrections_for(files: Sequence[InputFile], findings: Sequence[Finding]) -> Corrections:
    """The data-quality workbook and each input marked up with its findings (none when
    clean), and the workbooks with findings that could not be marked up, with why."""
    if not findings:
        return Corrections()
    marked, not_marked = marked_up_workbooks({f.name: f.content for f in files}, findings)
    quality = workbook_bytes({"Data quality": findings_table(findings)})
    return Corrections({DATA_QUALITY: quality, **marked}, not_marked)


def run_report(
    input_dir: Path,
    output_dir: Path,
    *,
    as_of: date,
    checked: Callable[[Outcome], None] | None = None,
    method: str | None = None,
) -> Outcome:
    """Check every workbook in `input_dir`; if there are no errors, publish the reports to
    `output_dir/<period>/`; if there are, write the corrections to `output_dir/corrections/`.

    `checked` is told the outcome as soon as the findings are known, before anything is
    written (so the officer hears about their workbooks even if the disk then fails).
    `method` is the second process's start method (see `second_core`). Raises SettingsError,
    UsageError or OutputError for exit-2 problems.
    """
    if not input_dir.is_dir():
        raise UsageError(f"The input folder {input_dir} does not exist.")
    settings = load_settings(input_dir)
    period = financial_quarter(as_of)
    check_writable(output_dir)
    restored = recover(output_dir)
    with run_temporary_folder(), second_core(method) as core:
        return _run(input_dir, output_dir, as_of, settings, period, core, checked, restored)


def _run(
    input_dir: Path,
    output_dir: Path,
    as_of: date,
    settings: Settings,
    period: Period,
    core: ProcessPoolExecutor | None,
    checked: Callable[[Outcome], None] | None,
    restored: list[str],
) -> Outcome:
    loaded, dataset, findings = check_inputs(input_dir, settings=settings, as_of=as_of)
    outcome = Outcome(period=period, findings=findings, skipped=loaded.skipped, restored=restored)
    if checked is not None:
        checked(outcome)
    if has_errors(findings):
        outcome.made = corrections_for(loaded.files, findings)
        outcome.corrections = write_corrections(outcome.made.files, output_dir=output_dir)
        return outcome
    if core is not None:  # WeasyPrint (most of a second) imported there while this analyses
        core.submit(load_weasyprint)
    previous = previous_report_data(output_dir, before=period)
    last_year = last_years_summary(output_dir, period=period)
    tables = report_tables(
        dataset,
        settings=settings,
        as_of=as_of,
        findings=findings,
        previous=previous,
        last_year=last_year[1] if last_year else None,
    )
    compared_with = previous.period if previous else None
    context = report_context(
        tables,
        settings=settings,
        period=period,
        as_of=as_of,
        compared_with=compared_with,
        last_year=last_year[0] if last_year else None,
        inputs=loaded.files,
    )

    def workbooks() -> dict[str, bytes]:
        outcome.made = corrections_for(loaded.files, findings)  # while the PDFs are laid out
        quality = data_quality_by_partnership(tables.data_quality, dataset)
        officers = officer_lists(tables.overdue, tables.due_soon, quality, dataset.partnerships)
        return {
            REPORT_DATA: workbook_bytes(tables.sheets()),
            **{f"{OFFICERS}/{name}": workbook_bytes(sheets) for name, sheets in officers.items()},
        }

    files = render_documents(context, meanwhile=workbooks, core=core)
    corrections = outcome.made.files
    files.update({f"{CORRECTIONS}/{name}": content for name, content in corrections.items()})
    manifest = _manifest(
        loaded,
        findings,
        as_of,
        period,
        settings,
        compared_with=compared_with,
        last_year=last_year[0] if last_year else None,
    )
    files[MANIFEST] = manifest_bytes(manifest, files)
    outcome.published = publish(files, output_dir=output_dir, period_slug=period.slug)
    if corrections:
        outcome.corrections = outcome.published / CORRECTIONS
    return outcome
