"""When digests are due, and that each period is posted exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.core.clock import FixedClock
from bot.core.workspace.model import WorkspaceConfig
from bot.digest.service import latest_occurrence, period
from storage.db import unit_of_work
from storage.digests import DigestRun
from tests.fakes.digest_sources import StaticSources
from tests.support.clock import START
from tests.support.digest import digest_messages, post_weekly
from tests.support.digest_week import WEEK_END, WEEK_START, at
from tests.support.slack import roots


def header(message: dict[str, object]) -> str:
    return str(message["blocks"][0]["text"]["text"])  # type: ignore[index]


def test_the_weekly_digest_is_due_at_its_local_time(workspace: WorkspaceConfig) -> None:
    weekly = workspace.digest("weekly")
    assert latest_occurrence(weekly, START) == WEEK_START
    assert latest_occurrence(weekly, WEEK_END) == WEEK_END
    assert latest_occurrence(weekly, WEEK_END - timedelta(seconds=1)) == WEEK_START
    assert period(weekly, WEEK_END) == (WEEK_START, WEEK_END)


def test_the_daily_time_follows_the_zone_across_the_dst_change(
    workspace: WorkspaceConfig,
) -> None:
    daily = workspace.digest("daily")
    # New York leaves daylight saving time on Sunday 1 November 2026.
    monday = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 09:00 EST
    friday = datetime(2026, 10, 30, 13, 0, tzinfo=UTC)  # 09:00 EDT
    assert latest_occurrence(daily, monday) == monday
    assert latest_occurrence(daily, monday - timedelta(minutes=30)) == friday


def test_mondays_daily_digest_reaches_back_to_fridays(workspace: WorkspaceConfig) -> None:
    monday = at(30, 14)
    assert period(workspace.digest("daily"), monday) == (at(27, 14), monday)
    assert period(workspace.digest("daily"), at(25, 14)) == (at(24, 14), at(25, 14))


def test_a_digest_first_seen_after_its_time_waits_for_the_next_one_and_one_due_now_is_posted(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    jobs.tick(services, clock.now())
    assert digest_messages(fake_slack) == []  # the weekly was due last Friday: not sent late
    assert len(roots(fake_slack, "C0DAILY")) == 1  # 09:00 in New York is now
    with unit_of_work(services.factory) as session:
        runs = session.scalars(select(DigestRun).order_by(DigestRun.digest_id)).all()
        assert [(r.digest_id, r.state, r.period_end) for r in runs] == [
            ("daily", "posted", START),
            ("weekly", "skipped", WEEK_START),
        ]


def test_repeated_ticks_and_a_restart_post_each_period_once(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    post_weekly(services, clock)
    for _ in range(3):
        jobs.tick(services, clock.now())
    restarted = Services.build(
        services.settings, clock=clock, workspace=services.workspace, engine=services.engine
    )
    restarted.digests.sources = week
    jobs.tick(restarted, clock.advance(timedelta(minutes=1)))
    assert len(roots(fake_slack, "C0DIGEST")) == 1
    assert len(roots(fake_slack, "C0DAILY")) == 2  # Tuesday's, due at first sight, and Friday's
    posts = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "C0DIGEST"
    ]
    assert len(posts) == 1


def test_two_processes_ticking_at_once_post_once(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    jobs.tick(services, START)
    other = Services.build(
        services.settings, clock=clock, workspace=services.workspace, engine=services.engine
    )
    other.digests.sources = week
    clock.set(WEEK_END)
    # Both decided the digest was due before either had written its run row.
    services.digests._post(
        services.workspace.digest("weekly"), WEEK_END, WEEK_END, kind="scheduled"
    )
    other.digests._post(other.workspace.digest("weekly"), WEEK_END, WEEK_END, kind="scheduled")
    assert len(roots(fake_slack, "C0DIGEST")) == 1


def test_a_late_clock_posts_the_digest_late_and_says_so(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    jobs.tick(services, START)
    clock.set(at(28, 15))  # the clock was down from Tuesday to Saturday
    jobs.tick(services, clock.now())
    [root] = roots(fake_slack, "C0DIGEST")
    assert header(root) == "Weekly digest · week to Fri 27 Nov"
    assert "Fri 20 Nov 16:00 – Fri 27 Nov 16:00 · Apollo launch, Platform operations (late)" in str(
        root["text"]
    )
    jobs.tick(services, clock.advance(timedelta(hours=1)))
    assert len(roots(fake_slack, "C0DIGEST")) == 1


def test_a_digest_on_time_is_not_marked_late(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    post_weekly(services, clock)
    [root] = roots(fake_slack, "C0DIGEST")
    assert "(late)" not in str(root["text"])


def test_after_missing_two_occurrences_only_the_newest_period_is_posted(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, week: StaticSources
) -> None:
    jobs.tick(services, START)
    clock.set(datetime(2026, 12, 5, 12, 0, tzinfo=UTC))
    jobs.tick(services, clock.now())
    [root] = roots(fake_slack, "C0DIGEST")
    assert header(root) == "Weekly digest · week to Fri 4 Dec"


@pytest.mark.parametrize(
    ("moment", "posted"),
    [
        (at(27, 13, 59), 0),  # Friday 08:59 in New York: Thursday's was skipped at first sight
        (at(27, 14), 1),  # Friday 09:00
        (at(28, 14), 1),  # Saturday: no digest
        (at(29, 14), 1),  # Sunday: no digest
        (at(30, 14), 2),  # Monday 09:00
    ],
)
def test_the_daily_digest_runs_on_weekdays_only(
    services: Services,
    clock: FixedClock,
    fake_slack: FakeSlack,
    week: StaticSources,
    moment: datetime,
    posted: int,
) -> None:
    jobs.tick(services, at(26, 20))  # Thursday afternoon: first sight
    for when in (at(27, 13, 59), at(27, 14), at(28, 14), at(29, 14), at(30, 14)):
        if when <= moment:
            clock.set(when)
            jobs.tick(services, when)
    daily = roots(fake_slack, "C0DAILY")
    assert len(daily) == posted
    if posted == 2:
        assert "Fri 27 Nov 09:00 – Mon 30 Nov 09:00" in str(daily[-1]["text"])
