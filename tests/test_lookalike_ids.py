"""Identifiers that look alike (issue 26, item 6).

`P-001` followed by a zero-width space, fullwidth `Ｐ-001`, Cyrillic `Р-001`, `P-\\u202e100` (a
right-to-left override, shown as P-001) and an accent typed as one character or as two were
five different partnerships, and the public register printed five "P-001" rows. IDs compare
by their NFKC form; one with a character that cannot be seen, or a letter from another
alphabet, is refused at its cell, and the message shows what is hidden.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF

from pipeline.characters import id_key, other_alphabet, visible
from pipeline.findings import Finding
from pipeline.run import check_inputs
from pipeline.settings import Settings

ZERO_WIDTH = "P-001\u200b"
FULLWIDTH = "Ｐ-００１"
CYRILLIC = "\u0420-001"  # Р, CYRILLIC CAPITAL LETTER ER
OVERRIDE = "P-\u202e100"  # shown as P-001
COMPOSED, DECOMPOSED = "CAF\u00c9-1", "CAFE\u0301-1"  # É as one character, and as E + ´


def _findings(folder: Path, settings: Settings, *ids: str) -> list[Finding]:
    rows = [
        partnership_row(**{"Partnership ID": pid, "Partnership": f"Partnership {n}"})
        for n, pid in enumerate(ids, start=1)
    ]
    write_workbook(folder / "register.xlsx", {"Partnerships": rows})
    return check_inputs(folder, settings=settings, as_of=AS_OF)[2]


def test_the_five_lookalikes_of_p_001_are_each_refused_once_at_their_cell(
    tmp_path: Path, settings: Settings
) -> None:
    """The issue's register: P-001, then four rows that print as P-001. Each is an error at its
    own cell, one message each; none is a partnership of its own."""
    findings = _findings(tmp_path, settings, "P-001", ZERO_WIDTH, FULLWIDTH, CYRILLIC, OVERRIDE)
    assert [(f.sheet, f.cell, f.rule) for f in findings] == [
        ("Partnerships", "A3", "id.hidden_characters"),
        ("Partnerships", "A4", "id.duplicate"),
        ("Partnerships", "A5", "id.other_alphabet"),
        ("Partnerships", "A6", "id.hidden_characters"),
    ]
    zero_width, fullwidth, cyrillic, override = (f.message for f in findings)
    assert "“P-001⟨U+200B zero width space⟩”" in zero_width
    assert "Partnership ID “P-001” is used by 2 partnerships (register.xlsx › " in fullwidth
    assert "Р (Cyrillic capital letter er)" in cyrillic
    assert "“P-⟨U+202E right-to-left override⟩100”" in override
    assert all("\u200b" not in f.message and "\u202e" not in f.message for f in findings)


def test_an_accent_typed_as_one_character_or_two_is_the_same_id(
    tmp_path: Path, settings: Settings
) -> None:
    """Composed and decomposed Unicode look the same, so they are the same ID: a duplicate."""
    findings = _findings(tmp_path, settings, COMPOSED, DECOMPOSED)
    assert [(f.cell, f.rule) for f in findings] == [("A3", "id.duplicate")]


def test_a_fullwidth_id_elsewhere_finds_its_partnership(tmp_path: Path, settings: Settings) -> None:
    """A risk of `Ｐ-００１` is P-001's, in the register's spelling; a risk of `P-001` with a
    zero-width space is refused once, at its cell, and is not also "not in the Partnerships
    sheet"."""
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [partnership_row()]})
    risks = [
        risk_row(**{"Partnership ID": FULLWIDTH, "Risk no": 1}),
        risk_row(**{"Partnership ID": ZERO_WIDTH.replace("1", "3"), "Risk no": 2}),
    ]
    write_workbook(tmp_path / "risks.xlsx", {"Risks": risks})
    _, dataset, findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)
    assert [(f.sheet, f.cell, f.rule) for f in findings] == [
        ("Risks", "A3", "id.hidden_characters")
    ]
    assert "“P-003⟨U+200B zero width space⟩” holds a character you cannot see" in (
        findings[0].message
    )
    assert dataset.risks["partnership_id"].tolist()[0] == "P-001"


@pytest.mark.parametrize(
    ("typed", "key"),
    [("p-001", "p-001"), (FULLWIDTH, "p-001"), ("P–001", "p-001"), (DECOMPOSED, "café-1")],
)
def test_ids_are_compared_as_they_look(typed: str, key: str) -> None:
    assert id_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "foreign"),
    [("P-001", []), ("Café-1", []), (CYRILLIC, ["\u0420"]), ("PΑ-1", ["Α"]), ("P-٠٠١", ["٠", "١"])],
)
def test_letters_and_digits_of_other_alphabets_are_found(typed: str, foreign: list[str]) -> None:
    assert other_alphabet(typed) == foreign


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("P-001", "P-001"),
        ("a\u00a0b", "a⟨U+00A0 no-break space⟩b"),
        ("\ufeffP", "⟨U+FEFF zero width no-break space⟩P"),
        ("P\u3164", "P⟨U+3164 hangul filler⟩"),
        ("a\tb\nc", "a⟨U+0009 tab⟩b⟨U+000A new line⟩c"),
        ("\x1b[2J", "⟨U+001B escape⟩[2J"),
        ("\x9b", "⟨U+009B control character⟩"),
    ],
)
def test_hidden_characters_are_shown_by_code_and_name(text: str, shown: str) -> None:
    assert visible(text) == shown
