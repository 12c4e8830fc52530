"""Retrospectives end to end: DMs at each member's local time every other week, answers by
the form (with edits), the summary in the team channel, lessons that /lesson search finds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, message_text
from bot.app.standin.slack_requests import SlackDriver, plain_text_value, state_values
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.retro.blocks import question_block
from storage.db import unit_of_work
from storage.retros import RetroSession
from tests.support.clock import START
from tests.support.lessons import lessons
from tests.support.slack import dm_channel

APOLLO = "C0APOLLO"
# Friday 4 December 2026: a retro week (every 2w from Monday 1 January 2024); 27 Nov is not.
BERLIN_15 = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
NEW_YORK_15 = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)


def tick(services: Services, clock: FixedClock, at: datetime) -> None:
    clock.set(at)
    assert jobs.tick(services, at) == []


def prompts(fake_slack: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(dm_channel(user)) if "Retrospective" in m["text"]]


def summaries(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(APOLLO) if "Retrospective" in m["text"]]


def answer(slack: SlackDriver, fake_slack: FakeSlack, user: str, *texts: str) -> None:
    [prompt] = prompts(fake_slack, user)
    button = prompt["blocks"][1]["elements"][0]
    assert button["action_id"] == ActionId.RETRO_ANSWER
    slack.action(ActionId.RETRO_ANSWER, button["value"], user_id=user)
    values = state_values(
        *(plain_text_value(question_block(i), question_block(i), x) for i, x in enumerate(texts))
    )
    slack.submit_view(values, user_id=user)


def test_members_are_asked_at_their_own_local_time_only_in_retro_weeks(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, START)
    tick(services, clock, datetime(2026, 11, 27, 21, 0, tzinfo=UTC))  # not a retro week
    assert all(prompts(fake_slack, u) == [] for u in ("U0PM", "U0DEV1", "U0DEV2"))
    tick(services, clock, datetime(2026, 12, 4, 13, 59, tzinfo=UTC))
    assert prompts(fake_slack, "U0DEV2") == []
    tick(services, clock, BERLIN_15)
    tick(services, clock, BERLIN_15)  # a second tick asks nobody twice
    assert len(prompts(fake_slack, "U0DEV2")) == 1 and prompts(fake_slack, "U0DEV1") == []
    tick(services, clock, NEW_YORK_15)
    assert len(prompts(fake_slack, "U0DEV1")) == 1 and len(prompts(fake_slack, "U0PM")) == 1
    assert "What should we change?" in prompts(fake_slack, "U0PM")[0]["text"]


def test_answers_become_a_summary_and_lessons_that_search_finds(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    slack.command("/standup", "away 2026-12-04 to 2026-12-04", user_id="U0PM")
    tick(services, clock, NEW_YORK_15)
    assert prompts(fake_slack, "U0PM") == []  # away: not asked
    answer(slack, fake_slack, "U0DEV2", "Demos", "Too many meetings. Vendor calls ran long.", "")
    # An edit: the form opens with the earlier answers, and the new ones replace them.
    answer(slack, fake_slack, "U0DEV2", "Demos", "Fewer meetings. Vendor calls need an agenda.", "")
    assert summaries(fake_slack) == []  # still open: U0DEV1 has not answered
    thanks = [m for m in fake_slack.messages(dm_channel("U0DEV2")) if "answers are in" in m["text"]]
    assert len(thanks) == 2  # one per submission
    answer(slack, fake_slack, "U0DEV1", "Shipping", "none", "Write the deploy checklist")
    [summary] = summaries(fake_slack)
    text = message_text(summary)
    assert "2 of 2 answered" in text and "Fewer meetings" in text and "Too many" not in text
    assert "<@U0DEV1>: Write the deploy checklist" in text
    stored = lessons(services)
    assert sorted((x.author, x.source, x.team) for x in stored) == [
        ("U0DEV1", "retro", "apollo"),
        ("U0DEV2", "retro", "apollo"),
    ]  # "none" and empty answers are no lessons; question 1 is not a lesson question
    slack.command("/lesson", "search agenda vendor", user_id="U0SRE1")
    blocks = fake_slack.responses[-1]["blocks"]
    assert "Vendor calls need an agenda" in blocks[1]["text"]["text"]
    assert "from a retrospective" in blocks[1]["text"]["text"]
    tick(services, clock, datetime(2026, 12, 6, 0, 0, tzinfo=UTC))
    assert len(summaries(fake_slack)) == 1 and len(lessons(services)) == 2


def test_a_retro_not_everyone_answered_closes_the_next_day_at_the_same_time(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NEW_YORK_15)
    answer(slack, fake_slack, "U0DEV2", "Pairing", "Smaller PRs", "")
    tick(services, clock, datetime(2026, 12, 5, 19, 59, tzinfo=UTC))
    assert summaries(fake_slack) == []
    tick(services, clock, datetime(2026, 12, 5, 20, 0, tzinfo=UTC))
    [summary] = summaries(fake_slack)
    assert "1 of 3 answered" in message_text(summary)
    assert [x.text for x in lessons(services)] == ["Smaller PRs"]
    [late] = prompts(fake_slack, "U0DEV1")
    slack.action(ActionId.RETRO_ANSWER, late["blocks"][1]["elements"][0]["value"], user_id="U0DEV1")
    assert "has closed" in str(fake_slack.responses[-1]["text"])
    assert len(lessons(services)) == 1


def test_retro_start_by_the_lead_asks_everyone_now(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    slack.command("/retro", "start apollo-retro", user_id="U0PM")
    assert "3 people asked" in str(fake_slack.responses[-1]["text"])
    assert all(len(prompts(fake_slack, u)) == 1 for u in ("U0PM", "U0DEV1", "U0DEV2"))
    slack.command("/retro", "start apollo-retro", user_id="U0PM")
    assert "already open" in str(fake_slack.responses[-1]["text"])
    with unit_of_work(services.factory) as session:
        [opened] = session.scalars(select(RetroSession))
    assert opened.started_by == "U0PM" and json.dumps(opened.lesson_questions) == "[1, 2]"


def test_each_member_is_asked_in_their_own_slack_language(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0DEV2", tz="Europe/Berlin", name="u0dev2", locale="zh-CN")
    services.users.get("U0DEV2")  # the profile Tandem keeps, with its Slack locale
    tick(services, clock, START)
    tick(services, clock, BERLIN_15)
    [prompt] = [m for m in fake_slack.messages(dm_channel("U0DEV2")) if "回顾会" in m["text"]]
    assert prompt["blocks"][1]["elements"][0]["text"]["text"] == "回答"
    tick(services, clock, NEW_YORK_15)
    assert len(prompts(fake_slack, "U0DEV1")) == 1  # still English for the others
