"""The 14 standard partnership risks of the Charnwood risk assessment template."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardRisk:
    """One of the 14 standard partnership risks in the Charnwood risk assessment template.

    The template leaves the type of risks 1, 2 and 5 for the assessor; they are filled in here.
    """

    no: int
    types: str
    risk: str
    impact: str
    likelihood: str
    control_type: str
    controls: str
    impact_weights: tuple[int, int, int]  # chance of Low, Medium, High before controls
    likelihood_weights: tuple[int, int, int]


STANDARD_RISKS = [
    StandardRisk(
        1, "F",
        "The risk that the partnership duplicates resources already provided because partners "
        "do not map existing services, resulting in wasted money and officer time.",
        "Duplicated spend; partners question the value of the partnership.",
        "Several partnerships work on related themes; no shared directory of services.",
        "R", "Charnwood Together reviews new proposals; annual mapping of partnership activity.",
        (3, 4, 1), (3, 4, 2),
    ),
    StandardRisk(
        2, "S",
        "The risk that not all appropriate partners are engaged because membership has not "
        "been reviewed, resulting in gaps in knowledge and weaker delivery.",
        "Plans miss the needs of groups not at the table; weaker community support.",
        "Membership unchanged for several years; some sectors not represented.",
        "R", "Review membership at each annual review; invite missing sectors.",
        (3, 4, 2), (2, 4, 3),
    ),
    StandardRisk(
        3, "F",
        "The risk that the partnership cannot deliver its plan because of a lack of funding, "
        "resulting in projects stopping and grant being lost.",
        "Projects stop part way; grant clawed back; estimated loss up to £25,000.",
        "Partners' budgets under pressure; external grants short-term.",
        "M", "Medium-term funding plan agreed by partners; bids for external funding.",
        (1, 3, 4), (1, 3, 4),
    ),
    StandardRisk(
        4, "L",
        "The risk that a key partner withdraws because of changes to its own priorities or "
        "budget, resulting in loss of expertise, funding and legitimacy.",
        "Loss of a funding stream and of specialist knowledge; plan must be rewritten.",
        "Restructures under way at partner organisations.",
        "M", "Partnership agreement sets a notice period; regular contact at senior level.",
        (1, 3, 3), (2, 4, 2),
    ),
    StandardRisk(
        5, "R",
        "The risk that agreed actions are not delivered because of unclear ownership and weak "
        "monitoring, resulting in objectives being missed.",
        "Outcomes for residents not achieved; partners lose confidence.",
        "Actions without named owners or dates; infrequent meetings.",
        "R", "Action log with owners and dates reviewed at every meeting.",
        (2, 4, 2), (2, 4, 3),
    ),
    StandardRisk(
        6, "L,S",
        "The risk that contract requirements are not delivered because of under-performance by "
        "the provider, resulting in poorer services to residents and possible legal dispute.",
        "Service failures for residents; cost of remedies and of retendering.",
        "Provider's workforce and finances under strain; targets missed last year.",
        "R", "Quarterly contract monitoring meetings; default notices where needed.",
        (1, 2, 4), (2, 4, 2),
    ),
    StandardRisk(
        7, "R,L",
        "The risk that partnership standards are not met because the agreement and risk "
        "assessment are not kept up to date, resulting in audit criticism and weaker "
        "accountability.",
        "Adverse audit opinion; reputational damage.",
        "Reviews slip when officers change; no reminder system.",
        "R", "Register reviewed quarterly by the Communities and Partnerships Officer.",
        (2, 4, 1), (2, 4, 3),
    ),
    StandardRisk(
        8, "R,F",
        "The risk that the partnership becomes over-dependent on one key partner because other "
        "partners contribute little, resulting in collapse if that partner steps back.",
        "Partnership cannot continue without the main partner; council asked to fill the gap.",
        "One partner provides most of the funding and the secretariat.",
        "M", "Spread secretariat and chairing between partners; written succession plan.",
        (1, 3, 3), (2, 4, 2),
    ),
    StandardRisk(
        9, "F",
        "The risk that unforeseen costs arise because of inflation, legal claims or project "
        "overruns, resulting in pressure on the council's budget.",
        "Unbudgeted spend of up to £15,000 a year.",
        "High inflation; capital projects with fixed-price grants.",
        "M", "Contingency in the partnership budget; costs reported to partners quarterly.",
        (1, 4, 2), (2, 4, 2),
    ),
    StandardRisk(
        10, "R,L,S",
        "The risk that key support staff or experts leave because of restructures or "
        "short-term funding, resulting in loss of knowledge and delays.",
        "Work stalls for several months; knowledge lost.",
        "Posts funded year to year; small team with no cover.",
        "M", "Procedures written down; shared inbox; cover agreed between partners.",
        (1, 4, 2), (1, 4, 3),
    ),
    StandardRisk(
        11, "R",
        "The risk that targets are too stretching because they were set without baseline "
        "data, resulting in reported failure and loss of confidence.",
        "Board reports show failure against targets; partners disengage.",
        "Targets set before data was available.",
        "R", "Targets reviewed each year against baseline data.",
        (3, 3, 1), (2, 4, 2),
    ),
    StandardRisk(
        12, "R,F,L",
        "The risk that the council loses control of the service or project but remains "
        "accountable because decisions are delegated to the partnership board, resulting in "
        "financial and reputational exposure.",
        "The council answers for decisions it did not take; possible financial liability.",
        "Council is accountable body; board decisions not reported back.",
        "R", "Decision-making limits in the agreement; council officer attends every board.",
        (1, 2, 4), (3, 3, 2),
    ),
    StandardRisk(
        13, "P",
        "The risk that a major shift in national or local priorities changes the partnership's "
        "remit because of new legislation or funding rules, resulting in wasted work and a "
        "need to restructure.",
        "Plans abandoned; time spent restructuring.",
        "Local government reorganisation and new national funding rules expected.",
        "M", "Horizon scanning at each meeting; remit reviewed when policy changes.",
        (1, 3, 3), (1, 3, 4),
    ),
    StandardRisk(
        14, "L",
        "The risk that the partnership fails to comply with equality and diversity legislation "
        "because equality impact assessments are not done, resulting in legal challenge and "
        "groups being excluded.",
        "Legal challenge under the Equality Act 2010; some residents excluded.",
        "No equality impact assessment of the partnership plan.",
        "R", "Equality impact assessment of each plan; Equalities Officer checks.",
        (1, 3, 3), (3, 4, 1),
    ),
]  # fmt: skip
