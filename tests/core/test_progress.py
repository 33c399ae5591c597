from __future__ import annotations

import pytest

from studio.core.progress import Progress, run_job, weighted


def _job(log: list[str], n: int = 5):
    try:
        for i in range(n):
            yield Progress("Counting", i, n)
        return "done"
    finally:
        log.append("cleaned")


def test_run_job_returns_result_and_reports_progress():
    log: list[str] = []
    seen: list[float] = []
    assert run_job(_job(log), lambda p: seen.append(p.fraction)) == "done"
    assert seen == [0.0, 0.2, 0.4, 0.6, 0.8]
    assert log == ["cleaned"]


def test_interrupt_in_consumer_runs_job_cleanup():
    log: list[str] = []

    def cb(p: Progress) -> None:
        if p.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(_job(log), cb)
    assert log == ["cleaned"]


def test_weighted_maps_into_parent_range_and_closes_child():
    log: list[str] = []

    def parent():
        r = yield from weighted(_job(log, 4), 0.5, 0.5, "Half")
        return r

    fr = []
    assert run_job(parent(), lambda p: fr.append((p.stage, p.fraction))) == "done"
    assert fr == [("Half", 0.5), ("Half", 0.625), ("Half", 0.75), ("Half", 0.875)]
    g = weighted(_job(log, 4), 0, 1)
    next(g)
    g.close()
    assert log == ["cleaned", "cleaned"]


def test_weighted_never_goes_backwards_when_a_child_restarts_its_count():
    def phases():
        yield Progress("A", 1, 2)
        yield Progress("B", 0, 4)
        yield Progress("B", 3, 4)
        return None

    seen = []
    run_job(weighted(phases(), 0.0, 1.0), lambda p: seen.append(p.fraction))
    assert seen == [0.5, 0.5, 0.75]


def test_time_left_comes_from_the_recent_rate_not_from_the_start():
    from studio.core.progress import TimeLeft, format_remaining

    t = TimeLeft(window=8.0)
    t.add(0.0, 0.0)
    t.add(0.30, 1.0)  # a quick first step (voicing from the cache)...
    assert t.seconds() is None  # not measured long enough yet
    for k in range(1, 11):  # ...then encoding at 1 % a second
        t.add(0.30 + 0.01 * k, 1.0 + k)
    assert t.seconds() == pytest.approx(60.0, rel=0.05)  # 0.6 left at 1 %/s, not 0.6 * 11/0.4
    assert (
        format_remaining(61) == "about 1 min 01 s left"
        and format_remaining(42) == "about 42 s left"
    )
