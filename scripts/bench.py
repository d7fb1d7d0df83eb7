"""`make bench`: time the pipeline, stage by stage, on inputs of three sizes.

    python scripts/bench.py [--sizes sample,county,england,county-x10] [--runs 3] [--keep DIR]
                            [--no-pandas]
    python scripts/bench.py --linear [--rounds 5] [--keep DIR]

For each size a seeded generator writes valid, contract-conforming workbooks (several risk
and survey workbooks, as officers keep them), then the pipeline runs on them stage by stage
(load, normalise, validate, analyse, render, publish) with the peak memory of the process.
In the same run it times what an analyst would write instead, pandas.read_excel with
openpyxl on the same files, and python-calamine reading them raw, and prints the ratios
(the pipeline's load and the raw read are timed again apart, best of three, England once).
The whole run and the pandas read are then repeated, taking turns, `--runs` times in all,
and the ratio of each pair is printed with the median and spread.
Results go in docs/performance.md by hand, with the machine's noise.

With --linear it checks linear growth instead: sample, county and county × 10 (exactly ten
times county's rows, in the same workbooks) are each loaded, and every stage from load to
analyse is timed on all three in turns, `--rounds` times, and the best and median of each
kept, so that the three sizes meet the same machine and a slow moment spoils one timing, not
the verdict. The sample's time is the fixed floor. (--sizes and --no-pandas do not apply.)
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from pipeline.matrices import MATRICES
from pipeline.settings import DEFAULTS

SIZES = {
    # name: (partnerships, risks, responses, risk workbooks, survey workbooks)
    "county": (2_000, 28_000, 10_000, 7, 2),
    "england": (21_000, 300_000, 200_000, 12, 4),
    # Exactly ten times county, in the same workbooks: for the linear-growth check.
    "county-x10": (20_000, 280_000, 100_000, 7, 2),
}
AS_OF = date(2026, 11, 23)
TYPES = ("Corporate body", "Strategic/advisory", "Working arrangement", "Partnering contract")
ORG_TYPES = ("Parish council", "Town council", "Voluntary and community", "Public sector")
ANSWERS = (1, 2, 3, 4, 5, "Agree", "Strongly agree", "Disagree", "Don't know", None)
SECTORS = (
    "Public sector",
    "Voluntary and community",
    "Business",
    "Parish or town council",
    "Other",
)
# The agreement checklist the bench's input is read with: the default settings' items.
AGREEMENT_ITEMS = tuple(DEFAULTS["agreement_items"])


def _write(path: Path, sheets: dict[str, tuple[list[str], Any]]) -> None:
    """A workbook written row by row (openpyxl's streaming writer)."""
    book = Workbook(write_only=True)
    for name, (headings, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
    book.save(path)


def generate(folder: Path, partnerships: int, risks: int, responses: int,
             risk_books: int, survey_books: int) -> None:  # fmt: skip
    """Valid inputs of the given size in `folder`, the same for the same arguments."""
    rng = random.Random(42)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"P-{n:06d}" for n in range(1, partnerships + 1)]

    def day(start: date, span: int) -> date:
        return start + timedelta(days=rng.randrange(span))

    priorities = ("Your council", "Safer communities", "Healthy communities", "Vibrant economy",
                  "Green borough", "Homes and neighbourhoods")  # fmt: skip
    register = []
    for n, pid in enumerate(ids):
        start = day(date(2005, 1, 1), 7000)
        register.append([
            pid, f"Partnership {pid}", rng.choice(TYPES), rng.choice(("Key", "Service", "Other")),
            rng.choice(("Active",) * 8 + ("Proposed", "Closed")), rng.choice(priorities),
            f"Lead partner {n % 97}", f"Chair of partnership {n % 97}", f"Officer {n % 211}",
            f"Partnership manager {n % 40}", f"Portfolio holder {n % 9}",
            f"Head of service {n % 23}", f"Councillor {n % 52}",
            ("Deliver the shared plan for the area, review proposals for new partnerships "
             "and avoid duplicating partners' resources."),
            f"https://www.partnership-{n}.example.org.uk", start, None,
            rng.choice(("Yes", "No")), rng.choice(("Yes", "No")), rng.choice(("Yes", "No")),
            rng.choice(("Yes", "No")), rng.choice(("Yes", "No")), rng.choice(("Yes", "No", None)),
            rng.choice(("Yes", "No")), day(date(2015, 1, 1), 4000), rng.randrange(0, 120) * 500,
            rng.randrange(0, 40), rng.choice(("Quarterly", "Six-monthly", "Annual", None)),
            day(date(2025, 6, 1), 500), day(date(2025, 1, 1), 680), day(date(2024, 1, 1), 1000),
            None, "Approved", start - timedelta(days=30),
            "Annual review of activity taken to the partnership's AGM.",
        ])  # fmt: skip
    _write(
        folder / "register.xlsx",
        {
            "Partnerships": (
                ["Partnership ID", "Partnership", "Type", "Category", "Status",
                 "Council priority", "Lead partner", "Lead partner contact", "Lead officer",
                 "Partnership manager", "Portfolio holder", "Head of service",
                 "Represented by", "Objectives", "Website", "Start date", "End date",
                 "Accountable body", "Capacity to be accountable", "Terms of reference",
                 "Governance arrangements", "Information sharing protocol", "Exit strategy",
                 "Equality impact assessment", "Agreement date", "Budget contribution",
                 "Staff hours per month", "Reporting frequency", "Last performance report",
                 "Last review", "Last health check", "Next review", "Decision",
                 "Decision date", "Comments"],
                register,
            ),
            "Members": (
                ["Partnership ID", "Organisation", "Sector", "Role"],
                [[pid, f"Organisation {(n * 7 + k) % 500}", rng.choice(SECTORS),
                  "Lead" if k == 0 else "Member"] for n, pid in enumerate(ids) for k in range(4)],
            ),
            "Agreements": (
                ["Partnership ID", *AGREEMENT_ITEMS],
                [[pid, *(rng.choice(("Yes",) * 5 + ("No",)) for _ in AGREEMENT_ITEMS)]
                 for pid in ids[::2]],
            ),
            "Actions": (
                ["Partnership ID", "Action", "Owner", "Due", "Completed"],
                [[rng.choice(ids), "Refresh the terms of reference", "Officer",
                  day(date(2026, 1, 1), 600), None] for _ in range(partnerships // 2)],
            ),
        },
    )  # fmt: skip
    matrix = MATRICES["charnwood-3x3"]
    per_book = risks // risk_books
    numbers: dict[str, int] = {}
    for book in range(risk_books):
        rows = []
        for _ in range(per_book):
            pid = rng.choice(ids)
            numbers[pid] = numbers.get(pid, 0) + 1
            ii, il = rng.randint(1, 3), rng.randint(1, 3)
            ri, rl = rng.randint(1, ii), rng.randint(1, il)
            rows.append([pid, numbers[pid], rng.choice(("R", "F", "L, S", None)),
                         "The risk that funding ends because of cuts, resulting in lost services.",
                         "Services stop; partners lose confidence in the partnership.",
                         "Budgets under pressure; grant ends next year.",
                         ii, il, matrix.rating_for(ii, il), rng.choice(("R", "M")),
                         "Quarterly monitoring", day(date(2026, 1, 1), 500), ri, rl,
                         matrix.rating_for(ri, rl), "Head of Finance", "Head of Finance",
                         "Risk and Insurance Manager", day(date(2025, 9, 1), 440)])  # fmt: skip
        _write(
            folder / f"risks-{book + 1}.xlsx",
            {"Risks": (["Partnership ID", "Risk no", "Risk type", "Risk", "Impact description",
                        "Likelihood factors", "Inherent impact", "Inherent likelihood",
                        "Inherent rating", "Control type", "Controls", "Control end date",
                        "Residual impact", "Residual likelihood", "Residual rating",
                        "Risk owner", "Assessed by", "QA by", "Assessment date"], rows)},
        )  # fmt: skip
    questions = [[f"Q{n}", f"Question {n}", f"Theme {n % 3}", "Scale"] for n in range(1, 9)]
    for book in range(survey_books):
        year = 2026 - book
        rows = [
            [f"R{year}-{n}", year, f"Organisation {n % 300}", rng.choice(ORG_TYPES),
             rng.choice((*ids[:50], None)), *(rng.choice(ANSWERS) for _ in range(8))]
            for n in range(responses // survey_books)
        ]  # fmt: skip
        invited = [[year, kind, sum(row[3] == kind for row in rows) * 2] for kind in ORG_TYPES]
        _write(
            folder / f"survey-{year}.xlsx",
            {
                "Questions": (["Question ID", "Question", "Theme", "Kind"], questions),
                "Responses": (["Response ID", "Survey year", "Organisation", "Organisation type",
                               "Partnership ID", *(f"Q{n}" for n in range(1, 9))], rows),
                "Invitations": (["Survey year", "Organisation type", "Invited"], invited),
            },
        )  # fmt: skip


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_pipeline(folder: Path, output: Path) -> dict[str, float]:
    """Seconds per stage of one run (the same calls as pipeline.run.run_report)."""
    from pipeline import run as run_module  # imported here: import time is measured apart

    timings: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    originals = {}
    for attribute, stage in (
        ("load_workbooks", "load"), ("normalise_sheets", "normalise"),
        ("validate_dataset", "validate"), ("report_tables", "analyse"),
        ("render_html", "render HTML"), ("report_workbooks", "workbooks"),
        ("lay_out", "lay out PDFs and twins (workbooks meanwhile)"),
        ("publish", "publish"),
    ):  # fmt: skip
        originals[attribute] = getattr(run_module, attribute)
        setattr(run_module, attribute, timed(stage, originals[attribute]))
    start = time.perf_counter()
    try:
        outcome = run_module.run_report(folder, output, as_of=AS_OF)
    finally:
        for attribute, function in originals.items():
            setattr(run_module, attribute, function)
    timings["total"] = time.perf_counter() - start
    assert outcome.published is not None, [f.message for f in outcome.errors[:5]]
    return timings


def time_reading(folder: Path, repeats: int = 3, *, pandas: bool = True) -> dict[str, float]:
    """The pipeline's load against what else could read the same files: pandas + openpyxl
    (once: it is slow), and python-calamine raw. Load and the raw read are timed `repeats`
    times, taking turns, and the best of each kept: on a shared machine one timing can be
    off by a third."""
    from python_calamine import CalamineWorkbook

    from pipeline.load import load_workbooks

    files = sorted(folder.glob("*.xlsx"))

    def calamine_raw() -> None:
        for path in files:
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

    best = {"pipeline load (best)": float("inf"), "calamine raw read (best)": float("inf")}
    for _ in range(repeats):
        for name, read in (("pipeline load (best)", lambda: load_workbooks(folder)),
                           ("calamine raw read (best)", calamine_raw)):  # fmt: skip
            start = time.perf_counter()
            read()
            best[name] = min(best[name], time.perf_counter() - start)
    if not pandas:
        return best
    return {**best, "pandas+openpyxl read": time_pandas(folder)}


def time_pandas(folder: Path) -> float:
    """Seconds for what an analyst would write: every sheet of every workbook read with
    pandas.read_excel and openpyxl."""
    import pandas as pd

    start = time.perf_counter()
    for path in sorted(folder.glob("*.xlsx")):
        pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - start


def time_stages(folder: Path) -> dict[str, float]:
    """Load, normalise, validate and analyse `folder` once, timed: the stages run_report runs,
    for clean inputs and with no earlier quarter to compare with."""
    from pipeline.analyse.tables import report_tables
    from pipeline.findings import has_errors
    from pipeline.load import load_workbooks
    from pipeline.normalise import normalise_sheets
    from pipeline.settings import load_settings, sheets_for
    from pipeline.validate import validate_dataset

    settings = load_settings(folder)
    timings = {}
    start = time.perf_counter()
    kinds = sheets_for(settings)
    loaded = load_workbooks(folder, sheets=kinds)
    timings["load"] = time.perf_counter() - start
    start = time.perf_counter()
    sheets, _ = normalise_sheets(loaded.sheets, matrix=settings.matrix, sheets=kinds)
    timings["normalise"] = time.perf_counter() - start
    start = time.perf_counter()
    dataset, findings = validate_dataset(
        sheets, matrix=settings.matrix, as_of=AS_OF, already_reported=[]
    )
    timings["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    report_tables(dataset, settings=settings, as_of=AS_OF, findings=findings)
    timings["analyse"] = time.perf_counter() - start
    assert not has_errors(findings), [f.message for f in findings[:5]]
    return timings


def linear_growth(folders: dict[str, Path], rounds: int) -> None:
    """Each stage timed on each size, in turns, `rounds` times; growth above the sample's
    floor from the best times and from the medians. The best time favours short runs (a 0.3 s
    stage fits into a quiet moment more often than a 3 s one), so both are printed."""
    seen: dict[str, dict[str, list[float]]] = {size: {} for size in folders}
    for round_number in range(1, rounds + 1):
        for size, folder in folders.items():
            timings = time_stages(folder)
            timings["load to analyse"] = sum(timings.values())
            for stage, seconds in timings.items():
                seen[size].setdefault(stage, []).append(seconds)
        print(f"  round {round_number} of {rounds} done, peak memory {_peak_mb():.0f} MB")
    for name, pick in (("best", min), ("median", statistics.median)):
        print(f"\n{name} of {rounds} (seconds) and growth from county to county × 10:")
        print(
            f"  {'stage':<16} {'sample':>8} {'county':>8} {'×10':>8} {'above floor':>12} {'raw':>6}"
        )
        for stage in seen["sample"]:
            floor, county, tenfold = (pick(seen[size][stage]) for size in seen)
            above = (tenfold - floor) / (county - floor)
            print(f"  {stage:<16} {floor:8.2f} {county:8.2f} {tenfold:8.2f} "
                  f"{above:11.1f}× {tenfold / county:5.1f}×")  # fmt: skip


def _inputs(size: str, root: Path, keep: Path | None, work: Path) -> Path:
    """The folder of workbooks for `size`: the sample, or freshly generated ones."""
    if size == "sample":
        return root / "input"
    folder = (keep or work) / size
    started = time.perf_counter()
    generate(folder, *SIZES[size])
    print(f"\n{size}: generated {SIZES[size][:3]} in {time.perf_counter() - started:.1f} s")
    return folder


def whole_job_ratios(folder: Path, work: Path, total: float, pandas: float, *, runs: int) -> None:
    """The pandas + openpyxl read over the whole run, run by run: the first run's figures,
    then `runs - 1` more of each, taking turns, and the median and spread of the ratios (a
    ratio within one run is steadier than either time on a shared machine)."""
    ratios = [pandas / total]
    print(f"  ratio: pandas+openpyxl read / whole pipeline = {ratios[0]:.2f}×"
          f"  (run 1: {pandas:.2f} s / {total:.2f} s)")  # fmt: skip
    for run in range(2, runs + 1):
        shutil.rmtree(work / "output", ignore_errors=True)
        total = time_pipeline(folder, work / "output")["total"]
        pandas = time_pandas(folder)
        ratios.append(pandas / total)
        print(f"  run {run}: {pandas:.2f} s / {total:.2f} s = {ratios[-1]:.2f}×")
    if runs > 1:
        print(f"  ratio over {runs} runs: median {statistics.median(ratios):.2f}×, "
              f"{min(ratios):.2f}–{max(ratios):.2f}×")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="sample,county",
        help="comma-separated: sample, county, england, county-x10",
    )
    parser.add_argument("--keep", type=Path, help="keep the generated inputs here")
    parser.add_argument(
        "--no-pandas", action="store_true", help="skip the (slow) pandas + openpyxl read"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="whole runs of each size, each beside a pandas + openpyxl read (ratios and spread)",
    )
    parser.add_argument(
        "--linear", action="store_true", help="check linear growth: sample, county, county × 10"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of --linear (best and median kept)"
    )
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    start = time.perf_counter()
    import pipeline.run  # noqa: F401  (the heavy imports, timed once)

    print(f"imports: {time.perf_counter() - start:.2f} s")
    if args.linear:
        work = Path(tempfile.mkdtemp(prefix="bench-linear-"))
        sizes = ("sample", "county", "county-x10")
        linear_growth({size: _inputs(size, root, args.keep, work) for size in sizes}, args.rounds)
        shutil.rmtree(work, ignore_errors=True)
        return 0
    for size in args.sizes.split(","):
        work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
        folder = _inputs(size, root, args.keep, work)
        rows = sum(1 for _ in folder.glob("*.xlsx"))
        timings = time_pipeline(folder, work / "output")
        others = time_reading(
            folder, repeats=1 if size in {"england", "county-x10"} else 3, pandas=not args.no_pandas
        )
        print(f"\n{size} ({rows} workbooks), peak memory so far {_peak_mb():.0f} MB")
        for name, seconds in {**timings, **others}.items():
            print(f"  {name:<26} {seconds:8.2f} s")
        load = others["pipeline load (best)"]
        print(f"  ratio: pipeline load / calamine raw read, as throughput = "
              f"{others['calamine raw read (best)'] / load:.2f}×")  # fmt: skip
        if "pandas+openpyxl read" in others:
            print(f"  ratio: pandas+openpyxl read / pipeline load = "
                  f"{others['pandas+openpyxl read'] / load:.1f}×")  # fmt: skip
            whole_job_ratios(folder, work, timings["total"], others["pandas+openpyxl read"],
                             runs=args.runs)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
