"""`GET /metrics`: Prometheus text that `prometheus_client`'s parser reads, with counters that
move when messages are sent, fail or meet a 429, when deliveries arrive and when ticks run."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from prometheus_client.parser import text_string_to_metric_families

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, RateLimited, SlackError
from bot.core.clock import FixedClock
from storage import outbox as repo
from storage.db import unit_of_work
from tests.support.production import ProductionLane, wait_for_responses


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """GET /metrics and parse it: {(sample name, sorted labels): value}."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", "/metrics")
        response = conn.getresponse()
        assert response.status == 200
        assert (response.getheader("Content-Type") or "").startswith("text/plain")
        text = response.read().decode()
    finally:
        conn.close()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def queue(services: Services, key: str, channel: str) -> None:
    with unit_of_work(services.factory) as session:
        repo.enqueue(session, key=key, channel=channel, text=key, now=services.clock.now())


def test_metrics_parse_and_count_sends_failures_429s_deliveries_and_ticks(
    production: ProductionLane, services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    before = scrape(production.url)
    assert before[("tandem_escalations_open", ())] == 0
    assert before[("tandem_tick_duration_seconds_count", ())] == 0

    fake_slack.fail("chat.postMessage", RateLimited(retry_after=0), SlackError("channel_not_found"))
    queue(services, "risk:one", "C0OPS")  # 429 first, then sent in the same flush
    queue(services, "digest:two", "C0GONE")  # refused for good
    jobs.tick(services, clock.now())
    assert production.command("/risk", "help", user_id="U0DEV1").status == 200

    after = scrape(production.url)
    assert after[("tandem_messages_sent_total", (("kind", "risk"),))] == 1
    assert after[("tandem_messages_failed_total", (("kind", "digest"),))] == 1
    limited = (("method", "chat.postMessage"),)
    assert after[("tandem_slack_rate_limited_total", limited)] == 1
    for error in ("ratelimited", "channel_not_found"):
        labels = (("error", error), ("method", "chat.postMessage"))
        assert after[("tandem_slack_api_errors_total", labels)] == 1
    assert after[("tandem_deliveries_received_total", (("kind", "slash_command"),))] == 1
    assert after[("tandem_tick_duration_seconds_count", ())] == 1
    assert after[("tandem_tick_duration_seconds_bucket", (("le", "+Inf"),))] == 1


def test_escalations_open_counts_running_runs_from_the_database(
    production: ProductionLane, services: Services, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0DEV2", name="dev2")
    assert production.command("/page", "team:ops Checkout is down", user_id="U0DEV2").status == 200
    wait_for_responses(fake_slack, 1)
    assert scrape(production.url)[("tandem_escalations_open", ())] == 1
