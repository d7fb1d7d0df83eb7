"""Target ratings and risk appetite as officers type them (WORKBOOKS.md §3 and §5): each
problem a plain message with its cell or settings key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from builders import partnership_row, risk_row, write_workbook
from conftest import AS_OF

from pipeline.findings import Finding
from pipeline.matrices import MATRICES
from pipeline.run import check_inputs
from pipeline.settings import Settings, SettingsError, load_settings


def check(folder: Path, settings: Settings, **target: object) -> list[Finding]:
    """The findings of one risk (inherent 2×2 = 5, residual 1×2 = 2) with these columns."""
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row()]})
    write_workbook(folder / "risks.xlsx", {"Risks": [risk_row(**target)]})
    return check_inputs(folder, settings=settings, as_of=AS_OF)[2]


def column_of(heading: str, **target: object) -> str:
    return chr(ord("A") + list(risk_row(**target)).index(heading))


@pytest.mark.parametrize(
    "target",
    [
        {"Target impact": "L", "Target likelihood": "L", "Target date": date(2027, 3, 31)},
        {"Target impact rating": 1, "Target L'hood": "Low", "Target score date": "31/03/2027"},
        {"Target impact": "1 – Low", "Target likelihood": "l"},  # no date: no check, no message
    ],
    ids=["letters", "other-headings", "no-date"],
)
def test_targets_as_officers_type_them_are_accepted(
    tmp_path: Path, settings: Settings, target: dict[str, object]
) -> None:
    assert check(tmp_path, settings, **target) == []


@pytest.mark.parametrize("blank", ["Target impact", "Target likelihood"])
def test_one_target_level_without_the_other_is_an_error_at_the_blank_cell(
    tmp_path: Path, settings: Settings, blank: str
) -> None:
    target = {"Target impact": "L", "Target likelihood": "L", blank: None}
    [found] = check(tmp_path, settings, **target)
    assert (found.rule, found.severity) == ("risk.target_half", "Error")
    assert found.cell == f"{column_of(blank, **target)}2"


def test_a_target_level_not_on_the_matrix_is_an_error(tmp_path: Path, settings: Settings) -> None:
    target = {"Target impact": "Tiny", "Target likelihood": "L"}
    [found] = check(tmp_path, settings, **target)
    assert (found.rule, found.cell) == ("level.unknown", f"{column_of('Target impact', **target)}2")
    assert "“Tiny” is not a level of the impact scale" in found.message


def test_an_unreadable_target_date_is_an_error(tmp_path: Path, settings: Settings) -> None:
    target = {"Target impact": "L", "Target likelihood": "L", "Target date": "next spring"}
    [found] = check(tmp_path, settings, **target)
    assert (found.rule, found.cell) == ("date.not_a_date", f"{column_of('Target date', **target)}2")


def test_a_target_above_the_residual_rating_is_a_warning(
    tmp_path: Path, settings: Settings
) -> None:
    """Residual 1×2 = 2; a target of 3×3 = 9 is above it. Equal to it says nothing."""
    [found] = check(tmp_path, settings, **{"Target impact": "H", "Target likelihood": "H"})
    assert (found.rule, found.severity) == ("risk.target_above_residual", "Warning")
    assert "Target rating 9 is higher than the residual rating 2" in found.message
    assert (
        check(tmp_path / "equal", settings, **{"Target impact": "L", "Target likelihood": "M"})
        == []
    )


def test_a_target_date_with_no_target_levels_is_a_warning(
    tmp_path: Path, settings: Settings
) -> None:
    [found] = check(tmp_path, settings, **{"Target date": date(2027, 3, 31)})
    assert (found.rule, found.severity) == ("risk.target_date_without_target", "Warning")
    assert "31/03/2027" in found.message


# [risk] appetite ---------------------------------------------------------------------------


@pytest.mark.parametrize(("matrix", "appetite"), [("charnwood-3x3", 6), ("harborough-4x6", 11)])
def test_the_default_appetite_is_the_top_of_the_band_below_the_top(
    tmp_path: Path, matrix: str, appetite: int
) -> None:
    (tmp_path / "settings.toml").write_text(f'[risk]\nmatrix = "{matrix}"\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.appetite == appetite == MATRICES[matrix].default_appetite


CUSTOM = """[risk]
matrix = "custom"
[risk.custom]
name = "Our 5x5"
impact = ["1", "2", "3", "4", "5"]
likelihood = ["1", "2", "3", "4", "5"]
rating = "product"
bands = [
  { name = "Green", from = 1, to = 4, colour = "#00703c" },
  { name = "Amber", from = 5, to = 9, colour = "#f47738" },
  { name = "Orange", from = 10, to = 14, colour = "#f47738" },
  { name = "Red", from = 15, to = 25, colour = "#d4351c" },
]
"""


def test_a_custom_matrix_gets_the_top_of_its_second_highest_band(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(CUSTOM, encoding="utf-8")
    assert load_settings(tmp_path).appetite == 14


def test_an_appetite_given_is_used(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("[risk]\nappetite = 4\n", encoding="utf-8")
    assert load_settings(tmp_path).appetite == 4


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0", "[risk] appetite = 0 must be a whole number from 1 to 9"),
        ("10", "[risk] appetite = 10 must be a whole number from 1 to 9"),
        ('"six"', "Write it as a plain number, without quotes."),
        ("6.5", "must be a whole number from 1 to 9"),
        ("true", "must be a whole number from 1 to 9"),
    ],
    ids=["zero", "above-the-highest-rating", "text", "fraction", "boolean"],
)
def test_an_appetite_off_the_matrix_is_a_settings_error(
    tmp_path: Path, typed: str, says: str
) -> None:
    (tmp_path / "settings.toml").write_text(f"[risk]\nappetite = {typed}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    assert says in str(raised.value)
    assert "(left out, it is 6)" in str(raised.value)
