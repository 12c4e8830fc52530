"""Hand-overs: with `handover = true` the outgoing person gets a *Write hand-over* DM at each
hand-off; the modal lists their open pages and the team's open critical/high risks; what
they write reaches the incoming person and the team channel, once."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver, plain_text_value, state_values
from bot.core.blocks.ids import ActionId, CallbackId, HandoverField
from bot.core.clock import FixedClock
from storage import handovers
from storage.db import unit_of_work
from tests.support.oncall import restart
from tests.support.slack import dm_channel
from tests.support.workspace import digest, header, policy, rotation, team, toml

# ops-primary hands from U0SRE2 to U0SRE1 on Monday 30 November, 10:00 New York time.
BOUNDARY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
NOTES = "Disk on db-3 fills up around 02:00; the cleanup job is half done."


@pytest.fixture
def workspace_toml() -> str:
    return toml(
        header(),
        team("apollo"),
        team("ops"),
        rotation("ops-primary", handover=True),
        policy(),
        digest("weekly", charts=False),
    )


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in ("U0DEV1", "U0SRE1", "U0SRE2", "U0OPSMGR", "U0PM"):
        fake_slack.add_user(user)


def prompts(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(dm_channel(user))
        if any(b.get("block_id") == "handover" for b in m.get("blocks") or [])
    ]


def hand_off(services: Services, clock: FixedClock) -> None:
    clock.set(BOUNDARY + timedelta(seconds=30))
    jobs.tick(services, clock.now())


def button_value(message: dict[str, Any]) -> str:
    [value] = [
        element["value"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == ActionId.ONCALL_HANDOVER
    ]
    return str(value)


def submit(slack: SlackDriver, value: str, notes: str, user: str = "U0SRE2") -> Any:
    return slack.submit(
        CallbackId.ONCALL_HANDOVER,
        state_values(plain_text_value(HandoverField.NOTES, HandoverField.NOTES, notes)),
        user_id=user,
        private_metadata=value,
    )


def test_the_outgoing_person_is_asked_once_per_hand_off(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    other = restart(services, clock)
    clock.set(BOUNDARY - timedelta(seconds=30))
    jobs.tick(services, clock.now())
    assert prompts(fake_slack, "U0SRE2") == []
    for _ in range(3):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())
        jobs.tick(other, clock.now())
    [prompt] = prompts(fake_slack, "U0SRE2")
    assert "Your *ops-primary* shift handed over to <@U0SRE1>" in prompt["text"]
    assert json.loads(button_value(prompt)) == {
        "rotation": "ops-primary",
        "at": BOUNDARY.isoformat(),
    }
    assert prompts(fake_slack, "U0SRE1") == []


def test_a_rotation_without_handover_asks_nobody(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    ws = services.workspace
    rotations = tuple(dataclasses.replace(r, handover=False) for r in ws.rotations)
    services.workspace = dataclasses.replace(ws, rotations=rotations)
    hand_off(services, clock)
    assert prompts(fake_slack, "U0SRE2") == []


def test_the_form_lists_open_pages_and_the_teams_open_severe_risks_and_delivers_the_notes(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    slack.command("/page", "<@U0SRE2> Checkout returns 500s", user_id="U0DEV1")
    slack.command("/risk", "add Vendor may drop EU cards p:3 i:4 team:ops", user_id="U0OPSMGR")
    slack.command("/risk", "add Minor typo in runbook p:1 i:1 team:ops", user_id="U0OPSMGR")
    hand_off(services, clock)
    [prompt] = prompts(fake_slack, "U0SRE2")
    slack.action(
        ActionId.ONCALL_HANDOVER,
        button_value(prompt),
        user_id="U0SRE2",
        message_ts=str(prompt["ts"]),
    )
    view = fake_slack.last_view()
    assert view is not None
    shown = json.dumps(view["blocks"])
    assert "*P-1* Checkout returns 500s (paging" in shown
    assert "*R-1* Vendor may drop EU cards (high" in shown
    assert "Minor typo" not in shown
    response = slack.submit_view(
        state_values(plain_text_value(HandoverField.NOTES, HandoverField.NOTES, NOTES)),
        user_id="U0SRE2",
    )
    assert response.status == 200
    assert response.body == ""
    [dm] = [m for m in fake_slack.messages_text(dm_channel("U0SRE1")) if "Hand-over" in m]
    [post] = fake_slack.messages_text("C0OPS")[-1:]
    for text in (dm, post):
        assert "*Hand-over of ops-primary* from <@U0SRE2> to <@U0SRE1>" in text
        assert "*P-1* Checkout returns 500s" in text
        assert "*R-1* Vendor may drop EU cards" in text
        assert NOTES in text
    with unit_of_work(services.factory) as session:
        [row] = handovers.submitted_between(session, ["ops"], BOUNDARY, clock.now() + timedelta(1))
    assert (row.outgoing, row.incoming, row.notes) == ("U0SRE2", "U0SRE1", NOTES)


@pytest.mark.parametrize(
    ("notes", "error"),
    [("   ", "Write a few words"), ("x" * 2501, "2501 characters long")],
)
def test_bad_notes_are_answered_as_modal_errors_and_nothing_is_sent(
    services: Services,
    fake_slack: FakeSlack,
    clock: FixedClock,
    slack: SlackDriver,
    notes: str,
    error: str,
) -> None:
    hand_off(services, clock)
    [prompt] = prompts(fake_slack, "U0SRE2")
    posts = len(fake_slack.calls_to("chat.postMessage"))
    response = submit(slack, button_value(prompt), notes)
    body = json.loads(response.body)
    assert body["response_action"] == "errors"
    assert error in body["errors"][HandoverField.NOTES]
    assert len(fake_slack.calls_to("chat.postMessage")) == posts


def test_a_hand_over_is_sent_once_and_a_second_submit_is_told_so(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    hand_off(services, clock)
    [prompt] = prompts(fake_slack, "U0SRE2")
    assert submit(slack, button_value(prompt), NOTES).body == ""
    again = json.loads(submit(slack, button_value(prompt), "More notes").body)
    assert again["errors"][HandoverField.NOTES] == "You already sent this *ops-primary* hand-over."
    assert len([m for m in fake_slack.messages_text("C0OPS") if "Hand-over" in m]) == 1


def test_only_the_outgoing_person_may_write_the_hand_over(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    hand_off(services, clock)
    [prompt] = prompts(fake_slack, "U0SRE2")
    slack.action(ActionId.ONCALL_HANDOVER, button_value(prompt), user_id="U0SRE1")
    assert fake_slack.last_view() is None
    assert "Only the person whose *ops-primary* shift ended" in fake_slack.responses_text()[-1]
    body = json.loads(submit(slack, button_value(prompt), NOTES, user="U0SRE1").body)
    assert "Only the person" in body["errors"][HandoverField.NOTES]


def test_the_weekly_digests_ops_section_lists_the_weeks_hand_overs(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    hand_off(services, clock)
    [prompt] = prompts(fake_slack, "U0SRE2")
    assert submit(slack, button_value(prompt), NOTES).body == ""
    clock.set(datetime(2026, 12, 4, 21, 0, tzinfo=UTC))  # Friday 16:00 in New York
    text = "\n".join(message.text for message in services.digests.preview("weekly", clock.now()))
    assert "*Hand-overs* (1)" in text
    assert "• *ops-primary* <@U0SRE2> → <@U0SRE1> · Mon 30 Nov 10:00: Disk on db-3" in text
    clock.set(datetime(2026, 12, 11, 21, 0, tzinfo=UTC))  # the next week has none
    text = "\n".join(message.text for message in services.digests.preview("weekly", clock.now()))
    assert "Hand-overs" not in text
