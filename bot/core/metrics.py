"""Counters for `GET /metrics`, summed over every process of the deployment in the database.

Each process (gunicorn workers, the clock, a cron `tandem tick`) counts in memory and adds
its counts to `metric_total` in one statement: at the end of each tick, at a scrape, and at
most every `FLUSH_EVERY` seconds (from a counting call, and from a daemon thread in serving
processes). A scrape therefore shows the
whole deployment's totals from whichever worker the load balancer picks; the clock, which
serves no HTTP, is included. Escalations open is read from the database at scrape time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from storage import metrics as repo

log = logging.getLogger(__name__)

FLUSH_EVERY = 5.0
TICK_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
_SEP = "\x1f"

# name -> (help, label names); every counter /metrics shows, also before it first counts.
COUNTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tandem_messages_sent": ("Outbox messages delivered, by kind", ("kind",)),
    "tandem_messages_failed": ("Outbox messages given up for good, by kind", ("kind",)),
    "tandem_slack_api_errors": ("Slack Web API errors, by method and error", ("method", "error")),
    "tandem_slack_rate_limited": ("Slack Web API calls answered 429, by method", ("method",)),
    "tandem_deliveries_received": ("Signed Slack deliveries received, by kind", ("kind",)),
    "tandem_webhook_deliveries": ("Webhook POSTs, by result (ok or the error)", ("result",)),
}
TICK = "tandem_tick_duration_seconds"


def _labels(values: dict[str, str]) -> str:
    return _SEP.join(f"{k}={values[k]}" for k in sorted(values))


def _parse(labels: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in labels.split(_SEP) if pair)


def message_kind(key: str, op: str) -> str:
    """An outbox row's kind: its op when not a post or update, else its key's first part."""
    if op not in ("post", "update"):
        return op
    return key.split(":", 1)[0]


class Metrics:
    """Counts in memory, adds them to the database's totals, and renders the exposition."""

    def __init__(self, engine: Engine, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.monotonic = monotonic
        self._pending: defaultdict[repo.SeriesKey, float] = defaultdict(float)
        self._lock = threading.Lock()
        self._last_flush = monotonic()
        self._stop = threading.Event()
        self._flusher: threading.Thread | None = None

    def inc(self, name: str, by: float = 1.0, **labels: str) -> None:
        """Count `by` on counter `name` (a key of `COUNTERS`) with `labels`."""
        assert name in COUNTERS, name
        with self._lock:
            self._pending[(name, _labels(labels))] += by
        self.maybe_flush()

    def observe_tick(self, seconds: float) -> None:
        """Record one tick's duration in the histogram."""
        bound = next((b for b in TICK_BUCKETS if seconds <= b), None)
        le = "+Inf" if bound is None else repr(bound)
        with self._lock:
            self._pending[(TICK + "_bucket", _labels({"le": le}))] += 1
            self._pending[(TICK + "_sum", "")] += seconds
            self._pending[(TICK + "_count", "")] += 1

    def start_flusher(self) -> None:
        """In a serving process: add pending counts every `FLUSH_EVERY` seconds from a daemon
        thread, so an idle worker's last counts reach the totals too."""
        if self._flusher is not None:
            return

        def run() -> None:
            while not self._stop.wait(FLUSH_EVERY):
                self.flush()

        self._flusher = threading.Thread(target=run, name="tandem-metrics", daemon=True)
        self._flusher.start()

    def stop_flusher(self) -> None:
        self._stop.set()
        if self._flusher is not None:
            self._flusher.join()
            self._flusher = None

    def maybe_flush(self) -> None:
        if self.monotonic() - self._last_flush >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Add what this process counted to the database's totals (one statement)."""
        with self._lock:
            pending, self._pending = dict(self._pending), defaultdict(float)
            self._last_flush = self.monotonic()
        if not pending:
            return
        try:
            with self.engine.begin() as connection:
                repo.add(connection, pending)
        except Exception:
            # Counting must never break a send or a tick: keep the counts for the next try.
            log.warning("metrics not recorded, will retry", exc_info=True)
            with self._lock:
                for series, value in pending.items():
                    self._pending[series] += value

    def registry(self) -> CollectorRegistry:
        """A registry of its own (never prometheus_client's global one) over the totals."""
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_TotalsCollector(self.engine))
        return registry

    def exposition(self) -> bytes:
        """The Prometheus text format of the deployment's totals, this process's included."""
        self.flush()
        return generate_latest(self.registry())


class _TotalsCollector(Collector):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        with self.engine.connect() as connection:
            totals = repo.totals(connection)
            open_runs = repo.open_escalations(connection)
        for name, (help_text, label_names) in COUNTERS.items():
            family = CounterMetricFamily(name, help_text, labels=label_names)
            for (series, labels), value in sorted(totals.items()):
                if series == name:
                    parsed = _parse(labels)
                    family.add_metric([parsed.get(n, "") for n in label_names], value)
            yield family
        yield _histogram(totals)
        gauge = GaugeMetricFamily(
            "tandem_escalations_open", "Escalation runs triggered or acknowledged now"
        )
        gauge.add_metric([], open_runs)
        yield gauge


def _histogram(totals: dict[repo.SeriesKey, float]) -> HistogramMetricFamily:
    per_bucket = {
        _parse(labels)["le"]: value
        for (series, labels), value in totals.items()
        if series == TICK + "_bucket"
    }
    buckets: list[tuple[str, float]] = []
    running = 0.0
    bounds: Sequence[str] = [*(repr(b) for b in TICK_BUCKETS), "+Inf"]
    for le in bounds:
        running += per_bucket.get(le, 0.0)
        buckets.append((le, running))
    return HistogramMetricFamily(
        TICK,
        "How long one tick took (seconds)",
        buckets=buckets,
        sum_value=totals.get((TICK + "_sum", ""), 0.0),
    )
