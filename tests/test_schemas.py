"""The schemas are the contract: they agree with WORKBOOKS.md and with the rule catalogue."""

from __future__ import annotations

import re

import pandera.pandas as pa
import pytest
from conftest import ROOT, SHARED

from schemas import SHEETS, Kind, sheet_for_name
from schemas.docs import data_dictionary_markdown, rules_markdown
from schemas.kinds import KINDS
from schemas.rules import RULES

WORKBOOKS = SHARED / "WORKBOOKS.md"
needs_contract = pytest.mark.skipif(
    not WORKBOOKS.is_file(), reason=f"{WORKBOOKS} is absent (a clone outside the workplace)"
)


def _contract_tables() -> dict[str, list[tuple[str, bool]]]:
    """(heading, required) for each sheet whose columns WORKBOOKS.md gives as a table."""
    text = WORKBOOKS.read_text(encoding="utf-8")
    tables: dict[str, list[tuple[str, bool]]] = {}
    for sheet, body in re.findall(
        r"\*\*`([\w ]+)`\*\*:(?:(?!\*\*)[^|])*?\n\n((?:\|[^\n]*\n)+)", text
    ):
        rows = [line.split("|")[1:3] for line in body.splitlines()[2:]]
        tables[sheet] = [
            (heading.strip(), required.strip() == "yes")
            for cell, required in rows
            for heading in cell.split(" / ")
        ]
    return tables


# Sheets that WORKBOOKS.md describes in prose: (heading, required), copied from the prose.
PROSE_SHEETS = {
    "Members": [
        ("Partnership ID", True),
        ("Organisation", True),
        ("Sector", False),
        ("Role", False),
    ],
    "Actions": [
        ("Partnership ID", True),
        ("Action", True),
        ("Owner", True),
        ("Due", True),
        ("Completed", False),
    ],
    # §11, in its prose: "Partnership ID, Risk no (the risk must exist), Action, Owner, Due
    # (date), Completed (date, blank while open); all but Completed required".
    "Risk actions": [
        ("Partnership ID", True),
        ("Risk no", True),
        ("Action", True),
        ("Owner", True),
        ("Due", True),
        ("Completed", False),
    ],
    "Questions": [
        ("Question ID", True),
        ("Question", True),
        ("Theme", False),
        ("Kind", False),
    ],
    "Responses": [
        ("Response ID", True),
        ("Survey year", True),
        ("Organisation", False),
        ("Organisation type", True),
        ("Partnership ID", False),
    ],
    "Invitations": [("Survey year", True), ("Organisation type", True), ("Invited", True)],
    "Consultations": [
        ("Consultation", True),
        ("Issued", True),
        ("Closes", True),
        ("Lead officer", False),
        ("Councils consulted", False),
        ("Responses", False),
    ],
    "Devolved services": [
        ("Partnership ID", True),
        ("Service", True),
        ("Stage", True),
        ("Agreement start", False),
        ("Agreement end", False),
        ("Annual funding", False),
    ],
    "Officers": [("Name", True), ("Role", False), ("Email", False), ("Team", False)],
}


# What the contract has gained and the schemas do not have yet, with the open issue that
# builds it. The test below checks this list is exactly what is missing, so it cannot go stale:
# building one of these fails the test until it is taken off the list.
NOT_YET_BUILT: dict[tuple[str, str | None], int] = {}


# Sheets the contract names that an open issue builds: the number.
SHEETS_NOT_YET_BUILT: dict[str, int] = {}
# Sheets a later section of the contract adds that §1's list does not name yet: the section.
SHEETS_NAMED_LATER: dict[str, int] = {"Risk actions": 11, "Officers": 12}


@needs_contract
def test_every_contract_heading_is_a_schema_column_with_the_same_requiredness() -> None:
    """Each heading in WORKBOOKS.md's tables and prose is on its sheet's model, required alike,
    apart from exactly those listed in NOT_YET_BUILT."""
    contract = {**_contract_tables(), **PROSE_SHEETS}
    assert set(contract) >= {"Partnerships", "Risks"}
    missing: set[tuple[str, str | None]] = set()
    for sheet, headings in contract.items():
        if sheet not in SHEETS:
            missing.add((sheet, None))
            continue
        columns = {c.heading: c.required for c in SHEETS[sheet].columns}
        for heading, required in headings:
            if heading not in columns:
                missing.add((sheet, heading))
                continue
            assert columns[heading] is required, f"{sheet}: {heading}"
    assert missing == set(NOT_YET_BUILT)


@needs_contract
def test_the_contract_sheet_names_are_the_schema_sheet_names() -> None:
    """The sheets WORKBOOKS.md §1 lists are the models, apart from those of open issues."""
    text = WORKBOOKS.read_text(encoding="utf-8")
    section = text.split("## 2.")[0].split("(aliases such as")[0]
    named = set(re.findall(r"`([A-Z][a-z]+(?: [a-z]+)?)`", section))
    for sheet, number in SHEETS_NAMED_LATER.items():
        assert sheet not in named, f"§1 names {sheet} now: take it off SHEETS_NAMED_LATER"
        assert f"**`{sheet}`**" in text.split(f"## {number}.")[1].split(f"## {number + 1}.")[0]
    expected = named - set(SHEETS_NOT_YET_BUILT) | set(SHEETS_NAMED_LATER)
    assert sorted(expected) == sorted(SHEETS)


@pytest.mark.parametrize(
    ("typed", "sheet"),
    [
        ("Partnerships", "Partnerships"),
        ("partnership register", "Partnerships"),
        ("RISK REGISTER", "Risks"),
        ("  Risks ", "Risks"),
        ("Survey responses", "Responses"),
        ("Notes", None),
    ],
)
def test_sheets_are_found_by_name_or_alias_in_any_case(typed: str, sheet: str | None) -> None:
    """A tab is recognised by its name or an alias, case and spacing aside."""
    spec = sheet_for_name(typed)
    assert (spec.name if spec else None) == sheet


def test_no_heading_or_alias_is_claimed_twice_on_one_sheet() -> None:
    """Each heading and alias leads to exactly one column of its sheet."""
    for spec in SHEETS.values():
        names = [n.casefold() for c in spec.columns for n in (c.heading, *c.aliases)]
        assert len(names) == len(set(names)), spec.name


def _codes_used_in_code() -> set[str]:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py"))
    return set(
        re.findall(r'(?:finding\(|rule=|parsed\.rule ==)\s*\n?\s*"([a-z_]+\.[a-z_]+)"', code)
    ) | set(re.findall(r'Parsed\(rule="([a-z_]+\.[a-z_]+)"', code))


def _schema_checks() -> list[tuple[str, str, pa.Check]]:
    """(sheet, column, check) for every pandera check of every sheet ("" for sheet-wide)."""
    found = []
    for spec in SHEETS.values():
        schema = spec.model.to_schema()
        found += [(spec.name, "", check) for check in schema.checks]
        for name, col in schema.columns.items():
            found += [(spec.name, str(name), check) for check in col.checks]
    return found


def test_every_schema_check_is_named_with_a_catalogued_rule() -> None:
    """Each pandera check carries the code of the rule it enforces as its name, and no
    error text (pandera's failure cases would report that instead), so every failure is a
    finding with that code: a check without one fails here, not in a run."""
    checks = _schema_checks()
    assert len(checks) > 20
    unnamed = [(s, c, check.name, check.error) for s, c, check in checks if check.name not in RULES]
    assert unnamed == []
    assert [(s, c, check.error) for s, c, check in checks if check.error is not None] == []


def test_every_kind_of_value_is_described_once() -> None:
    """Each Kind a column can declare has its parser, dtype, description and Excel check."""
    assert set(KINDS) == set(Kind)
    assert all(kind.description and kind.dtype for kind in KINDS.values())


def test_every_rule_raised_in_code_is_in_the_catalogue_and_back() -> None:
    """No rule code is raised without a catalogue entry, and no entry is unused."""
    used = _codes_used_in_code()
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py"))
    assert used <= set(RULES)
    named = {check.name for _, _, check in _schema_checks()}
    unused = {rule for rule in RULES if f'"{rule}"' not in code and rule not in named}
    assert unused == set()


def test_every_message_template_names_a_fix_or_a_consequence() -> None:
    """Messages are for officers: full sentences ending with a full stop, no snake_case."""
    for code, rule in RULES.items():
        assert rule.template.endswith("."), code
        words = re.sub(r"\{[a-z_]+\}", "", rule.template)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), code


@pytest.mark.parametrize(
    ("name", "generate"),
    [("rules.md", rules_markdown), ("data-dictionary.md", data_dictionary_markdown)],
)
def test_generated_docs_are_current(name: str, generate) -> None:
    """docs/ matches the schemas: run `make docs` after changing a sheet or a rule."""
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == generate()
