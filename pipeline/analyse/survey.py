"""The partner survey: agreement by question, theme and organisation type, year on year, with
small groups protected."""

from __future__ import annotations

from typing import Final

import pandas as pd

SURVEY_COLUMNS: Final = (
    "Survey year",
    "Question ID",
    "Question",
    "Theme",
    "Responses",
    "Agree",
    "Disagree",
    "Mean",
    "Change",
    "Neither",  # beyond the contract's columns: the neutral share, for the diverging bars
)
SURVEY_BY_THEME_COLUMNS: Final = (
    "Survey year",
    "Theme",
    "Questions",
    "Responses",
    "Agree",
    "Disagree",
    "Mean",
    "Change",
)
SURVEY_BY_TYPE_COLUMNS: Final = (
    "Survey year",
    "Question ID",
    "Organisation type",
    "Responses",
    "Agree",
    "Suppressed",
)
SURVEY_COMMENTS_COLUMNS: Final = ("Survey year", "Question ID", "Question", "Answer")
COMMENT_COUNTS_COLUMNS: Final = ("Survey year", "Question ID", "Question", "Answer", "Times")
AGREEMENT_BY_TYPE_COLUMNS: Final = ("Survey year", "Question ID")  # then one per type
NOT_SHOWN: Final = "Not shown"
RESPONSE_RATES_COLUMNS: Final = (
    "Survey year",
    "Organisation type",
    "Invited",
    "Responded",
    "Response rate",
)
ALL_QUESTIONS: Final = "All questions"
NO_THEME: Final = "No theme"
ALL_TYPES: Final = "All types"


def questions_latest(questions: pd.DataFrame) -> pd.DataFrame:
    """One row per Question ID (wording is the same in every workbook), kind defaulted to
    Scale."""
    latest = questions.drop_duplicates("question_id", keep="last").set_index("question_id")
    return latest.assign(kind=latest["kind"].fillna("Scale"))


def answers_scored(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Answers to Scale questions on the 1–5 scale (Don't know, N/A and blanks excluded):
    year, question, organisation type and score, with `agree` (4–5), `disagree` (1–2) and
    `neither` (3) flags."""
    kinds = questions_latest(questions)["kind"]
    keep = answers["question_id"].map(kinds).eq("Scale") & answers["score"].notna()
    scale = answers.loc[keep, ["survey_year", "question_id", "organisation_type", "score"]]
    return scale.assign(
        agree=scale["score"].ge(4).astype("int64"),
        disagree=scale["score"].le(2).astype("int64"),
        neither=scale["score"].eq(3).astype("int64"),
    )


def _agreement(scored: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Answers, agree, disagree, neither shares and the mean score for each group of `keys`,
    with Change: agree in percentage points against the group's latest earlier year."""
    grouped = (
        scored.groupby(keys)
        .agg(
            responses=("score", "size"),
            agree=("agree", "mean"),
            disagree=("disagree", "mean"),
            neither=("neither", "mean"),
            mean=("score", "mean"),
        )
        .reset_index()
    )
    others = [k for k in keys if k != "survey_year"]
    grouped = grouped.sort_values([*others, "survey_year"])
    grouped["change"] = 100 * grouped.groupby(others)["agree"].diff()
    return grouped


def _question_number(ids: pd.Series) -> pd.Series:
    return ids.str.extract(r"(\d+)", expand=False).astype("float64")


def survey(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Agreement with each Scale question, each survey year, and its change.

    One row per (Survey year, Question ID), latest year first, questions as numbered; Agree,
    Disagree and Neither as fractions of the 1–5 answers; Change in percentage points against
    the latest earlier year that asked the question. The `Survey` sheet.
    """
    grouped = _agreement(answers_scored(answers, questions), ["survey_year", "question_id"])
    latest = questions_latest(questions)
    table = pd.DataFrame(
        {
            "Survey year": grouped["survey_year"].astype("int64"),
            "Question ID": grouped["question_id"],
            "Question": grouped["question_id"].map(latest["question"]),
            "Theme": grouped["question_id"].map(latest["theme"]),
            "Responses": grouped["responses"].astype("int64"),
            "Agree": grouped["agree"].astype("float64"),
            "Disagree": grouped["disagree"].astype("float64"),
            "Mean": grouped["mean"].astype("float64"),
            "Change": grouped["change"].astype("float64"),
            "Neither": grouped["neither"].astype("float64"),
        }
    )
    ordered = table.assign(_n=_question_number(table["Question ID"])).sort_values(
        ["Survey year", "_n", "Question ID"], ascending=[False, True, True]
    )
    return ordered.drop(columns="_n").reset_index(drop=True)


def survey_by_theme(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Agreement pooled over each theme's questions, and over all questions, each year.

    One row per (Survey year, Theme), latest year first, themes alphabetical, then "All
    questions" (the headline figure). Responses counts 1–5 answers; Change is in percentage
    points against the theme's latest earlier year. The `Survey by theme` sheet.
    """
    scored = answers_scored(answers, questions).drop(columns="organisation_type")
    themes = questions_latest(questions)["theme"].fillna(NO_THEME)
    themed = scored.assign(theme=scored["question_id"].map(themes))
    # Each theme, then all questions: counted apart, not stacked (the answers are many).
    parts = (themed, themed.assign(theme=ALL_QUESTIONS))
    keys = ["survey_year", "theme"]
    grouped = pd.concat([_agreement(part, keys) for part in parts], ignore_index=True)
    asked = pd.concat([part.groupby(keys)["question_id"].nunique() for part in parts])
    grouped["questions"] = [
        asked[(year, theme)]
        for year, theme in zip(grouped["survey_year"], grouped["theme"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Survey year": grouped["survey_year"].astype("int64"),
            "Theme": grouped["theme"].astype("str"),
            "Questions": grouped["questions"].astype("int64"),
            "Responses": grouped["responses"].astype("int64"),
            "Agree": grouped["agree"].astype("float64"),
            "Disagree": grouped["disagree"].astype("float64"),
            "Mean": grouped["mean"].astype("float64"),
            "Change": grouped["change"].astype("float64"),
        }
    )
    last = table["Theme"] == ALL_QUESTIONS
    return (
        table.assign(_last=last)
        .sort_values(
            ["Survey year", "_last", "Theme"], ascending=[False, True, True], ignore_index=True
        )
        .drop(columns="_last")
    )


def suppressed_groups(responses: pd.Series, *, min_group_size: int) -> pd.Series:
    """Which groups of one question's answers to hide, so that none under `min_group_size`
    can be seen or worked out from the question's total.

    Groups under the threshold are hidden; if any are, the smallest shown groups are hidden
    too until at least two are hidden and together they hold `min_group_size` answers or
    more, so subtracting the shown groups from the total reveals no small group.
    """
    hidden = responses < min_group_size
    if not hidden.any():
        return hidden
    for index in responses[~hidden].sort_values(kind="stable").index:
        if hidden.sum() >= 2 and responses[hidden].sum() >= min_group_size:
            break
        hidden[index] = True
    return hidden


def survey_by_type(
    answers: pd.DataFrame, questions: pd.DataFrame, *, min_group_size: int
) -> pd.DataFrame:
    """Agreement with each Scale question by organisation type, small groups protected.

    One row per (Survey year, Question ID, Organisation type). A group with fewer than
    `min_group_size` answers has Agree blank and Suppressed `Yes`, and so does any group
    hidden to stop it being worked out from the total (see suppressed_groups). The
    `Survey by type` sheet.
    """
    scored = answers_scored(answers, questions)
    grouped = (
        scored.groupby(["survey_year", "question_id", "organisation_type"])
        .agg(responses=("score", "size"), agree=("agree", "mean"))
        .reset_index()
    )
    suppressed = grouped.groupby(["survey_year", "question_id"], group_keys=False)[
        "responses"
    ].apply(lambda group: suppressed_groups(group, min_group_size=min_group_size))
    suppressed = suppressed.reindex(grouped.index).astype(bool)
    table = pd.DataFrame(
        {
            "Survey year": grouped["survey_year"].astype("int64"),
            "Question ID": grouped["question_id"],
            "Organisation type": grouped["organisation_type"],
            "Responses": grouped["responses"].astype("int64"),
            "Agree": grouped["agree"].astype("float64").mask(suppressed),
            "Suppressed": suppressed.map({True: "Yes", False: "No"}),
        }
    )
    ordered = table.assign(_n=_question_number(table["Question ID"])).sort_values(
        ["Survey year", "_n", "Question ID", "Organisation type"],
        ascending=[False, True, True, True],
    )
    return ordered.drop(columns="_n").reset_index(drop=True)


def survey_comments(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Answers to Text questions, listed by question and not scored, without who gave them
    (no organisation, no type), latest year first. The `Survey comments` sheet."""
    latest = questions_latest(questions)
    text = answers[
        answers["question_id"].map(latest["kind"]).eq("Text") & answers["answer"].notna()
    ]
    table = pd.DataFrame(
        {
            "Survey year": text["survey_year"].astype("int64"),
            "Question ID": text["question_id"],
            "Question": text["question_id"].map(latest["question"]),
            "Answer": text["answer"],
        }
    )
    return table.sort_values(
        ["Survey year", "Question ID", "Answer"], ascending=[False, True, True], ignore_index=True
    )


def agreement_by_type(by_type: pd.DataFrame) -> pd.DataFrame:
    """The `Survey by type` table laid out as the report prints it: one row per (Survey
    year, Question ID), in that table's order, and one column per organisation type in
    alphabetical order ignoring case. A cell is the share agreeing, "Not shown" where the
    group is protected (Suppressed), blank where the type gave no answers. The
    `Agreement by type` sheet."""
    cells = by_type["Agree"].astype("object").where(by_type["Suppressed"] != "Yes", NOT_SHOWN)
    keys = list(AGREEMENT_BY_TYPE_COLUMNS)
    # one value a cell, nothing to aggregate: pivot, not pivot_table
    wide = by_type.assign(_cell=cells).pivot(  # noqa: PD010
        index=keys, columns="Organisation type", values="_cell"
    )
    wide = wide.reindex(pd.MultiIndex.from_frame(by_type[keys].drop_duplicates()))
    types = sorted(by_type["Organisation type"].unique(), key=str.lower)
    return wide.reindex(columns=types).reset_index().rename_axis(columns=None)


def comment_counts(comments: pd.DataFrame) -> pd.DataFrame:
    """Each different written answer once, with how many times it was given, by question
    (in question order) and year (latest first), answers alphabetically ignoring case. From
    the `Survey comments` table. The `Comment counts` sheet."""
    keys = list(SURVEY_COMMENTS_COLUMNS)
    counted = comments.groupby(keys, sort=False).size().rename("Times").reset_index()
    ordered = counted.assign(
        _n=_question_number(counted["Question ID"]), _answer=counted["Answer"].str.lower()
    ).sort_values(
        ["_n", "Question ID", "Survey year", "_answer", "Answer"],
        ascending=[True, True, False, True, True],
    )
    table = ordered.drop(columns=["_n", "_answer"]).reset_index(drop=True)
    table["Times"] = table["Times"].astype("int64")
    return table[list(COMMENT_COUNTS_COLUMNS)]


def response_rates(responses: pd.DataFrame, invitations: pd.DataFrame) -> pd.DataFrame:
    """Responses against invitations by year and organisation type (where invitations were
    recorded), then all types together. The `Response rates` sheet."""
    responded = responses.groupby(["survey_year", "organisation_type"]).size().rename("responded")
    invited = invitations.groupby(["survey_year", "organisation_type"])["invited"].sum()
    joined = pd.concat([invited, responded], axis=1).dropna(subset=["invited"]).reset_index()
    joined["responded"] = joined["responded"].fillna(0)
    totals = joined.groupby("survey_year")[["invited", "responded"]].sum().reset_index()
    joined = pd.concat([joined, totals.assign(organisation_type=ALL_TYPES)], ignore_index=True)
    invited_count = joined["invited"].astype("float64")
    rate = (joined["responded"] / invited_count).where(invited_count > 0)
    table = pd.DataFrame(
        {
            "Survey year": joined["survey_year"].astype("int64"),
            "Organisation type": joined["organisation_type"].astype("str"),
            "Invited": joined["invited"].astype("int64"),
            "Responded": joined["responded"].astype("int64"),
            "Response rate": rate.astype("float64"),
        }
    )
    return (
        table.assign(_all=table["Organisation type"] == ALL_TYPES)
        .sort_values(
            ["Survey year", "_all", "Organisation type"],
            ascending=[False, True, True],
            ignore_index=True,
        )
        .drop(columns="_all")
    )
