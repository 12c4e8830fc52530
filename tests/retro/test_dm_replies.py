"""Retro prompts answered by DM replies, exactly like stand-up prompts: one message per
question, edits, Slack's retries stored once, and one rule across stand-ups and retros for
which prompt a DM answers (the newest open prompt with a question left)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver, im_message, message_changed
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.retros import RetroPrompt
from storage.standups import prompts as standup_repo
from tests.support.clock import START
from tests.support.lessons import lessons
from tests.support.production import ProductionLane
from tests.support.slack import dm_channel

APOLLO = "C0APOLLO"
NY = "U0DEV1"  # America/New_York, in apollo with U0PM (New York) and U0DEV2 (Berlin)
# Friday 4 December 2026, a retro week: the stand-up at 09:30 New York, the retro at 15:00.
NY_STANDUP = datetime(2026, 12, 4, 14, 30, tzinfo=UTC)
NY_RETRO = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
FRIDAY = date(2026, 12, 4)


def tick(services: Services, clock: FixedClock, at: datetime) -> None:
    clock.set(at)
    assert jobs.tick(services, at) == []


def retro_answers(services: Services, user: str) -> list[str]:
    with unit_of_work(services.factory) as session:
        prompt = session.query(RetroPrompt).filter_by(user_id=user).one()
        return list(prompt.answers or [])


def standup_answers(services: Services, user: str) -> dict[int, str]:
    with unit_of_work(services.factory) as session:
        [prompt] = standup_repo.prompts_between(session, user, FRIDAY, FRIDAY)
        given = standup_repo.answers_of(session, [prompt.id])[prompt.id]
        return {i: a.text for i, a in given.items()}


def last_dm(fake_slack: FakeSlack, user: str) -> str:
    return str(fake_slack.messages(dm_channel(user))[-1]["text"])


def summaries(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(APOLLO) if "Retrospective" in m["text"]]


def test_retro_questions_are_answered_one_dm_reply_at_a_time(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_RETRO)
    assert "Reply here, one message per question" in last_dm(fake_slack, NY)
    slack.im(NY, "Demos went well")
    assert last_dm(fake_slack, NY).startswith("*2/3* What should we change?")
    slack.im(NY, "Fewer meetings")
    assert last_dm(fake_slack, NY).startswith("*3/3* One action we take next")
    slack.im(NY, "Write the deploy checklist")
    assert "retrospective answers are in" in last_dm(fake_slack, NY)
    assert retro_answers(services, NY) == [
        "Demos went well",
        "Fewer meetings",
        "Write the deploy checklist",
    ]
    # The same tick sent Friday's stand-up (late), before the retro: now it takes replies.
    for text in ("Importer", "Tests", "none"):
        slack.im(NY, text)
    assert standup_answers(services, NY) == {0: "Importer", 1: "Tests", 2: "none"}
    # Both done: the newest prompt (the retro, sent last) says there is nothing left.
    slack.im(NY, "and one more thing")
    assert "answered every retrospective question" in last_dm(fake_slack, NY)
    assert retro_answers(services, NY)[2] == "Write the deploy checklist"


def test_the_last_dm_answer_closes_the_retro_when_everyone_has_answered(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_RETRO)
    for user in ("U0PM", "U0DEV2", NY):
        for text in (f"{user} went well", f"{user} should change", "none"):
            slack.im(user, text)
    [summary] = summaries(fake_slack)
    assert "3 of 3 answered" in summary["text"]
    # Question 2 is a lesson question for all three; "none" answers to question 3 are not.
    assert sorted(x.text for x in lessons(services)) == [
        "U0DEV1 should change",
        "U0DEV2 should change",
        "U0PM should change",
    ]


def test_a_dm_answers_the_newest_open_prompt_across_stand_up_and_retro(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_STANDUP)  # the stand-up prompt, left unanswered
    tick(services, clock, NY_RETRO)  # then the retro prompt: the newest, so it is answered
    slack.im(NY, "Pairing")
    assert retro_answers(services, NY)[0] == "Pairing"
    assert standup_answers(services, NY) == {}
    slack.im(NY, "Smaller PRs")
    slack.im(NY, "Checklist")
    # The retro has no question left: the older stand-up, which has, takes the next reply.
    slack.im(NY, "Shipped the importer")
    assert standup_answers(services, NY) == {0: "Shipped the importer"}
    assert retro_answers(services, NY) == ["Pairing", "Smaller PRs", "Checklist"]
    assert last_dm(fake_slack, NY).startswith("*2/3*")  # the stand-up's next question


def test_a_stand_up_with_questions_left_is_answered_before_a_retro_that_is_done(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_RETRO)
    for text in ("Demos", "Agendas", "Checklist"):
        slack.im(NY, text)
    # Monday's stand-up prompt is sent after the finished retro; it takes the reply.
    tick(services, clock, datetime(2026, 12, 7, 14, 30, tzinfo=UTC))
    slack.im(NY, "Monday work")
    with unit_of_work(services.factory) as session:
        monday = date(2026, 12, 7)
        [prompt] = standup_repo.prompts_between(session, NY, monday, monday)
        given = standup_repo.answers_of(session, [prompt.id])[prompt.id]
    assert {i: a.text for i, a in given.items()} == {0: "Monday work"}
    assert retro_answers(services, NY) == ["Demos", "Agendas", "Checklist"]


def test_editing_a_dm_that_answered_a_retro_question_edits_that_answer(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_STANDUP)
    slack.event(im_message(NY, "Standup answer", ts="1796000000.000100"))
    tick(services, clock, NY_RETRO)
    slack.event(im_message(NY, "Demoss", ts="1796000000.000200"))
    slack.event(im_message(NY, "Fewer meetngs", ts="1796000000.000300"))
    sent = len(fake_slack.messages(dm_channel(NY)))
    slack.event(message_changed(NY, "Fewer meetings", "1796000000.000300"))
    assert retro_answers(services, NY) == ["Demoss", "Fewer meetings", ""]
    assert len(fake_slack.messages(dm_channel(NY))) == sent  # no question asked again
    # An edit of the stand-up answer still edits the stand-up, not the retro.
    slack.event(message_changed(NY, "Standup answer, edited", "1796000000.000100"))
    assert standup_answers(services, NY) == {0: "Standup answer, edited"}
    assert retro_answers(services, NY) == ["Demoss", "Fewer meetings", ""]


def test_an_edit_after_the_retro_closed_changes_nothing_and_says_so(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_RETRO)
    slack.event(im_message(NY, "Demos", ts="1796000000.000200"))
    slack.event(im_message(NY, "Fewer meetings", ts="1796000000.000300"))
    tick(services, clock, datetime(2026, 12, 5, 20, 0, tzinfo=UTC))  # closes, 1 of 3 answered
    assert len(summaries(fake_slack)) == 1
    slack.event(message_changed(NY, "More meetings", "1796000000.000300"))
    assert "has closed" in last_dm(fake_slack, NY)
    assert retro_answers(services, NY)[:2] == ["Demos", "Fewer meetings"]
    assert [x.text for x in lessons(services)] == ["Fewer meetings"]


def test_a_retro_reply_delivered_again_by_slack_is_stored_once(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_RETRO)
    event = im_message(NY, "Demos went well")
    slack.event(event, event_id="Ev0RETRO1")
    slack.event(event, event_id="Ev0RETRO1", retry_num=1)
    slack.event(event, event_id="Ev0RETRO1", retry_num=2)
    assert retro_answers(services, NY) == ["Demos went well", "", ""]
    asked = [m for m in fake_slack.messages(dm_channel(NY)) if m["text"].startswith("*2/3*")]
    assert len(asked) == 1


def test_a_retro_dm_reply_over_signed_http_answers_200_at_once_and_is_stored(
    production: ProductionLane, services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, START)
    tick(services, clock, NY_RETRO)
    answer = production.event(im_message(NY, "Demos went well"), event_id="Ev0RETROHTTP")
    assert answer.status == 200 and answer.elapsed < 1.0
    again = im_message(NY, "Demos went well")
    retry = production.event(again, event_id="Ev0RETROHTTP", retry_num=1)
    assert retry.status == 200
    deadline = time.monotonic() + 5.0
    while retro_answers(services, NY)[:1] != ["Demos went well"] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert retro_answers(services, NY) == ["Demos went well", "", ""]
    while not last_dm(fake_slack, NY).startswith("*2/3*") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert last_dm(fake_slack, NY).startswith("*2/3* What should we change?")
