"""Shared fixtures: folders of workbooks built in code, and the shipped sample input."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from builders import write_valid_input

from pipeline.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def script(name: str) -> ModuleType:
    """One of scripts/ (not a package) imported as a module, to test what it does."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


SAMPLE_INPUT = ROOT / "input"
SHARED = ROOT.parent / "shared"
AS_OF = date(2026, 12, 31)  # the tests' fixed reporting date: 2026/27 Q3


@pytest.fixture(scope="session")
def sample_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample input run once per test session through the command line at AS_OF: its
    `output/2026-27-Q3/`, shared by every test that only reads it (never write to it)."""
    from pipeline.cli import main

    output = tmp_path_factory.mktemp("sample-output")
    arguments = ["report", "--input", str(SAMPLE_INPUT), "--output", str(output)]
    assert main([*arguments, "--as-of", str(AS_OF)]) == 0
    return output / "2026-27-Q3"


@pytest.fixture(scope="session")
def valid_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `input_dir` folder's workbooks (one valid partnership, its risk and a small survey)
    run once per test session through the command line at AS_OF: its `output/2026-27-Q3/`,
    the workbooks it was run from in `parents[1] / "input"`. Never write to either: a test
    that goes on from a published period copies it first (`published_copy`)."""
    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("valid-published")
    arguments = ["report", "--input", str(write_valid_input(folder / "input"))]
    assert main([*arguments, "--output", str(folder / "output"), "--as-of", str(AS_OF)]) == 0
    return folder / "output" / "2026-27-Q3"


def published_copy(period: Path, output: Path) -> Path:
    """A copy of a shared published period folder in `output/`, for a test to run on from:
    its own to change, the shared one untouched. Returns the copied period folder."""
    output.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copytree(period, output / period.name, symlinks=True))


@pytest.fixture(autouse=True)
def _pdfs_only_in_slow_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint lays out pages only in tests marked slow, so that `pytest -m "not slow"`
    stays quick: a test that lays out a PDF without the mark fails, saying so. (Session and
    module fixtures are set up before this one and are not checked.)"""
    if request.node.get_closest_marker("slow") is not None:
        return
    from weasyprint import HTML

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{request.node.nodeid} lays out a PDF: mark it @pytest.mark.slow")

    monkeypatch.setattr(HTML, "render", refused)


@pytest.fixture
def input_dir(tmp_path: Path) -> Path:
    """An input/ folder holding one valid partnership, risk and survey."""
    return write_valid_input(tmp_path / "input")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The default settings (no settings.toml)."""
    return load_settings(tmp_path)
