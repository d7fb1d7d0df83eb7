"""The quarterly pack's overdue list by lead officer (issue 28): its rows are capped, but every
officer with items is named with their count, and every cut says how many more and where they
are (the officer's own list and the Overdue sheet of report-data.xlsx).

The council built here has 25 partnerships. Four officers lead 22 of them, each reviewed,
health-checked and reported on in 2020, so three long-overdue items each. The Sustainability
Officer leads the other three: two reviewed a little late (a few days overdue) and one with
no dates at all (no start date, never reviewed, health-checked or reported on), whose rows
have no due date. Overdue lists the most overdue first, so a list cut at its first rows would
leave out every one of the Sustainability Officer's items, and the partnership with no dates
is in no other list of the pack.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
from conftest import AS_OF
from datasets import Agreement, Book, Partnership, Risk, dataset

from pipeline.analyse.summaries.compliance_summary import overdue_by_officer
from pipeline.analyse.summaries.data_quality import data_quality_by_partnership
from pipeline.analyse.tables import ReportTables, built, source_values
from pipeline.analyse.views.officers import ListsFor, officer_lists
from pipeline.analyse.views.pages import LIST_CAPS, NO_OFFICER, fair_shares, pages
from pipeline.context import report_context
from pipeline.periods import financial_quarter
from pipeline.render import render_html, render_pdf
from pipeline.settings import load_settings
from pipeline.validate import Dataset

LATE = date(2020, 6, 1)
OFFICERS = {  # lead officer → how many partnerships they lead, each three items overdue
    "Chief Executive": 7,
    "Head of Finance": 6,
    "Head of Planning": 5,
    "Head of Leisure and Culture": 4,
}
SUSTAINABILITY = "Sustainability Officer"
Council = tuple[ReportTables, Dataset]
NO_DATES = "Green Futures Climate Partnership"


def _partnerships() -> list[Partnership]:
    leads = [officer for officer, many in OFFICERS.items() for _ in range(many)]
    rows = [
        Partnership(
            partnership_id=f"P-{n:03d}",
            partnership=f"{officer} partnership {n}",
            lead_officer=officer,
            last_review=LATE,
            last_health_check=LATE,
            last_performance_report=LATE,
        )
        for n, officer in enumerate(leads, start=1)
    ]
    rows += [
        Partnership(
            partnership_id=f"S-{n}",
            partnership=f"Sustainability partnership {n}",
            lead_officer=SUSTAINABILITY,
            last_review=date(2025, 12, 20 + n),  # due a year on: a few days overdue
        )
        for n in (1, 2)
    ]
    rows.append(
        Partnership(
            partnership_id="S-3",
            partnership=NO_DATES,
            lead_officer=SUSTAINABILITY,
            start_date=None,
            last_review=None,
            last_health_check=None,
            last_performance_report=None,
        )
    )
    return rows


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Council:
    """The report tables of the 25-partnership council, and its dataset."""
    partnerships = _partnerships()
    assert len(partnerships) == 25
    data = dataset(
        Book(
            partnerships=partnerships,
            agreements=[Agreement(partnership_id=p.partnership_id) for p in partnerships],
            risks=[Risk(partnership_id=p.partnership_id) for p in partnerships],
        )
    )
    settings = load_settings(tmp_path_factory.mktemp("settings"))
    tables = built(source_values(data, settings=settings, as_of=AS_OF, findings=[]))
    return tables, data


def _count(tables: ReportTables, officer: str) -> int:
    return int((tables.overdue["Responsible officer"] == officer).sum())


def test_the_council_is_built_so_a_first_rows_cut_drops_an_officer(council: Council) -> None:
    """The premise: more overdue rows than the cap, and every one of the Sustainability
    Officer's (the partnership with no dates among them) beyond the first `cap` rows."""
    tables, _ = council
    cap = LIST_CAPS["overdue"]
    overdue = tables.overdue
    assert len(overdue) > cap
    theirs = overdue.index[overdue["Responsible officer"] == SUSTAINABILITY]
    assert len(theirs) == 5  # two reviews a few days late, three things never done
    assert min(theirs) >= cap
    assert (overdue.loc[overdue["Partnership"] == NO_DATES, "Never done"] == "Yes").all()


# Sharing the cap among the officers (fast: no PDF) -----------------------------------------


@pytest.mark.parametrize(
    ("sizes", "limit", "expected"),
    [
        ([3, 2], 10, [3, 2]),  # everything fits
        ([50, 50, 50], 60, [20, 20, 20]),  # an even split
        ([2, 100, 100], 60, [2, 29, 29]),  # a small group prints whole, its rest to others
        ([10, 10, 10], 10, [4, 3, 3]),  # what an even split leaves over goes to the first
        ([5, 5, 5, 5, 5], 3, [1, 1, 1, 0, 0]),  # more groups than rows: one row each, in order
        ([0, 5], 3, [0, 3]),  # a group with nothing takes nothing
        ([4, 4], 0, [0, 0]),
        ([], 60, []),
    ],
)
def test_fair_shares(sizes: list[int], limit: int, expected: list[int]) -> None:
    assert fair_shares(sizes, limit) == expected


@pytest.mark.parametrize("limit", [0, 1, 7, 20, 60, 200])
def test_fair_shares_never_pass_the_cap_or_a_group_and_use_all_they_can(limit: int) -> None:
    """Whatever the groups, the shares fill the cap (or print everything), no share is more
    than its group, any two cut groups' shares differ by at most one row, and no group
    printed whole is longer than a cut one's share by more than that row."""
    for sizes in ([1] * 70, [100, 1, 1, 30], [7, 0, 13, 2, 2, 40, 5], list(range(30))):
        shares = fair_shares(sizes, limit)
        assert sum(shares) == min(limit, sum(sizes))
        assert all(0 <= share <= size for share, size in zip(shares, sizes, strict=True))
        cut = [share for share, size in zip(shares, sizes, strict=True) if share < size]
        assert not cut or max(cut) - min(cut) <= 1
        whole = [size for share, size in zip(shares, sizes, strict=True) if share == size]
        assert not cut or max(whole, default=0) <= min(cut) + 1  # none whole at others' cost


def test_every_officer_is_a_group_with_their_count_and_list(council: Council) -> None:
    """Capped at 60, every officer with items has a group with their count from Overdue; the
    rows printed are at most the cap and are each officer's first (most overdue); the
    Sustainability Officer's five, the undated rows included, are all printed."""
    tables, _ = council
    groups = pages(tables).officer_groups
    officers = sorted(tables.overdue["Responsible officer"].unique(), key=str.lower)
    assert [group.heading for group in groups] == officers
    for group in groups:
        assert group.count == _count(tables, group.heading)
        theirs = tables.overdue[tables.overdue["Responsible officer"] == group.heading]
        printed = [(row["Partnership ID"], row["Check"]) for row in group.rows]
        listed = zip(theirs["Partnership ID"], theirs["Check"], strict=True)
        assert printed == list(listed)[: len(printed)]
        assert group.list_file == f"officers/{group.heading}.xlsx"
    assert sum(len(group.rows) for group in groups) == LIST_CAPS["overdue"]
    sustainability = groups[officers.index(SUSTAINABILITY)]
    assert sustainability.not_shown == 0
    assert NO_DATES in {row["Partnership"] for row in sustainability.rows}


def test_a_tight_cap_still_names_every_officer(council: Council) -> None:
    """With a cap of 3 the first three officers print a row each and the other two none, yet
    every officer keeps a group with their count and the rows left out are all counted."""
    tables, _ = council
    groups = pages(tables, caps={**LIST_CAPS, "overdue": 3}).officer_groups
    assert [len(group.rows) for group in groups] == [1, 1, 1, 0, 0]
    assert groups[-1].heading == SUSTAINABILITY
    assert groups[-1].not_shown == 5
    assert sum(group.not_shown for group in groups) == len(tables.overdue) - 3


def test_the_list_a_cut_names_is_the_officers_own_with_every_row_of_theirs(
    council: Council,
) -> None:
    """The file a cut line names is the one officer_lists makes for that officer, and its
    Overdue sheet has every one of their rows."""
    tables, data = council
    quality = data_quality_by_partnership(tables.data_quality, data)
    about = ListsFor("Example Council", financial_quarter(AS_OF), AS_OF, 90)
    lists = officer_lists(
        tables.overdue, tables.due_soon, quality, data.partnerships, data.actions, about=about
    )
    for group in pages(tables, caps={**LIST_CAPS, "overdue": 3}).officer_groups:
        assert group.list_file is not None
        own = lists[group.list_file.removeprefix("officers/")]
        assert len(own["Overdue"]) == group.count


def test_a_group_meetings_rows_are_last_with_no_list(council: Council) -> None:
    """Rows with no lead officer (a group meeting's) come last under NO_OFFICER, counted, with
    no officer's list to point to."""
    tables, _ = council
    overdue = tables.overdue.copy()
    overdue.loc[overdue["Partnership ID"] == "S-3", "Responsible officer"] = None
    unnamed = {**tables, "overdue": overdue, "overdue_by_officer": overdue_by_officer(overdue)}
    groups = pages(ReportTables(unnamed), caps={**LIST_CAPS, "overdue": 3}).officer_groups
    assert groups[-1].heading == NO_OFFICER
    assert (groups[-1].count, groups[-1].list_file) == (3, None)


# The pack itself, read back from its PDF ----------------------------------------------------


def _text(pdf: bytes) -> str:
    """The PDF's text, its lines joined with single spaces."""
    with pdfplumber.open(BytesIO(pdf)) as document:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)


@pytest.mark.slow
def test_the_pack_names_every_officer_and_where_the_rest_of_each_cut_is(
    council: Council, tmp_path: Path
) -> None:
    """Laid out as a PDF: every officer with overdue items is named with their count; the
    Sustainability Officer's partnership with no dates is printed (never done); each cut names
    its officer, their list and the Overdue sheet, and the cuts add up to the rows left out."""
    tables, _ = council
    settings = load_settings(tmp_path)
    context = report_context(
        tables, settings=settings, period=financial_quarter(AS_OF), as_of=AS_OF
    )
    pdf = render_pdf(render_html("quarterly-governance-report", context))
    (tmp_path / "quarterly.pdf").write_bytes(pdf)
    text = _text(pdf)
    chapter = text[text.index("Overdue, by responsible officer") :]
    for officer in {*OFFICERS, SUSTAINABILITY}:
        count = _count(tables, officer)
        assert f"{officer} {count} items" in chapter, officer
    assert NO_DATES in chapter
    assert "never done" in chapter
    cuts = re.findall(
        r"… and (\d+) more for ([A-Za-z ]+?): see officers/([A-Za-z ]+?)\.xlsx and the Overdue "
        r"sheet of report-data\.xlsx\.",
        chapter,
    )
    assert cuts, "some officer's rows are cut"
    assert {officer for _, officer, _ in cuts} <= set(OFFICERS)
    assert all(officer == file for _, officer, file in cuts)
    assert all(int(more) < _count(tables, officer) for more, officer, _ in cuts)
    assert sum(int(more) for more, _, _ in cuts) == len(tables.overdue) - LIST_CAPS["overdue"]
    overdue_list = chapter[: chapter.index("Due in the next")]
    assert overdue_list.count("… and") == len(cuts)  # no other cut, and no total line


def test_officers_past_the_cap_are_named_in_one_paragraph_with_their_counts(
    council: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more officers than the cap has rows (a county's two hundred), the officers the cap
    leaves no row for are not a heading and a line each but named together after the table,
    each with their count, and the paragraph says where their items are; no officer is
    dropped and none is named twice."""
    tables, _ = council
    monkeypatch.setitem(LIST_CAPS, "overdue", 3)
    context = report_context(
        tables, settings=load_settings(tmp_path), period=financial_quarter(AS_OF), as_of=AS_OF
    )
    html = render_html("quarterly-governance-report", context)
    start = html.index("Overdue, by responsible officer")
    chapter = html[start : html.index("Due in the next", start)]
    table, _, after = chapter.partition("</table>")
    groups = pages(tables, caps={**LIST_CAPS, "overdue": 3}).officer_groups
    headings = re.findall(r'<th scope="colgroup" colspan="5">([^<]+?) <span', table)
    assert headings == [group.heading for group in groups if group.rows]
    paragraph = re.search(r'<p class="more-groups">(.*?)</p>', after, re.DOTALL)
    assert paragraph is not None
    named = re.findall(r"(?:: |; )([A-Za-z ]+?) \((\d+) items?\)", paragraph.group(1))
    unlisted = [group for group in groups if not group.rows]
    assert len(unlisted) == 2
    assert named == [(group.heading, str(group.count)) for group in unlisted]
    assert "in their own list in officers/" in paragraph.group(1)  # named officers only
    assert "Overdue sheet of report-data.xlsx" in paragraph.group(1)
