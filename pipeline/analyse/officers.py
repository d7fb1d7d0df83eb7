"""Per-officer action lists: each lead officer's overdue, due-soon and data-quality rows, so a
partnerships team can send every officer their own list."""

from __future__ import annotations

import re
from typing import Final

import pandas as pd

from pipeline.analyse.compliance import acting_officer
from pipeline.findings import row_of
from pipeline.validate import Dataset
from schemas import sheet_for_name

OFFICER_SHEETS: Final = ("Overdue", "Due soon", "Data quality")
LIAISON_SHEETS: Final = ("Local councils", "Meetings", "Consultations", "Devolved services")


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


def safe_file_name(name: str) -> str:
    """An officer's name or role as a file name: letters (any language), digits, spaces and
    `&()'-` only; never a path."""
    cleaned = re.sub(r"[^\w &()'-]+", " ", name)
    cleaned = " ".join(cleaned.split())[:80].strip(" .")
    return cleaned or "Officer"


def officer_lists(
    overdue: pd.DataFrame,
    due_soon: pd.DataFrame,
    data_quality: pd.DataFrame,
    partnerships: pd.DataFrame,
) -> dict[str, dict[str, pd.DataFrame]]:
    """File name → sheets (Overdue, Due soon, Data quality) for every lead officer with at least
    one row. `data_quality` is data_quality_by_partnership()'s table."""
    by_id = partnerships.drop_duplicates("partnership_id").set_index("partnership_id")
    # A finding on a town and parish council sheet goes to the officer who acts on the
    # council's liaison rows (its partnership manager); any other to the lead officer.
    liaison = data_quality["Sheet"].map(
        lambda sheet: (
            (spec := sheet_for_name(str(sheet))) is not None and spec.name in LIAISON_SHEETS
        )
    )
    quality_officer = (
        data_quality["Partnership ID"]
        .map(by_id["lead_officer"])
        .where(~liaison.astype(bool), data_quality["Partnership ID"].map(acting_officer(by_id)))
    )
    names = sorted(
        {
            *overdue["Lead officer"].dropna(),
            *due_soon["Lead officer"].dropna(),
            *quality_officer.dropna(),
        }
    )
    lists: dict[str, dict[str, pd.DataFrame]] = {}
    for officer in names:
        file_name = safe_file_name(officer)
        stem, number = file_name, 2
        while f"{file_name}.xlsx" in lists:
            file_name, number = f"{stem} ({number})", number + 1
        lists[f"{file_name}.xlsx"] = {
            "Overdue": overdue[overdue["Lead officer"] == officer].reset_index(drop=True),
            "Due soon": due_soon[due_soon["Lead officer"] == officer].reset_index(drop=True),
            "Data quality": data_quality[quality_officer == officer].reset_index(drop=True),
        }
    return lists
