"""The kinds of value officers type, each described once: how it is read, how it is stored,
what the data dictionary says about it, and how a blank template checks it in Excel.

normalise reads `parse` and `dtype`, the data dictionary and the templates' Guidance sheet
and input messages read `description`, and pipeline/blank_workbooks.py reads `excel`. A
column says which kind it is (`column(kind=...)` in schemas/_columns.py); `KINDS` is keyed
by that Kind. It is not imported by `schemas/__init__.py`: the parsers read the contract's
own vocabulary (risk types, agreement words), so the contract cannot import them first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from pipeline.parsers import (
    Parsed,
    parse_choice,
    parse_id,
    parse_level,
    parse_money,
    parse_number,
    parse_rating,
    parse_risk_types,
    parse_text,
    parse_uk_date,
    parse_url,
    parse_whole_number,
    parse_yes_no,
)
from schemas._columns import Kind

# A kind's parser: (the cell as typed, the words its column allows) → the typed value or
# the rule it breaks. The words are a CHOICE column's choices or the matrix scale's level
# names for a LEVEL column; the other kinds read a value alone.
Parser = Callable[[object, tuple[str, ...]], Parsed[Any]]


def _alone(parse: Callable[[object], Parsed[Any]]) -> Parser:
    """A parser that needs no list of words."""
    return lambda typed, _words: parse(typed)


@dataclass(frozen=True, slots=True)
class ExcelCheck:
    """A blank template's data validation for a kind (openpyxl's `DataValidation`).

    `type` is Excel's (list, date, decimal, whole, none); `bounds` the range a date or
    number must be in, unless its column's own checks say otherwise; `error` the message
    when a typed value is refused ({choices}, {low} and {high} filled in); `number_format`
    how its cells are formatted (None: Excel's General).
    """

    type: str
    bounds: tuple[int, int] | None = None
    error: str | None = None
    number_format: str | None = None


@dataclass(frozen=True, slots=True)
class ValueKind:
    """One kind of value: its parser, pandas dtype, description and Excel check."""

    parse: Parser
    dtype: str
    description: str  # what to type, in the data dictionary and the templates
    excel: ExcelCheck
    words: tuple[str, ...] = ()  # the words every column of the kind offers (Yes, No)


_FIRST_DATE: Final = 32874  # 1 January 1990 as an Excel serial
_LAST_DATE: Final = 73050  # 31 December 2099
_LIST: Final = ExcelCheck("list", error="Choose one of: {choices}.")
_TEXT_CELLS: Final = ExcelCheck("none", number_format="@")  # IDs such as 001 stay as typed

KINDS: Final[Mapping[Kind, ValueKind]] = {
    Kind.TEXT: ValueKind(_alone(parse_text), "str", "text", _TEXT_CELLS),
    Kind.ID: ValueKind(
        _alone(parse_id),
        "str",
        "an ID such as P-001, compared ignoring case and the width of its characters; one "
        "holding a character that cannot be seen, or a letter from another alphabet than "
        "A to Z's, is refused",
        _TEXT_CELLS,
    ),
    Kind.PROSE: ValueKind(
        _alone(parse_text),
        "str",
        "plain text: a blank line starts a paragraph, a line starting “- ” is a bullet; "
        "everything else prints as typed",
        _TEXT_CELLS,
    ),
    Kind.CHOICE: ValueKind(
        parse_choice,
        "str",
        "one of the listed values",
        ExcelCheck("list", error=_LIST.error, number_format="@"),
    ),
    Kind.DATE: ValueKind(
        _alone(parse_uk_date),
        "datetime64[s]",
        "date, day first (3/3/2026, 3 March 2026)",
        ExcelCheck(
            "date",
            (_FIRST_DATE, _LAST_DATE),
            "Type a date, day first, such as 3/3/2026.",
            "dd/mm/yyyy",
        ),
    ),
    Kind.YES_NO: ValueKind(
        _alone(parse_yes_no),
        "boolean",
        "Yes/No (Y/N, True/False, 1/0); blank = not known",
        _LIST,
        words=("Yes", "No"),
    ),
    Kind.MONEY: ValueKind(
        _alone(parse_money),
        "float64",
        "£ amount (£30,000), not negative",
        ExcelCheck("decimal", (0, 1_000_000_000), "Type a number from {low} to {high}.", "£#,##0"),
    ),
    Kind.NUMBER: ValueKind(
        _alone(parse_number),
        "float64",
        "number",
        ExcelCheck("decimal", (0, 1_000_000_000), "Type a number from {low} to {high}."),
    ),
    Kind.WHOLE_NUMBER: ValueKind(
        _alone(parse_whole_number),
        "Int64",
        "whole number",
        ExcelCheck("whole", (0, 1_000_000), "Type a whole number from {low} to {high}."),
    ),
    Kind.LEVEL: ValueKind(
        parse_level, "Int64", "a level of the risk matrix (number, word, initial or label)", _LIST
    ),
    Kind.RATING: ValueKind(
        _alone(parse_rating), "float64", "number; checked against the matrix", ExcelCheck("none")
    ),
    Kind.RISK_TYPES: ValueKind(
        _alone(parse_risk_types),
        "str",
        "letters R F S L T E P, separated by commas",
        _TEXT_CELLS,
    ),
    Kind.URL: ValueKind(
        _alone(parse_url), "str", "web address starting http:// or https://", _TEXT_CELLS
    ),
}
