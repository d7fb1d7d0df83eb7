"""A council's own wording (issue 28): what Key means, the board's name and the agreement
checklist come from settings.toml, and the templates, the checks and the reports follow them.

The council here is not Charnwood: its own board, its own key partners, five agreement items
of its own and a 5×5 matrix. Its workbooks are written in code and put through the real
stages; the templates and reports it gets are read back.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from builders import agreement_row, partnership_row, risk_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook
from pypdf import PdfReader

from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.blank_workbooks import blank_workbooks
from pipeline.cli import main
from pipeline.findings import Finding, Severity
from pipeline.periods import financial_quarter
from pipeline.run import check_inputs
from pipeline.settings import DEFAULTS, Settings, SettingsError, load_settings, sheets_for
from schemas.register import CHARNWOOD_AGREEMENT_ITEMS

COUNCIL = "Riverside District Council"
BOARD = "Riverside Partnership Board"
KEY_PARTNERS = "the members of the Riverside Partnership Board and every parish council"
ITEMS = (
    "Safeguarding policy",
    "Data protection",
    "Conflicts of interest",
    "Exit arrangements",
    "Funding and resources",
)
SETTINGS_TOML = f"""council = "{COUNCIL}"
board = "{BOARD}"
key_partners = "{KEY_PARTNERS}"
agreement_items = [{", ".join(f'"{item}"' for item in ITEMS)}]
[risk]
matrix = "custom"
[risk.custom]
name = "riverside-5x5"
impact = ["Negligible", "Minor", "Moderate", "Major", "Severe"]
likelihood = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
rating = "product"
bands = [
  {{ name = "Low", from = 1, to = 4, colour = "#00703c" }},
  {{ name = "Medium", from = 5, to = 9, colour = "#ffdd00" }},
  {{ name = "High", from = 10, to = 16, colour = "#f47738" }},
  {{ name = "Very high", from = 20, to = 25, colour = "#d4351c" }},
]
"""
# P-002 has not yet agreed two of the five items; P-003 has agreed all five.
AGREEMENTS = [
    {"Partnership ID": "P-002", **dict.fromkeys(ITEMS, "Yes"), ITEMS[1]: "No", ITEMS[3]: None},
    {"Partnership ID": "P-003", **dict.fromkeys(ITEMS, "Yes")},
]
PARTNERSHIPS = [
    partnership_row(**{"Partnership ID": "P-002", "Partnership": "Riverside Safety Partnership"}),
    partnership_row(**{"Partnership ID": "P-003", "Partnership": "Riverside Health Partnership"}),
]
# On the 5×5 matrix: inherent 4 × 4 = 16, residual 3 × 3 = 9.
RISK = {
    "Partnership ID": "P-002",
    "Inherent impact": 4,
    "Inherent likelihood": 4,
    "Inherent rating": 16,
    "Residual impact": 3,
    "Residual likelihood": 3,
    "Residual rating": 9,
}


def _council_input(folder: Path, agreements: list[dict[str, object]] = AGREEMENTS) -> Path:
    folder.mkdir(parents=True)
    (folder / "settings.toml").write_text(SETTINGS_TOML, encoding="utf-8")
    write_workbook(
        folder / "register.xlsx", {"Partnerships": PARTNERSHIPS, "Agreements": agreements}
    )
    write_workbook(folder / "risks.xlsx", {"Risks": [risk_row(**RISK)]})
    return folder


def _checked(folder: Path) -> tuple[ReportTables, list[Finding]]:
    settings = load_settings(folder)
    _, dataset, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [f.message for f in findings if f.severity is Severity.ERROR] == []
    tables = report_tables(
        dataset, settings=settings, as_of=AS_OF, findings=findings, period=financial_quarter(AS_OF)
    )
    return tables, findings


# Settings ----------------------------------------------------------------------------------


def test_the_defaults_are_neutral_wording_and_charnwoods_eight_items(settings: Settings) -> None:
    assert "Charnwood" not in settings.council + settings.board + settings.key_partners
    assert settings.agreement_items == tuple(CHARNWOOD_AGREEMENT_ITEMS)
    assert len(settings.agreement_items) == 8
    agreements = sheets_for(settings)["Agreements"].columns
    assert [col.heading for col in agreements] == ["Partnership ID", *CHARNWOOD_AGREEMENT_ITEMS]
    # The default items keep the other headings officers give them.
    assert "Complaints procedures" in agreements[-1].aliases


def test_a_council_sets_its_own_wording(tmp_path: Path) -> None:
    settings = load_settings(_council_input(tmp_path / "input"))
    assert (settings.council, settings.board, settings.key_partners) == (
        COUNCIL,
        BOARD,
        KEY_PARTNERS,
    )
    assert settings.agreement_items == ITEMS
    category = sheets_for(settings)["Partnerships"].column("category")
    assert category.description.startswith(f"Key: {KEY_PARTNERS}.")


def test_agreement_items_are_read_tidied(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(
        'agreement_items = ["  Safeguarding   policy ", "Data protection"]\n', encoding="utf-8"
    )
    assert load_settings(tmp_path).agreement_items == ("Safeguarding policy", "Data protection")


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ('agreement_items = "Safeguarding"', "must be a list of the items"),
        ("agreement_items = []", "lists 0 items: list from 1 to 20"),
        (f"agreement_items = {[f'Item {n}' for n in range(21)]}", "lists 21 items"),
        ('agreement_items = ["Safeguarding", 3]', "item 2 must be some text in quotes"),
        ('agreement_items = ["Safeguarding", "  "]', "item 2 must be some text in quotes"),
        (f'agreement_items = ["{"x" * 61}"]', "is 61 characters long: shorten it to at most 60"),
        ('agreement_items = ["---"]', "has no letters or digits"),
        ('agreement_items = ["Partnership ID"]', "is the Agreements sheet's Partnership ID"),
        ('agreement_items = ["partnership  id*"]', "is the Agreements sheet's Partnership ID"),
        ('agreement_items = ["Source file"]', "is a name the pipeline keeps for itself"),
        ('agreement_items = ["Commitment", "commitment"]', "and “Commitment”, which the"),
        ('agreement_items = ["Exit plan", "Exit  plan"]', "“Exit plan” twice"),
        (f'key_partners = "{"x" * 301}"', "“key_partners” is 301 characters long"),
        ('key_partners = ""', "“key_partners” must be some text in quotes"),
    ],
)
def test_wording_settings_out_of_bounds_are_refused(tmp_path: Path, toml: str, said: str) -> None:
    (tmp_path / "settings.toml").write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=said):
        load_settings(tmp_path)


# Templates ---------------------------------------------------------------------------------


def _template(files: dict[str, bytes]) -> tuple[list[object], dict[str, str]]:
    """The register template's Agreements headings, and its Guidance notes by heading."""
    book = load_workbook(io.BytesIO(files["partnership-register.xlsx"]))
    headings = [cell.value for cell in book["Agreements"][1]]
    notes = {
        str(row[1]): str(row[6] or "")
        for row in book["Guidance"].iter_rows(min_row=2, values_only=True)
        if row[0] in ("Partnerships", "Agreements")
    }
    return headings, notes


def test_the_templates_carry_the_councils_items_and_key_partners(tmp_path: Path) -> None:
    settings = load_settings(_council_input(tmp_path / "input"))
    headings, notes = _template(blank_workbooks(settings.matrix, sheets=sheets_for(settings)))
    assert headings == ["Partnership ID", *ITEMS]
    assert set(ITEMS) <= set(notes)
    assert notes["Category"].startswith(f"Key: {KEY_PARTNERS}.")
    assert "Purpose and scope" not in notes


def test_the_default_templates_carry_charnwoods_eight_items(settings: Settings) -> None:
    headings, notes = _template(blank_workbooks(settings.matrix, sheets=sheets_for(settings)))
    assert headings == ["Partnership ID", *CHARNWOOD_AGREEMENT_ITEMS]
    assert notes["Category"].startswith(f"Key: {DEFAULTS['key_partners']}.")


# Reading and checking ----------------------------------------------------------------------


def test_the_checks_and_the_register_count_the_councils_items(tmp_path: Path) -> None:
    tables, findings = _checked(_council_input(tmp_path / "input"))
    assert [f for f in findings if f.sheet == "Agreements"] == []
    register = tables.register.set_index("Partnership ID")
    assert register.loc["P-002", "Agreement items in place"] == len(ITEMS) - 2
    assert register.loc["P-003", "Agreement items in place"] == len(ITEMS)
    incomplete = tables.overdue[tables.overdue["Check"] == "Agreement incomplete"]
    assert incomplete["Partnership ID"].tolist() == ["P-002"]
    assert incomplete["Detail"].tolist() == [f"Not covered: {ITEMS[1]}, {ITEMS[3]}"]
    compliance = tables.compliance.set_index("Partnership ID")
    assert compliance.loc["P-002", "Agreement"] == "Incomplete"
    assert compliance.loc["P-003", "Agreement"] == "Complete"


def test_a_missing_item_column_and_an_unlisted_one_are_warned_of(tmp_path: Path) -> None:
    """Charnwood's old column in place of one of the council's items: the item's column is
    missing (a warning naming the tab and the item, and no partnership on it covers the item),
    and Charnwood's is a column not read."""
    old = [
        {
            **{key: value for key, value in row.items() if key != ITEMS[0]},
            "Purpose and scope": "Yes",
        }
        for row in AGREEMENTS
    ]
    tables, findings = _checked(_council_input(tmp_path / "input", old))
    missing = [f for f in findings if f.rule == "agreement.item_missing"]
    assert [(f.file, f.sheet, f.column, f.severity) for f in missing] == [
        ("register.xlsx", "Agreements", ITEMS[0], Severity.WARNING)
    ]
    assert f"no column “{ITEMS[0]}”" in missing[0].message
    extra = [f for f in findings if f.rule == "column.extra"]
    assert [(f.sheet, f.column) for f in extra] == [("Agreements", "Purpose and scope")]
    register = tables.register.set_index("Partnership ID")
    assert register.loc["P-003", "Agreement items in place"] == len(ITEMS) - 1
    incomplete = tables.overdue[tables.overdue["Check"] == "Agreement incomplete"]
    assert incomplete.set_index("Partnership ID").loc["P-003", "Detail"] == (
        f"Not covered: {ITEMS[0]}"
    )


def test_with_the_defaults_charnwoods_columns_are_read_as_before(
    tmp_path: Path, settings: Settings
) -> None:
    """No settings: an Agreements tab with Charnwood's eight columns gives no warning, and an
    item typed under its other heading is read."""
    folder = tmp_path / "input"
    folder.mkdir()
    row = agreement_row(**{"Complaints procedure": None, "Complaints procedures": "No"})
    del row["Complaints procedure"]
    write_workbook(
        folder / "register.xlsx", {"Partnerships": [partnership_row()], "Agreements": [row]}
    )
    _, dataset, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [f.rule for f in findings if f.sheet == "Agreements"] == []
    assert dataset.agreements["complaints_procedure"].tolist() == [False]
    tables = report_tables(
        dataset, settings=settings, as_of=AS_OF, findings=findings, period=financial_quarter(AS_OF)
    )
    assert tables.register["Agreement items in place"].tolist() == [7]
    incomplete = tables.overdue[tables.overdue["Check"] == "Agreement incomplete"]
    assert incomplete["Detail"].tolist() == ["Not covered: Complaints procedure"]


# The reports -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("council")
    folder = _council_input(tmp / "input")
    arguments = ["report", "--input", str(folder), "--output", str(tmp / "output")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return tmp / "output" / "2026-27-Q3"


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.slow
def test_the_reports_use_the_councils_wording(published: Path) -> None:
    annual = _text(published / "annual-partnership-report.pdf")
    quarterly = _text(published / "quarterly-governance-report.pdf")
    for text in (annual, quarterly):
        assert COUNCIL in text
        assert BOARD in text
        assert "Charnwood" not in text
    assert f"A key partnership is one with the council's key partners: {KEY_PARTNERS}." in annual
    assert "agreement checklist (" + "; ".join(ITEMS) + ")" in annual
    assert "Purpose and scope" not in annual
    assert f"Not covered: {ITEMS[1]}, {ITEMS[3]}" in quarterly
    data = load_workbook(published / "report-data.xlsx", read_only=True)
    rows = list(data["Register"].values)
    column = rows[0].index("Agreement items in place")
    assert sorted(row[column] for row in rows[1:]) == [len(ITEMS) - 2, len(ITEMS)]
