"""normalise: the small parsers that read what officers type (WORKBOOKS.md §1, §3, §4).

Expected values are worked out from the contract, not copied from a run.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.parsers import (
    clean_text,
    parse_answer,
    parse_choice,
    parse_level,
    parse_money,
    parse_number,
    parse_rating,
    parse_risk_types,
    parse_uk_date,
    parse_url,
    parse_whole_number,
    parse_yes_no,
)
from schemas.register import REPORTING_FREQUENCIES, STATUSES
from schemas.rules import RULES, Severity

CHARNWOOD_LEVELS = ("Low", "Medium", "High")
HARBOROUGH_IMPACT = ("Negligible", "Marginal", "Critical", "Catastrophic")
HARBOROUGH_LIKELIHOOD = ("Almost impossible", "Very low", "Low", "Significant", "High", "Very high")


# Blanks -----------------------------------------------------------------------------------

BLANKS = [None, "", "   ", "\u00a0", float("nan")]


@pytest.mark.parametrize(
    "parse",
    [
        parse_uk_date,
        parse_yes_no,
        parse_money,
        parse_number,
        parse_whole_number,
        parse_rating,
        parse_risk_types,
        parse_url,
        pytest.param(lambda typed: parse_level(typed, CHARNWOOD_LEVELS), id="parse_level"),
        pytest.param(lambda typed: parse_choice(typed, STATUSES), id="parse_choice"),
    ],
    ids=lambda parse: parse.__name__,
)
@pytest.mark.parametrize("typed", BLANKS, ids=repr)
def test_blank_is_no_value_and_no_problem(parse, typed):
    """It reads a blank cell (spaces and non-breaking spaces too) as no value, not an error."""
    parsed = parse(typed)
    assert (parsed.value, parsed.rule) == (None, "")


# Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (date(2026, 3, 3), date(2026, 3, 3)),  # expected: a real Excel date
        # edge: the time part is dropped (openpyxl reads Excel date-times without a time zone)
        (datetime(2026, 3, 3, 14, 30), date(2026, 3, 3)),  # noqa: DTZ001
        ("03/03/2026", date(2026, 3, 3)),  # expected: dd/mm/yyyy
        ("3/3/26", date(2026, 3, 3)),  # expected: d/m/yy
        ("2026-03-03", date(2026, 3, 3)),  # expected: yyyy-mm-dd
        ("3 March 2026", date(2026, 3, 3)),  # expected: the month in words
        ("3 Mar 2026", date(2026, 3, 3)),  # expected: the month abbreviated
        ("3 MARCH 2026", date(2026, 3, 3)),  # edge: values are read case-insensitively
        ("14/03/2026", date(2026, 3, 14)),  # expected: day first
        ("04/03/2026", date(2026, 3, 4)),  # edge: ambiguous, but day first always
        ("  03/03/2026 ", date(2026, 3, 3)),  # edge: padding
        ("\u00a003/03/2026", date(2026, 3, 3)),  # edge: a non-breaking space
        ("03/03/2026 14:30", date(2026, 3, 3)),  # edge: a typed time part is dropped
        ("29/02/2028", date(2028, 2, 29)),  # edge: a leap day in a leap year
        ("31/12/2026", date(2026, 12, 31)),  # edge: the last day of the year
    ],
    ids=repr,
)
def test_parse_uk_date_reads_what_officers_type(typed, expected):
    """It reads real dates and the text forms WORKBOOKS.md §1 lists, day first."""
    parsed = parse_uk_date(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("03/14/2026", "date.month_first"),  # erroneous: month first is never guessed
        ("12/31/2026", "date.month_first"),  # erroneous: month first
        ("31/02/2026", "date.impossible"),  # erroneous: February has no 31st
        ("29/02/2027", "date.impossible"),  # edge: no leap day in 2027
        ("next Tuesday", "date.not_a_date"),  # erroneous: words
        ("3 Smarch 2026", "date.not_a_date"),  # erroneous: no such month
        (True, "date.not_a_date"),  # erroneous: a Yes/No is not a date
    ],
    ids=repr,
)
def test_parse_uk_date_explains_what_it_cannot_read(typed, rule):
    """It names the rule a value breaks and gives no date."""
    parsed = parse_uk_date(typed)
    assert (parsed.value, parsed.rule) == (None, rule)


# Yes/No -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Yes", True),  # expected
        ("No", False),  # expected
        ("Y", True),  # expected
        ("N", False),  # expected
        ("True", True),  # expected
        ("False", False),  # expected
        ("1", True),  # expected
        ("0", False),  # expected
        (1, True),  # expected: a number cell
        (0, False),  # expected: a number cell
        (True, True),  # expected: an Excel TRUE
        (False, False),  # expected: an Excel FALSE
        ("yes", True),  # edge: case
        ("NO", False),  # edge: case
        (" y ", True),  # edge: padding
        (1.0, True),  # edge: a number cell read as a float
    ],
    ids=repr,
)
def test_parse_yes_no_reads_what_officers_type(typed, expected):
    """It reads Yes, No, Y, N, True, False, 1 and 0 in any case."""
    parsed = parse_yes_no(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize("typed", ["Maybe", "Not sure", "2", "Yes please"])  # erroneous
def test_parse_yes_no_refuses_anything_else(typed):
    """It calls any other answer not Yes or No."""
    parsed = parse_yes_no(typed)
    assert (parsed.value, parsed.rule) == (None, "yes_no.not_yes_no")


def test_parse_yes_no_blank_is_not_known_rather_than_no():
    """It keeps a blank as not known (None), which is not No (False)."""
    assert parse_yes_no("").value is None
    assert parse_yes_no("").value is not False


# Money and numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("£30,000", 30000),  # expected: officers' usual format
        ("30000.00", 30000),  # expected
        (30000, 30000),  # expected: a real number cell
        (30000.0, 30000),  # expected: a float cell
        ("  £1,250.50 ", 1250.50),  # edge: padding and pence
        ("£0", 0),  # edge: nothing paid is allowed
        (0, 0),  # edge
    ],
    ids=repr,
)
def test_parse_money_reads_what_officers_type(typed, expected):
    """It reads numbers and text such as £30,000 as pounds."""
    parsed = parse_money(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("-£5", "money.negative"),  # erroneous
        ("£-5", "money.negative"),  # erroneous
        (-5, "money.negative"),  # erroneous: a negative number cell
        ("(£5)", "money.negative"),  # edge: accountants' brackets mean negative
        ("thirty thousand", "money.not_a_number"),  # erroneous
        ("£", "money.not_a_number"),  # erroneous: a symbol alone
        ("£30k", "money.not_a_number"),  # erroneous: shorthand
        (True, "money.not_a_number"),  # erroneous: a Yes/No is not money
    ],
    ids=repr,
)
def test_parse_money_explains_what_it_cannot_read(typed, rule):
    """It refuses negative amounts and text that is not an amount."""
    parsed = parse_money(typed)
    assert (parsed.value, parsed.rule) == (None, rule)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (12, 12),  # expected
        ("12", 12),  # expected
        (7.5, 7.5),  # expected
        (" 7.5 ", 7.5),  # edge: padding
        ("1,250.5", 1250.5),  # edge: thousands separator
        (0, 0),  # edge
    ],
    ids=repr,
)
def test_parse_number_reads_numbers(typed, expected):
    """It reads number cells and numbers typed as text."""
    parsed = parse_number(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize("typed", ["twelve", "12 hours", True])  # erroneous
def test_parse_number_refuses_what_is_not_a_number(typed):
    """It calls words and Yes/No not a number."""
    parsed = parse_number(typed)
    assert (parsed.value, parsed.rule) == (None, "number.not_a_number")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (3, 3),  # expected
        ("3", 3),  # expected
        (3.0, 3),  # edge: Excel stores whole numbers as floats
        (" 12 ", 12),  # edge: padding
    ],
    ids=repr,
)
def test_parse_whole_number_reads_whole_numbers(typed, expected):
    """It reads whole numbers as int."""
    parsed = parse_whole_number(typed)
    assert (parsed.value, parsed.rule) == (expected, "")
    assert isinstance(parsed.value, int)


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        (2.5, "number.not_whole"),  # erroneous
        ("1.5", "number.not_whole"),  # erroneous
        ("three", "number.not_a_number"),  # erroneous
    ],
    ids=repr,
)
def test_parse_whole_number_explains_what_it_cannot_read(typed, rule):
    """It tells a fraction from something that is not a number at all."""
    parsed = parse_whole_number(typed)
    assert (parsed.value, parsed.rule) == (None, rule)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (5, 5),  # expected
        ("7", 7),  # expected: a number typed as text
        (4.0, 4),  # edge
    ],
    ids=repr,
)
def test_parse_rating_reads_a_typed_number(typed, expected):
    """It reads a typed rating as a number for checking against the matrix."""
    parsed = parse_rating(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize("typed", ["High", "5 (amber)", "n/a"])  # erroneous
def test_parse_rating_ignores_a_rating_that_is_not_a_number(typed):
    """It ignores a typed rating that is not a number, with a rule that is only a warning."""
    parsed = parse_rating(typed)
    assert (parsed.value, parsed.rule) == (None, "rating.not_a_number")
    assert RULES[parsed.rule].severity is Severity.WARNING


# Matrix levels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (1, 1),  # expected: the number
        (2, 2),  # expected
        (3, 3),  # expected
        ("2", 2),  # expected: the number as text
        (2.0, 2),  # edge: a number cell read as a float
        ("L", 1),  # expected: the initial
        ("M", 2),  # expected
        ("H", 3),  # expected
        ("h", 3),  # edge: case
        ("Low", 1),  # expected: the word
        ("Medium", 2),  # expected
        ("High", 3),  # expected
        ("medium", 2),  # edge: case
        ("HIGH", 3),  # edge: case
        ("2 – Medium (significant)", 2),  # expected: a template label
        ("3 - High", 3),  # edge: a hyphen for the dash
        (" Low ", 1),  # edge: padding
    ],
    ids=repr,
)
def test_parse_level_reads_charnwood_levels(typed, expected):
    """It reads the numbers, words, initials and labels of the Charnwood 3×3 scales."""
    parsed = parse_level(typed, CHARNWOOD_LEVELS)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize(
    ("typed", "labels", "expected"),
    [
        ("Negligible", HARBOROUGH_IMPACT, 1),  # expected
        ("Catastrophic", HARBOROUGH_IMPACT, 4),  # expected
        (4, HARBOROUGH_IMPACT, 4),  # expected
        ("Almost impossible", HARBOROUGH_LIKELIHOOD, 1),  # expected: two words
        ("Very low", HARBOROUGH_LIKELIHOOD, 2),  # expected
        ("Significant", HARBOROUGH_LIKELIHOOD, 4),  # expected
        ("Very high", HARBOROUGH_LIKELIHOOD, 6),  # expected
        ("very High", HARBOROUGH_LIKELIHOOD, 6),  # edge: WORKBOOKS.md §5's own example
        (6, HARBOROUGH_LIKELIHOOD, 6),  # edge: the top of the longer scale
    ],
    ids=repr,
)
def test_parse_level_reads_harborough_levels(typed, labels, expected):
    """It reads the words and numbers of the Harborough 4×6 scales."""
    parsed = parse_level(typed, labels)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize(
    ("typed", "labels"),
    [
        (4, CHARNWOOD_LEVELS),  # erroneous: above the scale
        (0, CHARNWOOD_LEVELS),  # erroneous: below the scale
        ("4", CHARNWOOD_LEVELS),  # erroneous
        (2.5, CHARNWOOD_LEVELS),  # erroneous: between levels
        ("Severe", CHARNWOOD_LEVELS),  # erroneous: not a label
        ("Very high", CHARNWOOD_LEVELS),  # erroneous: a Harborough word on the Charnwood scale
        (7, HARBOROUGH_LIKELIHOOD),  # erroneous: above the scale
        ("V", HARBOROUGH_LIKELIHOOD),  # edge: the initial of both Very low and Very high
        (True, CHARNWOOD_LEVELS),  # erroneous: a Yes/No is not a level
    ],
    ids=repr,
)
def test_parse_level_refuses_what_is_not_on_the_scale(typed, labels):
    """It calls a value that is not a level of the scale `level.unknown`."""
    parsed = parse_level(typed, labels)
    assert (parsed.value, parsed.rule) == (None, "level.unknown")


def test_parse_level_problem_lists_the_allowed_levels():
    """It lists every level of the scale so the message can say what to type."""
    allowed = str(parse_level("Severe", CHARNWOOD_LEVELS).detail["allowed"])
    assert all(label in allowed for label in CHARNWOOD_LEVELS)
    # The letters officers type, where a letter names one level only.
    assert allowed == "1 Low (L), 2 Medium (M), 3 High (H)"
    harborough = str(parse_level("Severe", HARBOROUGH_LIKELIHOOD).detail["allowed"])
    assert "2 Very low," in harborough  # V is Very low and Very high: no letter
    assert "(V)" not in harborough


FIVE_IMPACT = ("Negligible", "Minor", "Moderate", "Major", "Severe")
FIVE_LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")


@pytest.mark.parametrize(
    ("typed", "labels", "expected"),
    [
        ("3 Possible", FIVE_LIKELIHOOD, 3),  # expected: number and name
        ("5 – Almost certain (over 90%)", FIVE_LIKELIHOOD, 5),  # expected: a label
        ("2 minor", FIVE_IMPACT, 2),  # edge: case
        ("3 Possible risk", FIVE_LIKELIHOOD, 3),  # edge: words starting with the name
        ("4 Major-ish", FIVE_IMPACT, 4),  # edge: the name then punctuation
        ("4:  MAJOR", FIVE_IMPACT, 4),  # edge: a colon, extra spaces
        ("N", FIVE_IMPACT, 1),  # expected: a letter no other level starts with
        ("s", FIVE_IMPACT, 5),  # edge: case
        ("A", FIVE_LIKELIHOOD, 5),  # expected
        ("2.", FIVE_IMPACT, 2),  # edge: a number and a full stop, no words
        ("2.0", FIVE_IMPACT, 2),  # edge: a whole number typed with a decimal point
    ],
    ids=repr,
)
def test_parse_level_reads_a_five_by_five(typed, labels, expected):
    """On a 5×5, numbers with their level's name and letters no two levels share read."""
    parsed = parse_level(typed, labels)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize(
    ("typed", "labels", "number", "name", "words"),
    [
        ("3 Rare", FIVE_LIKELIHOOD, 3, "Possible", "Rare"),  # erroneous: another level's name
        ("2 – Medium (significant)", FIVE_LIKELIHOOD, 2, "Unlikely", "Medium"),  # erroneous
        ("3 High", HARBOROUGH_LIKELIHOOD, 3, "Low", "High"),  # erroneous
        ("2 (significant)", CHARNWOOD_LEVELS, 2, "Medium", "(significant)"),  # edge: no name
        ("3 Highest", CHARNWOOD_LEVELS, 3, "High", "Highest"),  # edge: not the whole word
        ("2 Very high risk", ("Low", "Very", "Very high"), 2, "Very", "Very high risk"),  # edge
        ("1 L", CHARNWOOD_LEVELS, 1, "Low", "L"),  # edge: a letter is not the name
    ],
    ids=repr,
)
def test_parse_level_refuses_a_number_whose_words_name_another_level(
    typed, labels, number, name, words
):
    """A number with words that are not its level's name is `level.words_disagree`, with the
    level the number means and the words typed: never read by the number alone."""
    parsed = parse_level(typed, labels)
    assert (parsed.value, parsed.rule) == (None, "level.words_disagree")
    assert parsed.detail == {"number": number, "name": name, "words": words}


@pytest.mark.parametrize(
    ("typed", "labels"),
    [
        ("M", FIVE_IMPACT),  # erroneous: Minor, Moderate and Major all start with M
        ("2.5", FIVE_IMPACT),  # erroneous: between levels, typed as text
        (
            "6 Severe",
            FIVE_IMPACT,
        ),  # erroneous: the number is off the scale
    ],
    ids=repr,
)
def test_parse_level_refuses_what_is_no_level_of_a_five_by_five(typed, labels):
    """`M` on a 5×5 impact scale, and numbers off the scale, are no level."""
    parsed = parse_level(typed, labels)
    assert (parsed.value, parsed.rule) == (None, "level.unknown")
    assert parsed.detail["allowed"] == (
        "1 Negligible (N), 2 Minor, 3 Moderate, 4 Major, 5 Severe (S)"
    )


# Choices, risk types and web addresses ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "choices", "expected"),
    [
        ("Active", STATUSES, "Active"),  # expected
        ("active", STATUSES, "Active"),  # expected: read case-insensitively
        ("ACTIVE", STATUSES, "Active"),  # expected: WORKBOOKS.md §5's own example
        (" Closed ", STATUSES, "Closed"),  # edge: padding
        ("Six-monthly", REPORTING_FREQUENCIES, "Six-monthly"),  # expected
        ("six-monthly", REPORTING_FREQUENCIES, "Six-monthly"),  # edge: case
    ],
    ids=repr,
)
def test_parse_choice_gives_the_listed_spelling(typed, choices, expected):
    """It reads a choice in any case and gives it in the schema's spelling."""
    parsed = parse_choice(typed, choices)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize("typed", ["Dormant", "Activ", "Open"])  # erroneous
def test_parse_choice_refuses_a_value_not_in_the_list(typed):
    """It refuses a value that is not one of the choices, listing them for the message."""
    parsed = parse_choice(typed, STATUSES)
    assert (parsed.value, parsed.rule) == (None, "value.not_allowed")
    assert all(status in str(parsed.detail["allowed"]) for status in STATUSES)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("R", "R"),  # expected: one type
        ("R, F", "R, F"),  # expected: separated by commas
        ("R,F,S", "R, F, S"),  # expected: commas without spaces
        ("R F S", "R, F, S"),  # expected: separated by spaces
        ("r, l", "R, L"),  # edge: case
        ("R F S L T E P", "R, F, S, L, T, E, P"),  # edge: every type
    ],
    ids=repr,
)
def test_parse_risk_types_reads_letters(typed, expected):
    """It reads the letters R F S L T E P separated by commas or spaces."""
    parsed = parse_risk_types(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize("typed", ["X", "R, Q", "R-F"])  # erroneous
def test_parse_risk_types_refuses_an_unknown_letter(typed):
    """It refuses a letter that is not a risk type."""
    parsed = parse_risk_types(typed)
    assert (parsed.value, parsed.rule) == (None, "risk.unknown_type")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("https://www.charnwood.gov.uk", "https://www.charnwood.gov.uk"),  # expected
        ("http://example.org/partnerships", "http://example.org/partnerships"),  # expected
        (" https://example.org ", "https://example.org"),  # edge: padding
    ],
    ids=repr,
)
def test_parse_url_reads_web_addresses(typed, expected):
    """It reads http:// and https:// addresses."""
    parsed = parse_url(typed)
    assert (parsed.value, parsed.rule) == (expected, "")


@pytest.mark.parametrize(
    "typed",
    [
        "ftp://example.org",  # erroneous: another protocol
        "www.",  # erroneous: no address after www.
        "mailto:officer@example.org",  # erroneous
        "javascript:alert(1)",  # erroneous
        "see the council website",  # erroneous
    ],
    ids=repr,
)
def test_parse_url_refuses_anything_but_http_and_https(typed):
    """It refuses anything that is not an http:// or https:// address."""
    parsed = parse_url(typed)
    assert (parsed.value, parsed.rule) == (None, "url.not_web_address")


@pytest.mark.parametrize(
    "typed", ["www.charnwood.gov.uk", " WWW.Example.org/partnerships "], ids=repr
)
def test_parse_url_reads_www_as_https_with_a_warning(typed):
    """An address typed `www.…` (WORKBOOKS.md §2) is read as `https://www.…`, with the
    `url.www_read_as_https` warning naming the address it was read as."""
    parsed = parse_url(typed)
    expected = f"https://{typed.strip()}"
    assert (parsed.value, parsed.rule) == (expected, "url.www_read_as_https")
    assert parsed.detail == {"address": expected}


# Survey answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        (1, 1),  # expected: a number cell
        (5, 5),  # expected
        ("3", 3),  # expected: a number as text
        (4.0, 4),  # edge: a number cell read as a float
        ("Strongly disagree", 1),  # expected: the words
        ("Disagree", 2),  # expected
        ("Neither agree nor disagree", 3),  # expected
        ("Agree", 4),  # expected
        ("Strongly agree", 5),  # expected
        ("strongly AGREE", 5),  # edge: case
        (" Agree ", 4),  # edge: padding
    ],
    ids=repr,
)
def test_parse_answer_scores_the_scale(typed, score):
    """It scores 1–5 and the five agreement words, keeping the answer as text."""
    parsed_score, text = parse_answer(typed)
    assert parsed_score == score
    assert text is not None


@pytest.mark.parametrize(
    "typed",
    [
        None,  # edge: blank
        "",  # edge: blank
        "Don't know",  # expected: no answer
        "Don’t know",  # edge: a typographic apostrophe
        "don't know",  # edge: case
        "N/A",  # expected: no answer
        "n/a",  # edge: case
    ],
    ids=repr,
)
def test_parse_answer_treats_dont_know_and_na_as_no_answer(typed):
    """It gives neither a score nor an answer for blank, Don't know and N/A."""
    assert parse_answer(typed) == (None, None)


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        (6, "6"),  # erroneous: above the scale
        (0, "0"),  # erroneous: below the scale
        (2.5, "2.5"),  # erroneous: between points
        ("Maybe", "Maybe"),  # erroneous: not on the scale
        ("  More notice of meetings  ", "More notice of meetings"),  # expected: a comment
    ],
    ids=repr,
)
def test_parse_answer_keeps_text_that_is_not_on_the_scale(typed, text):
    """It gives no score to other answers but keeps them, trimmed, as text."""
    assert parse_answer(typed) == (None, text)


# Text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Parish council", "Parish council"),  # expected
        ("  Parish council  ", "Parish council"),  # expected: trimmed
        ("\u00a0P-001\u00a0", "P-001"),  # expected: non-breaking spaces too
        ("Town\u00a0council", "Town council"),  # edge: a non-breaking space inside
        (12, "12"),  # edge: a number cell
        (12.0, "12"),  # edge: an ID typed as a number reads as typed, not 12.0
        (date(2026, 3, 3), "03/03/2026"),  # edge: a date shown day first
    ],
    ids=repr,
)
def test_clean_text_trims_as_officers_expect(typed, expected):
    """It trims text, non-breaking spaces too, and shows numbers and dates as typed."""
    assert clean_text(typed) == expected
