"""The clock: one fixed APScheduler interval job that calls `jobs.tick(now)`.

Timers are `due_at` rows in the database, never APScheduler jobs per item, so the job store
is memory and a restart loses nothing. A lease row makes sure only one clock runs per
database: a second one refuses to start.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.app import jobs
from bot.app.container import Services
from storage import clock_state
from storage.db import unit_of_work

log = logging.getLogger(__name__)

TICK_SECONDS = 30
LEASE_TTL = timedelta(seconds=TICK_SECONDS * 3)


class ClockBusy(Exception):
    """Another clock holds the lease on this database."""


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_here(holder: str) -> bool:
    """True when `holder` was a process on this host that no longer exists (a restart)."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def take_lease(services: Services, holder: str) -> None:
    """Become the deployment's clock, or raise ClockBusy naming who is.

    A lease left by a dead clock on this same host is taken over at once, so restarting
    `tandem serve` does not wait for the lease to expire.
    """
    now = services.clock.now()
    with unit_of_work(services.factory) as session:
        if clock_state.acquire_lease(session, holder, now, LEASE_TTL):
            return
        lease = clock_state.current_lease(session)
        if lease is not None and _dead_here(lease.holder):
            clock_state.release_lease(session, lease.holder)
            if clock_state.acquire_lease(session, holder, now, LEASE_TTL):
                return
    other = f"{lease.holder} until {lease.expires_at.isoformat()}" if lease else "another process"
    raise ClockBusy(
        f"another Tandem clock is already running on this database ({other}); "
        "only one clock may run per deployment"
    )


def release(services: Services, holder: str) -> None:
    with unit_of_work(services.factory) as session:
        clock_state.release_lease(session, holder)


def make_tick_job(
    services: Services,
    holder: str,
    stop: Callable[[], None],
    again: Callable[[], None] = lambda: None,
    monotonic: Callable[[], float] = time.monotonic,
) -> Callable[[], None]:
    """The interval job. A tick that outlasts the interval (a large fan-out paced to Slack's
    limits) made APScheduler skip the runs due meanwhile, so `again` starts the next one at
    once: work that came due during the long tick never waits idle for the next interval."""

    def tick_job() -> None:
        now = services.clock.now()
        with unit_of_work(services.factory) as session:
            still_ours = clock_state.acquire_lease(session, holder, now, LEASE_TTL)
        if not still_ours:
            log.error("clock lease lost to another process; this clock stops")
            stop()
            return
        began = monotonic()
        jobs.tick(services, now)
        took = monotonic() - began
        if took >= TICK_SECONDS:
            log.info("tick outlasted its interval; the next one starts now", extra={"s": took})
            again()

    return tick_job


class BackgroundClock:
    """A clock running in a background thread of this process (serve, socket)."""

    def __init__(self, services: Services, scheduler: BackgroundScheduler, holder: str) -> None:
        self.services, self.scheduler, self.holder = services, scheduler, holder

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        release(self.services, self.holder)


def start(services: Services, *, blocking: bool) -> BackgroundClock | None:
    """Run the clock. Blocking mode returns when stopped; background mode returns a handle.

    Raises:
        ClockBusy: another clock holds the lease.
    """
    holder = holder_id()
    take_lease(services, holder)
    scheduler: Any = (
        BlockingScheduler(timezone=UTC) if blocking else BackgroundScheduler(timezone=UTC)
    )
    job = make_tick_job(
        services,
        holder,
        stop=lambda: scheduler.shutdown(wait=False),
        again=lambda: scheduler.modify_job("tick", next_run_time=datetime.now(UTC)),
    )
    scheduler.add_job(
        job,
        "interval",
        seconds=TICK_SECONDS,
        id="tick",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=datetime.now(UTC),
    )
    log.info("clock started", extra={"holder": holder, "every_seconds": TICK_SECONDS})
    if not blocking:
        scheduler.start()
        return BackgroundClock(services, scheduler, holder)
    try:
        scheduler.start()
    finally:
        release(services, holder)
    return None
