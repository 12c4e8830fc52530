"""Signed Slack deliveries (slash commands, events, button clicks, modal submissions).

Bodies are built the way Slack sends them and signed with `SIGNING_SECRET`, so they pass
Bolt's real signature check. `SlackDriver` dispatches them into a Bolt `App` (built with
`process_before_response=True`, so listeners have finished when a call returns)::

    driver = SlackDriver(app, fake)
    response = driver.command("/tandem", "standup")
    assert response.status == 200
    assert fake.responses_text() == ["..."]

`wsgi_post`/`wsgi_get` exercise a WSGI callable (e.g. the project's HTTP entry point) with a
proper PEP 3333 environ.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from .slack_api import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

if TYPE_CHECKING:
    from .slack_api import FakeSlack

SIGNING_SECRET = "test-signing-secret"
VERIFICATION_TOKEN = "fake-verification-token"
DEFAULT_USER = "U0DEV1"
DEFAULT_CHANNEL = "C0APOLLO"
# Nothing listens on port 9 ("discard"): a stray respond() fails fast, never reaches Slack.
DEFAULT_RESPONSE_URL = "http://127.0.0.1:9/respond/unset"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

_CHANNEL_NAMES = {DEFAULT_CHANNEL: "apollo"}
_ts_counter = itertools.count(1)


# --------------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------------


def sign(
    body: str, timestamp: int | None = None, secret: str | None = SIGNING_SECRET
) -> dict[str, str]:
    """`x-slack-signature` and `x-slack-request-timestamp` headers for `body`.

    Bolt checks the timestamp against the real wall clock (5 minutes), hence the default.
    `secret=None` means `SIGNING_SECRET`.
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    verifier = SignatureVerifier(SIGNING_SECRET if secret is None else secret)
    signature = verifier.generate_signature(timestamp=str(ts), body=body)
    return {"x-slack-signature": str(signature), "x-slack-request-timestamp": str(ts)}


def signed_headers(
    body: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    secret: str | None = SIGNING_SECRET,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Signature headers plus `content-type` (and any `extra` headers)."""
    headers = {"content-type": content_type, **sign(body, timestamp, secret)}
    if extra:
        headers.update({k.lower(): v for k, v in extra.items()})
    return headers


def new_trigger_id() -> str:
    return f"1337.42.abcd{uuid.uuid4().hex}"


def new_event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def new_ts() -> str:
    """A unique, increasing message ts near the current time (as a person's message has)."""
    return f"{int(time.time())}.{next(_ts_counter) % 1_000_000:06d}"


def _channel_name(channel_id: str) -> str:
    if channel_id.startswith("D"):
        return "directmessage"
    return _CHANNEL_NAMES.get(channel_id, channel_id.lower())


def _user_obj(user_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def _form_payload(payload: Mapping[str, Any]) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(payload)}), FORM


# --------------------------------------------------------------------------------------------
# Body builders: each returns (body, content_type)
# --------------------------------------------------------------------------------------------


def slash_command(
    command: str,
    text: str = "",
    user_id: str = DEFAULT_USER,
    channel_id: str = DEFAULT_CHANNEL,
    trigger_id: str | None = None,
    response_url: str = DEFAULT_RESPONSE_URL,
    *,
    user_name: str | None = None,
    channel_name: str | None = None,
) -> tuple[str, str]:
    """A slash command, form-encoded with the fields Slack sends."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name or _channel_name(channel_id),
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }
    return urlencode(fields), FORM


def event(
    event: Mapping[str, Any], event_id: str | None = None, event_time: int | None = None
) -> tuple[str, str]:
    """An Events API `event_callback` envelope around `event`, as JSON."""
    envelope = {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "context_team_id": TEAM_ID,
        "context_enterprise_id": None,
        "api_app_id": APP_ID,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()) if event_time is None else int(event_time),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + uuid.uuid4().hex,
    }
    return json.dumps(envelope), JSON


_event_body = event  # SlackDriver.event's parameter shadows the name


def _rich_text(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def im_message(
    user: str,
    text: str,
    ts: str | None = None,
    channel: str | None = None,
    *,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """The `message` event for a person's DM to the bot."""
    ts = ts or new_ts()
    message: dict[str, Any] = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user,
        "ts": ts,
        "blocks": _rich_text(text),
        "team": TEAM_ID,
        "channel": channel or "D" + user[1:],
        "event_ts": ts,
        "channel_type": "im",
    }
    if thread_ts:
        message["thread_ts"] = thread_ts
    return message


def message_changed(
    user: str,
    new_text: str,
    ts: str,
    channel: str | None = None,
    *,
    previous_text: str = "",
    edit_ts: str | None = None,
) -> dict[str, Any]:
    """The `message_changed` event Slack sends when a person edits DM `ts` to `new_text`."""
    edit_ts = edit_ts or new_ts()
    channel = channel or "D" + user[1:]
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": {
            "client_msg_id": str(uuid.uuid4()),
            "type": "message",
            "text": new_text,
            "user": user,
            "team": TEAM_ID,
            "edited": {"user": user, "ts": edit_ts},
            "blocks": _rich_text(new_text),
            "ts": ts,
            "source_team": TEAM_ID,
            "user_team": TEAM_ID,
        },
        "previous_message": {
            "client_msg_id": str(uuid.uuid4()),
            "type": "message",
            "text": previous_text,
            "user": user,
            "ts": ts,
            "team": TEAM_ID,
            "blocks": _rich_text(previous_text),
        },
        "channel": channel,
        "hidden": True,
        "ts": edit_ts,
        "event_ts": edit_ts,
        "channel_type": "im",
    }


def app_mention(
    user: str, text: str, channel: str = DEFAULT_CHANNEL, ts: str | None = None
) -> dict[str, Any]:
    """An `app_mention` event (text should contain `<@UBOT>`)."""
    ts = ts or new_ts()
    return {
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": text,
        "user": user,
        "ts": ts,
        "blocks": _rich_text(text),
        "team": TEAM_ID,
        "channel": channel,
        "event_ts": ts,
    }


def app_home_opened(user: str, tab: str = "home") -> dict[str, Any]:
    ts = new_ts()
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user[1:],
        "tab": tab,
        "event_ts": ts,
    }


def block_action(
    action_id: str,
    value: str = "",
    user_id: str = DEFAULT_USER,
    block_id: str = "b",
    message_ts: str | None = None,
    channel_id: str | None = None,
    trigger_id: str | None = None,
    response_url: str | None = DEFAULT_RESPONSE_URL,
    view: Mapping[str, Any] | None = None,
    *,
    message: Mapping[str, Any] | None = None,
    ephemeral: bool = False,
    action_type: str = "button",
    action_text: str | None = None,
    extra_action: Mapping[str, Any] | None = None,
    state_values: Mapping[str, Any] | None = None,
) -> tuple[str, str]:
    """A `block_actions` payload for one button click (or another element via `action_type`).

    With `message_ts` the click comes from a message in `channel_id` (default C0APOLLO);
    `message` is the full message (defaults to a stub with that ts). With `view` it comes from
    a modal/home view and carries no response_url, as on Slack.
    """
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": new_ts(),
    }
    if action_type == "button":
        action["value"] = value
        action["text"] = {"type": "plain_text", "text": action_text or value or action_id}
    elif value:
        action["value"] = value
    if extra_action:
        action.update(extra_action)
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user_obj(user_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": dict(state_values or {})},
        "actions": [action],
    }
    if view is not None:
        view_dict = dict(view)
        payload["container"] = {
            "type": "view",
            "view_id": view_dict.get("id", "V0000000"),
        }
        payload["view"] = view_dict
    else:
        channel_id = channel_id or (
            str(message["channel"]) if message and message.get("channel") else DEFAULT_CHANNEL
        )
        payload["channel"] = {"id": channel_id, "name": _channel_name(channel_id)}
        container: dict[str, Any] = {
            "type": "message",
            "channel_id": channel_id,
            "is_ephemeral": ephemeral,
        }
        if message_ts is not None:
            container["message_ts"] = message_ts
            if not ephemeral:
                full = dict(message) if message is not None else {}
                full.pop("channel", None)
                full.setdefault("type", "message")
                full.setdefault("user", BOT_USER_ID)
                full.setdefault("bot_id", BOT_ID)
                full.setdefault("text", "")
                full["ts"] = message_ts
                payload["message"] = full
        payload["container"] = container
        if response_url is not None:
            payload["response_url"] = response_url
    return _form_payload(payload)


def view_submission(
    callback_id: str,
    values: Mapping[str, Any],
    user_id: str = DEFAULT_USER,
    private_metadata: str = "",
    view_id: str | None = None,
    *,
    blocks: list[dict[str, Any]] | None = None,
    title: str = "Tandem",
    trigger_id: str | None = None,
    view: Mapping[str, Any] | None = None,
) -> tuple[str, str]:
    """A `view_submission` payload; `values` is `view.state.values` (see `state_values`).

    Pass `view` (e.g. one stored by the fake's views.open) to submit that exact view.
    """
    view_id = view_id or (
        str(view["id"]) if view and view.get("id") else "V" + uuid.uuid4().hex[:8]
    )
    submitted: dict[str, Any] = {
        "id": view_id,
        "team_id": TEAM_ID,
        "type": "modal",
        "blocks": blocks or [],
        "private_metadata": private_metadata,
        "callback_id": callback_id,
        "hash": f"{int(time.time())}.fakehash",
        "title": {"type": "plain_text", "text": title},
        "clear_on_close": False,
        "notify_on_close": False,
        "close": {"type": "plain_text", "text": "Cancel"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": APP_ID,
        "external_id": "",
        "app_installed_team_id": TEAM_ID,
        "bot_id": BOT_ID,
    }
    if view is not None:
        submitted.update({k: v for k, v in view.items() if v is not None})
        submitted["id"] = view_id
    submitted["callback_id"] = callback_id
    submitted["private_metadata"] = private_metadata
    submitted["state"] = {"values": dict(values)}
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "user": _user_obj(user_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return _form_payload(payload)


# ---- view.state.values entries: {block_id: {action_id: {...}}} ------------------------------


def plain_text_value(block_id: str, action_id: str, text: str | None) -> dict[str, Any]:
    return {block_id: {action_id: {"type": "plain_text_input", "value": text}}}


def static_select_value(
    block_id: str, action_id: str, value: str | None, text: str | None = None
) -> dict[str, Any]:
    option = None
    if value is not None:
        option = {"text": {"type": "plain_text", "text": text or value}, "value": value}
    return {block_id: {action_id: {"type": "static_select", "selected_option": option}}}


def users_select_value(block_id: str, action_id: str, user: str | None) -> dict[str, Any]:
    return {block_id: {action_id: {"type": "users_select", "selected_user": user}}}


def multi_users_select_value(block_id: str, action_id: str, users: list[str]) -> dict[str, Any]:
    return {block_id: {action_id: {"type": "multi_users_select", "selected_users": list(users)}}}


def conversations_select_value(
    block_id: str, action_id: str, conversation: str | None
) -> dict[str, Any]:
    return {
        block_id: {
            action_id: {"type": "conversations_select", "selected_conversation": conversation}
        }
    }


def datepicker_value(block_id: str, action_id: str, date: str | None) -> dict[str, Any]:
    """`date` as Slack sends it: "2026-12-01" (or None when left empty)."""
    return {block_id: {action_id: {"type": "datepicker", "selected_date": date}}}


def timepicker_value(block_id: str, action_id: str, time_: str | None) -> dict[str, Any]:
    """`time_` as Slack sends it: "09:30"."""
    return {block_id: {action_id: {"type": "timepicker", "selected_time": time_}}}


def checkboxes_value(
    block_id: str, action_id: str, values: list[str], texts: Mapping[str, str] | None = None
) -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": (texts or {}).get(v, v)}, "value": v}
        for v in values
    ]
    return {block_id: {action_id: {"type": "checkboxes", "selected_options": options}}}


def state_values(*entries: Mapping[str, Any]) -> dict[str, Any]:
    """Merge value entries (several action_ids may share a block_id)."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for block_id, actions in entry.items():
            merged.setdefault(block_id, {}).update(actions)
    return merged


# --------------------------------------------------------------------------------------------
# Driving a Bolt App
# --------------------------------------------------------------------------------------------


class SlackDriver:
    """Signs deliveries and dispatches them into a Bolt `App`; returns the `BoltResponse`.

    With a `fake`, commands and message actions get a response_url on the fake (named "r1",
    "r2", … in order; see `last_response_url_name`), and `action(message_ts=…)` fills in the
    message (and its channel) from the fake's state.
    """

    def __init__(
        self, app: App, fake: FakeSlack | None = None, *, secret: str = SIGNING_SECRET
    ) -> None:
        self.app = app
        self.fake = fake
        self.secret = secret
        self._response_names = itertools.count(1)
        self.last_response_url_name: str | None = None
        self.last_trigger_id: str | None = None

    def _response_url(self, given: str | None) -> str:
        if given is not None:
            return given
        if self.fake is None:
            return DEFAULT_RESPONSE_URL
        name = f"r{next(self._response_names)}"
        self.last_response_url_name = name
        return self.fake.response_url(name)

    def _trigger(self, given: str | None) -> str:
        self.last_trigger_id = given or new_trigger_id()
        return self.last_trigger_id

    def dispatch(
        self,
        body: str,
        content_type: str,
        *,
        headers: Mapping[str, str] | None = None,
        timestamp: int | None = None,
        secret: str | None = None,
    ) -> BoltResponse:
        """Sign `body` and dispatch it; `secret`/`timestamp` let tests forge or age requests."""
        all_headers = signed_headers(
            body,
            content_type,
            timestamp=timestamp,
            secret=self.secret if secret is None else secret,
            extra=headers,
        )
        before = len(self.fake.responses) if self.fake is not None else 0
        response = self.app.dispatch(BoltRequest(body=body, headers=dict(all_headers)))
        if self.fake is not None:
            self.fake.record_ack(response.body, position=before)
        return response

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = DEFAULT_USER,
        channel_id: str = DEFAULT_CHANNEL,
        trigger_id: str | None = None,
        response_url: str | None = None,
        **dispatch_kw: Any,
    ) -> BoltResponse:
        body, ctype = slash_command(
            command,
            text,
            user_id=user_id,
            channel_id=channel_id,
            trigger_id=self._trigger(trigger_id),
            response_url=self._response_url(response_url),
        )
        return self.dispatch(body, ctype, **dispatch_kw)

    def event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        event_time: int | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        **dispatch_kw: Any,
    ) -> BoltResponse:
        """Deliver an event; `retry_num` adds Slack's x-slack-retry-num/-reason headers."""
        body, ctype = _event_body(event, event_id=event_id, event_time=event_time)
        headers = dict(dispatch_kw.pop("headers", None) or {})
        if retry_num is not None:
            headers["x-slack-retry-num"] = str(retry_num)
            headers["x-slack-retry-reason"] = retry_reason
        return self.dispatch(body, ctype, headers=headers, **dispatch_kw)

    def im(
        self,
        user: str,
        text: str,
        *,
        ts: str | None = None,
        channel: str | None = None,
        thread_ts: str | None = None,
        **event_kw: Any,
    ) -> BoltResponse:
        """Shorthand: `user` DMs `text` to the bot."""
        return self.event(
            im_message(user, text, ts=ts, channel=channel, thread_ts=thread_ts), **event_kw
        )

    def action(
        self,
        action_id: str,
        value: str = "",
        *,
        user_id: str = DEFAULT_USER,
        block_id: str = "b",
        message_ts: str | None = None,
        channel_id: str | None = None,
        trigger_id: str | None = None,
        response_url: str | None = None,
        view: Mapping[str, Any] | None = None,
        message: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        **builder_kw: Any,
    ) -> BoltResponse:
        """Click `action_id` on message `message_ts` (looked up in the fake) or on `view`."""
        if message is None and message_ts is not None and self.fake is not None:
            found = (
                self.fake.message(channel_id, message_ts)
                if channel_id
                else self.fake.find_message(message_ts)
            )
            if found is not None:
                message = found
                channel_id = channel_id or str(found["channel"])
        body, ctype = block_action(
            action_id,
            value,
            user_id=user_id,
            block_id=block_id,
            message_ts=message_ts,
            channel_id=channel_id,
            trigger_id=self._trigger(trigger_id),
            response_url=None if view is not None else self._response_url(response_url),
            view=view,
            message=message,
            **builder_kw,
        )
        return self.dispatch(body, ctype, headers=headers)

    def submit(
        self,
        callback_id: str,
        values: Mapping[str, Any],
        *,
        user_id: str = DEFAULT_USER,
        private_metadata: str = "",
        view_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        **builder_kw: Any,
    ) -> BoltResponse:
        """Submit a modal with `values` (see `state_values`)."""
        body, ctype = view_submission(
            callback_id,
            values,
            user_id=user_id,
            private_metadata=private_metadata,
            view_id=view_id,
            trigger_id=self._trigger(builder_kw.pop("trigger_id", None)),
            **builder_kw,
        )
        return self.dispatch(body, ctype, headers=headers)

    def submit_view(
        self,
        values: Mapping[str, Any],
        *,
        view: Mapping[str, Any] | None = None,
        user_id: str = DEFAULT_USER,
        headers: Mapping[str, str] | None = None,
    ) -> BoltResponse:
        """Submit `view` (default: the modal most recently opened on the fake) as it stands."""
        if view is None:
            if self.fake is None:
                raise ValueError("submit_view needs a view or a FakeSlack")
            view = self.fake.last_view()
            if view is None:
                raise AssertionError("no modal was opened on the fake")
        return self.submit(
            str(view.get("callback_id") or ""),
            values,
            user_id=user_id,
            private_metadata=str(view.get("private_metadata") or ""),
            view_id=str(view["id"]),
            view=view,
            headers=headers,
        )

    def wsgi_post(
        self,
        wsgi_app: Any,
        body: str,
        headers: Mapping[str, str],
        content_type: str | None = None,
        *,
        path: str = "/slack/events",
    ) -> tuple[int, str]:
        return wsgi_post(wsgi_app, body, headers, content_type, path=path)

    def wsgi_get(self, wsgi_app: Any, path: str) -> tuple[int, str]:
        return wsgi_get(wsgi_app, path)


# --------------------------------------------------------------------------------------------
# WSGI
# --------------------------------------------------------------------------------------------


@dataclass
class WsgiResult:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def wsgi_request(
    wsgi_app: Any,
    method: str,
    path: str,
    body: bytes | str = b"",
    headers: Mapping[str, str] | None = None,
) -> WsgiResult:
    """Call a WSGI callable once with a PEP 3333 environ; `path` may carry a query string."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    parts = urlsplit(path)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method.upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path or "/",
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(raw),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for key, value in (headers or {}).items():
        name = key.upper().replace("-", "_")
        if name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[name] = value
        else:
            environ["HTTP_" + name] = value
    captured: dict[str, Any] = {}

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Any:
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = list(response_headers)
        return lambda data: captured.setdefault("written", []).append(data)

    result: Iterable[bytes] = wsgi_app(environ, start_response)
    try:
        chunks = list(captured.get("written", [])) + list(result)
    finally:
        close = getattr(result, "close", None)
        if callable(close):
            close()
    return WsgiResult(
        status=int(captured.get("status", 0)),
        headers=captured.get("headers", []),
        body=b"".join(chunks).decode("utf-8"),
    )


def wsgi_post(
    wsgi_app: Any,
    body: str,
    headers: Mapping[str, str],
    content_type: str | None = None,
    *,
    path: str = "/slack/events",
) -> tuple[int, str]:
    """POST `body` to a WSGI app: (status, body).

    `headers` e.g. from `sign()`; `content_type` (as returned by the body builders) is added
    unless `headers` already carries one.
    """
    all_headers = dict(headers)
    if content_type and not any(k.lower() == "content-type" for k in all_headers):
        all_headers["content-type"] = content_type
    result = wsgi_request(wsgi_app, "POST", path, body, all_headers)
    return result.status, result.body


def wsgi_get(wsgi_app: Any, path: str) -> tuple[int, str]:
    result = wsgi_request(wsgi_app, "GET", path)
    return result.status, result.body
