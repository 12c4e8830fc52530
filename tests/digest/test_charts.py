"""Charts: drawn from the digest's data, uploaded once into its thread, retried like messages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, ServerError, SlackError
from bot.core.clock import FixedClock
from bot.core.workspace.model import RiskSettings
from bot.digest import charts
from bot.digest.model import HeatMap, weekly_rates
from storage.db import unit_of_work
from storage.digests import DigestChart
from tests.fakes.digest_sources import StaticSources
from tests.support.digest import digest_messages, post_weekly
from tests.support.digest_week import WEEK_END, history
from tests.support.slack import roots

PNG = b"\x89PNG\r\n\x1a\n"


def chart_states(services: Services) -> list[tuple[str, str, int]]:
    with unit_of_work(services.factory) as session:
        rows = session.scalars(select(DigestChart).order_by(DigestChart.position)).all()
        return [(r.name, r.state, r.attempts) for r in rows]


def test_the_weekly_digest_uploads_its_charts_into_its_thread(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    post_weekly(services, clock)
    [root] = digest_messages(fake_slack)
    urls = fake_slack.calls_to("files.getUploadURLExternal")
    assert [c.params["filename"] for c in urls] == [
        "risk-heatmap-2026-11-27.png",
        "participation-2026-11-27.png",
    ]
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0DIGEST"
    assert complete.params["thread_ts"] == root["ts"]
    assert [f["title"] for f in complete.params["files"]] == [
        "Open risks by probability and impact (5)",
        "Stand-up participation, last 8 weeks",
    ]
    heat, trend = fake_slack.uploaded_files("C0DIGEST")
    # the open risks of the seeded week; R-4 was closed
    expected = HeatMap.from_counts([(4, 5, 1), (3, 4, 1), (2, 3, 1), (1, 2, 1), (3, 5, 1)])
    assert heat["content"] == charts.heat_map_png(expected.counts, RiskSettings())
    assert trend["content"].startswith(PNG)
    assert chart_states(services) == [("heatmap", "uploaded", 1), ("participation", "uploaded", 1)]


def test_a_digest_without_charts_uploads_nothing(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    post_weekly(services, clock)  # the daily digest (charts = false) posts at the same tick
    assert fake_slack.messages("C0DAILY")
    assert fake_slack.uploaded_files("C0DAILY") == []
    assert [
        c.params["channel_id"] for c in fake_slack.calls_to("files.completeUploadExternal")
    ] == ["C0DIGEST"]


def test_a_failed_upload_is_retried_by_the_tick_and_done_once(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    fake_slack.fail("files.getUploadURLExternal", ServerError(status=503))
    post_weekly(services, clock)
    assert fake_slack.uploaded_files() == []
    assert chart_states(services) == [("heatmap", "pending", 1), ("participation", "pending", 1)]
    jobs.tick(services, clock.advance(timedelta(seconds=10)))  # backing off: not yet
    assert fake_slack.uploaded_files() == []
    jobs.tick(services, clock.advance(timedelta(minutes=1)))
    jobs.tick(services, clock.advance(timedelta(minutes=5)))
    assert len(fake_slack.uploaded_files("C0DIGEST")) == 2
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert chart_states(services) == [("heatmap", "uploaded", 2), ("participation", "uploaded", 2)]


def test_charts_wait_until_the_digest_root_has_been_posted(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    jobs.tick(services, clock.now())
    fake_slack.fail("chat.postMessage", ServerError(status=500))  # the weekly root, first try
    clock.set(WEEK_END)
    jobs.tick(services, clock.now())
    assert fake_slack.calls_to("files.getUploadURLExternal") == []
    jobs.tick(services, clock.advance(timedelta(minutes=1)))  # the outbox posts the root
    jobs.tick(services, clock.advance(timedelta(seconds=30)))  # now the charts follow
    [root] = roots(fake_slack, "C0DIGEST")
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["thread_ts"] == root["ts"]


def test_a_permanent_upload_failure_is_said_in_the_digest_thread(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    fake_slack.fail("files.completeUploadExternal", SlackError("invalid_arguments"))
    post_weekly(services, clock)
    root, notice = digest_messages(fake_slack)
    assert notice["thread_ts"] == root["ts"]
    assert notice["text"] == (
        "The charts for this digest could not be attached: Slack answered `invalid_arguments`."
    )
    jobs.tick(services, clock.advance(timedelta(hours=1)))
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert chart_states(services) == [("heatmap", "failed", 1), ("participation", "failed", 1)]


def test_charts_are_the_same_bytes_for_the_same_data() -> None:
    counts = HeatMap.from_counts([(5, 5, 3), (1, 1, 2)]).counts
    first = charts.heat_map_png(counts, RiskSettings())
    assert first.startswith(PNG)
    assert charts.heat_map_png(counts, RiskSettings()) == first
    assert charts.heat_map_png(HeatMap().counts, RiskSettings()) != first
    trend = charts.trend_png({"Apollo": [0.5, None, 1.0]}, ["13 Nov", "20 Nov", "27 Nov"])
    assert trend == charts.trend_png({"Apollo": [0.5, None, 1.0]}, ["13 Nov", "20 Nov", "27 Nov"])


def test_the_trend_is_the_answered_share_per_week_with_gaps_for_weeks_without_stand_ups() -> None:
    rates = weekly_rates(history(), ["apollo", "ops"], WEEK_END, weeks=8)
    assert rates["apollo"] == [2 / 3, 1, 2 / 3, 1, 2 / 3, 1, 2 / 3, 12 / 14]
    assert rates["ops"] == [None] * 8
    assert weekly_rates(history(weeks=2), ["apollo"], WEEK_END, weeks=3)["apollo"][0] is None


def test_charts_draw_in_chinese_or_fall_back_to_english_without_failing() -> None:
    from bot.core.messages import speaking

    with speaking("zh-CN"):
        heat = charts.heat_map_png([[0] * 5 for _ in range(5)], RiskSettings())
        trend = charts.trend_png({"阿波罗": [0.5, None, 1.0]}, ["20 Nov", "27 Nov", "4 Dec"])
    assert heat.startswith(PNG) and trend.startswith(PNG)
