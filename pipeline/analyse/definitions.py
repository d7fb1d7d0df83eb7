"""What the report tables share, defined once: dates in words, the due-soon horizon, what
counts as active, money totals. The topics, summaries and views import these rather than
saying them again.
"""

from __future__ import annotations

import functools
from datetime import date


@functools.cache
def uk_date(day: date) -> str:
    """A date in words, as the reports print it: `3 March 2026`."""
    return f"{day.day} {day:%B %Y}"
