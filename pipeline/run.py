"""One run of the pipeline: load → normalise → validate → analyse → render → publish.

`run_report()` returns what happened; it prints nothing (cli.py does that).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

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
    manifest_bytes,
    publish,
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
from pipeline.validate import Dataset, validate_dataset
from schemas import SHEETS, sheet_for_name


class UsageError(Exception):
    """The command was asked for something impossible (exit 2)."""


@dataclass
class Outcome:
    period: Period
    findings: list[Finding]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    published: Path | None = None
    corrections: Path | None = None

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
    loaded: LoadedInput, findings: list[Finding], as_of: date, period: Period, settings: Settings
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


@contextlib.contextmanager
def second_core() -> Iterator[ProcessPoolExecutor | None]:
    """A process for the second core, forked now, while this one holds little more than its
    imports: a process forked later, after loading, would keep its own copy of every page of
    the workbooks' data that this one goes on to touch (at England size 1.8 GB for the two
    together, against 1.5 GB forked here). None on a one-core machine."""
    if (os.cpu_count() or 1) < 2:
        yield None
        return
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=fork) as core:
        core.submit(int)  # forks the process now: it is forked on the first task
        try:
            yield core
        except BaseException:
            # A failure here is reported now, not after the annual report's layout finishes.
            for process in list(core._processes.values()):  # (terminate_workers() in 3.14)
                process.terminate()
            raise


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


def corrections_for(input_dir: Path, findings: Sequence[Finding]) -> dict[str, bytes]:
    """The data-quality workbook and each input marked up with its findings; none when clean."""
    if not findings:
        return {}
    return {
        DATA_QUALITY: workbook_bytes({"Data quality": findings_table(findings)}),
        **marked_up_workbooks(input_dir, findings),
    }


def run_report(input_dir: Path, output_dir: Path, *, as_of: date) -> Outcome:
    """Check every workbook in `input_dir`; if there are no errors, publish the reports to
    `output_dir/<period>/`. Raises SettingsError or UsageError for exit-2 problems."""
    if not input_dir.is_dir():
        raise UsageError(f"The input folder {input_dir} does not exist.")
    settings = load_settings(input_dir)
    period = financial_quarter(as_of)

    with second_core() as core:
        loaded, dataset, findings = check_inputs(input_dir, settings=settings, as_of=as_of)
        outcome = Outcome(period=period, findings=findings, skipped=loaded.skipped)
        if has_errors(findings):
            outcome.corrections = write_corrections(
                corrections_for(input_dir, findings),
                output_dir=output_dir,
                period_slug=period.slug,
            )
            return outcome
        if core is not None:  # WeasyPrint (most of a second) imported there while this analyses
            core.submit(load_weasyprint)
        corrections: dict[str, bytes] = {}  # filled while the PDFs are laid out
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
        context = report_context(
            tables,
            settings=settings,
            period=period,
            as_of=as_of,
            compared_with=previous.period if previous else None,
            last_year=last_year[0] if last_year else None,
            inputs=loaded.files,
        )

        def workbooks() -> dict[str, bytes]:
            corrections.update(corrections_for(input_dir, findings))
            quality = data_quality_by_partnership(tables.data_quality, dataset)
            officers = officer_lists(tables.overdue, tables.due_soon, quality, dataset.partnerships)
            return {
                REPORT_DATA: workbook_bytes(tables.sheets()),
                **{
                    f"{OFFICERS}/{name}": workbook_bytes(sheets)
                    for name, sheets in officers.items()
                },
            }

        files = render_documents(context, meanwhile=workbooks, core=core)
    files.update({f"{CORRECTIONS}/{name}": content for name, content in corrections.items()})
    files[MANIFEST] = manifest_bytes(_manifest(loaded, findings, as_of, period, settings), files)
    outcome.published = publish(files, output_dir=output_dir, period_slug=period.slug)
    return outcome
