"""validate: the pandera schemas (lazy) and the cross-sheet rules.

The result is `(Dataset, findings)`. Errors stop publication; warnings never do. Per-field
rules run first (pandera), then the rules that look across rows and sheets. A cell that
normalise already reported is not reported again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import pandas as pd
import pandera.pandas as pa

from pipeline.characters import id_key, looks_like, name_key
from pipeline.findings import Finding, cell_name, cell_ref, finding
from pipeline.matrices import RiskMatrix
from pipeline.normalise import Sheets
from schemas import SHEETS, SheetSpec, sheet_for_name
from schemas._columns import allowed_text
from schemas.figures import LIVE_FIGURE, SUMMARY_KEYS, braced, keys_text
from schemas.liaison import COUNCIL_MEETINGS
from schemas.rules import RULES


@dataclass(frozen=True)
class Dataset:
    """The validated inputs, one frame per sheet kind, Partnership IDs in the register's
    spelling and Question IDs upper-cased. Each frame keeps its provenance columns."""

    partnerships: pd.DataFrame
    members: pd.DataFrame
    agreements: pd.DataFrame
    actions: pd.DataFrame
    risks: pd.DataFrame
    risk_actions: pd.DataFrame
    questions: pd.DataFrame
    responses: pd.DataFrame
    answers: pd.DataFrame
    invitations: pd.DataFrame
    local_councils: pd.DataFrame
    meetings: pd.DataFrame
    consultations: pd.DataFrame
    devolved_services: pd.DataFrame
    commentary: pd.DataFrame
    recommendations: pd.DataFrame
    officers: pd.DataFrame
    # The kinds of sheet that at least one workbook has (Sheets.read): the liaison sheets,
    # all optional, switch on the checks and tables that read them.
    read: frozenset[str] = frozenset()


def _place(sheets: Sheets, row: pd.Series, column: str, spec: SheetSpec) -> dict[str, str]:
    default = spec.column(column).heading if column in {c.name for c in spec.columns} else column
    return {
        "file": row["source_file"],
        "sheet": row["source_sheet"],
        "cell": cell_ref(row, column, sheets.letters),
        "column": sheets.heading(row, column, default),
    }


def _schema_findings(spec: SheetSpec, frame: pd.DataFrame, sheets: Sheets) -> list[Finding]:
    """pandera's failure cases, each as a finding on its cell. Every check is named with
    its rule code (schemas/_columns.py), so a case names its rule; what the check allows is
    read off the check itself."""
    try:
        spec.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    columns = spec.model.to_schema().columns
    found = []
    for case in cases.to_dict("records"):
        rule, index = str(case["check"]), case["index"]
        if rule not in RULES or index is None or (isinstance(index, float) and pd.isna(index)):
            # Not an officer's value (every check names a rule and a row): a frame that
            # normalise did not type as the schema says.
            raise AssertionError(f"{spec.name}: pandera failed {rule!r}, which is no rule")
        column = str(case["column"])
        check = columns[column].checks[int(case["check_number"])]
        value = case["failure_case"]
        found.append(
            finding(
                rule,
                **_place(sheets, frame.loc[index], column, spec),
                value=f"{value:g}" if isinstance(value, float) else value,
                allowed=allowed_text(check),
            )
        )
    return found


def _canonical_ids(frame: pd.DataFrame, ids: dict[str, str]) -> pd.DataFrame:
    """Partnership IDs rewritten in the register's spelling (IDs compare by `id_key`: case,
    the width of characters and the kind of dash ignored)."""
    if frame.empty:
        return frame
    return frame.assign(
        partnership_id=frame["partnership_id"].map(
            lambda v: ids.get(id_key(str(v)), v) if pd.notna(v) else v
        )
    )


def _duplicates(frame: pd.DataFrame, keys: list[str]) -> Iterable[tuple[pd.Series, pd.Series]]:
    """(repeat, first) pairs of rows sharing `keys` (compared as IDs are, `id_key`), blanks
    ignored."""
    present = frame.dropna(subset=keys)
    folded = present[keys].map(lambda v: id_key(str(v)))
    firsts: dict[tuple[str, ...], Any] = {}
    for index, key in zip(present.index, folded.itertuples(index=False), strict=True):
        if key in firsts:
            yield present.loc[index], present.loc[firsts[key]]
        else:
            firsts[key] = index


def _where(row: pd.Series, sheets: Sheets, column: str) -> str:
    return " › ".join(
        part
        for part in (row["source_file"], row["source_sheet"], cell_ref(row, column, sheets.letters))
        if part
    )


def _repeats(
    sheets: Sheets,
    frame: pd.DataFrame,
    spec: SheetSpec,
    rule: str,
    keys: list[str],
    *,
    column: str,
    named: Mapping[str, str] | None = None,
    **fixed: Any,
) -> list[Finding]:
    """`rule` at each row whose `keys` repeat an earlier row's (blanks ignored), at its
    `column`, naming the earlier row; `named` gives message fields read from the row (field →
    column), `fixed` fields the same for every row."""
    return [
        finding(
            rule,
            **_place(sheets, repeat, column, spec),
            value=repeat[column],
            **{field: repeat[source] for field, source in (named or {}).items()},
            **fixed,
            other=_where(first, sheets, column),
        )
        for repeat, first in _duplicates(frame, keys)
    ]


# The sheets whose rows name a partnership by its Partnership ID.
REFERRING_SHEETS: Final = (
    "Members",
    "Agreements",
    "Actions",
    "Risks",
    "Risk actions",
    "Responses",
    "Local councils",
    "Meetings",
    "Devolved services",
)


def _references(sheets: Sheets) -> list[pd.DataFrame]:
    """The rows of the referring sheets that name a Partnership ID, one frame a kind of
    sheet (each row carries its provenance)."""
    return [sheets.frames[name].dropna(subset=["partnership_id"]) for name in REFERRING_SHEETS]


def _id_findings(sheets: Sheets, *, incomplete: set[str]) -> list[Finding]:
    """The register's repeated Partnership IDs (each repeat one error, naming the rows of
    other sheets that refer to it), then the rows of other sheets whose Partnership ID is not
    in the register. A row naming an ID the register repeats, or one it refused (a hidden
    character, another alphabet's letter: already reported at the register's cell), has that
    one cause and no message of its own."""
    partnerships = sheets.frames["Partnerships"]
    references = _references(sheets)
    found = _duplicate_ids(sheets, partnerships, references)
    if "Partnerships" in incomplete:
        return found  # the missing register is already reported; no follow-on errors
    known = {id_key(str(v)) for v in partnerships["partnership_id"].dropna()}
    refused = sheets.refused_ids.get(("Partnerships", "partnership_id"), frozenset())
    # A partnership's name typed where its ID belongs: say which ID it is.
    ids_by_name = {
        " ".join(str(name).split()).casefold(): pid
        for name, pid in zip(
            partnerships["partnership"], partnerships["partnership_id"], strict=True
        )
        if pd.notna(name) and pd.notna(pid)
    }
    for name, present in zip(REFERRING_SHEETS, references, strict=True):
        unknown = present[~present["partnership_id"].map(id_key).isin(known)]
        for _, row in unknown.iterrows():
            typed = row["partnership_id"]
            named = ids_by_name.get(" ".join(str(typed).split()).casefold())
            if not named and looks_like(str(typed)) in refused:
                continue  # the register's refused ID is the cause, reported at its cell
            found.append(
                finding(
                    "id.name_not_id" if named else "id.unknown_partnership",
                    **_place(sheets, row, "partnership_id", SHEETS[name]),
                    value=typed,
                    **({"partnership_id": named} if named else {}),
                )
            )
    return found


def _duplicate_ids(
    sheets: Sheets, partnerships: pd.DataFrame, references: list[pd.DataFrame]
) -> list[Finding]:
    """`id.duplicate` at each repeat of a Partnership ID in the register (compared as IDs
    are, `id_key`): which rows use it, and which rows of other sheets refer to it, since
    each of those must be checked once the partnerships have their own IDs."""
    spec = SHEETS["Partnerships"]
    present = partnerships.dropna(subset=["partnership_id"])
    keys = present["partnership_id"].map(lambda v: id_key(str(v)))
    repeated = keys.duplicated(keep=False)
    found = []
    for key, rows in present[repeated].groupby(keys[repeated], sort=False):
        referring = pd.concat(
            [frame[frame["partnership_id"].map(id_key) == key] for frame in references]
        )
        count = len(referring)
        fields: dict[str, Any] = {
            "count": len(rows),
            "places": rows_named(rows),
            "references": f", and {count:,} row{'s' * (count != 1)} of other sheets "
            f"refer{'s' * (count == 1)} to it ({rows_named(referring)})"
            if count
            else "",
            "then": ", then say which partnership each of those rows is about" if count else "",
        }
        for _, repeat in rows.iloc[1:].iterrows():
            found.append(
                finding(
                    "id.duplicate",
                    **_place(sheets, repeat, "partnership_id", spec),
                    value=repeat["partnership_id"],
                    **fields,
                )
            )
    return found


def _run_length(text: str) -> int:
    """How many rows `14` (1) or `2 to 11` (10) is."""
    first, _, last = text.partition(" to ")
    return int(last or first) - int(first) + 1


# The most runs of rows a message lists in one sheet; the rest are counted.
ROW_RUNS_SHOWN: Final = 10


def rows_named(rows: pd.DataFrame) -> str:
    """The rows' places, by workbook and sheet in the order met: `register.xlsx › Partnerships
    rows 5 and 19; risks.xlsx › Risks rows 2 to 11`."""
    named = []
    for (file, sheet), same in rows.groupby(["source_file", "source_sheet"], sort=False):
        named.append(f"{file} › {sheet} {_row_runs(same['source_row'].astype(int).tolist())}")
    return "; ".join(named)


def _row_runs(numbers: list[int]) -> str:
    """`row 4`, `rows 5 and 19`, `rows 2 to 11, 14 and 20`; past ROW_RUNS_SHOWN runs, the
    rest counted (`and 30 more`)."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    texts = [
        text
        for run in runs
        for text in (map(str, run) if len(run) < 3 else [f"{run[0]} to {run[-1]}"])
    ]
    shown = texts[:ROW_RUNS_SHOWN]
    left = len(set(numbers)) - sum(_run_length(text) for text in shown)
    if left:
        shown.append(f"{left:,} more")
    word = "row" if len(set(numbers)) == 1 else "rows"
    return (
        f"{word} {shown[0]}"
        if len(shown) == 1
        else f"{word} {', '.join(shown[:-1])} and {shown[-1]}"
    )


def _date_findings(sheets: Sheets, *, as_of: date) -> list[Finding]:
    found = []
    for name, start, end in (
        ("Partnerships", "start_date", "end_date"),
        ("Devolved services", "agreement_start", "agreement_end"),
    ):
        frame, sheet_spec = sheets.frames[name], SHEETS[name]
        for _, row in frame[frame[end] < frame[start]].iterrows():
            found.append(
                finding(
                    "date.end_before_start",
                    **_place(sheets, row, end, sheet_spec),
                    value=f"{row[end]:%d/%m/%Y}",
                    start_heading=sheets.heading(
                        row, start, sheet_spec.column(start).heading
                    ).lower(),
                    start=f"{row[start]:%d/%m/%Y}",
                )
            )
    found += _decision_findings(sheets, as_of=as_of)
    risks = sheets.frames["Risks"]
    late = risks[risks["assessment_date"] > pd.Timestamp(as_of)]
    for _, row in late.iterrows():
        found.append(
            finding(
                "date.after_as_of",
                **_place(sheets, row, "assessment_date", SHEETS["Risks"]),
                value=f"{row['assessment_date']:%d/%m/%Y}",
                gap=how_long_after(row["assessment_date"].date(), as_of),
                as_of=f"{as_of:%d/%m/%Y}",
            )
        )
    return found


def _decision_findings(sheets: Sheets, *, as_of: date) -> list[Finding]:
    """A proposal awaiting a decision (Status Proposed, Decision Pending or blank: WORKBOOKS.md
    §10) whose Decision date is before the as-of date: the decision was due."""
    rows = sheets.frames["Partnerships"]
    waiting = (rows["status"] == "Proposed") & (
        rows["decision"].isna() | (rows["decision"] == "Pending")
    )
    due = rows[waiting & (rows["decision_date"] < pd.Timestamp(as_of))]
    return [
        finding(
            "decision.overdue",
            **_place(sheets, row, "decision_date", SHEETS["Partnerships"]),
            value=f"{row['decision_date']:%d/%m/%Y}",
            gap=how_long_after(as_of, row["decision_date"].date()),
            as_of=f"{as_of:%d/%m/%Y}",
        )
        for _, row in due.iterrows()
    ]


def how_long_after(later: date, earlier: date) -> str:
    """How far `later` is after `earlier`, in words: "8 months", "1 year and 2 months", or
    in days when under a month ("12 days"). Whole months are counted, so 31 March to 30
    April is 30 days. It says how far, never which part of a date is wrong."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    if months < 1:
        return _counted((later - earlier).days, "day")
    years, months = divmod(months, 12)
    parts = [_counted(n, unit) for n, unit in ((years, "year"), (months, "month")) if n]
    return " and ".join(parts)


def _counted(number: int, unit: str) -> str:
    """`1 day`, `8 days`."""
    return f"{number:,} {unit}{'s' * (number != 1)}"


def _risk_findings(sheets: Sheets, matrix: RiskMatrix) -> list[Finding]:
    risks = sheets.frames["Risks"]
    spec = SHEETS["Risks"]
    found = _repeats(
        sheets,
        risks,
        spec,
        "risk.duplicate_number",
        ["partnership_id", "risk_no"],
        column="risk_no",
        named={"partnership": "partnership_id"},
    )
    inherent = matrix.ratings_for(risks["inherent_impact"], risks["inherent_likelihood"])
    residual = matrix.ratings_for(risks["residual_impact"], risks["residual_likelihood"])
    rated = inherent.notna()
    no_residual = risks["residual_impact"].isna() & risks["residual_likelihood"].isna()
    half = risks["residual_impact"].isna() ^ risks["residual_likelihood"].isna()
    for stage, computed in (("inherent", inherent), ("residual", residual)):
        typed = risks[f"{stage}_rating"]
        for index in risks.index[rated & computed.notna() & typed.notna() & (typed != computed)]:
            found += _rating_mismatch(sheets, risks.loc[index], stage, int(computed[index]), matrix)
    for index in risks.index[rated & no_residual]:
        place = _place(sheets, risks.loc[index], "residual_impact", spec)
        found.append(finding("risk.residual_missing", **place, computed=int(inherent[index])))
    for index in risks.index[rated & half]:
        row = risks.loc[index]
        blank = "residual_impact" if pd.isna(row["residual_impact"]) else "residual_likelihood"
        found.append(finding("risk.residual_half", **_place(sheets, row, blank, spec)))
    target = matrix.ratings_for(risks["target_impact"], risks["target_likelihood"])
    target_half = risks["target_impact"].isna() ^ risks["target_likelihood"].isna()
    for index in risks.index[target_half]:
        row = risks.loc[index]
        blank = "target_impact" if pd.isna(row["target_impact"]) else "target_likelihood"
        found.append(finding("risk.target_half", **_place(sheets, row, blank, spec)))
    # Residual blank (no controls yet) is read as the inherent rating.
    standing = residual.fillna(inherent)
    above = rated & target.notna() & standing.notna() & (target > standing)
    for index in risks.index[above]:
        found.append(
            finding(
                "risk.target_above_residual",
                **_place(sheets, risks.loc[index], "target_impact", spec),
                target=int(target[index]),
                residual=int(standing[index]),
            )
        )
    untargeted = (
        risks["target_date"].notna()
        & risks["target_impact"].isna()
        & risks["target_likelihood"].isna()
    )
    for index in risks.index[untargeted]:
        row = risks.loc[index]
        found.append(
            finding(
                "risk.target_date_without_target",
                **_place(sheets, row, "target_date", spec),
                value=f"{row['target_date']:%d/%m/%Y}",
            )
        )
    both = rated & residual.notna()
    for rule, column, mask in (
        ("risk.residual_above_inherent", "residual_rating", both & (residual > inherent)),
        (
            "risk.lowered_without_controls",
            "controls",
            both & (residual < inherent) & risks["controls"].isna(),
        ),
    ):
        for index in risks.index[mask]:
            found.append(
                finding(
                    rule,
                    **_place(sheets, risks.loc[index], column, spec),
                    residual=int(residual[index]),
                    inherent=int(inherent[index]),
                )
            )
    return found


def _risk_action_findings(sheets: Sheets, *, incomplete: set[str]) -> list[Finding]:
    """Each Risk actions row whose Risk no is not a risk of its partnership in the Risks
    sheet (WORKBOOKS.md §11). A row whose partnership is not in the register has that one
    cause, reported at its Partnership ID; with the Risks or Partnerships sheets not read
    whole, nothing is said (load reported why)."""
    if incomplete & {"Risks", "Partnerships"}:
        return []
    actions, spec = sheets.frames["Risk actions"], SHEETS["Risk actions"]
    risks = sheets.frames["Risks"].dropna(subset=["partnership_id", "risk_no"])
    known = {
        (id_key(str(pid)), int(no))
        for pid, no in zip(risks["partnership_id"], risks["risk_no"], strict=True)
    }
    registered = {
        id_key(str(pid)) for pid in sheets.frames["Partnerships"]["partnership_id"].dropna()
    }
    typed = actions.dropna(subset=["partnership_id", "risk_no"])
    return [
        finding(
            "risk_action.unknown_risk",
            **_place(sheets, row, "risk_no", spec),
            value=int(row["risk_no"]),
            partnership=row["partnership_id"],
        )
        for _, row in typed.iterrows()
        if id_key(str(row["partnership_id"])) in registered
        and (id_key(str(row["partnership_id"])), int(row["risk_no"])) not in known
    ]


def _level(matrix: RiskMatrix, scale: str, level: int) -> str:
    return f"{level} {matrix.labels(scale)[level - 1]}"


def _rating_mismatch(
    sheets: Sheets, row: pd.Series, stage: str, computed: int, matrix: RiskMatrix
) -> list[Finding]:
    typed = row[f"{stage}_rating"]
    if pd.isna(typed) or float(typed) == computed:
        return []
    return [
        finding(
            "risk.rating_mismatch",
            **_place(sheets, row, f"{stage}_rating", SHEETS["Risks"]),
            stage=stage.capitalize(),
            value=f"{typed:g}",
            # The levels as officers name them: "impact 3 High and likelihood 2 Medium".
            impact=_level(matrix, "impact", int(row[f"{stage}_impact"])),
            likelihood=_level(matrix, "likelihood", int(row[f"{stage}_likelihood"])),
            matrix=matrix.name,
            computed=computed,
        )
    ]


def _survey_findings(sheets: Sheets, *, questions_read: bool) -> list[Finding]:
    found = []
    questions = sheets.frames["Questions"]
    q_spec, r_spec = SHEETS["Questions"], SHEETS["Responses"]
    wording: dict[str, pd.Series] = {}
    for _, row in questions.dropna(subset=["question_id"]).iterrows():
        key = str(row["question_id"]).casefold()
        first = wording.get(key)
        if first is None:
            wording[key] = row
        elif first["source_file"] == row["source_file"]:
            found.append(
                finding(
                    "question.duplicate_id",
                    **_place(sheets, row, "question_id", q_spec),
                    value=row["question_id"],
                    other=_where(first, sheets, "question_id"),
                )
            )
        elif (
            " ".join(str(first["question"]).split()).casefold()
            != " ".join(str(row["question"]).split()).casefold()
        ):
            found.append(
                finding(
                    "question.reworded",
                    **_place(sheets, row, "question", q_spec),
                    value=row["question_id"],
                    other=_where(first, sheets, "question"),
                )
            )
    responses = sheets.frames["Responses"]
    found += _repeats(
        sheets,
        responses,
        r_spec,
        "response.duplicate_id",
        ["survey_year", "response_id"],
        column="response_id",
        named={"year": "survey_year"},
    )
    answers = sheets.answers
    known = set(wording)
    text_questions = {
        str(q).casefold()
        for q, kind in zip(questions["question_id"], questions["kind"], strict=True)
        if kind == "Text"
    }
    if not questions_read:
        return found  # a Questions sheet was not read: its answers cannot be checked
    folded = answers["question_id"].str.casefold()
    unknown = answers[~folded.isin(known)]
    columns = unknown.drop_duplicates(["source_file", "source_sheet", "question_id"])
    for _, row in columns.iterrows():
        question = str(row["question_id"])
        letter = sheets.letters[(row["source_file"], row["source_sheet"])][question]
        found.append(
            finding(
                "question.unknown_column",
                file=row["source_file"],
                sheet=row["source_sheet"],
                cell=cell_name(letter, _header_row(sheets, row)),
                column=question,
                value=question,
            )
        )
    off_scale = (
        folded.isin(known)
        & ~folded.isin(text_questions)
        & answers["answer"].notna()
        & answers["score"].isna()
    )
    for _, row in answers[off_scale].iterrows():
        question = str(row["question_id"])
        found.append(
            finding(
                "answer.not_on_scale",
                file=row["source_file"],
                sheet=row["source_sheet"],
                cell=cell_ref(row, question, sheets.letters),
                column=question,
                value=row["answer"],
            )
        )
    return found


def _header_row(sheets: Sheets, row: pd.Series) -> int:
    """The header row of the sheet a row came from: the row above its first data row."""
    frame = sheets.frames["Responses"]
    same = frame[
        (frame["source_file"] == row["source_file"])
        & (frame["source_sheet"] == row["source_sheet"])
    ]
    return int(same["source_row"].min()) - 1


def _liaison_findings(sheets: Sheets) -> list[Finding]:
    """The town and parish council sheets' rules across rows (WORKBOOKS.md §7)."""
    councils, spec = sheets.frames["Local councils"], SHEETS["Local councils"]
    found = _repeats(
        sheets, councils, spec, "council.duplicate", ["partnership_id"], column="partnership_id"
    )
    meetings, spec = sheets.frames["Meetings"], SHEETS["Meetings"]
    unnamed = meetings[
        meetings["meeting"].isin(COUNCIL_MEETINGS) & meetings["partnership_id"].isna()
    ]
    for _, row in unnamed.iterrows():
        found.append(
            finding(
                "meeting.council_missing",
                **_place(sheets, row, "partnership_id", spec),
                meeting=row["meeting"],
            )
        )
    consultations, spec = sheets.frames["Consultations"], SHEETS["Consultations"]
    early = consultations[consultations["closes"] < consultations["issued"]]
    for _, row in early.iterrows():
        found.append(
            finding(
                "consultation.closes_before_issued",
                **_place(sheets, row, "closes", spec),
                value=f"{row['closes']:%d/%m/%Y}",
                issued=f"{row['issued']:%d/%m/%Y}",
            )
        )
    over = consultations[consultations["responses"] > consultations["councils_consulted"]]
    for _, row in over.iterrows():
        found.append(
            finding(
                "consultation.more_responses",
                **_place(sheets, row, "responses", spec),
                value=row["responses"],
                consulted=row["councils_consulted"],
            )
        )
    return found


def _board_findings(sheets: Sheets) -> list[Finding]:
    """Exempt partnerships need a reason, and exempt risks and commentary should have one;
    recommendation numbers are unique within each report (a `Both` row is in both)
    (WORKBOOKS.md §8, §9)."""
    found = []
    for name, rule in (
        ("Partnerships", "exempt.reason_missing"),
        ("Risks", "exempt.reason_not_given"),
        ("Commentary", "exempt.reason_not_given"),
    ):
        rows, spec = sheets.frames[name], SHEETS[name]
        unexplained = rows[rows["exempt"].fillna(False).astype(bool) & rows["exempt_reason"].isna()]
        for _, row in unexplained.iterrows():
            # A sheet with no Exempt reason column: the Exempt cell is the one to look at.
            at = "exempt_reason" if cell_ref(row, "exempt_reason", sheets.letters) else "exempt"
            found.append(finding(rule, **_place(sheets, row, at, spec)))
    recommendations, spec = sheets.frames["Recommendations"], SHEETS["Recommendations"]
    for report in ("Annual", "Quarterly"):
        rows = recommendations[recommendations["report"].isin([report, "Both"])]
        found += _repeats(
            sheets,
            rows,
            spec,
            "recommendation.duplicate_number",
            ["no"],
            column="no",
            report=report.lower(),
        )
    return found


# The officers' text that may quote live figures (WORKBOOKS.md §9): sheet → its columns.
FIGURE_COLUMNS: Final = {"Commentary": ("text",), "Recommendations": ("recommendation", "reason")}


def _figure_findings(sheets: Sheets) -> list[Finding]:
    """Each `{word}` in officers' text that is no Summary key (a live figure misspelt): one
    error for each such word in a cell, naming the keys."""
    found = []
    for name, columns in FIGURE_COLUMNS.items():
        rows, spec = sheets.frames[name], SHEETS[name]
        for column in columns:
            for _, row in rows[rows[column].notna()].iterrows():
                words = dict.fromkeys(LIVE_FIGURE.findall(str(row[column])))
                for word in (word for word in words if word not in SUMMARY_KEYS):
                    found.append(
                        finding(
                            "commentary.unknown_figure",
                            **_place(sheets, row, column, spec),
                            value=braced(word),
                            keys=keys_text(),
                        )
                    )
    return found


# Where the register names officers (WORKBOOKS.md §12), in the order a name's first use is
# looked for: sheet and column.
OFFICER_COLUMNS: Final = (
    ("Partnerships", "lead_officer"),
    ("Partnerships", "partnership_manager"),
    ("Actions", "owner"),
    ("Risks", "risk_owner"),
    ("Risk actions", "owner"),
)


def _officer_findings(sheets: Sheets, *, incomplete: set[str]) -> list[Finding]:
    """With an Officers sheet, each name the register uses that the sheet lacks (compared by
    `name_key`): one warning a name, at the first cell that uses it (Partnerships' Lead
    officer and Partnership manager, then Actions' Owner, then Risks' Risk owner, then Risk
    actions' Owner)."""
    if "Officers" not in sheets.read or "Officers" in incomplete:
        return []
    officers = sheets.frames["Officers"]
    listed = {name_key(str(name)) for name in officers["name"].dropna()}
    where = "; ".join(
        dict.fromkeys(
            f"{file} › {sheet}"
            for file, sheet in zip(officers["source_file"], officers["source_sheet"], strict=True)
        )
    )
    found = []
    for name, column in OFFICER_COLUMNS:
        frame = sheets.frames[name]
        for _, row in frame.dropna(subset=[column]).iterrows():
            key = name_key(str(row[column]))
            if key in listed or not key:
                continue
            listed.add(key)  # one warning a name
            found.append(
                finding(
                    "officer.not_listed",
                    **_place(sheets, row, column, SHEETS[name]),
                    value=row[column],
                    officers=where,
                )
            )
    return found


# Each kind of sheet's frame in the Dataset, named in schemas (SheetSpec.attribute).
SHEET_ATTRIBUTES: Final = {name: spec.attribute for name, spec in SHEETS.items()}


def _unreadable(already_reported: Iterable[Finding]) -> set[str]:
    """The kinds of sheet found but not read whole: load reported their headings missing."""
    return {
        spec.name
        for f in already_reported
        if f.rule == "sheet.headings_missing" and (spec := sheet_for_name(f.sheet))
    }


def _register_findings(sheets: Sheets, *, unreadable: set[str]) -> list[Finding]:
    """No Partnerships sheet in any workbook: one error (none if one was found but could not
    be read, which load has reported)."""
    if "Partnerships" in sheets.read or "Partnerships" in unreadable:
        return []
    return [finding("file.no_partnerships")]


def validate_dataset(
    sheets: Sheets,
    *,
    matrix: RiskMatrix,
    as_of: date,
    already_reported: Iterable[Finding] = (),
) -> tuple[Dataset, list[Finding]]:
    """The validated dataset and every finding of the schemas and cross-sheet rules.

    `already_reported` are the load and normalise findings: their cells are not reported
    twice. Kinds of sheet that are missing (the register) or could not be read whole (those
    `already_reported` says lack headings) are incomplete: rules that compare against them
    are skipped, so one problem is reported once.
    """
    reported = list(already_reported)
    seen = {(f.file, f.sheet, f.cell) for f in reported if f.cell}
    unreadable = _unreadable(reported)
    partial = unreadable | ({"Partnerships"} - sheets.read)
    findings = _register_findings(sheets, unreadable=unreadable)
    for name, spec in SHEETS.items():
        findings += _schema_findings(spec, sheets.frames[name], sheets)
    findings += _id_findings(sheets, incomplete=partial)
    findings += _date_findings(sheets, as_of=as_of)
    findings += _risk_findings(sheets, matrix)
    findings += _risk_action_findings(sheets, incomplete=partial)
    findings += _survey_findings(sheets, questions_read="Questions" not in partial)
    findings += _liaison_findings(sheets)
    findings += _board_findings(sheets)
    findings += _figure_findings(sheets)
    findings += _officer_findings(sheets, incomplete=unreadable)
    findings = [f for f in findings if not f.cell or (f.file, f.sheet, f.cell) not in seen]

    ids = {id_key(str(v)): str(v) for v in sheets.frames["Partnerships"]["partnership_id"].dropna()}
    frames = {
        attribute: _canonical_ids(sheets.frames[name], ids)
        if "partnership_id" in sheets.frames[name]
        else sheets.frames[name]
        for name, attribute in SHEET_ATTRIBUTES.items()
    }
    questions = frames["questions"]
    # Question columns in Responses are read upper-cased (Q1); so are the IDs they answer.
    frames["questions"] = questions.assign(question_id=questions["question_id"].str.upper())
    return Dataset(answers=sheets.answers, read=sheets.read, **frames), findings
