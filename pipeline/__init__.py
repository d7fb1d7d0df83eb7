"""partnership-pipeline: partnership workbooks in, board reports out.

load → normalise → validate → analyse → render → publish; `pipeline.cli` runs them.
"""

__version__ = "0.1.0"
