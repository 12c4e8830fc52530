"""/digest preview (anyone, only to the caller) and /digest post (admins, to the channel)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.core.errors import UserError
from bot.core.messages import usage
from bot.core.workspace.model import WorkspaceConfig
from bot.digest.model import OnCallLine
from bot.digest.service import DigestService
from bot.digest.sources import SqlDigestSources
from storage.db import unit_of_work
from storage.digests import DigestRun
from tests.fakes.digest_sources import StaticSources
from tests.support.digest_week import at
from tests.support.slack import roots


def runs(services: Services) -> int:
    with unit_of_work(services.factory) as session:
        return int(session.scalar(select(func.count()).select_from(DigestRun)) or 0)


def test_preview_without_an_id_shows_the_first_digest_only_to_the_caller(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, week: StaticSources
) -> None:
    slack.command("/digest", "preview", user_id="U0DEV1")
    [reply] = fake_slack.responses
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0]["text"]["text"] == "Weekly digest · week to Tue 24 Nov"
    assert "*At a glance:*" in reply["text"]
    assert fake_slack.calls_to("chat.postMessage") == []
    assert fake_slack.calls_to("files.getUploadURLExternal") == []
    assert runs(services) == 0


def test_preview_of_a_named_digest(
    slack: SlackDriver, fake_slack: FakeSlack, week: StaticSources
) -> None:
    slack.command("/digest", "preview daily")
    [reply] = fake_slack.responses
    assert reply["blocks"][0]["text"]["text"] == "Daily digest · Tue 24 Nov"


@pytest.mark.parametrize("sub", ["preview", "post"])
def test_an_unknown_digest_id_names_the_known_ones(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, sub: str
) -> None:
    slack.command("/digest", f"{sub} monthly", user_id="U0ADMIN")
    [reply] = fake_slack.responses
    assert reply["response_type"] == "ephemeral"
    assert "There is no digest `monthly`. Known digests: `weekly`, `daily`." in reply["text"]
    assert usage("/digest") in reply["text"]
    assert fake_slack.calls_to("chat.postMessage") == []
    assert runs(services) == 0


def test_post_without_an_id_says_which_digests_there_are(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/digest", "post", user_id="U0ADMIN")
    [reply] = fake_slack.responses
    assert "Say which digest to post. Known digests: `weekly`, `daily`." in reply["text"]
    assert usage("/digest") in reply["text"]


def test_post_is_refused_to_someone_who_is_not_an_admin(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, week: StaticSources
) -> None:
    slack.command("/digest", "post weekly", user_id="U0DEV1")
    [reply] = fake_slack.responses
    assert reply["text"] == ("Only Tandem admins can do that. Admins are listed in tandem.toml.")
    assert fake_slack.calls_to("chat.postMessage") == []
    assert runs(services) == 0


def test_an_admin_posts_a_digest_now_with_its_charts(
    slack: SlackDriver, fake_slack: FakeSlack, week: StaticSources
) -> None:
    slack.command("/digest", "post weekly", user_id="U0ADMIN")
    [reply] = fake_slack.responses
    assert reply["text"] == "Posted the `weekly` digest to <#C0DIGEST>."
    [root] = fake_slack.messages("C0DIGEST")
    assert root["blocks"][0]["text"]["text"] == "Weekly digest · week to Tue 24 Nov"
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["thread_ts"] == root["ts"]


def test_a_retried_post_command_posts_once(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock, week: StaticSources
) -> None:
    slack.command("/digest", "post daily", user_id="U0ADMIN", trigger_id="1337.42.retry")
    clock.advance(timedelta(seconds=2))
    slack.command("/digest", "post daily", user_id="U0ADMIN", trigger_id="1337.42.retry")
    assert len(fake_slack.messages("C0DAILY")) == 1
    assert fake_slack.responses[1]["text"] == "This request already posted the `daily` digest."


def test_a_post_now_leaves_the_scheduled_digest_in_place(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    services: Services,
    clock: FixedClock,
    week: StaticSources,
) -> None:
    jobs.tick(services, clock.now())
    slack.command("/digest", "post weekly", user_id="U0ADMIN")
    clock.set(at(27, 21))
    jobs.tick(services, clock.now())
    assert [m["blocks"][0]["text"]["text"] for m in roots(fake_slack, "C0DIGEST")] == [
        "Weekly digest · week to Tue 24 Nov",
        "Weekly digest · week to Fri 27 Nov",
    ]


def test_the_default_sources_show_missing_reports_and_on_call_from_the_config(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/digest", "preview weekly")
    [reply] = fake_slack.responses
    text = reply["text"]
    assert "*Apollo launch* · :white_circle: no status report yet" in text
    # ops-primary hands over weekly on Mondays 10:00 from 2 Nov: the fourth shift is U0SRE2's
    assert "On call (ops-primary): <@U0SRE2> until Mon 30 Nov 10:00, then <@U0SRE1>" in text
    assert "Open risks: *0*" in text
    assert "No pages" in text


def test_on_call_before_a_rotation_starts_and_with_nobody_in_it(
    services: Services, workspace: WorkspaceConfig
) -> None:
    rotation = workspace.rotation("ops-primary")

    def line(config: WorkspaceConfig, when: datetime) -> OnCallLine:
        [found] = SqlDigestSources(factory=services.factory, workspace=lambda: config).on_call(
            ("ops",), when, when, when
        )
        return found

    before = line(workspace, at(1, 12))
    assert (before.user, before.until, before.next_user) == (None, rotation.start, "U0SRE1")
    empty = line(replace(workspace, rotations=(replace(rotation, members=()),)), at(24, 14))
    assert (empty.user, empty.next_user) == (None, None)


def test_a_workspace_without_digests_says_how_to_add_one(services: Services) -> None:
    service = DigestService(
        factory=services.factory,
        workspace=WorkspaceConfig,
        outbox=services.outbox,
        gateway=services.gateway,
        sources=StaticSources(),
    )
    with pytest.raises(UserError) as raised:
        service.find(None)
    assert raised.value.key == "digest.none_configured"
