"""Data quality by partnership: the run's findings gathered under the partnership each is about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from pipeline.analyse.registry import table
from pipeline.analyse.topics.register import partnership_names
from pipeline.findings import DATA_QUALITY_COLUMNS, Finding, findings_table, row_of
from pipeline.validate import Dataset

DATA_QUALITY_SUMMARY_COLUMNS: Final = ("Partnership ID", "Partnership", "Problems", "In words")
NOT_ONE_PARTNERSHIP: Final = "Not about one partnership"


def data_quality_by_partnership(data_quality: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The `Data quality` rows with the Partnership ID of the row each is about (blank when a
    finding is about a file, a sheet or a row with no partnership)."""

    def place(file: str, sheet: str, cell: str) -> tuple[str, str, int] | None:
        row = row_of(cell)
        return (file, sheet, row) if row is not None else None

    places = [
        place(f, s, c)
        for f, s, c in zip(
            data_quality["File"], data_quality["Sheet"], data_quality["Cell"], strict=True
        )
    ]
    wanted = {key for key in places if key is not None}
    rows = {row for _, _, row in wanted}
    where: dict[tuple[str, str, int], str] = {}  # only the rows findings are about
    for frame in (
        dataset.partnerships,
        dataset.members,
        dataset.agreements,
        dataset.actions,
        dataset.risks,
        dataset.responses,
        dataset.local_councils,
        dataset.meetings,
        dataset.devolved_services,
    ):
        present = frame[frame["source_row"].isin(rows)].dropna(subset=["partnership_id"])
        for file, sheet, row, pid in zip(
            present["source_file"],
            present["source_sheet"],
            present["source_row"],
            present["partnership_id"],
            strict=True,
        ):
            if (key := (file, sheet, int(row))) in wanted:
                where[key] = pid
    ids = [where.get(key) if key is not None else None for key in places]
    return data_quality.assign(
        **{"Partnership ID": pd.Series(ids, index=data_quality.index, dtype="str")}
    )


def _in_words(problems: pd.DataFrame) -> str:
    """ "3 problems: 2 in Risks (Risk owner, Target date), 1 in Partnerships (Website)": the
    sheets with most problems first, and in each its columns with most problems first (then
    alphabetically), so the words are the same whatever order the findings came in."""
    parts = []
    for sheet, rows in sorted(
        problems.groupby(problems["Sheet"].fillna(""), sort=False),
        key=lambda item: (-len(item[1]), str(item[0]).lower()),
    ):
        counts = rows["Column"].replace("", pd.NA).dropna().value_counts()
        named = sorted(counts.items(), key=lambda item: (-item[1], str(item[0]).lower()))
        columns = ", ".join(str(column) for column, _ in named)  # most problems first
        where = f" in {sheet}" if sheet else " about a whole file"
        parts.append(f"{len(rows)}{where}" + (f" ({columns})" if columns else ""))
    total = len(problems)
    return f"{total} problem{'s' if total != 1 else ''}: " + ", ".join(parts)


@table("Data quality by partnership", DATA_QUALITY_SUMMARY_COLUMNS)
def data_quality_summary(data_quality: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """How many problems (warnings) each partnership's records have, and where, in words,
    most problems first: the board's view of the `Data quality` sheet, which lists each with
    its cell. Problems about no one partnership (a file, a survey answer) are counted on one
    last row. The `Data quality by partnership` sheet."""
    located = data_quality_by_partnership(data_quality, dataset)
    names = partnership_names(dataset.partnerships)
    rows = []
    for pid, problems in located.groupby(located["Partnership ID"].fillna(""), sort=False):
        rows.append(
            (
                pid or None,
                names.get(pid, NOT_ONE_PARTNERSHIP) if pid else NOT_ONE_PARTNERSHIP,
                len(problems),
                _in_words(problems),
            )
        )
    table = pd.DataFrame(rows, columns=list(DATA_QUALITY_SUMMARY_COLUMNS))
    table["Problems"] = table["Problems"].astype("int64")
    return table.assign(
        _last=table["Partnership ID"].isna(), _name=table["Partnership"].str.lower()
    ).sort_values(["_last", "Problems", "_name"], ascending=[True, False, True], ignore_index=True)[
        list(DATA_QUALITY_SUMMARY_COLUMNS)
    ]


@table("Data quality", DATA_QUALITY_COLUMNS)
def data_quality(findings: Sequence[Finding]) -> pd.DataFrame:
    """Every finding of the run, one row each with its cell (findings_table)."""
    return findings_table(findings)
