"""The risk registers' contents: which risks each partnership has, how they were rated at
each assessment (`risk_history`), and the register as it stood on a day (`risks_at`)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from pipeline.matrices import MATRICES
from pipeline.periods import add_months
from sample.dates import d
from sample.partnerships import PARTNERSHIPS, Partnership
from sample.standard_risks import STANDARD_RISKS, StandardRisk

#: The Charnwood 3×3 matrix the sample's risks are rated on (its rating table is a lookup,
#: not a product): the pipeline's own, as settings.toml's default names it.
MATRIX = MATRICES["charnwood-3x3"]


@dataclass(frozen=True)
class RiskPlan:
    """Which partnerships have risks, how many, and when they were assessed.

    `moved` says what a risk's latest assessment changed from the one before it: `Higher` (its
    residual rating rose one step), `Lower` (fell one step) or `New` (first raised then);
    every other risk was rated the same at the assessment before (`reassessed` date → the
    plan's date, otherwise twelve months earlier). `removed` lists risks taken off the register
    on a date (they appear only in the earlier quarters); `first` is a partnership's first risk
    assessment, with no earlier one. The earlier quarters (`--earlier-quarters`) come from these.
    """

    pid: str
    count: int
    assessed: date
    reassessed: dict[int, date] | None = None  # risk no → a later assessment date
    moved: dict[int, str] | None = None  # risk no → "Higher", "Lower" or "New"
    removed: dict[int, date] | None = None  # risk no (not otherwise chosen) → date removed
    first: bool = False


OCTOBER_REVIEW = d("2026-10-19")
RISK_PLANS = [
    # Charnwood Together's October review: the lack of ownership of actions fell back to Medium
    # once the action log was in place, the council's exposure as accountable body rose with
    # the devolution proposals, reorganisation was raised as a new risk and the risk of a key
    # partner withdrawing closed when every partner signed the refreshed agreement.
    RiskPlan(
        "P-001",
        12,
        d("2026-05-12"),
        {5: OCTOBER_REVIEW, 12: OCTOBER_REVIEW, 13: OCTOBER_REVIEW},
        moved={5: "Lower", 12: "Higher", 13: "New"},
        removed={4: OCTOBER_REVIEW},
    ),
    # Reassessed in September: funding (3) rose with the grant cut; unforeseen costs (9) fell.
    RiskPlan(
        "P-002",
        11,
        d("2026-04-15"),
        {3: d("2026-09-03"), 9: d("2026-09-03")},
        moved={3: "Higher", 9: "Lower"},
    ),
    RiskPlan("P-003", 8, d("2025-09-24")),
    RiskPlan("P-004", 10, d("2026-07-08")),
    RiskPlan("P-005", 5, d("2026-03-05")),
    RiskPlan("P-007", 6, d("2026-04-22")),
    RiskPlan("P-008", 4, d("2026-06-03")),
    RiskPlan("P-009", 9, d("2026-01-22")),
    RiskPlan("P-010", 6, d("2023-11-10")),
    RiskPlan("P-011", 8, d("2026-02-26")),
    RiskPlan("P-012", 6, d("2026-05-14")),
    RiskPlan("P-013", 12, d("2026-08-27"), moved={3: "Lower", 6: "New"}),
    RiskPlan("P-014", 14, d("2026-09-25"), moved={2: "Lower", 9: "Higher"}),
    RiskPlan(
        "P-015",
        7,
        d("2026-04-14"),
        {11: d("2026-11-09")},
        moved={11: "Lower"},
        removed={10: d("2026-11-09")},
    ),
    RiskPlan("P-016", 4, d("2026-06-11")),
    RiskPlan("P-017", 5, d("2025-10-20")),
    RiskPlan("P-018", 6, d("2026-02-09")),
    RiskPlan("P-019", 5, d("2026-03-10")),
    RiskPlan("P-020", 5, d("2026-05-19")),
    RiskPlan("P-021", 4, d("2026-05-12")),
    RiskPlan("P-022", 5, d("2026-06-09"), {14: d("2026-10-21")}, moved={14: "Higher"}),
    RiskPlan("P-023", 6, d("2025-10-08")),
    RiskPlan("P-024", 4, d("2026-07-21")),
    RiskPlan("P-025", 5, d("2026-06-30")),
    RiskPlan("P-026", 4, d("2026-08-11")),
    RiskPlan("P-027", 5, d("2026-09-15")),
    RiskPlan("P-029", 4, d("2026-04-16")),
    RiskPlan("P-030", 6, d("2026-10-14"), first=True),
    RiskPlan("P-031", 8, d("2026-11-02"), first=True),
    RiskPlan("P-032", 7, d("2025-06-12")),
]


@dataclass(frozen=True)
class Risk:
    """One risk as assessed on one date, with levels as numbers 1–3."""

    pid: str
    standard: StandardRisk
    inherent: tuple[int, int]  # (impact, likelihood)
    residual: tuple[int, int]
    control_months: int  # the controls are due to be in place this long after assessment
    owner: str
    assessed_by: str
    assessed: date
    target: tuple[int, int] | None = None  # (impact, likelihood) once the controls work
    target_date: date | None = None
    removed: date | None = None  # taken off the register on this date

    @property
    def control_end(self) -> date:
        """The Control end date."""
        return add_months(self.assessed, self.control_months)

    @property
    def key(self) -> tuple[str, int]:
        """Partnership ID and Risk no."""
        return self.pid, self.standard.no


def owner_of(standard: StandardRisk, p: Partnership) -> str:
    """Finance risks are the Head of Finance's, equality the Equalities Officer's."""
    if standard.no in (3, 9):
        return "Head of Finance"
    if standard.no == 14:
        return "Equalities Officer"
    return p.lead_officer


def draw_levels(
    rng: random.Random, standard: StandardRisk
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Inherent and residual (impact, likelihood): the controls lower one or both, or not."""
    impact = rng.choices((1, 2, 3), weights=standard.impact_weights)[0]
    likelihood = rng.choices((1, 2, 3), weights=standard.likelihood_weights)[0]
    effect = rng.choices(("none", "likelihood", "impact", "both"), (2, 5, 1, 2))[0]
    res_impact = impact - 1 if effect in ("impact", "both") and impact > 1 else impact
    res_likelihood = (
        likelihood - 1 if effect in ("likelihood", "both") and likelihood > 1 else likelihood
    )
    return (impact, likelihood), (res_impact, res_likelihood)


def make_risks(rng: random.Random) -> list[Risk]:
    """4–14 of the standard risks for each partnership in `RISK_PLANS`, as last assessed."""
    by_id = {p.partnership_id: p for p in PARTNERSHIPS}
    risks: list[Risk] = []
    for plan in RISK_PLANS:
        p = by_id[plan.pid]
        pool = [s for s in STANDARD_RISKS if s.no != 6 or p.type == "Partnering contract"]
        chosen = sorted(rng.sample(pool, min(plan.count, len(pool))), key=lambda s: s.no)
        if p.type == "Partnering contract" and all(s.no != 6 for s in chosen):
            chosen[-1] = STANDARD_RISKS[5]
            chosen.sort(key=lambda s: s.no)
        for standard in chosen:
            inherent, residual = draw_levels(rng, standard)
            assessed = (plan.reassessed or {}).get(standard.no, plan.assessed)
            risks.append(
                Risk(
                    pid=p.partnership_id,
                    standard=standard,
                    inherent=inherent,
                    residual=residual,
                    control_months=rng.choice((3, 6, 9, 12)),
                    owner=owner_of(standard, p),
                    assessed_by=p.lead_officer,
                    assessed=assessed,
                )
            )
    return risks


#: Drawn from its own `random.Random`, so that the targets left the rest of the sample as it was.
TARGET_SEED = 17
#: Target dates as officers set them, at month and quarter ends. At 2026-11-23 and 2026-12-31
#: the first are missed (if the risk is still above target), the next due soon (31 December
#: and 31 January at both dates), the last comfortably ahead.
TARGET_DATES = {
    "missed": (d("2026-06-30"), d("2026-09-30"), d("2026-10-31")),
    "due": (d("2026-12-31"), d("2027-01-31"), d("2027-03-31")),
    "later": (d("2027-06-30"), d("2027-09-30"), d("2027-12-31")),
}


def with_target(risk: Risk, rng: random.Random) -> Risk:
    """Most High and Medium risks get a target one step lower on likelihood, impact or both
    (or already met: the same as the residual), and a target date at least two months after
    the assessment; a quarter of the Low ones rated 3 or 4 get one too, the rest none."""
    impact, likelihood = risk.residual
    rating = MATRIX.rating_for(impact, likelihood)
    chance = 0.8 if rating >= 7 else 0.6 if rating >= 5 else 0.25 if rating >= 3 else 0.0
    if rng.random() >= chance:
        return risk
    step = rng.choices(("likelihood", "impact", "both", "met"), weights=(5, 2, 2, 1))[0]
    if step in ("likelihood", "both"):
        likelihood = max(1, likelihood - 1)
    if step in ("impact", "both"):
        impact = max(1, impact - 1)
    bucket = rng.choices(tuple(TARGET_DATES), weights=(2, 2, 5))[0]
    earliest = add_months(risk.assessed, 2)
    dates = [day for day in TARGET_DATES[bucket] if day > earliest] or TARGET_DATES["later"]
    return replace(risk, target=(impact, likelihood), target_date=rng.choice(dates))


def step_down(levels: tuple[int, int]) -> tuple[int, int]:
    """One step lower: likelihood first, else impact (the rating table rises along both)."""
    impact, likelihood = levels
    if likelihood > 1:
        return impact, likelihood - 1
    if impact > 1:
        return impact - 1, likelihood
    raise ValueError(f"{levels} is the lowest cell: it cannot have been lower")


def step_up(levels: tuple[int, int], ceiling: tuple[int, int]) -> tuple[int, int]:
    """One step higher, no higher than `ceiling` (the inherent levels)."""
    impact, likelihood = levels
    if likelihood < ceiling[1]:
        return impact, likelihood + 1
    if impact < ceiling[0]:
        return impact + 1, likelihood
    raise ValueError(f"{levels} is already at its inherent levels: it cannot have been higher")


def earlier_version(risk: Risk, plan: RiskPlan) -> Risk | None:
    """The risk as rated at the assessment before its latest one (None if it was new then)."""
    moved = (plan.moved or {}).get(risk.standard.no)
    if plan.first or moved == "New":
        return None
    if risk.standard.no in (plan.reassessed or {}):
        assessed = plan.assessed
    else:
        assessed = add_months(risk.assessed, -12)
    residual = risk.residual
    if moved == "Higher":
        residual = step_down(residual)
    elif moved == "Lower":
        residual = step_up(residual, risk.inherent)
    target = risk.target
    if target is not None:  # never above the residual of the time
        target = (min(target[0], residual[0]), min(target[1], residual[1]))
    return replace(risk, residual=residual, assessed=assessed, target=target)


def removed_risks(rng: random.Random) -> list[Risk]:
    """The risks taken off the register: as assessed on their partnership's plan date."""
    by_id = {p.partnership_id: p for p in PARTNERSHIPS}
    risks: list[Risk] = []
    for plan in RISK_PLANS:
        for no, removed in (plan.removed or {}).items():
            standard, p = STANDARD_RISKS[no - 1], by_id[plan.pid]
            inherent, residual = draw_levels(rng, standard)
            risks.append(
                Risk(
                    pid=p.partnership_id,
                    standard=standard,
                    inherent=inherent,
                    residual=residual,
                    control_months=rng.choice((3, 6, 9, 12)),
                    owner=owner_of(standard, p),
                    assessed_by=p.lead_officer,
                    assessed=plan.assessed,
                    removed=removed,
                )
            )
    return risks


def risk_history(rng: random.Random) -> list[Risk]:
    """Every assessment of every risk: the latest (with targets), the one before where it
    differs in date, and the risks since removed. `risks_at` picks what stood on a day."""
    extra = random.Random(TARGET_SEED)
    latest = [with_target(risk, extra) for risk in make_risks(rng)]
    plans = {plan.pid: plan for plan in RISK_PLANS}
    history: list[Risk] = []
    for risk in latest:
        earlier = earlier_version(risk, plans[risk.pid])
        history += [risk] if earlier is None else [earlier, risk]
    removed = removed_risks(extra)
    clash = {r.key for r in removed} & {r.key for r in latest}
    if clash:
        raise ValueError(f"removed risks {sorted(clash)} are also on the register")
    return history + removed


def risks_at(history: Sequence[Risk], day: date) -> list[Risk]:
    """The register as it stood on `day`: each risk's newest assessment on or before it,
    leaving out risks not yet assessed or already removed; in plan order, then by risk no."""
    standing: dict[tuple[str, int], Risk] = {}
    for risk in history:
        if risk.assessed <= day and (
            risk.key not in standing or risk.assessed > standing[risk.key].assessed
        ):
            standing[risk.key] = risk
    order = {plan.pid: n for n, plan in enumerate(RISK_PLANS)}
    kept = [r for r in standing.values() if r.removed is None or r.removed > day]
    return sorted(kept, key=lambda r: (order[r.pid], r.standard.no))
