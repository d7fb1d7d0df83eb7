"""layout: the reports' PDFs laid out on two cores, and the run's own temporary folder.

WeasyPrint lays out a page in about a third of a second, and the annual report is the longer
document: it is laid out in a second process, started early (`second_core`), while this one
lays out the others and the run writes its workbooks. `pdfs()` is the whole interface: HTML in,
and, once `result()` is asked for, PDFs out.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pipeline.render import DOCUMENTS, render_pdf
from pipeline.system import is_stale, libc

TEMPORARY_PREFIX: Final = "partnership-pipeline-"
_PR_SET_PDEATHSIG: Final = 1


def start_method() -> str:
    """How the second process starts: forked where the platform offers it safely (Linux and
    the like), so that it shares this one's imports; spawned (a fresh interpreter) elsewhere,
    Windows and macOS among them."""
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods and sys.platform != "darwin" else "spawn"


def _watch_parent(parent: int) -> None:
    """In the second process: end it as soon as the run that started it has gone, even if
    that run was killed outright (kill -9, a crash), so no process is left behind."""
    if (c_library := libc()) is not None:
        c_library.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:  # gone already
        os._exit(1)
    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _second_process_starts(parent: int, temporary: str) -> None:
    """The second process's first act: Ctrl-C is for the run, which stops this process
    itself (so the officer sees no traceback from here); temporary files go in the run's own
    folder; and it dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tempfile.tempdir = temporary
    _watch_parent(parent)


@contextlib.contextmanager
def second_core(method: str | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """A process for the second core, started now, while this one holds little more than its
    imports: a process forked later, after loading, would keep its own copy of every page of
    the workbooks' data that this one goes on to touch (at England size 1.8 GB for the two
    together, against 1.5 GB forked here). None on a one-core machine.

    `method` is the start method ("fork" or "spawn"; by default `start_method()`). The
    process ignores Ctrl-C, dies with this one and is stopped at once if the run fails.
    """
    if (os.cpu_count() or 1) < 2:
        yield None
        return
    context = multiprocessing.get_context(method or start_method())
    core = ProcessPoolExecutor(
        1,
        mp_context=context,
        initializer=_second_process_starts,
        initargs=(os.getpid(), tempfile.gettempdir()),
    )
    try:
        core.submit(int)  # starts the process now: it is started on the first task
        yield core
    except BaseException:
        # A failure here is reported now, not after the annual report's layout finishes.
        _stop(core)
        raise
    finally:
        core.shutdown(wait=True, cancel_futures=True)


def _stop(core: ProcessPoolExecutor) -> None:
    """End the second process now, whatever it is doing."""
    terminate = getattr(core, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((core._processes or {}).values()):
        process.terminate()
        process.join(5)


@contextlib.contextmanager
def run_temporary_folder() -> Iterator[Path]:
    """A temporary folder of the run's own, for WeasyPrint's font files and anything else
    that libraries write to the temporary folder, removed at the end, however the run ends.
    Folders left by runs that were killed outright are cleared first."""
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{TEMPORARY_PREFIX}*"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and is_stale(stale):
                shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-", dir=base))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class LaidOut:
    """PDFs being laid out: those laid out here, and the one on the second core."""

    done: dict[str, bytes]
    pending: dict[str, Future[bytes]]

    def result(self) -> dict[str, bytes]:
        """Every PDF by document name, DOCUMENTS first in their order, then any other (the
        public edition), once the second core is done."""
        ready = {**self.done, **{doc: future.result() for doc, future in self.pending.items()}}
        first = {document: ready[document] for document in DOCUMENTS if document in ready}
        return first | {document: pdf for document, pdf in ready.items() if document not in first}


def pdfs(html_by_document: Mapping[str, str], *, core: ProcessPoolExecutor | None) -> LaidOut:
    """Each report's HTML laid out as a PDF. The first of DOCUMENTS (the longest) is laid out
    on `core` (from `second_core`) and the others here, now; without a core, all here. Ask the
    result for the PDFs: the run writes its workbooks in between."""
    longest = DOCUMENTS[0]
    pending = (
        {longest: core.submit(render_pdf, html_by_document[longest])}
        if core is not None and longest in html_by_document
        else {}
    )
    done = {doc: render_pdf(html) for doc, html in html_by_document.items() if doc not in pending}
    return LaidOut(done, pending)
