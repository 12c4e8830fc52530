"""The report: posted once at the team's report time, every answer once, away and missing
people shown as such, long reports split cleanly, stale blockers called out and escalated."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, ServerError
from bot.app.standin.slack_api import blocks_text as shown_text
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.standups import reads as repo
from tests.support.escalator import RecordingEscalator
from tests.support.standup import BERLIN, NY, SHANGHAI, WATCHED_SINCE, tick, watched_since

REPORT = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # Tuesday 11:00 in New York


def nine_thirty_ny(day: int) -> datetime:
    return datetime(2026, 11, day, 14, 30, tzinfo=UTC)


def report_time(day: int) -> datetime:
    return datetime(2026, 11, day, 16, 0, tzinfo=UTC)


def roots(fake_slack: FakeSlack) -> list[dict[str, object]]:
    return [m for m in fake_slack.messages("C0APOLLO") if m.get("thread_ts") in (None, m["ts"])]


def report_of(fake_slack: FakeSlack, day: str) -> dict[str, object]:
    [report] = [m for m in roots(fake_slack) if day in str(m["text"])]
    return report


def everything(fake_slack: FakeSlack) -> str:
    """The visible text of every report message (root and thread), fallbacks left out."""
    return "\n".join(blocks_text(m.get("blocks")) for m in fake_slack.messages("C0APOLLO"))


def blocks_text(blocks: object) -> str:
    return "\n".join(shown_text(blocks))


def answer_all(slack: SlackDriver, user: str, *texts: str) -> None:
    for text in texts:
        slack.im(user, text)


def test_the_report_lists_each_answer_once_and_shows_away_and_missing(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    watched_since(services, WATCHED_SINCE)
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    slack.command("/standup", "skip tuesday", user_id=BERLIN)
    tick(services, clock, datetime(2026, 11, 24, 1, 30, tzinfo=UTC))  # Shanghai's 09:30
    tick(services, clock, nine_thirty_ny(24))
    answer_all(slack, NY, "Shipped the beta", "Release notes", "none")
    tick(services, clock, REPORT)
    tick(services, clock, REPORT)
    tick(services, clock, REPORT + timedelta(hours=3))
    report = report_of(fake_slack, "Tue 24 Nov")
    shown = blocks_text(report["blocks"])
    for answer in ("Shipped the beta", "Release notes"):
        assert shown.count(answer) == 1
    assert "*Away:* <@U0BER>" in shown
    assert "*No answer yet:* <@U0SHA>" in shown
    assert "1 answered · 1 away · 1 no answer" in shown
    assert "Blocker:" not in shown  # "none" is not a blocker
    assert report["text"] == (
        "Stand-up report for Apollo launch, Tue 24 Nov: 1 answered · 1 away · 1 no answer"
    )
    # Monday's report was caught up at the first tick (20:30 Monday in New York): New York
    # was asked late and has not answered; Berlin's and Shanghai's Mondays were already over.
    monday = blocks_text(report_of(fake_slack, "Mon 23 Nov")["blocks"])
    assert "0 answered · 0 away · 1 no answer · 2 not asked" in monday
    assert "*No answer yet:* <@U0NY>" in monday
    assert "*Not asked:* <@U0BER>, <@U0SHA>" in monday


def test_the_report_is_posted_once_even_when_slack_fails_first(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, nine_thirty_ny(24))
    answer_all(slack, NY, "a", "b", "c")
    tick(services, clock, REPORT - timedelta(minutes=15))  # Berlin's reminder goes out
    fake_slack.fail("chat.postMessage", ServerError(status=503))
    tick(services, clock, REPORT)
    assert roots(fake_slack) == []
    tick(services, clock, REPORT + timedelta(minutes=1))
    tick(services, clock, REPORT + timedelta(minutes=2))
    assert len(roots(fake_slack)) == 1


def test_no_report_on_a_holiday_or_a_weekend(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, datetime(2026, 12, 25, 16, 30, tzinfo=UTC))  # Christmas, a Friday
    tick(services, clock, datetime(2026, 12, 26, 16, 30, tzinfo=UTC))  # Saturday
    assert fake_slack.messages("C0APOLLO") == []


@pytest.mark.parametrize("standup_options", ['report_style = "thread"\nmention = false'])
def test_thread_style_puts_the_answers_in_the_thread_and_mention_off_uses_names(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, nine_thirty_ny(24))
    answer_all(slack, NY, "Shipped the beta", "Release notes", "Waiting for the legal review")
    tick(services, clock, REPORT)
    [root] = roots(fake_slack)
    root_text = blocks_text(root["blocks"])
    assert "Shipped the beta" not in root_text and "in the thread" in root_text
    [reply] = [m for m in fake_slack.messages("C0APOLLO") if m["ts"] != root["ts"]]
    assert reply["thread_ts"] == root["ts"]
    reply_text = blocks_text(reply["blocks"])
    assert (
        "Shipped the beta" in reply_text and "*Blocker:* Waiting for the legal review" in reply_text
    )
    assert "<@" not in everything(fake_slack)
    assert "Person U0SHA" in root_text  # named, not pinged, in the missing list


def test_a_long_report_continues_in_the_thread_within_slacks_limits(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    tick(services, clock, nine_thirty_ny(24))
    long = "word " * 1500  # 7,500 characters per answer
    for user in (NY, BERLIN, SHANGHAI):
        answer_all(slack, user, f"{user} start " + long, f"{user} plan " + long, "none")
    tick(services, clock, REPORT)
    root = report_of(fake_slack, "Tue 24 Nov")
    rest = [m for m in fake_slack.messages("C0APOLLO") if m.get("thread_ts") == root["ts"]]
    messages = [root] + [m for m in rest if m["ts"] != root["ts"]]
    assert len(messages) > 1
    for message in messages:
        assert len(message["blocks"]) <= 50
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
    shown = "\n".join(blocks_text(m["blocks"]) for m in messages)
    for user in (NY, BERLIN, SHANGHAI):
        assert shown.count(f"{user} start") == 1 and shown.count(f"{user} plan") == 1


@pytest.mark.parametrize("team_options", ['timezone = "Asia/Tokyo"'])
def test_people_whose_day_starts_after_the_report_are_shown_as_asked_later(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, datetime(2026, 11, 24, 1, 30, tzinfo=UTC))  # 09:30 in Shanghai
    answer_all(slack, SHANGHAI, "Tokyo-time work", "more", "none")
    tick(services, clock, datetime(2026, 11, 24, 2, 0, tzinfo=UTC))  # 11:00 in Tokyo
    report = report_of(fake_slack, "Tue 24 Nov")
    shown = blocks_text(report["blocks"])
    assert "*Asked later in their day:* <@U0NY>, <@U0BER>" in shown
    assert "No answer" not in shown and "Tokyo-time work" in shown
    tick(services, clock, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    slack.im(NY, "New York's answer")
    [late] = [m for m in fake_slack.messages("C0APOLLO") if m["ts"] != report["ts"]]
    assert late["thread_ts"] == report["ts"]
    assert "New York's answer" in blocks_text(late["blocks"])


def report_blocker_days(
    services: Services, clock: FixedClock, slack: SlackDriver, days: dict[int, str]
) -> None:
    for day, blocker in days.items():
        tick(services, clock, nine_thirty_ny(day))
        answer_all(slack, NY, f"work of the {day}th", "more work", blocker)
        tick(services, clock, report_time(day))


def test_a_blocker_reported_for_two_days_is_called_out_with_a_raise_as_risk_button(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    report_blocker_days(
        services,
        clock,
        slack,
        {23: "Waiting on the vendor API key", 24: "Still no key", 25: "No key"},
    )
    reports = {m["ts"]: m for m in roots(fake_slack)}
    monday, tuesday, wednesday = sorted(reports.values(), key=lambda m: float(str(m["ts"])))
    for early in (monday, tuesday):
        assert ActionId.RISK_FROM_BLOCKER not in json.dumps(early["blocks"])
    [section] = [
        b for b in wednesday["blocks"] if str(b.get("block_id", "")).startswith("blocker-")
    ]
    assert "blocked since Mon 23 Nov (2 days): No key" in section["text"]["text"]
    button = section["accessory"]
    assert button["action_id"] == ActionId.RISK_FROM_BLOCKER
    with unit_of_work(services.factory) as session:
        [blocker] = repo.open_blockers(session, ["apollo"], clock.now())
    assert json.loads(button["value"]) == {
        "team": "apollo",
        "user": NY,
        "text": "No key",
        "blocker": blocker.id,
    }
    assert blocker.first_date == date(2026, 11, 23) and blocker.last_date == date(2026, 11, 25)
    # The risk register opens its "New risk" form from the button, prefilled.
    slack.action(
        ActionId.RISK_FROM_BLOCKER,
        button["value"],
        user_id="U0PM",
        message_ts=str(wednesday["ts"]),
        channel_id="C0APOLLO",
    )
    view = fake_slack.last_view()
    assert view is not None and "No key" in json.dumps(view["blocks"])


def test_answering_none_resolves_the_blocker(
    services: Services, clock: FixedClock, slack: SlackDriver
) -> None:
    report_blocker_days(services, clock, slack, {23: "Waiting on the vendor", 24: "n/a"})
    with unit_of_work(services.factory) as session:
        assert repo.open_blockers(session, None, clock.now()) == []
        [was_open] = repo.open_blockers(session, None, report_time(23))
    assert was_open.text == "Waiting on the vendor"


@pytest.mark.parametrize("standup_options", ['blocker_escalate_after = "1d"'])
def test_an_old_blocker_starts_one_escalation_and_resolving_it_stops_it(
    services: Services,
    clock: FixedClock,
    slack: SlackDriver,
    escalator: RecordingEscalator,
) -> None:
    report_blocker_days(services, clock, slack, {23: "Waiting on the vendor"})
    tick(services, clock, nine_thirty_ny(24) - timedelta(minutes=15))
    assert escalator.started == []  # not a day old yet
    report_blocker_days(services, clock, slack, {24: "Still waiting"})
    tick(services, clock, report_time(24) + timedelta(minutes=30))
    [call] = escalator.started
    subject, reason = call["subject"], call["reason"]
    with unit_of_work(services.factory) as session:
        [blocker] = repo.open_blockers(session, None, clock.now())
    assert (subject.kind, subject.ref, subject.owner, subject.team) == (
        "blocker",
        f"B-{blocker.id}",
        NY,
        "apollo",
    )
    assert reason == "blocker" and "Waiting on the vendor" in subject.title
    report_blocker_days(services, clock, slack, {25: "none"})
    assert [(r["kind"], r["ref"]) for r in escalator.resolved] == [("blocker", f"B-{blocker.id}")]
    assert len(escalator.started) == 1
