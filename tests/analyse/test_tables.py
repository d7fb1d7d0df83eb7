"""analyse.tables: the registry of report tables, each declared once with its inputs."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import AS_OF, SAMPLE_INPUT

from pipeline.analyse import report_tables
from pipeline.analyse.tables import BY_NAME, SHEETS, SOURCES, STEPS, TABLES, ReportTables
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
    assert not set(names) & set(SOURCES)
    assert all(table.sheet is None for table in STEPS)


def test_every_input_is_a_source_a_step_or_a_table_and_nothing_goes_round() -> None:
    """What each table is built from exists, and no table is (even indirectly) built from
    itself."""

    def ancestors(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " → ".join((*path, name))
        if name in SOURCES:
            return
        assert name in BY_NAME, f"{path[-1]} is built from {name}, which is nothing"
        table = BY_NAME[name]
        for given in (*table.inputs, *table.options):
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
