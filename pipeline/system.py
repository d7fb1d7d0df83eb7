"""system: what the operating system offers, asked in one place.

The C library where there is one to call (Linux: atomic folder swaps, a second process that
dies with its parent), and whether a hidden working folder's run has ended.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any, Final

# A hidden working folder left by a run is cleared once its run has ended (on POSIX, known
# from its process number) or, where that cannot be asked, once it is this old.
STALE_AFTER_SECONDS: Final = 6 * 3600
_PROCESS = re.compile(r"-(\d+)-[^-]*$")  # …-<pid>-<suffix>


@cache
def libc() -> Any:
    """Linux's C library, for calls Python does not wrap; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _alive(pid: int) -> bool:
    """Whether process `pid` is still running. Only asked on POSIX; elsewhere os.kill ends a
    process rather than asking about it, so folders are judged by their age instead."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is someone else's
        return True
    return True


def is_stale(folder: Path) -> bool:
    """A working folder named `…-<pid>-<suffix>` whose run has ended."""
    match = _PROCESS.search(folder.name)
    if os.name == "posix" and match:
        return not _alive(int(match.group(1)))
    try:
        return time.time() - folder.stat().st_mtime > STALE_AFTER_SECONDS
    except OSError:
        return False
