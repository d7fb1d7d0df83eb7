"""The docs are in step with the code.

The README's examples work and it mentions every make target. docs/workbooks.md, the contract
as officers read it, gives every sheet, heading, other name, choice, rule, setting and sheet
of report-data.xlsx the code has (in every clone), lists under "Coming next" only what is not
built yet, and names everything ../shared/WORKBOOKS.md names (where that file is present).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from test_schemas import NOT_YET_BUILT

from pipeline import publish, word
from pipeline.render import DOCUMENTS
from pipeline.settings import DEFAULTS, FOLLOWING, RANGES, load_settings
from schemas import SHEETS
from schemas.rules import RULES, Severity

README = (ROOT / "README.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"```toml\n(.*?)```", README, flags=re.DOTALL)
WORKBOOKS_DOC = ROOT / "docs" / "workbooks.md"
CONTRACT = SHARED / "WORKBOOKS.md"
needs_contract = pytest.mark.skipif(
    not CONTRACT.is_file(), reason=f"{CONTRACT} is absent (a clone outside the workplace)"
)


def report_sheet_names() -> list[str]:
    """The sheets of report-data.xlsx, in order: the one place these tests learn them."""
    from pipeline.analyse.tables import TABLES  # the registry of report tables

    return [table.sheet for table in TABLES if table.sheet]


@pytest.mark.parametrize("block", TOML_BLOCKS, ids=range(len(TOML_BLOCKS)))
def test_every_settings_example_in_the_readme_loads(tmp_path: Path, block: str) -> None:
    """An officer can copy any settings.toml example from the README and it works."""
    (tmp_path / "settings.toml").write_text(block, encoding="utf-8")
    assert load_settings(tmp_path).matrix is not None


def test_the_readme_mentions_every_make_target() -> None:
    """Each documented target of the Makefile appears in the README."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*## ", makefile, flags=re.MULTILINE)
    assert "report" in targets
    missing = [t for t in targets if f"`{t}`" not in README and f"make {t}" not in README]
    assert missing == []


# docs/workbooks.md, read as tables ------------------------------------------------------------


def _doc() -> str:
    return WORKBOOKS_DOC.read_text(encoding="utf-8")


def _parts(text: str, level: int) -> dict[str, str]:
    """Body of each heading of `level` (2 for `##`), by its title without its number."""
    pieces = re.split(rf"^{'#' * level} (?:\d+\. )?(.+)$", text, flags=re.MULTILINE)
    return {title.strip(): body for title, body in zip(pieces[1::2], pieces[2::2], strict=True)}


def _section(title: str) -> str:
    return _parts(_doc(), 2)[title]


def _ticked(text: str) -> list[str]:
    """The `code` spans of `text`, each with its line breaks and runs of spaces made one space."""
    return [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text)]


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each Markdown table in `text`: its header cells, and its rows' cells."""
    tables = []
    for block in re.findall(r"(?:^\|.*\n?)+", text, flags=re.MULTILINE):
        lines = [
            [cell.strip() for cell in line.strip()[1:-1].split("|")]
            for line in block.strip().splitlines()
        ]
        tables.append((lines[0], lines[2:]))
    return tables


def _table(text: str, first_heading: str) -> list[list[str]]:
    """The rows of the one table in `text` whose first column is headed `first_heading`."""
    (rows,) = [rows for header, rows in _tables(text) if header[0] == first_heading]
    return rows


def _doc_sheets() -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each sheet described as built (section "The sheets"): its other tab names, its rows."""
    sheets = {}
    for title, body in _parts(_section("The sheets"), 3).items():
        (name,) = _ticked(title)
        intro = " ".join(body.strip().split("\n\n")[0].split())
        aliases = _ticked(intro.split("Also read from tabs named", 1)[1]) if "Also" in intro else []
        sheets[name] = (aliases, _table(body, "Heading"))
    return sheets


def _doc_headings() -> dict[str, list[str]]:
    return {sheet: [row[0] for row in rows] for sheet, (_, rows) in _doc_sheets().items()}


def _setting_names(table: dict[str, object], section: str = "") -> set[str]:
    """`council`, `[risk] matrix`, and `[liaison.group_meetings]` for a table of a section."""
    names: set[str] = set()
    for key, value in table.items():
        if not section:
            names |= _setting_names(value, key) if isinstance(value, dict) else {key}
        else:
            names.add(f"[{section}.{key}]" if isinstance(value, dict) else f"[{section}] {key}")
    return names


def _doc_settings_block() -> str:
    return re.findall(r"```toml\n(.*?)```", _section("Settings"), flags=re.DOTALL)[0]


def _doc_report_sheets() -> list[str]:
    return [_ticked(row[0])[0] for row in _table(_section("What you get"), "Sheet")]


def _coming_next() -> dict[str, dict[tuple[str, str | None], int]]:
    """What "Coming next" lists, by kind: (sheet, heading) for headings, (sheet, None) for a
    new sheet; (setting, None) for settings; (report sheet, None); each with its issue."""
    parts = _parts(_section("Coming next"), 3)
    inputs: dict[tuple[str, str | None], int] = {}
    for cell, headings, issue in _table(parts["Sheets and headings"], "Sheet"):
        (sheet,) = _ticked(cell)
        if "(new)" in cell:
            inputs[sheet, None] = int(issue)
        inputs |= {(sheet, heading.strip()): int(issue) for heading in headings.split(",")}
    return {
        "inputs": inputs,
        "settings": {
            (name, None): int(issue)
            for cell, issue in _table(parts["Settings"], "Setting")
            for name in _ticked(cell)
        },
        "report sheets": {
            (name, None): int(issue)
            for cell, issue in _table(parts["Sheets of `report-data.xlsx`"], "Sheet")
            for name in _ticked(cell.split("(")[0])
        },
    }


# docs/workbooks.md against the code, in every clone --------------------------------------------


def test_the_workbooks_doc_describes_every_sheet_of_the_schemas_in_order() -> None:
    """Each sheet the schemas read has its section in docs/workbooks.md, and no other does."""
    assert list(_doc_sheets()) == list(SHEETS)


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_the_workbooks_doc_gives_every_heading_and_which_to_fill_in(sheet: str) -> None:
    """A sheet's table lists its schema's headings in order, "yes" where it is required."""
    _, rows = _doc_sheets()[sheet]
    assert [(row[0], row[1] == "yes") for row in rows] == [
        (column.heading, column.required) for column in SHEETS[sheet].columns
    ]


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_the_workbooks_doc_gives_every_other_name_officers_use(sheet: str) -> None:
    """The sheet's other tab names and each column's other headings are the schema's."""
    aliases, rows = _doc_sheets()[sheet]
    assert aliases == list(SHEETS[sheet].aliases)
    assert {row[0]: _ticked(row[3]) for row in rows} == {
        column.heading: list(column.aliases) for column in SHEETS[sheet].columns
    }


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_the_workbooks_doc_lists_every_allowed_value(sheet: str) -> None:
    """Each value a choice column allows is in its "What to type" cell, and no other."""
    _, rows = _doc_sheets()[sheet]
    typed = {row[0]: _ticked(row[2]) for row in rows}
    for column in SHEETS[sheet].columns:
        if column.choices:
            assert typed[column.heading] == list(column.choices), column.heading


def _codes(text: str) -> set[str]:
    files = {"md", "toml", "xlsx", "xlsm", "ods", "xls", "csv", "pdf", "json", "html"}
    return {
        code
        for code in re.findall(r"`([a-z_]+\.[a-z_]+)`", text)
        if code.split(".")[1] not in files
    }


def test_the_workbooks_doc_lists_every_rule_under_its_severity() -> None:
    """Every rule code is under Errors or Warnings as its severity says, and nothing else is."""
    parts = _parts(_section("Errors and warnings"), 3)
    (errors,) = [body for title, body in parts.items() if title.startswith("Errors")]
    (warnings,) = [body for title, body in parts.items() if title.startswith("Warnings")]
    by_severity = {
        severity: {code for code, rule in RULES.items() if rule.severity is severity}
        for severity in Severity
    }
    assert _codes(errors) == by_severity[Severity.ERROR]
    assert _codes(warnings) == by_severity[Severity.WARNING]


def test_the_workbooks_doc_settings_are_the_defaults() -> None:
    """The settings example holds every key with its default, and loads."""
    assert tomllib.loads(_doc_settings_block()) == DEFAULTS


@pytest.mark.parametrize(("section", "key"), [(s, k) for s in RANGES for k in RANGES[s]])
def test_the_workbooks_doc_gives_each_number_its_range(section: str, key: str) -> None:
    """The comment beside each number in the settings example gives the range RANGES allows."""
    bound = RANGES[section][key]
    pound = "£" if bound.pounds else ""
    line = re.search(rf"^{key} = .*$", _doc_settings_block(), flags=re.MULTILINE)
    assert line is not None
    assert f"{pound}{bound.low:,} to {pound}{bound.high:,}" in line.group(), line.group()


def test_every_settings_example_in_the_workbooks_doc_loads(tmp_path: Path) -> None:
    """An officer can copy each settings.toml example from docs/workbooks.md and it works."""
    blocks = re.findall(r"```toml\n(.*?)```", _doc(), flags=re.DOTALL)
    assert len(blocks) == 3  # every key with its default; Charnwood's wording; a custom matrix
    for block in blocks:
        (tmp_path / "settings.toml").write_text(block, encoding="utf-8")
        assert load_settings(tmp_path).matrix is not None


def test_the_workbooks_doc_lists_the_sheets_of_report_data_in_order() -> None:
    """The table of report-data.xlsx's sheets is the report tables' sheets, in their order."""
    assert _doc_report_sheets() == report_sheet_names()


def test_the_workbooks_doc_names_every_output() -> None:
    """Each file and folder a run writes is named on the page."""
    text = _doc()
    folders = (publish.HTML_FOLDER, publish.OFFICERS, publish.CORRECTIONS)
    names = [f"{document}.pdf" for document in DOCUMENTS]
    names += [publish.REPORT_DATA, publish.MANIFEST, publish.DATA_QUALITY]
    names += [word.BOARD_REPORT]
    names += [f"{folder}/" for folder in folders]
    assert [name for name in names if f"`{name}`" not in text] == []
    assert f"output/{publish.TEMPLATES}/" in text


def test_what_is_coming_next_is_not_built_yet() -> None:
    """Nothing under "Coming next" is in the code yet: once it is built, it moves up the page."""
    coming = _coming_next()
    for sheet, heading in coming["inputs"]:
        if heading is None or (sheet, None) in coming["inputs"]:
            assert sheet not in SHEETS, sheet
        else:
            assert heading not in {c.heading for c in SHEETS[sheet].columns}, (sheet, heading)
    built = _setting_names(DEFAULTS) | {"[risk.custom]"}
    built |= {f"[{section}] {key}" for section, key in FOLLOWING}
    assert {name for name, _ in coming["settings"]} & built == set()
    assert {name for name, _ in coming["report sheets"]} & set(report_sheet_names()) == set()


def test_coming_next_gives_the_issue_of_everything_the_contract_tests_wait_for() -> None:
    """Each entry of test_schemas.NOT_YET_BUILT is under "Coming next" with the same issue."""
    inputs = _coming_next()["inputs"]
    assert {key: inputs.get(key) for key in NOT_YET_BUILT} == NOT_YET_BUILT


def test_the_workbooks_doc_links_only_to_files_that_exist() -> None:
    """Every relative link on the page opens a file of the repository."""
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", _doc())
    assert links
    assert [link for link in links if not (WORKBOOKS_DOC.parent / link).is_file()] == []


@pytest.mark.parametrize("path", ["README.md", "input/README.md", "input/settings.toml"])
def test_officers_are_pointed_at_the_contract_in_the_repository(path: str) -> None:
    """What officers read points at docs/workbooks.md, never at a file outside their clone."""
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "WORKBOOKS" not in text
    assert "docs/workbooks.md" in text


# docs/workbooks.md against ../shared/WORKBOOKS.md, where it is present -------------------------


def _unparenthesised(text: str) -> str:
    while (shorter := re.sub(r"\([^()]*\)", "", text)) != text:
        text = shorter
    return text


def _contract_headings(text: str) -> dict[str, list[str]]:
    """The headings WORKBOOKS.md gives each sheet: from the table after its bold name, or else
    from the first sentence of its paragraph (`Organisation (req.), Sector (…), Role (…).`)."""
    sheets: dict[str, list[str]] = {}
    for match in re.finditer(r"^\*\*`([^`]+)`\*\*(.*?)(?=\n\n|\Z)", text, re.MULTILINE | re.DOTALL):
        table = re.match(r"\n\n((?:\|[^\n]*\n)+)", text[match.end() :])
        if table:
            cells = [line.split("|")[1] for line in table.group(1).splitlines()[2:]]
            headings = [heading.strip() for cell in cells for heading in cell.split(" / ")]
        else:
            prose = _unparenthesised(match.group(2)).replace("`", "")
            sentence = re.split(r"\.(?:\s|$)", prose, maxsplit=1)[0]
            fragments = [
                re.sub(r"^(then|and)\s+", "", f.strip()) for f in re.split("[,:;]", sentence)
            ]
            headings = [f for f in fragments if f[:1].isupper() and len(f.split()) <= 5]
        sheets[match.group(1)] = headings
    return sheets


def _contract_sections(text: str) -> dict[str, str]:
    """WORKBOOKS.md's sections by number: "6" → the text of "## 6. Outputs"."""
    pieces = re.split(r"^## (\d+)\. .*$", text, flags=re.MULTILINE)
    return dict(zip(pieces[1::2], pieces[2::2], strict=True))


@needs_contract
def test_the_workbooks_doc_has_every_sheet_and_heading_the_contract_names() -> None:
    """Each sheet of WORKBOOKS.md, and each heading it gives a sheet, is on docs/workbooks.md:
    as built, or under "Coming next"."""
    text = CONTRACT.read_text(encoding="utf-8")
    listed = _contract_sections(text)["1"].split("case-insensitively:", 1)[1].split("(aliases")[0]
    contract = _contract_headings(text)
    assert sorted(contract) == sorted(_ticked(listed))  # the reading above found every sheet
    built, coming = _doc_headings(), _coming_next()["inputs"]
    missing = [
        (sheet, heading)
        for sheet, headings in contract.items()
        for heading in (None, *headings)
        if (sheet, heading) not in coming
        and not (sheet in built and (heading is None or heading in built[sheet]))
    ]
    assert missing == []


@needs_contract
def test_the_workbooks_doc_has_every_setting_the_contract_names() -> None:
    """Each key of WORKBOOKS.md's settings, with `[risk] appetite`, is on docs/workbooks.md."""
    text = CONTRACT.read_text(encoding="utf-8")
    block = re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)[0]
    named = _setting_names(tomllib.loads(block))
    named |= {f"[{section}] {key}" for section, key in re.findall(r"`\[([\w.]+)\] (\w+)", text)}
    # A key with no fixed default (FOLLOWING) is not in the block: it is named in the prose.
    following = {f"[{section}] {key}" for section, key in FOLLOWING}
    documented = (
        _setting_names(tomllib.loads(_doc_settings_block()))
        | {name for name, _ in _coming_next()["settings"]}
        | {name for name in following if f"`{name}`" in _section("Settings")}
    )
    assert sorted(named - documented) == []


@needs_contract
def test_the_workbooks_doc_has_every_report_sheet_the_contract_names() -> None:
    """Each sheet of report-data.xlsx WORKBOOKS.md names (§6, §7) is on docs/workbooks.md."""
    sections = _contract_sections(CONTRACT.read_text(encoding="utf-8"))
    outputs = sections["6"] + sections["7"]
    named = {n for n in re.findall(r"^\s*- `([^`]+)`:", outputs, re.MULTILINE) if "." not in n}
    named |= set(re.findall(r"`([A-Z][\w ]*)` (?:adds|lists|has)\b", sections["6"]))
    assert {"Register", "Data quality", "Trend", "Liaison"} <= named
    documented = set(_doc_report_sheets()) | {name for name, _ in _coming_next()["report sheets"]}
    assert sorted(named - documented) == []
