"""normalise: turn what officers typed into typed values (dbt's "staging").

The parsers in pipeline/parsers.py read money, UK dates, Yes/No, matrix levels and the rest;
`normalise_sheets()` applies them column by column, stacks sheets of the same kind from
several workbooks, and records a finding for every value it cannot read. No joins, no
aggregation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from pipeline.characters import looks_like
from pipeline.findings import Finding, cell_name, finding
from pipeline.load import FORMULA_WITHOUT_VALUE, SOURCE_COLUMNS, RawSheet
from pipeline.matrices import RiskMatrix
from pipeline.parsers import PARSERS, Parsed, clean_text, parse_answer
from schemas import SHEETS, ColumnSpec, Kind, SheetSpec
from schemas.kinds import KINDS
from schemas.rules import PRINTED_TEXT_LIMIT, PROSE_TEXT_LIMIT

# The texts the reports cut, by kind: (the most characters printed, the rule warning of more).
# Free text in a table (a name, Objectives, a survey comment) is cut short to keep its row on
# the page; officers' prose (Commentary, Recommendations) prints as paragraphs, so longer.
TEXT_LIMITS: Final = {
    Kind.TEXT: (PRINTED_TEXT_LIMIT, "text.too_long"),
    Kind.ID: (PRINTED_TEXT_LIMIT, "text.too_long"),
    Kind.PROSE: (PROSE_TEXT_LIMIT, "prose.too_long"),
}

# Sheets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheets:
    """The typed sheets, stacked by kind, and where each of their columns is.

    `frames[kind]` has the schema's columns (all of them, blank where a workbook lacked one)
    plus SOURCE_COLUMNS; `answers` is the survey answers, one row per response and question.
    `letters` and `headings` give each (file, sheet)'s column letters (for
    findings.cell_ref) and headings as typed; `read` names the kinds of sheet that at least
    one workbook has, even with no rows.
    """

    frames: dict[str, pd.DataFrame]
    answers: pd.DataFrame
    letters: dict[tuple[str, str], dict[str, str]]
    headings: dict[tuple[str, str], dict[str, str]]
    read: frozenset[str] = frozenset()
    # (kind of sheet, column) → what the IDs refused there look like (characters.looks_like):
    # a refused `P-001` with a zero-width space is still the register's P-001 to other sheets.
    refused_ids: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def heading(self, row: Mapping[str, Any] | pd.Series, column: str, default: str = "") -> str:
        headings = self.headings.get((row["source_file"], row["source_sheet"]), {})
        return headings.get(column, default)


def _parser(spec: ColumnSpec, matrix: RiskMatrix) -> Callable[[object], Parsed[Any]]:
    """The column's parser: its kind's, given the words the column allows (its choices, or
    the level names of its matrix scale)."""
    words = matrix.labels(spec.scale) if spec.scale else spec.choices
    parse = PARSERS[spec.kind]
    return lambda typed: parse(typed, words)


def _typed_column(values: list[Any], kind: Kind) -> pd.Series:
    dtype = KINDS[kind].dtype
    if dtype.startswith("datetime64"):  # dates as parsed, or None
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype=dtype)
    return pd.Series(values, dtype=dtype)


# A formula saved without its value: no value, and a finding of its own.
UNCALCULATED: Final[Parsed[Any]] = Parsed(rule="value.formula_without_value")


def _distinct(cells: list[object]) -> tuple[list[object], dict[object, object]]:
    """Each cell's key, and the distinct keys with the cell value each stands for: values
    repeat down a column, so each distinct one is parsed once. A value is its own key, except
    in a column that mixes True, 1 and 1.0 (equal as keys, different as cells), where the key
    is (type, value)."""
    if len({bool, int, float}.intersection(map(type, cells))) > 1:
        keys: list[object] = list(zip(map(type, cells), cells, strict=True))
        return keys, {key: key[1] for key in dict.fromkeys(keys)}  # type: ignore[index]
    return cells, {value: value for value in dict.fromkeys(cells)}


def _normalise_sheet(raw: RawSheet, matrix: RiskMatrix, findings: list[Finding]) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {}
    for spec in raw.spec.columns:
        if spec.name not in raw.rows.columns:
            columns[spec.name] = _typed_column([None] * len(raw.rows), spec.kind)
            continue
        parse = _parser(spec, matrix)
        keys, distinct = _distinct(raw.rows[spec.name].tolist())
        parsed_once = {
            key: UNCALCULATED if typed is FORMULA_WITHOUT_VALUE else parse(typed)
            for key, typed in distinct.items()
        }
        wrong = {key for key, parsed in parsed_once.items() if parsed.rule}
        limit, too_long_rule = TEXT_LIMITS.get(spec.kind, (0, ""))
        too_long = (
            _too_long({key: parsed.value for key, parsed in parsed_once.items()}, limit)
            if limit
            else set()
        )
        if wrong or too_long:  # the rare case: each such cell reported, in row order
            for key, source_row in zip(keys, raw.rows["source_row"], strict=True):
                if key in too_long:
                    text = str(parsed_once[key].value)
                    findings.append(
                        _too_long_finding(raw, spec.name, source_row, text, too_long_rule)
                    )
                if key not in wrong:
                    continue
                parsed = parsed_once[key]
                if parsed is UNCALCULATED:
                    place = _place(raw, spec.name, source_row)
                    findings.append(finding(parsed.rule, **place))
                else:
                    typed = distinct[key]
                    findings.append(_value_finding(raw, spec, source_row, typed, parsed, matrix))
        value_of = {key: parsed.value for key, parsed in parsed_once.items()}
        columns[spec.name] = _typed_column(list(map(value_of.__getitem__, keys)), spec.kind)
    frame = pd.DataFrame(columns, index=raw.rows.index)
    for name in SOURCE_COLUMNS:
        frame[name] = raw.rows[name]
    return frame


def _too_long(texts: Mapping[object, str | None], limit: int) -> set[object]:
    """The keys of the texts too long to print whole: a len() of each distinct value."""
    return {key for key, text in texts.items() if text is not None and len(text) > limit}


def _too_long_finding(
    raw: RawSheet, column: str, source_row: int, text: str, rule: str = "text.too_long"
) -> Finding:
    """The reports cut a text this long (render.cut, render.plain): a warning quoting how it
    starts."""
    return finding(
        rule,
        **_place(raw, column, source_row),
        value=" ".join(text[:40].split()),  # one line, however the text is laid out
        length=f"{len(text):,}",
    )


def _place(raw: RawSheet, column: str, source_row: int) -> dict[str, str]:
    return {
        "file": raw.file,
        "sheet": raw.sheet,
        "cell": cell_name(raw.letters[column], source_row),
        "column": raw.headings[column],
    }


def _value_finding(
    raw: RawSheet,
    spec: ColumnSpec,
    source_row: int,
    typed: object,
    parsed: Parsed[Any],
    matrix: RiskMatrix,
) -> Finding:
    return finding(
        parsed.rule,
        **_place(raw, spec.name, source_row),
        value=clean_text(typed),
        scale=spec.scale or "",
        matrix=matrix.name,
        **{"allowed": "", **{key: str(value) for key, value in parsed.detail.items()}},
    )


def _answers(raw: RawSheet, responses: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Survey answers in long form: one row per response and question column."""
    if not raw.questions:
        return _answers_frame(pd.DataFrame())
    wide = pd.DataFrame(
        {question: raw.rows[question].to_numpy() for question in raw.questions},
        index=responses.index,
    )
    long = wide.melt(var_name="question_id", value_name="typed", ignore_index=False)
    facts = responses[["response_id", "survey_year", "organisation_type", "source_row"]]
    long = long.join(facts)
    uncalculated = long["typed"].map(lambda typed: typed is FORMULA_WITHOUT_VALUE)
    for question, source_row in zip(
        long.loc[uncalculated, "question_id"], long.loc[uncalculated, "source_row"], strict=True
    ):
        findings.append(finding(UNCALCULATED.rule, **_place(raw, question, source_row)))
    long = long[~uncalculated]
    keys, distinct = _distinct(long["typed"].tolist())
    parsed_once = {key: parse_answer(typed) for key, typed in distinct.items()}
    too_long = _too_long({key: text for key, (_, text) in parsed_once.items()}, PRINTED_TEXT_LIMIT)
    if too_long:  # a comment too long to print whole
        for key, question, source_row in zip(
            keys, long["question_id"], long["source_row"], strict=True
        ):
            if key in too_long:
                text = str(parsed_once[key][1])
                findings.append(_too_long_finding(raw, question, source_row, text))
    parsed = list(map(parsed_once.__getitem__, keys))
    long = long.assign(
        score=pd.Series([score for score, _ in parsed], index=long.index, dtype="object"),
        answer=pd.Series([text for _, text in parsed], index=long.index, dtype="object"),
        source_file=raw.file,
        source_sheet=raw.sheet,
    )
    return _answers_frame(long.drop(columns="typed"))


ANSWER_COLUMNS: Final = (
    "response_id",
    "survey_year",
    "organisation_type",
    "question_id",
    "answer",
    "score",
    *SOURCE_COLUMNS,
)


def _answers_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The answers table with its columns in order and typed (an empty one if no answers)."""
    frame = frame.reindex(columns=list(ANSWER_COLUMNS)).reset_index(drop=True)
    return frame.astype(
        {
            "response_id": "str",
            "survey_year": "Int64",
            "organisation_type": "str",
            "question_id": "str",
            "answer": "str",
            "score": "Int64",
        }
    )


def _refused_ids(raw_sheets: list[RawSheet]) -> dict[tuple[str, str], frozenset[str]]:
    """(kind of sheet, ID column) → what each ID refused there looks like (a hidden character
    or another alphabet's letter: `parse_id`)."""
    refused: dict[tuple[str, str], set[str]] = {}
    for raw in raw_sheets:
        for spec in raw.spec.columns:
            if spec.kind is not Kind.ID or spec.name not in raw.rows.columns:
                continue
            for typed in dict.fromkeys(raw.rows[spec.name].tolist()):
                if isinstance(typed, str) and PARSERS[Kind.ID](typed, ()).rule:
                    refused.setdefault((raw.spec.name, spec.name), set()).add(looks_like(typed))
    return {where: frozenset(keys) for where, keys in refused.items()}


def normalise_sheets(
    raw_sheets: list[RawSheet],
    *,
    matrix: RiskMatrix,
    sheets: Mapping[str, SheetSpec] = SHEETS,
) -> tuple[Sheets, list[Finding]]:
    """Typed, stacked sheets of every kind (empty frames, with the columns `sheets` gives
    them, for kinds not supplied), and the findings for every value that could not be
    read."""
    findings: list[Finding] = []
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in SHEETS}
    answer_parts: list[pd.DataFrame] = []
    letters: dict[tuple[str, str], dict[str, str]] = {}
    headings: dict[tuple[str, str], dict[str, str]] = {}
    for raw in raw_sheets:
        frame = _normalise_sheet(raw, matrix, findings)
        parts[raw.spec.name].append(frame)
        letters[(raw.file, raw.sheet)] = raw.letters
        headings[(raw.file, raw.sheet)] = raw.headings
        if raw.spec.name == "Responses":
            answer_parts.append(_answers(raw, frame, findings))
    frames = {}
    for name, pieces in parts.items():
        if pieces:
            frames[name] = pd.concat(pieces, ignore_index=True)
        else:
            empty = RawSheet(
                sheets[name], "", "", 0, pd.DataFrame(columns=list(SOURCE_COLUMNS)), {}, {}
            )
            frames[name] = _normalise_sheet(empty, matrix, findings)
    answers = (
        pd.concat(answer_parts, ignore_index=True)
        if answer_parts
        else _answers_frame(pd.DataFrame())
    )
    read = frozenset(raw.spec.name for raw in raw_sheets)
    return Sheets(frames, answers, letters, headings, read, _refused_ids(raw_sheets)), findings
