"""One run of the pipeline, in six stages (`_run`): check the inputs (load → normalise →
validate); read the record of earlier periods; analyse; render the HTML; lay out and write the
files; publish.

`run_report()` returns what happened; it prints nothing (cli.py does that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple

from pipeline.analyse.summaries.data_quality import data_quality_by_partnership
from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.analyse.views.officers import ListsFor, officer_lists
from pipeline.context import Withheld, report_context
from pipeline.corrections import marked_up_workbooks
from pipeline.drafts import officer_addresses, officer_drafts
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
from pipeline.layout import inspect_on, lay_out, prepare, run_temporary_folder, second_core
from pipeline.load import InputFile, Inspect, LoadedInput, inspect_here, load_workbooks
from pipeline.normalise import normalise_sheets
from pipeline.periods import Period, check_as_of, parse_period, reporting_period
from pipeline.public import (
    PUBLIC_ANNUAL,
    Record,
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
from pipeline.render import DOCUMENTS, render_html
from pipeline.settings import (
    Settings,
    defaults_in_use,
    load_settings,
    settings_file,
    sheets_for,
)
from pipeline.unchanged import fingerprint, up_to_date
from pipeline.validate import Dataset, validate_dataset
from pipeline.word import board_report_files


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
    """The six stages: check the inputs; read the record of earlier periods; analyse (the
    board's tables and the public's); render the HTML; lay out and write the files; publish.
    Inputs with errors go no further than the first: the officers get their corrections."""
    inputs = check_inputs(input_dir, settings=settings, as_of=as_of, inspect=inspect_on(core))
    outcome = Outcome(period, inputs.findings, skipped=inputs.loaded.skipped, restored=restored)
    if settings_file(input_dir) is None:
        outcome.notes.append(defaults_in_use(settings))
    if has_errors(inputs.findings):
        if checked is not None:
            checked(outcome)
        return send_corrections(outcome, inputs, output_dir=output_dir)
    prepare(core)  # the second core gets ready for the PDFs while this one goes on
    record, notes = read_record(output_dir, period=period)
    outcome.notes += notes
    if checked is not None:
        checked(outcome)
    analysis = analyse(inputs, record, settings=settings, as_of=as_of, period=period)
    html = render(
        analysis, record, inputs.loaded.files, settings=settings, as_of=as_of, period=period
    )
    files, outcome.made = write_files(
        html, analysis, inputs, record, core=core, settings=settings, as_of=as_of, period=period
    )
    return publish_reports(outcome, files, output_dir=output_dir)


# 1. Check the inputs ------------------------------------------------------------------------


class CheckedInputs(NamedTuple):
    loaded: LoadedInput  # the workbooks as read: their bytes, sheets and what was skipped
    dataset: Dataset
    findings: list[Finding]  # every finding, sorted


def check_inputs(
    input_dir: Path, *, settings: Settings, as_of: date, inspect: Inspect = inspect_here
) -> CheckedInputs:
    """Load, normalise and validate every workbook: the dataset and every finding, sorted.
    Each workbook is checked by `inspect` before it is read (see `load_workbooks`)."""
    kinds = sheets_for(settings)
    loaded = load_workbooks(input_dir, sheets=kinds, inspect=inspect)
    sheets, normalise_findings = normalise_sheets(
        loaded.sheets, matrix=settings.matrix, sheets=kinds
    )
    findings = [*loaded.findings, *normalise_findings]
    dataset, validate_findings = validate_dataset(
        sheets, matrix=settings.matrix, as_of=as_of, already_reported=findings
    )
    return CheckedInputs(loaded, dataset, sorted_findings(findings + validate_findings))


def send_corrections(outcome: Outcome, inputs: CheckedInputs, *, output_dir: Path) -> Outcome:
    """Inputs with errors: the corrections (data-quality.xlsx and each workbook marked up)
    written to `output_dir/corrections/`, and the outcome saying where."""
    outcome.made = corrections_for(inputs.loaded.files, inputs.findings)
    written = write_corrections(outcome.made.files, output_dir=output_dir)
    outcome.corrections = written.folder
    if written.left_at is not None:
        outcome.left_over = written
    return outcome


def corrections_for(files: Sequence[InputFile], findings: Sequence[Finding]) -> Corrections:
    """The data-quality workbook and each input marked up with its findings (none when
    clean), and the workbooks with findings that could not be marked up, with why."""
    if not findings:
        return Corrections()
    marked, not_marked = marked_up_workbooks({f.name: f.content for f in files}, findings)
    quality = workbook_bytes({"Data quality": findings_table(findings)})
    return Corrections({DATA_QUALITY: quality, **marked}, not_marked)


# 2. Read the record of earlier periods ------------------------------------------------------


def read_record(output_dir: Path, *, period: Period) -> tuple[Record, list[str]]:
    """What the periods published in `output_dir` before `period` hold for this run to compare
    with (see Record), and a line for each that could not be read: the run goes on, comparing
    with nothing, and the officer is told once (a period that cannot be read at all is named
    in the same words by each comparison that would have used it)."""
    notes: list[str] = []

    def earlier(read: Callable[[], Published | None]) -> Published | None:
        try:
            return read()
        except HistoryError as error:
            notes.append(str(error))
            return None

    previous = earlier(lambda: previous_report_data(output_dir, before=period))
    last_year = earlier(lambda: last_years_summary(output_dir, period=period))
    history, unread = trend_history(output_dir, period=period)
    return Record(previous, last_year, history), list(dict.fromkeys([*notes, *unread]))


# 3. Analyse ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """The report tables: the board's, and the public edition's (the run again without the
    exempt rows) with what it leaves out."""

    board: ReportTables
    public: ReportTables
    withheld: Withheld


def analyse(
    inputs: CheckedInputs, record: Record, *, settings: Settings, as_of: date, period: Period
) -> Analysis:
    """The board's report tables from the checked inputs and the record, then the public
    edition's (WORKBOOKS.md §8)."""
    board = report_tables(
        inputs.dataset,
        settings=settings,
        as_of=as_of,
        findings=inputs.findings,
        previous=record.previous.tables if record.previous else None,
        last_year=record.last_year.tables if record.last_year else None,
        history=record.history,
        record_exempt_items=record.exempt_items(),
        period=period,
    )
    public, withheld = public_tables(
        inputs.dataset, record, settings=settings, as_of=as_of, period=period
    )
    return Analysis(board, public, withheld)


# 4. Render the HTML -------------------------------------------------------------------------


@dataclass(frozen=True)
class Html:
    """The reports as HTML: each PDF's by document name (the board's, then the public annual
    report), each web page by file name (the same pages, published beside the PDFs as HTML
    twins), the public edition's other files, and the board's Word report (if any)."""

    pdfs: dict[str, str]
    web_pages: dict[str, str]
    public_files: dict[str, bytes]
    word: dict[str, bytes]


def render(
    analysis: Analysis,
    record: Record,
    workbooks: Sequence[InputFile],
    *,
    settings: Settings,
    as_of: date,
    period: Period,
) -> Html:
    """The board's reports and the public edition, each from its own context."""
    context = partial(
        report_context,
        settings=settings,
        period=period,
        as_of=as_of,
        compared_with=record.compared_with,
        last_year=record.last_years_period,
    )
    board = context(analysis.board, inputs=workbooks)
    html = {document: render_html(document, board) for document in DOCUMENTS}
    public = public_edition(context(analysis.public, withheld=analysis.withheld))
    return Html(
        pdfs={**html, PUBLIC_ANNUAL: public.html},
        web_pages={
            **{f"{HTML_FOLDER}/{document}.html": page for document, page in html.items()},
            f"{PUBLIC_ANNUAL}.html": public.html,
        },
        public_files=public.files,
        word=board_report_files(board),
    )


# 5. Lay out and write the files -------------------------------------------------------------


def write_files(
    html: Html,
    analysis: Analysis,
    inputs: CheckedInputs,
    record: Record,
    *,
    core: ProcessPoolExecutor | None,
    settings: Settings,
    as_of: date,
    period: Period,
) -> tuple[dict[str, bytes], Corrections]:
    """Every file of the period's folder, manifest.json last, and the corrections among them.
    The PDFs are laid out and the web pages' twins made on two cores (`lay_out`) while this
    one writes the corrections (marked-up copies of workbooks with warnings) and the
    workbooks."""

    def meanwhile() -> tuple[Corrections, dict[str, bytes]]:
        corrections = corrections_for(inputs.loaded.files, inputs.findings)
        workbooks = report_workbooks(
            analysis.board, inputs.dataset, settings=settings, period=period, as_of=as_of
        )
        return corrections, workbooks

    laid_out, (corrections, workbooks) = lay_out(
        html.pdfs, html.web_pages, core=core, meanwhile=meanwhile
    )
    files = {**workbooks, **laid_out, **html.word, **html.public_files}
    files |= {f"{CORRECTIONS}/{name}": content for name, content in corrections.files.items()}
    manifest = run_manifest(
        inputs.loaded,
        inputs.findings,
        as_of,
        period,
        settings,
        compared_with=record.compared_with,
        last_year=record.last_years_period,
    )
    files[MANIFEST] = manifest_bytes(manifest, files)
    return files, corrections


def report_workbooks(
    tables: ReportTables, dataset: Dataset, *, settings: Settings, period: Period, as_of: date
) -> dict[str, bytes]:
    """report-data.xlsx, every report table a sheet, and each lead officer's and action
    owner's own list, each saying which council, period and position date it is for, with
    its e-mail draft beside it (`<officer>.eml`)."""
    quality = data_quality_by_partnership(tables.data_quality, dataset)
    about = ListsFor(settings.council, period, as_of, settings.due_soon_days)
    officers = officer_lists(
        tables.overdue,
        tables.due_soon,
        quality,
        dataset.partnerships,
        dataset.actions,
        about=about,
        requests=tables.council_requests if "council_requests" in tables else None,
        risk_actions=dataset.risk_actions,
    )
    lists = {name: workbook_bytes(sheets) for name, sheets in officers.items()}
    drafts = officer_drafts(officers, lists, officer_addresses(dataset.officers), about=about)
    return {
        REPORT_DATA: workbook_bytes(tables.sheets()),
        **{f"{OFFICERS}/{name}": content for name, content in {**lists, **drafts}.items()},
    }


# 6. Publish ---------------------------------------------------------------------------------


def publish_reports(outcome: Outcome, files: dict[str, bytes], *, output_dir: Path) -> Outcome:
    """`files` published as `output_dir/<period>/`, all at once, and the outcome saying
    where."""
    published = publish(files, output_dir=output_dir, period_slug=outcome.period.slug)
    outcome.published = published.folder
    if published.left_at is not None:
        outcome.left_over = published
    if outcome.made.files:
        outcome.corrections = outcome.published / CORRECTIONS
    return outcome
