"""A page that Slack's rate limits hold back over a minute goes as a plain DM meanwhile."""

from __future__ import annotations

from datetime import timedelta

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, RateLimited
from bot.core.clock import FixedClock
from bot.core.pacing import ChannelPacer
from tests.support.oncall import event_kinds, is_page, start, texts
from tests.support.slack import dm_channel

LEVEL_2_PAGE = "page:1:0:1:U0SRE2"


def slack_time_services(services: Services, clock: FixedClock) -> Services:
    """The same app whose outbox waits and claim times run on the frozen clock: waiting out a
    `Retry-After` moves it on, as real time would."""
    pacer = ChannelPacer(
        monotonic=lambda: clock.now().timestamp(),
        sleep=lambda seconds: clock.advance(timedelta(seconds=seconds)),
    )
    return Services.build(
        services.settings,
        clock=clock,
        workspace=services.workspace,
        engine=services.engine,
        pacer=pacer,
        wall=clock.now,
    )


def test_a_page_held_back_over_a_minute_goes_as_a_plain_dm_and_the_thread_says_so(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    app = slack_time_services(services, clock)
    start(app)
    clock.advance(timedelta(minutes=15))
    due = clock.now()
    app.escalations.tick(due)  # level 2 is queued; the tick's outbox step sends it
    fake_slack.fail("chat.postMessage", *[RateLimited(retry_after=30)] * 4)
    app.outbox.flush(due, keys=[LEVEL_2_PAGE])
    [fallback] = fake_slack.messages(dm_channel("U0SRE2"))
    assert not is_page(fallback) and not fallback.get("blocks")
    assert fallback["text"].startswith(":rotating_light: You are paged for R-7")
    assert "Slack held the full page back for 1m (rate limits)" in fallback["text"]
    assert any(
        "The page to <@U0SRE2> was held back 1m by Slack's rate limits" in text
        for text in texts(fake_slack, "C0ESCAL")
    )
    assert event_kinds(app).count("page_delayed") == 1
    # The page itself follows at the next tick, with its buttons, once.
    for _ in range(3):
        clock.advance(timedelta(seconds=30))
        jobs.tick(app, clock.now())
    messages = fake_slack.messages(dm_channel("U0SRE2"))
    assert [is_page(m) for m in messages] == [False, True]
    assert event_kinds(app).count("page_delayed") == 1


def test_a_page_held_back_under_a_minute_just_waits(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    app = slack_time_services(services, clock)
    start(app)
    clock.advance(timedelta(minutes=15))
    due = clock.now()
    app.escalations.tick(due)
    fake_slack.fail("chat.postMessage", *[RateLimited(retry_after=20)] * 3)
    app.outbox.flush(due, keys=[LEVEL_2_PAGE])
    [page] = fake_slack.messages(dm_channel("U0SRE2"))
    assert is_page(page)
    assert "page_delayed" not in event_kinds(app)
