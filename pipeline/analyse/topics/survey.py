"""The partner survey: agreement by question, theme and organisation type, year on year, with
small groups protected."""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Final

import pandas as pd

from pipeline.analyse.registry import table
from pipeline.settings import Settings

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
SURVEY_BY_THEME_EXTRA_COLUMNS: Final = (  # beyond the contract's: what Change is worked out from
    "Compared with",  # the theme's latest earlier survey year
    "Questions in both",  # the theme's questions asked in that year and this one
    "Agree, questions in both",  # this year's agreement with those questions
    "Earlier agree, questions in both",  # the earlier year's agreement with the same questions
    "Not asked in the earlier year",  # this year's questions it leaves out, "Q9, Q11"
    "Not asked this year",  # the earlier year's questions it leaves out
    "Earlier agree",  # the theme's agreement in "Compared with", as that year's row gives it
    "Compared figures differ",  # Yes: a compared share prints otherwise than its year's Agree
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


def printed_percent(share: float) -> int:
    """A fraction as the whole percentage the reports print: 0.566 → 57. The rule of the
    `pct` filter (pipeline.render), which formats 100 × share with no decimals: ties go to
    the even number (0.125 → 12, 0.375 → 38), as Python's round does; tests hold the two
    together."""
    return round(100 * float(share))


def printed_change(now: float, before: float) -> float:
    """The change in whole percentage points between two shares as the reports print them:
    57% against 53% is 4 (never the unrounded 56.6 − 53.4 = 3.2). NaN when either is
    missing."""
    if math.isnan(now) or math.isnan(before):
        return float("nan")
    return float(printed_percent(now) - printed_percent(before))


def _question_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per (survey_year, question_id): its 1–5 answers (`responses`), how many
    agree, disagree and neither, and the sum of their scores."""
    return (
        scored.groupby(["survey_year", "question_id"])
        .agg(
            responses=("score", "size"),
            agree=("agree", "sum"),
            disagree=("disagree", "sum"),
            neither=("neither", "sum"),
            score=("score", "sum"),
        )
        .reset_index()
    )


def _question_number(ids: pd.Series) -> pd.Series:
    return ids.str.extract(r"(\d+)", expand=False).astype("float64")


def _in_question_order(ids: pd.Index) -> list[str]:
    numbers = _question_number(pd.Series(ids, dtype="str"))
    return [str(i) for _, i in sorted(zip(numbers.fillna(float("inf")), ids, strict=True))]


@table("Survey", SURVEY_COLUMNS)
def survey(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Agreement with each Scale question, each survey year, and its change.

    One row per (Survey year, Question ID), latest year first, questions as numbered; Agree,
    Disagree and Neither as fractions of the 1–5 answers; Change in whole percentage points
    against the latest earlier year that asked the question, the difference of the two
    printed percentages (printed_change). The `Survey` sheet.
    """
    counts = _question_counts(answers_scored(answers, questions))
    counts = counts.sort_values(["question_id", "survey_year"], ignore_index=True)
    responses = counts["responses"].astype("float64")
    agree = counts["agree"] / responses
    printed = agree.map(printed_percent).astype("float64")
    latest = questions_latest(questions)
    table = pd.DataFrame(
        {
            "Survey year": counts["survey_year"].astype("int64"),
            "Question ID": counts["question_id"],
            "Question": counts["question_id"].map(latest["question"]),
            "Theme": counts["question_id"].map(latest["theme"]),
            "Responses": counts["responses"].astype("int64"),
            "Agree": agree.astype("float64"),
            "Disagree": (counts["disagree"] / responses).astype("float64"),
            "Mean": (counts["score"] / responses).astype("float64"),
            # the same question's previous row is its latest earlier year
            "Change": printed.groupby(counts["question_id"]).diff(),
            "Neither": (counts["neither"] / responses).astype("float64"),
        }
    )
    ordered = table.assign(_n=_question_number(table["Question ID"])).sort_values(
        ["Survey year", "_n", "Question ID"], ascending=[False, True, True]
    )
    return ordered.drop(columns="_n").reset_index(drop=True)


def _like_for_like(counts: pd.DataFrame) -> pd.DataFrame:
    """For each (survey_year, theme) with an earlier year: the theme's latest earlier year,
    the questions asked in both, agreement with just those questions in each of the two
    years, the change between them as printed, and the questions asked in one of the two
    years only. `counts` has one row per (survey_year, theme, question_id)."""
    rows = []
    for theme, part in counts.groupby("theme", sort=False):
        years = {
            int(str(year)): of_year.set_index("question_id")
            for year, of_year in part.groupby("survey_year", sort=True)
        }
        for before_year, year in pairwise(years):
            now, before = years[year], years[before_year]
            both = now.index.intersection(before.index)
            share_now = _share(now.loc[both])
            share_before = _share(before.loc[both])
            new = _in_question_order(now.index.difference(both))
            dropped = _in_question_order(before.index.difference(both))
            rows.append(
                {
                    "survey_year": year,
                    "theme": theme,
                    "compared_with": before_year,
                    "in_both": len(both),
                    "agree_now": share_now,
                    "agree_before": share_before,
                    "change": printed_change(share_now, share_before),
                    "new": ", ".join(new) or None,
                    "dropped": ", ".join(dropped) or None,
                }
            )
    columns = ["survey_year", "theme", "compared_with", "in_both", "agree_now", "agree_before"]
    return pd.DataFrame(rows, columns=[*columns, "change", "new", "dropped"])


def _share(counts: pd.DataFrame) -> float:
    """The pooled share agreeing of these questions' answers; NaN for no answers."""
    responses = int(counts["responses"].sum())
    return int(counts["agree"].sum()) / responses if responses else float("nan")


@table("Survey by theme", (*SURVEY_BY_THEME_COLUMNS, *SURVEY_BY_THEME_EXTRA_COLUMNS))
def survey_by_theme(answers: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Agreement pooled over each theme's questions, and over all questions, each year.

    One row per (Survey year, Theme), latest year first, themes alphabetical, then "All
    questions" (the headline figure). Responses counts 1–5 answers; Agree pools every answer
    to the theme's questions that year. Change is like for like: in whole points against the
    theme's latest earlier year ("Compared with"), pooling in both years only the questions
    asked in both, and the difference of those two shares as printed (printed_change);
    blank when no question was asked in both. The further columns give those two shares,
    name the questions left out, give the earlier year's Agree and say whether the compared
    shares print otherwise than the two Agree figures (compared_figures_differ), so a report
    printing Agree beside Change knows to print the compared shares too
    (SURVEY_BY_THEME_EXTRA_COLUMNS). The `Survey by theme` sheet.
    """
    # Counted once by question, then pooled: the answers are many, the questions few.
    counts = _question_counts(answers_scored(answers, questions).drop(columns="organisation_type"))
    themes = questions_latest(questions)["theme"].fillna(NO_THEME)
    counts = counts.assign(theme=counts["question_id"].map(themes))
    counts = pd.concat([counts, counts.assign(theme=ALL_QUESTIONS)], ignore_index=True)
    keys = ["survey_year", "theme"]
    pooled = (
        counts.groupby(keys)
        .agg(
            questions=("question_id", "nunique"),
            responses=("responses", "sum"),
            agree=("agree", "sum"),
            disagree=("disagree", "sum"),
            score=("score", "sum"),
        )
        .reset_index()
        .merge(_like_for_like(counts), on=keys, how="left", validate="one_to_one")
    )
    responses = pooled["responses"].astype("float64")
    table = pd.DataFrame(
        {
            "Survey year": pooled["survey_year"].astype("int64"),
            "Theme": pooled["theme"].astype("str"),
            "Questions": pooled["questions"].astype("int64"),
            "Responses": pooled["responses"].astype("int64"),
            "Agree": (pooled["agree"] / responses).astype("float64"),
            "Disagree": (pooled["disagree"] / responses).astype("float64"),
            "Mean": (pooled["score"] / responses).astype("float64"),
            "Change": pooled["change"].astype("float64"),
            "Compared with": pooled["compared_with"].astype("Int64"),
            "Questions in both": pooled["in_both"].astype("Int64"),
            "Agree, questions in both": pooled["agree_now"].astype("float64"),
            "Earlier agree, questions in both": pooled["agree_before"].astype("float64"),
            "Not asked in the earlier year": pooled["new"].astype("object"),
            "Not asked this year": pooled["dropped"].astype("object"),
        }
    )
    table = _with_earlier_agree(table)
    last = table["Theme"] == ALL_QUESTIONS
    return (
        table.assign(_last=last)
        .sort_values(
            ["Survey year", "_last", "Theme"], ascending=[False, True, True], ignore_index=True
        )
        .drop(columns="_last")
    )


def _with_earlier_agree(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with "Earlier agree" (the theme's Agree in its "Compared with" year) and
    "Compared figures differ" (compared_figures_differ)."""
    earlier = table[["Survey year", "Theme", "Agree"]].rename(
        columns={"Survey year": "Compared with", "Agree": "Earlier agree"}
    )
    earlier["Compared with"] = earlier["Compared with"].astype("Int64")
    with_earlier = table.merge(earlier, on=["Compared with", "Theme"], how="left", validate="m:1")
    differ = [compared_figures_differ(row) for _, row in with_earlier.iterrows()]
    return with_earlier.assign(
        **{"Compared figures differ": pd.Series(differ, index=with_earlier.index, dtype="object")}
    )


def compared_figures_differ(row: pd.Series) -> str | None:
    """Whether a theme's change is worked out from other figures than the ones printed beside
    it: "Yes" when agreement with the questions asked in both years, as a whole percentage,
    is not this year's Agree or the earlier year's (Communication 50% both years yet down 2
    points, because on its questions in both it went 49% → 47%); "No" when both are the same;
    None when nothing was compared (no earlier year, or no question in both)."""
    if pd.isna(row["Change"]):
        return None
    pairs = (
        (row["Agree"], row["Agree, questions in both"]),
        (row["Earlier agree"], row["Earlier agree, questions in both"]),
    )
    same = all(printed_percent(shown) == printed_percent(compared) for shown, compared in pairs)
    return "No" if same else "Yes"


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


@table("Survey comments", SURVEY_COMMENTS_COLUMNS)
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


@table("Agreement by type", AGREEMENT_BY_TYPE_COLUMNS, then="one column per organisation type")
def agreement_by_type(survey_by_type: pd.DataFrame) -> pd.DataFrame:
    """The `Survey by type` table laid out as the report prints it: one row per (Survey
    year, Question ID), in that table's order, and one column per organisation type in
    alphabetical order ignoring case. A cell is the share agreeing, "Not shown" where the
    group is protected (Suppressed), blank where the type gave no answers. The
    `Agreement by type` sheet."""
    cells = (
        survey_by_type["Agree"]
        .astype("object")
        .where(survey_by_type["Suppressed"] != "Yes", NOT_SHOWN)
    )
    keys = list(AGREEMENT_BY_TYPE_COLUMNS)
    # one value a cell, nothing to aggregate: pivot, not pivot_table
    wide = survey_by_type.assign(_cell=cells).pivot(  # noqa: PD010
        index=keys, columns="Organisation type", values="_cell"
    )
    wide = wide.reindex(pd.MultiIndex.from_frame(survey_by_type[keys].drop_duplicates()))
    types = sorted(survey_by_type["Organisation type"].unique(), key=str.lower)
    return wide.reindex(columns=types).reset_index().rename_axis(columns=None)


@table("Comment counts", COMMENT_COUNTS_COLUMNS)
def comment_counts(survey_comments: pd.DataFrame) -> pd.DataFrame:
    """Each different written answer once, with how many times it was given, by question
    (in question order) and year (latest first), answers alphabetically ignoring case. From
    the `Survey comments` table. The `Comment counts` sheet."""
    keys = list(SURVEY_COMMENTS_COLUMNS)
    counted = survey_comments.groupby(keys, sort=False).size().rename("Times").reset_index()
    ordered = counted.assign(
        _n=_question_number(counted["Question ID"]), _answer=counted["Answer"].str.lower()
    ).sort_values(
        ["_n", "Question ID", "Survey year", "_answer", "Answer"],
        ascending=[True, True, False, True, True],
    )
    table = ordered.drop(columns=["_n", "_answer"]).reset_index(drop=True)
    table["Times"] = table["Times"].astype("int64")
    return table[list(COMMENT_COUNTS_COLUMNS)]


@table("Response rates", RESPONSE_RATES_COLUMNS)
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


@table("Survey by type", SURVEY_BY_TYPE_COLUMNS, name="survey_by_type")
def survey_by_type_table(
    answers: pd.DataFrame, questions: pd.DataFrame, settings: Settings
) -> pd.DataFrame:
    """survey_by_type() with the settings' smallest group shown."""
    return survey_by_type(answers, questions, min_group_size=settings.min_group_size)
