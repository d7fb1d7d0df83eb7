"""layout: the reports' PDFs and HTML twins made on two cores, and the run's own temporary
folder.

WeasyPrint lays out a page in about a fifth of a second, and the PDFs are most of a run. A
second process is started early (`second_core`) and imports WeasyPrint while this one
analyses (`prepare`); then the two cores share the PDFs and the HTML twins as they come free
(`Jobs`), the second starting on the longest PDF while this one writes the workbooks.
`lay_out()` is the whole interface: HTML in, every file's bytes out.
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
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from pathlib import Path
from typing import Final, TypeVar

from pipeline.load import Inspect, inspect_here
from pipeline.render import DOCUMENTS, load_weasyprint, render_pdf, twin_bytes
from pipeline.system import is_stale, libc

TEMPORARY_PREFIX: Final = "partnership-pipeline-"
T = TypeVar("T")
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


def inspect_on(core: ProcessPoolExecutor | None) -> Inspect:
    """The check each workbook gets before it is read (`load.inspect_here`), made on the
    second core, idle while the inputs are read, whenever it is free, and here otherwise:
    streaming a sheet's XML through the parser holds this process's lock on Python, so the
    checks are most of reading a national roll-up. The check is the same code, on the same
    bytes, wherever it runs; should the second process have gone, it is made here."""
    if core is None:
        return inspect_here
    free = threading.Semaphore(1)

    def inspect(content: bytes, sheets: bool) -> bool:
        if not free.acquire(blocking=False):
            return inspect_here(content, sheets)
        try:
            return core.submit(inspect_here, content, sheets).result()
        except (BrokenExecutor, RuntimeError):  # gone, or shut down: check here instead
            return inspect_here(content, sheets)
        finally:
            free.release()

    return inspect


def prepare(core: ProcessPoolExecutor | None) -> None:
    """Once the inputs are known to be clean: the second core imports WeasyPrint (most of a
    second) while this one analyses, so that the annual report's layout starts as soon as its
    HTML is ready."""
    if core is not None:
        core.submit(load_weasyprint)


def lay_out(
    pdfs: Mapping[str, str],
    twins: Mapping[str, str],
    *,
    core: ProcessPoolExecutor | None,
    meanwhile: Callable[[], T],
) -> tuple[dict[str, bytes], T]:
    """Each PDF laid out from its HTML (`pdfs`, by document name) and each web page's HTML twin
    made (`twins`, by file name), and `meanwhile` done on this core: the files' bytes, the
    PDFs (`<document>.pdf`, DOCUMENTS first in their order) then the twins, and what
    `meanwhile` returned.

    The jobs, the longest PDF first (by its HTML) and the twins last, are shared by the two
    cores as they come free (`Jobs`): the second core starts on the longest PDF at once while
    this one does `meanwhile` (the run writes its workbooks), then takes whatever is left. So
    neither core waits while the other has work, whether the workbooks are a second's work
    (a county) or ten (England). Without a core, everything is done here: `meanwhile`, then
    the jobs in the same order.
    """
    by_length = sorted(pdfs.items(), key=lambda item: -len(item[1]))
    jobs = Jobs(
        [(f"{document}.pdf", render_pdf, html) for document, html in by_length]
        + [(name, twin_bytes, page) for name, page in twins.items()]
    )
    feeder = None
    if core is not None:
        feeder = threading.Thread(target=jobs.feed, args=(core,), name="second-core", daemon=True)
        feeder.start()
    result = meanwhile()
    jobs.run_here()
    if feeder is not None:
        feeder.join()
    made = jobs.results()
    order = dict.fromkeys([*(document for document in DOCUMENTS if document in pdfs), *pdfs])
    files = {f"{document}.pdf": made[f"{document}.pdf"] for document in order}
    return files | {name: made[name] for name in twins}, result


class Jobs:
    """Jobs (a file's name, the function that makes its bytes, and its argument) taken in
    order by whichever core comes free: the second core's by `feed`, on a thread of this
    process that sends one job at a time and waits for it, and this core's by `run_here`. A
    job sent is never taken back, so each is done once; the first failure is raised by
    `results`, once both cores have stopped."""

    def __init__(self, jobs: list[tuple[str, Callable[[str], bytes], str]]) -> None:
        self._waiting = list(reversed(jobs))
        self._lock = threading.Lock()
        self._made: dict[str, bytes] = {}
        self._failure: BaseException | None = None

    def _take(self) -> tuple[str, Callable[[str], bytes], str] | None:
        with self._lock:
            if self._failure is not None or not self._waiting:
                return None
            return self._waiting.pop()

    def feed(self, core: ProcessPoolExecutor) -> None:
        """The second core's share: job after job until none is left (a thread's target)."""
        try:
            while (job := self._take()) is not None:
                name, make, argument = job
                self._made[name] = core.submit(make, argument).result()
        except BaseException as failure:  # noqa: BLE001 - raised again by results()
            with self._lock:
                self._failure = self._failure or failure

    def run_here(self) -> None:
        """This core's share: job after job until none is left."""
        while (job := self._take()) is not None:
            name, make, argument = job
            self._made[name] = make(argument)

    def results(self) -> dict[str, bytes]:
        """Every job's bytes by file name, once both cores have stopped."""
        if self._failure is not None:
            raise self._failure
        return self._made
