"""unchanged: whether a run would only publish again what is already published.

`make report` runs `report --skip-if-unchanged`: the run does nothing when its fingerprint
(the content of every file in the input folder, the pipeline's own code and packages, the
reporting date and the period) is the one recorded by the run that published
`output/<period>/`, and that folder is still there with the very manifest.json it wrote. It
only reads: the record is written by `pipeline.publish.write_stamp`.
"""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import date
from pathlib import Path
from typing import Final

import pipeline
import schemas
from pipeline.periods import Period
from pipeline.publish import MANIFEST, STAMP, package_versions

_CHUNK: Final = 1 << 20


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _entry(path: Path) -> str:
    """One entry of the input folder as the fingerprint takes it: its name and, for a file,
    the SHA-256 of its content; for anything else, what it is (a pipe is never opened)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISREG(mode):
            return f"{path.name}\tfile\t{_file_digest(path)}"
        kind = "folder" if stat.S_ISDIR(mode) else "other"
    except OSError as error:
        kind = f"unreadable {error.errno}"
    return f"{path.name}\t{kind}"


def _code() -> list[str]:
    """The pipeline's own files (code, templates, fonts) and the packages it runs on."""
    lines = []
    for package in (pipeline, schemas):
        folder = Path(package.__path__[0])
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(folder).as_posix()
                lines.append(f"{package.__name__}/{relative}\t{_file_digest(path)}")
    lines += [f"{name}\t{version}" for name, version in package_versions().items()]
    return lines


def fingerprint(input_dir: Path, *, as_of: date, period: Period) -> str:
    """Everything a report depends on, as one SHA-256: the input folder's files by content
    (names included; a file changed at the same size and time changes it), the code, the
    reporting date and the period."""
    lines = [f"as_of\t{as_of.isoformat()}", f"period\t{period.slug}", *_code()]
    lines += [_entry(path) for path in sorted(input_dir.iterdir(), key=lambda p: p.name)]
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def up_to_date(output_dir: Path, *, period: Period, fingerprint: str) -> bool:
    """Whether `output_dir/<period>/` was published by a run with this fingerprint and is
    still there, its manifest.json the one that run wrote."""
    try:
        record = json.loads((output_dir / STAMP).read_text(encoding="utf-8"))
        manifest = (output_dir / period.slug / MANIFEST).read_bytes()
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record == {
        "fingerprint": fingerprint,
        "period": period.slug,
        "manifest": hashlib.sha256(manifest).hexdigest(),
    }
