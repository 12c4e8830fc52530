"""The clock's interval job: a tick that outlasts its interval starts the next one at once."""

from __future__ import annotations

from collections.abc import Iterator

from bot.app.container import Services
from bot.app.scheduler import TICK_SECONDS, holder_id, make_tick_job, take_lease


def monotonic(*readings: float) -> Iterator[float]:
    yield from readings


def test_a_tick_that_outlasts_its_interval_starts_the_next_one_at_once(
    services: Services,
) -> None:
    holder = holder_id()
    take_lease(services, holder)
    again: list[str] = []
    readings = monotonic(0.0, TICK_SECONDS + 1.0, 100.0, 101.0)
    job = make_tick_job(
        services,
        holder,
        stop=lambda: again.append("stopped"),
        again=lambda: again.append("again"),
        monotonic=lambda: next(readings),
    )
    job()  # took TICK_SECONDS + 1 s: run again now
    assert again == ["again"]
    job()  # took 1 s: the interval decides
    assert again == ["again"]


def test_a_clock_that_lost_its_lease_stops_instead_of_ticking(services: Services) -> None:
    take_lease(services, "other-host:1:abc")
    events: list[str] = []
    job = make_tick_job(
        services, holder_id(), stop=lambda: events.append("stopped"), again=lambda: None
    )
    job()
    assert events == ["stopped"]
