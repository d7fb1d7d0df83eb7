"""The code's layers: no module imports one above it, and no imports go round in a cycle.

Every import is read from the source with `ast`, those inside functions too (an import
inside a function is how a cycle hides). The layers, lowest first, are LAYERS below; a module
may import from its own layer or any layer beneath. `schemas`, the contract, imports nothing
from `pipeline`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "schemas")

# Lowest first. A module belongs to the first layer with a prefix that names it or a package
# it is in; the longest matching prefix wins.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("schemas",),  # the contract
    (  # what everything shares: characters, dates, matrices, findings, settings
        "pipeline.characters",
        "pipeline.periods",
        "pipeline.matrices",
        "pipeline.parts",
        "pipeline.system",
        "pipeline.parsers",
        "pipeline.findings",
        "pipeline.settings",
        "pipeline",  # the package itself: its version
    ),
    ("pipeline.load", "pipeline.normalise", "pipeline.validate"),  # read and check
    ("pipeline.analyse", "pipeline.analyse.definitions", "pipeline.analyse.registry"),
    ("pipeline.analyse.topics",),
    ("pipeline.analyse.summaries",),
    ("pipeline.analyse.tables",),
    ("pipeline.analyse.views",),
    (  # write: workbooks, pages, PDFs, the record, the public edition, the templates
        "pipeline.xlsx",
        "pipeline.render",
        "pipeline.context",
        "pipeline.charts",
        "pipeline.heatmaps",
        "pipeline.layout",
        "pipeline.publish",
        "pipeline.unchanged",
        "pipeline.history",
        "pipeline.corrections",
        "pipeline.public",
        "pipeline.blank_workbooks",
        "pipeline.word",
        "pipeline.drafts",
    ),
    ("pipeline.run",),  # the six stages
    ("pipeline.cli", "pipeline.__main__"),  # what an officer types
)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project's modules that `name` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def layer_of(module: str) -> int:
    best = (-1, -1)  # (length of the prefix, layer)
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), index)
    if best[1] < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return best[1]


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of imports, as the modules round it, or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == 1:
                return [*path[path.index(imported) :], imported]
            if imported not in state and (found := walk(imported)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := walk(module)):
            return found
    return None


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def test_no_module_imports_one_above_it() -> None:
    upward = [
        f"{module} (layer {layer_of(module)}) imports {imported} (layer {layer_of(imported)})"
        for module, imported_modules in GRAPH.items()
        for imported in sorted(imported_modules)
        if layer_of(imported) > layer_of(module)
    ]
    assert upward == []


def test_the_contract_imports_nothing_from_the_pipeline() -> None:
    assert {
        module: sorted(i for i in imported if i.startswith("pipeline"))
        for module, imported in GRAPH.items()
        if module.startswith("schemas") and any(i.startswith("pipeline") for i in imported)
    } == {}


def test_no_imports_go_round_in_a_cycle() -> None:
    assert _cycle(GRAPH) is None, " → ".join(_cycle(GRAPH) or [])


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_the_cycle_check_finds_a_cycle(
    graph: dict[str, set[str]], expected: list[str] | None
) -> None:
    """The check above can fail: three modules importing round are found."""
    assert _cycle(graph) == expected


def test_an_upward_import_would_be_seen() -> None:
    """A topic importing a view is upward, a view importing a topic is not."""
    assert layer_of("pipeline.analyse.views.pages") > layer_of("pipeline.analyse.topics.risks")
    assert layer_of("pipeline.analyse.topics.risks") > layer_of("pipeline.analyse.registry")
    assert layer_of("schemas.kinds") < layer_of("pipeline.parsers")
