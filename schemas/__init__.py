"""The workbook contract in code: one pandera model per sheet, looked up by name or alias.

`SHEETS` is the single source of sheet names and headings for the loader, the validator,
the blank templates and the data dictionary (WORKBOOKS.md is the prose form).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Final

import pandera.pandas as pa

from schemas._columns import ColumnSpec, Kind, column, column_specs
from schemas.commentary import Commentary, Recommendations
from schemas.liaison import Consultations, DevolvedServices, LocalCouncils, Meetings
from schemas.register import (
    CHARNWOOD_AGREEMENT_ITEMS,
    DEFAULT_KEY_PARTNERS,
    Actions,
    Agreements,
    Members,
    Officers,
    Partnerships,
    agreement_item_columns,
    category_description,
)
from schemas.risks import RiskActions, Risks
from schemas.survey import Invitations, Questions, Responses

__all__ = [
    "SHEETS",
    "ColumnSpec",
    "Kind",
    "SheetSpec",
    "column",
    "council_sheets",
    "sheet_for_name",
]


@dataclass(frozen=True)
class SheetSpec:
    """A kind of sheet: its name, the names officers also give it, and its model."""

    name: str
    model: type[pa.DataFrameModel]
    aliases: tuple[str, ...] = ()
    # What the report tables call its rows where a table has the sheet's own name (the Risks
    # sheet's rows are `risk_rows`; the `risks` table is them rated); otherwise `attribute`.
    rows: str | None = None
    # The council's own, from its settings: the columns after the model's (Agreements: one
    # Yes/No per agreement checklist item) and notes replacing the model's, by column name
    # (Category: what Key means). See `council_sheets`.
    settings_columns: tuple[ColumnSpec, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()

    @property
    def attribute(self) -> str:
        """Its frame in the validated dataset: `Local councils` is `dataset.local_councils`."""
        return self.name.lower().replace(" ", "_")

    @property
    def source(self) -> str:
        """The name a report table's parameter gives its rows (pipeline.analyse.registry)."""
        return self.rows or self.attribute

    @cached_property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """The model's columns, with the settings' notes, then the settings' own columns."""
        notes = dict(self.notes)
        own = tuple(
            replace(col, description=notes[col.name]) if col.name in notes else col
            for col in column_specs(self.model)
        )
        return own + self.settings_columns

    @cached_property
    def required(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


_MODEL_SHEETS: Final = {
    spec.name: spec
    for spec in (
        SheetSpec(
            "Partnerships",
            Partnerships,
            ("Partnership register", "Register", "Partnership checklist"),
        ),
        SheetSpec("Members", Members, ("Partners", "Partnership members", "Partners involved")),
        SheetSpec(
            "Agreements",
            Agreements,
            ("Agreement checklist", "Partnership agreement", "Partnership agreements"),
        ),
        SheetSpec("Actions", Actions, ("Follow up actions", "Follow-up actions")),
        SheetSpec("Officers", Officers, ("Officer contacts", "Officer e-mail addresses")),
        SheetSpec(
            "Risks",
            Risks,
            ("Risk register", "Risk assessment", "Risk assessments", "Partnership risks"),
            rows="risk_rows",
        ),
        SheetSpec(
            "Risk actions",
            RiskActions,
            ("Risk action plan", "Risk actions plan", "Mitigation actions", "Risk controls"),
            rows="risk_action_rows",
        ),
        SheetSpec("Questions", Questions, ("Survey questions",)),
        SheetSpec("Responses", Responses, ("Survey responses", "Answers")),
        SheetSpec("Invitations", Invitations, ("Survey invitations", "Invited")),
        SheetSpec(
            "Local councils",
            LocalCouncils,
            (
                "Town and parish councils",
                "Parish councils",
                "Parishes",
                "Parish register",
                "Partnership manager scheme",
            ),
        ),
        SheetSpec("Meetings", Meetings, ("Liaison meetings", "Meetings log", "Liaison log")),
        SheetSpec(
            "Consultations",
            Consultations,
            ("Parish consultations", "Consultation log"),
            rows="consultation_rows",
        ),
        SheetSpec(
            "Devolved services",
            DevolvedServices,
            ("Devolution", "Service devolution"),
            rows="devolved_rows",
        ),
        SheetSpec(
            "Commentary",
            Commentary,
            ("Commentaries", "Report commentary", "Narrative"),
            rows="commentary_rows",
        ),
        SheetSpec(
            "Recommendations",
            Recommendations,
            ("Board recommendations",),
            rows="recommendation_rows",
        ),
    )
}


def council_sheets(*, key_partners: str, agreement_items: Sequence[str]) -> dict[str, SheetSpec]:
    """Every kind of sheet as a council's settings make it: Category's note says what Key
    means (`key_partners`), and Agreements has a Yes/No column for each of `agreement_items`."""
    sheets = dict(_MODEL_SHEETS)
    sheets["Partnerships"] = replace(
        sheets["Partnerships"], notes=(("category", category_description(key_partners)),)
    )
    sheets["Agreements"] = replace(
        sheets["Agreements"], settings_columns=agreement_item_columns(agreement_items)
    )
    return sheets


# Every kind of sheet as the default settings make it: the sheets and headings the loader,
# the blank templates and the data dictionary use unless a council's settings say otherwise.
SHEETS: Final = council_sheets(
    key_partners=DEFAULT_KEY_PARTNERS, agreement_items=tuple(CHARNWOOD_AGREEMENT_ITEMS)
)


def simplify(text: object) -> str:
    """A heading or sheet name as compared: case-folded, spaces collapsed, no trailing `*`."""
    if text is None:
        return ""
    flat = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
    return flat.rstrip("*").rstrip(" :").strip()


def simplify_loosely(text: object) -> str:
    """A heading as compared when the exact form is unknown: also without the template's
    numbering in front and notes in brackets behind (`(2) Description of RISK Concern (x,y,z)`
    reads as `description of risk concern`)."""
    flat = simplify(text)
    flat = re.sub(r"^\(?\d+\)\s*", "", flat)
    while (stripped := re.sub(r"\s*\([^()]*\)$", "", flat)) != flat:
        flat = stripped.rstrip("*").rstrip(" :").strip()
    return flat


def sheet_for_name(name: str) -> SheetSpec | None:
    """The kind of sheet a workbook tab holds, by its name or an alias; None if unknown."""
    wanted = simplify(name)
    for spec in SHEETS.values():
        if wanted in {simplify(spec.name), *(simplify(a) for a in spec.aliases)}:
            return spec
    return None
