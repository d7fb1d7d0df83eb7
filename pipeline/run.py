"""One run of the pipeline: load → normalise → validate → analyse → render → publish.

`run_report()` returns what happened; it prints nothing (cli.py does that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline.analyse.summaries.data_quality import data_quality_by_partnership
from pipeline.analyse.summaries.glance import MANY_OVERDUE
from pipeline.analyse.tables import ReportTables, report_tables, sheet_of
from pipeline.analyse.topics.survey import NOT_SHOWN
from pipeline.analyse.views.officers import ListsFor, officer_lists
from pipeline.analyse.views.pages import pages
from pipeline.charts import trend_chart
from pipeline.corrections import marked_up_workbooks
from pipeline.findings import (
    Finding,
    Severity,
    findings_table,
    has_errors,
    sorted_findings,
)
from pipeline.history import (
    HistoryError,
    Published,
    last_years_summary,
    previous_report_data,
    trend_history,
)
from pipeline.layout import pdfs, run_temporary_folder, second_core
from pipeline.load import InputFile, LoadedInput, load_workbooks
from pipeline.normalise import normalise_sheets
from pipeline.periods import Period, check_as_of, parse_period, reporting_period
from pipeline.public import (
    PUBLIC_ANNUAL,
    Record,
    Withheld,
    public_edition,
    public_tables,
)
from pipeline.publish import (
    CORRECTIONS,
    DATA_QUALITY,
    HTML_FOLDER,
    MANIFEST,
    OFFICERS,
    REPORT_DATA,
    Replaced,
    check_replaceable,
    check_writable,
    corrections_seen,
    manifest_bytes,
    publish,
    recover,
    remove_corrections,
    run_manifest,
    workbook_bytes,
    write_corrections,
    write_stamp,
)
from pipeline.render import DOCUMENTS, band_styles, load_weasyprint, render_html, twin_bytes
from pipeline.settings import Settings, defaults_in_use, load_settings, settings_file
from pipeline.unchanged import fingerprint, up_to_date
from pipeline.validate import Dataset, validate_dataset


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
    notes: list[str] = field(default_factory=list)  # earlier periods that could not be read
    # A folder replaced whose old copy could not be removed afterwards: where it was left.
    left_over: Replaced | None = None
    # A failed run's corrections written while this successful run ran, so kept.
    kept_corrections: Path | None = None
    unchanged: bool = False  # nothing done: the period folder was published from the same

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


def report_context(
    tables: ReportTables,
    *,
    settings: Settings,
    period: Period,
    as_of: date,
    compared_with: Period | None = None,
    last_year: Period | None = None,
    inputs: Sequence[InputFile] = (),
    withheld: Withheld | None = None,
) -> dict[str, Any]:
    """What the templates see: the report tables and a few facts about the run. With
    `withheld` (what it leaves out), the public edition's: it never names a sheet, a workbook
    or the matrix, and never says "Not for publication"."""
    public = withheld is not None
    exempt = tables.exempt_items
    return {
        "public": public,
        "withheld_partnerships": withheld.partnerships if withheld else 0,
        "withheld_risks": withheld.risks if withheld else 0,
        "last_year": last_year,
        "inputs": [] if public else list(inputs),
        "compared_with": compared_with,
        "council": settings.council,
        "board": settings.board,
        "period": period,
        # A quarter still running is labelled "to date", up to the as-of date (§5).
        "period_end": min(period.end, as_of),
        "to_date": as_of < period.end,
        "as_of": as_of,
        "matrix": settings.matrix,
        "band_styles": band_styles(settings.matrix),
        "settings": settings,
        "tables": tables,
        "pages": pages(tables),
        # The board's reports say "Not for publication" when they print anything exempt
        # (commentary only in the report it is for), and close with those items (§8).
        "exempt_in": {
            report: exempt[exempt["Report"].isin([report, "Both"])]
            for report in ("Annual", "Quarterly")
        },
        "trend_chart": trend_chart(
            tables.trend,
            top_band=settings.matrix.top_band.name,
            band_colours={band.name: band.colour for band in settings.matrix.bands},
        ),
        # The "Sheet: X" notes, from the registry: the board's only (the public never gets
        # report-data.xlsx).
        "sheet_of": sheet_of,
        "source": _no_note if public else lambda name: sheet_note(sheet_of(name)),
        "sheet_note": _no_note if public else sheet_note,
        "not_shown": NOT_SHOWN,
        "glance_many": MANY_OVERDUE,
    }


def _no_note(name: str) -> Markup:
    """The public edition's note of where a table comes from: none."""
    return Markup("")


def sheet_note(sheet: str) -> Markup:
    """The board's note of the report-data.xlsx sheet a table comes from."""
    return Markup('<span class="source">Sheet: {}</span>').format(sheet)


def check_inputs(
    input_dir: Path, *, settings: Settings, as_of: date
) -> tuple[LoadedInput, Dataset, list[Finding]]:
    """Load, normalise and validate every workbook: the dataset and every finding, sorted."""
    loaded = load_workbooks(input_dir)
    sheets, normalise_findings = normalise_sheets(loaded.sheets, matrix=settings.matrix)
    findings = [*loaded.findings, *normalise_findings]
    dataset, validate_findings = validate_dataset(
        sheets, matrix=settings.matrix, as_of=as_of, already_reported=findings
    )
    return loaded, dataset, sorted_findings(findings + validate_findings)


def report_workbooks(
    tables: ReportTables, dataset: Dataset, *, settings: Settings, period: Period, as_of: date
) -> dict[str, bytes]:
    """report-data.xlsx, every report table a sheet, and each lead officer's and action
    owner's own list, each saying which council, period and position date it is for."""
    quality = data_quality_by_partnership(tables.data_quality, dataset)
    about = ListsFor(settings.council, period, as_of, settings.due_soon_days)
    officers = officer_lists(
        tables.overdue, tables.due_soon, quality, dataset.partnerships, dataset.actions, about=about
    )
    return {
        REPORT_DATA: workbook_bytes(tables.sheets()),
        **{f"{OFFICERS}/{name}": workbook_bytes(sheets) for name, sheets in officers.items()},
    }


def corrections_for(files: Sequence[InputFile], findings: Sequence[Finding]) -> Corrections:
    """The data-quality workbook and each input marked up with its findings (none when
    clean), and the workbooks with findings that could not be marked up, with why."""
    if not findings:
        return Corrections()
    marked, not_marked = marked_up_workbooks({f.name: f.content for f in files}, findings)
    quality = workbook_bytes({"Data quality": findings_table(findings)})
    return Corrections({DATA_QUALITY: quality, **marked}, not_marked)


def _earlier(outcome: Outcome, read: Callable[[], Published | None]) -> Published | None:
    """An earlier period's tables, or None; one that cannot be read is noted for the
    officer (the run goes on, comparing with nothing) rather than passed over in silence."""
    try:
        return read()
    except HistoryError as error:
        _note(outcome, str(error))
        return None


def _note(outcome: Outcome, note: str) -> None:
    """A line about an earlier period, once: a period that cannot be read at all is named in
    the same words by each comparison that would have used it."""
    if note not in outcome.notes:
        outcome.notes.append(note)


def run_report(
    input_dir: Path,
    output_dir: Path,
    *,
    as_of: date,
    checked: Callable[[Outcome], None] | None = None,
    method: str | None = None,
    period: Period | None = None,
    skip_if_unchanged: bool = False,
) -> Outcome:
    """Check every workbook in `input_dir`; if there are no errors, publish the reports to
    `output_dir/<period>/`; if there are, write the corrections to `output_dir/corrections/`.

    `checked` is told the outcome as soon as the findings are known, before anything is
    written (so the officer hears about their workbooks even if the disk then fails).
    `method` is the second process's start method (see `second_core`); `period` a quarter
    named with `--period` (the as-of date's own by default). With `skip_if_unchanged`,
    a run whose inputs, code and dates are those of the run that published the period
    folder still there does nothing (`Outcome.unchanged`). Raises SettingsError,
    UsageError or OutputError for exit-2 problems.
    """
    if not input_dir.is_dir():
        raise UsageError(f"The input folder {input_dir} does not exist.")
    check_folders(input_dir, output_dir)
    settings = load_settings(input_dir)
    try:
        check_as_of(as_of)
        period = reporting_period(as_of, period)
    except ValueError as error:
        raise UsageError(str(error)) from None
    check_writable(output_dir)
    restored = recover(output_dir)
    check_replaceable(output_dir / period.slug)
    check_replaceable(output_dir / CORRECTIONS)
    seen = corrections_seen(output_dir)
    if skip_if_unchanged:
        now = fingerprint(input_dir, as_of=as_of, period=period)
        if up_to_date(output_dir, period=period, fingerprint=now):
            return Outcome(period=period, findings=[], unchanged=True)
    with run_temporary_folder(), second_core(method) as core:
        outcome = _run(input_dir, output_dir, as_of, settings, period, core, checked, restored)
    if outcome.published is not None:
        if skip_if_unchanged:
            write_stamp(output_dir, fingerprint=now, period_slug=period.slug)
        if remove_corrections(output_dir, seen=seen):
            outcome.kept_corrections = output_dir / CORRECTIONS
    return outcome


def check_folders(input_dir: Path, output_dir: Path) -> None:
    """The output folder is neither the input folder nor inside it, and the input folder is
    not one the run replaces: inputs are never written to. Raises UsageError."""
    inputs, outputs = input_dir.resolve(), output_dir.resolve()
    if outputs == inputs or inputs in outputs.parents:
        where = "is the input folder" if outputs == inputs else "is inside the input folder"
        raise UsageError(
            f"The output folder {output_dir} {where} {input_dir}: reports are never written "
            "among the workbooks. Give another --output, such as output."
        )
    if inputs.parent == outputs and (
        inputs.name == CORRECTIONS or parse_period(inputs.name) is not None
    ):
        raise UsageError(
            f"The input folder {input_dir} is a folder the run replaces in {output_dir}. "
            "Copy the workbooks to a folder of their own, such as input, and run again."
        )


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
    if settings_file(input_dir) is None:
        outcome.notes.append(defaults_in_use(settings))
    if has_errors(findings):
        if checked is not None:
            checked(outcome)
        outcome.made = corrections_for(loaded.files, findings)
        written = write_corrections(outcome.made.files, output_dir=output_dir)
        outcome.corrections = written.folder
        if written.left_at is not None:
            outcome.left_over = written
        return outcome
    if core is not None:  # WeasyPrint (most of a second) imported there while this analyses
        core.submit(load_weasyprint)
    previous = _earlier(outcome, lambda: previous_report_data(output_dir, before=period))
    last_year = _earlier(outcome, lambda: last_years_summary(output_dir, period=period))
    history, unread = trend_history(output_dir, period=period)
    for note in unread:
        _note(outcome, note)
    if checked is not None:
        checked(outcome)
    record = Record(previous, last_year, history)
    tables = report_tables(
        dataset,
        settings=settings,
        as_of=as_of,
        findings=findings,
        previous=previous.tables if previous else None,
        last_year=last_year.tables if last_year else None,
        history=history,
        record_exempt_items=record.exempt_items(),
        period=period,
    )
    compared_with = previous.period if previous else None
    facts: dict[str, Any] = {
        "settings": settings,
        "period": period,
        "as_of": as_of,
        "compared_with": compared_with,
        "last_year": last_year.period if last_year else None,
    }
    context = report_context(tables, inputs=loaded.files, **facts)
    html = {document: render_html(document, context) for document in DOCUMENTS}
    # The public edition: the same run on the data without the exempt rows (§8).
    shown, withheld = public_tables(dataset, record, settings=settings, as_of=as_of, period=period)
    public = public_edition(report_context(shown, withheld=withheld, **facts))
    laid_out = pdfs({**html, PUBLIC_ANNUAL: public.html}, core=core)  # the annual report
    # goes on being laid out meanwhile
    pages = {f"{HTML_FOLDER}/{doc}.html": page for doc, page in html.items()}
    pages[f"{PUBLIC_ANNUAL}.html"] = public.html
    # The HTML twins (their fonts subset, half a second each) are made on the second core,
    # done with the annual report by now, while this one writes the workbooks.
    twins = {name: core.submit(twin_bytes, page) for name, page in pages.items()} if core else {}
    outcome.made = corrections_for(loaded.files, findings)
    files = report_workbooks(tables, dataset, settings=settings, period=period, as_of=as_of)
    files |= {f"{document}.pdf": pdf for document, pdf in laid_out.result().items()}
    files |= {name: twins[name].result() if twins else twin_bytes(page) for name, page in
              pages.items()}  # fmt: skip
    files |= public.files
    files |= {f"{CORRECTIONS}/{name}": content for name, content in outcome.made.files.items()}
    manifest = run_manifest(
        loaded,
        findings,
        as_of,
        period,
        settings,
        compared_with=compared_with,
        last_year=last_year.period if last_year else None,
    )
    files[MANIFEST] = manifest_bytes(manifest, files)
    published = publish(files, output_dir=output_dir, period_slug=period.slug)
    outcome.published = published.folder
    if published.left_at is not None:
        outcome.left_over = published
    if outcome.made.files:
        outcome.corrections = outcome.published / CORRECTIONS
    return outcome
