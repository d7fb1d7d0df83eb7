"""The `column()` helper and the kinds of value officers type.

Every column of every sheet is declared once, on a pandera `DataFrameModel`, with
`column()`. The officer-facing heading is the field's `title`; its aliases, kind, allowed
values, example and whether it is required live in `metadata`. The loader, the normaliser,
the validator and the docs all read that one object.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandera.pandas as pa


class Kind(StrEnum):
    """How a column's typed value is read (see pipeline/normalise.py)."""

    TEXT = "text"
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


def column(
    heading: str,
    *,
    kind: Kind = Kind.TEXT,
    required: bool = False,
    aliases: tuple[str, ...] = (),
    choices: tuple[str, ...] = (),
    example: object = None,
    description: str = "",
    **checks: Any,
) -> Any:
    """A pandera Field whose title is the officer-facing heading.

    `choices` become an `isin` check (after the normaliser has fixed their case);
    `required` makes the column non-nullable.
    """
    if choices:
        checks["isin"] = list(choices)
    return pa.Field(
        title=heading,
        description=description,
        nullable=not required,
        metadata={
            "aliases": aliases,
            "kind": kind,
            "choices": choices,
            "example": example,
            "required": required,
        },
        **checks,
    )


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


def column_specs(model: type[pa.DataFrameModel]) -> tuple[ColumnSpec, ...]:
    """The columns of a sheet model, in declaration order."""
    specs = []
    for name, col in model.to_schema().columns.items():
        meta = col.metadata or {}
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
            )
        )
    return tuple(specs)
