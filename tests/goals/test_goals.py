"""/goal: a goal shared by project and ops teams, updated in every sharing team's channel,
shown with its progress in every digest of those teams, and exported."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.app.cli import main
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver, slash_command
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.goals import Goal, GoalTeam, GoalUpdate
from storage.models import OutboxMessage
from tests.support.digest import digest_messages, post_weekly
from tests.support.production import ProductionLane, wait_for_responses
from tests.support.workspace import EXAMPLE_CONFIG

TITLE = "Checkout conversion %"


def stored(services: Services) -> tuple[int, int, int, int]:
    """Goals, their team rows, their updates and queued messages."""
    with unit_of_work(services.factory) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Goal, GoalTeam, GoalUpdate, OutboxMessage)
        )


def last_answer(fake: FakeSlack) -> str:
    return fake.responses_text()[-1]


def test_a_member_adds_a_goal_shared_by_both_teams_and_both_channels_hear_of_it(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command(
        "/goal", f"add {TITLE} teams:apollo,ops target:4.5 due:2026-12-31", user_id="U0DEV1"
    )
    assert "Added *G-1* Checkout conversion %, shared by Apollo launch, Platform operations" in (
        last_answer(fake_slack)
    )
    assert fake_slack.responses[-1]["response_type"] == "ephemeral"
    for channel in ("C0APOLLO", "C0OPS"):
        [post] = fake_slack.messages_text(channel)
        assert "<@U0DEV1> added a shared goal: *G-1* Checkout conversion %" in post
        assert "░░░░░░░░░░ 0% (0 of 4.5) · due Thu 31 Dec 2026" in post
        assert "shared by Apollo launch, Platform operations" in post


def test_teams_default_to_the_callers_and_an_update_posts_to_every_sharing_channel(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/goal", "add Pages answered within 5 minutes target:20", user_id="U0SRE1")
    assert fake_slack.messages_text("C0APOLLO") == []
    slack.command("/goal", "add Release train on time target:10 teams:apollo ops", user_id="U0PM")
    slack.command("/goal", "update G-2 value:5", user_id="U0SRE2")  # ops shares G-2
    assert "Updated *G-2* Release train on time:" in last_answer(fake_slack)
    assert "▓▓▓▓▓░░░░░ 50% (5 of 10)" in last_answer(fake_slack)
    for channel in ("C0APOLLO", "C0OPS"):
        post = fake_slack.messages_text(channel)[-1]
        assert "<@U0SRE2> updated *G-2* from 0 to 5:" in post
        assert "▓▓▓▓▓░░░░░ 50% (5 of 10)" in post
    slack.command("/goal", "update g-1 value:25", user_id="U0ADMIN")  # admins may, too
    assert "▓▓▓▓▓▓▓▓▓▓ 100% (25 of 20)" in fake_slack.messages_text("C0OPS")[-1]
    assert len(fake_slack.messages_text("C0APOLLO")) == 2  # G-1 is ops's alone


def test_list_shows_the_callers_teams_goals_in_the_ack_body(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/goal", "add Pages answered within 5 minutes target:20", user_id="U0SRE1")
    slack.command("/goal", "add Story points delivered", user_id="U0DEV1")
    slack.command("/goal", "update G-2 value:12", user_id="U0DEV2")
    fake_slack.responses.clear()
    response = slack.command("/goal", "list", user_id="U0DEV2")
    text = json.loads(response.body)["text"]
    assert "*Shared goals of Apollo launch* (1)" in text
    assert "*G-2* Story points delivered: 12 (no target)" in text
    assert "G-1" not in text


def test_slack_delivering_the_same_command_twice_adds_and_updates_once(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    for _ in range(2):
        slack.command("/goal", "add Uptime target:99.9", user_id="U0SRE1", trigger_id="T1")
    for _ in range(2):
        slack.command("/goal", "update G-1 value:99.5", user_id="U0SRE1", trigger_id="T2")
    assert stored(services)[:3] == (1, 1, 1)
    assert len(fake_slack.messages_text("C0OPS")) == 2


def test_a_goal_added_by_an_outsider_for_a_team_they_are_not_in_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/goal", "add Uptime teams:ops", user_id="U0DEV1")
    assert "Only members of a sharing team (or admins) may add a goal for Platform operations" in (
        last_answer(fake_slack)
    )
    slack.command("/goal", "add Uptime teams:ops", user_id="U0ADMIN")
    slack.command("/goal", "update G-1 value:3", user_id="U0DEV1")
    assert "Only members of the teams that share *G-1* (Platform operations)" in (
        last_answer(fake_slack)
    )
    assert stored(services)[:3] == (1, 1, 0)


def test_a_goal_shows_with_its_bar_and_sharing_teams_in_the_weekly_digest(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command(
        "/goal",
        "add Checkout conversion % teams:apollo,ops target:4 due:2026-12-31",
        user_id="U0PM",
    )
    slack.command("/goal", "add Last quarter's cleanup teams:ops due:2026-11-25", user_id="U0SRE1")
    slack.command("/goal", "update G-1 value:2", user_id="U0SRE1")
    clock.set(datetime(2026, 11, 26, tzinfo=UTC))  # the cleanup is over before next week
    slack.command("/goal", "update G-2 value:1", user_id="U0SRE1")
    post_weekly(services, clock)
    [root, *_] = digest_messages(fake_slack)
    text = root["text"]
    assert "Shared goals (2)" in text
    assert (
        "• *G-1* Checkout conversion %: ▓▓▓▓▓░░░░░ 50% (2 of 4) · due Thu 31 Dec\n"
        "    shared by Apollo launch, Platform operations"
    ) in text
    assert "*G-2* Last quarter's cleanup: 1 (no target) · due Wed 25 Nov" in text
    clock.set(datetime(2026, 12, 4, 21, 0, tzinfo=UTC))  # the next Friday's digest
    text = "\n".join(m.text for m in services.digests.preview("weekly", clock.now()))
    assert "Shared goals (1)" in text and "G-2" not in text


def test_export_goals_as_csv_and_json(
    slack: SlackDriver,
    engine: Engine,
    fake_slack: FakeSlack,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    slack.command("/goal", "add Uptime teams:ops,apollo target:99.9", user_id="U0SRE1")
    clock.advance(timedelta(days=3))
    slack.command("/goal", "add Story points", user_id="U0DEV1")
    slack.command("/goal", "update G-1 value:99.5", user_id="U0SRE1")
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
    }
    capsys.readouterr()
    assert main(["export", "goals", "--format", "csv"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["teams"], r["value"], r["percent"]) for r in rows] == [
        ("G-1", "apollo,ops", "99.5", "100"),
        ("G-2", "apollo", "0.0", ""),
    ]
    assert main(["export", "goals", "--format", "json", "--since", "2026-11-26"], env=env) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in exported] == ["G-1", "G-2"]
    assert main(["export", "goals", "--format", "json", "--since", "2026-11-28"], env=env) == 0
    assert json.loads(capsys.readouterr().out) == []


MISTAKES = [
    ("add Uptime teams:apollo,nope", "There is no team `nope`"),
    ("add Uptime target:lots", "`target:lots` is not a number"),
    ("add Uptime due:2026-11-01", "is in the past"),
    ("add teams:ops", "Give the goal a title"),
    ("update G-9 value:3", "There is no goal G-9"),
    ("update G-1 value:high", "`value:high` is not a number"),
    ("update G-1", "Say the new value"),
    ("update Q-1 value:3", "`Q-1` is not a goal id"),
    ("frobnicate", "`/goal frobnicate` is not a command I know"),
]


@pytest.mark.parametrize(("text", "words"), MISTAKES)
def test_a_mistaken_goal_command_answers_200_at_once_with_one_ephemeral_and_stores_nothing(
    production: ProductionLane,
    fake_slack: FakeSlack,
    services: Services,
    text: str,
    words: str,
) -> None:
    if text.startswith("update G-1"):
        assert production.command("/goal", "add Uptime", user_id="U0SRE1").status == 200
        wait_for_responses(fake_slack, 1)
        fake_slack.responses.clear()
    before = stored(services)
    answer = production.command("/goal", text, user_id="U0SRE1")
    assert answer.status == 200, (answer.status, answer.body)
    assert answer.elapsed < 1.0, answer.elapsed
    [reply] = [r for r in wait_for_responses(fake_slack, 1) if r.get("text")]
    assert reply.get("response_type", "ephemeral") == "ephemeral"
    assert words in reply["text"], reply["text"]
    assert stored(services) == before


def test_a_signed_goal_add_gets_200_and_its_answer_and_a_redelivery_adds_nothing(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    body, ctype = slash_command(
        "/goal",
        "add Uptime target:99.9",
        user_id="U0SRE1",
        trigger_id="T-same",
        response_url=production.response_url(),
    )
    for _ in range(2):
        answer = production.post(body, ctype)
        assert answer.status == 200 and answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 1) if r.get("text")]
    assert "Added *G-1* Uptime" in reply["text"]
    assert stored(services)[:2] == (1, 1)
    answer = production.command("/goal", "list", user_id="U0SRE2")
    assert "*G-1* Uptime" in answer.json()["text"]
