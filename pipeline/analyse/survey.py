"""The partner survey: agreement by question and by organisation type, year on year."""

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
)
SURVEY_BY_TYPE_COLUMNS: Final = (
    "Survey year",
    "Question ID",
    "Organisation type",
    "Responses",
    "Agree",
    "Suppressed",
)
SURVEY_COMMENTS_COLUMNS: Final = (
    "Survey year",
    "Question ID",
    "Question",
    "Organisation type",
    "Answer",
)
RESPONSE_RATES_COLUMNS: Final = (
    "Survey year",
    "Organisation type",
    "Invited",
    "Responded",
    "Response rate",
)


def questions_latest(questions: pd.DataFrame) -> pd.DataFrame:
    """One row per Question ID (wording is the same in every workbook), kind defaulted to
    Scale."""
    latest = questions.drop_duplicates("question_id", keep="last").set_index("question_id")
    return latest.assign(kind=latest["kind"].fillna("Scale"))


def answers_scored(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Answers to Scale questions on the 1–5 scale (Don't know, N/A and blanks excluded),
    with `agree` (4–5) and `disagree` (1–2) flags."""
    kinds = questions_latest(questions)["kind"]
    scale = answers[answers["question_id"].map(kinds).eq("Scale") & answers["score"].notna()]
    return scale.assign(
        agree=scale["score"].ge(4).astype("int64"),
        disagree=scale["score"].le(2).astype("int64"),
    )


def survey(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Agreement with each Scale question, each survey year, and its change.

    One row per (Survey year, Question ID); Agree and Disagree as fractions of the 1–5
    answers; Change in percentage points against the latest earlier year that asked the
    question. The `Survey` sheet.
    """
    scored = answers_scored(answers, questions)
    grouped = (
        scored.groupby(["survey_year", "question_id"])
        .agg(
            responses=("score", "size"),
            agree=("agree", "mean"),
            disagree=("disagree", "mean"),
            mean=("score", "mean"),
        )
        .reset_index()
        .sort_values(["question_id", "survey_year"])
    )
    grouped["change"] = 100 * grouped.groupby("question_id")["agree"].diff()
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
        }
    )
    return _in_question_order(table, latest)


def _in_question_order(table: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Latest year first, then questions as numbered (Q2 before Q10)."""
    number = table["Question ID"].str.extract(r"(\d+)", expand=False).astype("float64")
    ordered = table.assign(_n=number).sort_values(
        ["Survey year", "_n", "Question ID"], ascending=[False, True, True]
    )
    return ordered.drop(columns="_n").reset_index(drop=True)


def survey_by_type(
    answers: pd.DataFrame, questions: pd.DataFrame, *, min_group_size: int
) -> pd.DataFrame:
    """Agreement with each Scale question by organisation type, small groups suppressed.

    One row per (Survey year, Question ID, Organisation type); a group with fewer than
    `min_group_size` answers has Agree blank and Suppressed `Yes`. The `Survey by type`
    sheet.
    """
    scored = answers_scored(answers, questions)
    grouped = (
        scored.groupby(["survey_year", "question_id", "organisation_type"])
        .agg(responses=("score", "size"), agree=("agree", "mean"))
        .reset_index()
    )
    suppressed = grouped["responses"] < min_group_size
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
    ordered = _in_question_order(table, questions_latest(questions))
    return ordered.sort_values(
        ["Survey year", "Question ID", "Organisation type"],
        ascending=[False, True, True],
        key=lambda s: (
            s.str.extract(r"(\d+)", expand=False).astype("float64")
            if s.name == "Question ID"
            else s
        ),
        ignore_index=True,
    )


def survey_comments(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Answers to Text questions, listed not scored, latest year first. The
    `Survey comments` sheet."""
    latest = questions_latest(questions)
    text = answers[
        answers["question_id"].map(latest["kind"]).eq("Text") & answers["answer"].notna()
    ]
    table = pd.DataFrame(
        {
            "Survey year": text["survey_year"].astype("int64"),
            "Question ID": text["question_id"],
            "Question": text["question_id"].map(latest["question"]),
            "Organisation type": text["organisation_type"],
            "Answer": text["answer"],
        }
    )
    return table.sort_values(
        ["Survey year", "Question ID", "Organisation type"],
        ascending=[False, True, True],
        ignore_index=True,
    )


def response_rates(responses: pd.DataFrame, invitations: pd.DataFrame) -> pd.DataFrame:
    """Responses against invitations by year and organisation type (where invitations were
    recorded). The `Response rates` sheet."""
    responded = responses.groupby(["survey_year", "organisation_type"]).size().rename("responded")
    invited = invitations.groupby(["survey_year", "organisation_type"])["invited"].sum()
    joined = pd.concat([invited, responded], axis=1).dropna(subset=["invited"]).reset_index()
    joined["responded"] = joined["responded"].fillna(0)
    rate = (joined["responded"] / joined["invited"].astype("float64")).where(joined["invited"] > 0)
    table = pd.DataFrame(
        {
            "Survey year": joined["survey_year"].astype("int64"),
            "Organisation type": joined["organisation_type"].astype("str"),
            "Invited": joined["invited"].astype("int64"),
            "Responded": joined["responded"].astype("int64"),
            "Response rate": rate.astype("float64"),
        }
    )
    return table.sort_values(
        ["Survey year", "Organisation type"], ascending=[False, True], ignore_index=True
    )
