"""publish: write the outputs, all or nothing. The only code that writes to output/.

Everything is written to a staging folder beside `output/<period>/` and moved into place
only when every file is written, so a failed run never leaves half a report behind and the
previous outputs stay as they were.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Final

import pandas as pd
from openpyxl import Workbook

from pipeline.xlsx import FIXED_TIME, write_tables, zip_entry

REPORT_DATA: Final = "report-data.xlsx"
MANIFEST: Final = "manifest.json"
CORRECTIONS: Final = "corrections"
OFFICERS: Final = "officers"
HTML_FOLDER: Final = "html"
TEMPLATES: Final = "templates"
DATA_QUALITY: Final = "data-quality.xlsx"
PACKAGES: Final = ("partnership-pipeline", "pandas", "pandera", "openpyxl", "jinja2", "weasyprint")


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per table: bold header row, frozen, filters, sensible widths.

    Written straight to SpreadsheetML by `pipeline.xlsx`, a few thousand rows at a time, so a
    300,000-row table costs little time or memory. Text is always written as text, so a value
    such as `=HYPERLINK(…)` typed by an officer can never become a formula.
    """
    return write_tables(sheets)


def stable_xlsx_bytes(book: Workbook, *, when: datetime = FIXED_TIME) -> bytes:
    """The workbook's bytes, the same every time for the same content.

    openpyxl stamps the clock into docProps/core.xml and every zip entry on save; both are
    pinned to `when` here.
    """
    book.properties.created = when
    book.properties.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    stable = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as original,
        zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as pinned,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    data,
                )
            pinned.writestr(zip_entry(info.filename, when), data)
    return stable.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest_bytes(manifest: Mapping[str, Any], outputs: Mapping[str, bytes]) -> bytes:
    """manifest.json: the run's facts plus each output's SHA-256."""
    full = {
        **manifest,
        "outputs": [{"file": name, "sha256": sha256(content)} for name, content in outputs.items()],
        "packages": package_versions(),
    }
    return (json.dumps(full, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def publish(files: Mapping[str, bytes], *, output_dir: Path, period_slug: str) -> Path:
    """Write `files` into `output_dir/<period_slug>/`, replacing what was there, atomically.

    The folder appears complete or not at all: files go to a staging folder on the same disk,
    which is then renamed into place.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / period_slug
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{period_slug}-", dir=output_dir))
    try:
        for name, content in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        previous = None
        if target.exists():
            previous = Path(tempfile.mkdtemp(prefix=f".previous-{period_slug}-", dir=output_dir))
            previous.rmdir()
            target.rename(previous)
        staging.chmod(0o755)  # mkdtemp makes it private; reports are for sharing
        staging.rename(target)
        if previous is not None:
            shutil.rmtree(previous)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def write_corrections(files: Mapping[str, bytes], *, output_dir: Path, period_slug: str) -> Path:
    """After a run with errors: the data-quality workbook and the marked-up copies of the
    officers' workbooks, in `<period>/corrections/`.

    Nothing else in output/ is touched; the last good reports stay as they were. Corrections
    from an earlier failed run are replaced.
    """
    folder = output_dir / period_slug / CORRECTIONS
    if folder.exists():
        shutil.rmtree(folder)
    _write_each(folder, files)
    return folder / DATA_QUALITY


def write_templates(files: Mapping[str, bytes], *, output_dir: Path) -> Path:
    """The blank workbooks, in `output_dir/templates/` (never in input/, where they would be
    read as data)."""
    folder = output_dir / TEMPLATES
    _write_each(folder, files)
    return folder


def _write_each(folder: Path, files: Mapping[str, bytes]) -> None:
    """Each file written beside its final name, then renamed: never half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        partial = folder / f".{name}.partial"
        partial.write_bytes(content)
        partial.replace(folder / name)
