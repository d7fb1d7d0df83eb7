"""characters: the characters in typed text that cannot be seen, and IDs compared as they look.

Officers copy text from e-mails, web pages and PDFs, and with it come characters nobody can see
(a zero-width space, a right-to-left override, an escape code that a terminal obeys) and
letters that only look like ours (fullwidth `Ｐ`, Cyrillic `Р`). This module says which
characters those are, writes them as markers an officer can read, and gives IDs the key they
are compared by.

A hidden character is shown as `⟨U+200B zero width space⟩`: its code point, which anyone can
look up, and its name in lower case. Tab and new line are shown too (`⟨U+0009 tab⟩`), as a
message is one line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = [
    "hidden_characters",
    "id_key",
    "looks_like",
    "name_key",
    "other_alphabet",
    "visible",
]

# Characters that are drawn as nothing, or not drawn at all, that the general categories below
# do not catch: Unicode's Default_Ignorable_Code_Point characters that are letters or marks
# (Hangul fillers, variation selectors, the combining grapheme joiner) and the blank Braille
# pattern, which looks like a space.
_IGNORABLE: Final = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Control characters, format characters (zero-width, bidirectional), surrogates, private-use
# and unassigned code points, line and paragraph separators.
_HIDDEN_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Control characters have no Unicode name: the common ones by the names people know.
_CONTROL_NAMES: Final = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\t": "tab",
    "\n": "new line",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}
# Everything that is not a printable ASCII character: the quick test before a closer look.
_NOT_PLAIN: Final = re.compile(r"[^\x20-\x7e]")
# Dashes that are typed for a hyphen (Word turns `-` into `–`): the same in an ID.
_DASHES: Final = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def _is_hidden(character: str) -> bool:
    category = unicodedata.category(character)
    return (
        category in _HIDDEN_CATEGORIES
        or (category == "Zs" and character != " ")
        or bool(_IGNORABLE.match(character))
    )


def hidden_characters(text: str) -> list[str]:
    """The characters of `text` that cannot be seen, each once, in the order they come."""
    if not _NOT_PLAIN.search(text):
        return []
    return list(dict.fromkeys(c for c in text if c in _CONTROL_NAMES or _is_hidden(c)))


def marker(character: str) -> str:
    """`⟨U+200B zero width space⟩`: a hidden character as an officer can read it."""
    name = _CONTROL_NAMES.get(character) or unicodedata.name(character, "").lower()
    if not name:
        category = unicodedata.category(character)
        name = {"Cc": "control character", "Co": "private-use character"}.get(
            category, "unassigned character"
        )
    return f"⟨U+{ord(character):04X} {name}⟩"


def visible(text: str) -> str:
    """`text` with every character that cannot be seen written as its marker, so a terminal
    never obeys a typed escape code and `P-001` followed by a zero-width space never looks
    like `P-001`."""
    hidden = hidden_characters(text)
    for character in hidden:
        text = text.replace(character, marker(character))
    return text


def id_key(text: str) -> str:
    """What an ID is compared by: its NFKC form (fullwidth `Ｐ` is `P`, composed and decomposed
    accents are one), case ignored, and any dash the same as a hyphen."""
    key = unicodedata.normalize("NFKC", text)
    if _NOT_PLAIN.search(key):
        key = _DASHES.sub("-", key)
    return unicodedata.normalize("NFKC", key.casefold())


# Cyrillic and Greek letters drawn as Latin ones: what an ID holding them looks like.
_LOOKALIKES: Final = str.maketrans(
    "АВЕКМНОРСТХУаеорсухіјѕԁӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοικνρτυχ",
    "ABEKMHOPCTXYaeopcyxijsdlABEZHIKMNOPTYXaoikvptux",
)


def looks_like(text: str) -> str:
    """The key (`id_key`) of the ID `text` looks like: without the characters that cannot be
    seen, and with Cyrillic and Greek letters drawn as Latin ones read as those, so a refused
    `Р-001` (Cyrillic) or `P-001` with a zero-width space is found to be `P-001`."""
    for character in hidden_characters(text):
        text = text.replace(character, "")
    return id_key(unicodedata.normalize("NFKC", text).translate(_LOOKALIKES))


def other_alphabet(text: str) -> list[str]:
    """The letters and digits of `text` (in its NFKC form) that are not the Latin alphabet's
    or 0 to 9, each once: `Р` (Cyrillic) in `Р-001`."""
    text = unicodedata.normalize("NFKC", text)
    if not _NOT_PLAIN.search(text):
        return []
    return list(
        dict.fromkeys(
            c
            for c in text
            if (unicodedata.category(c).startswith("L") and not _is_latin(c))
            or (unicodedata.category(c) == "Nd" and not "0" <= c <= "9")
        )
    )


def _is_latin(letter: str) -> bool:
    return unicodedata.name(letter, "").startswith("LATIN ")


def described(character: str) -> str:
    """`Р (Cyrillic capital letter er)`: a letter and what it is."""
    return f"{character} ({unicodedata.name(character, 'unknown character').capitalize()})"


def name_key(name: str) -> str:
    """An officer's name as names are compared (Lead officer, Partnership manager, Risk owner,
    an action's Owner, Officers' Name): case and extra spaces aside."""
    return " ".join(name.split()).casefold()
