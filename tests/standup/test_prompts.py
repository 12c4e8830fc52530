"""Prompts come at each person's own 09:30, once, across DST changes, late clocks and restarts;
away people and holidays get none."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.standups import prompts as repo
from storage.standups import reads
from storage.standups.models import ASKED
from tests.support.standup import (
    BERLIN,
    NY,
    SHANGHAI,
    WATCHED_SINCE,
    ZONES,
    press_skip,
    prompts_to,
    sent_at,
    tick,
    tick_through,
    watched_since,
)


def local(user: str, message: dict[str, object]) -> datetime:
    return sent_at(message).astimezone(ZoneInfo(ZONES[user]))


def test_three_zones_are_each_prompted_at_their_own_0930_once(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    # Monday 23 November 2026, a whole UTC day and a half, ticking every 15 minutes.
    start = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    tick_through(services, clock, start, start + timedelta(hours=36))
    for user in (NY, BERLIN, SHANGHAI):
        [prompt] = prompts_to(fake_slack, user)
        assert local(user, prompt).date() == date(2026, 11, 23)
        assert local(user, prompt).strftime("%H:%M") == "09:30"
        assert "What did you finish?" in str(prompt["text"])
    assert sent_at(prompts_to(fake_slack, SHANGHAI)[0]) == datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    assert sent_at(prompts_to(fake_slack, BERLIN)[0]) == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert sent_at(prompts_to(fake_slack, NY)[0]) == datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("user", "before", "after"),
    [
        # Europe leaves summer time on Sunday 25 October 2026: 09:30 is 07:30 UTC, then 08:30.
        (
            BERLIN,
            datetime(2026, 10, 23, 7, 30, tzinfo=UTC),
            datetime(2026, 10, 26, 8, 30, tzinfo=UTC),
        ),
        # The US follows on Sunday 1 November 2026: 13:30 UTC, then 14:30.
        (NY, datetime(2026, 10, 30, 13, 30, tzinfo=UTC), datetime(2026, 11, 2, 14, 30, tzinfo=UTC)),
    ],
)
def test_the_dst_change_week_keeps_0930_local(
    services: Services,
    clock: FixedClock,
    fake_slack: FakeSlack,
    user: str,
    before: datetime,
    after: datetime,
) -> None:
    tick_through(services, clock, before - timedelta(hours=2), after + timedelta(hours=2))
    prompts = prompts_to(fake_slack, user)
    assert [sent_at(p) for p in prompts] == [before, after]
    assert {local(user, p).strftime("%H:%M") for p in prompts} == {"09:30"}
    assert "late" not in " ".join(str(p["text"]) for p in prompts).lower()


def test_a_repeated_tick_or_a_second_process_does_not_prompt_again(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    at = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 09:30 in New York
    tick(services, clock, at)
    tick(services, clock, at)
    restarted = Services.build(
        services.settings, clock=clock, workspace=services.workspace, engine=services.engine
    )
    from bot.app import jobs

    jobs.tick(restarted, at + timedelta(seconds=30))
    tick(services, clock, at + timedelta(minutes=5))
    tick(services, clock, at + timedelta(hours=14, minutes=29))  # 23:59, a very late tick
    assert len(prompts_to(fake_slack, NY)) == 1


def test_a_clock_that_was_down_catches_up_the_same_day_marked_late(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    watched_since(services, WATCHED_SINCE)
    tick(services, clock, datetime(2026, 11, 24, 19, 0, tzinfo=UTC))  # 14:00 in New York
    [prompt] = prompts_to(fake_slack, NY)
    assert "late" in str(prompt["blocks"]).lower() and "09:30" in str(prompt["blocks"])
    with unit_of_work(services.factory) as session:
        [row] = repo.prompts_between(session, NY, date(2026, 11, 24), date(2026, 11, 24))
        assert row.late and row.due_at == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


def test_a_day_that_is_over_is_never_prompted(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    watched_since(services, WATCHED_SINCE)
    # Down all of Shanghai's Tuesday; back at 00:30 Wednesday there, which is still
    # Tuesday in New York (11:30), so only New York is prompted for Tuesday.
    tick(services, clock, datetime(2026, 11, 24, 16, 30, tzinfo=UTC))
    assert prompts_to(fake_slack, SHANGHAI) == []
    assert len(prompts_to(fake_slack, NY)) == 1
    with unit_of_work(services.factory) as session:
        assert repo.prompts_between(session, SHANGHAI, date(2026, 11, 24), date(2026, 11, 24)) == []


def test_weekends_holidays_and_away_people_get_no_prompt(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    clock.set(datetime(2026, 12, 20, 12, 0, tzinfo=UTC))
    slack.command("/standup", "away 2026-12-22 to 2026-12-23", user_id=BERLIN)
    slack.command("/standup", "skip 2026-12-22", user_id=SHANGHAI)
    # Saturday 19 to Saturday 26 December; Friday 25 is the team's holiday.
    tick_through(
        services,
        clock,
        datetime(2026, 12, 19, 6, 0, tzinfo=UTC),  # Saturday everywhere
        datetime(2026, 12, 27, 0, 0, tzinfo=UTC),
        timedelta(minutes=30),
    )
    days = {
        user: [local(user, p).date().day for p in prompts_to(fake_slack, user)] for user in ZONES
    }
    assert days == {NY: [21, 22, 23, 24], BERLIN: [21, 24], SHANGHAI: [21, 23, 24]}
    assert fake_slack.calls_to("chat.postMessage")  # and none of them was a reminder to the away
    reminded = [m for m in fake_slack.messages("D0BER") if "Reminder" in str(m["text"])]
    assert all(local(BERLIN, m).date().day not in (22, 23) for m in reminded)


def test_one_reminder_only_to_people_who_have_not_finished(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    watched_since(services, WATCHED_SINCE)
    tick(services, clock, datetime(2026, 11, 24, 8, 30, tzinfo=UTC))  # 09:30 Berlin
    for text in ("shipped", "tests", "none"):
        slack.im(BERLIN, text)
    tick(services, clock, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))  # 09:30 New York
    press_skip(slack, services, NY)
    tick_through(
        services,
        clock,
        datetime(2026, 11, 24, 14, 45, tzinfo=UTC),
        datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
    )
    reminders = {
        user: [m for m in fake_slack.messages("D" + user[1:]) if "Reminder" in str(m["text"])]
        for user in ZONES
    }
    # New York skipped and Berlin finished; Shanghai (asked late, at 16:30 its time) did not,
    # and is reminded at the first tick after the hour.
    assert [len(reminders[u]) for u in (NY, BERLIN)] == [0, 0]
    [reminder] = reminders[SHANGHAI]
    assert sent_at(reminder) == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
    # Shanghai's Wednesday prompt comes at 01:30 UTC; its one reminder an hour later.
    tick_through(
        services,
        clock,
        datetime(2026, 11, 25, 1, 0, tzinfo=UTC),
        datetime(2026, 11, 25, 6, 0, tzinfo=UTC),
    )
    reminded = [m for m in fake_slack.messages("D0SHA") if "Reminder" in str(m["text"])]
    assert [sent_at(m) for m in reminded] == [
        datetime(2026, 11, 24, 14, 30, tzinfo=UTC),
        datetime(2026, 11, 25, 2, 30, tzinfo=UTC),
    ]


def test_the_skip_button_marks_the_day_away_and_replaces_the_prompt(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    [prompt] = prompts_to(fake_slack, NY)
    for _ in range(2):  # a double click changes nothing more
        press_skip(slack, services, NY)
    updated = fake_slack.message("D0NY", str(prompt["ts"]))
    assert updated is not None and "Skipped" in str(updated["text"])
    assert len(fake_slack.calls_to("chat.update")) == 1
    slack.im(NY, "actually, here's my answer")
    assert "no open stand-up" in str(fake_slack.messages("D0NY")[-1]["text"])
    with unit_of_work(services.factory) as session:
        assert reads.away_between(session, date(2026, 11, 24), date(2026, 11, 24), [NY])


def test_someone_else_cannot_press_my_buttons(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    slack.action(ActionId.STANDUP_SKIP_TODAY, str(_prompt_id(services, NY)), user_id=BERLIN)
    [reply] = fake_slack.responses
    assert "belongs to someone else" in reply["text"]
    with unit_of_work(services.factory) as session:
        [row] = repo.prompts_between(session, NY, date(2026, 11, 24), date(2026, 11, 24))
        assert row.status == ASKED


def _prompt_id(services: Services, user: str) -> int:
    with unit_of_work(services.factory) as session:
        rows = repo.latest_prompts(session, user)
        return rows[0].id


@pytest.mark.parametrize("standup_options", ["reminders = false"])
def test_reminders_can_be_turned_off(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick_through(
        services,
        clock,
        datetime(2026, 11, 24, 14, 30, tzinfo=UTC),
        datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
    )
    assert len(prompts_to(fake_slack, NY)) == 1
    assert not any("Reminder" in str(m["text"]) for m in fake_slack.messages())
