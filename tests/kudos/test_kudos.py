"""/kudos: thanks posted in the giver's team channel (or the receiver's), counted per person,
never to oneself, a bot or a stranger, once per delivery, and recognised in the weekly digest."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.app.cli import main
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver, slash_command
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.kudos import Kudos
from storage.models import OutboxMessage
from tests.support.digest import digest_messages, post_weekly
from tests.support.production import ProductionLane, wait_for_responses
from tests.support.workspace import EXAMPLE_CONFIG


def stored(services: Services) -> tuple[int, int]:
    """Kudos and queued messages."""
    with unit_of_work(services.factory) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Kudos, OutboxMessage)
        )


def test_kudos_are_posted_in_the_givers_team_channel_and_counted(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/kudos", "<@U0SRE1|sre1> for staying on the bridge all night", user_id="U0DEV1")
    assert fake_slack.responses_text()[-1] == "Your kudos for <@U0SRE1> are in <#C0APOLLO>."
    [first] = fake_slack.messages_text("C0APOLLO")
    assert first.startswith(
        ":clap: <@U0DEV1> gave kudos to <@U0SRE1> for staying on the bridge all night"
    )
    assert "Their first kudos!" in first
    slack.command("/kudos", "<@U0SRE1> for the runbook & the <clean> hand-over", user_id="U0PM")
    second = fake_slack.messages_text("C0APOLLO")[-1]
    assert "for the runbook &amp; the &lt;clean&gt; hand-over" in second
    assert "That makes 2 for <@U0SRE1>." in second


def test_someone_in_no_team_posts_in_the_receivers_team_channel(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/kudos", "<@U0SRE2> for the quick fix", user_id="U0OUTSIDER")
    [post] = fake_slack.messages_text("C0OPS")
    assert "<@U0OUTSIDER> gave kudos to <@U0SRE2> for the quick fix" in post


def test_the_same_delivery_twice_posts_once(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    for _ in range(2):
        slack.command("/kudos", "<@U0SRE2> for the fix", user_id="U0DEV1", trigger_id="T1")
    assert stored(services) == (1, 1)
    assert len(fake_slack.messages_text("C0APOLLO")) == 1


def test_the_weekly_digest_recognises_the_weeks_kudos_across_teams(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, clock: FixedClock
) -> None:
    slack.command("/kudos", "<@U0SRE1> for the failover drill", user_id="U0DEV1")
    slack.command("/kudos", "<@U0SRE1> for answering at 3am", user_id="U0PM")
    slack.command("/kudos", "<@U0DEV2> for the release notes", user_id="U0OPSMGR")
    post_weekly(services, clock)
    [root, *_] = digest_messages(fake_slack)
    text = root["text"]
    assert "*Kudos (3)*" in text
    assert (
        "• <@U0SRE1> ×2 from <@U0DEV1>, <@U0PM>: “the failover drill” · “answering at 3am”"
    ) in text
    assert "• <@U0DEV2> ×1 from <@U0OPSMGR>: “the release notes”" in text
    assert text.index("U0SRE1> ×2") < text.index("U0DEV2> ×1")


def test_export_kudos(
    slack: SlackDriver,
    engine: Engine,
    fake_slack: FakeSlack,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    slack.command("/kudos", "<@U0SRE1> for the drill", user_id="U0DEV1")
    clock.advance(timedelta(days=3))
    slack.command("/kudos", "<@U0DEV1> for the demo", user_id="U0SRE1")
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
    }
    capsys.readouterr()
    assert main(["export", "kudos", "--format", "csv"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["giver"], r["receiver"], r["text"], r["team"], r["channel"]) for r in rows] == [
        ("U0DEV1", "U0SRE1", "the drill", "apollo", "C0APOLLO"),
        ("U0SRE1", "U0DEV1", "the demo", "ops", "C0OPS"),
    ]
    assert main(["export", "kudos", "--format", "json", "--since", "2026-11-26"], env=env) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["receiver"] == "U0DEV1"


REFUSALS = [
    ("<@U0DEV1> for being me", "kudos are for thanking someone else"),
    ("<@U0ROBOT|deploybot> for deploying", "is a bot"),
    ("<@U0NOBODY> for something", "I can't find user U0NOBODY"),
    ("<@U0GONE> for years of work", "deactivated"),
    ("dana for the fix", "Say whom to thank first"),
    ("<@U0SRE1>", "Say what the kudos are for"),
    ("<@U0SRE1> for " + "x" * 501, "501 characters"),
]


@pytest.mark.parametrize(("text", "words"), REFUSALS)
def test_a_refused_kudos_answers_200_at_once_with_one_polite_ephemeral_and_posts_nothing(
    production: ProductionLane,
    fake_slack: FakeSlack,
    services: Services,
    text: str,
    words: str,
) -> None:
    answer = production.command("/kudos", text, user_id="U0DEV1")
    assert answer.status == 200, (answer.status, answer.body)
    assert answer.elapsed < 1.0, answer.elapsed
    [reply] = [r for r in wait_for_responses(fake_slack, 1) if r.get("text")]
    assert reply.get("response_type", "ephemeral") == "ephemeral"
    assert words in reply["text"], reply["text"]
    assert stored(services) == (0, 0)
    assert fake_slack.messages_text("C0APOLLO") == []


def test_signed_kudos_delivered_twice_get_200_each_and_post_once(
    production: ProductionLane, fake_slack: FakeSlack, services: Services
) -> None:
    body, ctype = slash_command(
        "/kudos",
        "<@U0SRE1|sre1> for the drill",
        user_id="U0DEV1",
        trigger_id="T-same",
        response_url=production.response_url(),
    )
    for _ in range(2):
        answer = production.post(body, ctype)
        assert answer.status == 200 and answer.elapsed < 1.0
    [reply] = [r for r in wait_for_responses(fake_slack, 1) if r.get("text")]
    assert reply["text"] == "Your kudos for <@U0SRE1> are in <#C0APOLLO>."
    assert stored(services) == (1, 1)
    assert len(fake_slack.messages_text("C0APOLLO")) == 1
    assert production.command("/kudos", "help").json()["text"].startswith("*/kudos thanks")


def test_kudos_between_two_people_in_no_team_are_refused_with_the_reason(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command("/kudos", "<@U0ADMIN> for the config review", user_id="U0OUTSIDER")
    assert "Neither you nor <@U0ADMIN> is in a team" in fake_slack.responses_text()[-1]
    assert stored(services) == (0, 0)
