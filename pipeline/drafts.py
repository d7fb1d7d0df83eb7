"""E-mail drafts: each officer's list as a message ready to send (WORKBOOKS.md §12).

`officers/<officer>.eml` sits beside `officers/<officer>.xlsx`, with the same stem. It is a
standard message built with Python's `email` package: `X-Unsent: 1`, so Outlook and other mail
programs open it as a draft; To the officer's address from the Officers sheet (no To header
when there is none); no From, so the program sending it uses the sender's own account; a short
plain-text body with their counts and three most urgent items; and their workbook attached,
byte for byte. Everything in it comes from its content: the Date is the as-of date, and the
Message-ID and the MIME boundary are made from a hash of the rest, so the same inputs give the
same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Final

import pandas as pd

from pipeline.analyse.definitions import due_soon_horizon, uk_date
from pipeline.analyse.topics.compliance import NEVER_DONE
from pipeline.analyse.views.officers import ABOUT, ListsFor
from pipeline.characters import name_key

XLSX_TYPE: Final = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# The header mail programs read as "this is a draft, open it for editing" (Outlook, and
# Thunderbird's Edit as New Message).
UNSENT: Final = "X-Unsent"
URGENT_SHOWN: Final = 3  # the most urgent items a draft's body lists
# The right-hand side of each draft's Message-ID: the tool, not a mail server.
MESSAGE_ID_DOMAIN: Final = "partnership-pipeline.invalid"


def subject(about: ListsFor) -> str:
    """`Partnership governance 2026/27 Q3: your items`."""
    return f"Partnership governance {about.period.label}: your items"


def officer_addresses(officers: pd.DataFrame) -> dict[str, str]:
    """Each officer's e-mail address by their name as names are compared (`name_key`), from
    the Officers sheet: a name listed twice keeps its first address."""
    addresses: dict[str, str] = {}
    for name, email in zip(officers["name"], officers["email"], strict=True):
        if pd.notna(name) and pd.notna(email):
            addresses.setdefault(name_key(str(name)), str(email))
    return addresses


def _whom(sheets: Mapping[str, pd.DataFrame]) -> str:
    """Whom a list is for: its About sheet's `For`."""
    about = sheets[ABOUT]
    return str(about.loc[about["Item"] == "For", "Detail"].iloc[0])


def _count(number: int, thing: str) -> str:
    """`none`, `1 item`, `12 items`."""
    if number == 0:
        return "none"
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _days(number: int) -> str:
    return f"{number} day{'' if number == 1 else 's'}"


def _when_overdue(row: pd.Series) -> str:
    """`45 days overdue (due 10 October 2026)`, `never done`, or "" with no date."""
    if row.get(NEVER_DONE) == "Yes":
        return "never done"
    if pd.isna(row["Due date"]) or pd.isna(row["Days overdue"]):
        return ""
    return f"{_days(int(row['Days overdue']))} overdue (due {uk_date(row['Due date'].date())})"


def _when_due(row: pd.Series) -> str:
    """`due in 12 days (5 December 2026)`, or `due today`."""
    days = int(row["Days until due"])
    when = uk_date(row["Due date"].date())
    return f"due today ({when})" if days == 0 else f"due in {_days(days)} ({when})"


def _item(row: pd.Series, when: str) -> str:
    """One urgent item: `Review overdue, Loughborough BID (P-004): 45 days overdue (due 10
    October 2026). <detail>`."""
    what = str(row["Check"])
    if pd.notna(row.get("Partnership")):
        what += f", {row['Partnership']} ({row['Partnership ID']})"
    text = f"{what}: {when}" if when else what
    detail = row.get("Detail")
    if isinstance(detail, str) and detail.strip():
        text += f". {' '.join(detail.split())}"
    return text


def urgent_items(sheets: Mapping[str, pd.DataFrame], shown: int = URGENT_SHOWN) -> list[str]:
    """An officer's most urgent items: their overdue rows in the list's order (most overdue
    first, as the Overdue sheet sorts them), then their due-soon rows (soonest first)."""
    overdue = sheets["Overdue"].head(shown)
    soon = sheets["Due soon"].head(shown - len(overdue))
    return [
        *(_item(row, _when_overdue(row)) for _, row in overdue.iterrows()),
        *(_item(row, _when_due(row)) for _, row in soon.iterrows()),
    ]


def body(person: str, file_name: str, sheets: Mapping[str, pd.DataFrame], about: ListsFor) -> str:
    """The draft's plain text: whom it is for, their counts, their most urgent items."""
    late, soon, warnings = (len(sheets[name]) for name in ("Overdue", "Due soon", "Data quality"))
    horizon = uk_date(due_soon_horizon(about.as_of, about.due_soon_days))
    opening = (
        f"Here are your partnership governance items for {about.period.label}, as at "
        f"{uk_date(about.as_of)}. The attached workbook, {file_name}, lists them all:"
    )
    lines = [
        f"Dear {person},",
        "",
        opening,
        "",
        f"- Overdue: {_count(late, 'item')}",
        f"- Due soon (by {horizon}): {_count(soon, 'item')}",
        f"- Data-quality warnings about your partnerships: {_count(warnings, 'warning')}",
    ]
    urgent = urgent_items(sheets)
    if urgent:
        lines += ["", "The most urgent:", ""]
        lines += [f"{number}. {item}" for number, item in enumerate(urgent, start=1)]
    lines += [
        "",
        "Please bring them up to date, or let us know if anything in the list is wrong.",
        "",
        about.council,
    ]
    return "\n".join(lines) + "\n"


def _digest(*parts: str | bytes) -> str:
    """A SHA-256 of the parts, each length-prefixed so that no two sets of parts share one."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def draft_bytes(
    *,
    person: str,
    address: str | None,
    text: str,
    about: ListsFor,
    file_name: str,
    workbook: bytes,
) -> bytes:
    """The .eml of one draft: headers, the plain-text body and the workbook attached."""
    title = subject(about)
    date = format_datetime(
        datetime(about.as_of.year, about.as_of.month, about.as_of.day, tzinfo=UTC)
    )
    digest = _digest(person, address or "", title, date, text, file_name, workbook)
    message = EmailMessage(policy=SMTP)
    message[UNSENT] = "1"
    if address:
        message["To"] = Address(display_name=person, addr_spec=address)
    message["Subject"] = title
    message["Date"] = date
    message["Message-ID"] = f"<{digest[:32]}@{MESSAGE_ID_DOMAIN}>"
    # Quoted-printable: paragraphs stay one line each however long, in plain ASCII.
    message.set_content(text, cte="quoted-printable")
    maintype, subtype = XLSX_TYPE
    message.add_attachment(workbook, maintype=maintype, subtype=subtype, filename=file_name)
    for part in message.iter_parts():
        del part["MIME-Version"]  # the message's own header says it once
    # The boundary ends with a hash of everything in the message, so nothing in it can hold
    # the boundary (and neither base64 nor quoted-printable ever writes "==_").
    message.set_boundary(f"==_{digest[32:64]}")
    return message.as_bytes(policy=SMTP)


def officer_drafts(
    lists: Mapping[str, Mapping[str, pd.DataFrame]],
    workbooks: Mapping[str, bytes],
    addresses: Mapping[str, str],
    *,
    about: ListsFor,
) -> dict[str, bytes]:
    """`<stem>.eml` for each officer's `<stem>.xlsx` (its sheets in `lists`, its bytes in
    `workbooks`, both by file name), addressed from `addresses` (officer_addresses)."""
    drafts = {}
    for file_name, sheets in lists.items():
        person = _whom(sheets)
        drafts[f"{file_name.removesuffix('.xlsx')}.eml"] = draft_bytes(
            person=person,
            address=addresses.get(name_key(person)),
            text=body(person, file_name, sheets, about),
            about=about,
            file_name=file_name,
            workbook=workbooks[file_name],
        )
    return drafts
