"""Settings: input/settings.toml and its defaults, read once into a frozen `Settings`.

Every key is optional; an unknown key or matrix name, or a number outside its range in
`RANGES`, is a settings error (exit 2).
"""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pipeline.matrices import MATRICES, MatrixError, RiskMatrix, custom_matrix
from schemas.liaison import COUNCIL_MEETINGS, MEETING_KINDS

SETTINGS_FILE: Final = "settings.toml"

DEFAULTS: Final[dict[str, Any]] = {
    "council": "Charnwood Borough Council",
    "board": "Charnwood Together Executive",
    "risk": {"matrix": "charnwood-3x3"},
    "reviews": {
        "review_cycle_months": 12,
        "health_check_months": 24,
        "risk_assessment_months": 12,
        "due_soon_days": 90,
    },
    "finance": {"significant_contribution": 30000, "staff_hourly_rate": 0},
    "survey": {"min_group_size": 5},
    "liaison": {
        "meeting_months": 6,
        "briefing_months": 12,
        "contact_check_months": 12,
        "consultation_weeks": 6,
        "group_meetings": {"Clerks meeting": 6},
    },
    "report": {"report_of": "", "contact": ""},
}
# Tables inside a section, which a table in settings.toml replaces whole.
SUBTABLES: Final = (("risk", "custom"), ("liaison", "group_meetings"))
# Keys with no fixed default, each following another setting: `[risk] appetite` follows the
# matrix (RiskMatrix.default_appetite).
FOLLOWING: Final = (("risk", "appetite"),)


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


# Every number in DEFAULTS, by section and key (docs/decisions.md, "Bounds on settings").
RANGES: Final[dict[str, dict[str, Range]]] = {
    "reviews": {
        "review_cycle_months": Range(1, 120),  # up to ten years
        "health_check_months": Range(1, 120),
        "risk_assessment_months": Range(1, 120),
        "due_soon_days": Range(0, 730),  # 0: due soon only on the day; up to two years
    },
    "finance": {
        "significant_contribution": Range(0, 1_000_000_000, pounds=True),
        "staff_hourly_rate": Range(0, 1_000, pounds=True),  # 0: staff time not costed
    },
    "survey": {"min_group_size": Range(1, 1_000)},  # 1: every group shown
    "liaison": {
        "meeting_months": Range(1, 120),
        "briefing_months": Range(1, 120),
        "contact_check_months": Range(1, 120),
        "consultation_weeks": Range(1, 52),  # up to a year to respond
    },
}
GROUP_MEETING_MONTHS: Final = Range(1, 120)
_TYPED_LENGTH: Final = 40  # a value longer than this is shortened in a message


class SettingsError(Exception):
    """settings.toml cannot be used; the message says which key and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    council: str
    board: str
    matrix: RiskMatrix
    review_cycle_months: int
    health_check_months: int
    risk_assessment_months: int
    due_soon_days: int
    significant_contribution: float
    staff_hourly_rate: float
    min_group_size: int
    appetite: int  # the highest residual rating accepted ([risk] appetite)
    report_of: str  # [report]: who the board report is from, and its contact officer
    contact: str
    meeting_months: int
    briefing_months: int
    contact_check_months: int
    consultation_weeks: int
    # Each group meeting held to a cadence, with its months, in the order settings give them.
    group_meetings: tuple[tuple[str, int], ...]


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


def _number(section: str, key: str, value: object) -> Any:
    """`value` if it is a number in the key's range, else a SettingsError naming the range."""
    bound = RANGES[section][key]
    kinds = (int, float) if bound.pounds else (int,)
    if (
        isinstance(value, bool)
        or not isinstance(value, kinds)
        or not bound.low <= value <= bound.high  # nan is in no range; inf, -inf beyond all
    ):
        hint = " Write it as a plain number, without quotes, £ or commas." * isinstance(value, str)
        raise SettingsError(
            f"settings.toml: [{section}] {key} = {_as_typed(value)} must be "
            f"{bound.describe()}.{hint}"
        )
    return value


def _merge(raw: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in DEFAULTS.items()
    }
    for key, value in raw.items():
        if key not in DEFAULTS:
            known = ", ".join(DEFAULTS)
            raise SettingsError(f"settings.toml: unknown setting “{key}”. Known: {known}.")
        if isinstance(DEFAULTS[key], dict):
            if not isinstance(value, dict):
                raise SettingsError(f"settings.toml: “{key}” must be a [{key}] table.")
            for inner in value:
                if (key, inner) in SUBTABLES or (key, inner) in FOLLOWING:
                    continue
                if inner not in DEFAULTS[key]:
                    known = ", ".join([*DEFAULTS[key], *(i for k, i in FOLLOWING if k == key)])
                    raise SettingsError(
                        f"settings.toml: unknown setting “{inner}” in [{key}]. Known: {known}."
                    )
            merged[key].update(value)
        else:
            if not isinstance(value, str) or not value.strip():
                raise SettingsError(f"settings.toml: “{key}” must be some text in quotes.")
            merged[key] = value.strip()
    return merged


def _matrix(risk: dict[str, Any], *, explicit: bool) -> RiskMatrix:
    """The matrix named by [risk] matrix, or the council's own from [risk.custom].

    With a [risk.custom] table, `matrix` may be left out or set to "custom".
    """
    name = risk["matrix"]
    if "custom" in risk:
        if explicit and name != "custom":
            raise SettingsError(
                f"settings.toml: [risk] matrix = “{name}” but there is also a [risk.custom] "
                'matrix. Set matrix = "custom" to use it, or remove [risk.custom].'
            )
        try:
            return custom_matrix(risk["custom"])
        except MatrixError as error:
            raise SettingsError(f"settings.toml: {error}") from error
    if name == "custom":
        raise SettingsError(
            'settings.toml: [risk] matrix = "custom" needs a [risk.custom] table describing it.'
        )
    if name not in MATRICES:
        known = ", ".join(f"“{known}”" for known in MATRICES)
        raise SettingsError(
            f"settings.toml: [risk] matrix = “{name}” is not a known matrix. Use one of "
            f"{known}, or describe your own in [risk.custom] with matrix = “custom”."
        )
    return MATRICES[name]


def _words(section: dict[str, Any], key: str) -> str:
    """A [report] setting: text in quotes (blank allowed), trimmed."""
    value = section[key]
    if not isinstance(value, str):
        raise SettingsError(f"settings.toml: [report] {key} must be some text in quotes.")
    return value.strip()


def _appetite(risk: dict[str, Any], matrix: RiskMatrix) -> int:
    """[risk] appetite: a whole number within the matrix's ratings; the matrix's default when
    not given."""
    if "appetite" not in risk:
        return matrix.default_appetite
    value = risk["appetite"]
    low, high = matrix.lowest_rating, matrix.highest_rating
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        hint = " Write it as a plain number, without quotes." * isinstance(value, str)
        raise SettingsError(
            f"settings.toml: [risk] appetite = {_as_typed(value)} must be a whole number from "
            f"{low} to {high}, the ratings of the {matrix.name} matrix: the highest residual "
            f"rating the council accepts (left out, it is {matrix.default_appetite}).{hint}"
        )
    return value


def _group_meetings(table: object) -> tuple[tuple[str, int], ...]:
    """[liaison.group_meetings]: meeting kind → months, each kind a Meeting of §7 (any case)
    held with several councils (not one of COUNCIL_MEETINGS, which are checked per council)."""
    if not isinstance(table, dict):
        raise SettingsError(
            "settings.toml: “group_meetings” must be a [liaison.group_meetings] table, one line "
            'per meeting, such as "Clerks meeting" = 6.'
        )
    kinds = {kind.casefold(): kind for kind in MEETING_KINDS if kind not in COUNCIL_MEETINGS}
    meetings: dict[str, int] = {}
    for name, months in table.items():
        folded = " ".join(name.split()).casefold()
        kind = kinds.get(folded)
        if kind is None:
            known = ", ".join(f"“{k}”" for k in kinds.values())
            what = (
                "is a meeting with one council, checked for each council, not a group meeting"
                if folded in {k.casefold() for k in COUNCIL_MEETINGS}
                else "is not a kind of group meeting"
            )
            raise SettingsError(
                f"settings.toml: [liaison.group_meetings] “{name}” {what}. Use one of {known}."
            )
        bound = GROUP_MEETING_MONTHS
        if (
            isinstance(months, bool)
            or not isinstance(months, int)
            or not (bound.low <= months <= bound.high)
        ):
            raise SettingsError(
                f"settings.toml: [liaison.group_meetings] “{name}” = {_as_typed(months)} must "
                f"be {bound.describe()} (the months between meetings)."
            )
        meetings[kind] = months
    return tuple(meetings.items())


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
    merged = _merge(raw)
    matrix = _matrix(merged["risk"], explicit="matrix" in raw.get("risk", {}))
    numbers = {
        key: _number(section, key, merged[section][key])
        for section, keys in RANGES.items()
        for key in keys
    }
    return Settings(
        council=merged["council"],
        board=merged["board"],
        matrix=matrix,
        appetite=_appetite(merged["risk"], matrix),
        report_of=_words(merged["report"], "report_of"),
        contact=_words(merged["report"], "contact"),
        group_meetings=_group_meetings(merged["liaison"]["group_meetings"]),
        **numbers,
    )
