"""What changed since the last published quarter, read from its report-data.xlsx."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT
from pypdf import PdfReader

from pipeline.analyse.topics.changes import (
    ADDED,
    BACK_WITHIN,
    FELL,
    NEWLY_OUTSIDE,
    NEWLY_OVERDUE,
    NO_LONGER_OVERDUE,
    REMOVED,
    ROSE,
    changes,
)
from pipeline.analyse.views.pages import RUN, changes_page
from pipeline.cli import main
from pipeline.publish import workbook_bytes


def _run(output: Path) -> None:
    args = ["report", "--input", str(SAMPLE_INPUT), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 0


def _chapters(pdf: PdfReader) -> list[str]:
    """The titles of a PDF's chapters (its outline's second level), in page order."""
    (document, chapters) = pdf.outline[:2]
    assert not isinstance(document, list)
    assert isinstance(chapters, list)
    return [entry.title for entry in chapters if not isinstance(entry, list)]


@pytest.mark.slow
def test_changes_since_the_previous_quarter_are_listed(
    sample_published: Path, tmp_path: Path
) -> None:
    """A partnership's whole risk assessment added, a risk gone outside appetite, an item
    newly overdue and one cleared: the Changes sheet has a row each, most consequential
    first; the pack prints What changed right after At a glance, the run of added risks
    counted on one line."""
    current = pd.read_excel(
        sample_published / "report-data.xlsx", sheet_name=None, engine="openpyxl"
    )
    # Last quarter, as it might have been: without the risks of the partnership with the most,
    # one risk now outside appetite then Medium and within it, one item not yet overdue and
    # one more overdue item.
    risks = current["Risks"]
    most = risks["Partnership ID"].value_counts().index[0]
    added = int((risks["Partnership ID"] == most).sum())
    assert added >= RUN
    previous_risks = risks[risks["Partnership ID"] != most].copy()
    rose = previous_risks.index[previous_risks["Outside appetite"] == "Yes"][0]
    previous_risks.loc[rose, ["Residual band", "Outside appetite"]] = ["Medium", "No"]
    previous_risks.loc[rose, "Residual rating"] = 5
    overdue = current["Overdue"]
    extra = overdue.iloc[[0]].assign(Check="Review overdue", **{"Partnership ID": "P-999"})
    previous_overdue = pd.concat([overdue.iloc[1:], extra], ignore_index=True)
    output = tmp_path / "output"
    (output / "2026-27-Q2").mkdir(parents=True)
    (output / "2026-27-Q2" / "report-data.xlsx").write_bytes(
        workbook_bytes({"Risks": previous_risks, "Overdue": previous_overdue})
    )

    _run(output)
    changes = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Changes", engine="openpyxl"
    )
    assert changes["Change"].tolist() == [
        NEWLY_OVERDUE,
        ROSE,
        NO_LONGER_OVERDUE,
        *[ADDED] * added,
    ]
    assert changes["Partnership ID"].tolist()[:3] == [
        overdue.loc[0, "Partnership ID"],
        risks.loc[rose, "Partnership ID"],
        "P-999",
    ]
    assert changes["Detail"].iloc[1].endswith("residual Medium → High, now outside appetite")
    pdf = PdfReader(output / "2026-27-Q3" / "quarterly-governance-report.pdf")
    chapters = _chapters(pdf)
    at = chapters.index("At a glance")
    assert chapters[at + 1] == "What changed since last quarter"
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    page = text.split("Changes since 2026/27 Q2")[1]
    assert page.index("Newly overdue") < page.index(ROSE) < page.index(NO_LONGER_OVERDUE)
    assert f"{added} risks added" in page
    assert page.count(ADDED) == 1  # the run is one line


@pytest.mark.slow
def test_without_an_earlier_quarter_the_pack_says_so(sample_published: Path) -> None:
    """The first quarter published says there is nothing to compare with yet."""
    pdf = PdfReader(sample_published / "quarterly-governance-report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "no earlier quarter to compare with" in text


@pytest.mark.slow
def test_the_summary_shows_last_years_figures(sample_published: Path, tmp_path: Path) -> None:
    """Key figures carry last financial year's value from the newest report published then."""
    summary = pd.read_excel(
        sample_published / "report-data.xlsx", sheet_name="Summary", engine="openpyxl"
    )
    last_year = summary.assign(Value=summary["Value"].where(summary["Unit"] != "count", 7))
    output = tmp_path / "output"
    (output / "2025-26-Q4").mkdir(parents=True)
    (output / "2025-26-Q4" / "report-data.xlsx").write_bytes(workbook_bytes({"Summary": last_year}))

    _run(output)
    summary = pd.read_excel(
        output / "2026-27-Q3" / "report-data.xlsx", sheet_name="Summary", engine="openpyxl"
    ).set_index("Measure")
    assert summary.loc["Active partnerships", "Last year"] == 7
    assert summary.loc["Checks and actions overdue", "Last year"] == 7
    pdf = PdfReader(output / "2026-27-Q3" / "annual-partnership-report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "2025/26 Q4: 7" in text.split("Summary The position of the council's partnerships")[1]


def _overdue(*rows: tuple[str | None, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Partnership ID": pid, "Partnership": name, "Check": check, "Detail": detail}
            for pid, name, check, detail in rows
        ]
    ).astype("str")


def test_group_meetings_and_devolved_services_are_told_apart() -> None:
    """A group meeting's row (no partnership) is one item per meeting; a council's two expired
    agreements are two items, told apart by service."""
    clerks = (None, "All local councils", "Clerks meeting overdue", "No clerks meeting recorded")
    forum = (None, "All local councils", "Parish forum overdue", "No parish forum recorded")
    grass = ("C-11", "Example11", "Devolution agreement expired", "Grass: agreement ends …")
    trees = ("C-11", "Example11", "Devolution agreement expired", "Trees: agreement ends …")
    risks = pd.DataFrame({"Partnership ID": [], "Risk no": [], "Risk": [], "Residual band": []})
    found = changes(
        risks,
        _overdue(clerks, grass, trees),
        previous_risks=risks,
        previous_overdue=_overdue(forum, grass),
        names=pd.Series({"C-11": "Example11"}),
    )
    assert found[["Change", "Partnership"]].to_numpy().tolist() == [
        ["Newly overdue", "Example11"],
        ["Newly overdue", "All local councils"],
        ["No longer overdue", "All local councils"],
    ]
    assert found["Partnership ID"].isna().tolist() == [False, True, True]


def _risks(*rows: tuple[str, int, str, float, str]) -> pd.DataFrame:
    """Risks rows: (Partnership ID, Risk no, Residual band, Residual rating, Outside appetite)."""
    columns = ["Partnership ID", "Risk no", "Residual band", "Residual rating", "Outside appetite"]
    frame = pd.DataFrame(list(rows), columns=columns)
    return frame.assign(Risk=[f"The risk {no}" for no in frame["Risk no"]])


def test_changes_come_most_consequential_first() -> None:
    """Newly overdue, then risks that rose or went outside appetite, then items cleared,
    risks that fell or came back within appetite, then risks added and removed, whatever
    the partnerships' order."""
    before = _risks(
        ("P-001", 1, "Medium", 5, "No"),  # rises a band, outside appetite
        ("P-001", 2, "High", 9, "Yes"),  # falls a band, within appetite
        ("P-001", 3, "Medium", 4, "No"),  # crosses a lower appetite within its band
        ("P-001", 4, "Medium", 5, "Yes"),  # back within it
        ("P-001", 5, "Low", 1, "No"),  # removed
    )
    now = _risks(
        ("P-001", 1, "High", 8, "Yes"),
        ("P-001", 2, "Medium", 5, "No"),
        ("P-001", 3, "Medium", 5, "Yes"),
        ("P-001", 4, "Medium", 4, "No"),
        ("P-002", 1, "Low", 1, "No"),  # added
    )
    cleared = ("A-001", "Aardvark", "Review overdue", "Last review 2024")
    late = ("Z-009", "Zebra", "Review overdue", "Last review 2025")
    found = changes(
        now,
        _overdue(late),
        previous_risks=before,
        previous_overdue=_overdue(cleared),
        names=pd.Series({"P-001": "One", "P-002": "Two"}),
    )
    assert found["Change"].tolist() == [
        NEWLY_OVERDUE,
        ROSE,
        NEWLY_OUTSIDE,
        NO_LONGER_OVERDUE,
        FELL,
        BACK_WITHIN,
        ADDED,
        REMOVED,
    ]
    details = dict(zip(found["Change"], found["Detail"], strict=True))
    assert details[ROSE] == "Risk 1: residual Medium → High, now outside appetite"
    assert details[FELL] == "Risk 2: residual High → Medium, now within appetite"
    assert details[NEWLY_OUTSIDE] == "Risk 3: residual rating 4 → 5"


def test_each_missed_risk_target_is_its_own_item() -> None:
    """A partnership's two risks past their target dates are two items, told apart by risk
    number: the one already overdue last quarter is not new, though its rating (in its
    detail) has moved; the other is newly overdue."""
    risks = _risks()

    def missed(*targets: tuple[int, float]) -> pd.DataFrame:
        rows = [
            ("P-001", "One", "Risk target missed", f"Risk {no}: residual rating {rating:g}")
            for no, rating in targets
        ]
        return _overdue(*rows).assign(**{"Risk no": [no for no, _ in targets]})

    found = changes(
        risks,
        missed((2, 5), (7, 6)),
        previous_risks=risks,
        previous_overdue=missed((2, 6)),
        names=pd.Series({"P-001": "One"}),
    )
    assert found[["Change", "Risk no"]].to_numpy().tolist() == [[NEWLY_OVERDUE, 7]]


def _added(pid: str, name: str, count: int) -> list[dict[str, object]]:
    return [
        {"Change": ADDED, "Partnership ID": pid, "Partnership": name, "Risk no": no,
         "Detail": f"Risk {no}: The risk {no} (Low)"}
        for no in range(1, count + 1)
    ]  # fmt: skip


def test_a_long_run_of_one_kind_is_one_printed_line() -> None:
    """Risks added: two proposed partnerships' runs (RUN or more each) are one line counting
    them, a single added risk its own line; newly overdue items before them each their own
    line. The cap counts lines, and "more" the changes left out."""
    overdue = [
        {"Change": NEWLY_OVERDUE, "Partnership ID": "P-001", "Partnership": "One",
         "Risk no": None, "Detail": f"Action overdue: task {n}"}
        for n in range(2)
    ]  # fmt: skip
    table = pd.DataFrame(
        overdue
        + _added("P-030", "Green Spaces", RUN + 1)
        + _added("P-031", "Climate", RUN + 2)
        + _added("P-001", "One", 1)
    )
    register = pd.DataFrame(
        {"Partnership ID": ["P-001", "P-030", "P-031"], "Status": ["Active", *["Proposed"] * 2]}
    )
    page = changes_page(table, register, limit=50)
    lines = [(row["Change"], row["Partnership"], row["Detail"]) for row in page.rows]
    added = 2 * RUN + 3
    assert lines == [
        (NEWLY_OVERDUE, "One", "Action overdue: task 0"),
        (NEWLY_OVERDUE, "One", "Action overdue: task 1"),
        (
            ADDED,
            "2 proposed partnerships",
            f"{added} risks added: {RUN + 1} for Green Spaces, {RUN + 2} for Climate",
        ),
        (ADDED, "One", "Risk 1: The risk 1 (Low)"),
    ]
    assert page.more == 0
    capped = changes_page(table, register, limit=3)
    assert len(capped.rows) == 3
    assert capped.more == 1  # the single added risk; the run's changes were all printed


def test_one_partnership_s_run_names_what_each_change_is_about() -> None:
    """A run of one partnership keeps its name, and its line says which risks."""
    table = pd.DataFrame(_added("P-030", "Green Spaces", RUN))
    register = pd.DataFrame({"Partnership ID": ["P-030"], "Status": ["Active"]})
    (row,) = changes_page(table, register, limit=50).rows
    risks = ", ".join(f"Risk {no}" for no in range(1, RUN + 1))
    assert row == {
        "Change": ADDED,
        "Partnership": "Green Spaces",
        "Detail": f"{RUN} risks added: {risks}",
    }
