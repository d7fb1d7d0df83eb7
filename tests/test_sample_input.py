"""The shipped sample input/ is exactly what scripts/make_sample_input.py writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE_INPUT


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_sample_input", ROOT / "scripts" / "make_sample_input.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_committed_sample_workbooks_are_regenerated_byte_for_byte(tmp_path: Path) -> None:
    """Regenerating the sample gives the committed files, so they can be trusted and varied."""
    written = _generator().write_sample_input(tmp_path)
    assert {p.name for p in written} == {
        p.name for p in SAMPLE_INPUT.iterdir() if p.suffix in (".xlsx", ".toml")
    }
    for path in written:
        assert path.read_bytes() == (SAMPLE_INPUT / path.name).read_bytes(), path.name
