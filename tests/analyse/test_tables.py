"""analyse.tables: the registry of report tables, each declared once beside its function,
its parameters its inputs."""

from __future__ import annotations

import collections.abc
import types
import typing

import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT

from pipeline.analyse.registry import source_types
from pipeline.analyse.tables import (
    BY_NAME,
    SHEETS,
    STEPS,
    TABLES,
    ReportTables,
    report_tables,
)
from pipeline.run import check_inputs
from pipeline.settings import load_settings

EXCEL_SHEET_NAME_LIMIT = 31


@pytest.fixture(scope="module")
def sample_tables() -> ReportTables:
    settings = load_settings(SAMPLE_INPUT)
    _, dataset, findings = check_inputs(SAMPLE_INPUT, settings=settings, as_of=AS_OF)
    return report_tables(dataset, settings=settings, as_of=AS_OF, findings=findings)


def test_each_table_and_sheet_is_named_once() -> None:
    """No two tables (or steps) share a name, no two tables a sheet, and Excel can hold
    every sheet name."""
    names = [table.name for table in (*STEPS, *TABLES)]
    assert len(names) == len(set(names))
    sheets = [table.sheet for table in TABLES]
    assert None not in sheets
    assert len(sheets) == len(set(sheets))
    assert all(len(sheet) <= EXCEL_SHEET_NAME_LIMIT for sheet in SHEETS.values())
    assert not set(names) & set(source_types())
    assert all(table.sheet is None for table in STEPS)


def test_every_input_is_a_source_a_step_or_a_table_and_nothing_goes_round() -> None:
    """What each table is built from exists, and no table is (even indirectly) built from
    itself."""

    def ancestors(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " → ".join((*path, name))
        if name in source_types():
            return
        assert name in BY_NAME, f"{path[-1]} is built from {name}, which is nothing"
        for given in BY_NAME[name].inputs:
            ancestors(given, (*path, name))

    for table in TABLES:
        ancestors(table.name, ())


def test_each_table_has_its_declared_columns(sample_tables: ReportTables) -> None:
    """The columns a table is declared with are the columns it is built with, in order (a
    table whose further columns follow the data starts with them)."""
    assert list(sample_tables) == [table.name for table in TABLES]
    for table in TABLES:
        columns = list(sample_tables[table.name].columns)
        if table.then:
            assert columns[: len(table.columns)] == list(table.columns), table.name
            assert len(columns) > len(table.columns), table.name
        else:
            assert columns == list(table.columns), table.name


def test_the_sheets_are_the_registered_names_in_order(sample_tables: ReportTables) -> None:
    assert list(sample_tables.sheets()) == [table.sheet for table in TABLES]
    assert sample_tables.sheets()["Survey by type"] is sample_tables.survey_by_type


def test_an_unregistered_table_is_refused() -> None:
    with pytest.raises(KeyError, match="not registered"):
        ReportTables({"risk_list": pd.DataFrame()})
    with pytest.raises(AttributeError, match="no report table called 'risk_list'"):
        _ = ReportTables({}).risk_list


def _members(annotation: object) -> set[object]:
    """The types an annotation allows, None left out (`X | None` is X)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return {member for member in typing.get_args(annotation) if member is not type(None)}
    return {annotation}


def _accepts(parameter: object, given: object) -> bool:
    """A parameter annotated `parameter` accepts a value of type `given`: the same type, or a
    kind of what it asks for (a tuple where a Sequence is asked for)."""
    wanted = _members(parameter)
    for member in _members(given):
        if member in wanted or typing.Any in wanted:
            continue
        origin = typing.get_origin(member) or member
        if not any(
            isinstance(origin, type)
            and isinstance(typing.get_origin(w) or w, type)
            and issubclass(origin, typing.get_origin(w) or w)  # type: ignore[arg-type]
            for w in wanted
        ):
            return False
    return True


def test_each_parameter_gets_the_type_it_declares() -> None:
    """A table's parameters are its inputs, so each must accept what it is given: a source of
    the type Sources declares, another table (a DataFrame), or a step's return type. A
    parameter named after nothing, or typed for something else, fails here, not in a run."""
    given = source_types()
    for entry in (*STEPS, *TABLES):
        hints = typing.get_type_hints(entry.build)
        for name in entry.inputs:
            if name in given:
                supplied = given[name]
            else:
                assert name in BY_NAME, f"{entry.name}: {name} names nothing"
                supplied = typing.get_type_hints(BY_NAME[name].build)["return"]
            assert _accepts(hints[name], supplied), (
                f"{entry.name}({name}: {hints[name]}) given {supplied}"
            )
        if entry.sheet is not None:
            assert hints["return"] is pd.DataFrame, entry.name


def test_a_parameter_of_the_wrong_type_is_caught() -> None:
    """The check above can fail: a DataFrame parameter given a frozenset, or a Sequence given a
    DataFrame, is refused; a tuple where a Sequence is asked for is accepted."""
    assert not _accepts(pd.DataFrame, frozenset[str])
    assert not _accepts(collections.abc.Sequence[int], pd.DataFrame)
    assert _accepts(collections.abc.Sequence[int], tuple[int, ...])
    assert _accepts(pd.DataFrame | None, pd.DataFrame)


def test_the_dataset_has_a_frame_for_each_sheet_the_schemas_declare() -> None:
    """The Dataset's frames are the schemas' sheets, by the name each SheetSpec gives them: a
    sheet added to schemas/ without its frame fails here, not far away."""
    import dataclasses

    from pipeline.validate import Dataset
    from schemas import SHEETS

    frames = {field.name for field in dataclasses.fields(Dataset)} - {"answers", "read"}
    assert frames == {spec.attribute for spec in SHEETS.values()}
