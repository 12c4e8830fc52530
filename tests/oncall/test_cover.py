"""/oncall cover: a request with a *Take* button in the rotation's team channel; the first
other member who takes it gets the override, exactly once, also under two clicks at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from storage.db import unit_of_work
from storage.oncall import OncallCover, OncallOverride
from tests.support.oncall import buttons
from tests.support.production import ProductionLane, wait_for_responses
from tests.support.slack import dm_channel
from tests.support.workspace import header, rotation, team, toml

MEMBERS = ["U0SRE1", "U0SRE2", "U0OPSMGR"]


@pytest.fixture
def workspace_toml() -> str:
    return toml(
        header({"risks": "C0RISKS", "escalations": "C0ESCAL"}),
        team("apollo"),
        team("ops"),
        rotation("ops-primary", members=MEMBERS),
    )


def people(fake: FakeSlack) -> None:
    for user in [*MEMBERS, "U0DEV1"]:
        fake.add_user(user, tz="America/New_York")


def overrides(services: Services) -> list[tuple[str, datetime, datetime]]:
    with unit_of_work(services.factory) as session:
        rows = session.scalars(select(OncallOverride).order_by(OncallOverride.id))
        return [(r.user_id, r.starts_at, r.ends_at) for r in rows]


def request(fake: FakeSlack) -> dict[str, Any]:
    [message] = fake.messages("C0OPS")
    return message


def last(fake: FakeSlack) -> str:
    return str(fake.responses[-1]["text"])


def test_a_cover_request_is_taken_by_the_first_other_member_and_everyone_sees_it(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    slack.command(
        "/oncall", "cover ops-primary tomorrow 9am to tomorrow 5pm dentist", user_id="U0SRE1"
    )
    assert last(fake_slack) == (
        "Asked in <#C0OPS> for cover on *ops-primary* from Wed 25 Nov 09:00 EST until "
        "Wed 25 Nov 17:00 EST; I'll tell you who takes it."
    )
    asked = request(fake_slack)
    assert buttons(asked) == [ActionId.ONCALL_COVER_TAKE]
    assert asked["text"].startswith(":raising_hand: <@U0SRE1> asks for cover on *ops-primary*")
    assert "Note: dentist" in str(asked["blocks"])
    ts = str(asked["ts"])

    slack.action(ActionId.ONCALL_COVER_TAKE, "1", user_id="U0SRE1", message_ts=ts)
    assert last(fake_slack) == "That's your own request; someone else has to take it."
    slack.action(ActionId.ONCALL_COVER_TAKE, "1", user_id="U0DEV1", message_ts=ts)
    assert last(fake_slack) == "Sorry, only members of `ops-primary` can take its cover requests."
    assert overrides(services) == []

    slack.action(ActionId.ONCALL_COVER_TAKE, "1", user_id="U0SRE2", message_ts=ts)
    assert last(fake_slack) == (
        "O-1: you are on call for *ops-primary* from Wed 25 Nov 09:00 EST until "
        "Wed 25 Nov 17:00 EST. Thanks for covering!"
    )
    assert overrides(services) == [
        (
            "U0SRE2",
            datetime(2026, 11, 25, 14, 0, tzinfo=UTC),
            datetime(2026, 11, 25, 22, 0, tzinfo=UTC),
        )
    ]
    updated = request(fake_slack)
    assert updated["ts"] == asked["ts"] and buttons(updated) == []
    assert updated["text"].endswith(":white_check_mark: Taken by <@U0SRE2>.")
    told = fake_slack.messages_text(dm_channel("U0SRE1"))
    assert any(m.startswith("<@U0SRE2> took your cover request") for m in told)

    slack.action(ActionId.ONCALL_COVER_TAKE, "1", user_id="U0OPSMGR", message_ts=ts)
    assert last(fake_slack) == "Thanks, but <@U0SRE2> already took this one."
    assert len(overrides(services)) == 1
    slack.command("/oncall", "", user_id="U0DEV1")
    assert "on call now <@U0SRE1>" in last(fake_slack)


def test_cover_requests_are_refused_with_a_reason_and_store_nothing(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    for user, text, answer in (
        ("U0SRE1", "ops-primary tomorrow", "Say which rotation and when"),
        ("U0SRE1", "nosuch tomorrow 9am to tomorrow 5pm", "There is no rotation `nosuch`"),
        ("U0DEV1", "ops-primary tomorrow 9am to tomorrow 5pm", "Only members of `ops-primary`"),
        ("U0SRE1", "ops-primary tomorrow 5pm to tomorrow 9am", "The override must end after"),
    ):
        slack.command("/oncall", f"cover {text}", user_id=user)
        assert last(fake_slack).startswith(answer), text
    with unit_of_work(services.factory) as session:
        assert session.scalar(select(func.count(OncallCover.id))) == 0
    assert fake_slack.messages("C0OPS") == []


def test_taking_a_cover_that_overlaps_an_override_is_refused_and_leaves_it_open(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    slack.command("/oncall", "cover ops-primary tomorrow 9am to tomorrow 5pm", user_id="U0SRE1")
    slack.command(
        "/oncall",
        "override ops-primary <@U0OPSMGR> tomorrow 3pm to tomorrow 6pm",
        user_id="U0ADMIN",
    )
    slack.action(ActionId.ONCALL_COVER_TAKE, "1", user_id="U0SRE2")
    assert last(fake_slack).startswith("That overlaps O-1 (<@U0OPSMGR> on call for *ops-primary*")
    with unit_of_work(services.factory) as session:
        [cover] = session.scalars(select(OncallCover))
        assert cover.taken_by is None
    assert len(overrides(services)) == 1


def test_two_takes_at_the_same_moment_make_one_override_and_both_get_200(
    production: ProductionLane, services: Services, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    asked = production.command(
        "/oncall", "cover ops-primary tomorrow 9am to tomorrow 5pm", user_id="U0SRE1"
    )
    assert asked.status == 200
    wait_for_responses(fake_slack, 1)
    ts = str(request(fake_slack)["ts"])
    before = len(fake_slack.responses)
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def take(user: str) -> None:
        barrier.wait()
        answer = production.action(
            ActionId.ONCALL_COVER_TAKE, "1", user_id=user, message_ts=ts, channel_id="C0OPS"
        )
        statuses[user] = answer.status

    threads = [threading.Thread(target=take, args=(user,)) for user in ("U0SRE2", "U0OPSMGR")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert statuses == {"U0SRE2": 200, "U0OPSMGR": 200}
    answers = [str(r["text"]) for r in wait_for_responses(fake_slack, before + 2)[before:]]
    [won] = [a for a in answers if a.startswith("O-1: you are on call")]
    [lost] = [a for a in answers if a.startswith("Thanks, but <@")]
    assert len(answers) == 2 and won and lost
    [(winner, _, _)] = overrides(services)
    assert lost == f"Thanks, but <@{winner}> already took this one."
    with unit_of_work(services.factory) as session:
        [cover] = session.scalars(select(OncallCover))
        assert cover.taken_by == winner and cover.override_id == 1
    assert request(fake_slack)["text"].endswith(f"Taken by <@{winner}>.")


def test_a_refused_take_answers_200_with_one_ephemeral_reason_and_changes_nothing(
    production: ProductionLane, services: Services, fake_slack: FakeSlack
) -> None:
    people(fake_slack)
    production.command(
        "/oncall", "cover ops-primary tomorrow 9am to tomorrow 5pm", user_id="U0SRE1"
    )
    wait_for_responses(fake_slack, 1)
    ts = str(request(fake_slack)["ts"])
    for user in ("U0DEV1", "U0SRE1"):
        answer = production.action(
            ActionId.ONCALL_COVER_TAKE, "1", user_id=user, message_ts=ts, channel_id="C0OPS"
        )
        assert answer.status == 200 and answer.elapsed < 1.0
    texts = sorted(str(r["text"]) for r in wait_for_responses(fake_slack, 3)[1:])
    assert texts == [
        "Sorry, only members of `ops-primary` can take its cover requests.",
        "That's your own request; someone else has to take it.",
    ]
    assert overrides(services) == [] and buttons(request(fake_slack)) == ["oncall.cover_take"]
