"""Write the generated reference docs (docs/rules.md, docs/data-dictionary.md) from the schemas."""

from __future__ import annotations

from pathlib import Path

from schemas.docs import data_dictionary_markdown, rules_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"

if __name__ == "__main__":
    for name, text in (
        ("rules.md", rules_markdown()),
        ("data-dictionary.md", data_dictionary_markdown()),
    ):
        (DOCS / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/{name}")
