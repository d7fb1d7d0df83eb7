"""The PDFs and twins shared by the two cores as they come free (`pipeline.layout.Jobs`),
with a real second process: each job is done once, by one core or the other, and a failure on
either core is raised once both have stopped."""

from __future__ import annotations

import os
import threading
import time

import pytest

from pipeline.layout import Jobs, second_core

FORK = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="the jobs below are this module's functions, which a forked process already has",
)


def _made_by(argument: str) -> bytes:
    """A job's bytes: its argument and the process that made it, after a short wait, so
    that both cores have a turn."""
    time.sleep(0.2)
    return f"{argument} {os.getpid()}".encode()


def _fails(argument: str) -> bytes:
    raise ValueError(f"no layout for {argument}")


@FORK
def test_each_job_is_done_once_and_both_cores_take_a_share() -> None:
    names = [f"job {n}" for n in range(8)]
    jobs = Jobs([(name, _made_by, name) for name in names])
    with second_core("fork") as core:
        if core is None:
            pytest.skip("one core: there is no second process")
        feeder = threading.Thread(target=jobs.feed, args=(core,))
        feeder.start()
        jobs.run_here()
        feeder.join()
    made = jobs.results()
    assert sorted(made) == sorted(names)
    makers = {name: content.decode().split()[-1] for name, content in made.items()}
    assert all(content.decode().startswith(name) for name, content in made.items())
    assert str(os.getpid()) in makers.values(), "this core took no job"
    assert set(makers.values()) - {str(os.getpid())}, "the second core took no job"


@FORK
def test_a_failure_on_the_second_core_is_raised_once_both_have_stopped() -> None:
    jobs = Jobs([("bad.pdf", _fails, "bad"), ("good.pdf", _made_by, "good")])
    with second_core("fork") as core:
        if core is None:
            pytest.skip("one core: there is no second process")
        jobs.feed(core)  # takes the failing job first, then stops taking
        jobs.run_here()  # nothing is taken once a job has failed
    with pytest.raises(ValueError, match="no layout for bad"):
        jobs.results()


def test_without_a_second_core_this_one_does_every_job_in_order() -> None:
    order: list[str] = []

    def noted(argument: str) -> bytes:
        order.append(argument)
        return argument.encode()

    jobs = Jobs([(f"{n}.pdf", noted, str(n)) for n in (3, 1, 2)])
    jobs.run_here()
    assert order == ["3", "1", "2"]
    assert jobs.results() == {"3.pdf": b"3", "1.pdf": b"1", "2.pdf": b"2"}
