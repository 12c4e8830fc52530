"""The tick: one function that does everything that is due, for the clock and `tandem tick`."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from bot.app.container import Services
from storage import clock_state, deliveries
from storage.db import unit_of_work

log = logging.getLogger(__name__)


def tick(services: Services, now: datetime) -> list[str]:
    """Run every due step as of `now`, then deliver queued messages; returns failed steps.

    Each step is isolated: one that raises is logged with an error id and the others still
    run, so a Slack outage or a bad row never stops the scheduler.
    """
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
    return failed
