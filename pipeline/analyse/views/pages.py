"""pages: the finished report tables arranged as the PDFs lay them out, nothing recomputed.

The templates format and lay out; they never count, filter, group or join. What a page needs
that is not one whole table in its own order is arranged here, from the registered tables:
the first rows of a long list and how many more there are (capped after counting), rows
grouped under headings, a heatmap's cells in rows, the year of the survey a chapter shows,
each key partnership's page, and each printed risk's open actions. Every number on these pages is a value of a table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd

from pipeline.analyse.checks import RISK_TARGET
from pipeline.analyse.definitions import risk_keys, same_risks
from pipeline.analyse.summaries.board import OUTSIDE_APPETITE_MEASURE
from pipeline.analyse.tables import ReportTables, sheet_of
from pipeline.analyse.topics.changes import CHANGE_ORDER
from pipeline.analyse.topics.compliance import RESPONSIBLE
from pipeline.analyse.topics.liaison import LOCAL_COUNCIL_ORGANISATION_TYPES
from pipeline.analyse.topics.proposals import DECIDED
from pipeline.analyse.topics.risks import DONE
from pipeline.analyse.topics.survey import AGREEMENT_BY_TYPE_COLUMNS, ALL_QUESTIONS
from pipeline.analyse.views.officers import list_path
from schemas.commentary import IMPLICATIONS, SECTIONS

Row = dict[str, Any]

# Rows a PDF prints of each long list; the rest are in report-data.xlsx ("… and N more").
# Chosen so that a county's reports stay a board-sized read (and quick to lay out: WeasyPrint
# takes about a third of a second a page) while a district's lists are never cut.
LIST_CAPS: Final = {
    "register": 40,
    "at_a_glance": 40,  # the worst assurance first
    "assurance": 40,
    "governance_issues": 40,
    "overdue": 60,  # shared among the lead officers, every one named with their count
    "due_soon": 40,
    "compliance": 40,
    "high_residual_risks": 50,
    "high_risks_by_wording": 15,
    "changes": 50,
    "data_quality": 100,
    "data_quality_summary": 60,
    "key_partnerships": 20,  # pages
    "comments_per_question": 20,  # different answers per question and year
    "liaison_gaps": 40,  # a parish-heavy council's councils not met or not briefed
    "consultations": 20,
    "council_requests": 25,  # councils asking for information or training
    "devolved_services": 25,  # services under agreement or being negotiated
    "outside_appetite": 20,
    "targets_missed": 30,
}
# The devolved services the chapter lists one by one; the other stages are counted.
LISTED_STAGES: Final = ("Agreement", "Negotiating")
# Changes of one kind for one partnership that What changed counts on one line, not one
# line each (a proposed partnership's whole risk assessment arriving at once).
RUN: Final = 5
NO_PARTNERSHIP_MANAGER: Final = "No partnership manager named"
NO_OFFICER: Final = "No officer named"


def records(frame: pd.DataFrame) -> list[Row]:
    """A table's rows as dictionaries keyed by its headings."""
    return frame.to_dict("records")  # type: ignore[return-value]


@dataclass(frozen=True)
class Shown:
    """The rows of a table a PDF prints, how many more the table holds, and its sheet."""

    rows: list[Row]
    more: int
    sheet: str


def shown(frame: pd.DataFrame, *, limit: int, sheet: str) -> Shown:
    """The first `limit` rows of a table, and how many are left for report-data.xlsx."""
    return Shown(records(frame.head(limit)), max(len(frame) - limit, 0), sheet)


# The key a printed risk's row gains: its open risk actions (Risk actions, WORKBOOKS.md §11),
# soonest due first, each a `Risk actions` row (Action, Owner, Due, Status); none for most.
OPEN_ACTIONS: Final = "Open actions"


def open_actions_by_risk(tables: ReportTables) -> dict[tuple[str, int], list[Row]]:
    """Each risk's actions not yet done, soonest due first, by (Partnership ID, Risk no); none
    without a Risk actions sheet."""
    if "risk_actions" not in tables:
        return {}
    actions = tables.risk_actions
    waiting = actions[actions["Status"] != DONE].sort_values("Due", kind="stable")
    found: dict[tuple[str, int], list[Row]] = {}
    for row in records(waiting):
        found.setdefault((str(row["Partnership ID"]), int(row["Risk no"])), []).append(row)
    return found


def with_open_actions(rows: list[Row], actions: Mapping[tuple[str, int], list[Row]]) -> list[Row]:
    """Printed risk rows (with Partnership ID and Risk no), each with its OPEN_ACTIONS."""
    return [
        {**row, OPEN_ACTIONS: actions.get((str(row["Partnership ID"]), int(row["Risk no"])), [])}
        for row in rows
    ]


@dataclass(frozen=True)
class Group:
    """Rows under one heading (a council priority, a lead officer), with the heading's
    count from its own table where the page prints one."""

    heading: str
    rows: list[Row]
    count: int | None = None
    list_file: str | None = None  # an officer's own list, which holds every row of theirs
    whose: str = ""  # whose rows, in a sentence: `for Head of Finance`, `with no officer named`

    @property
    def not_shown(self) -> int:
        """How many of the heading's `count` are beyond the rows printed."""
        return 0 if self.count is None else self.count - len(self.rows)


def _heading_order(heading: Any) -> tuple[str, Any]:
    """Where a group's heading sorts: alphabetical ignoring case, then as written."""
    return str(heading).lower(), heading


def _grouped(rows: Iterable[Row], column: str) -> list[tuple[str, list[Row]]]:
    """Rows under each value of `column`, headings alphabetical ignoring case, rows in their
    table's order within each."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row[column], []).append(row)
    return [(key, groups[key]) for key in sorted(groups, key=_heading_order)]


def _rows_of(cells: pd.DataFrame) -> list[list[Row]]:
    """A heatmap's cells (likelihood high to low, impact low to high, as the tables hold
    them) as the rows of the printed grid."""
    grid: dict[Hashable, list[Row]] = {}
    for cell in records(cells):
        grid.setdefault(cell["Likelihood"], []).append(cell)
    return list(grid.values())


@dataclass(frozen=True)
class PartnershipPage:
    facts: Row  # its `Key partnerships` row
    heatmap: list[list[Row]]  # its `Partnership heatmaps` cells, in rows
    risks: list[Row]  # its `Partnership risks` rows, each with its OPEN_ACTIONS
    compliance: Row | None  # its `Compliance` row (None when it is not Active)


@dataclass(frozen=True)
class Comments:
    question_id: str
    question: str
    years: list[tuple[int, Shown]]  # each year's different answers, latest year first


@dataclass(frozen=True)
class SurveyPage:
    headline: Row  # the `Survey by theme` row for all questions, latest year
    year: int
    questions: list[Row]  # `Survey` rows of that year
    types: list[str]  # organisation types, the `Agreement by type` columns
    by_type: list[Row]  # `Agreement by type` rows of that year
    comments: list[Comments]
    rates: list[Row]  # `Response rates` rows of that year
    earlier_rates: dict[str, Row]  # organisation type → its row of the latest earlier year


@dataclass(frozen=True)
class LiaisonPage:
    """The *Town and parish councils* chapter: each part None when its sheet is absent."""

    by_type: list[Row] | None  # `Councils by type`
    coverage: list[Row] | None  # `Liaison coverage`
    gap_groups: list[Group] | None  # `Liaison gaps` by partnership manager, with each count
    requests: Shown | None  # `Council requests`: information wanted and training needs
    meetings: list[Row] | None  # `Meetings held`
    consultations: Shown | None
    stages: list[Row] | None  # `Devolution by stage`
    agreements: Shown | None  # the `Devolved services` under agreement or negotiation
    survey_types: list[str]  # the local-council organisation types of `Agreement by type`
    survey: list[Row]  # its rows of the survey year shown


@dataclass(frozen=True)
class Implication:
    section: str  # "Financial implications", …
    figures: list[Row]  # its `Implications` rows
    texts: list[str]  # the officers' commentary for it


@dataclass(frozen=True)
class BoardPage:
    """One report's *Report to the board* section and its chapters' commentary (§9)."""

    shown: bool  # the report has a Commentary or Recommendations row
    summary: list[str]
    recommendations: list[Row]  # `Recommendations` rows of this report, in number order
    implications: list[Implication]
    notes: dict[str, list[str]]  # section → commentary, printed at the start of its chapter
    elsewhere: list[tuple[str, list[str]]]  # sections this report has no chapter for
    decisions_sought: list[Row]  # `Proposals` rows awaiting a decision (§10)
    decisions_taken: list[Row]  # those decided this year: the annual report's only


# The quarterly pack's chapters, by the Commentary section each stands for (§9).
QUARTERLY_SECTIONS: Final = ("Summary", "Risk profile", "Reviews and compliance")


@dataclass(frozen=True)
class SaidOnce:
    """Where two lists or measures of the reports are one and the same, so that the pages
    print it once and say it covers both (docs/decisions.md, "Said once"). Decided from the
    tables of this run; report-data.xlsx keeps every sheet whole."""

    # `High residual risks` and `Outside appetite` list the same risks: one tile, one
    # implication, one key message.
    top_band_outside: bool
    # How many `Highest risks` there are when they are the first rows of the printed
    # `Outside appetite` list, in its order (0 when they are not): the pack prints that list
    # only, saying so.
    highest_in_outside: int
    # The Trend's top-band and outside-appetite counts are equal in every period: one column.
    trend_top_band_outside: bool


def said_once(tables: ReportTables, outside_appetite: Shown) -> SaidOnce:
    """Which pairs of lists and measures are one set in this run (SaidOnce). `outside_appetite`
    is the list as printed (its first rows)."""
    highest = risk_keys(tables.highest_risks)
    printed = risk_keys(pd.DataFrame(outside_appetite.rows, columns=["Partnership ID", "Risk no"]))
    trend = tables.trend
    return SaidOnce(
        top_band_outside=same_risks(tables.high_residual_risks, tables.outside_appetite),
        highest_in_outside=len(highest) if printed[: len(highest)] == highest else 0,
        trend_top_band_outside=trend["High residual risks"].equals(trend["Outside appetite"]),
    )


def _said_once(figures: list[Row], *, same_risks: bool = False) -> list[Row]:
    """An implication's figures, each sum of money said once: a sum equal to the one before
    it (budget contribution and annual cost when staff time is not costed) is left out, the
    later, fuller measure kept. Counts that happen to be equal are different things, kept,
    except that when the top band and outside appetite are the same risks (`same_risks`) the
    two counts are one figure, worded for both."""
    kept: list[Row] = []
    for row in figures:
        money = row["Unit"] == "£" and kept and kept[-1]["Unit"] == "£"
        if money and kept[-1]["Value"] == row["Value"]:
            kept[-1] = row
        elif same_risks and row["Measure"] == OUTSIDE_APPETITE_MEASURE and kept:
            both = f"{kept[-1]['Measure']} and outside the council's appetite"
            kept[-1] = {**kept[-1], "Measure": both}
        else:
            kept.append(row)
    return kept


def _board_page(tables: ReportTables, report: str, *, same_risks: bool) -> BoardPage:
    notes: dict[str, list[str]] = {}
    if "commentary" in tables:
        rows = tables.commentary[tables.commentary["Report"].isin([report, "Both"])]
        for section, text in zip(rows["Section"], rows["Text"], strict=True):
            notes.setdefault(section, []).append(text)
    wanted = []
    if "recommendations" in tables:
        recs = tables.recommendations
        wanted = records(recs[recs["Report"].isin([report, "Both"])].sort_values("No"))
    figures = tables.implications
    implications = [
        Implication(
            section,
            _said_once(records(figures[figures["Implication"] == section]), same_risks=same_risks),
            notes.pop(section, []),
        )
        for section in IMPLICATIONS
    ]
    summary = notes.pop("Summary", [])
    elsewhere: list[tuple[str, list[str]]] = []
    if report == "Quarterly":
        elsewhere = [
            (section, notes.pop(section))
            for section in SECTIONS
            if section in notes and section not in QUARTERLY_SECTIONS
        ]
    decided = tables.proposals["Decision"].isin(DECIDED)
    return BoardPage(
        shown=bool(summary or wanted or notes or elsewhere or any(i.texts for i in implications)),
        summary=summary,
        recommendations=wanted,
        implications=implications,
        notes=notes,
        elsewhere=elsewhere,
        decisions_sought=records(tables.proposals[~decided]),
        decisions_taken=records(tables.proposals[decided]) if report == "Annual" else [],
    )


@dataclass(frozen=True)
class Pages:
    lists: dict[str, Shown]  # table name → the rows printed of it
    register_groups: list[Group]  # the printed register rows by council priority
    officer_groups: list[Group]  # every responsible officer with overdue items: count, rows
    heatmaps: dict[str, list[list[Row]]]  # "Inherent", "Residual" → the grid's rows
    survey: SurveyPage | None
    key_partnerships: list[PartnershipPage]
    more_key_partnerships: int
    liaison: LiaisonPage | None  # None without a Local councils sheet
    targets_missed: Shown  # the Overdue rows of risks that missed their target date
    board: dict[str, BoardPage]  # "Annual", "Quarterly" → its Report to the board
    significant_groups: list[Group]  # the register of significant partnerships by priority
    tiles: list[Row]  # the `Summary` rows the first page shows as tiles (see _tiles)
    once: SaidOnce  # the lists and measures that are one set, printed once
    highest_risks: list[Row]  # the `Highest risks` rows, each with its OPEN_ACTIONS

    @property
    def officers_listed(self) -> list[Group]:
        """The officers the overdue list's cap leaves rows for: a heading and rows each."""
        return [group for group in self.officer_groups if group.rows]

    @property
    def officers_named(self) -> list[Group]:
        """The officers it leaves none for: named together after the list, with counts."""
        return [group for group in self.officer_groups if not group.rows]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fair_shares(sizes: Sequence[int], limit: int) -> list[int]:
    """How many of each group's rows a list of at most `limit` rows prints: as evenly as the
    cap allows, each group its first rows. A group smaller than an even share prints whole and
    leaves the rest to the others; rows an even split leaves over go to the first groups. With
    more groups than rows the first `limit` groups print one row each and the others none (the
    page still gives their heading and count)."""
    shares = [0] * len(sizes)
    left = max(limit, 0)
    waiting = [i for i, size in enumerate(sizes) if size > 0]
    while left and waiting:
        each = max(left // len(waiting), 1)
        for i in waiting:
            take = min(each, sizes[i] - shares[i], left)
            shares[i] += take
            left -= take
        waiting = [i for i in waiting if shares[i] < sizes[i]]
    return shares


def fair_groups(
    frame: pd.DataFrame,
    column: str,
    limit: int,
    *,
    nobody: str,
    list_file: Callable[[str], str] | None = None,
) -> list[Group]:
    """A table's rows under each value of `column` (headings alphabetical ignoring case, rows
    with none last under `nobody`), each group with its count and its first rows: the list's
    `limit` rows shared among the groups (fair_shares), so that however long the table, every
    group is named with its count. `list_file` names where a group's own list is, if it has
    one (an officer's workbook)."""
    keys = frame[column]
    named = sorted(set(keys.dropna()), key=_heading_order)
    members = [keys == key for key in named]
    if keys.isna().any():
        members.append(keys.isna())
    counts = [int(rows.sum()) for rows in members]
    groups = []
    for number, (rows, count, share) in enumerate(
        zip(members, counts, fair_shares(counts, limit), strict=True)
    ):
        printed = records(frame[rows].head(share))
        if number < len(named):
            heading = str(named[number])
            file = list_file(heading) if list_file else None
            groups.append(Group(heading, printed, count, file, f"for {heading}"))
        else:
            groups.append(
                Group(nobody, printed, count, whose=f"with {nobody[:1].lower()}{nobody[1:]}")
            )
    return groups


def _key_partnership_pages(tables: ReportTables, limit: int) -> list[PartnershipPage]:
    facts = tables.key_partnerships.head(limit)
    ids = list(facts["Partnership ID"])
    cells = tables.partnership_heatmaps
    cells = cells[cells["Partnership ID"].isin(ids)]
    risks = tables.partnership_risks
    risks = risks[risks["Partnership ID"].isin(ids)]
    cells_by_id = dict(tuple(cells.groupby("Partnership ID", sort=False)))
    risks_by_id = dict(tuple(risks.groupby("Partnership ID", sort=False)))
    empty = risks.iloc[0:0]
    compliance = {row["Partnership ID"]: row for row in records(tables.compliance)}
    actions = open_actions_by_risk(tables)
    return [
        PartnershipPage(
            row,
            _rows_of(cells_by_id.get(row["Partnership ID"], cells.iloc[0:0])),
            with_open_actions(records(risks_by_id.get(row["Partnership ID"], empty)), actions),
            compliance.get(row["Partnership ID"]),
        )
        for row in records(facts)
    ]


def _comments(tables: ReportTables, limit: int) -> list[Comments]:
    counts = tables.comment_counts
    found = []
    for question_id, rows in counts.groupby("Question ID", sort=False):
        years = [
            (int(str(year)), shown(answers, limit=limit, sheet=sheet_of("survey_comments")))
            for year, answers in rows.groupby("Survey year", sort=False)
        ]
        found.append(Comments(str(question_id), str(rows["Question"].iloc[0]), years))
    return found


def _survey_page(tables: ReportTables, comments: int) -> SurveyPage | None:
    themes = tables.survey_by_theme
    headline = themes[themes["Theme"] == ALL_QUESTIONS]
    if headline.empty:
        return None
    first = records(headline.head(1))[0]  # latest year first
    year = first["Survey year"]
    by_type = tables.agreement_by_type
    rates = tables.response_rates
    return SurveyPage(
        headline=first,
        year=year,
        questions=records(tables.survey[tables.survey["Survey year"] == year]),
        types=[c for c in by_type.columns if c not in AGREEMENT_BY_TYPE_COLUMNS],
        by_type=records(by_type[by_type["Survey year"] == year]),
        comments=_comments(tables, comments),
        rates=records(rates[rates["Survey year"] == year]),
        earlier_rates={
            row["Organisation type"]: row
            for row in records(rates[rates["Survey year"] < year].iloc[::-1])
        },
    )


def _local_council_types(types: list[str]) -> list[str]:
    wanted = {kind.casefold() for kind in LOCAL_COUNCIL_ORGANISATION_TYPES}
    return [kind for kind in types if kind.casefold() in wanted]


def _liaison_page(
    tables: ReportTables, lists: Mapping[str, Shown], survey: SurveyPage | None, gaps_cap: int
) -> LiaisonPage | None:
    if "liaison" not in tables:
        return None
    gap_groups = None
    if "liaison_gaps" in tables:
        gap_groups = fair_groups(
            tables.liaison_gaps,
            "Partnership manager",
            gaps_cap,
            nobody=NO_PARTNERSHIP_MANAGER,
        )
    agreements = None
    if "devolved_services" in tables:
        services = tables.devolved_services
        listed = services[services["Stage"].isin(LISTED_STAGES)]
        agreements = shown(
            listed, limit=LIST_CAPS["devolved_services"], sheet=sheet_of("devolved_services")
        )
    types = _local_council_types(survey.types) if survey else []
    questions = {row["Question ID"]: row["Question"] for row in survey.questions} if survey else {}
    return LiaisonPage(
        by_type=records(tables.councils_by_type),
        coverage=records(tables.liaison_coverage),
        gap_groups=gap_groups,
        requests=lists.get("council_requests"),
        meetings=records(tables.meetings_held) if "meetings_held" in tables else None,
        consultations=lists.get("consultations"),
        stages=records(tables.devolution_by_stage) if "devolution_by_stage" in tables else None,
        agreements=agreements,
        survey_types=types,
        survey=[
            {**row, "Question": questions.get(row["Question ID"], "")}
            for row in (survey.by_type if survey and types else [])
        ],
    )


def _what(detail: str) -> str:
    """What a change is about, the start of its detail: "Risk 4", "Review overdue"."""
    return detail.partition(":")[0]


def _listed(whats: list[str]) -> str:
    """Things named once each, in order, with how many where more than one: "Review overdue,
    Action overdue (2)"."""
    counts: dict[str, int] = {}
    for what in whats:
        counts[what] = counts.get(what, 0) + 1
    return ", ".join(what if n == 1 else f"{what} ({n})" for what, n in counts.items())


def _run_line(kind: str, runs: list[pd.DataFrame], statuses: Mapping[str, str]) -> Row:
    """One printed line for a kind's runs (RUN or more changes for one partnership): how many,
    and for whom. One partnership: what each change is about; several: how many each, and
    their status when they share one that is not Active ("2 proposed partnerships")."""
    total = sum(len(run) for run in runs)
    counted = f"{total:,} {CHANGE_ORDER[kind]}"
    if len(runs) == 1:
        run = runs[0]
        detail = f"{counted}: {_listed([_what(d) for d in run['Detail']])}"
        return {"Change": kind, "Partnership": run["Partnership"].iloc[0], "Detail": detail}
    shared = {statuses.get(str(run["Partnership ID"].iloc[0]), "") for run in runs}
    status = shared.pop().lower() if len(shared) == 1 else ""
    who = f"{len(runs)} {status + ' ' if status and status != 'active' else ''}partnerships"
    each = ", ".join(f"{len(run):,} for {run['Partnership'].iloc[0]}" for run in runs)
    return {"Change": kind, "Partnership": who, "Detail": f"{counted}: {each}"}


def changes_page(changes: pd.DataFrame, register: pd.DataFrame, *, limit: int) -> Shown:
    """What changed as the pack prints it: the `Changes` rows in their order (most
    consequential first), except that each kind's runs (RUN or more changes of that kind for
    one partnership) are counted on one line, first in their kind. At most `limit` lines;
    `more` counts the changes left out, every one a row of the Changes sheet."""
    statuses = dict(zip(register["Partnership ID"], register["Status"], strict=True))
    lines: list[tuple[Row, int]] = []  # a printed line, and how many changes it covers
    for kind, rows in changes.groupby("Change", sort=False):
        by_partnership = rows.groupby(rows["Partnership ID"].fillna(""), sort=False)
        runs = [run for pid, run in by_partnership if pid and len(run) >= RUN]
        if runs:
            lines.append((_run_line(str(kind), runs, statuses), sum(len(run) for run in runs)))
        in_runs = {index for run in runs for index in run.index}
        single = rows[~rows.index.isin(in_runs)]
        lines += [(row, 1) for row in records(single[["Change", "Partnership", "Detail"]])]
    printed = lines[:limit]
    left = len(changes) - sum(covered for _, covered in printed)
    return Shown([row for row, _ in printed], left, sheet_of("changes"))


def _tiles(summary: pd.DataFrame, *, top_band_outside: bool) -> list[Row]:
    """The key figures as tiles: every `Summary` row, except that budget contribution is left
    out when it equals annual cost (staff time not costed), so no two tiles say one thing;
    and when the risks still in the top band are the risks outside appetite, its tile says
    it covers both."""
    value = dict(zip(summary["Key"], summary["Value"], strict=True))
    same = value.get("budget_contribution") == value.get("annual_cost")
    tiles = []
    for row in records(summary):
        if same and row["Key"] == "budget_contribution":
            continue
        if top_band_outside and row["Key"] == "top_band_residual_risks":
            row = {**row, "Measure": f"{row['Measure']} and outside appetite"}
        tiles.append(row)
    return tiles


def pages(tables: ReportTables, *, caps: Mapping[str, int] = LIST_CAPS) -> Pages:
    """The report tables arranged for the PDFs' pages, long lists cut at `caps`."""
    lists = {
        name: shown(tables[name], limit=limit, sheet=sheet_of(name))
        for name, limit in caps.items()
        if name in tables
    }
    if "changes" in caps:
        lists["changes"] = changes_page(tables.changes, tables.register, limit=caps["changes"])
    heatmap = tables.heatmap
    key = tables.key_partnerships
    once = said_once(tables, lists["outside_appetite"])
    actions = open_actions_by_risk(tables)
    outside = lists["outside_appetite"]
    lists["outside_appetite"] = replace(outside, rows=with_open_actions(outside.rows, actions))
    survey = _survey_page(tables, caps["comments_per_question"])
    return Pages(
        lists=lists,
        register_groups=[
            Group(priority, rows)
            for priority, rows in _grouped(lists["register"].rows, "Council priority")
        ],
        officer_groups=fair_groups(
            tables.overdue,
            RESPONSIBLE,
            caps["overdue"],
            nobody=NO_OFFICER,
            list_file=list_path,
        ),
        heatmaps={
            **{
                stage: _rows_of(heatmap[heatmap["Stage"] == stage])
                for stage in ("Inherent", "Residual")
            },
            "Target": _rows_of(tables.target_heatmap),
        },
        survey=survey,
        key_partnerships=_key_partnership_pages(tables, caps["key_partnerships"]),
        more_key_partnerships=max(len(key) - caps["key_partnerships"], 0),
        liaison=_liaison_page(tables, lists, survey, caps["liaison_gaps"]),
        board={
            report: _board_page(tables, report, same_risks=once.top_band_outside)
            for report in ("Annual", "Quarterly")
        },
        tiles=_tiles(tables.summary, top_band_outside=once.top_band_outside),
        once=once,
        highest_risks=with_open_actions(records(tables.highest_risks), actions),
        significant_groups=[
            Group("Not given" if _blank(priority) else priority, rows)
            for priority, rows in _grouped(
                records(tables.significant_partnerships), "Council priority"
            )
        ],
        targets_missed=shown(
            tables.overdue[tables.overdue["Check"] == RISK_TARGET.overdue],
            limit=caps["targets_missed"],
            sheet=sheet_of("overdue"),
        ),
    )
