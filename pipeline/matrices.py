"""Risk matrices as data: scales, a rating for every cell, and bands (WORKBOOKS.md §3).

A matrix is chosen by name in settings.toml. Charnwood's 3×3 rating is a lookup table from
its risk assessment template, not a product; Harborough's 4×6 is impact × likelihood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd


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

    def ratings_for(self, impacts: pd.Series, likelihoods: pd.Series) -> pd.Series:
        """rating_for over whole columns of levels at once: the rating of each (impact,
        likelihood) pair, blank where either level is blank. Validate checks typed ratings
        against it; analyse rates every risk with it."""
        known = (impacts.notna() & likelihoods.notna()).to_numpy(dtype=bool)
        ratings = np.zeros(len(impacts), dtype="int64")
        ratings[known] = np.array(self.ratings, dtype="int64")[
            likelihoods[known].to_numpy(dtype="int64") - 1,
            impacts[known].to_numpy(dtype="int64") - 1,
        ]
        return pd.Series(pd.arrays.IntegerArray(ratings, ~known), index=impacts.index)

    def labels(self, scale: str) -> tuple[str, ...]:
        """The level names of the `impact` or the `likelihood` scale, level 1 first."""
        return {"impact": self.impact, "likelihood": self.likelihood}[scale]

    def band_for(self, rating: int) -> Band:
        """The band a rating falls in."""
        for band in self.bands:
            if band.low <= rating <= band.high:
                return band
        raise ValueError(f"rating {rating} is in no band of the {self.name} matrix")

    @property
    def top_band(self) -> Band:
        """The highest band (High, Red, …): the risks a board must see."""
        return self.bands[-1]

    @property
    def lowest_rating(self) -> int:
        return min(min(row) for row in self.ratings)

    @property
    def highest_rating(self) -> int:
        return max(max(row) for row in self.ratings)

    @property
    def default_appetite(self) -> int:
        """The highest residual rating accepted when settings.toml names none: the top of the
        band below the top band (charnwood-3x3: 6; harborough-4x6: 11); with one band, the
        highest rating (nothing is outside appetite)."""
        if len(self.bands) < 2:
            return self.highest_rating
        return self.bands[-2].high

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


class MatrixError(ValueError):
    """A council's own matrix in settings.toml cannot be used; the message says why."""


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CUSTOM_KEYS: Final = ("name", "impact", "likelihood", "rating", "table", "bands")

# Caps on a council's own matrix (docs/decisions.md, "Bounds on settings"): a 100 × 100
# matrix takes minutes and gigabytes to lay out, and long names crowd the heatmap.
MAX_LEVELS: Final = 10  # impact levels, and likelihood levels
MAX_LABEL_LENGTH: Final = 60  # characters in a level's name, or the matrix's
MAX_BANDS: Final = 10
MAX_BAND_NAME_LENGTH: Final = 30  # characters
MAX_RATING: Final = 1_000  # the highest rating a table or band may give
_SHOWN_LENGTH: Final = 20  # a long name is shortened to this in a message


def _shortened(text: str) -> str:
    """`text`, cut short with an ellipsis if it is too long to quote in a message."""
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _short_enough(what: str, text: str, limit: int, kind: str) -> str:
    """`text`, stripped, if it has at most `limit` characters; else a MatrixError naming
    `what` (e.g. "impact level 2") and the limit for a `kind` of name."""
    text = text.strip()
    if len(text) > limit:
        raise MatrixError(
            f"[risk.custom] {what} “{_shortened(text)}” is {len(text)} characters long; "
            f"a {kind} name can have at most {limit}."
        )
    return text


def _rating(value: object) -> bool:
    """Whether `value` is a rating a matrix can give: a whole number from 1 to MAX_RATING."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_RATING


def _labels(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    labels = raw.get(key)
    if (
        not isinstance(labels, list)
        or len(labels) < 2
        or not all(isinstance(label, str) and label.strip() for label in labels)
    ):
        raise MatrixError(
            f"[risk.custom] {key} must list at least two level names, lowest first, "
            f'such as {key} = ["Low", "Medium", "High"].'
        )
    if len(labels) > MAX_LEVELS:
        raise MatrixError(
            f"[risk.custom] {key} has {len(labels)} levels; a matrix can have at most {MAX_LEVELS}."
        )
    for number, label in enumerate(labels, start=1):
        _short_enough(f"{key} level {number}", label, MAX_LABEL_LENGTH, "level")
    if len({label.strip().casefold() for label in labels}) != len(labels):
        raise MatrixError(f"[risk.custom] {key} names a level twice.")
    return tuple(label.strip() for label in labels)


def _ratings(raw: dict[str, Any], impacts: int, likelihoods: int) -> tuple[tuple[int, ...], ...]:
    rating, table = raw.get("rating"), raw.get("table")
    if (rating is None) == (table is None):
        raise MatrixError(
            '[risk.custom] needs either rating = "product" or a table of ratings, not both.'
        )
    if rating is not None:
        if rating != "product":
            raise MatrixError(
                f'[risk.custom] rating = "{rating}": the only rating rule is "product".'
            )
        return _product(impacts, likelihoods)
    shape_ok = (
        isinstance(table, list)
        and len(table) == likelihoods
        and all(isinstance(row, list) and len(row) == impacts for row in table)
        and all(_rating(v) for row in table for v in row)
    )
    if not shape_ok or not isinstance(table, list):
        raise MatrixError(
            f"[risk.custom] table must have {likelihoods} rows (one per likelihood level, the "
            f"highest first, as the matrix is printed) of {impacts} whole numbers (one per "
            f"impact level, lowest first), each from 1 to {MAX_RATING:,}."
        )
    return tuple(tuple(row) for row in reversed(table))


def _bands(raw: dict[str, Any], ratings: tuple[tuple[int, ...], ...]) -> tuple[Band, ...]:
    entries = raw.get("bands")
    if not isinstance(entries, list) or not entries:
        raise MatrixError(
            "[risk.custom] needs its bands, lowest first, each as "
            '[[risk.custom.bands]] with name = "Low", from = 1, to = 3, colour = "#00703c".'
        )
    if len(entries) > MAX_BANDS:
        raise MatrixError(
            f"[risk.custom] has {len(entries)} bands; a matrix can have at most {MAX_BANDS}."
        )
    bands = []
    for number, entry in enumerate(entries, start=1):
        ok = (
            isinstance(entry, dict)
            and set(entry) <= {"name", "from", "to", "colour"}
            and isinstance(entry.get("name"), str)
            and entry["name"].strip()
            and all(_rating(entry.get(k)) for k in ("from", "to"))
            and entry["from"] <= entry["to"]
            and isinstance(entry.get("colour"), str)
            and _COLOUR.match(entry["colour"])
        )
        if not ok:
            raise MatrixError(
                f"[risk.custom] band {number} needs name (text), from and to (whole numbers "
                f'from 1 to {MAX_RATING:,}, from ≤ to) and colour (such as "#00703c"), and '
                "nothing else."
            )
        name = _short_enough(f"band {number} name", entry["name"], MAX_BAND_NAME_LENGTH, "band")
        bands.append(Band(name, entry["from"], entry["to"], entry["colour"]))
    for rating in sorted({r for row in ratings for r in row}):
        holding = [band.name for band in bands if band.low <= rating <= band.high]
        if len(holding) != 1:
            where = "no band" if not holding else f"{len(holding)} bands ({', '.join(holding)})"
            raise MatrixError(
                f"[risk.custom] rating {rating} is in {where}: every rating the matrix can give "
                "must be in exactly one band."
            )
    return tuple(bands)


def custom_matrix(raw: object) -> RiskMatrix:
    """A council's own matrix from `[risk.custom]`: scale labels, a rating table or
    `product`, and bands with names and colours."""
    if not isinstance(raw, dict):
        raise MatrixError("[risk.custom] must be a table of settings.")
    unknown = sorted(set(raw) - set(CUSTOM_KEYS))
    if unknown:
        raise MatrixError(
            f"[risk.custom] has unknown setting “{unknown[0]}”. Known: {', '.join(CUSTOM_KEYS)}."
        )
    impact, likelihood = _labels(raw, "impact"), _labels(raw, "likelihood")
    ratings = _ratings(raw, len(impact), len(likelihood))
    name = raw.get("name", f"custom-{len(impact)}x{len(likelihood)}")
    if not isinstance(name, str) or not name.strip():
        raise MatrixError("[risk.custom] name must be some text in quotes.")
    name = _short_enough("name", name, MAX_LABEL_LENGTH, "matrix")
    return RiskMatrix(name, impact, likelihood, ratings, _bands(raw, ratings))
