"""How a report table is declared: once, beside the function that builds it.

    @table("Survey by type", SURVEY_BY_TYPE_COLUMNS)
    def survey_by_type(answers: pd.DataFrame, questions: pd.DataFrame, settings: Settings) -> …

names the table `survey_by_type` (how code and templates call it), puts it on the sheet
`Survey by type` of report-data.xlsx with those columns, and builds it from what its
parameters name: other tables, steps (`@step`: worked out once and shared, never published)
or the run's sources (`Sources`). Nothing else says what a table is made from; mypy checks the
function, and tests/analyse/test_tables.py checks that every parameter names a table, a step
or a source of the type its annotation says.

The registry only collects; pipeline.analyse.tables puts the sheets in order and builds them.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Final, TypeVar

import pandas as pd

from pipeline.findings import Finding
from pipeline.matrices import RiskMatrix
from pipeline.periods import Period
from pipeline.settings import Settings
from pipeline.validate import Dataset
from schemas import SHEETS

Build = TypeVar("Build", bound=Callable[..., Any])


@dataclass(frozen=True)
class Table:
    """One report table (or, with no sheet, a step shared by several tables).

    `build` is called with each of its parameters by name. `columns` are the table's columns
    in order; a table whose further columns follow the data (`Agreement by type` has one per
    organisation type) says so in `then`. A table of an optional input sheet (the town and
    parish council sheets) names it in `when`, and is left out when no workbook has one.
    """

    name: str
    sheet: str | None
    build: Callable[..., Any]
    columns: tuple[str, ...] = ()
    then: str = ""
    when: str | None = None  # the input sheet it reads: built only when a workbook has one

    @property
    def inputs(self) -> tuple[str, ...]:
        """What it is built from: its function's parameters, in order."""
        return tuple(inspect.signature(self.build).parameters)


DECLARED: Final[dict[str, Table]] = {}


def _declare(entry: Table) -> None:
    if entry.name in DECLARED:
        raise ValueError(f"report table {entry.name!r} is declared twice")
    DECLARED[entry.name] = entry


def table(
    sheet: str,
    columns: Sequence[str],
    *,
    name: str | None = None,
    then: str = "",
    when: str | None = None,
) -> Callable[[Build], Build]:
    """Declare the function below as the report table on `sheet` (named as the function, or
    `name`), with these columns."""

    def declare(build: Build) -> Build:
        _declare(Table(name or build.__name__, sheet, build, tuple(columns), then, when))
        return build

    return declare


def step(name: str | None = None) -> Callable[[Build], Build]:
    """Declare the function below as a step: worked out once for the tables that name it
    (named as the function, or `name`), on no sheet."""

    def declare(build: Build) -> Build:
        _declare(Table(name or build.__name__, None, build))
        return build

    return declare


@dataclass(frozen=True)
class Sources:
    """The run's sources: what a table may be built from besides other tables and steps.

    Each field is a source of its name; so are `matrix` (the settings' risk matrix), `read`
    (the kinds of sheet at least one workbook has), `answers` (the survey's answers, one row
    each) and every kind of sheet of schemas.SHEETS, by its `source` name (`partnerships`,
    `risk_rows`, …). `previous` and `last_year` are None when nothing was published before.
    """

    dataset: Dataset
    settings: Settings
    as_of: date
    findings: Sequence[Finding]
    period: Period
    previous: Mapping[str, pd.DataFrame] | None = None  # the last published quarter's tables
    last_year: Mapping[str, pd.DataFrame] | None = None  # those of last financial year
    history: Sequence[Any] = ()  # every earlier period the Trend reads, oldest first
    # What the earlier periods compared with listed as exempt, with a Period column (§8).
    record_exempt_items: pd.DataFrame | None = None

    def values(self) -> dict[str, Any]:
        """Every source by name."""
        given = {field.name: getattr(self, field.name) for field in fields(self)}
        sheets = {spec.source: getattr(self.dataset, spec.attribute) for spec in SHEETS.values()}
        derived = {
            "matrix": self.settings.matrix,
            "read": self.dataset.read,
            "answers": self.dataset.answers,
            "history": list(self.history),
        }
        return given | sheets | derived


# The type of each source that is not a field of Sources, for the check of parameters.
DERIVED_TYPES: Final[Mapping[str, object]] = {
    "matrix": RiskMatrix,
    "read": frozenset[str],
    "answers": pd.DataFrame,
    "history": Sequence[Any],
    **{spec.source: pd.DataFrame for spec in SHEETS.values()},
}


def sheet_of(name: str) -> str:
    """The sheet of report-data.xlsx that holds the table `name` (KeyError if none does)."""
    sheet = DECLARED[name].sheet
    if sheet is None:
        raise KeyError(f"{name!r} is a step, on no sheet")
    return sheet


def source_types() -> dict[str, object]:
    """Every source's name and type: what a table's parameter of that name must accept."""
    hints = typing.get_type_hints(Sources)
    return {field.name: hints[field.name] for field in fields(Sources)} | dict(DERIVED_TYPES)
