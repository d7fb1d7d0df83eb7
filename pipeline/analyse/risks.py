"""The risk profile: ratings and bands on the council's matrix, heatmaps, highest risks."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pipeline.matrices import RiskMatrix

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
)
HEATMAP_COLUMNS: Final = ("Stage", "Impact", "Likelihood", "Rating", "Band", "Risks")
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
)
HIGHEST_RISKS_SHOWN: Final = 10


def risks_in_scope(risks: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Risks of partnerships that are not Closed (risks of unknown partnerships dropped)."""
    open_ids = partnerships.loc[partnerships["status"] != "Closed", "partnership_id"]
    return risks[risks["partnership_id"].isin(open_ids)]


def risks_with_ratings(risks: pd.DataFrame, *, matrix: RiskMatrix) -> pd.DataFrame:
    """Risks with the matrix's ratings and bands for both stages.

    Residual impact and likelihood both blank means no controls yet: residual = inherent.
    """

    def rate(impacts: pd.Series, likelihoods: pd.Series) -> pd.Series:
        return pd.Series(
            [
                matrix.rating_for(int(i), int(li))
                for i, li in zip(impacts, likelihoods, strict=True)
            ],
            index=impacts.index,
            dtype="int64",
        )

    no_residual = risks["residual_impact"].isna() & risks["residual_likelihood"].isna()
    residual_impact = risks["residual_impact"].mask(no_residual, risks["inherent_impact"])
    residual_likelihood = risks["residual_likelihood"].mask(
        no_residual, risks["inherent_likelihood"]
    )
    inherent = rate(risks["inherent_impact"], risks["inherent_likelihood"])
    residual = rate(residual_impact, residual_likelihood)
    return risks.assign(
        residual_impact=residual_impact,
        residual_likelihood=residual_likelihood,
        inherent_rating=inherent,
        inherent_band=inherent.map(lambda r: matrix.band_for(r).name),
        residual_rating=residual,
        residual_band=residual.map(lambda r: matrix.band_for(r).name),
    )


def risk_table(rated: pd.DataFrame) -> pd.DataFrame:
    """Every risk in scope with its ratings and bands, by partnership and risk number.

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
        }
    )
    return table.sort_values(["Partnership ID", "Risk no"], ignore_index=True)


def risk_heatmap(risks: pd.DataFrame, *, matrix: RiskMatrix) -> pd.DataFrame:
    """Count of risks in every cell of the matrix, for both stages, zeros included.

    One row per (Stage, Impact, Likelihood), likelihood high to low; columns: Stage, Impact,
    Likelihood, Rating, Band, Risks. `risks` is the `Risks` table. The `Heatmap` sheet.
    """
    rows = []
    for stage in ("Inherent", "Residual"):
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
    return pd.DataFrame(rows, columns=list(HEATMAP_COLUMNS))


def highest_risks(rated: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """The ten highest residual risks (ties broken by inherent rating, then partnership).

    The `Highest risks` sheet.
    """
    names = partnerships.set_index("partnership_id")["partnership"]
    ordered = rated.sort_values(
        ["residual_rating", "inherent_rating", "partnership_id", "risk_no"],
        ascending=[False, False, True, True],
    ).head(HIGHEST_RISKS_SHOWN)
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
        }
    ).reset_index(drop=True)
