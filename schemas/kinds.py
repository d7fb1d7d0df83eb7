"""The kinds of value officers type, each described once: how it is read, how it is stored,
what the data dictionary says about it, and how a blank template checks it in Excel.

normalise reads `dtype`, the data dictionary and the templates' Guidance sheet
and input messages read `description`, and pipeline/blank_workbooks.py reads `excel`. A
column says which kind it is (`column(kind=...)` in schemas/_columns.py); `KINDS` is keyed
by that Kind. How each kind is read is pipeline.parsers.PARSERS: the contract imports
nothing from the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from schemas._columns import Kind


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
    """One kind of value: its pandas dtype, description and Excel check (its parser is
    pipeline.parsers.PARSERS[kind])."""

    dtype: str
    description: str  # what to type, in the data dictionary and the templates
    excel: ExcelCheck
    words: tuple[str, ...] = ()  # the words every column of the kind offers (Yes, No)


_FIRST_DATE: Final = 32874  # 1 January 1990 as an Excel serial
_LAST_DATE: Final = 73050  # 31 December 2099
_LIST: Final = ExcelCheck("list", error="Choose one of: {choices}.")
_TEXT_CELLS: Final = ExcelCheck("none", number_format="@")  # IDs such as 001 stay as typed

KINDS: Final[Mapping[Kind, ValueKind]] = {
    Kind.TEXT: ValueKind("str", "text", _TEXT_CELLS),
    Kind.ID: ValueKind(
        "str",
        "an ID such as P-001, compared ignoring case and the width of its characters; one "
        "holding a character that cannot be seen, or a letter from another alphabet than "
        "A to Z's, is refused",
        _TEXT_CELLS,
    ),
    Kind.PROSE: ValueKind(
        "str",
        "plain text: a blank line starts a paragraph, a line starting “- ” is a bullet; "
        "everything else prints as typed",
        _TEXT_CELLS,
    ),
    Kind.CHOICE: ValueKind(
        "str",
        "one of the listed values",
        ExcelCheck("list", error=_LIST.error, number_format="@"),
    ),
    Kind.DATE: ValueKind(
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
        "boolean",
        "Yes/No (Y/N, True/False, 1/0); blank = not known",
        _LIST,
        words=("Yes", "No"),
    ),
    Kind.MONEY: ValueKind(
        "float64",
        "£ amount (£30,000), not negative",
        ExcelCheck("decimal", (0, 1_000_000_000), "Type a number from {low} to {high}.", "£#,##0"),
    ),
    Kind.NUMBER: ValueKind(
        "float64",
        "number",
        ExcelCheck("decimal", (0, 1_000_000_000), "Type a number from {low} to {high}."),
    ),
    Kind.WHOLE_NUMBER: ValueKind(
        "Int64",
        "whole number",
        ExcelCheck("whole", (0, 1_000_000), "Type a whole number from {low} to {high}."),
    ),
    Kind.LEVEL: ValueKind(
        "Int64",
        "a level of the council's risk matrix: its number, its name, its number then its name, "
        "or its first letter where no other level of that scale starts with it",
        _LIST,
    ),
    Kind.RATING: ValueKind("float64", "number; checked against the matrix", ExcelCheck("none")),
    Kind.RISK_TYPES: ValueKind(
        "str",
        "letters R F S L T E P, separated by commas",
        _TEXT_CELLS,
    ),
    Kind.URL: ValueKind("str", "web address starting http:// or https://", _TEXT_CELLS),
    Kind.EMAIL: ValueKind("str", "e-mail address, such as name@council.gov.uk", _TEXT_CELLS),
}
