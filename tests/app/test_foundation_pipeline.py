"""Signed deliveries through the real Bolt pipeline: help, usage, signatures, retries, health."""

from __future__ import annotations

import inspect
import json
import time

import pytest
from slack_bolt import App
from slack_bolt.kwargs_injection.args import Args

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    SlackDriver,
    im_message,
    sign,
    slash_command,
    wsgi_get,
    wsgi_post,
)
from bot.app.web import wsgi_app
from bot.core.messages import usage

COMMANDS = [
    "/risk",
    "/standup",
    "/oncall",
    "/page",
    "/digest",
    "/goal",
    "/kudos",
    "/lesson",
    "/retro",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_contract_command_answers_help_with_its_usage(
    slack: SlackDriver, fake_slack: FakeSlack, command: str
) -> None:
    response = slack.command(command, "help")
    assert response.status == 200
    [reply] = fake_slack.responses
    assert reply["response_type"] == "ephemeral"
    assert usage(command) in reply["text"]


@pytest.mark.parametrize(
    "command", ["/risk", "/standup", "/oncall", "/digest", "/lesson", "/retro"]
)
def test_an_unknown_subcommand_says_so_and_shows_the_usage(
    slack: SlackDriver, fake_slack: FakeSlack, command: str
) -> None:
    slack.command(command, "frobnicate now")
    [reply] = fake_slack.responses
    assert "`" + command + " frobnicate` is not a command I know" in reply["text"]
    assert usage(command) in reply["text"]
    assert reply["response_type"] == "ephemeral"


def test_a_signed_request_over_http_gets_the_usage(
    services: Services, app: App, fake_slack: FakeSlack
) -> None:
    body, content_type = slash_command("/risk", "help", response_url=fake_slack.response_url())
    status, answer = wsgi_post(
        wsgi_app(services, app), body, sign(body, int(time.time())), content_type
    )
    assert status == 200
    assert usage("/risk") in json.loads(answer)["text"]  # the usage rides in the ack body


@pytest.mark.parametrize("age_seconds", [0, 6 * 60])
def test_forged_or_stale_signatures_get_401_and_change_nothing(
    services: Services, app: App, fake_slack: FakeSlack, age_seconds: int
) -> None:
    body, content_type = slash_command("/risk", "help", response_url=fake_slack.response_url())
    timestamp = int(time.time()) - age_seconds
    headers = sign(body, timestamp, secret="wrong" if age_seconds == 0 else None)
    status, _ = wsgi_post(wsgi_app(services, app), body, headers, content_type)
    assert status == 401
    assert fake_slack.responses == []


def test_healthz_reports_the_database_and_the_last_tick(services: Services, app: App) -> None:
    from bot.app import jobs

    application = wsgi_app(services, app)
    status, body = wsgi_get(application, "/healthz")
    assert (status, json.loads(body)) == (200, {"db": "ok", "last_tick": None})
    jobs.tick(services, services.clock.now())
    status, body = wsgi_get(application, "/healthz")
    assert json.loads(body)["last_tick"] == services.clock.now().isoformat()


def test_healthz_is_503_when_the_database_is_unreachable(services: Services, app: App) -> None:
    from storage.db import make_engine

    services.engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    status, body = wsgi_get(wsgi_app(services, app), "/healthz")
    assert status == 503
    assert json.loads(body)["db"] != "ok"


def test_a_dm_retried_by_slack_is_answered_once(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    event = im_message("U0DEV1", "hello?")
    slack.event(event, event_id="Ev0001")
    slack.event(event, event_id="Ev0001", retry_num=1)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_the_bots_own_messages_and_subtypes_are_ignored(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.event({**im_message("UBOT", "I said this"), "bot_id": "BBOT"})
    slack.event({**im_message("U0DEV1", "joined"), "subtype": "channel_join"})
    assert fake_slack.calls_to("chat.postMessage") == []


def test_opening_app_home_publishes_the_command_guide(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.event({"type": "app_home_opened", "user": "U0DEV1", "channel": "D0DEV1", "tab": "home"})
    [call] = fake_slack.calls_to("views.publish")
    assert call.params["user_id"] == "U0DEV1"
    assert "/risk" in json.dumps(call.params["view"])


def test_an_unexpected_error_shows_an_error_id_not_a_traceback(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services.standups.answers, "record_dm", broken)
    slack.event(im_message("U0DEV1", "hi"))
    [call] = fake_slack.calls_to("chat.postEphemeral")
    assert "error id" in call.params["text"]
    assert "boom" not in call.params["text"]


BOLT_ARGS = set(inspect.signature(Args.__init__).parameters) - {"self"}


def test_every_listener_asks_only_for_arguments_bolt_provides(app: App) -> None:
    """A typo in a listener's parameter silently becomes None in Bolt; catch it here."""
    listeners = list(app._listeners)
    assert listeners
    for listener in listeners:
        own = getattr(listener.ack_function, "__tandem_listener__", listener.ack_function)
        names = set(inspect.getfullargspec(own).args)
        assert names <= BOLT_ARGS, f"{listener.ack_function.__name__}: {names - BOLT_ARGS}"


def test_every_listener_answers_its_own_errors(app: App) -> None:
    """An error escaping a listener after ack makes Bolt's thread runner miss the ack."""
    unwrapped = [
        listener.ack_function.__name__
        for listener in app._listeners
        if not hasattr(listener.ack_function, "__tandem_listener__")
    ]
    assert unwrapped == []
