"""Appetite, targets and direction of travel (WORKBOOKS.md §3): the Risks sheet's new columns,
the Outside appetite sheet, Risk target missed / due, and the Trend sheet.

Risks are on the Charnwood 3×3 matrix (ratings: likelihood High 4 7 9, Medium 2 5 8, Low 1 3
6, for impact Low, Medium, High), whose default appetite is 6; the as-of date is 31 December
2026 and due soon runs to 31 March 2027.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF
from datasets import Book, Partnership, Risk, dataset

from pipeline.analyse.tables import ReportTables, built, source_values
from pipeline.periods import Period
from pipeline.settings import Settings, load_settings

DEFAULTS = load_settings(Path("/nonexistent"))


def risk(
    no: int, residual: tuple[int, int], target: tuple[int, int] | None = None, **more: object
) -> Risk:
    """Risk `no` of P-001: inherent 3×3 = 9, this residual (impact, likelihood), this target."""
    return Risk(
        risk_no=no,
        inherent_impact=3,
        inherent_likelihood=3,
        inherent_rating=None,
        residual_impact=residual[0],
        residual_likelihood=residual[1],
        residual_rating=None,
        target_impact=target[0] if target else None,
        target_likelihood=target[1] if target else None,
        **more,  # type: ignore[arg-type]
    )


def tables(
    *risks: Risk,
    partnerships: tuple[Partnership, ...] = (Partnership(),),
    settings: Settings = DEFAULTS,
    previous: dict[str, pd.DataFrame] | None = None,
    history: tuple[object, ...] = (),
) -> ReportTables:
    data = dataset(Book(partnerships=partnerships, risks=risks))
    return built(
        source_values(
            data,
            settings=settings,
            as_of=AS_OF,
            findings=[],
            previous=previous,
            history=history,
        )
    )


def test_target_rating_band_and_date_are_on_the_risks_sheet() -> None:
    report = tables(
        risk(1, (3, 2), (1, 1), target_date=date(2027, 6, 30)),
        risk(2, (2, 2)),
        risk(3, (2, 2), target_date=date(2027, 6, 30)),  # a date with no target: ignored
    )
    rows = report.risks.set_index("Risk no")
    assert (rows.loc[1, "Target rating"], rows.loc[1, "Target band"]) == (1, "Low")
    assert rows.loc[1, "Target date"] == pd.Timestamp("2027-06-30")
    assert rows.loc[[2, 3], ["Target rating", "Target band", "Target date"]].isna().all().all()


@pytest.mark.parametrize(
    ("residual", "outside"),
    [((3, 1), "No"), ((2, 3), "Yes")],  # rating 6 (the appetite): inside; 7: outside
    ids=["at-the-appetite", "above-it"],
)
def test_a_risk_above_the_appetite_is_outside_it(residual: tuple[int, int], outside: str) -> None:
    report = tables(risk(1, residual))
    assert report.risks["Outside appetite"].tolist() == [outside]
    assert len(report.outside_appetite) == (outside == "Yes")


def test_the_appetite_setting_moves_the_line(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("[risk]\nappetite = 3\n", encoding="utf-8")
    report = tables(risk(1, (2, 2)), risk(2, (2, 1)), settings=load_settings(tmp_path))
    assert report.risks["Outside appetite"].tolist() == ["Yes", "No"]  # 5 > 3; 2 is not


def test_outside_appetite_lists_the_highest_first_with_owner_and_target() -> None:
    report = tables(
        risk(1, (2, 3), (1, 1), target_date=date(2027, 6, 30), risk_owner="Head of Finance"),
        risk(2, (3, 3)),
        risk(3, (1, 1)),
    )
    outside = report.outside_appetite
    assert outside["Risk no"].tolist() == [2, 1]
    assert outside["Residual rating"].tolist() == [9, 7]
    first = outside.iloc[1]
    assert (first["Risk owner"], first["Target rating"]) == ("Head of Finance", 1)
    assert outside["Partnership"].tolist() == ["Example Community Safety Partnership"] * 2


def test_risks_of_closed_partnerships_are_never_outside_appetite() -> None:
    closed = Partnership(status="Closed")
    assert tables(risk(1, (3, 3)), partnerships=(closed,)).outside_appetite.empty


# Risk target missed and due ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target_date", "missed", "due"),
    [
        (date(2026, 12, 30), [(date(2026, 12, 30), 1)], []),
        (AS_OF, [], [(AS_OF, 0)]),
        (date(2027, 3, 31), [], [(date(2027, 3, 31), 90)]),
        (date(2027, 4, 1), [], []),
    ],
    ids=["a-day-late", "due-on-the-as-of-date", "due-on-the-horizon", "later"],
)
def test_a_risk_still_above_its_target_is_due_by_its_target_date(
    target_date: date, missed: list[tuple[date, int]], due: list[tuple[date, int]]
) -> None:
    report = tables(risk(4, (2, 3), (1, 2), target_date=target_date))  # residual 7, target 2
    late = report.overdue[report.overdue["Check"] == "Risk target missed"]
    soon = report.due_soon[report.due_soon["Check"] == "Risk target due"]
    assert [
        (d.date(), n) for d, n in zip(late["Due date"], late["Days overdue"], strict=True)
    ] == missed
    assert [
        (d.date(), n) for d, n in zip(soon["Due date"], soon["Days until due"], strict=True)
    ] == due
    for detail in [*late["Detail"], *soon["Detail"]]:
        assert detail == "Risk 4: residual rating 7, target 2"


def test_a_target_met_or_without_a_date_gives_no_row() -> None:
    report = tables(
        risk(1, (1, 2), (1, 2), target_date=date(2026, 1, 1)),  # met: residual = target
        risk(2, (3, 3), (1, 1)),  # no target date
    )
    listed = pd.concat([report.overdue, report.due_soon])["Check"]
    assert not listed.str.startswith("Risk target").any()


def test_only_active_partnerships_risk_targets_are_checked() -> None:
    suspended = Partnership(status="Suspended")
    report = tables(
        risk(1, (3, 3), (1, 1), target_date=date(2026, 1, 1)), partnerships=(suspended,)
    )
    assert not report.overdue["Check"].eq("Risk target missed").any()


# Direction of travel -------------------------------------------------------------------------


def _previous(*rows: tuple[str, int, int]) -> dict[str, pd.DataFrame]:
    """An earlier period's Risks (and empty Overdue) sheets: (Partnership ID, Risk no, rating)."""
    risks = pd.DataFrame(rows, columns=["Partnership ID", "Risk no", "Residual rating"]).assign(
        Risk="", **{"Residual band": ""}
    )
    overdue = pd.DataFrame(
        columns=["Partnership ID", "Partnership", "Check", "Detail"], dtype="str"
    )
    return {"risks": risks, "overdue": overdue}


def test_direction_compares_each_risks_residual_rating_with_the_last_period() -> None:
    """Risk 1 rose (5 → 7), 2 fell (8 → 5), 3 stayed (5), 4 is new; 5 has gone (not listed)."""
    previous = _previous(("P-001", 1, 5), ("P-001", 2, 8), ("P-001", 3, 5), ("P-001", 5, 9))
    report = tables(
        risk(1, (2, 3)), risk(2, (2, 2)), risk(3, (2, 2)), risk(4, (1, 1)), previous=previous
    )
    assert report.risks["Direction"].tolist() == ["Higher", "Lower", "Same", "New"]
    assert report.highest_risks.set_index("Risk no").loc[1, "Direction"] == "Higher"
    assert "Risk removed" in report.changes["Change"].tolist()


def test_with_nothing_published_before_direction_is_blank() -> None:
    assert tables(risk(1, (2, 2))).risks["Direction"].isna().all()


# The Trend --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Earlier:
    period: Period
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    as_of: date | None = None


def _rows(n: int, **columns: object) -> pd.DataFrame:
    return pd.DataFrame({name: [value] * n for name, value in columns.items()} or {"x": [0] * n})


def test_the_trend_has_each_earlier_period_then_this_run() -> None:
    """Q1 published every table; Q2 before Outside appetite existed (blank there)."""
    q1 = Earlier(
        Period(2026, 1),
        {
            "register": _rows(3, Status="Active"),
            "risks": _rows(4),
            "high_residual_risks": _rows(2),
            "outside_appetite": _rows(2),
            "overdue": _rows(5),
            "due_soon": _rows(1),
        },
        date(2026, 6, 30),
    )
    q2 = Earlier(Period(2026, 2), {"register": _rows(2, Status="Active"), "risks": _rows(3)})
    report = tables(risk(1, (3, 3)), risk(2, (1, 1)), history=(q1, q2))
    trend = report.trend
    assert trend["Period"].tolist() == ["2026/27 Q1", "2026/27 Q2", "2026/27 Q3"]
    assert trend["As of"].tolist()[0] == pd.Timestamp("2026-06-30")
    assert pd.isna(trend["As of"].tolist()[1])
    assert trend["As of"].tolist()[2] == pd.Timestamp(AS_OF)
    assert trend["Risks"].tolist() == [4, 3, 2]
    assert trend["Outside appetite"].isna().tolist() == [False, True, False]
    assert trend["Outside appetite"].tolist()[2] == 1
    this = trend.iloc[2]
    assert this["Active partnerships"] == 1
    assert this["High residual risks"] == len(report.high_residual_risks) == 1
    assert this["Overdue items"] == len(report.overdue)
    assert this["Due soon items"] == len(report.due_soon)
