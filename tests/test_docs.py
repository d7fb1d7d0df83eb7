"""The README's examples work, and it mentions every make target."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.settings import load_settings

README = (ROOT / "README.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"```toml\n(.*?)```", README, flags=re.DOTALL)


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
