"""The shipped sample input/ → both PDFs, report-data.xlsx and manifest.json, via the CLI."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT
from pypdf import PdfReader

from pipeline.analyse.topics.compliance import DUE_SOON_COLUMNS, OVERDUE_COLUMNS
from pipeline.analyse.topics.register import REGISTER_COLUMNS
from pipeline.analyse.topics.risks import HEATMAP_COLUMNS, OUTSIDE_APPETITE_COLUMNS, RISKS_COLUMNS
from pipeline.analyse.topics.survey import SURVEY_BY_TYPE_COLUMNS, SURVEY_COLUMNS
from pipeline.analyse.topics.trend import TREND_COLUMNS
from pipeline.cli import main

pytestmark = pytest.mark.slow

# WORKBOOKS.md §6, copied from the contract (not from the code) so a drift is caught.
CONTRACT_SHEETS = {
    "Register": [
        "Partnership ID", "Partnership", "Type", "Category", "Status", "Lead officer",
        "Budget contribution", "Staff hours per month", "Annual cost", "Significant", "Risks",
        "Highest residual rating",
    ],
    "Risks": [
        "Partnership ID", "Risk no", "Risk", "Inherent impact", "Inherent likelihood",
        "Inherent rating", "Inherent band", "Residual impact", "Residual likelihood",
        "Residual rating", "Residual band",
        # From §3: appetite, targets and direction of travel.
        "Target rating", "Target band", "Target date", "Outside appetite", "Direction",
    ],
    "Outside appetite": [
        "Partnership ID", "Partnership", "Risk no", "Risk", "Residual rating", "Target rating",
        "Target date", "Risk owner", "Direction",
    ],
    "Trend": [
        "Period", "As of", "Active partnerships", "Risks", "High residual risks",
        "Outside appetite", "Overdue items", "Due soon items",
    ],
    "Heatmap": ["Stage", "Impact", "Likelihood", "Rating", "Band", "Risks"],
    "Overdue": [
        "Partnership ID", "Partnership", "Lead officer", "Responsible officer", "Check",
        "Due date", "Days overdue", "Detail",
    ],
    "Due soon": [
        "Partnership ID", "Partnership", "Lead officer", "Responsible officer", "Check",
        "Due date", "Days until due", "Detail",
    ],
    "Survey": [
        "Survey year", "Question ID", "Question", "Theme", "Responses", "Agree", "Disagree",
        "Mean", "Change",
    ],
    "Survey by type": [
        "Survey year", "Question ID", "Organisation type", "Responses", "Agree", "Suppressed",
    ],
    "Data quality": ["File", "Sheet", "Cell", "Column", "Severity", "Message"],
}  # fmt: skip


@pytest.fixture(scope="module")
def published(sample_published: Path) -> Path:
    """The sample input run once through the command line at the tests' as-of date."""
    return sample_published


@pytest.fixture(scope="module")
def report_data(published: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(published / "report-data.xlsx", sheet_name=None, engine="openpyxl")


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_run_publishes_both_pdfs_the_workbook_and_the_manifest(published: Path) -> None:
    """It writes the four outputs, the officers' lists and, as the sample has commentary, the
    Report to the board in Word (the sample has no warnings, so no corrections) into the
    period's folder."""
    assert sorted(p.name for p in published.iterdir()) == [
        "annual-partnership-report.pdf",
        "board-report.docx",
        "html",
        "manifest.json",
        "officers",
        "public",
        "quarterly-governance-report.pdf",
        "report-data.xlsx",
    ]


def test_each_lead_officer_gets_their_own_list(
    published: Path, report_data: dict[str, pd.DataFrame]
) -> None:
    """officers/<officer>.xlsx holds exactly that officer's overdue and due-soon rows; a
    partnership manager with nothing due still gets one when their councils asked for
    information or training (Council requests)."""
    overdue, due_soon = report_data["Overdue"], report_data["Due soon"]
    requests = report_data["Council requests"]
    # An action's or a risk action's owner gets its row too: the Detail ends "(owner)".
    actions = pd.concat([overdue, due_soon])
    actions = actions[actions["Check"].str.contains("Action|Risk action")]
    owners = actions["Detail"].str.extract(r"\(([^()]*)\)$", expand=False).dropna()
    assert "Head of Legal and Democratic Services" in set(owners)  # leads nothing
    officers = sorted(
        {
            *overdue["Responsible officer"].dropna(),
            *due_soon["Responsible officer"].dropna(),
            *requests["Partnership manager"].dropna(),
            *owners,
        }
    )
    assert sorted(p.stem for p in (published / "officers").glob("*.xlsx")) == officers
    # Each list has its e-mail draft beside it, and the folder holds nothing else.
    assert sorted(p.stem for p in (published / "officers").glob("*.eml")) == officers
    assert len(list((published / "officers").iterdir())) == 2 * len(officers)
    name = "Community Safety Manager"
    sheets = pd.read_excel(
        published / "officers" / f"{name}.xlsx", sheet_name=None, engine="openpyxl"
    )
    assert list(sheets) == ["About", "Overdue", "Due soon", "Data quality"]
    assert len(sheets["Overdue"]) == (overdue["Responsible officer"] == name).sum() > 0
    assert len(sheets["Due soon"]) == (due_soon["Responsible officer"] == name).sum() > 0
    assert set(sheets["Overdue"]["Responsible officer"]) == {name}


def test_every_check_fires_in_the_sample_at_the_tests_date(
    report_data: dict[str, pd.DataFrame],
) -> None:
    """The sample exercises every overdue check and every due-soon check; of its group
    meetings, the clerks' meeting is in date, the parish forum due soon and the advisory
    group overdue."""
    counts = report_data["Check counts"].set_index("Check")
    groups = ["Clerks meeting", "Parish forum", "Advisory group"]
    assert counts.loc[groups, ["Overdue", "Due soon"]].to_numpy().tolist() == [
        [0, 0],
        [0, 1],
        [1, 0],
    ]
    counts = counts.drop(index=groups)
    assert (counts["Overdue"] > 0).all()
    assert (counts.loc[counts.index[:5], "Due soon"] > 0).all()


def test_the_annual_report_reads_back_with_its_sections(published: Path) -> None:
    """The annual report has a cover, every chapter heading, a partnership and the period."""
    pages, text = _pdf_text(published / "annual-partnership-report.pdf")
    assert pages >= 8
    for heading in (
        "Annual partnership report",
        "Contents",
        "Summary",
        "Register and costs",
        "Risk profile",
        "Reviews and compliance",
        "Partner survey",
        "Data quality",
        "About this report",
    ):
        assert heading in text
    assert "Charnwood Promotions" in text  # a partnership from the register
    assert "Financial year 2026/27 to date" in text
    assert "31 December 2026" in text
    assert "Page 2 of" in text


def test_the_quarterly_pack_reads_back_with_its_sections(published: Path) -> None:
    """The quarterly pack names the quarter and holds heatmaps, highest risks and the lists."""
    pages, text = _pdf_text(published / "quarterly-governance-report.pdf")
    assert 3 <= pages < 20
    for heading in (
        "Quarterly governance report",
        "2026/27 Q3",
        "Inherent risk",
        "Residual risk",
        "highest residual risks",  # its own list, or the outside appetite list covering both
        "Overdue",
        "Due in the next 90 days",
    ):
        assert heading in text
    assert "Leicestershire Together" in text  # on the overdue list


def test_report_data_has_every_contract_sheet_and_column(
    report_data: dict[str, pd.DataFrame],
) -> None:
    """Every §6 sheet is present, its contract columns first and in order ("at least": a
    sheet may add columns after them, such as Data quality's Rule)."""
    for sheet, columns in CONTRACT_SHEETS.items():
        assert sheet in report_data, sheet
        assert list(report_data[sheet].columns[: len(columns)]) == columns, sheet


def test_the_code_columns_are_the_contract_columns() -> None:
    """The column constants in the analyse modules match WORKBOOKS.md §6."""
    assert list(REGISTER_COLUMNS) == CONTRACT_SHEETS["Register"]
    assert list(RISKS_COLUMNS) == CONTRACT_SHEETS["Risks"]
    assert list(HEATMAP_COLUMNS) == CONTRACT_SHEETS["Heatmap"]
    assert list(OVERDUE_COLUMNS) == CONTRACT_SHEETS["Overdue"]
    # Due soon then says which risk a row is about (Risk no), as Overdue does.
    assert list(DUE_SOON_COLUMNS[: len(CONTRACT_SHEETS["Due soon"])]) == CONTRACT_SHEETS["Due soon"]
    assert list(SURVEY_COLUMNS[: len(CONTRACT_SHEETS["Survey"])]) == CONTRACT_SHEETS["Survey"]
    assert list(SURVEY_BY_TYPE_COLUMNS) == CONTRACT_SHEETS["Survey by type"]
    assert list(OUTSIDE_APPETITE_COLUMNS) == CONTRACT_SHEETS["Outside appetite"]
    # The Trend then counts partnerships at Limited or No assurance (issue 30 asks for it).
    assert list(TREND_COLUMNS[: len(CONTRACT_SHEETS["Trend"])]) == CONTRACT_SHEETS["Trend"]
    assert TREND_COLUMNS[len(CONTRACT_SHEETS["Trend"]) :] == ("Limited or no assurance",)


def test_the_heatmap_has_every_cell_of_both_stages(report_data: dict[str, pd.DataFrame]) -> None:
    """Nine cells per stage on the 3×3 matrix, zeros included, counts adding up to the risks."""
    heatmap = report_data["Heatmap"]
    risks = report_data["Risks"]
    for stage in ("Inherent", "Residual"):
        cells = heatmap[heatmap["Stage"] == stage]
        assert sorted(zip(cells["Impact"], cells["Likelihood"], strict=True)) == [
            (i, li) for i in (1, 2, 3) for li in (1, 2, 3)
        ]
        assert cells["Risks"].sum() == len(risks)


def test_closed_partnerships_have_no_risks_in_the_profile(
    report_data: dict[str, pd.DataFrame],
) -> None:
    """Risks of Closed partnerships are left out of the Risks sheet."""
    register = report_data["Register"]
    closed = set(register.loc[register["Status"] == "Closed", "Partnership ID"])
    assert closed
    assert not closed & set(report_data["Risks"]["Partnership ID"])


# The back test: which partnerships each check names at 31 December 2026, worked out by hand
# from the sample workbooks' dates and WORKBOOKS.md §5 (not copied from a run).
EXPECTED_OVERDUE = {
    "Review overdue": ["P-008", "P-011", "P-016", "P-025"],
    "Health check overdue": ["P-005", "P-007", "P-012", "P-016", "P-026", "P-029"],
    "Performance report overdue": ["P-002", "P-008", "P-013", "P-015", "P-019", "P-025"],
    "Risk assessment overdue": ["P-003", "P-017", "P-023"],
    "Risk assessment missing": ["P-006", "P-028"],
    "Past end date": ["P-012"],
    "Exit strategy needed": ["P-012"],
    "Agreement incomplete": ["P-005", "P-020", "P-024", "P-029"],
    "Governance gap": ["P-005", "P-007", "P-008", "P-012", "P-014", "P-016", "P-022"],
    "Accountable without capacity": ["P-014"],
    "Action overdue": [
        "P-002", "P-003", "P-005", "P-005", "P-008", "P-012", "P-014", "P-016", "P-025", "P-032",
    ],
    # The town and parish councils (parish-liaison.xlsx, WORKBOOKS.md §7).
    "Liaison meeting overdue": ["P-020", "P-025", "P-029"],
    "Briefing overdue": ["P-019", "P-023", "P-028", "P-029"],
    "Contact details check overdue": ["P-023", "P-024", "P-025", "P-027"],
    "Devolution agreement expired": ["P-021"],
    "Partnership manager missing": ["P-029"],
    "Advisory group overdue": ["All local councils"],
    # Risks still above their target rating after the target date (WORKBOOKS.md §3).
    "Risk target missed": ["P-009", "P-012", "P-013", "P-013", "P-016", "P-024"],
    # Open risk actions past their due date (scripts/sample/risk_workbooks.py's RISK_ACTIONS).
    "Risk action": ["P-001", "P-002", "P-004", "P-014", "P-015", "P-023"],
}  # fmt: skip
EXPECTED_DUE_SOON = {
    "Review due": ["P-002", "P-004", "P-005", "P-009", "P-015", "P-019", "P-021", "P-027"],
    "Health check due": ["P-002", "P-011", "P-018"],
    "Performance report due": [
        "P-001", "P-003", "P-004", "P-005", "P-011", "P-014", "P-016", "P-020",
    ],
    "Risk assessment due": ["P-005", "P-009", "P-011", "P-018", "P-019"],
    "Action due": ["P-002", "P-004", "P-006", "P-011", "P-014", "P-020", "P-030", "P-031"],
    "Liaison meeting due": ["P-021", "P-022", "P-024"],
    "Briefing due": ["P-024", "P-027"],
    "Contact details check due": ["P-019", "P-022"],
    "Devolution agreement ending": ["P-023"],
    "Exit strategy needed": ["P-022"],
    "Parish forum due": ["All local councils"],
    "Risk target due": ["P-002", "P-002", "P-002", "P-003", "P-004", "P-014", "P-015", "P-018"],
    "Risk action": ["P-001", "P-002", "P-003", "P-013"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("sheet", "expected"), [("Overdue", EXPECTED_OVERDUE), ("Due soon", EXPECTED_DUE_SOON)]
)
def test_back_test_compliance_lists_match_the_hand_worked_expectation(
    report_data: dict[str, pd.DataFrame], sheet: str, expected: dict[str, list[str]]
) -> None:
    """Each check names exactly the partnerships worked out by hand for 31 December 2026."""
    table = report_data[sheet]
    # A group meeting's row names no partnership, only the councils it is for.
    named = table["Partnership ID"].fillna(table["Partnership"])
    actual = {check: sorted(named[group.index]) for check, group in table.groupby("Check")}
    assert actual == expected


def test_the_manifest_fingerprints_every_input_and_output(published: Path) -> None:
    """manifest.json's SHA-256s match the files on disk, inputs and outputs alike."""
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == "2026-12-31"
    assert manifest["period"] == "2026/27 Q3"
    for entry in manifest["inputs"]:
        digest = hashlib.sha256((SAMPLE_INPUT / entry["file"]).read_bytes()).hexdigest()
        assert entry["sha256"] == digest
    assert {e["file"] for e in manifest["inputs"]} == {p.name for p in SAMPLE_INPUT.glob("*.xlsx")}
    for entry in manifest["outputs"]:
        digest = hashlib.sha256((published / entry["file"]).read_bytes()).hexdigest()
        assert entry["sha256"] == digest
    assert manifest["sheets"]["Risks"]["read"] > 0
    assert manifest["sheets"]["Risks"]["rejected"] == 0
    assert "weasyprint" in manifest["packages"]


def test_the_summary_agrees_with_the_tables(report_data: dict[str, pd.DataFrame]) -> None:
    """The key figures are counts of the sheets they summarise."""
    summary = report_data["Summary"].set_index("Key")["Value"]
    assert summary["overdue"] == len(report_data["Overdue"])
    assert summary["due_soon"] == len(report_data["Due soon"])
    assert summary["partnerships"] == len(report_data["Register"])
    assert summary["top_band_residual_risks"] == len(report_data["High residual risks"]) > 0


GREEN_AMBER_RED = """
[risk.custom]
name = "Green, amber and red"
impact = ["Low", "Medium", "High"]
likelihood = ["Low", "Medium", "High"]
rating = "product"
bands = [
  { name = "Green", from = 1, to = 2, colour = "#00703c" },
  { name = "Amber", from = 3, to = 4, colour = "#f47738" },
  { name = "Red", from = 6, to = 9, colour = "#d4351c" },
]
"""


def test_on_a_green_amber_red_matrix_the_summary_counts_the_red_risks(tmp_path: Path) -> None:
    """With bands not called Low/Medium/High, the summary's count of top-band risks is the
    number of rows of the top-band list, in report-data.xlsx and in both PDFs (it said 0
    while the risk chapter listed 32 risks still Red)."""
    folder = tmp_path / "input"
    shutil.copytree(SAMPLE_INPUT, folder)
    settings = folder / "settings.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + GREEN_AMBER_RED, encoding="utf-8")
    output = tmp_path / "output"
    status = main(
        ["report", "--input", str(folder), "--output", str(output), "--as-of", str(AS_OF)]
    )
    assert status == 0
    period = output / "2026-27-Q3"
    sheets = pd.read_excel(period / "report-data.xlsx", sheet_name=None, engine="calamine")
    red = len(sheets["High residual risks"])
    assert red == (sheets["Risks"]["Residual band"] == "Red").sum() > 0
    row = sheets["Summary"].set_index("Key").loc["top_band_residual_risks"]
    assert (row["Measure"], row["Value"]) == ("Risks still Red after controls", red)
    # The tile says it covers outside appetite too when those are the same risks (said once).
    keys = ["Partnership ID", "Risk no"]
    outside = sheets["Outside appetite"][keys].to_numpy().tolist()
    same = sorted(outside) == sorted(sheets["High residual risks"][keys].to_numpy().tolist())
    tile = "Risks still Red after controls" + (" and outside appetite" if same else "")
    for document in ("annual-partnership-report", "quarterly-governance-report"):
        _, text = _pdf_text(period / f"{document}.pdf")
        assert re.search(rf"{tile}\s*{red}\b", text), document


def test_each_report_has_a_self_contained_html_twin(published: Path) -> None:
    """html/ holds each report as one HTML file that fetches nothing: styles inlined, only
    links within the page."""
    for document in ("annual-partnership-report", "quarterly-governance-report"):
        html = (published / "html" / f"{document}.html").read_text(encoding="utf-8")
        assert '<html lang="en-GB">' in html
        assert "<style>" in html
        assert "stylesheet" not in html
        # The fonts are embedded (issue 19): the only url() is a data: URI.
        assert re.findall(r"url\((?!data:font/woff2;base64,)", html) == []
        links = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert all(link.startswith("#") for link in links)
    annual = (published / "html" / "annual-partnership-report.html").read_text(encoding="utf-8")
    assert "Charnwood Promotions" in annual


def test_a_pack_prepared_after_its_quarter_names_it_with_period(tmp_path: Path) -> None:
    """As at 10 January 2027, --period 2026-27-Q3 publishes to 2026-27-Q3/ with that quarter's
    labels; a quarter still running is labelled "to date" up to the as-of date."""
    output = tmp_path / "output"
    arguments = ["report", "--input", str(SAMPLE_INPUT), "--output", str(output)]
    assert main([*arguments, "--as-of", "2027-01-10", "--period", "2026-27-Q3"]) == 0
    _, text = _pdf_text(output / "2026-27-Q3" / "quarterly-governance-report.pdf")
    assert "2026/27 Q3 (1 October 2026 to 31 December 2026)" in text
    assert "10 January 2027" in text
    assert not (output / "2026-27-Q4").exists()
    assert main([*arguments, "--as-of", "2026-12-01"]) == 0
    _, text = _pdf_text(output / "2026-27-Q3" / "quarterly-governance-report.pdf")
    assert "2026/27 Q3 to date: 1 October 2026 to 1 December 2026" in text
    assert main([*arguments, "--as-of", "2027-04-02", "--period", "2026-27-Q2"]) == 2
