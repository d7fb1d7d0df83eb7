"""The command line: `python -m pipeline report --input DIR --output DIR --as-of YYYY-MM-DD`.

The only place that prints, and the only place that catches. Exit status: 0 published
(warnings allowed), 1 errors in the inputs (nothing published), 2 a problem with the command,
the settings or the machine (a folder, a full disk), 3 an unexpected failure (one sentence and
a log file), 130 stopped with Ctrl-C.
No traceback ever reaches an officer: an unexpected failure prints one plain sentence and the
path of a log file holding the details.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, TextIO, cast

from pipeline.blank_workbooks import blank_workbooks
from pipeline.findings import Finding, lines
from pipeline.periods import Period, parse_period, uk_date
from pipeline.publish import DATA_QUALITY, OutputError, write_templates
from pipeline.run import Outcome, UsageError, check_folders, run_report
from pipeline.settings import (
    SettingsError,
    defaults_in_use,
    load_settings,
    settings_file,
    sheets_for,
)

MAX_SHOWN: Final = 20
# What each published file or folder is for, printed beside it: above all, which folder is
# the one to put on the website.
WHAT_FOR: Final = {
    "annual-partnership-report.pdf": "for the partnership board",
    "quarterly-governance-report.pdf": "for the board's quarterly meeting",
    "board-report.docx": "the Report to the board in Word, for the committee system",
    "report-data.xlsx": "every table behind the reports, for checking a figure",
    "html": "the board's reports as web pages: not for the website",
    "public": "the public edition: the only folder to put on the council's website",
    "officers": "a workbook and an e-mail draft for each officer, to send on",
    "corrections": "your workbooks with their problems marked",
    "manifest.json": "what was read and written, for audit",
}
LOGS: Final = ".logs"  # in the output folder: the details of unexpected failures
# Errors of the machine, not of the pipeline or the workbooks: said as such (exit 2).
_MACHINE_TROUBLE: Final = {
    errno.ENOSPC: "There is no space left on the disk",
    errno.EDQUOT: "Your disk quota is used up",
    errno.EROFS: "The disk is read-only",
    errno.EACCES: "You do not have permission to write there",
    errno.EFBIG: "A file would be larger than this machine allows (a file-size limit)",
}
STOPPED: Final = 130  # the exit status of a run stopped by Ctrl-C, as shells report SIGINT
NOTHING_PUBLISHED: Final = "Nothing was published; your last good reports are untouched."


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _as_of(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 (a date, no time)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date written as YYYY-MM-DD, e.g. 2026-12-31"
        ) from None


def _folder(text: str) -> Path:
    """A folder named on the command line; an empty name (`make report OUTPUT=`) is refused
    rather than taken as the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name: name a folder, e.g. output")
    return Path(text)


def _period(text: str) -> Period:
    period = parse_period(text)
    if period is None:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a quarter written as YYYY-YY-QN, e.g. 2026-27-Q2"
        )
    return period


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser(
        "report", help="check the workbooks and publish the reports for the period"
    )
    report.add_argument("--input", type=_folder, default=Path("input"), help="folder of workbooks")
    report.add_argument("--output", type=_folder, default=Path("output"), help="reports folder")
    report.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        help="reporting date, YYYY-MM-DD (default: today)",
    )
    report.add_argument(
        "--period",
        type=_period,
        default=None,
        help="the quarter reported on, e.g. 2026-27-Q2 (default: the reporting date's)",
    )
    report.add_argument(
        "--skip-if-unchanged",
        action="store_true",
        help="do nothing if the period's reports were published from these very inputs, "
        "code and dates and are still there (what make report does)",
    )
    templates = commands.add_parser(
        "templates", help="write blank workbooks, with drop-downs and guidance, to OUTPUT/templates"
    )
    templates.add_argument(
        "--input", type=_folder, default=Path("input"), help="folder whose settings.toml to follow"
    )
    templates.add_argument("--output", type=_folder, default=Path("output"), help="reports folder")
    return parser


def _templates(input_dir: Path, output_dir: Path) -> int:
    check_folders(input_dir, output_dir)
    settings = load_settings(input_dir)
    if settings_file(input_dir) is None:
        print(defaults_in_use(settings)[0].upper() + defaults_in_use(settings)[1:])
    folder = write_templates(
        blank_workbooks(settings.matrix, sheets=sheets_for(settings)), output_dir=output_dir
    )
    print(
        f"Blank workbooks (risk levels on the {settings.matrix.name} matrix) written to {folder}/"
    )
    for path in sorted(folder.glob("*.xlsx")):
        print(f"  {path.name}")
    return 0


def _print_findings(findings: Sequence[Finding], heading: str, word: str) -> None:
    """The findings under their heading, root causes first; the same problem in several cells
    of one column is one line naming the cells (`V155:V162 (8 cells)`). The heading counts
    the findings, one a cell, and says how many lines list them when that is fewer."""
    if not findings:
        return
    shown = lines(findings)
    listed = f", listed in {_counted(len(shown), 'line')}" if len(shown) != len(findings) else ""
    print(f"\n{heading}{listed}:")
    for line in shown[:MAX_SHOWN]:
        print(f"  {line.where}: {line.first.message} [{line.first.rule}]")
    rest = shown[MAX_SHOWN:]
    if rest:
        count = sum(len(line.findings) for line in rest)
        if count == len(rest):
            print(f"  … and {count:,} more.")
        else:
            print(f"  … and {_counted(len(rest), 'more line')} ({_counted(count, word)}).")


def _counted(count: int, word: str) -> str:
    """`1 error`, `12 warnings`."""
    return f"{count:,} {word}{'s' * (count != 1)}"


def _checked(outcome: Outcome, as_of: date) -> None:
    """What the run found, printed before anything is written."""
    print(f"Partnership reports for {outcome.period.label} (as of {uk_date(as_of)})")
    for slug in outcome.restored:
        print(f"  put back output/{slug}/, which a run stopped part-way had moved aside")
    for name, reason in outcome.skipped:
        print(f"  skipped {name}: {reason}")
    for note in outcome.notes:
        print(f"  {note}")
    errors, warnings = outcome.errors, outcome.warnings
    _print_findings(errors, f"{_counted(len(errors), 'error')} to fix", "error")
    _print_findings(warnings, _counted(len(warnings), "warning"), "warning")


def _corrections(outcome: Outcome) -> None:
    """Which workbooks came back marked up, and why any did not: only what was done."""
    if outcome.marked_up and outcome.corrections is not None:
        names = ", ".join(outcome.marked_up)
        folder = outcome.corrections
        print(f"Your workbooks, each problem cell marked and explained, are in {folder}/: {names}.")
    for name, reason in outcome.not_marked:
        print(f"No marked-up copy of {name}: {reason}; its problems are in the list above.")


def _left_over(outcome: Outcome) -> None:
    """The last line when the new folder is in place but the one it replaced could not be
    removed completely: what is true, and where the old one is."""
    if outcome.left_over is None:
        return
    what = "reports are published in" if outcome.published else "list of problems is in"
    print(
        f"\nThe new {what} {outcome.left_over.folder}/, but the folder it replaced could not "
        f"be removed completely ({outcome.left_over.reason}): it is left at "
        f"{outcome.left_over.left_at}; delete it once nothing holds it open."
    )


def _report(outcome: Outcome, output_dir: Path) -> int:
    if outcome.unchanged:
        print(
            "Nothing has changed since the last report: the reports in "
            f"{output_dir / outcome.period.slug}/ are up to date."
        )
        return 0
    if outcome.errors:
        assert outcome.corrections is not None
        print(
            "\nNo reports were published; your last good reports are untouched.\n"
            f"Every problem is listed in {outcome.corrections / DATA_QUALITY}."
        )
        _corrections(outcome)
        errors = len(outcome.errors)
        print(
            f"Fix {'this error' if errors == 1 else f'these {errors:,} errors'} in your "
            "workbooks, then run make report again."
        )
        _left_over(outcome)
        return 1
    assert outcome.published is not None
    print(f"\nPublished to {outcome.published}/")
    for path in sorted(outcome.published.iterdir()):
        name = f"{path.name}/" if path.is_dir() else path.name
        print(f"  {name:<36}{WHAT_FOR.get(path.name, '')}".rstrip())
    if outcome.not_marked:
        print()
        _corrections(outcome)
    if outcome.kept_corrections is not None:
        print(
            f"\nKept {outcome.kept_corrections}/: a run with errors wrote it while this one "
            "ran, so it is newer than these reports."
        )
    _left_over(outcome)
    return 0


def _error_log(output_dir: Path) -> Path:
    """A new file for the details of an unexpected failure: in the output folder's hidden
    `.logs/` if it can be written, else in the temporary folder; never a name another run or
    user could have made first."""
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    for folder in (output_dir / LOGS, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f"partnership-pipeline-error-{stamp}-", suffix=".log", dir=folder
            )
        except OSError:
            continue
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(traceback.format_exc())
        return Path(name)
    raise OSError("no folder for the error log")


class _Forgiving:
    """Standard output or error as the run writes to it: once its reader has gone (`… |
    head`), the rest is dropped rather than failing the run, which goes on to its end."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                self._stream.write(text)
                self._stream.flush()  # now, while the run can still carry on
            except OSError as error:
                if not _reader_gone(error):
                    raise
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except OSError as error:
                if not _reader_gone(error):
                    raise
                self._drop()

    def _drop(self) -> None:
        """From now on write nowhere, and let the interpreter's own last flush go nowhere
        too (else it reports the closed pipe as it exits)."""
        self._gone = True
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _reader_gone(error: OSError) -> bool:
    """The reading end of a pipe was closed (EINVAL is how Windows says so)."""
    return isinstance(error, BrokenPipeError) or error.errno in (errno.EPIPE, errno.EINVAL)


@contextlib.contextmanager
def _forgiving_output() -> Iterator[None]:
    before = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Forgiving(sys.stdout))
    sys.stderr = cast(TextIO, _Forgiving(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = before


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; a closed output stream (`… | head`) is no failure of the run."""
    with _forgiving_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "templates":
            return _templates(args.input, args.output)
        as_of = args.as_of or date.today()  # noqa: DTZ011 (the only place that reads the clock)
        outcome = run_report(
            args.input,
            args.output,
            as_of=as_of,
            checked=lambda outcome: _checked(outcome, as_of),
            period=args.period,
            skip_if_unchanged=args.skip_if_unchanged,
        )
    except (SettingsError, UsageError, OutputError) as error:
        print(f"Cannot run: {error}", file=sys.stderr)
        if isinstance(error, OutputError):
            print(NOTHING_PUBLISHED, file=sys.stderr)
        return 2
    except OSError as error:
        if error.errno not in _MACHINE_TROUBLE:
            return _unexpected(args.output)
        print(
            f"Cannot run: {_MACHINE_TROUBLE[error.errno]} ({error.filename or error})",
            file=sys.stderr,
        )
        print(NOTHING_PUBLISHED, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nStopped. {NOTHING_PUBLISHED}", file=sys.stderr)
        return STOPPED
    except Exception:  # noqa: BLE001 (the boundary: no traceback reaches an officer)
        return _unexpected(args.output)
    return _report(outcome, args.output)


def _unexpected(output_dir: Path) -> int:
    """A bug: one sentence and the path of a log holding the details (exit 3)."""
    try:
        where = f"Please send this file to the team that supports it: {_error_log(output_dir)}"
    except OSError:
        where = "No log could be written: the output and temporary folders are full."
    print(
        f"Something went wrong inside the pipeline (not in your workbooks). {where}\n"
        f"{NOTHING_PUBLISHED}",
        file=sys.stderr,
    )
    return 3
