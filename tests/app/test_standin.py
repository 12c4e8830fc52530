"""The fake Slack answers a real WebClient like Slack does, and signed deliveries pass Bolt."""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.app.standin.slack_api import FakeSlack, RateLimited, ServerError, SlackError, Timeout
from bot.app.standin.slack_requests import (
    SIGNING_SECRET,
    SlackDriver,
    block_action,
    datepicker_value,
    plain_text_value,
    sign,
    slash_command,
    state_values,
    users_select_value,
    wsgi_post,
)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        yield running


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(base_url=fake.url, token="xoxb-test")


@pytest.fixture
def app(fake: FakeSlack) -> App:
    bolt = App(
        token="xoxb-test",
        signing_secret=SIGNING_SECRET,
        client=WebClient(base_url=fake.url, token="xoxb-test"),
        process_before_response=True,
    )

    @bolt.command("/ping")
    def ping(ack: Any, respond: Any) -> None:
        ack()
        respond("pong")

    @bolt.action("approve")
    def approve(ack: Any, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text="approved")

    @bolt.view("risk_form")
    def submitted(ack: Any, view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        ack()
        title = values["title"]["input"]["value"]
        due = values["due"]["date"]["selected_date"]
        client.chat_postMessage(
            channel=values["owner"]["pick"]["selected_user"], text=f"{title} due {due}"
        )

    return bolt


def test_posting_to_a_user_lands_in_their_dm_with_increasing_ts(
    fake: FakeSlack, client: WebClient
) -> None:
    first = client.chat_postMessage(channel="U0DEV1", text="one")
    second = client.chat_postMessage(channel="U0DEV1", text="two", thread_ts=first["ts"])
    assert first["channel"] == second["channel"] == "D0DEV1"
    assert first["ts"] == "1700000000.000100"
    assert float(second["ts"]) > float(first["ts"])
    assert [m["text"] for m in fake.messages("D0DEV1")] == ["one", "two"]
    assert fake.messages("D0DEV1")[1]["thread_ts"] == first["ts"]
    [call, _] = fake.calls_to("chat.postMessage")
    assert call.headers["Authorization"] == "Bearer xoxb-test"
    assert call.params == {"channel": "U0DEV1", "text": "one"}


def test_blocks_sent_form_encoded_arrive_decoded(fake: FakeSlack, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": json.dumps(blocks)})
    assert fake.calls_to("chat.postMessage")[0].params["blocks"] == blocks
    assert fake.messages_text("C1") == ["*hi*"]


def test_update_and_delete_change_the_live_state(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C1", text="draft")
    client.chat_update(channel="C1", ts=posted["ts"], text="final")
    assert [m["text"] for m in fake.messages("C1")] == ["final"]
    with pytest.raises(SlackApiError) as missing:
        client.chat_update(channel="C1", ts="1.000001", text="x")
    assert missing.value.response["error"] == "message_not_found"
    client.chat_delete(channel="C1", ts=posted["ts"])
    assert fake.messages("C1") == []


def test_a_429_then_success_is_retried_after_retry_after_and_stored_once(
    fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(builtin_handlers, "time", types.SimpleNamespace(sleep=slept.append))
    fake.fail("chat.postMessage", RateLimited(retry_after=1))
    client = WebClient(
        base_url=fake.url,
        token="xoxb-test",
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    client.chat_postMessage(channel="C1", text="once")
    assert len(fake.messages("C1")) == 1
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 200]
    [pause] = slept
    assert 1 <= pause < 2  # Retry-After plus the SDK's jitter
    assert fake.pending_failures() == {}


def test_injected_errors_reach_the_sdk_and_are_recorded(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", SlackError("channel_not_found"), ServerError(status=503))
    with pytest.raises(SlackApiError) as first:
        client.chat_postMessage(channel="C1", text="x")
    assert first.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as second:
        client.chat_postMessage(channel="C1", text="x")
    assert second.value.response.status_code == 503
    assert [(c.status, c.error) for c in fake.calls] == [
        (200, "channel_not_found"),
        (503, "internal_error"),
    ]
    fake.missing_channels.add("C0GONE")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_postMessage(channel="C0GONE", text="x")
    assert fake.messages() == []


def test_a_timeout_after_acceptance_still_applies_the_post(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", Timeout(seconds=0.5, accept=True))
    impatient = WebClient(base_url=fake.url, token="xoxb-test", timeout=0.1)  # type: ignore[arg-type]
    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel="C1", text="slow")
    assert [m["text"] for m in fake.messages("C1")] == ["slow"]


def test_blocks_slack_would_reject_are_invalid_blocks(fake: FakeSlack, client: WebClient) -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C1", text="t", blocks=[header])
    assert error.value.response["error"] == "invalid_blocks"
    with pytest.raises(SlackApiError, match="no_text"):
        client.api_call("chat.postMessage", json={"channel": "C1", "text": ""})


def test_users_history_metadata_and_uploads(fake: FakeSlack, client: WebClient) -> None:
    fake.add_user("U0GONE", deleted=True)
    fake.add_user("U0NYC", tz="America/New_York", real_name="Nia")
    user = client.users_info(user="U0NYC")["user"]
    assert user["tz"] == "America/New_York"
    assert user["tz_offset"] in (-18000, -14400)
    assert user["profile"]["real_name"] == "Nia"
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.users_info(user="U0NOBODY")
    with pytest.raises(SlackApiError, match="user_disabled"):
        client.chat_postMessage(channel="U0GONE", text="hi")

    metadata = {"event_type": "tandem_outbox", "event_payload": {"key": "k1"}}
    posted = client.chat_postMessage(channel="C1", text="keyed", metadata=metadata)
    history = client.conversations_history(channel="C1", include_all_metadata=True)
    assert history["messages"][0]["metadata"] == metadata
    assert client.chat_getPermalink(channel="C1", message_ts=posted["ts"])["permalink"] == (
        f"https://fake.slack/archives/C1/p{posted['ts'].replace('.', '')}"
    )

    client.files_upload_v2(channel="C1", content="a,b\n1,2\n", filename="r.csv", title="R")
    [uploaded] = fake.uploaded_files("C1")
    assert (uploaded["title"], uploaded["content"]) == ("R", b"a,b\n1,2\n")


def test_a_signed_slash_command_is_answered_through_response_url(fake: FakeSlack, app: App) -> None:
    response = SlackDriver(app, fake).command("/ping")
    assert response.status == 200
    assert fake.responses_text() == ["pong"]
    assert fake.responses[0]["_url_name"] == "r1"
    assert fake.calls_to("auth.test")  # Bolt verified its token against the fake


def test_a_forged_signature_gets_401_and_runs_nothing(fake: FakeSlack, app: App) -> None:
    body, content_type = slash_command("/ping", "", response_url=fake.response_url())
    response = SlackDriver(app, fake).dispatch(body, content_type, secret="wrong")
    assert response.status == 401
    status, _ = wsgi_post(SlackRequestHandler(app), body, sign(body, secret="wrong"), content_type)
    assert status == 401
    assert fake.responses == []


def test_the_wsgi_route_accepts_a_signed_request(fake: FakeSlack, app: App) -> None:
    body, content_type = slash_command("/ping", "", response_url=fake.response_url("http"))
    status, _ = wsgi_post(SlackRequestHandler(app), body, sign(body), content_type)
    assert status == 200
    assert fake.responses == [{"text": "pong", "_url_name": "http"}]


def test_a_button_click_and_a_modal_submission(
    fake: FakeSlack, app: App, client: WebClient
) -> None:
    driver = SlackDriver(app, fake)
    posted = client.chat_postMessage(channel="C0APOLLO", text="approve?")
    assert driver.action("approve", "yes", message_ts=posted["ts"]).status == 200
    assert fake.messages_text("C0APOLLO") == ["approved"]

    values = state_values(
        plain_text_value("title", "input", "Vendor slips"),
        users_select_value("owner", "pick", "U0DEV2"),
        datepicker_value("due", "date", "2026-12-01"),
    )
    assert driver.submit("risk_form", values).status == 200
    assert fake.messages_text("D0DEV2") == ["Vendor slips due 2026-12-01"]


def test_block_action_payload_has_the_fields_slack_sends() -> None:
    body, content_type = block_action("approve", "yes", message_ts="1.000100", channel_id="C1")
    assert content_type == "application/x-www-form-urlencoded"
    payload = json.loads(parse_qs(body)["payload"][0])
    assert payload["type"] == "block_actions"
    assert payload["actions"][0]["action_id"] == "approve"
    assert payload["actions"][0]["value"] == "yes"
    assert payload["container"] == {
        "type": "message",
        "channel_id": "C1",
        "is_ephemeral": False,
        "message_ts": "1.000100",
    }
    assert payload["message"]["ts"] == "1.000100"
    assert payload["user"]["id"] == "U0DEV1"


def test_usergroups_users_update_replaces_the_members_and_answers_with_the_group(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.add_usergroup("S0ONCALL", "ops-oncall", users=["U0A"])
    response = client.usergroups_users_update(usergroup="S0ONCALL", users="U0B,U0C")
    group = response["usergroup"]
    assert (group["id"], group["handle"], group["users"], group["user_count"]) == (
        "S0ONCALL",
        "ops-oncall",
        ["U0B", "U0C"],
        2,
    )
    assert fake.usergroup_members("S0ONCALL") == ["U0B", "U0C"]
    for params, error in [
        ({"usergroup": "S0NOPE", "users": "U0B"}, "no_such_subteam"),
        ({"usergroup": "S0ONCALL", "users": ""}, "no_users_provided"),
        ({"usergroup": "S0ONCALL", "users": "C0CHAN"}, "invalid_users"),
    ]:
        with pytest.raises(SlackApiError) as caught:
            client.usergroups_users_update(**params)
        assert caught.value.response["error"] == error
    assert fake.usergroup_members("S0ONCALL") == ["U0B", "U0C"]
