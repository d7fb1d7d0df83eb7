"""publish: write the outputs, all or nothing. The only code that writes to output/.

Everything is written to a staging folder beside `output/<period>/` and swapped into place
in one step only when every file is written, so a failed or killed run never leaves half a
report behind and the previous outputs stay as they were. A failed run's corrections go to
`output/corrections/`, never into a published period folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Final

import pandas as pd
from openpyxl import Workbook

from pipeline import __version__
from pipeline.analyse.views.officers import FOLDER
from pipeline.findings import Finding, Severity
from pipeline.load import LoadedInput
from pipeline.periods import Period
from pipeline.settings import Settings
from pipeline.system import is_stale, libc
from pipeline.xlsx import FIXED_TIME, restamped, write_tables
from schemas import SHEETS

REPORT_DATA: Final = "report-data.xlsx"
MANIFEST: Final = "manifest.json"
CORRECTIONS: Final = "corrections"
OFFICERS: Final = FOLDER  # each officer's own list (pipeline.analyse.views.officers)
HTML_FOLDER: Final = "html"
TEMPLATES: Final = "templates"
DATA_QUALITY: Final = "data-quality.xlsx"
STAMP: Final = ".last-report"  # what the last publishing run's inputs were (pipeline.unchanged)
_AT_FDCWD: Final = -100
# stat's st_flags (macOS, BSD): a file flagged immutable or append-only cannot be deleted.
_IMMUTABLE: Final = stat.UF_IMMUTABLE | stat.UF_APPEND | stat.SF_IMMUTABLE | stat.SF_APPEND
PACKAGES: Final = (
    "partnership-pipeline", "pandas", "pandera", "openpyxl", "jinja2", "weasyprint", "python-docx",
)  # fmt: skip


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

    def modified(core: bytes) -> bytes:
        return re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
            rb"\g<1>" + stamp + rb"\g<2>",
            core,
        )

    return restamped(buffer.getvalue(), when, {"docProps/core.xml": modified})


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


def _sheet_counts(loaded: LoadedInput, findings: list[Finding]) -> dict[str, dict[str, int]]:
    """Rows read, used and rejected (holding an error) per kind of sheet."""
    rejected_rows = {
        (f.file, f.sheet, f.row) for f in findings if f.severity is Severity.ERROR and f.row
    }
    counts = {name: {"read": 0, "used": 0, "rejected": 0} for name in SHEETS}
    for raw in loaded.sheets:
        rows = [int(r) for r in raw.rows["source_row"]]
        rejected = sum((raw.file, raw.sheet, r) in rejected_rows for r in rows)
        entry = counts[raw.spec.name]
        entry["read"] += len(rows)
        entry["rejected"] += rejected
        entry["used"] += len(rows) - rejected
    return counts


def run_manifest(
    loaded: LoadedInput,
    findings: list[Finding],
    as_of: date,
    period: Period,
    settings: Settings,
    *,
    compared_with: Period | None,
    last_year: Period | None,
) -> dict[str, Any]:
    """The run's facts for manifest.json: the date and period, every input with its SHA-256
    and rows read, each kind of sheet's rows read, used and rejected, the findings' counts
    and the earlier periods compared with."""
    rows_by_file: dict[str, int] = {}
    for raw in loaded.sheets:
        rows_by_file[raw.file] = rows_by_file.get(raw.file, 0) + len(raw.rows)
    return {
        "as_of": as_of.isoformat(),
        "period": period.label,
        "council": settings.council,
        "matrix": settings.matrix.name,
        "pipeline_version": __version__,
        "inputs": [
            {
                "file": f.name,
                "sha256": f.sha256,
                "sheets": list(f.sheets),
                "rows_read": rows_by_file.get(f.name, 0),
            }
            for f in loaded.files
        ],
        "skipped": [{"file": name, "reason": reason} for name, reason in loaded.skipped],
        "sheets": _sheet_counts(loaded, findings),
        "findings": {
            "errors": sum(f.severity is Severity.ERROR for f in findings),
            "warnings": sum(f.severity is Severity.WARNING for f in findings),
        },
        # the earlier periods read for "what changed" and "last year", if any
        "compared_with": compared_with.label if compared_with else None,
        "last_year": last_year.label if last_year else None,
    }


def manifest_bytes(manifest: Mapping[str, Any], outputs: Mapping[str, bytes]) -> bytes:
    """manifest.json: the run's facts plus each output's SHA-256."""
    full = {
        **manifest,
        "outputs": [{"file": name, "sha256": sha256(content)} for name, content in outputs.items()],
        "packages": package_versions(),
    }
    return (json.dumps(full, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class OutputError(Exception):
    """The output folder cannot be written (read-only, full, missing a drive): exit 2."""


def check_writable(output_dir: Path) -> None:
    """Before any work: the output folder exists or can be made, and a file can be written
    in it. Raises OutputError naming the folder."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".write-check-", dir=output_dir)
        os.close(handle)
        Path(probe).unlink()
    except OSError as error:
        raise OutputError(_cannot_write(output_dir, error)) from error


def check_replaceable(folder: Path) -> None:
    """Before any work: `folder` (a period folder or corrections/, which a run replaces whole)
    is absent or a real folder everything in which can be removed. Raises OutputError naming
    the path that stands in the way: a link, a file, a sub-folder whose entries cannot be
    removed, or a file the system will not delete (read-only on Windows, immutable)."""
    if folder.is_symlink():
        raise OutputError(
            f"{folder} is a link, not a folder: the run would replace it. Remove the link "
            "(or give another --output), then run again."
        )
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError(
            f"{folder} is a file, not a folder: the run would replace it. Move it out of "
            "the way, then run again."
        )
    try:
        for path in [folder, *sorted(folder.rglob("*"))]:
            if (why := _not_removable(path)) is not None:
                raise OutputError(
                    f"{path} {why}, so {folder} cannot be replaced. Make it writable (or "
                    "give another --output), then run again."
                )
    except OSError as error:
        raise OutputError(
            f"{folder} cannot be checked ({error.strerror or error}), so it cannot be replaced."
        ) from error


def _not_removable(path: Path) -> str | None:
    """Why `path` could not be deleted, in words (None if nothing known stops it): it is
    flagged immutable; read-only where that stops deletion (Windows); a read-only folder."""
    info = path.lstat()
    if getattr(info, "st_flags", 0) & _IMMUTABLE:  # macOS and the BSDs
        return "is marked immutable"
    if stat.S_ISLNK(info.st_mode):
        return None
    if os.name == "nt":
        return None if os.access(path, os.W_OK) else "is read-only"
    if os.geteuid() == 0:  # root may delete anything but what is immutable (Linux)
        return None if os.access(path, os.W_OK) else "is marked immutable"
    writable = os.access(path, os.W_OK | os.X_OK)
    if stat.S_ISDIR(info.st_mode) and not writable and any(path.iterdir()):
        return "is a read-only folder: what is in it cannot be removed"
    return None


def _cannot_write(folder: Path, error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return f"The output folder {folder} cannot be written ({reason})."


def recover(output_dir: Path) -> list[str]:
    """At the start of a run: put back any period folder that a run killed mid-publish left
    only as `.previous-<slug>-…`, and clear working folders that ended runs left behind.
    Returns the period folders put back."""
    if not output_dir.is_dir():
        return []
    restored = []
    for folder in sorted(output_dir.glob(".previous-*")):
        if not is_stale(folder):  # its run is still going
            continue
        slug = folder.name.removeprefix(".previous-").rsplit("-", 2)[0]
        if (output_dir / slug).exists():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            folder.rename(output_dir / slug)
            restored.append(slug)
    for folder in output_dir.glob(".staging-*"):
        if is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
    return restored


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux's renameat2 with RENAME_EXCHANGE); False
    where the platform or the file system cannot, and nothing was changed."""
    renameat2 = getattr(libc(), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), 2)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(second))


@dataclass(frozen=True)
class Replaced:
    """A folder put in place: where it is, and, if the folder it replaced could not be
    removed completely afterwards, where what is left of that is and why."""

    folder: Path
    left_at: Path | None = None
    reason: str = ""


def _swap_in(staging: Path, target: Path) -> Path | None:
    """Put `staging` where `target` is. With an atomic exchange the target is never missing;
    without one, it is moved aside first, and `recover` puts it back if the run is killed
    before the second move. Returns where the old folder now is (to be removed), or None."""
    if not target.exists():
        staging.rename(target)
        return None
    if _exchange(staging, target):
        return staging  # now the previous folder
    previous = target.with_name(f".previous-{target.name}-{os.getpid()}-{time.time_ns()}")
    target.rename(previous)
    try:
        _between_renames()
        staging.rename(target)
    except BaseException:
        previous.rename(target)  # as it was: nothing was published
        raise
    return previous


def _between_renames() -> None:
    """The moment between the two moves of a swap without an atomic exchange (the tests raise
    here to stand for a run killed at the worst moment)."""


def _staged(files: Mapping[str, bytes], output_dir: Path, slug: str) -> Path:
    """A hidden folder beside the target holding every file."""
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{slug}-{os.getpid()}-", dir=output_dir))
    try:
        for name, content in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        staging.chmod(0o755)  # mkdtemp makes it private; reports are for sharing
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _replace_folder(files: Mapping[str, bytes], output_dir: Path, name: str) -> Replaced:
    """`output_dir/name` replaced, whole, by a folder holding `files`. Once the new folder
    is in place, a failure to remove the old one is no failure of the run: it is said where
    the old one was left."""
    target = output_dir / name
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        staging = _staged(files, output_dir, name)
        try:
            old = _swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as error:
        raise OutputError(_cannot_write(output_dir, error)) from error
    if old is None:
        return Replaced(target)
    try:
        shutil.rmtree(old)
    except OSError as error:
        return Replaced(target, old, error.strerror or type(error).__name__)
    return Replaced(target)


def publish(files: Mapping[str, bytes], *, output_dir: Path, period_slug: str) -> Replaced:
    """Write `files` into `output_dir/<period_slug>/`, replacing what was there, atomically.

    The folder appears complete or not at all: files go to a staging folder on the same disk,
    which then takes the old folder's place in one step. (The corrections of an earlier
    failed run are removed by `remove_corrections`.)
    """
    return _replace_folder(files, output_dir, period_slug)


def corrections_seen(output_dir: Path) -> tuple[int, int, int] | None:
    """Which `output_dir/corrections/` is there as a run starts (None if none): the one a
    successful run may remove as superseded, and no other."""
    try:
        info = (output_dir / CORRECTIONS).lstat()
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_mtime_ns


def remove_corrections(output_dir: Path, *, seen: tuple[int, int, int] | None) -> bool:
    """After a successful run: remove the failed run's corrections it superseded, the folder
    `seen` as it started. Corrections written since, by a failed run that ran meanwhile, are
    kept: returns True when such a folder is there and was left."""
    folder = output_dir / CORRECTIONS
    now = corrections_seen(output_dir)
    if now is None:
        return False
    if now != seen:
        return True
    shutil.rmtree(folder, ignore_errors=True)
    return False


def write_corrections(files: Mapping[str, bytes], *, output_dir: Path) -> Replaced:
    """After a run with errors: the data-quality workbook and the marked-up copies of the
    officers' workbooks, in `output_dir/corrections/`, replacing an earlier failed run's.

    Nothing else in output/ is touched: every published period folder stays byte-identical.
    """
    return _replace_folder(files, output_dir, CORRECTIONS)


def write_templates(files: Mapping[str, bytes], *, output_dir: Path) -> Path:
    """The blank workbooks, in `output_dir/templates/` (never in input/, where they would be
    read as data)."""
    folder = output_dir / TEMPLATES
    _write_each(folder, files)
    return folder


def write_stamp(output_dir: Path, *, fingerprint: str, period_slug: str) -> None:
    """After publishing: the run's fingerprint and the manifest it published, for the next
    `report --skip-if-unchanged` (pipeline.unchanged). Replaces the stamps `make report` once
    kept as empty `.last-report-<hash>` files."""
    try:
        manifest = (output_dir / period_slug / MANIFEST).read_bytes()
        record = {"fingerprint": fingerprint, "period": period_slug, "manifest": sha256(manifest)}
        text = json.dumps(record, indent=2) + "\n"
        _write_each(output_dir, {STAMP: text.encode("utf-8")})
        for old in output_dir.glob(f"{STAMP}-*"):
            old.unlink(missing_ok=True)
    except OSError:  # the reports are published: without a record the next run just runs
        with contextlib.suppress(OSError):
            (output_dir / STAMP).unlink(missing_ok=True)


def _write_each(folder: Path, files: Mapping[str, bytes]) -> None:
    """Each file written beside its final name, then renamed: never half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        partial = folder / f".{name}.partial"
        partial.write_bytes(content)
        partial.replace(folder / name)
