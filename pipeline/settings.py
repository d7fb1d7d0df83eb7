"""Settings: input/settings.toml and its defaults, read once into a frozen `Settings`.

Each setting is declared once, as a field of `Settings`: its name and type, and beside them
(`Annotated`) a `Key` giving its section of settings.toml, its default, how it is read and,
for a number, its range. `DEFAULTS`, `RANGES` and `FOLLOWING` are worked out from those
declarations, and so are the checks. Every key is optional; an unknown key or matrix name, or a
number outside its range, is a settings error (exit 2).
"""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Final, get_type_hints

from pipeline.matrices import MATRICES, MatrixError, RiskMatrix, custom_matrix
from schemas import SheetSpec, council_sheets, simplify
from schemas._columns import column_specs
from schemas.liaison import COUNCIL_MEETINGS, MEETING_KINDS
from schemas.register import (
    CHARNWOOD_AGREEMENT_ITEMS,
    DEFAULT_KEY_PARTNERS,
    Agreements,
    agreement_item_key,
)

SETTINGS_FILE: Final = "settings.toml"
_TYPED_LENGTH: Final = 40  # a value longer than this is shortened in a message
# What an agreement item may not be named: the Agreements sheet's own columns (Partnership ID,
# by its column name, its heading or another heading of it) and the rows' provenance.
_AGREEMENTS_OWN: Final = frozenset(
    {*(col.name for col in column_specs(Agreements)), "source_file", "source_sheet", "source_row"}
)
_AGREEMENTS_HEADINGS: Final = frozenset(
    simplify(text) for col in column_specs(Agreements) for text in (col.heading, *col.aliases)
)


@dataclass(frozen=True, slots=True)
class Range:
    """The values a number in settings.toml may take, both ends included."""

    low: int
    high: int
    pounds: bool = False  # an amount of money, which may have pence; otherwise a whole number

    def describe(self) -> str:
        """The range in words, as the error message and the README give it."""
        if self.pounds:
            return f"an amount in pounds from {self.low:,} to {self.high:,}"
        return f"a whole number from {self.low:,} to {self.high:,}"


class SettingsError(Exception):
    """settings.toml cannot be used; the message says which key and why."""


class Key:
    """How a field of `Settings` is written in settings.toml: its [section] ("" for the top of
    the file) and its default (None for a key with no default of its own, which follows
    another setting). Each kind of key says how its value is read."""

    section: str
    default: object
    # Tables in the key's section that it reads too: allowed there, not listed as keys.
    tables: ClassVar[tuple[str, ...]] = ()

    def read(self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]) -> Any:
        """The field's value from its section as the file gives it (`given`; the default when
        `name` is left out), `earlier` holding the fields read before it. A SettingsError says
        what is wrong."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Text(Key):
    """Some text at the top of the file, not blank; trimmed; at most `longest` characters
    (0: any length)."""

    default: str
    section: str = ""
    longest: int = 0

    def read(self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]) -> str:
        value = given.get(name, self.default)
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"settings.toml: “{name}” must be some text in quotes.")
        text = value.strip()
        if self.longest and len(text) > self.longest:
            raise SettingsError(
                f"settings.toml: “{name}” is {len(text):,} characters long: shorten it to at "
                f"most {self.longest}."
            )
        return text


@dataclass(frozen=True, slots=True)
class AgreementItems(Key):
    """agreement_items, at the top of the file: the items a partnership agreement must cover,
    a list of `fewest` to `most` texts, each at most `longest` characters, that the Agreements
    sheet can tell apart (schemas.register.agreement_item_key) and none of them the sheet's
    Partnership ID column. Read as a tuple, each trimmed, its spaces collapsed."""

    default: list[str]
    section: str = ""
    fewest: int = 1
    most: int = 20
    longest: int = 60

    def read(
        self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]
    ) -> tuple[str, ...]:
        value = given.get(name, self.default)
        if not isinstance(value, list):
            raise SettingsError(
                f"settings.toml: “{name}” must be a list of the items a partnership agreement "
                'must cover, each in quotes: ["Purpose and scope", "Commitment"].'
            )
        if not self.fewest <= len(value) <= self.most:
            raise SettingsError(
                f"settings.toml: “{name}” lists {len(value)} items: list from {self.fewest} "
                f"to {self.most}."
            )
        items: dict[str, str] = {}  # by its column in the Agreements frame
        for number, typed in enumerate(value, start=1):
            if not isinstance(typed, str) or not typed.strip():
                raise SettingsError(
                    f"settings.toml: “{name}” item {number} must be some text in quotes."
                )
            item = " ".join(typed.split())
            key = agreement_item_key(item)
            if len(item) > self.longest:
                raise SettingsError(
                    f"settings.toml: “{name}” item {_as_typed(item)} is {len(item):,} "
                    f"characters long: shorten it to at most {self.longest}."
                )
            if not key:
                raise SettingsError(
                    f"settings.toml: “{name}” item {_as_typed(item)} has no letters or "
                    "digits: name the item in words."
                )
            if simplify(item) in _AGREEMENTS_HEADINGS:
                raise SettingsError(
                    f"settings.toml: “{name}” item {_as_typed(item)} is the Agreements "
                    "sheet's Partnership ID column, not an item: take it out of the list."
                )
            if key in _AGREEMENTS_OWN:
                raise SettingsError(
                    f"settings.toml: “{name}” item {_as_typed(item)} is a name the pipeline "
                    "keeps for itself: name the item otherwise."
                )
            if key in items:
                same = "twice" if items[key] == item else f"and {_as_typed(items[key])}"
                raise SettingsError(
                    f"settings.toml: “{name}” lists {_as_typed(item)} {same}, which the "
                    "Agreements sheet cannot tell apart: name each item once."
                )
            items[key] = item
        return tuple(items.values())


@dataclass(frozen=True, slots=True)
class Words(Key):
    """Some text in a section, blank allowed; trimmed."""

    section: str
    default: str

    def read(self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]) -> str:
        value = given.get(name, self.default)
        if not isinstance(value, str):
            raise SettingsError(
                f"settings.toml: [{self.section}] {name} must be some text in quotes."
            )
        return value.strip()


@dataclass(frozen=True, slots=True)
class Number(Key):
    """A number within its range (docs/decisions.md, "Bounds on settings")."""

    section: str
    default: int
    range: Range

    def read(self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]) -> Any:
        value = given.get(name, self.default)
        bound = self.range
        kinds = (int, float) if bound.pounds else (int,)
        if (
            isinstance(value, bool)
            or not isinstance(value, kinds)
            or not bound.low <= value <= bound.high  # nan is in no range; inf, -inf beyond all
        ):
            hint = " Write it as a plain number, without quotes, £ or commas." * isinstance(
                value, str
            )
            raise SettingsError(
                f"settings.toml: [{self.section}] {name} = {_as_typed(value)} must be "
                f"{bound.describe()}.{hint}"
            )
        return value


@dataclass(frozen=True, slots=True)
class MatrixChoice(Key):
    """[risk] matrix: a matrix by name, or the council's own described in [risk.custom] (then
    `matrix` may be left out or set to "custom")."""

    section: str
    default: str
    tables: ClassVar[tuple[str, ...]] = ("custom",)

    def read(self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]) -> RiskMatrix:
        chosen = given.get(name, self.default)
        if "custom" in given:
            if name in given and chosen != "custom":
                raise SettingsError(
                    f"settings.toml: [risk] matrix = “{chosen}” but there is also a [risk.custom] "
                    'matrix. Set matrix = "custom" to use it, or remove [risk.custom].'
                )
            try:
                return custom_matrix(given["custom"])
            except MatrixError as error:
                raise SettingsError(f"settings.toml: {error}") from error
        if chosen == "custom":
            raise SettingsError(
                'settings.toml: [risk] matrix = "custom" needs a [risk.custom] table describing it.'
            )
        if not isinstance(chosen, str) or chosen not in MATRICES:
            known = ", ".join(f"“{known}”" for known in MATRICES)
            raise SettingsError(
                f"settings.toml: [risk] matrix = “{chosen}” is not a known matrix. Use one of "
                f"{known}, or describe your own in [risk.custom] with matrix = “custom”."
            )
        return MATRICES[chosen]


@dataclass(frozen=True, slots=True)
class Appetite(Key):
    """[risk] appetite: a whole number within the ratings of the matrix (read before it), with
    no default of its own: the matrix's (`RiskMatrix.default_appetite`)."""

    section: str
    default: None = None

    def read(self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]) -> int:
        matrix: RiskMatrix = earlier["matrix"]
        if name not in given:
            return matrix.default_appetite
        value = given[name]
        low, high = matrix.lowest_rating, matrix.highest_rating
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            hint = " Write it as a plain number, without quotes." * isinstance(value, str)
            raise SettingsError(
                f"settings.toml: [risk] appetite = {_as_typed(value)} must be a whole number from "
                f"{low} to {high}, the ratings of the {matrix.name} matrix: the highest residual "
                f"rating the council accepts (left out, it is {matrix.default_appetite}).{hint}"
            )
        return value


@dataclass(frozen=True, slots=True)
class GroupMeetings(Key):
    """[liaison.group_meetings]: meeting kind → months (within `months`), each kind a Meeting of
    §7 (any case) held with several councils (not one of COUNCIL_MEETINGS, which are checked
    per council). A table in the file replaces the default whole."""

    section: str
    default: dict[str, int]
    months: Range

    def read(
        self, name: str, given: Mapping[str, Any], earlier: Mapping[str, Any]
    ) -> tuple[tuple[str, int], ...]:
        table = given.get(name, self.default)
        if not isinstance(table, dict):
            raise SettingsError(
                "settings.toml: “group_meetings” must be a [liaison.group_meetings] table, one "
                'line per meeting, such as "Clerks meeting" = 6.'
            )
        kinds = {kind.casefold(): kind for kind in MEETING_KINDS if kind not in COUNCIL_MEETINGS}
        meetings: dict[str, int] = {}
        for meeting, months in table.items():
            folded = " ".join(meeting.split()).casefold()
            kind = kinds.get(folded)
            if kind is None:
                known = ", ".join(f"“{k}”" for k in kinds.values())
                what = (
                    "is a meeting with one council, checked for each council, not a group meeting"
                    if folded in {k.casefold() for k in COUNCIL_MEETINGS}
                    else "is not a kind of group meeting"
                )
                raise SettingsError(
                    f"settings.toml: [liaison.group_meetings] “{meeting}” {what}. Use one of "
                    f"{known}."
                )
            bound = self.months
            if (
                isinstance(months, bool)
                or not isinstance(months, int)
                or not (bound.low <= months <= bound.high)
            ):
                raise SettingsError(
                    f"settings.toml: [liaison.group_meetings] “{meeting}” = {_as_typed(months)} "
                    f"must be {bound.describe()} (the months between meetings)."
                )
            meetings[kind] = months
        return tuple(meetings.items())


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, each declared once: its name and type, and its `Key` (section, default,
    range). Adding a setting is adding a field here, and using it.

    The fields are read in this order, so that a file with several mistakes is told of the
    first: the keys at the top of the file (as the file gives them), the matrix, the numbers,
    then the rest (the appetite follows the matrix)."""

    council: Annotated[str, Text("The Council")]  # on the cover and running heads
    board: Annotated[str, Text("Partnership Board")]  # who the reports are for
    # What Key means in the Partnerships sheet's Category (the templates' and reports' notes)
    key_partners: Annotated[str, Text(DEFAULT_KEY_PARTNERS, longest=300)]
    # The items a partnership agreement must cover: the Agreements sheet's Yes/No columns
    agreement_items: Annotated[tuple[str, ...], AgreementItems(list(CHARNWOOD_AGREEMENT_ITEMS))]
    matrix: Annotated[RiskMatrix, MatrixChoice("risk", "charnwood-3x3")]
    review_cycle_months: Annotated[int, Number("reviews", 12, Range(1, 120))]  # up to ten years
    health_check_months: Annotated[int, Number("reviews", 24, Range(1, 120))]
    risk_assessment_months: Annotated[int, Number("reviews", 12, Range(1, 120))]
    # 0: due soon only on the day; up to two years
    due_soon_days: Annotated[int, Number("reviews", 90, Range(0, 730))]
    # An Active partnership ending within this many months needs an exit strategy (§11)
    exit_notice_months: Annotated[int, Number("reviews", 6, Range(1, 60))]
    significant_contribution: Annotated[
        float, Number("finance", 30000, Range(0, 1_000_000_000, pounds=True))
    ]
    # 0: staff time not costed
    staff_hourly_rate: Annotated[float, Number("finance", 0, Range(0, 1_000, pounds=True))]
    min_group_size: Annotated[int, Number("survey", 5, Range(1, 1_000))]  # 1: every group shown
    meeting_months: Annotated[int, Number("liaison", 6, Range(1, 120))]
    briefing_months: Annotated[int, Number("liaison", 12, Range(1, 120))]
    contact_check_months: Annotated[int, Number("liaison", 12, Range(1, 120))]
    consultation_weeks: Annotated[int, Number("liaison", 6, Range(1, 52))]  # up to a year
    # [assurance]: other gaps that make a partnership's assurance Limited (WORKBOOKS.md §11)
    limited_from: Annotated[int, Number("assurance", 4, Range(1, 100))]
    appetite: Annotated[int, Appetite("risk")]  # the highest residual rating accepted
    # [report]: who the board report is from, and its contact officer
    report_of: Annotated[str, Words("report", "")]
    contact: Annotated[str, Words("report", "")]
    # Each group meeting held to a cadence, with its months, in the order settings give them.
    group_meetings: Annotated[
        tuple[tuple[str, int], ...],
        GroupMeetings("liaison", {"Clerks meeting": 6}, months=Range(1, 120)),
    ]


# Each field of Settings with its Key, in the order they are read.
KEYS: Final[dict[str, Key]] = {
    name: hint.__metadata__[0]
    for name, hint in get_type_hints(Settings, include_extras=True).items()
}


def _in_sections() -> dict[str, dict[str, Key]]:
    """Each [section]'s keys by name, sections and keys in the order of Settings."""
    sections: dict[str, dict[str, Key]] = {}
    for name, key in KEYS.items():
        if key.section:
            sections.setdefault(key.section, {})[name] = key
    return sections


def _defaults() -> dict[str, Any]:
    """Every default as settings.toml would give it: keys at the top, then [sections]."""
    defaults: dict[str, Any] = {}
    for name, key in KEYS.items():
        if key.default is not None:
            (defaults.setdefault(key.section, {}) if key.section else defaults)[name] = key.default
    return defaults


_SECTIONS: Final = _in_sections()
# The names at the top of the file: its keys and its [sections].
_TOP: Final = list(dict.fromkeys(key.section or name for name, key in KEYS.items()))
# The defaults (docs/workbooks.md's settings example gives them all), by section.
DEFAULTS: Final[dict[str, Any]] = _defaults()
# Every number's range, by section and key (docs/decisions.md, "Bounds on settings").
RANGES: Final[dict[str, dict[str, Range]]] = {
    section: ranges
    for section, keys in _SECTIONS.items()
    if (ranges := {name: key.range for name, key in keys.items() if isinstance(key, Number)})
}
# Keys with no fixed default, each following another setting.
FOLLOWING: Final = tuple((key.section, name) for name, key in KEYS.items() if key.default is None)


def _as_typed(value: object) -> str:
    """A value as it was written in settings.toml, shortened if it is very long."""
    if isinstance(value, bool):
        typed = "true" if value else "false"
    elif isinstance(value, str):
        typed = f"“{value}”"
    else:
        typed = repr(value)  # nan, inf and -inf as TOML writes them
    if len(typed) > _TYPED_LENGTH:
        typed = typed[: _TYPED_LENGTH - 1] + "…"
    return typed


def _read(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of Settings from the file as parsed (`raw`): first in the file's own order,
    each key at the top read and each [section] checked to be a table of known keys; then
    every other field, in the order of Settings."""
    given: dict[str, Mapping[str, Any]] = {"": raw}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name in _SECTIONS:
            given[name] = _section(name, value)
        elif name in _TOP:
            values[name] = KEYS[name].read(name, raw, values)
        else:
            known = ", ".join(_TOP)
            raise SettingsError(f"settings.toml: unknown setting “{name}”. Known: {known}.")
    for name, key in KEYS.items():
        if name not in values:
            values[name] = key.read(name, given.get(key.section, {}), values)
    return values


def _section(section: str, value: object) -> Mapping[str, Any]:
    """A [section] as the file gives it: a table of its own keys (and the tables they read)."""
    if not isinstance(value, dict):
        raise SettingsError(f"settings.toml: “{section}” must be a [{section}] table.")
    keys = _SECTIONS[section]
    tables = {table for key in keys.values() for table in key.tables}
    for inner in value:
        if inner not in keys and inner not in tables:
            known = ", ".join(keys)
            raise SettingsError(
                f"settings.toml: unknown setting “{inner}” in [{section}]. Known: {known}."
            )
    return value


def settings_file(input_dir: Path) -> Path | None:
    """`input_dir/settings.toml` if it is there, None if it is not. Raises SettingsError
    naming the file for what would otherwise be passed over with the defaults used instead:
    a settings file under another name (`settings.toml.txt`, as Notepad saves it;
    `Settings.TOML`), or a settings.toml that is a folder, a broken link or no plain file."""
    try:
        names = sorted(entry.name for entry in input_dir.iterdir())
    except OSError:
        return None  # no folder: the run says so
    for name in names:
        folded = name.casefold()
        if name != SETTINGS_FILE and (
            folded == SETTINGS_FILE or folded.startswith(f"{SETTINGS_FILE}.")
        ):
            raise SettingsError(
                f"{input_dir / name} looks like the settings file under another name, and "
                f"would be ignored: name it exactly {SETTINGS_FILE} (lower case, no .txt "
                "at the end; in Windows Explorer, View › Show › File name extensions shows "
                "the whole name), or move it out of the folder."
            )
    path = input_dir / SETTINGS_FILE
    if SETTINGS_FILE not in names:
        return None
    try:
        mode = path.stat().st_mode
    except OSError:
        raise SettingsError(
            f"{path} is a link to something that is not there: replace it with the settings "
            "file itself."
        ) from None
    if stat.S_ISDIR(mode):
        raise SettingsError(f"{path} is a folder, not a settings file: move it out of the way.")
    if not stat.S_ISREG(mode):
        raise SettingsError(
            f"{path} is not a plain file (a pipe or a device): replace it with the settings "
            "file itself."
        )
    return path


def sheets_for(settings: Settings) -> dict[str, SheetSpec]:
    """Every kind of sheet as the council's settings make it: what Key means in Category's
    note, and the Agreements sheet's item columns (schemas.council_sheets)."""
    return council_sheets(
        key_partners=settings.key_partners, agreement_items=settings.agreement_items
    )


def defaults_in_use(settings: Settings) -> str:
    """The one line said when there is no settings.toml: which defaults the run uses."""
    return (
        f"no {SETTINGS_FILE}: using the defaults, {settings.council} for "
        f"{settings.board}, the {settings.matrix.name} risk matrix"
    )


def load_settings(input_dir: Path) -> Settings:
    """Settings from `input_dir/settings.toml`, or the defaults when there is none."""
    path = settings_file(input_dir)
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"settings.toml cannot be read: {error}.") from error
        except ValueError as error:  # Python will not read a whole number of over 4,300 digits
            raise SettingsError(
                "settings.toml cannot be read: it has a number thousands of digits long."
            ) from error
        except RecursionError as error:
            raise SettingsError(
                "settings.toml cannot be read: it has lists or tables nested too deeply."
            ) from error
    return Settings(**_read(raw))
