"""Per-officer action lists: each lead officer's overdue, due-soon and data-quality rows, and
each action owner's own follow-up and risk actions, so a partnerships team can send everyone their own
list. Every list starts with an About sheet: the council, whom it is for, the period and the
position date, and what each sheet holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import pandas as pd

from pipeline.analyse.checks import ACTION, RISK_ACTION
from pipeline.analyse.definitions import due_soon_horizon, is_to_date, reported_end, uk_date
from pipeline.analyse.topics.compliance import RESPONSIBLE, risk_action_detail
from pipeline.analyse.topics.due import acting_officer
from pipeline.characters import name_key
from pipeline.periods import Period
from schemas import sheet_for_name

ABOUT: Final = "About"
ABOUT_COLUMNS: Final = ("Item", "Detail")
LIAISON_SHEETS: Final = ("Local councils", "Meetings", "Consultations", "Devolved services")
# The checks a follow-up action's or a risk action's rows carry in Overdue and Due soon.
ACTION_CHECKS: Final = (ACTION.overdue, ACTION.due, RISK_ACTION.overdue, RISK_ACTION.due)
OWNER: Final = "Owner of follow-up actions"
GROUP_MEETINGS: Final = "Officer for group meetings with local councils"
REQUESTS: Final = "Council requests"  # the sheet of their councils' requests (liaison)
FOLDER: Final = "officers"  # the lists' folder, beside report-data.xlsx


@dataclass(frozen=True, slots=True)
class ListsFor:
    """What every list says it is for: the council, the quarter and the position date, and
    how far ahead Due soon looks (the settings' due_soon_days)."""

    council: str
    period: Period
    as_of: date
    due_soon_days: int


def period_words(period: Period, as_of: date) -> str:
    """The period as the reports' covers give it: `2026/27 Q3 (1 October 2026 to 31 December
    2026)`, or for a quarter still running `2026/27 Q3 to date: 1 October 2026 to 23 November
    2026`."""
    start, end = uk_date(period.start), uk_date(reported_end(period, as_of))
    if is_to_date(period, as_of):
        return f"{period.label} to date: {start} to {end}"
    return f"{period.label} ({start} to {end})"


def safe_file_name(name: str) -> str:
    """An officer's name or role as a file name: letters (any language), digits, spaces and
    `&()'-` only; never a path."""
    cleaned = re.sub(r"[^\w &()'-]+", " ", name)
    cleaned = " ".join(cleaned.split())[:80].strip(" .")
    return cleaned or "Officer"


def list_path(officer: str) -> str:
    """Where a lead officer's list is published, as the pack names it:
    `officers/<their name as a file name>.xlsx`. Two people whose names make one file name
    have their lists numbered by officer_lists (`… (2).xlsx`), which this does not know."""
    return f"{FOLDER}/{safe_file_name(officer)}.xlsx"


def _owned(actions: pd.DataFrame, risk_actions: pd.DataFrame | None) -> pd.DataFrame:
    """Each follow-up and risk action as its Overdue and Due soon rows name it (Partnership
    ID, Due date, Detail), with its owner."""
    frames = [
        pd.DataFrame(
            {
                "Partnership ID": actions["partnership_id"].astype("object"),
                "Due date": pd.to_datetime(actions["due"]).dt.normalize(),
                "Detail": (actions["action"] + " (" + actions["owner"] + ")").astype("object"),
                "owner": actions["owner"].astype("object"),
            }
        )
    ]
    if risk_actions is not None and not risk_actions.empty:
        details = [
            risk_action_detail(no, action, owner)
            for no, action, owner in zip(
                risk_actions["risk_no"], risk_actions["action"], risk_actions["owner"], strict=True
            )
        ]
        frames.append(
            pd.DataFrame(
                {
                    "Partnership ID": risk_actions["partnership_id"].astype("object"),
                    "Due date": pd.to_datetime(risk_actions["due"]).dt.normalize(),
                    "Detail": pd.Series(details, index=risk_actions.index, dtype="object"),
                    "owner": risk_actions["owner"].astype("object"),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def action_owners(
    frame: pd.DataFrame, actions: pd.DataFrame, risk_actions: pd.DataFrame | None = None
) -> pd.Series:
    """The owner of each follow-up or risk action row of an Overdue or Due soon table (NA on
    other rows), found from the Actions and Risk actions sheets by partnership, due date and
    the row's Detail, which compliance writes as `<action> (<owner>)` and `Risk N: <action>
    (<owner>)`."""
    owners = pd.Series(pd.NA, index=frame.index, dtype="object")
    if (actions.empty and (risk_actions is None or risk_actions.empty)) or (
        "Check" not in frame.columns
    ):
        return owners
    is_action = frame["Check"].isin(ACTION_CHECKS)
    if not is_action.any():
        return owners
    known = (
        _owned(actions, risk_actions)
        .dropna(subset=["owner"])
        .drop_duplicates(["Partnership ID", "Due date", "Detail"])
    )
    rows = frame.loc[is_action, ["Partnership ID", "Due date", "Detail"]].astype(
        {"Partnership ID": "object", "Detail": "object"}
    )
    rows["Due date"] = pd.to_datetime(rows["Due date"]).dt.normalize()
    rows = rows.assign(_row=rows.index).merge(
        known, on=["Partnership ID", "Due date", "Detail"], how="left"
    )
    found = rows.dropna(subset=["owner"])
    owners.loc[found["_row"].to_numpy()] = found["owner"].to_numpy()
    return owners


def _roles(roles: list[str]) -> str:
    """`Lead officer`, `Lead officer and partnership manager`, `Lead officer, partnership
    manager and owner of follow-up actions`."""
    words = [roles[0], *(role[0].lower() + role[1:] for role in roles[1:])]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _about(
    person: str,
    *,
    roles: list[str],
    owns_others: bool,
    counts: tuple[int, int, int, int],
    about: ListsFor,
) -> pd.DataFrame:
    """The About sheet: whom and what the list is for, and what each sheet holds. `roles`:
    Lead officer, Partnership manager, Owner of follow-up actions (on other partnerships than
    their own when `owns_others`), Officer for group meetings. `counts`: their overdue,
    due-soon, data quality and council requests rows."""
    late, soon, quality, requests = counts
    horizon = due_soon_horizon(about.as_of, about.due_soon_days)
    if roles == [OWNER]:
        listed = "The follow-up actions you own"
        quality_words = "none: warnings go to each partnership's lead officer"
    else:
        listed = "Checks and follow-up actions on the partnerships you are lead officer or " + (
            "partnership manager for, and the follow-up actions you own on other partnerships"
            if owns_others
            else "partnership manager for"
        )
        quality_words = f"{_count(quality, 'warning')} about rows of those partnerships"
    if GROUP_MEETINGS in roles:
        listed += ", and the group meetings with local councils you hold"
    rows: list[tuple[str, object]] = [
        ("Council", about.council),
        ("For", person),
        ("As", _roles(roles)),
        ("Period", period_words(about.period, about.as_of)),
        ("Position as at", about.as_of),
        ("Listed", listed),
        ("Overdue", f"{_count(late, 'item')} due before {uk_date(about.as_of)} and not done"),
        (
            "Due soon",
            f"{_count(soon, 'item')} falling due from {uk_date(about.as_of)} to {uk_date(horizon)}",
        ),
        ("Data quality", f"Warnings from the input workbooks: {quality_words}"),
    ]
    if requests:
        asked = f"{_count(requests, 'council')} you act for asked for information or training"
        rows.append((REQUESTS, asked))
    return pd.DataFrame(rows, columns=list(ABOUT_COLUMNS), dtype="object")


def _positions(names: pd.Series) -> dict[str, np.ndarray]:
    """Each name's row positions in `names`, in order (blanks belong to nobody)."""
    names = names.reset_index(drop=True)
    found = names.groupby(names, sort=False).indices
    return {str(name): np.asarray(rows, dtype=np.intp) for name, rows in found.items()}


def officer_lists(
    overdue: pd.DataFrame,
    due_soon: pd.DataFrame,
    data_quality: pd.DataFrame,
    partnerships: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    about: ListsFor,
    requests: pd.DataFrame | None = None,
    risk_actions: pd.DataFrame | None = None,
) -> dict[str, dict[str, pd.DataFrame]]:
    """File name → sheets (About, Overdue, Due soon, Data quality, and Council requests for a
    partnership manager whose councils asked for any) for every responsible officer with at
    least one row, and every owner of an overdue or due-soon follow-up action.

    An officer's Overdue and Due soon hold the rows they are the responsible officer for (of
    the partnerships they are lead officer or partnership manager for, and of the group
    meetings they hold), and the follow-up actions they own on anyone else's, each row once.
    `requests` is the Council requests table: each council's row goes to the officer who acts
    on its liaison rows (its partnership manager, or its lead officer where there is none). An action owner who is no lead officer gets a list of their own actions, named
    as an officer's is; lead officers' lists are named first, so theirs keep their names.
    `data_quality` is data_quality_by_partnership()'s table; `actions` the Actions sheet
    (the dataset's `actions`), `risk_actions` the Risk actions sheet: a risk action's owner
    gets its rows as a follow-up action's owner does."""
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
    # One person, one list: names written with other capitals or spacing are one officer
    # (two files differing only by case would collide on Windows and macOS), and an action's
    # owner is the officer of that name. Each is given as first spelt, in sorted order.
    owned = [action_owners(frame, actions, risk_actions) for frame in (overdue, due_soon)]
    if requests is None:
        requests = pd.DataFrame({"Partnership ID": pd.Series(dtype="str")})
    request_officer = requests["Partnership ID"].map(acting_officer(by_id))
    spelling: dict[str, str] = {}
    for names in (
        (overdue[RESPONSIBLE], due_soon[RESPONSIBLE], quality_officer, request_officer),
        tuple(owned),
    ):
        for name in sorted({name for series in names for name in series.dropna()}):
            spelling.setdefault(name_key(name), name)

    def one(name: object) -> object:
        return spelling.get(name_key(name), name) if isinstance(name, str) else name

    late_lead, soon_lead = overdue[RESPONSIBLE].map(one), due_soon[RESPONSIBLE].map(one)
    quality_officer, request_officer = quality_officer.map(one), request_officer.map(one)
    late_owner, soon_owner = (series.map(one) for series in owned)
    officers = sorted(
        {
            *late_lead.dropna(),
            *soon_lead.dropna(),
            *quality_officer.dropna(),
            *request_officer.dropna(),
        }
    )
    # Who holds a group meeting: responsible for a row with no partnership.
    holders = {
        *late_lead[overdue["Partnership ID"].isna()].dropna(),
        *soon_lead[due_soon["Partnership ID"].isna()].dropna(),
    }
    owners = sorted({*late_owner.dropna(), *soon_owner.dropna()} - set(officers))
    leads, managers = (
        {one(name) for name in by_id[column].dropna()} if column in by_id else set()
        for column in ("lead_officer", "partnership_manager")
    )
    # Each name's rows found once (by position, in the tables' order), not by comparing every
    # row with every officer's name: a national run has thousands of officers.
    late_leads, soon_leads, late_owners, soon_owners, quality_of, asked_of = (
        _positions(series)
        for series in (
            late_lead,
            soon_lead,
            late_owner,
            soon_owner,
            quality_officer,
            request_officer,
        )
    )
    none = np.empty(0, dtype=np.intp)
    lists: dict[str, dict[str, pd.DataFrame]] = {}
    taken: set[str] = set()
    for person in [*officers, *owners]:
        file_name = safe_file_name(person)
        stem, number = file_name, 2
        while f"{file_name}.xlsx".casefold() in taken:
            file_name, number = f"{stem} ({number})", number + 1
        taken.add(f"{file_name}.xlsx".casefold())
        leads_late, leads_soon = late_leads.get(person, none), soon_leads.get(person, none)
        owns_late, owns_soon = late_owners.get(person, none), soon_owners.get(person, none)
        late, soon = np.union1d(leads_late, owns_late), np.union1d(leads_soon, owns_soon)
        quality, asked = quality_of.get(person, none), asked_of.get(person, none)
        # Actions they own on partnerships someone else is responsible for.
        others = len(np.setdiff1d(owns_late, leads_late)) + len(np.setdiff1d(owns_soon, leads_soon))
        lists[f"{file_name}.xlsx"] = {
            ABOUT: _about(
                person,
                roles=[
                    role
                    for role, holds in (
                        (
                            "Lead officer",
                            person in leads or person not in {*managers, *owners, *holders},
                        ),
                        ("Partnership manager", person in managers),
                        (OWNER, others > 0 or person in owners),
                        (GROUP_MEETINGS, person in holders),
                    )
                    if holds
                ],
                owns_others=others > 0,
                counts=(len(late), len(soon), len(quality), len(asked)),
                about=about,
            ),
            "Overdue": overdue.iloc[late].reset_index(drop=True),
            "Due soon": due_soon.iloc[soon].reset_index(drop=True),
            "Data quality": data_quality.iloc[quality].reset_index(drop=True),
        }
        if len(asked):
            lists[f"{file_name}.xlsx"][REQUESTS] = requests.iloc[asked].reset_index(drop=True)
    return lists
