"""Review and due-date nudges from the tick, with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from tests.support.risk import RISKS, replies, risk, roots


def tick_at(services: Services, clock: FixedClock, at: datetime) -> None:
    clock.set(at)
    jobs.tick(services, at)


def dms(fake_slack: FakeSlack, user: str) -> list[str]:
    """The register's DMs to `user` (the example config's stand-ups DM the same people)."""
    return [
        m["text"]
        for m in fake_slack.messages("D" + user[1:])
        if not outbox_key(m).startswith(("standup:", "status:"))
    ]


def outbox_key(message: dict[str, Any]) -> str:
    return str(((message.get("metadata") or {}).get("event_payload") or {}).get("key") or "")


def test_a_passed_review_date_nudges_the_owner_once_and_notes_the_thread(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    start = clock.now()
    slack.command("/risk", "add Vendor late p:3 i:4", user_id="U0DEV1")  # high: every 14 days
    tick_at(services, clock, start + timedelta(days=13, hours=23))
    assert dms(fake_slack, "U0DEV1") == []
    tick_at(services, clock, start + timedelta(days=14))
    tick_at(services, clock, start + timedelta(days=14, minutes=1))
    tick_at(services, clock, start + timedelta(days=15))
    [nudge] = fake_slack.messages("D0DEV1")
    assert "R-1" in nudge["text"] and "due for review" in nudge["text"]
    [buttons] = [b for b in nudge["blocks"] if b["type"] == "actions"]
    assert buttons["elements"][0]["action_id"] == ActionId.RISK_REVIEWED
    [root] = roots(fake_slack)
    [note] = replies(fake_slack, root["ts"])
    assert "Review of R-1 is due" in note["text"] and "<@U0DEV1>" in note["text"]

    # Reviewing from the DM resets the date; the next period brings one new nudge.
    slack.action(ActionId.RISK_REVIEWED, "1", user_id="U0DEV1", message_ts=nudge["ts"])
    assert risk(services, 1).next_review_at == clock.now() + timedelta(days=14)
    tick_at(services, clock, clock.now() + timedelta(days=13))
    assert len(fake_slack.messages("D0DEV1")) == 1
    tick_at(services, clock, clock.now() + timedelta(days=1))
    assert len(fake_slack.messages("D0DEV1")) == 2


def test_closed_risks_are_not_nudged(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command("/risk", "add Vendor late p:3 i:4 due:tomorrow", user_id="U0DEV1")
    slack.command("/risk", "close R-1 accepted", user_id="U0DEV1")
    tick_at(services, clock, clock.now() + timedelta(days=30))
    assert dms(fake_slack, "U0DEV1") == []


def test_due_dates_nudge_at_most_once_a_local_day_from_two_days_ahead(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    # Due Friday 27 November, 17:00 in New York (22:00 UTC).
    slack.command("/risk", "add Vendor late due:friday", user_id="U0DEV1")
    assert risk(services, 1).due_at == datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    tick_at(services, clock, datetime(2026, 11, 25, 14, 0, tzinfo=UTC))  # 2 days 8 hours ahead
    assert dms(fake_slack, "U0DEV1") == []
    tick_at(services, clock, datetime(2026, 11, 26, 14, 0, tzinfo=UTC))  # Thu 09:00 local
    tick_at(services, clock, datetime(2026, 11, 26, 22, 0, tzinfo=UTC))  # Thu 17:00 local
    [soon] = dms(fake_slack, "U0DEV1")
    assert "is due" in soon and "R-1" in soon
    tick_at(services, clock, datetime(2026, 11, 27, 13, 30, tzinfo=UTC))  # Fri 08:30: too early
    assert len(dms(fake_slack, "U0DEV1")) == 1
    tick_at(services, clock, datetime(2026, 11, 27, 14, 0, tzinfo=UTC))  # Fri 09:00
    assert len(dms(fake_slack, "U0DEV1")) == 2
    tick_at(services, clock, datetime(2026, 11, 28, 15, 0, tzinfo=UTC))  # Sat, overdue
    tick_at(services, clock, datetime(2026, 11, 28, 16, 0, tzinfo=UTC))
    texts = dms(fake_slack, "U0DEV1")
    assert len(texts) == 3 and "was due" in texts[-1]


def test_due_nudges_follow_the_owners_own_day(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    # Owner in Shanghai: 09:00 there is 01:00 UTC.
    slack.command("/risk", "add Vendor late due:in 1 day owner:<@U0SRE1|sre>", user_id="U0DEV1")
    tick_at(services, clock, datetime(2026, 11, 24, 23, 0, tzinfo=UTC))  # 07:00 Wed in Shanghai
    assert dms(fake_slack, "U0SRE1") == []
    tick_at(services, clock, datetime(2026, 11, 25, 1, 0, tzinfo=UTC))  # 09:00 Wed in Shanghai
    assert len(dms(fake_slack, "U0SRE1")) == 1


def test_mitigation_actions_nudge_their_owner_when_due(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command("/risk", "add Vendor late", user_id="U0DEV1")
    slack.command(
        "/risk", "action R-1 Call the vendor owner:<@U0PM|pm> due:tomorrow", user_id="U0DEV1"
    )
    tick_at(services, clock, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    tick_at(services, clock, datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
    [due] = dms(fake_slack, "U0PM")
    assert "action #1" in due and "Call the vendor" in due
    slack.command("/risk", "action R-1 done:1", user_id="U0PM")
    tick_at(services, clock, datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    assert len(dms(fake_slack, "U0PM")) == 1
    assert [m for m in fake_slack.messages(RISKS) if "due for review" in m["text"]] == []
