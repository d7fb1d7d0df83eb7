"""Settings: input/settings.toml and its defaults, read once into a frozen `Settings`.

Every key is optional; an unknown key or matrix name is a settings error (exit 2).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pipeline.matrices import MATRICES, MatrixError, RiskMatrix, custom_matrix

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
}


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


def _number(section: str, key: str, value: object, *, whole: bool) -> Any:
    kinds = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
        kind = "a whole number" if whole else "a number"
        raise SettingsError(
            f"settings.toml: [{section}] {key} = {value!r} must be {kind}, 0 or more."
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
                if (key, inner) == ("risk", "custom"):
                    continue
                if inner not in DEFAULTS[key]:
                    known = ", ".join(DEFAULTS[key])
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


def load_settings(input_dir: Path) -> Settings:
    """Settings from `input_dir/settings.toml`, or the defaults when there is none."""
    path = input_dir / SETTINGS_FILE
    raw: dict[str, Any] = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"settings.toml cannot be read: {error}.") from error
    merged = _merge(raw)
    matrix = _matrix(merged["risk"], explicit="matrix" in raw.get("risk", {}))
    reviews, finance = merged["reviews"], merged["finance"]
    return Settings(
        council=merged["council"],
        board=merged["board"],
        matrix=matrix,
        review_cycle_months=_number(
            "reviews", "review_cycle_months", reviews["review_cycle_months"], whole=True
        ),
        health_check_months=_number(
            "reviews", "health_check_months", reviews["health_check_months"], whole=True
        ),
        risk_assessment_months=_number(
            "reviews", "risk_assessment_months", reviews["risk_assessment_months"], whole=True
        ),
        due_soon_days=_number("reviews", "due_soon_days", reviews["due_soon_days"], whole=True),
        significant_contribution=_number(
            "finance", "significant_contribution", finance["significant_contribution"], whole=False
        ),
        staff_hourly_rate=_number(
            "finance", "staff_hourly_rate", finance["staff_hourly_rate"], whole=False
        ),
        min_group_size=_number(
            "survey", "min_group_size", merged["survey"]["min_group_size"], whole=True
        ),
    )
