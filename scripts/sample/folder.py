"""The whole sample input folder: every workbook and `settings.toml`, as they stood on a day,
and placing it without overwriting files that are not the sample's own."""

from __future__ import annotations

import random
import tempfile
from datetime import date
from pathlib import Path

from sample.board_report import write_board_report
from sample.dates import EARLIER_QUARTERS, SAMPLE_DAY
from sample.liaison import write_liaison
from sample.partnerships import CP_OFFICER
from sample.register import write_register
from sample.risk_workbooks import write_risks
from sample.risks import risk_history, risks_at
from sample.survey import SURVEY_CLOSED, write_survey
from sample.workbook import COUNCIL

#: The sample's one `random.Random` (the risk targets have their own: risks.TARGET_SEED).
SEED = 42
#: The board the reports go to.
BOARD = "Charnwood Together Executive"


SETTINGS_TOML = f'''# Settings for the partnership reports. Every key not given here takes its
# default (see docs/workbooks.md, section 7, in the project folder).
council = "{COUNCIL}"
board = "{BOARD}"
key_partners = "the Charnwood Together board organisations and all town and parish councils"
# The items a Charnwood partnership agreement must cover (also the default).
agreement_items = [
  "Purpose and scope",
  "Equality and diversity",
  "Partnership mix",
  "Commitment",
  "Roles and responsibilities",
  "Decision making",
  "Reporting and information sharing",
  "Complaints procedure",
]

# The group meetings held with the town and parish councils, and the months between them
# (the clerks' meeting twice a year; the parish forum quarterly; the advisory group that sets
# the forum's agenda, quarterly too).
[liaison.group_meetings]
"Clerks meeting" = 6
"Parish forum" = 3
"Advisory group" = 3

# Who the Report to the board is from, and its contact officer.
[report]
report_of = "Head of Strategic Support"
contact = "{CP_OFFICER}"
'''


def write_sample_input(folder: Path, day: date = SAMPLE_DAY) -> list[Path]:
    """Write the sample workbooks and `settings.toml` into `folder`, as they stood on `day`
    (by default the input/ sample); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    paths = [
        write_register(folder, rng, day),
        *write_risks(folder, risks_at(risk_history(rng), day), day),
    ]
    # The 2026 survey draws last from rng, so leaving it out changes nothing before it.
    paths += [
        write_survey(folder, rng, year) for year in (2025, 2026) if SURVEY_CLOSED[year] <= day
    ]
    paths.append(write_liaison(folder, day))
    if day == SAMPLE_DAY:  # the commentary is about the Q3 figures
        paths.append(write_board_report(folder))
    settings = folder / "settings.toml"
    settings.write_text(SETTINGS_TOML, encoding="utf-8")
    return [*paths, settings]


def write_earlier_quarters(folder: Path) -> list[Path]:
    """The sample as it stood at the ends of 2026/27 Q1 and Q2, each a complete input folder:
    `folder/2026-27-Q1/` and `folder/2026-27-Q2/`."""
    paths: list[Path] = []
    for name, day in EARLIER_QUARTERS.items():
        paths += write_sample_input(folder / name, day)
    return paths


def foreign_files(folder: Path, sample: Path) -> list[Path]:
    """The files in `folder` that writing the sample held in `sample` would overwrite and
    that are not the sample's own: an officer's edited settings.toml, their own register."""
    return [
        folder / made.name
        for made in sorted(sample.iterdir())
        if (folder / made.name).exists() or (folder / made.name).is_symlink()
        if not (folder / made.name).is_file()
        or (folder / made.name).read_bytes() != made.read_bytes()
    ]


class Refused(Exception):
    """Writing the sample would overwrite files that are not the sample's own."""


def place_sample(folder: Path, day: date = SAMPLE_DAY, *, force: bool = False) -> list[Path]:
    """The sample as it stood on `day` written into `folder`, unless that would overwrite a
    file that is not the sample's own (Refused, naming them; nothing written) and `force`
    is not given. The sample is written to a temporary folder first and compared."""
    with tempfile.TemporaryDirectory() as scratch:
        made = write_sample_input(Path(scratch), day)
        foreign = foreign_files(folder, Path(scratch))
        if foreign and not force:
            raise Refused(", ".join(str(path) for path in foreign))
        folder.mkdir(parents=True, exist_ok=True)
        for path in made:
            (folder / path.name).write_bytes(path.read_bytes())
    return [folder / path.name for path in made]


def place_earlier_quarters(folder: Path, *, force: bool = False) -> list[Path]:
    """`write_earlier_quarters` with `place_sample`'s care: nothing is overwritten that is not
    the sample's own, unless `force`; checked for both quarters before either is written."""
    with tempfile.TemporaryDirectory() as scratch:
        write_earlier_quarters(Path(scratch))
        foreign = [
            path
            for name in EARLIER_QUARTERS
            for path in foreign_files(folder / name, Path(scratch) / name)
        ]
        if foreign and not force:
            raise Refused(", ".join(str(path) for path in foreign))
    paths: list[Path] = []
    for name, day in EARLIER_QUARTERS.items():
        paths += place_sample(folder / name, day, force=True)
    return paths
