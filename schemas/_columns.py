"""The `column()` helper and the kinds of value officers type.

Every column of every sheet is declared once, on a pandera `DataFrameModel`, with
`column()`. The officer-facing heading is the field's `title`; its aliases, kind, allowed
values, example and whether it is required live in `metadata`. The loader, the normaliser,
the validator and the docs all read that one object.

Every pandera check a column carries is named with the code of the rule it enforces
(schemas/rules.py), so a failure case names its rule itself: pandera's `failure_cases`
report a check's `error` text if it has one, else its `name`, so the checks here have no
error text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

import pandas as pd
import pandera.pandas as pa
from pandera.api.dataframe.model_components import FieldInfo


class Kind(StrEnum):
    """How a column's typed value is read; each kind is described once in schemas/kinds.py."""

    TEXT = "text"
    ID = "ID"  # P-001, Q1, R-12: compared as they look (pipeline/characters.py)
    PROSE = "plain text"  # officers' paragraphs: a blank line between them, "- " bullets
    CHOICE = "choice"  # one of a fixed list, read case-insensitively
    DATE = "date"
    YES_NO = "yes/no"
    MONEY = "money"
    NUMBER = "number"
    WHOLE_NUMBER = "whole number"
    LEVEL = "level"  # a level of the risk matrix's impact or likelihood scale
    RATING = "rating"  # a typed risk rating: checked against the matrix, never trusted
    RISK_TYPES = "risk types"  # R, F, S, L, T, E, P separated by commas or spaces
    URL = "web address"
    EMAIL = "e-mail address"


class Scale(StrEnum):
    """The risk matrix scale a LEVEL column is read on (RiskMatrix.labels)."""

    IMPACT = "impact"
    LIKELIHOOD = "likelihood"


# The rules the column checks enforce.
REQUIRED: Final = "value.required"
NOT_ALLOWED: Final = "value.not_allowed"
OUT_OF_RANGE: Final = "number.out_of_range"


def _filled(values: pd.Series) -> pd.Series:
    return values.notna()


def _checks(
    *, required: bool, choices: tuple[str, ...], ge: float | None, le: float | None
) -> list[pa.Check]:
    """The column's checks, each named with its rule code (`error=None`, so that pandera
    reports the name)."""
    checks = []
    if required:
        checks.append(pa.Check(_filled, ignore_na=False, name=REQUIRED))
    if choices:
        checks.append(pa.Check.isin(list(choices), name=NOT_ALLOWED, error=None))
    if ge is not None:
        checks.append(pa.Check.ge(ge, name=OUT_OF_RANGE, error=None))
    if le is not None:
        checks.append(pa.Check.le(le, name=OUT_OF_RANGE, error=None))
    return checks


def column(
    heading: str,
    *,
    kind: Kind = Kind.TEXT,
    required: bool = False,
    aliases: tuple[str, ...] = (),
    choices: tuple[str, ...] = (),
    example: object = None,
    description: str = "",
    scale: Scale | None = None,
    ge: float | None = None,
    le: float | None = None,
) -> Any:
    """A pandera Field whose title is the officer-facing heading.

    `required` makes a blank a `value.required` failure, `choices` an `isin` check (after
    the normaliser has fixed their case) and `ge` and `le` bounds `number.out_of_range`
    ones. A LEVEL column names its matrix `scale`.
    """
    if (kind is Kind.LEVEL) != (scale is not None):
        raise ValueError(f"{heading}: a level column, and only one, reads on a scale")
    return FieldInfo(
        checks=_checks(required=required, choices=choices, ge=ge, le=le),
        nullable=True,  # a blank in a required column is the `value.required` check's
        nullable_explicit=True,
        title=heading,
        description=description,
        metadata={
            "aliases": aliases,
            "kind": kind,
            "choices": choices,
            "example": example,
            "required": required,
            "scale": scale,
        },
    )


NOT_GIVEN: Final = (
    "Give it when Exempt is Yes: the board's list of exempt items says reason not given without it."
)


def exempt_reason_column(description: str = NOT_GIVEN) -> Any:
    """The `Exempt reason` column, as every sheet with an Exempt column has it (WORKBOOKS.md
    §8): required on Partnerships, a warning when blank elsewhere (validate.py)."""
    return column(
        "Exempt reason",
        aliases=("Reason exempt", "Exemption", "Schedule 12A paragraph"),
        example="Schedule 12A paragraph 3: financial or business affairs",
        description=description,
    )


def bound_text(value: object) -> str:
    """A bound as officers read it: `0`, `744`, `2.5`."""
    return str(value).removesuffix(".0")


def allowed_text(check: pa.Check) -> str:
    """What a check allows, in an officer's words, from its statistics: `0 or more`,
    `744 or less`, `2000 to 2100`, or the listed values; "" for a check with no bounds."""
    stats = check.statistics or {}
    if "allowed_values" in stats:
        return ", ".join(map(str, stats["allowed_values"]))
    low, high = stats.get("min_value"), stats.get("max_value")
    if low is not None and high is not None:
        return f"{bound_text(low)} to {bound_text(high)}"
    if low is not None:
        return f"{bound_text(low)} or more"
    if high is not None:
        return f"{bound_text(high)} or less"
    return ""


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """What the pipeline needs to know about one column, read off a model field."""

    name: str  # the attribute name: partnership_id
    heading: str  # the officer's heading: Partnership ID
    kind: Kind
    required: bool
    aliases: tuple[str, ...]
    choices: tuple[str, ...]
    example: object
    description: str
    scale: Scale | None = None  # the matrix scale of a LEVEL column
    minimum: float | None = None  # the bounds of its `number.out_of_range` checks
    maximum: float | None = None


def column_specs(model: type[pa.DataFrameModel]) -> tuple[ColumnSpec, ...]:
    """The columns of a sheet model, in declaration order."""
    specs = []
    for name, col in model.to_schema().columns.items():
        meta = col.metadata or {}
        bounds = {
            key: value
            for check in col.checks
            if check.name == OUT_OF_RANGE
            for key, value in check.statistics.items()
        }
        specs.append(
            ColumnSpec(
                name=str(name),
                heading=str(col.title),
                kind=meta.get("kind", Kind.TEXT),
                required=bool(meta.get("required", False)),
                aliases=tuple(meta.get("aliases", ())),
                choices=tuple(meta.get("choices", ())),
                example=meta.get("example"),
                description=col.description or "",
                scale=meta.get("scale"),
                minimum=bounds.get("min_value"),
                maximum=bounds.get("max_value"),
            )
        )
    return tuple(specs)
