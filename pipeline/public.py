"""The public edition (WORKBOOKS.md §8): the run again, on the data without the exempt rows.

The board's tables are never filtered after the fact. The public edition's tables are a whole
run of the analysis (`report_tables`) on the validated dataset with every exempt row taken
out, and on the record of earlier periods with the same rows taken out; so every table,
present or added later, is worked out as if the exempt rows did not exist, and no figure in
it, alone or subtracted from another, says anything about them. What it adds is one sentence
counting what is not included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

import pandas as pd

from pipeline.analyse.summaries.summary import summary
from pipeline.analyse.tables import ReportTables, report_tables
from pipeline.analyse.views.exempt import Exempt, marked, record_without, recorded_in, without
from pipeline.context import ReportContext, Withheld
from pipeline.history import LAST_YEARS_LEVELS, RECOUNTED, Published
from pipeline.matrices import RiskMatrix
from pipeline.periods import Period
from pipeline.publish import workbook_bytes
from pipeline.render import render_html
from pipeline.settings import Settings
from pipeline.validate import Dataset
from pipeline.word import board_report_files

PUBLIC_FOLDER: Final = "public"
PUBLIC_ANNUAL: Final = f"{PUBLIC_FOLDER}/annual-partnership-report"
REGISTER_NAME: Final = "significant-partnerships"


@dataclass(frozen=True)
class Record:
    """What earlier periods published that this run compares with: the last quarter
    (`previous`, for what changed and direction), the newest period of last financial year
    (`last_year`) and every period the Trend reads (`history`)."""

    previous: Published | None = None
    last_year: Published | None = None
    history: Sequence[Published] = ()

    @property
    def compared_with(self) -> Period | None:
        """The quarter "what changed" compares with, if any."""
        return self.previous.period if self.previous else None

    @property
    def last_years_period(self) -> Period | None:
        """The period last year's figures come from, if any."""
        return self.last_year.period if self.last_year else None

    @property
    def periods(self) -> list[Published]:
        found = [self.previous, self.last_year, *self.history]
        return [published for published in found if published is not None]

    def exempt(self) -> Exempt:
        """Everything the periods compared with listed as exempt (exemption follows the
        record)."""
        return recorded_in(published.tables for published in self.periods)

    def exempt_items(self) -> pd.DataFrame | None:
        """Their `Exempt items` rows, each with the label of the period that listed it."""
        frames = [
            published.tables["exempt_items"].assign(Period=published.period.label)
            for published in self.periods
            if "exempt_items" in published.tables
        ]
        frames = [frame for frame in frames if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else None

    def without(self, exempt: Exempt, matrix: RiskMatrix) -> Record:
        """The record as it would be without the exempt rows (see `last_years_figures`)."""

        def rows(published: Published | None) -> Published | None:
            if published is None:
                return None
            kept = record_without(published.tables, exempt)
            return Published(published.period, kept, published.as_of)

        last_year = self.last_year
        return Record(
            previous=rows(self.previous),
            last_year=(
                None
                if last_year is None
                else _last_years_figures(last_year, exempt=exempt, matrix=matrix)
            ),
            history=[published for published in map(rows, self.history) if published],
        )


def _last_years_figures(last_year: Published, *, exempt: Exempt, matrix: RiskMatrix) -> Published:
    """Last year's key figures without the exempt rows. Its Summary holds totals, which
    cannot be recounted without them: when anything is exempt, the figures are counted again
    from the rows last year published (its register, risks, overdue and due-soon lists), and
    the survey's, which it published only as totals, are left blank."""
    if not exempt:
        return last_year
    kept = record_without(last_year.tables, exempt)
    levels = {name: kept[name] for name in LAST_YEARS_LEVELS if name in kept}
    if not set(RECOUNTED) <= set(kept):
        return Published(last_year.period, levels, last_year.as_of)  # no figures to compare
    recounted = summary(
        kept["register"],
        kept["risks"],
        kept["high_residual_risks"],
        kept["overdue"],
        kept["due_soon"],
        survey_by_theme=pd.DataFrame({"Theme": pd.Series(dtype="str")}),
        responses=pd.DataFrame({"survey_year": pd.Series(dtype="int64")}),
        matrix=matrix,
    )
    return Published(last_year.period, {"summary": recounted, **levels}, last_year.as_of)


def public_tables(
    dataset: Dataset,
    record: Record,
    *,
    settings: Settings,
    as_of: date,
    period: Period,
) -> tuple[ReportTables, Withheld]:
    """The public edition's tables: every report table worked out on `dataset` and `record`
    without the exempt rows (those the workbooks mark, and those the record listed), and how
    many partnerships and risks that leaves out."""
    exempt = marked(dataset) | record.exempt()
    public = without(dataset, exempt)
    earlier = record.without(exempt, settings.matrix)
    tables = report_tables(
        public,
        settings=settings,
        as_of=as_of,
        findings=[],  # the public edition has no data-quality section
        previous=earlier.previous.tables if earlier.previous else None,
        last_year=earlier.last_year.tables if earlier.last_year else None,
        history=earlier.history,
        period=period,
    )
    withheld = Withheld(
        partnerships=len(dataset.partnerships) - len(public.partnerships),
        risks=len(dataset.risks) - len(public.risks),
    )
    return tables, withheld


@dataclass(frozen=True)
class PublicEdition:
    html: str  # the public annual report, to be laid out with the others
    files: dict[str, bytes]  # public/: the register of significant partnerships


def public_edition(context: ReportContext) -> PublicEdition:
    """The public's copy (WORKBOOKS.md §8) from its own context (`report_context` of the
    `public_tables`, with `withheld`): the annual report, and the register of significant
    partnerships as CSV (UTF-8, amounts as plain numbers), xlsx and HTML, and the annual
    report's *Report to the board* in Word when it has one (`pipeline.word`)."""
    register = context.tables.significant_partnerships
    csv = plain_numbers(register).to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
    page = render_html("significant-partnerships", context)
    return PublicEdition(
        html=render_html("annual-partnership-report", context),
        files={
            f"{PUBLIC_FOLDER}/{REGISTER_NAME}.csv": csv.encode("utf-8-sig"),
            f"{PUBLIC_FOLDER}/{REGISTER_NAME}.xlsx": workbook_bytes(
                {"Significant partnerships": register}
            ),
            f"{PUBLIC_FOLDER}/{REGISTER_NAME}.html": page.encode("utf-8"),
            **board_report_files(context, PUBLIC_FOLDER),
        },
    )


def plain_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its whole amounts written as whole numbers (25000, not 25000.0), for a
    CSV a resident opens."""
    floats = frame.select_dtypes("float").columns
    return frame.assign(**{column: frame[column].map(_plain).astype("object") for column in floats})


def _plain(value: float) -> object:
    """A whole amount as a whole number; anything else as it is."""
    return int(value) if not pd.isna(value) and float(value).is_integer() else value
