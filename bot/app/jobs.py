"""The tick: one function that does everything that is due, for the clock and `tandem tick`."""

from __future__ import annotations

import logging
import time
import urllib.request
import uuid
from datetime import datetime

from bot.app.container import Services
from storage import clock_state, deliveries
from storage.db import unit_of_work

log = logging.getLogger(__name__)

# A monitor answers a heartbeat in milliseconds; a slow one must not hold up the next tick.
HEARTBEAT_TIMEOUT = 5.0


def tick(services: Services, now: datetime, *, heartbeat_url: bool = True) -> list[str]:
    """Run every due step as of `now`, then deliver queued messages; returns failed steps.

    `heartbeat_url=False` (a dry run) leaves the outside monitor alone.

    Each step is isolated: one that raises is logged with an error id and the others still
    run, so a Slack outage or a bad row never stops the scheduler.
    """
    started = time.perf_counter()
    failed = []
    steps = [*services.tick_steps, ("outbox", lambda at: services.outbox.flush(at))]
    for name, step in steps:
        try:
            step(now)
        except Exception:  # the scheduler boundary: log and go on with the next step
            error_id = uuid.uuid4().hex[:12]
            log.exception("tick step failed", extra={"step": name, "error_id": error_id})
            failed.append(name)
    with unit_of_work(services.factory) as session:
        deliveries.prune(session, now)
        clock_state.beat(session, "last_tick", now)
    services.metrics.observe_tick(time.perf_counter() - started)
    services.metrics.flush()
    url = services.workspace.heartbeat_url
    if url and heartbeat_url and not failed:
        heartbeat(url)
    return failed


def heartbeat(url: str) -> bool:
    """One GET to `heartbeat_url`, so an outside monitor notices when ticks stop.

    A failure is logged and otherwise ignored: the monitor's outage must never stop the
    scheduler. Returns whether the monitor answered 2xx.
    """
    # The URL comes from tandem.toml, validated as http(s) there (bot/core/workspace/load.py).
    request = urllib.request.Request(url, headers={"User-Agent": "tandem-heartbeat"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=HEARTBEAT_TIMEOUT) as response:  # noqa: S310
            status = int(response.status)
    except (OSError, ValueError) as exc:
        log.warning("heartbeat failed", extra={"url": url, "error": str(exc)})
        return False
    if not 200 <= status < 300:
        log.warning("heartbeat refused", extra={"url": url, "status": status})
        return False
    return True
