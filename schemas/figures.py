"""Live figures (WORKBOOKS.md §9): the keys of the `Summary` sheet, which officers' text may
quote in single braces (`{overdue}`) to print the figure as the report's tiles print it.

The one list of keys: the Summary table (pipeline/analyse/summaries/summary.py) makes a row
for each, in this order, and validation knows from it which words in braces are figures.
"""

from __future__ import annotations

import re
from typing import Final

# Key → what it prints, in the Summary sheet's order. The survey's three are there only when
# the workbooks hold a survey.
SUMMARY_KEYS: Final[dict[str, str]] = {
    "partnerships": "partnerships in the register",
    "active_partnerships": "active partnerships",
    "significant_active_partnerships": "significant active partnerships",
    "budget_contribution": "the budget contribution of the active partnerships, in pounds",
    "annual_cost": "what the active partnerships cost a year, in pounds",
    "risks": "risks recorded (partnerships not closed)",
    "top_band_residual_risks": "risks still in the matrix's top band (High) after controls",
    "overdue": "checks and actions overdue",
    "due_soon": "checks and actions due soon",
    "survey_responses": "responses to the latest survey",
    "survey_agreement": "answers agreeing in the latest survey, as a percentage",
    "survey_agreement_change": "the change in agreement since the previous survey, in words",
}

# `{word}` in lower-case letters and underscores, not inside double braces: a live figure if
# the word is a key, an error if not. Anything else in braces prints as typed.
LIVE_FIGURE: Final = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")

# What a key the run has no figure for prints (the survey's, with no survey).
NO_FIGURE: Final = "–"


def braced(key: str) -> str:
    """A key as officers type it: `{overdue}`."""
    return "{" + key + "}"


def keys_text() -> str:
    """Every key as officers type it, in the Summary sheet's order, for messages and notes."""
    return ", ".join(braced(key) for key in SUMMARY_KEYS)
