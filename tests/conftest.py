"""Shared fixtures: folders of workbooks built in code, and the shipped sample input."""

from __future__ import annotations

import importlib.util
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


@pytest.fixture
def input_dir(tmp_path: Path) -> Path:
    """An input/ folder holding one valid partnership, risk and survey."""
    return write_valid_input(tmp_path / "input")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The default settings (no settings.toml)."""
    return load_settings(tmp_path)
