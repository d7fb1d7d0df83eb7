"""Parsers for what officers type: UK dates, £ amounts, Yes/No, matrix levels and the rest.

Each takes a cell's value as read and returns a `Parsed`: the typed value (None for blank) or
the code of the rule the value breaks (schemas/rules.py). They never raise. normalise.py
applies them column by column.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final, Generic, TypeVar

from pipeline.characters import described, hidden_characters, other_alphabet
from schemas._columns import Kind
from schemas.risks import RISK_TYPES
from schemas.survey import AGREEMENT_WORDS, NO_ANSWER_WORDS

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A parser's answer: a value (None = blank), or the rule the typed value breaks."""

    value: T | None = None
    rule: str = ""
    detail: Mapping[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.rule


BLANK: Final[Parsed[Any]] = Parsed()


def clean_text(typed: object) -> str:
    """Text as the pipeline compares it: non-breaking spaces made spaces, trimmed."""
    if isinstance(typed, float) and typed.is_integer():
        typed = int(typed)
    if isinstance(typed, (datetime, date)):
        return typed.strftime("%d/%m/%Y")
    return str(typed).replace("\u00a0", " ").strip()


def is_blank(typed: object) -> bool:
    if typed is None:
        return True
    if isinstance(typed, float) and math.isnan(typed):
        return True
    return isinstance(typed, str) and not clean_text(typed)


def parse_text(typed: object) -> Parsed[str]:
    if isinstance(typed, str):  # most cells: cleaned once, not once to test and once to keep
        text = clean_text(typed)
        return Parsed(text) if text else BLANK
    if is_blank(typed):
        return BLANK
    return Parsed(clean_text(typed))


def parse_id(typed: object) -> Parsed[str]:
    """An ID (`P-001`, `Q1`, `R-12`) in its NFKC form, so fullwidth `Ｐ-001` and an accent typed
    as two characters read as they look. One holding a character that cannot be seen, or a
    letter or digit from another alphabet (Cyrillic `Р-001`), is refused: it would be a
    different ID from the one it looks like."""
    parsed = parse_text(typed)
    if parsed.value is None:
        return parsed
    if hidden_characters(parsed.value):
        return Parsed(rule="id.hidden_characters")
    if foreign := other_alphabet(parsed.value):
        return Parsed(
            rule="id.other_alphabet",
            detail={"letters": ", ".join(map(described, foreign))},
        )
    return Parsed(unicodedata.normalize("NFKC", parsed.value))


# Dates -------------------------------------------------------------------------------------

_MONTHS: Final = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORDY_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{2,4})$")
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]m)?$", re.IGNORECASE)
EXCEL_EPOCH: Final = date(1899, 12, 30)


def _full_year(year: int) -> int:
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _make_date(year: int, month: int, day: int) -> Parsed[date]:
    """The date, or `date.impossible` naming the part that cannot be: "there is no month 13",
    "February 2026 has 28 days"."""
    why = _impossible_part(year, month, day)
    if why:
        return Parsed(rule="date.impossible", detail={"why": why})
    return Parsed(date(year, month, day))


def _impossible_part(year: int, month: int, day: int) -> str:
    """What makes day/month/year no date, in words ("" when it is one). The month is checked
    first: with no such month, its number of days means nothing."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    if year < 1:
        return f"there is no year {year}"
    days = calendar.monthrange(year, month)[1]
    if day <= days:
        return ""
    name = calendar.month_name[month]
    # February's length depends on the year; the other months' never do.
    return f"{name} {year} has {days} days" if month == 2 else f"{name} has {days} days"


def parse_uk_date(typed: object) -> Parsed[date]:
    """A date as officers type it, day first always; a time part is dropped.

    Real Excel dates, 03/03/2026, 3/3/26, 2026-03-03, 3 March 2026, 3 Mar 2026.
    """
    if is_blank(typed):
        return BLANK
    if isinstance(typed, datetime):
        return Parsed(typed.date())
    if isinstance(typed, date):
        return Parsed(typed)
    if isinstance(typed, bool):
        return Parsed(rule="date.not_a_date")
    if isinstance(typed, int | float):
        # A date pasted as a number: an Excel serial from 1990 to 2100.
        if 32874 <= typed <= 73051 and float(typed).is_integer():
            return Parsed(EXCEL_EPOCH + timedelta(days=int(typed)))
        return Parsed(rule="date.not_a_date")
    text = _TIME_PART.sub("", clean_text(typed)).strip()
    if match := _NUMERIC_DATE.match(text):
        first, second, third = (int(part) for part in match.groups())
        if len(match.group(1)) == 4:  # 2026-03-03: ISO, year first
            return _make_date(first, second, third)
        if len(match.group(3)) not in (2, 4):
            return Parsed(rule="date.not_a_date")
        if second > 12 and first <= 12:
            return Parsed(rule="date.month_first")
        return _make_date(_full_year(third), second, first)
    if match := _WORDY_DATE.match(text):
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.casefold())
        if month is None:
            return Parsed(rule="date.not_a_date")
        return _make_date(_full_year(int(year)), month, int(day))
    return Parsed(rule="date.not_a_date")


# Yes/No, money, numbers ------------------------------------------------------------------

_YES: Final = {"yes", "y", "true", "1"}
_NO: Final = {"no", "n", "false", "0"}


def parse_yes_no(typed: object) -> Parsed[bool]:
    """Yes/No/Y/N/True/False/1/0; blank is *not known* (None), which is not No."""
    if is_blank(typed):
        return BLANK
    if isinstance(typed, bool):
        return Parsed(typed)
    word = clean_text(typed).casefold()
    if word in _YES:
        return Parsed(True)
    if word in _NO:
        return Parsed(False)
    return Parsed(rule="yes_no.not_yes_no")


_MONEY = re.compile(r"^(-)?£?(-)?(\d[\d,]*(\.\d+)?|\.\d+)$")


def parse_money(typed: object) -> Parsed[float]:
    """£30,000 → 30000.0; 30000.00 → 30000.0; negative → problem `money.negative`."""
    if is_blank(typed):
        return BLANK
    if isinstance(typed, bool):
        return Parsed(rule="money.not_a_number")
    if isinstance(typed, int | float):
        amount = float(typed)
    else:
        text = clean_text(typed).replace(" ", "")
        negative = text.startswith("(") and text.endswith(")")
        match = _MONEY.match(text.strip("()"))
        if not match:
            return Parsed(rule="money.not_a_number")
        amount = float(match.group(3).replace(",", ""))
        if negative or match.group(1) or match.group(2):
            amount = -amount
    if amount < 0:
        return Parsed(rule="money.negative")
    return Parsed(amount)


def parse_number(typed: object) -> Parsed[float]:
    if is_blank(typed):
        return BLANK
    if isinstance(typed, bool):
        return Parsed(rule="number.not_a_number")
    if isinstance(typed, int | float):
        return Parsed(float(typed))
    try:
        return Parsed(float(clean_text(typed).replace(",", "")))
    except ValueError:
        return Parsed(rule="number.not_a_number")


def parse_whole_number(typed: object) -> Parsed[int]:
    number = parse_number(typed)
    if number.value is None:
        return Parsed(rule=number.rule)
    if not float(number.value).is_integer():
        return Parsed(rule="number.not_whole")
    return Parsed(int(number.value))


def parse_rating(typed: object) -> Parsed[float]:
    """A typed rating: a number, or ignored with a warning (the matrix decides)."""
    number = parse_number(typed)
    return Parsed(number.value, "rating.not_a_number" if number.rule else "")


def parse_url(typed: object) -> Parsed[str]:
    if is_blank(typed):
        return BLANK
    text = clean_text(typed)
    if re.match(r"^https?://[^\s/]+\.[^\s]+$", text, re.IGNORECASE):
        return Parsed(text)
    if re.match(r"^www\.[^\s/]+\.[^\s]+$", text, re.IGNORECASE):
        # An address typed as officers see it on a letterhead: read it, and say so.
        address = f"https://{text}"
        return Parsed(address, rule="url.www_read_as_https", detail={"address": address})
    return Parsed(rule="url.not_web_address")


# One e-mail address: a local part of the characters mail programs allow, dots only between
# them, then @ and a domain of at least two labels (letters, digits, hyphens inside).
_EMAIL: Final = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


def parse_email(typed: object) -> Parsed[str]:
    """One e-mail address (`head.of.finance@council.gov.uk`); anything else, two addresses or
    a name with the address included, is `email.not_address`."""
    if is_blank(typed):
        return BLANK
    text = clean_text(typed)
    if _EMAIL.fullmatch(text) and len(text) <= 254:
        return Parsed(text)
    return Parsed(rule="email.not_address")


def parse_risk_types(typed: object) -> Parsed[str]:
    """`R,L,S` or `r l s` → `R, L, S`; each letter must be a risk type."""
    if is_blank(typed):
        return BLANK
    words = {name.casefold(): letter for letter, name in RISK_TYPES.items()}
    letters = []
    for part in re.split(r"[,;/&\s]+|\band\b", clean_text(typed)):
        if not part:
            continue
        letter = part.upper() if part.upper() in RISK_TYPES else words.get(part.casefold())
        if letter is None:
            return Parsed(rule="risk.unknown_type")
        if letter not in letters:
            letters.append(letter)
    return Parsed(", ".join(letters)) if letters else BLANK


def choice_key(text: str) -> str:
    """Choices compare ignoring case, spaces, hyphens and slashes: `six monthly` = `Six-monthly`."""
    return re.sub(r"[\s\-/]+", "", text.casefold())


def parse_choice(typed: object, choices: tuple[str, ...]) -> Parsed[str]:
    if is_blank(typed):
        return BLANK
    wanted = choice_key(clean_text(typed))
    for choice in choices:
        if choice_key(choice) == wanted:
            return Parsed(choice)
    return Parsed(rule="value.not_allowed", detail={"allowed": ", ".join(choices)})


_SHOWN_WORDS: Final = 60  # the most characters of typed words a message quotes
_NUMBER_ALONE = re.compile(r"^\d+(\.\d+)?$")  # `2`, `2.0`, `2.5`: a number typed as text
# A number, then words after a dash, colon, full stop, bracket or space: `2 – Medium`, `3 Possible`.
_NUMBER_WITH_WORDS = re.compile(r"^(\d+)(?:\s*[-–—:.)]\s*|\s+)(.*)$", re.DOTALL)
_BRACKETED_END = re.compile(r"\s*\(.*\)$", re.DOTALL)


def level_letters(labels: tuple[str, ...]) -> dict[str, int]:
    """The letters a scale's levels may be typed as, each → its level: the first letter of a
    level's name where no other level of the scale starts with it, in capitals (`L`, `M`, `H`
    on Charnwood's scales; on a 5×5 impact scale of Minor, Moderate and Major, no `M`)."""
    firsts = [label[0].upper() for label in labels]
    return {
        letter: number
        for number, letter in enumerate(firsts, start=1)
        if letter.isalpha() and firsts.count(letter) == 1
    }


def level_choices(labels: tuple[str, ...]) -> str:
    """Each level of a scale as officers may type it, for a message: its number, its name
    and its letter where it has one (`1 Low (L), 2 Medium (M), 3 High (H)`)."""
    letter_of = {number: letter for letter, number in level_letters(labels).items()}
    return ", ".join(
        f"{n} {label}" + (f" ({letter_of[n]})" if n in letter_of else "")
        for n, label in enumerate(labels, start=1)
    )


def _name_key(text: str) -> str:
    """A level's name as compared: ignoring case and extra spaces (`very  High` = `Very high`)."""
    return " ".join(text.casefold().split())


def _level_named(words: str, labels: tuple[str, ...]) -> int | None:
    """The level whose name `words` are, anything after it in brackets ignored
    (`Medium (significant)` → 2 on Charnwood's scales); None if they name none."""
    keys = {_name_key(words), _name_key(_BRACKETED_END.sub("", words))}
    for number, label in enumerate(labels, start=1):
        if _name_key(label) in keys:
            return number
    return None


def _level_started(words: str, labels: tuple[str, ...]) -> int | None:
    """The level whose name `words` start with, as a whole word (`High risk` → High; not
    `Highest`), the longest name winning (`Very high risk` → Very high, not Very); None if
    they start with none."""
    key = _name_key(words)
    started = [
        (len(name), number)
        for number, name in enumerate(map(_name_key, labels), start=1)
        if re.match(re.escape(name) + r"(?!\w)", key)
    ]
    return max(started)[1] if started else None


def parse_level(typed: object, labels: tuple[str, ...]) -> Parsed[int]:
    """A level of a matrix scale: its number, its name, its letter where no other level of
    the scale starts with it (`level_letters`), or its number followed by its name, anything
    after it ignored (`2 – Medium (significant)`, `3 Possible`). A number whose words start
    with another level's name, or none (`3 Rare` where 3 is Possible), is
    `level.words_disagree`, never read by the number alone."""
    if is_blank(typed):
        return BLANK
    unknown: Parsed[int] = Parsed(rule="level.unknown", detail={"allowed": level_choices(labels)})
    if isinstance(typed, bool):
        return unknown
    if isinstance(typed, int | float):
        return _level_numbered(float(typed), labels, unknown)
    text = clean_text(typed)
    if _NUMBER_ALONE.match(text):
        return _level_numbered(float(text), labels, unknown)
    if (number := _level_named(text, labels)) is not None:
        return Parsed(number)
    if match := _NUMBER_WITH_WORDS.match(text):
        return _level_with_words(int(match.group(1)), match.group(2).strip(), labels, unknown)
    if len(text) == 1 and (number := level_letters(labels).get(text.upper())) is not None:
        return Parsed(number)
    return unknown


def _level_numbered(number: float, labels: tuple[str, ...], unknown: Parsed[int]) -> Parsed[int]:
    """A level typed as a number: a whole number from 1 to the scale's top level."""
    return Parsed(int(number)) if number.is_integer() and 1 <= number <= len(labels) else unknown


def _level_with_words(
    number: int, words: str, labels: tuple[str, ...], unknown: Parsed[int]
) -> Parsed[int]:
    """A level typed as its number with words (`3 Possible`, `3 High risk`): the number's
    level when the words start with its name or are only punctuation (`2.`, `2 -`), else the
    rule they break."""
    if not 1 <= number <= len(labels):
        return unknown
    if not words.strip(" -–—:.)") or _level_started(words, labels) == number:
        return Parsed(number)
    named = _BRACKETED_END.sub("", words) or words
    shown = named if len(named) <= _SHOWN_WORDS else named[: _SHOWN_WORDS - 1] + "…"
    return Parsed(
        rule="level.words_disagree",
        detail={"number": number, "name": labels[number - 1], "words": shown},
    )


def parse_answer(typed: object) -> tuple[int | None, str | None]:
    """A survey answer: (score 1–5 or None, the answer as text or None when no answer)."""
    if is_blank(typed):
        return None, None
    text = clean_text(typed)
    if text.casefold() in NO_ANSWER_WORDS:
        return None, None
    if isinstance(typed, int | float) and not isinstance(typed, bool):
        number = float(typed)
        return (int(number) if number.is_integer() and 1 <= number <= 5 else None), text
    if re.fullmatch(r"[1-5]", text):
        return int(text), text
    return AGREEMENT_WORDS.get(" ".join(text.casefold().split())), text


# A kind's parser: (the cell as typed, the words its column allows) → the typed value or
# the rule it breaks. The words are a CHOICE column's choices or the matrix scale's level
# names for a LEVEL column; the other kinds read a value alone.
Parser = Callable[[object, tuple[str, ...]], Parsed[Any]]


def _alone(parse: Callable[[object], Parsed[Any]]) -> Parser:
    """A parser that needs no list of words."""
    return lambda typed, _words: parse(typed)


# How each kind of value (schemas.kinds) is read.
PARSERS: Final[Mapping[Kind, Parser]] = {
    Kind.TEXT: _alone(parse_text),
    Kind.ID: _alone(parse_id),
    Kind.PROSE: _alone(parse_text),
    Kind.CHOICE: parse_choice,
    Kind.DATE: _alone(parse_uk_date),
    Kind.YES_NO: _alone(parse_yes_no),
    Kind.MONEY: _alone(parse_money),
    Kind.NUMBER: _alone(parse_number),
    Kind.WHOLE_NUMBER: _alone(parse_whole_number),
    Kind.LEVEL: parse_level,
    Kind.RATING: _alone(parse_rating),
    Kind.RISK_TYPES: _alone(parse_risk_types),
    Kind.URL: _alone(parse_url),
    Kind.EMAIL: _alone(parse_email),
}
