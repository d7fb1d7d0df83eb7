"""The officers' e-mail drafts (officers/<officer>.eml, WORKBOOKS.md §12), parsed back with
the standard library's parser as a mail program reads them: a draft (X-Unsent: 1) to the
officer's address from the Officers sheet, with its subject, a short body with their counts
and most urgent items, and their workbook attached byte for byte; the same bytes every run."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from conftest import AS_OF, SAMPLE_INPUT
from datasets import Action, Book, Officer, Partnership, dataset
from openpyxl import load_workbook

from pipeline.analyse.tables import report_tables
from pipeline.drafts import XLSX_TYPE
from pipeline.periods import financial_quarter
from pipeline.publish import OFFICERS, REPORT_DATA
from pipeline.run import check_inputs, report_workbooks
from pipeline.settings import Settings, load_settings
from pipeline.validate import Dataset

SUBJECT = "Partnership governance 2026/27 Q3: your items"


def _files(data: Dataset, settings: Settings) -> dict[str, bytes]:
    """The officers' folder as report_workbooks writes it: file name → bytes."""
    period = financial_quarter(AS_OF)
    tables = report_tables(data, settings=settings, as_of=AS_OF, findings=[], period=period)
    files = report_workbooks(tables, data, settings=settings, period=period, as_of=AS_OF)
    return {
        name.removeprefix(f"{OFFICERS}/"): content
        for name, content in files.items()
        if name != REPORT_DATA
    }


def parsed(content: bytes) -> EmailMessage:
    message = message_from_bytes(content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def attachment(message: EmailMessage) -> tuple[str | None, str, bytes]:
    """The draft's one attachment: its file name, content type and bytes."""
    [part] = list(message.iter_attachments())
    content = part.get_content()
    assert isinstance(content, bytes)
    return part.get_filename(), part.get_content_type(), content


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")  # lines end CRLF in a message


def counted(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' * (number != 1)}" if number else "none"


def sheet_rows(workbook: bytes, sheet: str) -> list[dict[str, object]]:
    rows = list(load_workbook(io.BytesIO(workbook))[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# The sample --------------------------------------------------------------------------------


def _sample_officers() -> dict[str, str]:
    """The sample's Officers sheet as typed, read straight from its workbook: name → Email."""
    sheet = load_workbook(SAMPLE_INPUT / "partnership-register.xlsx")["Officers"]
    rows = list(sheet.iter_rows(values_only=True))
    name, email = rows[0].index("Name"), rows[0].index("Email")
    return {str(row[name]): str(row[email]) for row in rows[1:]}


@pytest.fixture(scope="module")
def sample() -> dict[str, bytes]:
    """The sample's officers' folder, made twice: the two must be the same bytes."""
    settings = load_settings(SAMPLE_INPUT)
    _, data, _ = check_inputs(SAMPLE_INPUT, settings=settings, as_of=AS_OF)
    first, second = _files(data, settings), _files(data, settings)
    assert first == second
    return first


def test_every_officer_list_has_a_draft_with_the_same_stem(sample: dict[str, bytes]) -> None:
    lists = sorted(name.removesuffix(".xlsx") for name in sample if name.endswith(".xlsx"))
    drafts = sorted(name.removesuffix(".eml") for name in sample if name.endswith(".eml"))
    assert lists == drafts
    assert len(sample) == 2 * len(lists) > 10


def test_every_sample_draft_opens_as_a_draft_to_its_officer_with_their_workbook(
    sample: dict[str, bytes],
) -> None:
    """Each .eml parsed back: X-Unsent 1, To the officer's Email from the sample's Officers
    sheet, the subject, no From, the as-of date, and the workbook beside it attached whole."""
    addresses = _sample_officers()
    assert all(email.endswith("@charnwood.example") for email in addresses.values())
    for name, content in sample.items():
        if not name.endswith(".eml"):
            continue
        message = parsed(content)
        stem = name.removesuffix(".eml")
        workbook = sample[f"{stem}.xlsx"]
        whom = {row["Item"]: row["Detail"] for row in sheet_rows(workbook, "About")}["For"]
        assert message["X-Unsent"] == "1"
        assert message["Subject"] == SUBJECT
        [to] = message["To"].addresses
        assert (to.display_name, to.addr_spec) == (whom, addresses[str(whom)]), name
        assert message["From"] is None
        assert parsedate_to_datetime(message["Date"]).date() == AS_OF
        assert message["Message-ID"].startswith("<")
        assert message.get_content_type() == "multipart/mixed"
        filename, content_type, attached = attachment(message)
        assert filename == f"{stem}.xlsx"
        assert content_type == "/".join(XLSX_TYPE)
        assert attached == workbook


def test_each_draft_counts_the_officers_items_and_lists_the_most_urgent(
    sample: dict[str, bytes],
) -> None:
    """The body's counts are the rows of the workbook's sheets; its numbered items are the
    first of their Overdue rows, then of Due soon, at most three."""
    for name, content in sample.items():
        if not name.endswith(".eml"):
            continue
        workbook = sample[name.replace(".eml", ".xlsx")]
        late, soon = sheet_rows(workbook, "Overdue"), sheet_rows(workbook, "Due soon")
        warnings = sheet_rows(workbook, "Data quality")
        text = text_of(parsed(content))
        assert f"- Overdue: {counted(len(late), 'item')}\n" in text, name
        assert re.search(rf"- Due soon \(by [^)]+\): {counted(len(soon), 'item')}\n", text)
        assert f"partnerships: {counted(len(warnings), 'warning')}\n" in text
        numbered = [line for line in text.splitlines() if line[:3] in {"1. ", "2. ", "3. "}]
        expected = [*late, *soon][:3]
        assert len(numbered) == len(expected), name
        for line, row in zip(numbered, expected, strict=True):
            assert line[3:].startswith(str(row["Check"])), (line, row)
            if row["Partnership ID"] is not None:
                assert f"({row['Partnership ID']})" in line


def test_the_sample_draft_reads_as_a_short_letter(sample: dict[str, bytes]) -> None:
    text = text_of(parsed(sample["Community Safety Manager.eml"]))
    assert text.startswith("Dear Community Safety Manager,\n")
    assert "2026/27 Q3, as at 31 December 2026" in text
    assert "Community Safety Manager.xlsx" in text
    assert text.rstrip().endswith("Charnwood Borough Council")
    assert len(text.splitlines()) < 25


# Addresses, names and collisions -----------------------------------------------------------

OWNED = Book(
    partnerships=[
        Partnership(),  # led by the Community Safety Manager
        Partnership(partnership_id="P-002", lead_officer="Head of Finance"),
    ],
    actions=[
        Action(action="Refresh the terms of reference", due=date(2026, 10, 1)),
        # Makes the same file name as the Head of Finance: numbered `(2)`.
        Action(partnership_id="P-002", action="Sign the lease", owner="Head of Finance?",
               due=date(2027, 2, 1)),
        Action(action="Book the venue", owner="Swyddog Cymunedau Ŵyn", due=date(2026, 11, 1)),
    ],
    officers=[
        # Spelt otherwise than in the register: still theirs.
        Officer(name="head of  FINANCE", email="finance@council.example"),
        Officer(name="Community Safety Manager", email=None),  # on the sheet, no address
        Officer(name="Swyddog Cymunedau Ŵyn", email="swyddog@cyngor.example"),
    ],
)  # fmt: skip


@pytest.fixture
def owned(settings: Settings) -> dict[str, EmailMessage]:
    files = _files(dataset(OWNED), settings)
    return {name: parsed(content) for name, content in files.items() if name.endswith(".eml")}


def test_names_match_the_officers_sheet_ignoring_case_and_spaces(
    owned: dict[str, EmailMessage],
) -> None:
    [to] = owned["Head of Finance.eml"]["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Head of Finance", "finance@council.example")


def test_an_officer_with_no_address_gets_a_draft_with_no_to(
    owned: dict[str, EmailMessage],
) -> None:
    """No Email on the Officers sheet, or a name not on it: the draft has no To for the
    sender to fill in, and is still a draft with its workbook."""
    for name in ("Community Safety Manager.eml", "Head of Finance (2).eml"):
        message = owned[name]
        assert message["To"] is None, name
        assert message["X-Unsent"] == "1"
        assert attachment(message)[0] == name.replace(".eml", ".xlsx")


def test_a_numbered_list_keeps_its_number_in_the_draft(owned: dict[str, EmailMessage]) -> None:
    """Two officers whose names make one file name: the second's draft is `(2)` like its
    workbook, and is about the second officer."""
    message = owned["Head of Finance (2).eml"]
    assert attachment(message)[0] == "Head of Finance (2).xlsx"
    assert text_of(message).startswith("Dear Head of Finance?,")
    assert "Sign the lease" in text_of(message)


def test_a_welsh_name_survives_the_headers_and_body(owned: dict[str, EmailMessage]) -> None:
    message = owned["Swyddog Cymunedau Ŵyn.eml"]
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Swyddog Cymunedau Ŵyn", "swyddog@cyngor.example")
    assert text_of(message).startswith("Dear Swyddog Cymunedau Ŵyn,")
    assert attachment(message)[0] == "Swyddog Cymunedau Ŵyn.xlsx"


def test_a_different_workbook_makes_a_different_message_id(settings: Settings) -> None:
    """The Message-ID and the boundary come from the content: change an action and the
    draft's Message-ID changes; nothing else in the folder moves."""
    first = _files(dataset(OWNED), settings)
    changed = Book(
        partnerships=OWNED.partnerships,
        actions=[*OWNED.actions[:2], Action(action="Book the hall", owner="Swyddog Cymunedau Ŵyn",
                                            due=date(2026, 11, 1))],
        officers=OWNED.officers,
    )  # fmt: skip
    second = _files(dataset(changed), settings)
    welsh = "Swyddog Cymunedau Ŵyn.eml"
    assert parsed(first[welsh])["Message-ID"] != parsed(second[welsh])["Message-ID"]
    assert parsed(first[welsh]).get_boundary() != parsed(second[welsh]).get_boundary()
    assert first["Head of Finance.eml"] == second["Head of Finance.eml"]


# The published folder ----------------------------------------------------------------------


@pytest.mark.slow
def test_the_drafts_are_in_the_manifest_and_never_in_the_public_edition(
    sample_published: Path,
) -> None:
    manifest = json.loads((sample_published / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["file"]: entry["sha256"] for entry in manifest["outputs"]}
    drafts = sorted((sample_published / OFFICERS).glob("*.eml"))
    assert drafts
    for draft in drafts:
        name = f"{OFFICERS}/{draft.name}"
        assert listed[name] == hashlib.sha256(draft.read_bytes()).hexdigest()
        assert attachment(parsed(draft.read_bytes()))[2] == draft.with_suffix(".xlsx").read_bytes()
    assert not list((sample_published / "public").rglob("*.eml"))
    assert not [name for name in listed if name.endswith(".eml") and "/" not in name]


def test_the_period_label_is_the_reports(settings: Settings) -> None:
    """The subject names the period as the covers do: a pack for Q2 made in Q3 says Q2."""
    data = dataset(OWNED)
    period = financial_quarter(date(2026, 9, 30))
    tables = report_tables(data, settings=settings, as_of=AS_OF, findings=[], period=period)
    files = report_workbooks(tables, data, settings=settings, period=period, as_of=AS_OF)
    subjects = {
        parsed(content)["Subject"] for name, content in files.items() if name.endswith(".eml")
    }
    assert subjects == {"Partnership governance 2026/27 Q2: your items"}
