"""The risk profile: ratings and bands on the council's matrix, heatmaps, highest risks, and
the actions behind each risk."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

import pandas as pd

from pipeline.analyse.checks import CLOSED, KEY
from pipeline.analyse.registry import step, table
from pipeline.analyse.topics.register import partnership_names
from pipeline.matrices import RiskMatrix
from pipeline.settings import Settings
from schemas.risks import RISK_TYPES

RISKS_COLUMNS: Final = (
    "Partnership ID",
    "Risk no",
    "Risk",
    "Inherent impact",
    "Inherent likelihood",
    "Inherent rating",
    "Inherent band",
    "Residual impact",
    "Residual likelihood",
    "Residual rating",
    "Residual band",
    "Target rating",
    "Target band",
    "Target date",
    "Outside appetite",
    "Direction",
)
OUTSIDE_APPETITE_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Risk no",
    "Risk",
    "Residual rating",
    "Target rating",
    "Target date",
    "Risk owner",
    "Direction",
)
# Each risk's residual rating against the newest earlier period's (WORKBOOKS.md §3).
HIGHER, LOWER, SAME, NEW = "Higher", "Lower", "Same", "New"
HEATMAP_COLUMNS: Final = ("Stage", "Impact", "Likelihood", "Rating", "Band", "Risks")
# The Heatmap and Target heatmap sheets also say which cells are above the risk appetite.
APPETITE_HEATMAP_COLUMNS: Final = (*HEATMAP_COLUMNS, "Outside appetite")
HIGHEST_RISKS_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Risk no",
    "Risk",
    "Inherent rating",
    "Residual rating",
    "Residual band",
    "Risk owner",
    "Controls",
    "Direction",
)
HIGHEST_RISKS_SHOWN: Final = 10


@step("in_scope")
def risks_in_scope(risk_rows: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Risks of partnerships that are not Closed (risks of unknown partnerships dropped)."""
    open_ids = partnerships.loc[partnerships["status"] != CLOSED, "partnership_id"]
    return risk_rows[risk_rows["partnership_id"].isin(open_ids)]


@step("rated")
def risks_with_ratings(in_scope: pd.DataFrame, *, matrix: RiskMatrix) -> pd.DataFrame:
    """Risks with the matrix's ratings and bands for both stages.

    Residual impact and likelihood both blank means no controls yet: residual = inherent.
    """

    no_residual = in_scope["residual_impact"].isna() & in_scope["residual_likelihood"].isna()
    residual_impact = in_scope["residual_impact"].mask(no_residual, in_scope["inherent_impact"])
    residual_likelihood = in_scope["residual_likelihood"].mask(
        no_residual, in_scope["inherent_likelihood"]
    )
    inherent = matrix.ratings_for(in_scope["inherent_impact"], in_scope["inherent_likelihood"])
    residual = matrix.ratings_for(residual_impact, residual_likelihood)
    # A target is optional: blank without both target levels.
    target = matrix.ratings_for(in_scope["target_impact"], in_scope["target_likelihood"])
    # Validated risks have every level: the ratings are whole numbers with no blanks.
    inherent, residual = inherent.astype("int64"), residual.astype("int64")
    # A matrix has a handful of ratings: name each one's band once.
    ratings = pd.concat([inherent, residual, target.dropna().astype("int64")]).unique()
    band_names = {r: matrix.band_for(int(r)).name for r in ratings}
    return in_scope.assign(
        residual_impact=residual_impact,
        residual_likelihood=residual_likelihood,
        inherent_rating=inherent,
        inherent_band=inherent.map(band_names),
        residual_rating=residual,
        residual_band=residual.map(band_names),
        target_rating=target,
        target_band=target.map(band_names).astype("str"),
        # A target date without target levels is ignored (a warning in validate).
        target_date=in_scope["target_date"].where(target.notna()),
    )


def directions(
    partnership_ids: pd.Series,
    risk_nos: pd.Series,
    residual: pd.Series,
    previous: Mapping[str, pd.DataFrame] | None,
) -> pd.Series:
    """Each risk's direction of travel: its residual rating against the same Partnership ID
    and Risk no in the newest earlier period's `Risks` (Higher, Lower, Same, or New when that
    period did not have it); blank for every risk when nothing was published before."""
    if previous is None:
        return pd.Series(None, index=residual.index, dtype="str")
    before = previous["risks"]
    earlier = dict(
        zip(
            zip(
                before["Partnership ID"].astype(str), before["Risk no"].astype("int64"), strict=True
            ),
            before["Residual rating"],
            strict=True,
        )
    )
    words = []
    for key, now in zip(
        zip(partnership_ids.astype(str), risk_nos.astype("int64"), strict=True),
        residual,
        strict=True,
    ):
        then = earlier.get(key)
        if then is None or pd.isna(then):
            words.append(NEW)
        else:
            words.append(HIGHER if now > then else LOWER if now < then else SAME)
    return pd.Series(words, index=residual.index, dtype="str")


@table("Risks", RISKS_COLUMNS, name="risks")
def risk_table(
    rated: pd.DataFrame,
    *,
    settings: Settings,
    previous: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Every risk in scope with its ratings and bands, by partnership and risk number: its
    target, whether it is outside the council's appetite (residual rating above
    `[risk] appetite`) and its direction of travel since the newest earlier period.

    One row per risk; impacts and likelihoods as level numbers. The `Risks` sheet.
    """
    table = pd.DataFrame(
        {
            "Partnership ID": rated["partnership_id"],
            "Risk no": rated["risk_no"].astype("int64"),
            "Risk": rated["risk"],
            "Inherent impact": rated["inherent_impact"].astype("int64"),
            "Inherent likelihood": rated["inherent_likelihood"].astype("int64"),
            "Inherent rating": rated["inherent_rating"],
            "Inherent band": rated["inherent_band"],
            "Residual impact": rated["residual_impact"].astype("int64"),
            "Residual likelihood": rated["residual_likelihood"].astype("int64"),
            "Residual rating": rated["residual_rating"],
            "Residual band": rated["residual_band"],
            "Target rating": rated["target_rating"].astype("Int64"),
            "Target band": rated["target_band"],
            "Target date": rated["target_date"].astype("datetime64[s]"),
            "Outside appetite": (rated["residual_rating"] > settings.appetite)
            .map({True: "Yes", False: "No"})
            .astype("str"),
            "Direction": directions(
                rated["partnership_id"], rated["risk_no"], rated["residual_rating"], previous
            ),
        }
    )
    return table.sort_values(["Partnership ID", "Risk no"], ignore_index=True)


@table("Outside appetite", OUTSIDE_APPETITE_COLUMNS)
def outside_appetite(
    risks: pd.DataFrame, rated: pd.DataFrame, partnerships: pd.DataFrame
) -> pd.DataFrame:
    """Every risk outside appetite (the `Risks` table's Outside appetite), highest residual
    rating first, with its owner, target and direction. The `Outside appetite` sheet."""
    names = partnership_names(partnerships)
    owners = dict(
        zip(
            zip(rated["partnership_id"], rated["risk_no"].astype("int64"), strict=True),
            rated["risk_owner"],
            strict=True,
        )
    )
    outside = risks[risks["Outside appetite"] == "Yes"].sort_values(
        ["Residual rating", "Inherent rating", "Partnership ID", "Risk no"],
        ascending=[False, False, True, True],
    )
    keys = zip(outside["Partnership ID"], outside["Risk no"], strict=True)
    return pd.DataFrame(
        {
            "Partnership ID": outside["Partnership ID"],
            "Partnership": outside["Partnership ID"].map(names),
            "Risk no": outside["Risk no"],
            "Risk": outside["Risk"],
            "Residual rating": outside["Residual rating"],
            "Target rating": outside["Target rating"],
            "Target date": outside["Target date"],
            "Risk owner": pd.Series(
                [owners.get(key) for key in keys], index=outside.index, dtype="str"
            ),
            "Direction": outside["Direction"],
        }
    ).reset_index(drop=True)


@table("Heatmap", APPETITE_HEATMAP_COLUMNS, name="heatmap")
def risk_heatmap(
    risks: pd.DataFrame, *, matrix: RiskMatrix, settings: Settings | None = None
) -> pd.DataFrame:
    """Count of risks in every cell of the matrix, for both stages, zeros included.

    One row per (Stage, Impact, Likelihood), likelihood high to low; columns: Stage, Impact,
    Likelihood, Rating, Band, Risks, and (with `settings`) Outside appetite: Yes where the
    cell's rating is above `[risk] appetite`. `risks` is the `Risks` table. The `Heatmap`
    sheet.
    """
    return _heatmap(risks, ("Inherent", "Residual"), matrix=matrix, settings=settings)


@table("Target heatmap", APPETITE_HEATMAP_COLUMNS)
def target_heatmap(rated: pd.DataFrame, *, matrix: RiskMatrix, settings: Settings) -> pd.DataFrame:
    """The risks with a target, each in the cell of its target levels: every cell, zeros
    included, as the Heatmap sheet. The `Target heatmap` sheet."""
    targeted = rated.dropna(subset=["target_impact", "target_likelihood"])
    levels = pd.DataFrame(
        {
            "Target impact": targeted["target_impact"].astype("int64"),
            "Target likelihood": targeted["target_likelihood"].astype("int64"),
        }
    )
    return _heatmap(levels, ("Target",), matrix=matrix, settings=settings)


def _heatmap(
    risks: pd.DataFrame,
    stages: tuple[str, ...],
    *,
    matrix: RiskMatrix,
    settings: Settings | None,
) -> pd.DataFrame:
    rows = []
    for stage in stages:
        counts = risks.groupby([f"{stage} impact", f"{stage} likelihood"]).size()
        for impact, likelihood in matrix.cells():
            rating = matrix.rating_for(impact, likelihood)
            rows.append(
                (
                    stage,
                    impact,
                    likelihood,
                    rating,
                    matrix.band_for(rating).name,
                    int(counts.get((impact, likelihood), 0)),
                )
            )
    frame = pd.DataFrame(rows, columns=list(HEATMAP_COLUMNS))
    if settings is None:
        return frame
    outside = (frame["Rating"] > settings.appetite).map({True: "Yes", False: "No"})
    return frame.assign(**{"Outside appetite": outside.astype("str")})


def risks_highest_first(rated: pd.DataFrame) -> pd.DataFrame:
    """Rated risks in order of concern: residual rating, then inherent rating, highest first;
    ties by partnership and risk number."""
    return rated.sort_values(
        ["residual_rating", "inherent_rating", "partnership_id", "risk_no"],
        ascending=[False, False, True, True],
    )


@table("Highest risks", HIGHEST_RISKS_COLUMNS)
def highest_risks(
    rated: pd.DataFrame, partnerships: pd.DataFrame, risks: pd.DataFrame
) -> pd.DataFrame:
    """The ten highest residual risks (ties broken by inherent rating, then partnership),
    with their direction of travel from the `Risks` table.

    The `Highest risks` sheet.
    """
    names = partnership_names(partnerships)
    ordered = risks_highest_first(rated).head(HIGHEST_RISKS_SHOWN)
    direction = risks.set_index(["Partnership ID", "Risk no"])["Direction"]
    keys = pd.MultiIndex.from_arrays(
        [ordered["partnership_id"], ordered["risk_no"].astype("int64")]
    )
    return pd.DataFrame(
        {
            "Partnership ID": ordered["partnership_id"],
            "Partnership": ordered["partnership_id"].map(names),
            "Risk no": ordered["risk_no"].astype("int64"),
            "Risk": ordered["risk"],
            "Inherent rating": ordered["inherent_rating"],
            "Residual rating": ordered["residual_rating"],
            "Residual band": ordered["residual_band"],
            "Risk owner": ordered["risk_owner"],
            "Controls": ordered["controls"],
            "Direction": direction.reindex(keys).to_numpy(),
        }
    ).reset_index(drop=True)


RISK_BANDS_COLUMNS: Final = ("Band", "Inherent", "Residual")
RISK_MOVEMENT_COLUMNS: Final = (
    "Control type",
    "Risks",
    "Moved down a band",
    "Stayed in band",
    "Still in highest band",
)
HIGH_RESIDUAL_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Risk no",
    "Risk",
    "Inherent rating",
    "Residual rating",
    "Control type",
    "Controls",
    "Risk owner",
)
RISKS_BY_TYPE_COLUMNS: Final = ("Type", "Meaning", "Risks", "High residual")
PARTNERSHIP_HEATMAPS_COLUMNS: Final = ("Partnership ID", *HEATMAP_COLUMNS[1:])
PARTNERSHIP_RISKS_COLUMNS: Final = (
    "Partnership ID",
    "Risk no",
    "Risk",
    "Inherent rating",
    "Residual rating",
    "Residual band",
    "Risk owner",
)
CONTROL_TYPES: Final = {"R": "Risk control", "M": "Mitigation plan"}
NO_CONTROL_TYPE: Final = "None recorded"
TOP_RISKS_PER_PARTNERSHIP: Final = 3


def _band_rank(bands: pd.Series, matrix: RiskMatrix) -> pd.Series:
    order = {band.name: n for n, band in enumerate(matrix.bands)}
    return bands.map(order)


@table("Risk bands", RISK_BANDS_COLUMNS)
def risk_bands(risks: pd.DataFrame, *, matrix: RiskMatrix) -> pd.DataFrame:
    """How many risks sit in each band before and after controls; every band, zeros included.

    One row per band, lowest first. `risks` is the `Risks` table. The `Risk bands` sheet.
    """
    names = [band.name for band in matrix.bands]
    inherent = risks["Inherent band"].value_counts().reindex(names, fill_value=0)
    residual = risks["Residual band"].value_counts().reindex(names, fill_value=0)
    return pd.DataFrame(
        {"Band": names, "Inherent": inherent.to_numpy(), "Residual": residual.to_numpy()}
    ).astype({"Inherent": "int64", "Residual": "int64"})


@table("Risk movement", RISK_MOVEMENT_COLUMNS)
def risk_movement(rated: pd.DataFrame, *, matrix: RiskMatrix) -> pd.DataFrame:
    """What each control strategy achieved: risks moved down a band, and those still in the
    highest band after controls.

    One row per control type (Risk control, Mitigation plan, None recorded), only those
    used. `rated` is from risks_with_ratings(). The `Risk movement` sheet.
    """
    control = rated["control_type"].map(CONTROL_TYPES).fillna(NO_CONTROL_TYPE)
    inherent = _band_rank(rated["inherent_band"], matrix)
    residual = _band_rank(rated["residual_band"], matrix)
    frame = pd.DataFrame(
        {
            "Control type": control,
            "moved": residual < inherent,
            "stayed": residual == inherent,
            "highest": rated["residual_band"] == matrix.top_band.name,
        }
    )
    grouped = frame.groupby("Control type").agg(
        risks=("moved", "size"), moved=("moved", "sum"), stayed=("stayed", "sum"),
        highest=("highest", "sum"),
    )  # fmt: skip
    order = [*CONTROL_TYPES.values(), NO_CONTROL_TYPE]
    grouped = grouped.reindex([o for o in order if o in grouped.index])
    return pd.DataFrame(
        {
            "Control type": grouped.index,
            "Risks": grouped["risks"].astype("int64").to_numpy(),
            "Moved down a band": grouped["moved"].astype("int64").to_numpy(),
            "Stayed in band": grouped["stayed"].astype("int64").to_numpy(),
            "Still in highest band": grouped["highest"].astype("int64").to_numpy(),
        }
    )


@table("High residual risks", HIGH_RESIDUAL_COLUMNS)
def high_residual_risks(
    rated: pd.DataFrame, partnerships: pd.DataFrame, *, matrix: RiskMatrix
) -> pd.DataFrame:
    """Every risk still in the highest band after controls, highest rating first.

    The `High residual risks` sheet.
    """
    names = partnership_names(partnerships)
    high = risks_highest_first(rated[rated["residual_band"] == matrix.top_band.name])
    return pd.DataFrame(
        {
            "Partnership ID": high["partnership_id"],
            "Partnership": high["partnership_id"].map(names),
            "Risk no": high["risk_no"].astype("int64"),
            "Risk": high["risk"],
            "Inherent rating": high["inherent_rating"],
            "Residual rating": high["residual_rating"],
            "Control type": high["control_type"].map(CONTROL_TYPES).fillna(NO_CONTROL_TYPE),
            "Controls": high["controls"],
            "Risk owner": high["risk_owner"],
        }
    ).reset_index(drop=True)


@table("Risks by type", RISKS_BY_TYPE_COLUMNS)
def risks_by_type(rated: pd.DataFrame, *, matrix: RiskMatrix) -> pd.DataFrame:
    """How many risks carry each type of impact (a risk may carry several), and how many of
    those are still in the highest band. One row per type in R F S L T E P order, zeros
    included, then risks with no type recorded. The `Risks by type` sheet."""
    # "L, S" → ", L, S, ": a type is there when ", L, " is (the types are normalised).
    padded = ", " + rated["risk_type"].fillna("").astype(str) + ", "
    highest = rated["residual_band"] == matrix.top_band.name
    rows = []
    for letter, meaning in RISK_TYPES.items():
        has = padded.str.contains(f", {letter}, ", regex=False)
        rows.append((letter, meaning, int(has.sum()), int((has & highest).sum())))
    none = rated["risk_type"].isna()
    rows.append(("", "Not recorded", int(none.sum()), int((none & highest).sum())))
    return pd.DataFrame(rows, columns=list(RISKS_BY_TYPE_COLUMNS))


@step("key_ids")
def key_partnership_ids(partnerships: pd.DataFrame) -> list[str]:
    """Key partnerships that are not Closed, in ID order ignoring case: they get a page in the
    annual report."""
    key = partnerships[(partnerships["category"] == KEY) & (partnerships["status"] != CLOSED)]
    return sorted(key["partnership_id"], key=str.lower)


@table("Partnership heatmaps", PARTNERSHIP_HEATMAPS_COLUMNS)
def partnership_heatmaps(
    risks: pd.DataFrame, partnerships: pd.DataFrame, *, matrix: RiskMatrix
) -> pd.DataFrame:
    """A residual heatmap for each key partnership: every matrix cell, zeros included.

    One row per (Partnership ID, Impact, Likelihood). The `Partnership heatmaps` sheet.
    """
    ids = key_partnership_ids(partnerships)
    if not ids:
        return pd.DataFrame(columns=list(PARTNERSHIP_HEATMAPS_COLUMNS))
    counts = (
        risks[risks["Partnership ID"].isin(ids)]
        .groupby(["Partnership ID", "Residual impact", "Residual likelihood"])
        .size()
    )
    cells = matrix.cells()
    counted = counts.to_dict()
    rows = [
        (pid, impact, likelihood, rating, matrix.band_for(rating).name,
         int(counted.get((pid, impact, likelihood), 0)))
        for pid in ids
        for impact, likelihood in cells
        for rating in (matrix.rating_for(impact, likelihood),)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(PARTNERSHIP_HEATMAPS_COLUMNS))


@table("Partnership risks", PARTNERSHIP_RISKS_COLUMNS)
def partnership_risks(rated: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Each key partnership's three highest residual risks. The `Partnership risks` sheet."""
    key = rated[rated["partnership_id"].isin(key_partnership_ids(partnerships))]
    ordered = key.sort_values(
        ["partnership_id", "residual_rating", "inherent_rating", "risk_no"],
        ascending=[True, False, False, True],
    )
    top = ordered.groupby("partnership_id", sort=False).head(TOP_RISKS_PER_PARTNERSHIP)
    return pd.DataFrame(
        {
            "Partnership ID": top["partnership_id"],
            "Risk no": top["risk_no"].astype("int64"),
            "Risk": top["risk"],
            "Inherent rating": top["inherent_rating"],
            "Residual rating": top["residual_rating"],
            "Residual band": top["residual_band"],
            "Risk owner": top["risk_owner"],
        }
    ).reset_index(drop=True)


RISK_ACTIONS_COLUMNS: Final = (
    "Partnership ID",
    "Partnership",
    "Risk no",
    "Action",
    "Owner",
    "Due",
    "Completed",
    "Status",
)
# A risk action's Status at the as-of date (WORKBOOKS.md §11): Late is open and past its due
# date, as its row in Overdue says.
DONE, OPEN, LATE = "Done", "Open", "Late"


def open_risk_actions(risk_actions: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The risk actions open at the as-of date: not completed, or completed after it (it
    was still open then)."""
    completed = risk_actions["completed"]
    return risk_actions[completed.isna() | (completed > pd.Timestamp(as_of))]


@table("Risk actions", RISK_ACTIONS_COLUMNS, when="Risk actions")
def risk_actions(
    risk_action_rows: pd.DataFrame, partnerships: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """Every action behind the risks of partnerships that are not Closed, by partnership,
    risk and due date, each Done (completed by the as-of date), Late (open and due before
    it) or Open. The `Risk actions` sheet."""
    in_scope = partnerships.loc[partnerships["status"] != CLOSED, "partnership_id"]
    rows = risk_action_rows[risk_action_rows["partnership_id"].isin(in_scope)]
    rows = rows.assign(_id=rows["partnership_id"].str.casefold()).sort_values(
        ["_id", "risk_no", "due", "source_file", "source_row"], kind="stable"
    )
    still_open = rows.index.isin(open_risk_actions(rows, as_of).index)
    late = still_open & (rows["due"] < pd.Timestamp(as_of)).to_numpy()
    status = pd.Series(OPEN, index=rows.index, dtype="str")
    status[~still_open] = DONE
    status[late] = LATE
    return pd.DataFrame(
        {
            "Partnership ID": rows["partnership_id"].astype("str"),
            "Partnership": rows["partnership_id"].map(partnership_names(partnerships)),
            "Risk no": rows["risk_no"].astype("int64"),
            "Action": rows["action"].astype("str"),
            "Owner": rows["owner"].astype("str"),
            "Due": pd.to_datetime(rows["due"]).astype("datetime64[s]"),
            "Completed": pd.to_datetime(rows["completed"]).astype("datetime64[s]"),
            "Status": status,
        },
        columns=list(RISK_ACTIONS_COLUMNS),
    ).reset_index(drop=True)
