"""The bad-input corpus: at least one case per rule, each built in code, each naming its place.

Officers type `£30,000`, `3 March 2026` and `Y`; they also type `03/14/2026`, leave formulas
uncalculated, paste markup and emoji. Every problem is a finding that says where it is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from builders import (
    action_row,
    agreement_row,
    member_row,
    partnership_row,
    question_row,
    response_row,
    risk_row,
    write_workbook,
)
from conftest import AS_OF, ROOT
from openpyxl import Workbook, load_workbook

from pipeline.findings import Finding
from pipeline.run import check_inputs
from pipeline.settings import Settings
from schemas.rules import PRINTED_TEXT_LIMIT, RULES


def check(folder: Path, settings: Settings) -> list[Finding]:
    return check_inputs(folder, settings=settings, as_of=AS_OF)[2]


def register(folder: Path, **overrides: object) -> None:
    write_workbook(folder / "register.xlsx", {"Partnerships": [partnership_row(**overrides)]})


def letter(row: dict[str, object], heading: str) -> str:
    return chr(ord("A") + list(row).index(heading))


def test_a_formula_with_no_stored_value_is_an_error_saying_to_save_the_workbook(
    tmp_path: Path, settings: Settings
) -> None:
    """A formula never calculated (saved by a program, not by Excel) is refused with advice."""
    register(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    row = risk_row()
    sheet.append(list(row))
    values = list(row.values())
    values[list(row).index("Residual rating")] = "=M2*N2"
    sheet.append(values)
    book.save(tmp_path / "risks.xlsx")
    [found] = check(tmp_path, settings)
    assert (found.sheet, found.cell, found.rule) == (
        "Risks",
        f"{letter(row, 'Residual rating')}2",
        "value.formula_without_value",
    )
    assert "save it" in found.message


@pytest.mark.parametrize("answer", [7, 0, "Sometimes", "3.5"])
def test_an_answer_off_the_scale_is_an_error_naming_its_cell(
    tmp_path: Path, settings: Settings, answer: object
) -> None:
    """Scale answers are 1–5 or the agreement words; anything else is refused at its cell."""
    register(tmp_path)
    write_workbook(
        tmp_path / "survey.xlsx",
        {"Questions": [question_row()], "Responses": [response_row(Q1=answer)]},
    )
    [found] = check(tmp_path, settings)
    assert (found.sheet, found.cell, found.column, found.rule) == (
        "Responses",
        "E2",
        "Q1",
        "answer.not_on_scale",
    )
    assert f"“{answer}”" in found.message


@pytest.mark.parametrize(
    "answer", ["Don't know", "N/A", "n/a", None, "strongly AGREE", 5, "5"], ids=repr
)
def test_no_answer_and_answers_in_any_form_are_accepted(
    tmp_path: Path, settings: Settings, answer: object
) -> None:
    """Don't know, N/A and blank are no answer; words and digits in any case are answers."""
    register(tmp_path)
    write_workbook(
        tmp_path / "survey.xlsx",
        {"Questions": [question_row()], "Responses": [response_row(Q1=answer)]},
    )
    assert check(tmp_path, settings) == []


def test_text_questions_take_any_answer(tmp_path: Path, settings: Settings) -> None:
    """A Text question's answers are listed, not scored, so any text is fine."""
    register(tmp_path)
    write_workbook(
        tmp_path / "survey.xlsx",
        {
            "Questions": [question_row(Kind="Text")],
            "Responses": [response_row(Q1="More notice of consultations, please")],
        },
    )
    assert check(tmp_path, settings) == []


def test_duplicate_ids_within_a_year_and_a_workbook(tmp_path: Path, settings: Settings) -> None:
    """A Response ID twice in one year, and a Question ID twice in one workbook, are errors."""
    register(tmp_path)
    write_workbook(
        tmp_path / "survey.xlsx",
        {
            "Questions": [question_row(), question_row()],
            "Responses": [response_row(), response_row()],
        },
    )
    assert sorted((f.sheet, f.cell, f.rule) for f in check(tmp_path, settings)) == [
        ("Questions", "A3", "question.duplicate_id"),
        ("Responses", "A3", "response.duplicate_id"),
    ]


def test_the_same_response_id_in_two_years_is_fine(tmp_path: Path, settings: Settings) -> None:
    """Response IDs are unique within their survey year only."""
    register(tmp_path)
    write_workbook(
        tmp_path / "survey.xlsx",
        {
            "Questions": [question_row()],
            "Responses": [response_row(), response_row(**{"Survey year": 2025})],
        },
    )
    assert check(tmp_path, settings) == []


def test_an_end_date_before_the_start_date_is_an_error(tmp_path: Path, settings: Settings) -> None:
    """End before start is refused at the end date's cell, quoting both dates."""
    register(tmp_path, **{"End date": date(2010, 1, 1)})
    [found] = check(tmp_path, settings)
    assert (found.cell, found.rule) == (
        f"{letter(partnership_row(**{'End date': 1}), 'End date')}2",
        "date.end_before_start",
    )
    assert "01/01/2010" in found.message
    assert "01/04/2015" in found.message


def test_a_missing_sheet_hides_its_follow_on_errors(tmp_path: Path, settings: Settings) -> None:
    """A register whose heading row is wrong is one error, not one per risk that names it."""
    row = partnership_row()
    del row["Partnership ID"]
    write_workbook(tmp_path / "register.xlsx", {"Partnerships": [row]})
    write_workbook(tmp_path / "risks.xlsx", {"Risks": [risk_row(), risk_row(**{"Risk no": 2})]})
    assert [f.rule for f in check(tmp_path, settings)] == ["sheet.headings_missing"]


def test_a_missing_questions_sheet_hides_unknown_question_errors(
    tmp_path: Path, settings: Settings
) -> None:
    """Answers cannot be checked against a Questions sheet that could not be read."""
    register(tmp_path)
    write_workbook(
        tmp_path / "survey.xlsx",
        {"Questions": [{"Question ID": "Q1", "Wording": "x"}], "Responses": [response_row()]},
    )
    assert [f.rule for f in check(tmp_path, settings)] == ["sheet.headings_missing"]


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="file:///etc/passwd">',
    "{{ 7*7 }} {% if true %}",
    "+44 1509 000000",
    "Cyngor Cymuned Llanfair — Ymgynghori â’r cyngor",
    "Parish council 🏡✅",
    "مجلس الرعية",
    "x" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_a_free_text_column_is_read_as_it_is(
    tmp_path: Path, settings: Settings, text: str
) -> None:
    """Markup, template syntax, formula-looking text, Welsh, emoji, right-to-left and very long
    text are just text: read whole, never run."""
    register(tmp_path, Partnership=text, Comments=text)
    _, dataset, findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)
    too_long = len(text) > PRINTED_TEXT_LIMIT  # read whole; only the PDFs cut it, and say so
    assert [f.rule for f in findings] == ["text.too_long"] * 2 * too_long
    assert dataset.partnerships.loc[0, "partnership"] == text


@pytest.mark.parametrize("text", HOSTILE[:3], ids=range(3))
def test_hostile_text_in_a_choice_column_is_quoted_in_the_message(
    tmp_path: Path, settings: Settings, text: str
) -> None:
    """Where the text is not an allowed value, the message quotes it exactly, at its cell."""
    register(tmp_path, Category=text)
    [found] = check(tmp_path, settings)
    assert (found.cell, found.rule) == (
        f"{letter(partnership_row(), 'Category')}2",
        "value.not_allowed",
    )
    assert f"“{text}”" in found.message


def test_formula_looking_text_stays_text(tmp_path: Path, settings: Settings) -> None:
    """Text that starts with = (typed as '=… in Excel) is read as the text it is."""
    text = '=HYPERLINK("http://example.com","click")'
    register(tmp_path)
    book = load_workbook(tmp_path / "register.xlsx")
    cell = book["Partnerships"][f"{letter(partnership_row(), 'Partnership')}2"]
    cell.value = text
    cell.data_type = "s"
    book.save(tmp_path / "register.xlsx")
    _, dataset, findings = check_inputs(tmp_path, settings=settings, as_of=AS_OF)
    assert findings == []
    assert dataset.partnerships.loc[0, "partnership"] == text


@pytest.mark.parametrize(
    ("sheet", "row"),
    [
        ("Members", member_row(Sector="Charity")),
        ("Agreements", agreement_row(Commitment="Sort of")),
        ("Actions", action_row(Due="soon")),
    ],
)
def test_the_other_register_sheets_check_their_values(
    tmp_path: Path, settings: Settings, sheet: str, row: dict[str, object]
) -> None:
    """Members, Agreements and Actions values are checked like the register's."""
    register(tmp_path)
    write_workbook(tmp_path / "more.xlsx", {sheet: [row]})
    [found] = check(tmp_path, settings)
    assert found.sheet == sheet
    assert found.cell.endswith("2")


def test_every_rule_in_the_catalogue_is_exercised_by_a_test() -> None:
    """Each rule code appears in at least one test, so none is documented but untested."""
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    untested = sorted(code for code in RULES if f'"{code}"' not in tests)
    assert untested == []


def test_a_website_typed_www_is_read_as_https_with_a_warning(
    tmp_path: Path, settings: Settings
) -> None:
    """It no longer blocks the board pack: a warning at its cell, the reports published."""
    register(tmp_path, Website="www.example.org.uk")
    [found] = check(tmp_path, settings)
    assert (found.rule, found.severity, found.column) == (
        "url.www_read_as_https",
        "Warning",
        "Website",
    )
    assert "read as https://www.example.org.uk" in found.message
