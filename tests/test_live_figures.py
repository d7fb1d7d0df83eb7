"""Live figures (WORKBOOKS.md §9): `{overdue}` in officers' text prints the Summary figure as
the tiles print it, in each edition its own; an unknown `{key}` is an error naming the cell and
the keys; anything else in braces prints as typed. One declared list of keys
(schemas.figures.SUMMARY_KEYS) makes the Summary, the check, the docs and the Guidance."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_valid_input, write_workbook
from conftest import AS_OF, ROOT, SAMPLE_INPUT
from openpyxl import load_workbook
from pypdf import PdfReader

from pipeline.analyse.tables import report_tables
from pipeline.blank_workbooks import GUIDANCE, blank_workbooks
from pipeline.cli import main
from pipeline.render import live_figures, plain
from pipeline.run import check_inputs
from pipeline.settings import Settings, load_settings
from schemas.figures import LIVE_FIGURE, NO_FIGURE, SUMMARY_KEYS, braced

LITERAL = "Literal: {{overdue}}, {TBC}, { }, {Overdue} and {risk 1}."


def _summary_of(folder: Path, settings: Settings) -> dict[str, str]:
    """The live figures of the workbooks in `folder`, from the report's own Summary table."""
    _, dataset, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    tables = report_tables(dataset, settings=settings, as_of=AS_OF, findings=findings)
    return live_figures(tables.summary)


# One list of keys ------------------------------------------------------------------------------


def test_the_summary_has_a_row_for_each_declared_key_in_order(
    input_dir: Path, settings: Settings
) -> None:
    """With a survey, the Summary sheet's keys are exactly the declared keys, in their order;
    so a key officers may type always has a figure, and a figure always has a key."""
    _, dataset, findings = check_inputs(input_dir, settings=settings, as_of=AS_OF)
    tables = report_tables(dataset, settings=settings, as_of=AS_OF, findings=findings)
    assert list(tables.summary["Key"]) == list(SUMMARY_KEYS)


def test_the_workbooks_doc_lists_exactly_the_keys() -> None:
    """docs/workbooks.md's table of live figures gives every key, in order, and no other."""
    doc = (ROOT / "docs" / "workbooks.md").read_text(encoding="utf-8")
    table = doc.split("| Live figure | What it prints |", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^\| `\{([a-z_]+)\}` \|", table, re.MULTILINE) == list(SUMMARY_KEYS)


def test_the_guidance_sheet_lists_the_keys_for_commentary_text(settings: Settings) -> None:
    """`make templates`' board-report workbook: the Guidance note on Commentary's Text names
    every key in braces."""
    book = load_workbook(io.BytesIO(blank_workbooks(settings.matrix)["board-report.xlsx"]))
    [notes] = [
        row[6]
        for row in book[GUIDANCE].iter_rows(values_only=True)
        if row[:2] == ("Commentary", "Text")
    ]
    assert re.findall(r"\{([a-z_]+)\}", str(notes).split(":", 1)[1]) == list(SUMMARY_KEYS)


# Printing --------------------------------------------------------------------------------------


def test_a_known_key_prints_its_figure_and_other_braces_print_as_typed() -> None:
    figures = {"overdue": "59", "annual_cost": "£454,500"}
    html = str(plain(f"{{overdue}} overdue & <b>{{annual_cost}}</b>.\n\n- {LITERAL}", figures))
    assert html == (
        "<p>59 overdue &amp; &lt;b&gt;£454,500&lt;/b&gt;.</p>\n"
        "<ul><li>Literal: {{overdue}}, {TBC}, { }, {Overdue} and {risk 1}.</li></ul>"
    )


def test_without_figures_the_text_prints_exactly_as_typed() -> None:
    """`plain` with no figures (any text that is not officers' commentary) fills nothing in."""
    assert str(plain("{overdue} items")) == "<p>{overdue} items</p>"


def test_a_key_with_no_figure_this_run_prints_a_dash(tmp_path: Path, settings: Settings) -> None:
    """No survey: the survey's keys have no row in the Summary, and print as a dash."""
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    figures = _summary_of(folder, settings)
    assert "survey_agreement" not in figures
    assert str(plain("{survey_agreement} agree", figures)) == f"<p>{NO_FIGURE} agree</p>"


def test_every_figure_is_as_the_tiles_print_it(input_dir: Path, settings: Settings) -> None:
    """Money with £ and commas, a fraction as a percentage, a count as a number, a change in
    words (a dash with nothing to compare it with)."""
    figures = _summary_of(input_dir, settings)
    assert figures["annual_cost"].startswith("£")
    assert figures["survey_agreement"].endswith("%")
    assert figures["partnerships"] == "1"
    assert re.fullmatch(r"(up|down) \d+ points?|no change|–", figures["survey_agreement_change"])


# The check -------------------------------------------------------------------------------------


def test_an_unknown_key_is_an_error_at_its_cell_listing_the_keys(
    tmp_path: Path, settings: Settings
) -> None:
    folder = write_valid_input(tmp_path / "input")
    write_workbook(
        folder / "board.xlsx",
        {
            "Commentary": [
                {"Report": "Annual", "Section": "Summary", "Text": f"{{overdue}} due. {LITERAL}"},
                {"Report": "Both", "Section": "Summary", "Text": "{overdu} are overdue."},
            ],
            "Recommendations": [
                {
                    "Report": "Annual",
                    "No": 1,
                    "Recommendation": "note {risks} risks.",
                    "Reason": "{due_son} fall due soon.",
                },
            ],
        },
    )
    found = [
        f
        for f in check_inputs(folder, settings=settings, as_of=AS_OF).findings
        if f.rule == "commentary.unknown_figure"
    ]
    assert [(f.file, f.sheet, f.cell, f.severity) for f in found] == [
        ("board.xlsx", "Commentary", "C3", "Error"),
        ("board.xlsx", "Recommendations", "D2", "Error"),
    ]
    assert "“{overdu}”" in found[0].message
    assert "“{due_son}”" in found[1].message
    for f in found:
        listed = re.findall(r"\{([a-z_]+)\}", f.message.split("keys:", 1)[1])
        assert listed == list(SUMMARY_KEYS)


def test_known_keys_and_literal_braces_are_no_finding(tmp_path: Path, settings: Settings) -> None:
    folder = write_valid_input(tmp_path / "input")
    text = " ".join(braced(key) for key in SUMMARY_KEYS) + " " + LITERAL
    write_workbook(
        folder / "board.xlsx",
        {
            "Commentary": [{"Report": "Both", "Section": "Summary", "Text": text}],
            "Recommendations": [
                {"Report": "Both", "No": 1, "Recommendation": text, "Reason": text}
            ],
        },
    )
    found = check_inputs(folder, settings=settings, as_of=AS_OF).findings
    assert [f for f in found if f.sheet in {"Commentary", "Recommendations"}] == []


# The sample ------------------------------------------------------------------------------------

# A number typed before words that a Summary figure counts: a figure that goes stale.
_TYPED_FIGURE = re.compile(
    r"\b\d[\d,]*\s+(?:[a-z-]+\s+){0,3}?(?:overdue|due soon|risks?|partnerships?|"
    r"organisations|responses|checks)\b",
    re.IGNORECASE,
)


def _sample_texts() -> list[str]:
    settings = load_settings(SAMPLE_INPUT)
    dataset = check_inputs(SAMPLE_INPUT, settings=settings, as_of=AS_OF).dataset
    return [
        *dataset.commentary["text"],
        *dataset.recommendations["recommendation"],
        *dataset.recommendations["reason"].dropna(),
    ]


def test_the_samples_commentary_quotes_the_summary_figures_live() -> None:
    """The quarterly summary says how many items are overdue and due soon with live figures,
    and no text of the sample types a number of overdue items, risks, partnerships or
    responses, which would go stale."""
    texts = _sample_texts()
    quarterly = next(text for text in texts if "this quarter" in text)
    assert "{overdue}" in quarterly
    assert "{due_soon}" in quarterly
    typed = [
        match.group()
        for text in texts
        for match in _TYPED_FIGURE.finditer(LIVE_FIGURE.sub("", text))
    ]
    assert typed == []
    used = {key for text in texts for key in LIVE_FIGURE.findall(text)}
    assert {"overdue", "due_soon", "partnerships", "risks", "survey_responses"} <= used
    assert used <= set(SUMMARY_KEYS)


# Rendered and read back ------------------------------------------------------------------------

BOARD_TEXT = (
    "Board: {partnerships} partnerships cost {annual_cost}, with {risks} risks and "
    "{overdue} overdue. " + LITERAL
)


def _input(folder: Path) -> Path:
    """Two partnerships, one exempt with a risk of its own: the public edition's partnerships,
    cost and risks are fewer than the board's."""
    folder.mkdir(parents=True)
    exempt = partnership_row(
        **{"Partnership ID": "P-002", "Partnership": "Confidential partnership",
           "Budget contribution": "£12,500", "Exempt": "Yes",
           "Exempt reason": "Schedule 12A paragraph 3"}
    )  # fmt: skip
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row(), exempt]})
    write_workbook(
        folder / "risks.xlsx",
        {"Risks": [risk_row(), risk_row(**{"Partnership ID": "P-002", "Risk no": 1})]},
    )
    write_workbook(
        folder / "board.xlsx",
        {
            "Commentary": [{"Report": "Both", "Section": "Summary", "Text": BOARD_TEXT}],
            "Recommendations": [
                {
                    "Report": "Both",
                    "No": 1,
                    "Recommendation": "note all {partnerships}.",
                    "Reason": "{risks} risks are recorded.",
                }
            ],
        },
    )
    return folder


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("live")
    arguments = ["report", "--input", str(_input(tmp / "input")), "--output", str(tmp / "out")]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return tmp / "out" / "2026-27-Q3"


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _tiles(html: Path) -> dict[str, str]:
    """The first page's tiles as printed: measure → figure."""
    found = re.findall(
        r'<div class="key-figure">\s*<dt>(.*?)</dt>\s*<dd>(.*?)</dd>',
        html.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    return {measure.strip(): figure.strip() for measure, figure in found}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pdf", "html"),
    [
        ("annual-partnership-report.pdf", "html/annual-partnership-report.html"),
        ("quarterly-governance-report.pdf", "html/quarterly-governance-report.html"),
        ("public/annual-partnership-report.pdf", "public/annual-partnership-report.html"),
    ],
)
def test_each_edition_prints_its_own_tiles_figures(published: Path, pdf: str, html: str) -> None:
    """Each PDF's commentary and recommendation print the figures its own tiles print: the
    board's count the exempt partnership and its risk, the public edition's do not."""
    tiles = _tiles(published / html)
    partnerships = tiles["Partnerships in the register"]
    cost = tiles["What active partnerships cost a year"]
    risks = tiles["Risks recorded (partnerships not closed)"]
    overdue = tiles["Checks and actions overdue"]
    public = pdf.startswith("public/")
    assert (partnerships, risks) == (("1", "1") if public else ("2", "2"))
    assert cost == ("£30,000" if public else "£42,500")
    text = _text(published / pdf)
    sentence = f"Board: {partnerships} partnerships cost {cost}, with {risks} risks and {overdue}"
    assert sentence in text
    assert f"note all {partnerships}." in text
    assert f"Reason: {risks} risks are recorded." in text
    assert LITERAL in text  # the other braces, exactly as typed
    assert "{partnerships}" not in text
