"""Answers arrive one DM at a time (or in the form), are stored once, can be edited, and after
the report are appended to it instead of lost."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SlackDriver,
    im_message,
    message_changed,
    plain_text_value,
    state_values,
)
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.standups import prompts as repo
from storage.standups import reads
from tests.support.standup import BERLIN, NY, SHANGHAI, dms, press_skip, prompts_to, tick

NY_0930 = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # Tuesday
REPORT = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 11:00 New York


def answers(services: Services, user: str, day: date) -> dict[int, str]:
    with unit_of_work(services.factory) as session:
        [prompt] = repo.prompts_between(session, user, day, day)
        return {i: a.text for i, a in repo.answers_of(session, [prompt.id])[prompt.id].items()}


def texts(fake_slack: FakeSlack, user: str) -> list[str]:
    return [str(m["text"]) for m in dms(fake_slack, user)]


def test_the_dm_asks_one_question_at_a_time_and_stores_each_reply(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    slack.im(NY, "Finished the launch checklist")
    assert texts(fake_slack, NY)[-1].startswith("*2/3* What will you do today?")
    assert answers(services, NY, date(2026, 11, 24)) == {0: "Finished the launch checklist"}
    slack.im(NY, "Dry run")
    assert texts(fake_slack, NY)[-1].startswith("*3/3* Anything blocking you?")
    slack.im(NY, "none")
    assert "that's everything" in texts(fake_slack, NY)[-1]
    slack.im(NY, "oh and one more thing")
    assert "already answered every question" in texts(fake_slack, NY)[-1]
    assert answers(services, NY, date(2026, 11, 24)) == {
        0: "Finished the launch checklist",
        1: "Dry run",
        2: "none",
    }


def test_a_reply_delivered_twice_with_a_retry_header_is_stored_once(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    event = im_message(NY, "Finished the launch checklist")
    slack.event(event, event_id="Ev0STANDUP1")
    slack.event(event, event_id="Ev0STANDUP1", retry_num=1)
    slack.event(event, event_id="Ev0STANDUP1", retry_num=2)
    assert answers(services, NY, date(2026, 11, 24)) == {0: "Finished the launch checklist"}
    questions = [t for t in texts(fake_slack, NY) if t.startswith("*2/3*")]
    assert len(questions) == 1
    to_ny = [c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == NY]
    assert len(to_ny) == 2  # the prompt and question 2


def test_a_dm_without_an_open_prompt_gets_a_short_answer(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    slack.im(NY, "hello?")
    [reply] = dms(fake_slack, NY)
    assert "no open stand-up" in str(reply["text"])
    with unit_of_work(services.factory) as session:
        assert repo.latest_prompts(session, NY) == []


def test_a_reply_goes_to_the_latest_open_prompt_whatever_the_date_where_the_bot_runs(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    # Shanghai's Wednesday prompt comes on Tuesday evening in New York and UTC.
    tick(services, clock, datetime(2026, 11, 25, 1, 30, tzinfo=UTC))
    assert len(prompts_to(fake_slack, SHANGHAI)) == 1
    clock.set(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))  # 23:00 Wednesday in Shanghai
    slack.im(SHANGHAI, "Wednesday's work")
    assert answers(services, SHANGHAI, date(2026, 11, 25)) == {0: "Wednesday's work"}
    # Still open after midnight there: it stays open until the next prompt is sent.
    clock.set(datetime(2026, 11, 25, 17, 0, tzinfo=UTC))  # 01:00 Thursday in Shanghai
    slack.im(SHANGHAI, "Thursday plans")
    assert answers(services, SHANGHAI, date(2026, 11, 25)) == {
        0: "Wednesday's work",
        1: "Thursday plans",
    }
    tick(services, clock, datetime(2026, 11, 26, 1, 30, tzinfo=UTC))  # Thursday's prompt
    slack.im(SHANGHAI, "Thursday's first answer")
    assert answers(services, SHANGHAI, date(2026, 11, 26)) == {0: "Thursday's first answer"}
    assert answers(services, SHANGHAI, date(2026, 11, 25)) == {
        0: "Wednesday's work",
        1: "Thursday plans",
    }


def test_editing_an_answer_message_updates_the_answer(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    slack.event(im_message(NY, "Finished the checklst", ts="1790000000.000100"))
    slack.event(message_changed(NY, "Finished the checklist", "1790000000.000100"))
    assert answers(services, NY, date(2026, 11, 24)) == {0: "Finished the checklist"}
    assert not any("2/3" in t for t in texts(fake_slack, NY)[2:])  # no extra question


def test_the_form_shows_the_questions_and_stores_all_answers(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    slack.im(NY, "from the DM")
    prompt_id = _prompt_id(services, NY)
    slack.action(ActionId.STANDUP_OPEN_MODAL, str(prompt_id), user_id=NY)
    view = fake_slack.last_view()
    assert view is not None and view["callback_id"] == CallbackId.STANDUP_ANSWERS
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["What did you finish?", "What will you do today?", "Anything blocking you?"]
    assert view["blocks"][1]["element"]["initial_value"] == "from the DM"
    values = state_values(
        plain_text_value("q0", "answer", "from the form"),
        plain_text_value("q1", "answer", "Plan <b> & ship"),
        plain_text_value("q2", "answer", "Waiting on legal"),
    )
    response = slack.submit(
        CallbackId.STANDUP_ANSWERS, values, user_id=NY, private_metadata=str(prompt_id)
    )
    assert response.status == 200 and not response.body
    assert answers(services, NY, date(2026, 11, 24)) == {
        0: "from the form",
        1: "Plan &lt;b&gt; &amp; ship",
        2: "Waiting on legal",
    }
    assert "that's everything" in texts(fake_slack, NY)[-1]


def test_an_empty_form_is_refused_with_a_field_error(
    services: Services, clock: FixedClock, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    values = state_values(
        plain_text_value("q0", "answer", "  "), plain_text_value("q1", "answer", None)
    )
    response = slack.submit(
        CallbackId.STANDUP_ANSWERS,
        values,
        user_id=NY,
        private_metadata=str(_prompt_id(services, NY)),
    )
    body = json.loads(response.body)
    assert body["response_action"] == "errors" and "q0" in body["errors"]
    assert answers(services, NY, date(2026, 11, 24)) == {}


def test_answers_after_the_report_are_appended_to_its_thread(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    slack.event(im_message(NY, "Early work", ts="1790000000.000200"))
    tick(services, clock, REPORT)
    [report] = fake_slack.messages("C0APOLLO")
    clock.advance(timedelta(minutes=10))
    slack.im(NY, "Late plan")
    slack.event(message_changed(NY, "Early work, edited", "1790000000.000200"))
    replies = [m for m in fake_slack.messages("C0APOLLO") if m["ts"] != report["ts"]]
    assert all(m["thread_ts"] == report["ts"] for m in replies)
    assert len(replies) == 2
    first, second = (json.dumps(m["blocks"]) for m in replies)
    assert "answered after the report" in first and "Late plan" in first
    assert "changed an answer" in second and "Early work, edited" in second


def test_an_edit_before_the_report_shows_only_the_final_text(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, datetime(2026, 11, 24, 8, 30, tzinfo=UTC))  # Berlin's 09:30
    slack.event(im_message(BERLIN, "first draft", ts="1790000000.000300"))
    slack.event(message_changed(BERLIN, "final words", "1790000000.000300"))
    tick(services, clock, REPORT)
    [report] = fake_slack.messages("C0APOLLO")
    shown = json.dumps(report["blocks"])
    assert "final words" in shown and "first draft" not in shown


def _prompt_id(services: Services, user: str) -> int:
    with unit_of_work(services.factory) as session:
        return repo.latest_prompts(session, user)[0].id


def test_answering_in_the_form_after_skipping_takes_the_skip_back(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, NY_0930)
    press_skip(slack, services, NY)
    values = state_values(plain_text_value("q0", "answer", "changed my mind"))
    prompt_id = _prompt_id(services, NY)
    slack.submit(CallbackId.STANDUP_ANSWERS, values, user_id=NY, private_metadata=str(prompt_id))
    tick(services, clock, REPORT)
    report = next(m for m in fake_slack.messages("C0APOLLO") if "Tue 24 Nov" in str(m["text"]))
    assert "changed my mind" in json.dumps(report["blocks"])
    assert "*Away:* <@U0NY>" not in json.dumps(report["blocks"])
    with unit_of_work(services.factory) as session:
        assert reads.away_between(session, date(2026, 11, 24), date(2026, 11, 24), [NY]) == []
