"""Risk matrices as data: scales, a rating for every cell, and bands (WORKBOOKS.md §3).

A matrix is chosen by name in settings.toml. Charnwood's 3×3 rating is a lookup table from
its risk assessment template, not a product; Harborough's 4×6 is impact × likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Band:
    name: str  # Low, Medium, High
    low: int  # lowest rating in the band
    high: int  # highest rating in the band
    colour: str  # a CSS colour for the heatmap


@dataclass(frozen=True, slots=True)
class RiskMatrix:
    """A risk matrix: what each impact and likelihood level is called, and what it scores."""

    name: str
    impact: tuple[str, ...]  # labels of levels 1, 2, …
    likelihood: tuple[str, ...]
    ratings: tuple[tuple[int, ...], ...]  # ratings[likelihood - 1][impact - 1]
    bands: tuple[Band, ...]

    def rating_for(self, impact: int, likelihood: int) -> int:
        """The matrix's rating of a risk with this impact and likelihood (levels from 1)."""
        return self.ratings[likelihood - 1][impact - 1]

    def band_for(self, rating: int) -> Band:
        """The band a rating falls in."""
        for band in self.bands:
            if band.low <= rating <= band.high:
                return band
        raise ValueError(f"rating {rating} is in no band of the {self.name} matrix")

    def cells(self) -> list[tuple[int, int]]:
        """Every (impact, likelihood) cell, likelihood high to low then impact low to high."""
        return [
            (impact, likelihood)
            for likelihood in range(len(self.likelihood), 0, -1)
            for impact in range(1, len(self.impact) + 1)
        ]


GREEN, AMBER, RED = "#00703c", "#f47738", "#d4351c"


def _product(impacts: int, likelihoods: int) -> tuple[tuple[int, ...], ...]:
    return tuple(
        tuple(impact * likelihood for impact in range(1, impacts + 1))
        for likelihood in range(1, likelihoods + 1)
    )


MATRICES: Final = {
    "charnwood-3x3": RiskMatrix(
        name="charnwood-3x3",
        impact=("Low", "Medium", "High"),
        likelihood=("Low", "Medium", "High"),
        # The seed's RISK RATING TABLE, likelihood 1 (Low) first.
        ratings=((1, 3, 6), (2, 5, 8), (4, 7, 9)),
        bands=(Band("Low", 1, 3, GREEN), Band("Medium", 4, 6, AMBER), Band("High", 7, 9, RED)),
    ),
    "harborough-4x6": RiskMatrix(
        name="harborough-4x6",
        impact=("Negligible", "Marginal", "Critical", "Catastrophic"),
        likelihood=("Almost impossible", "Very low", "Low", "Significant", "High", "Very high"),
        ratings=_product(4, 6),
        bands=(Band("Low", 1, 5, GREEN), Band("Medium", 6, 11, AMBER), Band("High", 12, 24, RED)),
    ),
}
