"""No word of a matrix breaks inside itself: the heatmaps, the register and the compliance
grid, printed for matrices from 3×3 to the largest allowed (issue 28).

Each council is built in code and its two PDFs rendered once; pdfplumber reads the
words back. A word of a level, a band or a heading broken over lines shows as the start of
it with the rest in the words under it ("Negl", then "igibl", then "e"), which a test finds.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from builders import agreement_row, member_row, partnership_row, risk_row, write_workbook
from conftest import AS_OF

from pipeline.analyse.tables import report_tables
from pipeline.context import report_context
from pipeline.heatmaps import heatmaps, short_forms
from pipeline.matrices import MATRICES, MAX_BAND_NAME_LENGTH, MAX_LABEL_LENGTH, MAX_LEVELS
from pipeline.periods import financial_quarter
from pipeline.render import render_html, render_pdf
from pipeline.run import check_inputs
from pipeline.settings import load_settings


@dataclass(frozen=True)
class Council:
    """A council's own matrix: its level names and bands (name, from, to), rated by product."""

    impact: tuple[str, ...]
    likelihood: tuple[str, ...]
    bands: tuple[tuple[str, int, int], ...]

    def settings_toml(self) -> str:
        colours = ("#00703c", "#f47738", "#d4351c", "#6f72af", "#0b0c0c", "#1d70b8")
        lines = [
            "[risk]",
            'matrix = "custom"',
            "[risk.custom]",
            f"impact = {list(self.impact)!r}".replace("'", '"'),
            f"likelihood = {list(self.likelihood)!r}".replace("'", '"'),
            'rating = "product"',
        ]
        for number, (name, low, high) in enumerate(self.bands):
            lines += [
                "[[risk.custom.bands]]",
                f'name = "{name}"',
                f"from = {low}",
                f"to = {high}",
                f'colour = "{colours[number % len(colours)]}"',
            ]
        return "\n".join(lines) + "\n"


# Long words, spaces between them, each name as long as the cap allows (or nearly).
_CAP_IMPACT = (
    "Insignificant",
    "Negligible",
    "Minor",
    "Moderate",
    "Considerable",
    "Significant",
    "Serious",
    "Major",
    "Catastrophic",
    "Extraordinary",
)
_CAP_LIKELIHOOD = (
    "Inconceivable",
    "Exceptional",
    "Improbable",
    "Unlikely",
    "Conceivable",
    "Possible",
    "Probable",
    "Likely",
    "Expected",
    "Unavoidable",
)


def _long(word: str, limit: int) -> str:
    """`word` then words of the matrix's own kind, to exactly `limit` characters."""
    text = f"{word} consequences for services, finances and reputation of the partnership"
    return text[:limit].rstrip(" ,").rsplit(" ", 1)[0] if len(text) > limit else text


COUNCILS = {
    "3x3": None,  # charnwood-3x3, the default
    "4x6": None,  # harborough-4x6
    "5x5": Council(
        impact=("Negligible", "Minor", "Moderate", "Major", "Severe"),
        likelihood=("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
        bands=(("Low", 1, 4), ("Medium", 5, 9), ("High", 10, 16), ("Very high", 20, 25)),
    ),
    "6x6": Council(
        impact=("Insignificant", "Minor", "Moderate", "Significant", "Major", "Catastrophic"),
        likelihood=("Very rare", "Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
        bands=(("Low", 1, 4), ("Medium", 5, 10), ("High", 11, 20), ("Very high", 21, 36)),
    ),
    "cap": Council(
        impact=tuple(_long(word, MAX_LABEL_LENGTH) for word in _CAP_IMPACT[:MAX_LEVELS]),
        likelihood=tuple(
            f"{word} in the coming twelve months"[:MAX_LABEL_LENGTH]
            for word in _CAP_LIKELIHOOD[:MAX_LEVELS]
        ),
        bands=(
            ("Acceptable", 1, 9),
            ("Tolerable with monitoring", 10, 24),
            ("Undesirable, escalate"[:MAX_BAND_NAME_LENGTH], 25, 49),
            ("Unacceptable, stop activity"[:MAX_BAND_NAME_LENGTH], 50, 100),
        ),
    ),
}


def write_council(folder: Path, council: str) -> Path:
    """An input folder for `council` (a key of COUNCILS): two key partnerships with risks in
    the matrix's corners and middle, with targets, a suspended and a closed partnership."""
    folder.mkdir(parents=True)
    matrix_settings = {"3x3": "", "4x6": '[risk]\nmatrix = "harborough-4x6"\n'}
    custom = COUNCILS[council]
    text = matrix_settings.get(council) or (custom.settings_toml() if custom else "")
    (folder / "settings.toml").write_text(text, encoding="utf-8")
    matrix = load_settings(folder).matrix
    impacts, likelihoods = len(matrix.impact), len(matrix.likelihood)
    write_workbook(
        folder / "register.xlsx",
        {
            "Partnerships": [
                partnership_row(),
                partnership_row(
                    **{
                        "Partnership ID": "P-002",
                        "Partnership": "Example Health and Wellbeing Board",
                    }
                ),
                partnership_row(
                    **{"Partnership ID": "P-003", "Category": "Service", "Status": "Suspended"}
                ),
                partnership_row(**{"Partnership ID": "P-004", "Status": "Closed"}),
            ],
            "Members": [member_row()],
            "Agreements": [agreement_row()],
        },
    )
    places = {
        (impacts, likelihoods),
        (impacts, 1),
        (1, likelihoods),
        (1, 1),
        ((impacts + 1) // 2, (likelihoods + 1) // 2),
    }
    risks = []
    for partnership in ("P-001", "P-002"):
        for number, (impact, likelihood) in enumerate(sorted(places), start=1):
            risks.append(
                risk_row(
                    **{
                        "Partnership ID": partnership,
                        "Risk no": number,
                        "Inherent impact": impact,
                        "Inherent likelihood": likelihood,
                        "Inherent rating": None,
                        "Residual impact": max(impact - 1, 1),
                        "Residual likelihood": likelihood,
                        "Residual rating": None,
                        "Target impact": 1,
                        "Target likelihood": 1,
                        "Target date": date(2027, 3, 31),
                    }
                )
            )
    write_workbook(folder / "risks.xlsx", {"Risks": risks})
    return folder


DOCUMENTS = ("annual-partnership-report", "quarterly-governance-report")


def render_reports(folder: Path, output: Path) -> dict[str, Path]:
    """The board's two PDFs of the input `folder` as at AS_OF, in `output` (the public
    edition and the workbooks are not made: they print the same heatmaps)."""
    settings = load_settings(folder)
    _, dataset, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    tables = report_tables(dataset, settings=settings, as_of=AS_OF, findings=findings)
    assert tables.heatmap["Risks"].sum() == 2 * len(dataset.risks) > 0  # every risk placed
    context = report_context(
        tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    output.mkdir()
    pdfs = {}
    for document in DOCUMENTS:
        pdfs[document] = output / f"{document}.pdf"
        pdfs[document].write_bytes(render_pdf(render_html(document, context)))
    return pdfs


# The grid's and the register's headings and the words in their narrow columns.
HEADINGS = (
    "Likelihood ↑ / Impact →",
    "Review",
    "Health check",
    "Risk assessment",
    "Performance report",
    "Agreement",
    "Documents in place",
    "Actions overdue",
    "Annual cost",
    "Highest after controls",
    "Lead officer",
    "Proposed Active Suspended Closed",
    "Corporate body Strategic/advisory Working arrangement Partnering contract",
    "In date Overdue Due soon Complete Incomplete",
)
_PUNCTUATION = string.punctuation.replace("/", "") + "·↑→▲–"


def _words(texts: Iterable[str]) -> set[str]:
    """The words of `texts`, split at spaces, without the punctuation around them."""
    return {word.strip(_PUNCTUATION) for text in texts for word in text.split()} - {""}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def _printed_words(pdf: Path) -> list[list[Word]]:
    """Each page's words as pdfplumber reads them, punctuation and a hyphen at the end of a
    line stripped (so that "Negli-" is read "Negli")."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words(x_tolerance=1, y_tolerance=1)
            pages.append(
                [
                    Word(w["text"].strip(_PUNCTUATION), w["x0"], w["x1"], w["top"], w["bottom"])
                    for w in words
                    if w["text"].strip(_PUNCTUATION)
                ]
            )
    return pages


def _below(word: Word, other: Word) -> bool:
    """Whether `other` starts the next line of the box `word` is in: just under it, overlapping
    it from side to side."""
    height = word.bottom - word.top
    gap = other.top - word.bottom
    return -0.2 * height < gap < 0.9 * height and other.x0 < word.x1 and other.x1 > word.x0


def broken_words(pdf: Path, vocabulary: set[str]) -> list[str]:
    """Each word of `vocabulary` printed broken over lines in `pdf`, as "page 5: Negl/igibl/e":
    a word that is the start of one, with the rest of it in the words under it."""
    starts = {word[:cut] for word in vocabulary for cut in range(1, len(word))}
    found = []
    for number, words in enumerate(_printed_words(pdf), start=1):
        chains = [[word] for word in words if word.text in starts]
        while chains:
            chain = chains.pop()
            joined = "".join(piece.text for piece in chain)
            for other in words:
                if not _below(chain[-1], other):
                    continue
                longer = joined + other.text
                if longer in vocabulary:
                    found.append(f"page {number}: " + "/".join(p.text for p in [*chain, other]))
                elif longer in starts:
                    chains.append([*chain, other])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("council", list(COUNCILS))
def test_no_word_of_a_level_band_or_heading_breaks_inside_itself(
    council: str, tmp_path: Path
) -> None:
    """On each matrix from 3×3 to the cap, the annual report's three heatmaps, the key
    partnerships' heatmaps, the quarterly pack's two, the register and the compliance grid
    print every word of a level, a band and a heading whole on one line (the 5×5 printed
    "Negl/igibl/e", the grid "Docume/nts" and the register "Suspende/d"); and each level's and
    band's name is printed whole somewhere, in the headings or in the key under them."""
    folder = write_council(tmp_path / "input", council)
    matrix = load_settings(folder).matrix
    names = [*matrix.impact, *matrix.likelihood, *(band.name for band in matrix.bands)]
    pills = [band.name.upper() for band in matrix.bands]  # as a band's pill prints it
    vocabulary = _words([*names, *pills, *HEADINGS])
    for document, pdf in render_reports(folder, tmp_path / "output").items():
        assert broken_words(pdf, vocabulary) == [], document
        printed = {word.text for page in _printed_words(pdf) for word in page}
        assert _words(names) - printed == set(), document


def test_band_short_forms_are_initials_and_always_tell_bands_apart() -> None:
    """Initials where they differ; else as few first letters as tell the names apart."""
    assert short_forms(["Low", "Medium", "High", "Very high"]) == ["L", "M", "H", "VH"]
    assert short_forms(["Minor", "Moderate", "Major"]) == ["Mi", "Mo", "Ma"]
    assert short_forms(["Low", "Lower", "Lowest"]) == ["1", "2", "3"]


def test_charnwoods_3x3_keeps_every_name_three_to_a_row() -> None:
    """The default matrix looks as it did: three heatmaps to a row in the annual report, two in
    the quarterly pack, every level and band named, no key; even with a county's counts."""
    layouts = heatmaps(MATRICES["charnwood-3x3"], "9,367", "99")
    for layout in [*layouts.main.values(), layouts.mini]:
        assert layout.columns == ["1 Low", "2 Medium", "3 High"]
        assert layout.rows == ["1 Low", "2 Medium", "3 High"]
        assert set(layout.bands.items()) == {("Low", "Low"), ("Medium", "Medium"), ("High", "High")}
        assert layout.key == []
    assert (layouts.main[3].per_row, layouts.main[2].per_row, layouts.mini.wide) == (3, 2, False)
