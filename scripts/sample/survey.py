"""`partner-survey-2025.xlsx` and `partner-survey-2026.xlsx`: `Questions`, `Responses` and
`Invitations`."""

from __future__ import annotations

import random
from pathlib import Path

from sample.dates import d
from sample.partnerships import PARTNERSHIPS
from sample.workbook import Row, Value, columns, new_workbook, save, write_sheet
from schemas import ColumnSpec, Kind

#: When each survey's responses were in (the 2026 survey ran in July).
SURVEY_CLOSED = {2025: d("2025-07-31"), 2026: d("2026-07-31")}


#: (Question ID, question, theme, kind); Q6 is asked in 2025 only, its reworded form Q9 in 2026.
QUESTIONS = {
    "Q1": ("The council keeps us informed about things that affect our area",
           "Communication", "Scale"),
    "Q2": ("Our Partnership Manager is a helpful first point of contact", "Support", "Scale"),
    "Q3": ("Consultations give us enough time to respond (at least six weeks)",
           "Communication", "Scale"),
    "Q4": ("Clerks' meetings are useful", "Working together", "Scale"),
    "Q5": ("Council officers reply to our enquiries within a reasonable time",
           "Working together", "Scale"),
    "Q6": ("The Partnership Matters newsletter is useful", "Communication", "Scale"),
    "Q7": ("Overall, we are satisfied with how the council works with us", "Overall", "Scale"),
    "Q8": ("What one thing could the council do better?", "Overall", "Text"),
    "Q9": ("The Partnership Matters e-newsletter tells us what we need to know",
           "Communication", "Scale"),
}  # fmt: skip
QUESTIONS_BY_YEAR = {
    2025: ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"],
    2026: ["Q1", "Q2", "Q3", "Q4", "Q5", "Q7", "Q8", "Q9"],
}
#: Chance of answering 1 (strongly disagree) … 5 (strongly agree). 2026 is a little more
#: positive on most questions; consultation time (Q3) got worse after the planning changes.
ANSWER_WEIGHTS: dict[tuple[int, str], tuple[int, int, int, int, int]] = {
    (2025, "Q1"): (6, 14, 25, 40, 15), (2026, "Q1"): (4, 9, 20, 44, 23),
    (2025, "Q2"): (4, 10, 20, 42, 24), (2026, "Q2"): (3, 6, 16, 46, 29),
    (2025, "Q3"): (6, 14, 22, 40, 18), (2026, "Q3"): (14, 26, 24, 26, 10),
    (2025, "Q4"): (5, 12, 30, 35, 18), (2026, "Q4"): (4, 9, 25, 40, 22),
    (2025, "Q5"): (8, 16, 26, 36, 14), (2026, "Q5"): (5, 12, 22, 42, 19),
    (2025, "Q6"): (6, 12, 38, 32, 12), (2026, "Q9"): (5, 10, 30, 38, 17),
    (2025, "Q7"): (5, 12, 25, 42, 16), (2026, "Q7"): (3, 8, 21, 46, 22),
}  # fmt: skip
WORDS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
TEXT_ANSWERS = [
    "Send planning information earlier.",
    "Give us more notice of road closures and events.",
    "Reply to emails from the clerk more quickly.",
    "Keep the clerks' meetings going, they are useful.",
    "Put the consultation deadline in the subject line.",
    "Six weeks is not enough when we only meet monthly.",
    "Visit the parish more often.",
    "Simplify the grant application form.",
    "Tell us who has replaced officers who leave.",
    "More joined-up working on grass cutting with the county.",
    "A single contact for fly-tipping reports.",
    "Share ward councillor contact details in one place.",
    "Hold some meetings in the evening.",
    "Nothing: the Partnership Manager scheme works well for us.",
    "Explain the budget and the precept timetable earlier.",
    "Publish consultation responses so we can see what changed.",
    "More help with training for new councillors.",
    "Better broadband and IT support for small councils.",
]

PARISH_COUNCILS = [
    "Anstey", "Barkby and Barkby Thorpe", "Barrow upon Soar", "Birstall", "Burton on the Wolds",
    "Cossington", "East Goscote", "Hathern", "Hoton", "Mountsorrel", "Newtown Linford",
    "Queniborough", "Quorn", "Ratcliffe on the Wreake", "Rearsby", "Rothley", "Seagrave",
    "Sileby", "Swithland", "Thrussington", "Thurcaston and Cropston", "Thurmaston",
    "Walton on the Wolds", "Woodhouse",
]  # fmt: skip
TOWN_COUNCILS = ["Shepshed Town Council", "Syston Town Council"]
PARISH_MEETINGS = [
    "Wymeswold Parish Meeting", "Beeby Parish Meeting", "South Croxton Parish Meeting",
    "Prestwold Parish Meeting",
]  # fmt: skip
VOLUNTARY = [
    "Voluntary Action Charnwood", "Charnwood Age Concern", "Loughborough Community Food Bank",
    "Charnwood Arts", "Charnwood Fairtrade Steering Group", "Charnwood Community Transport",
    "Citizens Advice Charnwood", "Syston Community Library Trust", "Quorn Village Hall Trust",
    "Shepshed Youth Club", "Anstey Good Neighbours Scheme",
]  # fmt: skip
PUBLIC = [
    "Leicestershire County Council", "Leicestershire Police",
    "Leicestershire Fire and Rescue Service", "Leicester, Leicestershire and Rutland ICB",
    "Loughborough University", "Loughborough College", "Environment Agency",
    "Office of the Police and Crime Commissioner",
]  # fmt: skip
BUSINESS = ["Loughborough BID", "Charnwood Chamber of Trade"]
OTHER_ORGS = ["Leicestershire and Rutland Association of Local Councils"]

#: Responses per organisation type, and invitations sent.
RESPONSE_COUNTS = {
    2025: {"Parish council": 19, "Town council": 5, "Parish meeting": 3,
           "Voluntary and community": 9, "Public sector": 7, "Business": 2},
    2026: {"Parish council": 21, "Town council": 6, "Parish meeting": 3,
           "Voluntary and community": 10, "Public sector": 8, "Business": 2, "Other": 1},
}  # fmt: skip
INVITED = {
    2025: {"Parish council": 27, "Town council": 8, "Parish meeting": 4,
           "Voluntary and community": 20, "Public sector": 12, "Business": 6, "Other": 2},
    2026: {"Parish council": 27, "Town council": 8, "Parish meeting": 4,
           "Voluntary and community": 22, "Public sector": 12, "Business": 6, "Other": 2},
}  # fmt: skip
#: Partnership a responding organisation answers for, where it has one.
RESPONSE_PARTNERSHIP = {
    **{
        p.lead_partner: p.partnership_id
        for p in PARTNERSHIPS
        if p.category == "Key" and p.partnership_id >= "P-018"
    },
    "Charnwood Fairtrade Steering Group": "P-005",
    "Charnwood Community Transport": "P-032",
    "Leicestershire Police": "P-002",
    "Loughborough BID": "P-004",
    "Voluntary Action Charnwood": "P-001",
}


def organisations(rng: random.Random, year: int) -> list[tuple[str, str]]:
    """(organisation, organisation type) for each response in a year, in arrival order."""
    counts = RESPONSE_COUNTS[year]
    orgs: list[tuple[str, str]] = []
    parishes = rng.sample(PARISH_COUNCILS, counts["Parish council"])
    orgs += [(f"{name} Parish Council", "Parish council") for name in parishes]
    # Town councils: the clerk and councillors of Charnwood's two town councils reply separately.
    towns = [TOWN_COUNCILS[i % 2] for i in range(counts["Town council"])]
    orgs += [(town, "Town council") for town in towns]
    orgs += [(m, "Parish meeting") for m in rng.sample(PARISH_MEETINGS, counts["Parish meeting"])]
    vcs = rng.sample(VOLUNTARY, counts["Voluntary and community"])
    orgs += [(v, "Voluntary and community") for v in vcs]
    orgs += [(o, "Public sector") for o in rng.sample(PUBLIC, counts["Public sector"])]
    orgs += [(b, "Business") for b in rng.sample(BUSINESS, counts["Business"])]
    orgs += [(o, "Other") for o in OTHER_ORGS[: counts.get("Other", 0)]]
    rng.shuffle(orgs)
    return orgs


def answer(rng: random.Random, year: int, qid: str, org_type: str, words: bool) -> Value:
    """One answer: a number or the words, sometimes Don't know, N/A or blank."""
    local_council = org_type in ("Parish council", "Town council", "Parish meeting")
    if qid == "Q4" and not local_council:  # clerks' meetings are for local councils
        return rng.choice(["N/A", "N/A", None])
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.07:
        return "Don't know"
    if roll < 0.09:
        return "N/A"
    score = rng.choices((1, 2, 3, 4, 5), weights=ANSWER_WEIGHTS[(year, qid)])[0]
    return WORDS[score - 1] if words else score


def question_column(qid: str) -> ColumnSpec:
    """A `Responses` column of answers to one question, headed by its Question ID. The schema
    declares only the sheet's fixed columns: any heading shaped like a Question ID is read as
    a question's (schemas.survey.QUESTION_ID_PATTERN)."""
    return ColumnSpec(
        name=qid,
        heading=qid,
        kind=Kind.TEXT,
        required=False,
        aliases=(),
        choices=(),
        example=None,
        description="",
    )


def response_rows(rng: random.Random, year: int) -> list[Row]:
    """The `Responses` rows for one survey year: the fixed columns, then one answer to each of
    the year's questions."""
    qids = QUESTIONS_BY_YEAR[year]
    rows: list[Row] = []
    for n, (org, org_type) in enumerate(organisations(rng, year), start=1):
        words = rng.random() < 0.6  # most paper forms come back with the words ticked
        pid = RESPONSE_PARTNERSHIP.get(org) if rng.random() < 0.75 else None
        row: Row = [f"R{year % 100}-{n:03d}", year, org, org_type, pid]
        for qid in qids:
            if QUESTIONS[qid][2] == "Text":
                row.append(rng.choice(TEXT_ANSWERS) if rng.random() < 0.55 else None)
            else:
                row.append(answer(rng, year, qid, org_type, words))
        rows.append(row)
    return rows


def write_survey(folder: Path, rng: random.Random, year: int) -> Path:
    """`partner-survey-<year>.xlsx`."""
    wb, ws = new_workbook()
    questions: list[Row] = [[qid, *QUESTIONS[qid]] for qid in QUESTIONS_BY_YEAR[year]]
    write_sheet(ws, "Questions", questions)
    responses = [*columns("Responses"), *map(question_column, QUESTIONS_BY_YEAR[year])]
    rows = response_rows(rng, year)
    write_sheet(wb.create_sheet(), "Responses", rows, sheet_columns=responses)
    invited: list[Row] = [[year, kind, n] for kind, n in INVITED[year].items()]
    write_sheet(wb.create_sheet(), "Invitations", invited)
    return save(wb, folder / f"partner-survey-{year}.xlsx")
