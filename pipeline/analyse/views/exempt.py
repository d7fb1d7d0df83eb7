"""What is exempt from publication (WORKBOOKS.md §8), and the data as it would be without it.

The public edition is a whole run of the analysis on the dataset *without* the exempt rows:
no report table needs exemption logic of its own, and no figure in the public edition can be
read by subtracting it from another. This module decides which rows those are and takes them
out, in two places only: the validated dataset (`without`) and what earlier periods published
(`record_without`), which this run compares with.

A row is exempt when its workbook marks it (`marked`), or when an earlier period this run
compares with listed it among its exempt items (`recorded`): exemption follows the record.
An exempt partnership takes every row that names its ID with it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import pandas as pd

from pipeline.analyse.checks import RISK_TARGET
from pipeline.validate import Dataset

# The record's tables that are counts of other tables, not rows: they cannot be recounted
# without the exempt rows, so the public run never reads them as published.
TOTALS: Final = ("summary",)
# The record's tables of judgements each made on all of a partnership's rows: a partnership
# with an exempt risk keeps its row, its level blank, since it cannot be judged again without
# the risk (WORKBOOKS.md §8, §11).
JUDGED: Final = {"assurance": "Assurance"}
# Risk target rows published before Overdue and Due soon had a Risk no column name their
# risk at the start of their Detail, as compliance.risk_targets_due wrote it.
_RISK_DETAIL: Final = re.compile(r"Risk (\d+): ")
_RISK_TARGET_CHECKS: Final = (RISK_TARGET.overdue, RISK_TARGET.due)


def _key(partnership_id: object) -> str:
    """A Partnership ID as compared here: IDs compare case-insensitively (validate)."""
    return str(partnership_id).casefold()


@dataclass(frozen=True)
class Exempt:
    """The exempt partnerships (their IDs, compared case-insensitively) and the exempt risks
    (Partnership ID, Risk no) of a run."""

    partnerships: frozenset[str] = frozenset()
    risks: frozenset[tuple[str, int]] = frozenset()

    def __or__(self, other: Exempt) -> Exempt:
        return Exempt(self.partnerships | other.partnerships, self.risks | other.risks)

    def __bool__(self) -> bool:
        return bool(self.partnerships or self.risks)

    def partnership(self, partnership_id: object) -> bool:
        return not _blank(partnership_id) and _key(partnership_id) in self.partnerships

    def risk(self, partnership_id: object, risk_no: object) -> bool:
        """Whether the risk is exempt, itself or with its partnership."""
        if self.partnership(partnership_id):
            return True
        if _blank(partnership_id) or _blank(risk_no):
            return False
        return (_key(partnership_id), int(risk_no)) in self.risks  # type: ignore[call-overload]


def _blank(value: object) -> bool:
    return bool(pd.isna(value))  # type: ignore[call-overload]


def _yes(column: pd.Series) -> pd.Series:
    """A Yes/No column's Yes rows (blank is No)."""
    return column.fillna(False).astype(bool)


def marked(dataset: Dataset) -> Exempt:
    """What the workbooks mark Exempt: partnerships and risks."""
    partnerships = dataset.partnerships[_yes(dataset.partnerships["exempt"])]
    risks = dataset.risks[_yes(dataset.risks["exempt"])]
    return Exempt(
        frozenset(map(_key, partnerships["partnership_id"])),
        frozenset(
            (_key(pid), int(no))
            for pid, no in zip(risks["partnership_id"], risks["risk_no"], strict=True)
            if not _blank(pid) and not _blank(no)
        ),
    )


def recorded(items: pd.DataFrame | None) -> Exempt:
    """What an earlier period listed on its `Exempt items` sheet (None: it has none)."""
    if items is None or not {"Item", "Partnership ID", "Risk no"} <= set(items.columns):
        return Exempt()
    partnerships = items[items["Item"] == "Partnership"]
    risks = items[(items["Item"] == "Risk") & items["Risk no"].notna()]
    return Exempt(
        frozenset(map(_key, partnerships["Partnership ID"].dropna())),
        frozenset(
            (_key(pid), int(no))
            for pid, no in zip(risks["Partnership ID"], risks["Risk no"], strict=True)
            if not _blank(pid)
        ),
    )


def _naming(frame: pd.DataFrame, exempt: Exempt, column: str = "partnership_id") -> pd.Series:
    """The rows of `frame` that name an exempt partnership in `column`."""
    if column not in frame or not exempt.partnerships:
        return pd.Series(False, index=frame.index)
    return frame[column].map(exempt.partnership).astype(bool)


def without(dataset: Dataset, exempt: Exempt) -> Dataset:
    """The dataset as it would be if the exempt rows did not exist: every row naming an
    exempt partnership, every exempt risk and its risk actions, every survey answer of a response that goes, and
    every Commentary row marked Exempt."""
    frames: dict[str, pd.DataFrame] = {}
    for spec in dataclasses.fields(dataset):
        frame = getattr(dataset, spec.name)
        if isinstance(frame, pd.DataFrame):
            frames[spec.name] = frame[~_naming(frame, exempt)]
    # An exempt risk takes its risk actions with it (WORKBOOKS.md §8, §11).
    for name in ("risks", "risk_actions"):
        frames[name] = frames[name][~_about_exempt_risk(frames[name], exempt)]
    gone = dataset.responses[_naming(dataset.responses, exempt)]
    answers = frames["answers"]
    if not gone.empty:
        left = set(zip(gone["survey_year"], gone["response_id"], strict=True))
        keys = zip(answers["survey_year"], answers["response_id"], strict=True)
        frames["answers"] = answers[[key not in left for key in keys]]
    notes = frames["commentary"]
    frames["commentary"] = notes[~_yes(notes["exempt"])]
    return dataclasses.replace(dataset, **frames)  # type: ignore[arg-type]


def _about_exempt_risk(frame: pd.DataFrame, exempt: Exempt) -> pd.Series:
    """The rows of a sheet of risks (Risks, Risk actions) about an exempt risk."""
    return pd.Series(
        [
            exempt.risk(pid, no)
            for pid, no in zip(frame["partnership_id"], frame["risk_no"], strict=True)
        ],
        index=frame.index,
        dtype=bool,
    )


def _risk_of(frame: pd.DataFrame) -> pd.Series:
    """The risk number each row of a published table is about (NA for rows about none)."""
    if "Risk no" in frame:
        return pd.to_numeric(frame["Risk no"], errors="coerce")
    if {"Check", "Detail"} <= set(frame.columns):
        about = frame["Check"].isin(_RISK_TARGET_CHECKS)
        numbers = frame["Detail"].astype("str").str.extract(_RISK_DETAIL, expand=False)
        return pd.to_numeric(numbers.where(about), errors="coerce")
    return pd.Series(float("nan"), index=frame.index)


def record_without(tables: Mapping[str, pd.DataFrame], exempt: Exempt) -> dict[str, pd.DataFrame]:
    """An earlier period's published tables as they would be without the exempt rows: each
    row about an exempt partnership or risk taken out, the exempt items emptied, and the
    tables of totals (TOTALS) left out, since they cannot be recounted."""
    kept: dict[str, pd.DataFrame] = {}
    for name, frame in tables.items():
        if name in TOTALS:
            continue
        if name == "exempt_items":
            kept[name] = frame.iloc[0:0]
            continue
        if "Partnership ID" not in frame:
            kept[name] = frame
            continue
        risk = _risk_of(frame)
        drop = [
            exempt.risk(pid, no) if not _blank(no) else exempt.partnership(pid)
            for pid, no in zip(frame["Partnership ID"], risk, strict=True)
        ]
        frame = frame[~pd.Series(drop, index=frame.index, dtype=bool)].reset_index(drop=True)
        if name in JUDGED and JUDGED[name] in frame:
            frame = _unjudged(frame, JUDGED[name], exempt)
        kept[name] = frame
    return kept


def _unjudged(frame: pd.DataFrame, column: str, exempt: Exempt) -> pd.DataFrame:
    """A table of judgements with `column` blank for each partnership with an exempt risk."""
    with_exempt_risk = {pid for pid, _ in exempt.risks}
    judged_on_exempt = frame["Partnership ID"].map(
        lambda pid: not _blank(pid) and _key(pid) in with_exempt_risk
    )
    return frame.assign(**{column: frame[column].where(~judged_on_exempt.astype(bool))})


def recorded_in(record: Iterable[Mapping[str, pd.DataFrame]]) -> Exempt:
    """Everything the earlier periods in `record` listed as exempt."""
    found = Exempt()
    for tables in record:
        found |= recorded(tables.get("exempt_items"))
    return found
