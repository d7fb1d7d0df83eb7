"""The shipped sample input/ is exactly what scripts/make_sample_input.py writes."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_INPUT

from pipeline.analyse.compliance import context_for, due_soon, overdue
from pipeline.run import check_inputs
from pipeline.settings import load_settings

LIAISON = "parish-liaison.xlsx"
LIAISON_SHEETS = ("Local councils", "Meetings", "Consultations", "Devolved services")
#: The sample's as-of dates (both 2026/27 Q3): nothing is recorded as done after the first.
AS_OF_DATES = (date(2026, 11, 23), date(2026, 12, 31))


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_sample_input", ROOT / "scripts" / "make_sample_input.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_committed_sample_workbooks_are_regenerated_byte_for_byte(tmp_path: Path) -> None:
    """Regenerating the sample gives the committed files, so they can be trusted and varied."""
    written = _generator().write_sample_input(tmp_path)
    assert {p.name for p in written} == {
        p.name for p in SAMPLE_INPUT.iterdir() if p.suffix in (".xlsx", ".toml")
    }
    assert LIAISON in {p.name for p in written}
    for path in written:
        assert path.read_bytes() == (SAMPLE_INPUT / path.name).read_bytes(), path.name


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_the_sample_liaison_workbook_has_its_four_sheets_and_is_clean(as_of: date) -> None:
    """Every cell of parish-liaison.xlsx passes load and validate; each sheet has rows, all
    from that workbook, and Local councils lists the sample's town and parish councils."""
    settings = load_settings(SAMPLE_INPUT)
    _, dataset, findings = check_inputs(SAMPLE_INPUT, settings=settings, as_of=as_of)
    assert [f.where for f in findings if f.file == LIAISON] == []
    assert set(LIAISON_SHEETS) <= set(dataset.read)
    frames = {
        "Local councils": dataset.local_councils,
        "Meetings": dataset.meetings,
        "Consultations": dataset.consultations,
        "Devolved services": dataset.devolved_services,
    }
    for sheet, frame in frames.items():
        assert len(frame) > 0, sheet
        assert set(frame["source_file"]) == {LIAISON}, sheet
        assert set(frame["source_sheet"]) == {sheet}, sheet
    councils = dataset.local_councils
    assert list(councils["partnership_id"]) == [f"P-{n:03d}" for n in range(18, 30)]
    assert set(councils["council_type"]) == {"Town council", "Parish council", "Parish meeting"}


def test_the_sample_liaison_dates_are_as_recorded_by_the_first_as_of_date() -> None:
    """Nothing is recorded as done after 2026-11-23: later meetings are planned, and the one
    consultation issued later is planned too; responses never exceed councils consulted."""
    first = pd.Timestamp(AS_OF_DATES[0])
    _, dataset, _ = check_inputs(
        SAMPLE_INPUT, settings=load_settings(SAMPLE_INPUT), as_of=AS_OF_DATES[0]
    )
    assert (dataset.local_councils["contact_details_checked"].dropna() <= first).all()
    later = dataset.meetings[dataset.meetings["meeting_date"] > first]
    assert later["notes"].str.startswith("Planned").all()
    assert later["councils_represented"].isna().all()
    consultations = dataset.consultations
    assert (consultations["issued"] > first).sum() == 1
    answered = consultations.dropna(subset=["responses"])
    assert (answered["responses"] <= answered["councils_consulted"]).all()


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_the_sample_gives_every_liaison_check_something_to_show(as_of: date) -> None:
    """At both as-of dates each liaison check has a council overdue and one due soon, and the
    consultations include one under six weeks, one open and one planned."""
    settings = load_settings(SAMPLE_INPUT)
    _, dataset, _ = check_inputs(SAMPLE_INPUT, settings=settings, as_of=as_of)
    ctx = context_for(dataset, settings=settings, as_of=as_of)
    overdue_checks = set(overdue(ctx)["Check"])
    due_checks = set(due_soon(ctx)["Check"])
    for thing in ("Liaison meeting", "Briefing", "Contact details check"):
        assert f"{thing} overdue" in overdue_checks
        assert f"{thing} due" in due_checks
    assert "Devolution agreement expired" in overdue_checks
    assert "Devolution agreement ending" in due_checks
    consultations = dataset.consultations
    days = (consultations["closes"] - consultations["issued"]).dt.days
    day = pd.Timestamp(as_of)
    assert (days < 42).any()
    assert (days >= 42).any()
    assert ((consultations["issued"] <= day) & (consultations["closes"] >= day)).any()
    assert (consultations["issued"] > day).any()
    assert set(dataset.devolved_services["stage"]) == {
        "Interest",
        "Negotiating",
        "Agreement",
        "Ended",
    }
