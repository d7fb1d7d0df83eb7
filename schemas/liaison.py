"""Town and parish councils: Local councils, Meetings, Consultations, Devolved services
(WORKBOOKS.md §7).

Sources: the Charnwood parish partnership scheme (a partnership manager for each council,
meetings every six months, a yearly Corporate Plan briefing, two clerks' meetings a year, six
weeks to respond to a consultation) and the Milton Keynes parish liaison material (four kinds
of local council, forums and an advisory group, devolved services under agreements).
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas._columns import Kind, column

COUNCIL_TYPES: Final = ("Parish council", "Town council", "Community council", "Parish meeting")
MEETING_KINDS: Final = (
    "AGM",
    "Partner meeting",
    "Corporate plan briefing",
    "Briefing",
    "Training",
    "Clerks meeting",
    "Parish forum",
    "Advisory group",
    "Ward forum",
    "Other",
)
# Meetings with one council, which must name its Partnership ID.
COUNCIL_MEETINGS: Final = (
    "AGM",
    "Partner meeting",
    "Corporate plan briefing",
    "Briefing",
    "Training",
)
# The meetings a partnership manager attends: the AGM (or equivalent) and one other.
LIAISON_MEETINGS: Final = ("AGM", "Partner meeting")
BRIEFING: Final = "Corporate plan briefing"
STAGES: Final = ("Interest", "Negotiating", "Agreement", "Ended")
AGREEMENT: Final = "Agreement"

# Aliases officers give the Partnership ID of a council.
_COUNCIL_ID_ALIASES: Final = ("Parish", "Council", "Parish ID", "Council ID", "ID", "Ref")


class LocalCouncils(pa.DataFrameModel):
    """Local councils: one row per town or parish council, community council or parish meeting
    that is a key partner. Its presence switches the liaison checks on."""

    partnership_id: Series[str] = column(
        "Partnership ID",
        kind=Kind.ID,
        required=True,
        aliases=_COUNCIL_ID_ALIASES,
        example="P-019",
        description="Must exist in Partnerships, once in this sheet: the council's key-partner "
        "row, whose Partnership manager is the officer in the scheme.",
    )
    council_type: Series[str] = column(
        "Council type",
        kind=Kind.CHOICE,
        required=True,
        choices=COUNCIL_TYPES,
        aliases=("Type of council", "Type", "Council kind"),
        example="Parish council",
    )
    councillors: Series[pd.Int64Dtype] = column(
        "Councillors",
        kind=Kind.WHOLE_NUMBER,
        aliases=("Number of councillors", "No of councillors", "Seats"),
        example=11,
        ge=0,
    )
    clerk: Series[str] = column("Clerk", aliases=("Parish clerk", "Town clerk", "Clerk name"))
    ward: Series[str] = column("Ward", aliases=("Borough ward", "Wards"))
    information_wanted: Series[str] = column(
        "Information wanted",
        aliases=("Information requested", "Information required"),
        description="What the council asked to receive from us as a matter of course.",
    )
    training_needs: Series[str] = column("Training needs", aliases=("Training required",))
    contact_details_checked: Series[pd.Timestamp] = column(
        "Contact details checked",
        kind=Kind.DATE,
        aliases=("Contact details confirmed", "Contacts checked", "Contact details updated"),
        example="1 April 2026",
        description="The date the council's contact details were last confirmed.",
    )

    class Config:
        name = "Local councils"


class Meetings(pa.DataFrameModel):
    """Meetings: one row per meeting or briefing held, or planned (a date after the as-of
    date is planned, never counted as held)."""

    meeting_date: Series[pd.Timestamp] = column(
        "Meeting date",
        kind=Kind.DATE,
        required=True,
        aliases=("Date", "Date of meeting", "Date held"),
        example="14 May 2026",
    )
    meeting: Series[str] = column(
        "Meeting",
        kind=Kind.CHOICE,
        required=True,
        choices=MEETING_KINDS,
        aliases=("Meeting type", "Type of meeting", "Kind of meeting"),
        example="AGM",
    )
    partnership_id: Series[str] = column(
        "Partnership ID",
        kind=Kind.ID,
        aliases=_COUNCIL_ID_ALIASES,
        example="P-019",
        description="Must exist if given; required for "
        + ", ".join(COUNCIL_MEETINGS[:-1])
        + f" and {COUNCIL_MEETINGS[-1]}.",
    )
    council_officer: Series[str] = column(
        "Council officer",
        aliases=("Officer", "Attended by", "Officer attending"),
        description="Who attended for the council.",
    )
    councils_represented: Series[pd.Int64Dtype] = column(
        "Councils represented",
        kind=Kind.WHOLE_NUMBER,
        aliases=("Councils attending", "Parishes represented", "Attendance"),
        description="Group meetings: how many councils came.",
        ge=0,
    )
    agenda_items_from_partners: Series[pd.Int64Dtype] = column(
        "Agenda items from partners",
        kind=Kind.WHOLE_NUMBER,
        aliases=("Agenda items proposed", "Agenda items from clerks", "Agenda items"),
        ge=0,
    )
    notes: Series[str] = column("Notes", aliases=("Comments", "Notes of meeting"))

    class Config:
        name = "Meetings"


class Consultations(pa.DataFrameModel):
    """Consultations: each consultation of the town and parish councils."""

    consultation: Series[str] = column(
        "Consultation",
        required=True,
        aliases=("Consultation title", "Subject", "Title"),
        example="Local Plan review",
    )
    issued: Series[pd.Timestamp] = column(
        "Issued",
        kind=Kind.DATE,
        required=True,
        aliases=("Date issued", "Issue date", "Opens", "Consultation opens", "Start date"),
        example="1 September 2026",
    )
    closes: Series[pd.Timestamp] = column(
        "Closes",
        kind=Kind.DATE,
        required=True,
        aliases=("Closing date", "Consultation closes", "Close date", "Deadline", "End date"),
        example="13 October 2026",
        description="Not before Issued.",
    )
    lead_officer: Series[str] = column("Lead officer", aliases=("Officer", "Contact officer"))
    councils_consulted: Series[pd.Int64Dtype] = column(
        "Councils consulted",
        kind=Kind.WHOLE_NUMBER,
        aliases=("Parishes consulted", "Number consulted"),
        ge=0,
    )
    responses: Series[pd.Int64Dtype] = column(
        "Responses",
        kind=Kind.WHOLE_NUMBER,
        aliases=("Responses received", "Number of responses", "Replies"),
        description="More than Councils consulted is a warning.",
        ge=0,
    )

    class Config:
        name = "Consultations"


class DevolvedServices(pa.DataFrameModel):
    """Devolved services: each service a council delivers, or may deliver, for us."""

    partnership_id: Series[str] = column(
        "Partnership ID",
        kind=Kind.ID,
        required=True,
        aliases=_COUNCIL_ID_ALIASES,
        example="P-019",
        description="Must exist in Partnerships.",
    )
    service: Series[str] = column(
        "Service",
        required=True,
        aliases=("Devolved service", "Service devolved"),
        example="Grounds maintenance and landscaping",
    )
    stage: Series[str] = column(
        "Stage",
        kind=Kind.CHOICE,
        required=True,
        choices=STAGES,
        aliases=("Status", "Devolution stage"),
        example="Agreement",
    )
    agreement_start: Series[pd.Timestamp] = column(
        "Agreement start", kind=Kind.DATE, aliases=("Start date", "Agreement start date")
    )
    agreement_end: Series[pd.Timestamp] = column(
        "Agreement end",
        kind=Kind.DATE,
        aliases=("End date", "Agreement end date", "Agreement expires"),
        description="Not before the agreement start.",
    )
    annual_funding: Series[float] = column(
        "Annual funding",
        kind=Kind.MONEY,
        aliases=("Funding", "Annual payment", "Funding a year"),
        example="£12,500",
        description="£ a year.",
        ge=0,
    )

    class Config:
        name = "Devolved services"
