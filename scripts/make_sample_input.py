"""Write the sample input workbooks: a clean, made-up Charnwood partnership register.

Run `python scripts/make_sample_input.py [OUTPUT_DIR] [--earlier-quarters DIR] [--force]`
(default: `input/` in the repository; files there that are not the sample's own are never
overwritten without `--force`). It writes, in the shape set out in `WORKBOOKS.md`:

- `partnership-register.xlsx`: `Partnerships` (two title rows above the header, as officers
  keep it; one partnership, P-013, Exempt with its Schedule 12A reason), `Members`,
  `Agreements`, `Actions` and `Officers` (every officer the workbooks name, by role, with an
  address made from the role at the invented domain `charnwood.example`);
- `risks-corporate.xlsx`: one `Risks` sheet holding most partnerships' risk registers, with
  impact and likelihood typed as the numbers 1 to 3 and an Exempt column (two risks of P-014
  are exempt);
- three per-partnership risk workbooks, each with one `Risk register` sheet under a title row,
  levels typed the Charnwood way (`H`/`M`/`L`, or labels such as `2 – Medium (significant)`);
  every risk workbook has Target impact, Target likelihood and Target date (headed `Target
  impact rating`, `Target L'hood` and `Target score date` in the Loughborough town centre one),
  filled in on about two in five risks, mostly the High and Medium ones; and a `Risk actions`
  sheet in each risk workbook: the actions behind the risks, some done, some late, some due
  soon and some due later, one on an exempt risk and one on the exempt partnership;
- `partner-survey-2025.xlsx` and `partner-survey-2026.xlsx`: `Questions`, `Responses` and
  `Invitations`;
- `parish-liaison.xlsx`: the town and parish councils (P-018 to P-029): `Local councils`
  (under a title row), `Meetings`, `Consultations` and `Devolved services`;
- `board-report.xlsx`: the officers' `Commentary` and `Recommendations` for the annual and
  quarterly reports (input/ only: they speak to the Q3 figures, so `--earlier-quarters`
  leaves them out);
- `settings.toml`: the council, the board and the group meetings held with the town and
  parish councils; every other key takes its default.

Why: the pipeline needs realistic data to be run, tested and shown on. The content is grounded
in the Charnwood partnership guidance (key partnerships, the partnership agreement checklist,
the 14 standard partnership risks and the 3×3 rating table), the Charnwood parish partnership
scheme, the Harborough checklist and register, the Milton Keynes parish liaison material and
Carlisle's £30,000 threshold. Every value passes the contract (this is the *clean* sample);
people appear only as roles.

The dates are fixed so that every report section has something in it at both as-of dates used
in tests, 2026-11-23 and 2026-12-31 (both 2026/27 Q3): some reviews, health checks,
performance reports, risk assessments, actions and town and parish council liaison (meetings,
Corporate Plan briefings, contact details checks, devolution agreements) are overdue, some fall
due in January and February 2027, and most are comfortably in date. Risk targets too: a few
are missed (target date passed, residual still above target), a few due (31 December 2026 to
31 March 2027), some already met and the rest later in 2027. No recorded date is after
2026-11-23; only Next review, End date, action Due, Control end date, Target date, Agreement
end, and the planned meetings and consultation (planned dates) look ahead.

`--earlier-quarters DIR` writes the sample as it stood at the ends of 2026/27 Q1 and Q2 (30 June
and 30 September 2026) into `DIR/2026-27-Q1/` and `DIR/2026-27-Q2/`, each a complete input
folder, derived from the same tables (see `partnership_at` in sample/register.py, `risks_at`
and `RiskPlan` in sample/risks.py). Reported in turn into one output folder with input/, they
show every direction of travel in Q3 (risks rated higher, lower, the same and new, and two
removed) and a three-row trend.

The output is deterministic: one `random.Random(42)` (the liaison workbook, the board report
and the exempt flags draw nothing from it, so adding them changed no other values), and a second, `random.Random(17)`, for the risk
targets and removed risks (so adding them changed only the risk workbooks); no clock. Each
workbook is re-zipped with fixed timestamps and a fixed modified time, so two runs give
byte-identical files.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

# The modules that write each workbook are in scripts/sample/. Run as a script, this folder is
# already on sys.path; imported by file (the tests), it is not.
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from sample.folder import (
    Refused,
    place_earlier_quarters,
    place_sample,
    write_earlier_quarters,
    write_sample_input,
)

# The tests call these two as well as `main`.
__all__ = ["main", "write_earlier_quarters", "write_sample_input"]


USAGE = """\
usage: python scripts/make_sample_input.py [OUTPUT_DIR] [--earlier-quarters DIR] [--force]

  OUTPUT_DIR               where to write the sample (default: input/ in the repository)
  --earlier-quarters DIR   also write the sample as it stood on 30 June and 30 September 2026
                           into DIR/2026-27-Q1/ and DIR/2026-27-Q2/ (given alone, only those)
  --force                  overwrite files that are not the sample's own (your own workbooks,
                           an edited settings.toml); without it they are kept and nothing is
                           written
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `python scripts/make_sample_input.py [OUTPUT_DIR] [--earlier-quarters DIR]
    [--force]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        sys.stdout.write((__doc__ or "").split("\n\n")[0] + "\n" + USAGE)
        return 0
    force = "--force" in args
    args = [a for a in args if a != "--force"]
    earlier: Path | None = None
    if "--earlier-quarters" in args:
        at = args.index("--earlier-quarters")
        if at + 1 >= len(args) or args[at + 1].startswith("-"):
            sys.stderr.write(USAGE)
            return 2
        earlier = Path(args[at + 1])
        del args[at : at + 2]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        sys.stderr.write(USAGE)
        return 2
    default = Path(__file__).resolve().parent.parent / "input"
    paths: list[Path] = []
    try:
        if args or earlier is None:
            paths += place_sample(Path(args[0]) if args else default, force=force)
        if earlier is not None:
            paths += place_earlier_quarters(earlier, force=force)
    except Refused as refused:
        for path in paths:
            sys.stdout.write(f"wrote {path}\n")
        sys.stderr.write(
            f"Not written: {refused} would be overwritten, but differ from the sample "
            "(your own workbooks or settings, or the sample edited). Nothing more was "
            "written. Move them somewhere safe first, or, to replace them with the sample, "
            "run make sample FORCE=1 (python scripts/make_sample_input.py --force).\n"
        )
        return 2
    for path in paths:
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
