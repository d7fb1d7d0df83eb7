"""The command line: `python -m pipeline report --input DIR --output DIR --as-of YYYY-MM-DD`.

The only place that prints, and the only place that catches. Exit status: 0 published
(warnings allowed), 1 errors in the inputs (nothing published), 2 a usage or settings error.
No traceback ever reaches an officer: an unexpected failure prints one plain sentence and the
path of a log file holding the details.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Final

from pipeline.blank_workbooks import blank_workbooks
from pipeline.findings import Finding
from pipeline.publish import write_templates
from pipeline.run import Outcome, UsageError, run_report
from pipeline.settings import SettingsError, load_settings

MAX_SHOWN: Final = 20


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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser(
        "report", help="check the workbooks and publish the reports for the period"
    )
    report.add_argument("--input", type=Path, default=Path("input"), help="folder of workbooks")
    report.add_argument("--output", type=Path, default=Path("output"), help="reports folder")
    report.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        help="reporting date, YYYY-MM-DD (default: today)",
    )
    templates = commands.add_parser(
        "templates", help="write blank workbooks, with drop-downs and guidance, to OUTPUT/templates"
    )
    templates.add_argument(
        "--input", type=Path, default=Path("input"), help="folder whose settings.toml to follow"
    )
    templates.add_argument("--output", type=Path, default=Path("output"), help="reports folder")
    return parser


def _templates(input_dir: Path, output_dir: Path) -> int:
    settings = load_settings(input_dir)
    folder = write_templates(blank_workbooks(settings.matrix), output_dir=output_dir)
    print(
        f"Blank workbooks (risk levels on the {settings.matrix.name} matrix) written to {folder}/"
    )
    for path in sorted(folder.glob("*.xlsx")):
        print(f"  {path.name}")
    return 0


def _print_findings(findings: Sequence[Finding], heading: str) -> None:
    if not findings:
        return
    print(f"\n{heading}:")
    for f in findings[:MAX_SHOWN]:
        print(f"  {f.where}: {f.message} [{f.rule}]")
    if len(findings) > MAX_SHOWN:
        print(f"  … and {len(findings) - MAX_SHOWN} more.")


def _report(outcome: Outcome, as_of: date) -> int:
    print(f"Partnership reports for {outcome.period.label} (as of {as_of:%d %B %Y})")
    for name, reason in outcome.skipped:
        print(f"  skipped {name}: {reason}")
    errors, warnings = outcome.errors, outcome.warnings
    if errors:
        _print_findings(errors, f"{len(errors)} error{'s' * (len(errors) != 1)} to fix")
        _print_findings(warnings, f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
        assert outcome.corrections is not None
        print(
            "\nNo reports were published; your last good reports are untouched.\n"
            f"Every problem is listed in {outcome.corrections}, and your workbooks are in\n"
            f"{outcome.corrections.parent}/ with each problem cell marked and explained."
        )
        return 1
    _print_findings(warnings, f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
    print(f"\nPublished to {outcome.published}/")
    assert outcome.published is not None
    for path in sorted(outcome.published.iterdir()):
        print(f"  {path.name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "templates":
            return _templates(args.input, args.output)
        as_of = args.as_of or date.today()  # noqa: DTZ011 (the only place that reads the clock)
        outcome = run_report(args.input, args.output, as_of=as_of)
    except (SettingsError, UsageError) as error:
        print(f"Cannot run: {error}", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 (the boundary: no traceback reaches an officer)
        log = Path(tempfile.gettempdir()) / "partnership-pipeline-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(
            "Something went wrong inside the pipeline (not in your workbooks). "
            f"Please send this file to the team that supports it: {log}",
            file=sys.stderr,
        )
        return 3
    return _report(outcome, as_of)
