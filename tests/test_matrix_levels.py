"""Levels on any council's matrix (issue 28): every level a blank template suggests reads as
the level it names, and a level typed as a number with words that name another level is an
error naming the cell, never read by the number alone.

A 5×5 council and a 6×6 council are set up in code, each with its own settings.toml; their
blank templates are generated, and every suggestion they make for a level column (the
drop-down values, the example in the cell prompt and on the Guidance sheet, the number, name
and letters the Guidance sheet offers) is typed into the template's own Risks sheet and read
back through load → normalise → validate.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import partnership_row, write_workbook
from conftest import AS_OF
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from pipeline.blank_workbooks import GUIDANCE, blank_workbooks
from pipeline.cli import main
from pipeline.matrices import RiskMatrix
from pipeline.run import check_inputs
from pipeline.settings import Settings, load_settings
from schemas import SHEETS

RISKS = SHEETS["Risks"]
LEVEL_COLUMNS = [col for col in RISKS.columns if col.scale]


@dataclass(frozen=True)
class Council:
    """A council's own matrix, as its officer would write it in settings.toml."""

    name: str
    impact: tuple[str, ...]
    likelihood: tuple[str, ...]
    bands: tuple[tuple[str, int, int], ...]  # name, from, to

    def settings_toml(self) -> str:
        def listed(labels: tuple[str, ...]) -> str:
            return "[" + ", ".join(f'"{label}"' for label in labels) + "]"

        colours = ("#00703c", "#f47738", "#d4351c", "#942514")
        bands = "".join(
            f'\n[[risk.custom.bands]]\nname = "{name}"\nfrom = {low}\nto = {high}\n'
            f'colour = "{colour}"\n'
            for (name, low, high), colour in zip(self.bands, colours, strict=False)
        )
        return (
            f'[risk]\nmatrix = "custom"\n\n[risk.custom]\nname = "{self.name}"\n'
            f"impact = {listed(self.impact)}\nlikelihood = {listed(self.likelihood)}\n"
            f'rating = "product"\n{bands}'
        )


# The example: Minor, Moderate and Major all start with M; every likelihood level has a
# first letter of its own.
FIVE = Council(
    "our-5x5",
    ("Negligible", "Minor", "Moderate", "Major", "Severe"),
    ("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
    (("Low", 1, 4), ("Medium", 5, 9), ("High", 10, 16), ("Very high", 20, 25)),
)
# Shared first letters on both scales (S, M; V), and a level whose name has a note in brackets.
SIX = Council(
    "our-6x6",
    ("Insignificant", "Minor", "Moderate", "Significant", "Serious", "Critical (life-changing)"),
    ("Very rare", "Rare", "Unlikely", "Possible", "Likely", "Very likely"),
    (("Low", 1, 6), ("Medium", 7, 15), ("High", 16, 36)),
)
COUNCILS = {"5x5": FIVE, "6x6": SIX}


def _settings(folder: Path, council: Council) -> Settings:
    """The council's input/ folder, holding its settings.toml and a register of one
    partnership; its settings as the pipeline loads them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(council.settings_toml(), encoding="utf-8")
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    return load_settings(folder)


def _risk_template(matrix: RiskMatrix) -> bytes:
    return blank_workbooks(matrix)["risk-register.xlsx"]


def _suggestions(template: bytes, matrix: RiskMatrix) -> list[tuple[str, object, int]]:
    """Every (column name, value, level it names) the template suggests for a level column:
    each drop-down value, the prompt's example, and the Guidance sheet's example, number,
    name, number and name, and letters. The level named is worked out from the matrix's own
    labels, not by the pipeline's parser."""
    book = load_workbook(io.BytesIO(template))
    risks, guidance = book["Risks"], book[GUIDANCE]
    headings = [cell.value for cell in risks[1]]
    found: list[tuple[str, object, int]] = []
    checks = {
        headings[column_index_from_string(str(c.sqref).split(":")[0].rstrip("0123456789")) - 1]: c
        for c in risks.data_validations.dataValidation
    }
    notes = {row[1]: row for row in guidance.iter_rows(min_row=2, values_only=True)}
    for col in LEVEL_COLUMNS:
        labels = matrix.labels(col.scale or "")
        by_name = {label: n for n, label in enumerate(labels, start=1)}
        check = checks[col.heading]
        listed = check.formula1.strip('"').split(",")
        # The drop-down: the levels, in order, as the matrix names them.
        assert listed == [f"{n} {label}" for n, label in enumerate(labels, start=1)]
        found += [(col.name, value, n) for n, value in enumerate(listed, start=1)]
        examples = re.findall(r"For example: (.+?)(?:\. Required\.)?$", check.prompt)
        assert len(examples) == (col.example is not None), check.prompt
        found += [(col.name, example, listed.index(example) + 1) for example in examples]
        _, _, _, what, allowed, example, _ = notes[col.heading]
        assert allowed == ", ".join(listed)
        if col.example is not None:
            found.append((col.name, example, listed.index(example) + 1))
        ways = re.search(r"its number \((\d+)\), its name \((.+?)\) or both \((.+?)\)", what)
        assert ways is not None, what
        number, name, both = ways.groups()
        assert by_name[name] == int(number)
        found += [
            (col.name, int(number), int(number)),  # typed in a cell, a number is a number
            (col.name, name, int(number)),
            (col.name, both, int(number)),
        ]
        offered = re.findall(
            r"(\w) \(([^()]+(?:\([^()]*\))?)\)", what.partition("starts with it:")[2]
        )
        unique = {label[0].upper() for label in labels}
        unique = {x for x in unique if [label[0].upper() for label in labels].count(x) == 1}
        assert {letter for letter, _ in offered} == unique, what
        for letter, label in offered:
            assert label.startswith(letter)
            found.append((col.name, letter, by_name[label]))
    return found


def _row(number: int, column: str, value: object, matrix: RiskMatrix) -> dict[str, object]:
    """A Risks row with `value` in `column` and every other level set so that no warning is
    due: residual at or below inherent, target at or below residual, controls recorded."""
    top_impact, top_likelihood = len(matrix.impact), len(matrix.likelihood)
    levels: dict[str, object] = {
        "inherent_impact": top_impact,
        "inherent_likelihood": top_likelihood,
        "residual_impact": 1,
        "residual_likelihood": 1,
    }
    if column.startswith(("residual", "target")):
        levels["residual_impact"], levels["residual_likelihood"] = top_impact, top_likelihood
    if column.startswith("target"):
        levels["target_impact"] = levels["target_likelihood"] = 1
    levels[column] = value
    return {
        "Partnership ID": "P-001",
        "Risk no": number,
        "Risk": f"The risk that suggestion {number} is misread, resulting in a wrong report.",
        "Controls": "Read back through the pipeline",
        "Assessment date": AS_OF,
        **{RISKS.column(name).heading: typed for name, typed in levels.items()},
    }


def _fill_risks(template: bytes, rows: list[dict[str, object]], path: Path) -> None:
    """Type `rows` into the template's Risks sheet, under its own headings."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["Risks"]
    headings = [cell.value for cell in sheet[1]]
    for offset, row in enumerate(rows, start=2):
        for heading, value in row.items():
            sheet.cell(row=offset, column=headings.index(heading) + 1, value=value)
    book.save(path)


@pytest.mark.parametrize("council", list(COUNCILS.values()), ids=list(COUNCILS))
def test_every_level_a_template_suggests_reads_as_the_level_it_names(
    tmp_path: Path, council: Council
) -> None:
    """Each drop-down value, example, number, name and letter the blank risk register offers
    for a level column, typed into it, reads as the level it names, with no finding."""
    folder = tmp_path / "input"
    settings = _settings(folder, council)
    assert settings.matrix.impact == council.impact
    template = _risk_template(settings.matrix)
    suggestions = _suggestions(template, settings.matrix)
    # Every level of both scales is suggested in each level column, at least as a drop-down.
    assert len(suggestions) > 2 * (len(council.impact) + len(council.likelihood))
    rows = [
        _row(number, column, value, settings.matrix)
        for number, (column, value, _) in enumerate(suggestions, start=1)
    ]
    _fill_risks(template, rows, folder / "risk-register.xlsx")
    _, dataset, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert [f"{f.where}: {f.message}" for f in findings] == []
    risks = dataset.risks.set_index("risk_no")
    read = [
        (column, value, int(risks.loc[number, column]))
        for number, (column, value, _) in enumerate(suggestions, start=1)
    ]
    assert read == suggestions


@pytest.mark.parametrize("council", list(COUNCILS.values()), ids=list(COUNCILS))
def test_no_template_text_offers_a_letter_two_levels_share(
    council: Council, tmp_path: Path
) -> None:
    """Nowhere in the risk register's prompts or Guidance is a level column's value a letter
    that more than one level of its scale starts with (the 5×5's `M`)."""
    matrix = _settings(tmp_path / "input", council).matrix
    book = load_workbook(io.BytesIO(_risk_template(matrix)))
    shared = {
        scale: {
            label[0].upper()
            for label in matrix.labels(scale)
            if [other[0].upper() for other in matrix.labels(scale)].count(label[0].upper()) > 1
        }
        for scale in ("impact", "likelihood")
    }
    assert shared["impact"]  # each council has such letters to avoid
    texts = {
        row[1]: " ".join(str(cell or "") for cell in row[3:6])
        for row in book[GUIDANCE].iter_rows(min_row=2, values_only=True)
    }
    prompts = {c.promptTitle: c.prompt for c in book["Risks"].data_validations.dataValidation}
    for col in LEVEL_COLUMNS:
        for text in (texts[col.heading], prompts[col.heading[:32]]):
            for letter in shared[col.scale or ""]:
                assert not re.search(rf"(?<!\w){letter}(?!\w)", text), (letter, text)


# Misread levels ----------------------------------------------------------------------------


def _check(folder: Path, rows: list[dict[str, object]], settings: Settings) -> list[str]:
    """The findings, as printed, of a Risks workbook holding `rows` (levels as overrides)."""
    write_workbook(folder / "risks.xlsx", {"Risks": rows})
    _, _, findings = check_inputs(folder, settings=settings, as_of=AS_OF)
    return [f"{f.where}: {f.message} [{f.rule}]" for f in findings]


def _typed_row(number: int, **levels: object) -> dict[str, object]:
    """A Risks row with inherent and residual levels as typed (residual 1, 1 unless given)."""
    return {
        "Partnership ID": "P-001",
        "Risk no": number,
        "Risk": "The risk that a level is misread, resulting in a wrong heatmap.",
        "Inherent impact": levels.get("impact", 3),
        "Inherent likelihood": levels.get("likelihood", 3),
        "Controls": "Checked",
        "Residual impact": 1,
        "Residual likelihood": 1,
        "Assessment date": AS_OF,
    }


def test_a_number_with_another_levels_name_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    """On the 5×5, Charnwood's `2 – Medium (significant)` and `3 Rare` are errors naming the
    cell, the level the number means and the words typed: one message each, nothing else."""
    folder = tmp_path / "input"
    settings = _settings(folder, FIVE)
    rows = [
        _typed_row(1, likelihood="2 – Medium (significant)"),
        _typed_row(2, likelihood="3 Rare"),
        _typed_row(3, impact="4 (serious)"),
    ]
    likelihood = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(rows[0]).index("Inherent likelihood")]
    impact = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(rows[0]).index("Inherent impact")]
    assert _check(folder, rows, settings) == [
        (
            f"risks.xlsx › Risks › {likelihood}2: “2 – Medium (significant)” gives likelihood "
            "level 2, which is Unlikely on this matrix, not Medium. Type 2, Unlikely, or the "
            "level you meant. [level.words_disagree]"
        ),
        (
            f"risks.xlsx › Risks › {likelihood}3: “3 Rare” gives likelihood level 3, which is "
            "Possible on this matrix, not Rare. Type 3, Possible, or the level you meant. "
            "[level.words_disagree]"
        ),
        (
            f"risks.xlsx › Risks › {impact}4: “4 (serious)” gives impact level 4, which is "
            "Major on this matrix, not (serious). Type 4, Major, or the level you meant. "
            "[level.words_disagree]"
        ),
    ]


@pytest.mark.parametrize(
    ("impact", "likelihood", "expected"),
    [
        ("3 Moderate", "3 Possible", (3, 3)),  # expected: number and name
        ("4 – Major (serious harm)", "5 - Almost certain (over 90%)", (4, 5)),  # labels
        ("2. minor", "1: RARE", (2, 1)),  # edge: other separators, any case
        ("5 Severe", "4) Likely", (5, 4)),  # edge
        ("N", "A", (1, 5)),  # expected: letters no other level starts with
    ],
)
def test_a_number_with_its_own_name_still_reads(
    tmp_path: Path, impact: str, likelihood: str, expected: tuple[int, int]
) -> None:
    """A number followed by that level's name, anything after it in brackets ignored, reads."""
    folder = tmp_path / "input"
    settings = _settings(folder, FIVE)
    assert _check(folder, [_typed_row(1, impact=impact, likelihood=likelihood)], settings) == []
    _, dataset, _ = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert tuple(dataset.risks.loc[0, ["inherent_impact", "inherent_likelihood"]]) == expected


def test_m_on_a_five_by_five_names_no_level(tmp_path: Path) -> None:
    """The old template's `M` is Minor, Moderate or Major on the 5×5: an error listing the
    levels, with the letters that do read."""
    folder = tmp_path / "input"
    settings = _settings(folder, FIVE)
    [message] = _check(folder, [_typed_row(1, impact="M")], settings)
    assert "“M” is not a level of the impact scale in the our-5x5 matrix" in message
    assert "1 Negligible (N), 2 Minor, 3 Moderate, 4 Major, 5 Severe (S)" in message


def test_charnwood_labels_still_read_on_charnwood(tmp_path: Path) -> None:
    """On the default matrix the Charnwood template's labels read as before."""
    folder = tmp_path / "input"
    folder.mkdir()
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    settings = load_settings(folder)
    rows = [_typed_row(1, impact="3 – High (critical)", likelihood="2 – Medium (significant)")]
    assert _check(folder, rows, settings) == []
    _, dataset, _ = check_inputs(folder, settings=settings, as_of=AS_OF)
    assert tuple(dataset.risks.loc[0, ["inherent_impact", "inherent_likelihood"]]) == (3, 2)


@pytest.mark.slow
def test_make_templates_for_a_five_by_five_council(tmp_path: Path) -> None:
    """`templates` run on the 5×5 council's input/ folder writes a risk register whose prompts
    and Guidance give its own levels."""
    folder = tmp_path / "input"
    _settings(folder, FIVE)
    assert main(["templates", "--input", str(folder), "--output", str(tmp_path / "out")]) == 0
    book = load_workbook(tmp_path / "out" / "templates" / "risk-register.xlsx")
    guidance = {row[1]: row for row in book[GUIDANCE].iter_rows(min_row=2, values_only=True)}
    assert guidance["Inherent impact"][5] == "2 Minor"
    assert guidance["Target likelihood"][5] == "1 Rare"
    assert "N (Negligible), S (Severe)" in guidance["Inherent impact"][3]
