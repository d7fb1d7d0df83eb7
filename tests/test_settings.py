"""settings.toml: every number within its range, a council's own matrix within its caps."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from builders import partnership_row, write_workbook
from conftest import AS_OF, ROOT

from pipeline.cli import main
from pipeline.matrices import (
    MAX_BAND_NAME_LENGTH,
    MAX_BANDS,
    MAX_LABEL_LENGTH,
    MAX_LEVELS,
    MAX_RATING,
)
from pipeline.settings import DEFAULTS, RANGES, Settings, SettingsError, load_settings

KEYS = [(section, key) for section, keys in RANGES.items() for key in keys]
IDS = [key for _, key in KEYS]


def _load(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "settings.toml").write_text(text, encoding="utf-8")
    return load_settings(tmp_path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(SettingsError) as error:
        _load(tmp_path, text)
    return str(error.value)


def _words(section: str, key: str) -> str:
    return RANGES[section][key].describe()


def test_every_number_in_the_settings_has_a_range() -> None:
    """RANGES covers exactly the numeric keys of DEFAULTS, which are the numbers in Settings."""
    numeric = [
        (section, key)
        for section, keys in DEFAULTS.items()
        if isinstance(keys, dict)
        for key, value in keys.items()
        if isinstance(value, int | float)
    ]
    fields = {f.name for f in dataclasses.fields(Settings)} - {
        "council",
        "board",
        "key_partners",  # text at the top of the file
        "agreement_items",  # a list of texts (tests/test_council_wording.py)
        "matrix",
        "group_meetings",
        "appetite",  # no fixed default: it follows the matrix (tests/test_risk_targets_input.py)
        "report_of",  # [report]: text, not numbers
        "contact",
    }
    assert numeric == KEYS
    assert set(IDS) == fields


@pytest.mark.parametrize(("section", "key"), KEYS, ids=IDS)
def test_every_default_is_within_its_range(section: str, key: str) -> None:
    """Each default number lies inside the range it is checked against."""
    bound = RANGES[section][key]
    assert bound.low <= DEFAULTS[section][key] <= bound.high


def test_no_settings_file_gives_every_default(tmp_path: Path) -> None:
    """Without settings.toml every number is its default and the matrix is Charnwood's 3×3."""
    settings = load_settings(tmp_path)
    assert settings.matrix.name == DEFAULTS["risk"]["matrix"]
    assert {key: getattr(settings, key) for key in IDS} == {
        key: DEFAULTS[section][key] for section, key in KEYS
    }


def test_every_default_written_out_loads(tmp_path: Path) -> None:
    """A settings.toml giving every default explicitly loads to the same settings."""
    lines = [f'council = "{DEFAULTS["council"]}"', f'board = "{DEFAULTS["board"]}"']
    for section, keys in DEFAULTS.items():
        if isinstance(keys, dict):
            lines.append(f"[{section}]")
            lines += [
                f"{k} = {v!r}".replace("'", '"') for k, v in keys.items() if not isinstance(v, dict)
            ]
            for k, table in keys.items():
                if isinstance(table, dict):
                    lines.append(f"[{section}.{k}]")
                    lines += [f'"{name}" = {value}' for name, value in table.items()]
    assert _load(tmp_path, "\n".join(lines) + "\n") == load_settings(tmp_path / "none")


@pytest.mark.parametrize(("section", "key"), KEYS, ids=IDS)
@pytest.mark.parametrize("end", ["low", "high"])
def test_each_end_of_a_range_is_allowed(tmp_path: Path, section: str, key: str, end: str) -> None:
    """The lowest and the highest value of each range are accepted as they are."""
    value = getattr(RANGES[section][key], end)
    assert getattr(_load(tmp_path, f"[{section}]\n{key} = {value}\n"), key) == value


@pytest.mark.parametrize(("section", "key"), KEYS, ids=IDS)
@pytest.mark.parametrize(
    "typed",
    ["99999999999", "nan", "inf", "-inf", "-1", "below", "above"],
)
def test_a_number_outside_its_range_names_the_key_and_the_range(
    tmp_path: Path, section: str, key: str, typed: str
) -> None:
    """Huge, not-a-number, infinite, negative, just below and just above are each refused."""
    bound = RANGES[section][key]
    typed = {"below": str(bound.low - 1), "above": str(bound.high + 1)}.get(typed, typed)
    assert _error(tmp_path, f"[{section}]\n{key} = {typed}\n") == (
        f"settings.toml: [{section}] {key} = {typed} must be {_words(section, key)}."
    )


def test_a_months_setting_message_reads_as_plain_english(tmp_path: Path) -> None:
    """The message for a huge review cycle is the one an officer sees, word for word."""
    assert _error(tmp_path, "[reviews]\nreview_cycle_months = 99999999999\n") == (
        "settings.toml: [reviews] review_cycle_months = 99999999999 must be a whole number "
        "from 1 to 120."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[finance]\nstaff_hourly_rate = inf\n",
            (
                "settings.toml: [finance] staff_hourly_rate = inf must be an amount in pounds "
                "from 0 to 1,000."
            ),
        ),
        (
            "[finance]\nsignificant_contribution = nan\n",
            (
                "settings.toml: [finance] significant_contribution = nan must be an amount in "
                "pounds from 0 to 1,000,000,000."
            ),
        ),
        (
            '[finance]\nsignificant_contribution = "£30,000"\n',
            (
                "settings.toml: [finance] significant_contribution = “£30,000” must be an amount "
                "in pounds from 0 to 1,000,000,000. Write it as a plain number, without quotes, "
                "£ or commas."
            ),
        ),
        (
            "[reviews]\ndue_soon_days = 90.5\n",
            "settings.toml: [reviews] due_soon_days = 90.5 must be a whole number from 0 to 730.",
        ),
        (
            "[survey]\nmin_group_size = true\n",
            "settings.toml: [survey] min_group_size = true must be a whole number from 1 to 1,000.",
        ),
        (
            "[reviews]\nhealth_check_months = 1e400\n",
            (
                "settings.toml: [reviews] health_check_months = inf must be a whole number "
                "from 1 to 120."
            ),
        ),
        (
            "[reviews]\nhealth_check_months = " + "9" * 100 + "\n",
            "settings.toml: [reviews] health_check_months = " + "9" * 39 + "… must be a whole "
            "number from 1 to 120.",
        ),
    ],
    ids=["inf-pounds", "nan-pounds", "text-pounds", "fraction", "true", "overflow", "long"],
)
def test_a_number_of_the_wrong_kind_gets_a_plain_message(
    tmp_path: Path, text: str, message: str
) -> None:
    """Text, fractions of a day, true/false and over-long values say the range, on one line."""
    assert _error(tmp_path, text) == message


def test_pence_are_allowed_in_money(tmp_path: Path) -> None:
    """An hourly rate in pounds and pence is an amount, not an error."""
    assert _load(tmp_path, "[finance]\nstaff_hourly_rate = 23.75\n").staff_hourly_rate == 23.75


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[reviews]\ndue_soon_days = " + "9" * 5000 + "\n", "a number thousands of digits long"),
        ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    ],
    ids=["5000-digits", "deep"],
)
def test_a_file_python_cannot_read_is_a_settings_error(
    tmp_path: Path, text: str, words: str
) -> None:
    """A number too long for Python to read, or lists nested too deep, is a settings error."""
    assert words in _error(tmp_path, text)


def test_a_number_out_of_range_exits_2_with_one_line(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From the command line, an out-of-range number is exit 2, one line, nothing written."""
    (input_dir / "settings.toml").write_text(
        "[reviews]\nreview_cycle_months = 99999999999\n", encoding="utf-8"
    )
    output = tmp_path / "output"
    args = ["report", "--input", str(input_dir), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "review_cycle_months = 99999999999 must be a whole number from 1 to 120." in err
    assert not output.exists()


def _custom(
    impact: list[str], likelihood: list[str], bands: list[tuple[str, int, int]], name: str = ""
) -> str:
    """The TOML of a product-rated [risk.custom] matrix with these levels and bands."""
    band_lines = [
        f'  {{ name = "{n}", from = {lo}, to = {hi}, colour = "#00703c" }},' for n, lo, hi in bands
    ]
    return "\n".join(
        [
            "[risk.custom]",
            f'name = "{name}"' if name else "",
            f"impact = {impact!r}".replace("'", '"'),
            f"likelihood = {likelihood!r}".replace("'", '"'),
            'rating = "product"',
            "bands = [",
            *band_lines,
            "]",
            "",
        ]
    )


def _levels(count: int, length: int = 5) -> list[str]:
    return [f"{n:0{length}d}" for n in range(1, count + 1)]


def _one_band(impacts: int, likelihoods: int) -> list[tuple[str, int, int]]:
    return [("All", 1, impacts * likelihoods)]


def test_the_largest_matrix_allowed_loads(tmp_path: Path) -> None:
    """A matrix at every cap (levels, name lengths, bands) is accepted."""
    top = MAX_LEVELS * MAX_LEVELS
    bands = [(f"{n:0{MAX_BAND_NAME_LENGTH}d}", n, n) for n in range(1, MAX_BANDS)]
    bands.append(("Rest".ljust(MAX_BAND_NAME_LENGTH, "t"), MAX_BANDS, top))
    text = _custom(
        _levels(MAX_LEVELS, MAX_LABEL_LENGTH),
        _levels(MAX_LEVELS, MAX_LABEL_LENGTH),
        bands,
        name="n" * MAX_LABEL_LENGTH,
    )
    matrix = _load(tmp_path, text).matrix
    assert (len(matrix.impact), len(matrix.likelihood), len(matrix.bands)) == (10, 10, 10)


@pytest.mark.parametrize(
    ("impacts", "likelihoods", "message"),
    [
        (100, 100, "[risk.custom] impact has 100 levels; a matrix can have at most 10."),
        (11, 3, "[risk.custom] impact has 11 levels; a matrix can have at most 10."),
        (3, 11, "[risk.custom] likelihood has 11 levels; a matrix can have at most 10."),
    ],
    ids=["100x100", "11-impact", "11-likelihood"],
)
def test_a_matrix_with_too_many_levels_is_a_settings_error(
    tmp_path: Path, impacts: int, likelihoods: int, message: str
) -> None:
    """More than ten impact or likelihood levels is refused before any work is done."""
    text = _custom(_levels(impacts), _levels(likelihoods), _one_band(impacts, likelihoods))
    assert _error(tmp_path, text) == f"settings.toml: {message}"


def test_a_level_name_too_long_is_a_settings_error(tmp_path: Path) -> None:
    """A level name over 60 characters is refused, shortened in the message."""
    impact = ["Low", "x" * (MAX_LABEL_LENGTH + 1)]
    text = _custom(impact, ["Low", "High"], _one_band(2, 2))
    assert _error(tmp_path, text) == (
        f"settings.toml: [risk.custom] impact level 2 “{'x' * 19}…” is 61 characters long; "
        "a level name can have at most 60."
    )


def test_a_matrix_name_too_long_is_a_settings_error(tmp_path: Path) -> None:
    """A matrix name over 60 characters is refused."""
    text = _custom(["L", "H"], ["L", "H"], _one_band(2, 2), name="n" * 61)
    assert "a matrix name can have at most 60" in _error(tmp_path, text)


def test_too_many_bands_is_a_settings_error(tmp_path: Path) -> None:
    """More than ten bands is refused, saying the limit."""
    bands = [(f"B{n}", n, n) for n in range(1, 12)]
    text = _custom(_levels(4), _levels(4), [*bands, ("Top", 12, 16)])
    assert _error(tmp_path, text) == (
        "settings.toml: [risk.custom] has 12 bands; a matrix can have at most 10."
    )


def test_a_band_name_too_long_is_a_settings_error(tmp_path: Path) -> None:
    """A band name over 30 characters is refused, saying the limit."""
    text = _custom(["L", "H"], ["L", "H"], [("b" * 31, 1, 4)])
    assert _error(tmp_path, text) == (
        f"settings.toml: [risk.custom] band 1 name “{'b' * 19}…” is 31 characters long; "
        "a band name can have at most 30."
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            (
                '[risk.custom]\nimpact = ["L", "H"]\nlikelihood = ["L", "H"]\n'
                "table = [[3, 99999999999], [1, 2]]\n"
                'bands = [{name = "All", from = 1, to = 4, colour = "#00703c"}]\n'
            ),
            f"each from 1 to {MAX_RATING:,}",
        ),
        (
            _custom(["L", "H"], ["L", "H"], [("All", 1, 99999999999)]),
            f"from and to (whole numbers from 1 to {MAX_RATING:,}",
        ),
        (
            _custom(["L", "H"], ["L", "H"], [("All", -5, 4)]),
            f"from and to (whole numbers from 1 to {MAX_RATING:,}",
        ),
    ],
    ids=["huge-rating", "huge-band", "negative-band"],
)
def test_ratings_and_band_limits_are_bounded(tmp_path: Path, text: str, words: str) -> None:
    """A rating in the table, or a band's from or to, must be a whole number from 1 to 1,000."""
    assert words in _error(tmp_path, text)


def _readme_settings_lines() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^(\w+) = [^\n]*?(#[^\n]*)$", section, flags=re.MULTILINE))


@pytest.mark.parametrize(("section", "key"), KEYS, ids=IDS)
def test_the_readme_gives_each_range(section: str, key: str) -> None:
    """The README's settings example states each number's range beside its key."""
    bound = RANGES[section][key]
    comment = _readme_settings_lines()[key].replace("£", "")
    assert f"{bound.low:,} to {bound.high:,}" in comment


def test_the_readme_gives_the_matrix_caps() -> None:
    """The README's Settings section states the caps on a council's own matrix."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## Settings", 1)[1].split("\n## ", 1)[0].split())
    for words in (
        f"at most {MAX_LEVELS} impact levels and {MAX_LEVELS} likelihood levels",
        f"names of up to {MAX_LABEL_LENGTH} characters",
        f"at most {MAX_BANDS} bands with names of up to {MAX_BAND_NAME_LENGTH} characters",
        f"whole numbers from 1 to {MAX_RATING:,}",
    ):
        assert words in section


def test_group_meetings_default_to_the_clerks_meeting_every_six_months(tmp_path: Path) -> None:
    """Without [liaison.group_meetings] the one group meeting checked is the clerks' meeting."""
    assert load_settings(tmp_path / "none").group_meetings == (("Clerks meeting", 6),)


def test_a_group_meetings_table_replaces_the_default(tmp_path: Path) -> None:
    """A table given in settings.toml replaces the default whole, meeting names in any case
    read as the Meeting kinds they are."""
    settings = _load(
        tmp_path, '[liaison.group_meetings]\n"parish FORUM" = 3\n"Advisory group" = 12\n'
    )
    assert settings.group_meetings == (("Parish forum", 3), ("Advisory group", 12))


def test_an_empty_group_meetings_table_checks_no_group_meeting(tmp_path: Path) -> None:
    assert _load(tmp_path, "[liaison.group_meetings]\n").group_meetings == ()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ('"Clerks meetings" = 6', "“Clerks meetings” is not a kind of group meeting"),
        ('"AGM" = 12', "“AGM” is a meeting with one council, checked for each council"),
        ('"briefing" = 6', "“briefing” is a meeting with one council"),
        ('"Clerks meeting" = 0', "must be a whole number from 1 to 120"),
        ('"Clerks meeting" = "6"', "must be a whole number from 1 to 120"),
        ('"Clerks meeting" = 2.5', "must be a whole number from 1 to 120"),
    ],
)
def test_a_bad_group_meeting_is_a_settings_error(tmp_path: Path, typed: str, says: str) -> None:
    """A name that is not a Meeting kind held with several councils (an AGM or a briefing is
    checked for each council: as a group meeting its rows would clash with theirs), or
    months that are not a whole number in range, stop the run with a message naming the
    line."""
    with pytest.raises(SettingsError, match=r"liaison\.group_meetings") as raised:
        _load(tmp_path, f"[liaison.group_meetings]\n{typed}\n")
    assert says in str(raised.value)


def test_group_meetings_given_as_a_number_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"must be a \[liaison.group_meetings\] table"):
        _load(tmp_path, "[liaison]\ngroup_meetings = 6\n")


def test_the_report_settings_are_text(tmp_path: Path) -> None:
    """[report] report_of and contact: blank by default, text as typed (trimmed), anything
    else a settings error."""
    assert (
        load_settings(tmp_path / "none").report_of,
        load_settings(tmp_path / "none").contact,
    ) == ("", "")
    settings = _load(
        tmp_path,
        '[report]\nreport_of = " Head of Strategic Support "\ncontact = "Policy Officer"\n',
    )
    assert (settings.report_of, settings.contact) == ("Head of Strategic Support", "Policy Officer")
    with pytest.raises(SettingsError, match=r"\[report\] contact must be some text in quotes"):
        _load(tmp_path, "[report]\ncontact = 3\n")


# Issue 26, item 4: a settings file that would be passed over is refused, naming it ---------


def _settings_as(input_dir: Path, kind: str) -> Path:
    """A settings file the officer meant to be read, in a form that is not read."""
    text = 'council = "Harborough District Council"\n'
    if kind in ("settings.toml.txt", "Settings.TOML"):
        path = input_dir / kind
        path.write_text(text, encoding="utf-8")
        return path
    path = input_dir / "settings.toml"
    if kind == "folder":
        path.mkdir()
    elif kind == "broken link":
        try:
            path.symlink_to(input_dir / "gone.toml")
        except OSError as error:
            pytest.skip(f"cannot make a link here: {error}")
    elif kind == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("this platform has no named pipes (os.mkfifo)")
        os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "kind", ["settings.toml.txt", "Settings.TOML", "folder", "broken link", "pipe"]
)
def test_a_settings_file_that_would_be_ignored_exits_2_naming_it(
    input_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """A settings file saved under another name (Notepad's .txt, another case), or a
    settings.toml that is a folder, a broken link or a named pipe, is exit 2 naming it; the
    run used to skip it and publish with the default council and matrix."""
    path = _settings_as(input_dir, kind)
    output = tmp_path / "output"
    args = ["report", "--input", str(input_dir), "--output", str(output), "--as-of", str(AS_OF)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "Traceback" not in err
    assert not output.exists()


def test_with_no_settings_file_one_line_says_which_defaults_are_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No settings.toml at all: one line says the run uses the defaults, and which."""
    input_dir = tmp_path / "input"
    input_dir.mkdir()
    write_workbook(input_dir / "register.xlsx", {"Partnerships": [partnership_row(Status="?")]})
    args = ["report", "--input", str(input_dir), "--output", str(tmp_path / "output"),
            "--as-of", str(AS_OF)]  # fmt: skip
    assert main(args) == 1  # an error in the register: no PDFs to wait for
    lines = capsys.readouterr().out.splitlines()
    said = [line for line in lines if "settings.toml" in line]
    words = (
        f"  no settings.toml: using the defaults, {DEFAULTS['council']} for "
        f"{DEFAULTS['board']}, the charnwood-3x3 risk matrix"
    )
    assert said == [words]
