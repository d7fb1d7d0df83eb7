"""The shipped sample input/ is exactly what scripts/make_sample_input.py writes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from builders import partnership_row, write_workbook
from conftest import ROOT, SAMPLE_INPUT, script

from pipeline.analyse.topics.compliance import due_soon, overdue
from pipeline.analyse.topics.due import context_for
from pipeline.findings import Finding
from pipeline.matrices import MATRICES
from pipeline.run import check_inputs
from pipeline.settings import load_settings
from pipeline.validate import Dataset

LIAISON = "parish-liaison.xlsx"
LIAISON_SHEETS = ("Local councils", "Meetings", "Consultations", "Devolved services")
BOARD_REPORT = "board-report.xlsx"
#: The sample's as-of dates (both 2026/27 Q3): nothing is recorded as done after the first.
AS_OF_DATES = (date(2026, 11, 23), date(2026, 12, 31))


def _generator() -> ModuleType:
    return script("make_sample_input")


def test_the_committed_sample_workbooks_are_regenerated_byte_for_byte(tmp_path: Path) -> None:
    """Regenerating the sample gives the committed files, so they can be trusted and varied."""
    written = _generator().write_sample_input(tmp_path)
    assert {p.name for p in written} == {
        p.name for p in SAMPLE_INPUT.iterdir() if p.suffix in (".xlsx", ".toml")
    }
    assert LIAISON in {p.name for p in written}
    for path in written:
        assert path.read_bytes() == (SAMPLE_INPUT / path.name).read_bytes(), path.name


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_the_sample_liaison_workbook_has_its_four_sheets_and_is_clean(as_of: date) -> None:
    """Every cell of parish-liaison.xlsx passes load and validate; each sheet has rows, all
    from that workbook, and Local councils lists the sample's town and parish councils."""
    settings = load_settings(SAMPLE_INPUT)
    _, dataset, findings = check_inputs(SAMPLE_INPUT, settings=settings, as_of=as_of)
    assert [f.where for f in findings if f.file == LIAISON] == []
    assert set(LIAISON_SHEETS) <= set(dataset.read)
    frames = {
        "Local councils": dataset.local_councils,
        "Meetings": dataset.meetings,
        "Consultations": dataset.consultations,
        "Devolved services": dataset.devolved_services,
    }
    for sheet, frame in frames.items():
        assert len(frame) > 0, sheet
        assert set(frame["source_file"]) == {LIAISON}, sheet
        assert set(frame["source_sheet"]) == {sheet}, sheet
    councils = dataset.local_councils
    assert list(councils["partnership_id"]) == [f"P-{n:03d}" for n in range(18, 30)]
    assert set(councils["council_type"]) == {"Town council", "Parish council", "Parish meeting"}


def test_the_sample_liaison_dates_are_as_recorded_by_the_first_as_of_date() -> None:
    """Nothing is recorded as done after 2026-11-23: later meetings are planned, and the one
    consultation issued later is planned too; responses never exceed councils consulted."""
    first = pd.Timestamp(AS_OF_DATES[0])
    _, dataset, _ = check_inputs(
        SAMPLE_INPUT, settings=load_settings(SAMPLE_INPUT), as_of=AS_OF_DATES[0]
    )
    assert (dataset.local_councils["contact_details_checked"].dropna() <= first).all()
    later = dataset.meetings[dataset.meetings["meeting_date"] > first]
    assert later["notes"].str.startswith("Planned").all()
    assert later["councils_represented"].isna().all()
    consultations = dataset.consultations
    assert (consultations["issued"] > first).sum() == 1
    answered = consultations.dropna(subset=["responses"])
    assert (answered["responses"] <= answered["councils_consulted"]).all()


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_the_sample_gives_every_liaison_check_something_to_show(as_of: date) -> None:
    """At both as-of dates each liaison check has a council overdue and one due soon, and the
    consultations include one under six weeks, one open and one planned."""
    settings = load_settings(SAMPLE_INPUT)
    _, dataset, _ = check_inputs(SAMPLE_INPUT, settings=settings, as_of=as_of)
    ctx = context_for(dataset, settings=settings, as_of=as_of)
    overdue_checks = set(overdue(ctx)["Check"])
    due_checks = set(due_soon(ctx)["Check"])
    for thing in ("Liaison meeting", "Briefing", "Contact details check"):
        assert f"{thing} overdue" in overdue_checks
        assert f"{thing} due" in due_checks
    assert "Devolution agreement expired" in overdue_checks
    assert "Devolution agreement ending" in due_checks
    consultations = dataset.consultations
    days = (consultations["closes"] - consultations["issued"]).dt.days
    day = pd.Timestamp(as_of)
    assert (days < 42).any()
    assert (days >= 42).any()
    assert ((consultations["issued"] <= day) & (consultations["closes"] >= day)).any()
    assert (consultations["issued"] > day).any()
    assert set(dataset.devolved_services["stage"]) == {
        "Interest",
        "Negotiating",
        "Agreement",
        "Ended",
    }


# ---------------------------------------------------------------------------------------------
# Targets, and the sample as it stood at the ends of Q1 and Q2 (`--earlier-quarters`)
# ---------------------------------------------------------------------------------------------

MATRIX = MATRICES["charnwood-3x3"]
#: The earlier quarters `--earlier-quarters` writes, and their last days.
QUARTER_ENDS = {"2026-27-Q1": date(2026, 6, 30), "2026-27-Q2": date(2026, 9, 30)}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two earlier quarters, written once through the command line."""
    folder = tmp_path_factory.mktemp("earlier")
    assert _generator().main(["--earlier-quarters", str(folder)]) == 0
    return folder


def _checked(folder: Path, as_of: date) -> tuple[Dataset, list[Finding]]:
    _, dataset, findings = check_inputs(folder, settings=load_settings(folder), as_of=as_of)
    return dataset, findings


def _residual_ratings(dataset: Dataset) -> dict[tuple[str, int], int]:
    """(Partnership ID, Risk no) → residual rating, for the risks analysed (not Closed)."""
    risks = dataset.risks
    status = dataset.partnerships.set_index("partnership_id")["status"]
    risks = risks[risks["partnership_id"].map(status) != "Closed"]
    ratings = MATRIX.ratings_for(risks["residual_impact"], risks["residual_likelihood"])
    keys = zip(risks["partnership_id"], risks["risk_no"].astype(int), strict=True)
    return dict(zip(keys, ratings.astype(int), strict=True))


def test_the_earlier_quarters_are_complete_folders_written_byte_for_byte(
    earlier: Path, tmp_path: Path
) -> None:
    """Each earlier quarter is a whole input folder (the 2026 survey, run in July, from Q2 on;
    no board report, whose commentary speaks to Q3's figures), and a second run writes the
    same bytes."""
    _generator().write_earlier_quarters(tmp_path)
    shipped = {p.name for p in SAMPLE_INPUT.iterdir() if p.suffix in (".xlsx", ".toml")}
    shipped -= {BOARD_REPORT}
    for quarter in QUARTER_ENDS:
        names = {p.name for p in (earlier / quarter).iterdir()}
        expected = shipped - {"partner-survey-2026.xlsx"} if quarter.endswith("Q1") else shipped
        assert names == expected, quarter
        for name in names:
            again = (tmp_path / quarter / name).read_bytes()
            assert again == (earlier / quarter / name).read_bytes(), f"{quarter}/{name}"


@pytest.mark.parametrize("quarter", QUARTER_ENDS)
def test_each_earlier_quarter_is_clean_at_its_quarter_end(earlier: Path, quarter: str) -> None:
    """No errors (and, like the sample, no warnings) at the quarter's last day."""
    _, findings = _checked(earlier / quarter, QUARTER_ENDS[quarter])
    assert [(f.severity, f.where, f.message) for f in findings] == []


@pytest.mark.parametrize("quarter", QUARTER_ENDS)
def test_nothing_in_an_earlier_quarter_is_recorded_after_its_end(
    earlier: Path, quarter: str
) -> None:
    """Risk assessments (an error if later), reviews, health checks, performance reports,
    completed actions, held meetings, issued consultations and contact checks are all on or
    before the quarter end; only planned things look ahead."""
    end = pd.Timestamp(QUARTER_ENDS[quarter])
    dataset, _ = _checked(earlier / quarter, QUARTER_ENDS[quarter])
    assert (dataset.risks["assessment_date"] <= end).all()
    partnerships = dataset.partnerships
    for column in ("last_performance_report", "last_review", "last_health_check"):
        assert (partnerships[column].dropna() <= end).all(), column
    assert (dataset.actions["completed"].dropna() <= end).all()
    assert (dataset.local_councils["contact_details_checked"].dropna() <= end).all()
    later = dataset.meetings[dataset.meetings["meeting_date"] > end]
    assert later["notes"].str.startswith("Planned").all()
    assert later["councils_represented"].isna().all()
    consultations = dataset.consultations
    assert consultations.loc[consultations["issued"] > end, "responses"].isna().all()


def test_the_risks_rise_fall_stay_arrive_and_go_from_quarter_to_quarter(earlier: Path) -> None:
    """Compared with the quarter before, Q2 and Q3 (input/) each have risks rated higher,
    lower and the same, and new risks; some risks of Q1 and Q2 are gone by Q3."""
    q1 = _residual_ratings(_checked(earlier / "2026-27-Q1", QUARTER_ENDS["2026-27-Q1"])[0])
    q2 = _residual_ratings(_checked(earlier / "2026-27-Q2", QUARTER_ENDS["2026-27-Q2"])[0])
    q3 = _residual_ratings(_checked(SAMPLE_INPUT, AS_OF_DATES[0])[0])
    for before, now in ((q1, q2), (q2, q3)):
        both = now.keys() & before.keys()
        assert any(now[k] > before[k] for k in both)
        assert any(now[k] < before[k] for k in both)
        same = sum(now[k] == before[k] for k in both)
        assert same > len(now) / 2  # most risks are rated as they were
        assert now.keys() - before.keys()
    gone = (q1.keys() | q2.keys()) - q3.keys()
    assert gone
    assert gone <= q2.keys()  # still there in Q2, so Q3's Changes list them as removed


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_the_sample_has_risk_targets_missed_and_due(as_of: date) -> None:
    """At both as-of dates some risks of Active partnerships are still above a target whose
    date has passed (`Risk target missed`) or falls within 90 days (`Risk target due`); no
    target is above its residual rating, and some are already met."""
    dataset, findings = _checked(SAMPLE_INPUT, as_of)
    assert findings == []
    risks = dataset.risks.dropna(subset=["target_impact"])
    assert 0.3 < len(risks) / len(dataset.risks) < 0.5
    residual = MATRIX.ratings_for(risks["residual_impact"], risks["residual_likelihood"])
    target = MATRIX.ratings_for(risks["target_impact"], risks["target_likelihood"])
    assert (target <= residual).all()
    assert (target == residual).any()
    status = dataset.partnerships.set_index("partnership_id")["status"]
    open_ = (risks["partnership_id"].map(status) == "Active") & (residual > target)
    day = pd.Timestamp(as_of)
    dates = risks["target_date"]
    assert (open_ & (dates < day)).sum() >= 1
    assert (open_ & (dates >= day) & (dates <= day + pd.Timedelta(days=90))).sum() >= 1
    # Due soon at both as-of dates: between 31 December 2026 and 20 February 2027.
    both = (dates >= pd.Timestamp(AS_OF_DATES[1])) & (dates <= pd.Timestamp("2027-02-20"))
    assert (open_ & both).any()


# ---------------------------------------------------------------------------------------------
# Exempt items, commentary and recommendations (WORKBOOKS.md §2, §3, §8 and §9)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_the_sample_has_exempt_items_commentary_and_recommendations_all_valid(
    as_of: date,
) -> None:
    """One exempt partnership with its Schedule 12A reason (not a town or parish council, not
    one with its own risk workbook), two exempt risks of another partnership, and commentary
    and recommendations for both reports, read from board-report.xlsx with no findings."""
    dataset, findings = _checked(SAMPLE_INPUT, as_of)
    assert [(f.severity, f.where, f.message) for f in findings] == []
    assert {"Commentary", "Recommendations"} <= set(dataset.read)

    partnerships = dataset.partnerships
    exempt = partnerships[partnerships["exempt"].fillna(False).astype(bool)]
    assert list(exempt["partnership_id"]) == ["P-013"]
    assert exempt["exempt_reason"].iloc[0].startswith("Schedule 12A paragraph 3")
    assert partnerships.loc[~partnerships.index.isin(exempt.index), "exempt_reason"].isna().all()

    risks = dataset.risks
    exempt_risks = risks[risks["exempt"].fillna(False).astype(bool)]
    keys = set(zip(exempt_risks["partnership_id"], exempt_risks["risk_no"], strict=True))
    assert keys == {("P-014", 6), ("P-014", 9)}
    assert set(exempt_risks["source_file"]) == {"risks-corporate.xlsx"}

    commentary = dataset.commentary
    assert set(commentary["source_file"]) == {BOARD_REPORT}
    assert set(commentary["source_sheet"]) == {"Commentary"}
    for report in ("Annual", "Quarterly"):
        sections = set(commentary.loc[commentary["report"].isin([report, "Both"]), "section"])
        assert {"Summary", "Risk profile"} <= sections, report
    annual = set(commentary.loc[commentary["report"] == "Annual", "section"])
    assert {
        "Partner survey",
        "Key partnerships",
        "Financial implications",
        "Legal implications",
        "Risk management implications",
        "Equality implications",
    } <= annual
    assert "Reviews and compliance" in set(
        commentary.loc[commentary["report"] == "Quarterly", "section"]
    )
    flagged = commentary[commentary["exempt"].fillna(False).astype(bool)]
    assert list(zip(flagged["report"], flagged["section"], strict=True)) == [
        ("Annual", "Key partnerships")
    ]
    summary = commentary.loc[
        (commentary["report"] == "Annual") & (commentary["section"] == "Summary"), "text"
    ].iloc[0]
    paragraphs = summary.split("\n\n")
    assert len(paragraphs) == 3
    assert [line[:2] for line in paragraphs[-1].splitlines()] == ["- "] * 3
    assert "25%" in summary
    assert commentary["text"].str.contains("(<£10k) & the 'Q3' figure =", regex=False).any()

    recommendations = dataset.recommendations
    assert set(recommendations["source_file"]) == {BOARD_REPORT}
    numbers = {
        report: sorted(recommendations.loc[recommendations["report"] == report, "no"])
        for report in ("Annual", "Quarterly", "Both")
    }
    assert numbers == {"Annual": [1, 2, 3], "Quarterly": [1, 2], "Both": []}
    assert recommendations["reason"].notna().all()
    assert recommendations["recommendation"].str.match(r"[a-z]").all()  # after "is asked to"


# Issue 26, item 9: make sample never loses an officer's work --------------------------------


def _state(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_sample_with_earlier_writes_only_the_earlier_quarters(tmp_path: Path) -> None:
    """`make sample EARLIER=DIR`, which the README says adds the earlier quarters, writes
    DIR/2026-27-Q1 and DIR/2026-27-Q2 and does not touch input/ (it used to rewrite it)."""
    before = _state(SAMPLE_INPUT)
    done = subprocess.run(
        ["make", "-s", "sample", f"EARLIER={tmp_path / 'earlier'}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert _state(SAMPLE_INPUT) == before
    assert sorted(p.name for p in (tmp_path / "earlier").iterdir()) == list(QUARTER_ENDS)
    assert str(SAMPLE_INPUT) not in done.stdout


def test_make_sample_refuses_to_overwrite_what_is_not_the_samples_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An officer's edited settings.toml and their own register are not overwritten: the
    script says which files and how to force it, and writes nothing; --force replaces them."""
    generator = _generator()
    folder = tmp_path / "input"
    assert generator.main([str(folder)]) == 0
    assert generator.main([str(folder)]) == 0  # the sample's own files: rewritten quietly
    settings = folder / "settings.toml"
    settings.write_text('council = "Harborough District Council"\n', encoding="utf-8")
    register = folder / "partnership-register.xlsx"
    write_workbook(register, {"Partnerships": [partnership_row()]})
    capsys.readouterr()
    before = _state(folder)

    assert generator.main([str(folder)]) == 2
    err = capsys.readouterr().err
    assert str(settings) in err
    assert str(register) in err
    assert "make sample FORCE=1" in err
    assert _state(folder) == before

    assert generator.main([str(folder), "--force"]) == 0
    assert settings.read_bytes() == (SAMPLE_INPUT / "settings.toml").read_bytes()
    assert register.read_bytes() == (SAMPLE_INPUT / register.name).read_bytes()
