"""Edge parsing shared by the handlers: raw Slack payloads become small frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltRequest, Respond

from bot.core.errors import UserError
from bot.core.messages import t

MAX_COMMAND_TEXT = 4000


@dataclass(frozen=True)
class SlashCommand:
    command: str
    sub: str
    rest: str
    user_id: str
    channel_id: str
    trigger_id: str
    text: str


def parse_command(body: dict[str, Any]) -> SlashCommand:
    """`/risk add Title p:3` → SlashCommand(sub="add", rest="Title p:3", ...)."""
    text = str(body.get("text") or "").strip()
    if len(text) > MAX_COMMAND_TEXT:
        raise UserError(
            "error.too_long", field=t("field.command"), length=len(text), limit=MAX_COMMAND_TEXT
        )
    sub, _, rest = text.partition(" ")
    return SlashCommand(
        command=str(body.get("command") or ""),
        sub=sub.lower(),
        rest=rest.strip(),
        user_id=str(body.get("user_id") or ""),
        channel_id=str(body.get("channel_id") or ""),
        trigger_id=str(body.get("trigger_id") or ""),
        text=text,
    )


@dataclass(frozen=True)
class Click:
    """A button click, parsed at the edge."""

    user: str
    value: str
    channel: str | None
    trigger_id: str
    key: str  # claims the delivery: one effect per click, whatever Slack retries


def parse_click(body: dict[str, Any]) -> Click:
    """The first action of a `block_actions` payload."""
    action = (body.get("actions") or [{}])[0]
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    user = str((body.get("user") or {}).get("id") or "")
    return Click(
        user=user,
        value=str(action.get("value") or ""),
        channel=str(channel) if channel else None,
        trigger_id=str(body.get("trigger_id") or ""),
        key=f"action:{action.get('action_id', '')}:{action.get('action_ts', '')}:{user}",
    )


def ack_unless_read_only(ack: Ack, body: dict[str, Any], read_only: frozenset[str]) -> None:
    """`ack()` now, unless the sub-command is read-only: its answer is ready in milliseconds
    and rides in the ack body (`answer`), which saves Slack a second HTTP call."""
    if str(body.get("text") or "").strip().partition(" ")[0].lower() not in read_only:
        ack()


def answer(ack: Ack, respond: Respond, **message: Any) -> None:
    """An ephemeral answer: in the ack body while not yet acked, else through response_url."""
    if ack.response is None:
        ack(response_type="ephemeral", **message)
    else:
        respond(response_type="ephemeral", **message)


def public_base_url(request: BoltRequest) -> str | None:
    """Where Slack reached this app ("https://tandem.example.com"): the Host header of the
    signed delivery, or the proxy's X-Forwarded-Host/-Proto. Slack only calls HTTPS request
    URLs, so the scheme defaults to https. None in Socket Mode, which has no HTTP request."""

    def header(name: str) -> str:
        value = request.headers.get(name) or [""]
        first = value[0] if isinstance(value, list | tuple) else str(value)
        return first.split(",")[0].strip()

    host = header("x-forwarded-host") or header("host")
    if not host:
        return None
    scheme = header("x-forwarded-proto") or "https"
    return f"{scheme}://{host}"


def unknown_subcommand(cmd: SlashCommand) -> UserError:
    return UserError("error.unknown_subcommand", command=cmd.command, sub=cmd.sub)


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """A submitted modal's inputs as {block_id: value}: text, the selected option's value,
    user, conversation, date or time; a list of values for checkboxes and multi-selects."""
    values: dict[str, Any] = {}
    state = (view.get("state") or {}).get("values") or {}
    for block_id, actions in state.items():
        for action in actions.values():
            values[block_id] = _element_value(action)
    return values


def _element_value(action: dict[str, Any]) -> Any:
    if "selected_options" in action:
        return [str(o.get("value")) for o in action.get("selected_options") or []]
    if "selected_option" in action:
        return (action.get("selected_option") or {}).get("value")
    for key in (
        "value",
        "selected_user",
        "selected_users",
        "selected_conversation",
        "selected_channel",
        "selected_date",
        "selected_time",
    ):
        if key in action:
            return action[key]
    return None
