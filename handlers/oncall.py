"""/oncall: who is on call now and next, overrides, cover requests and their *Take* button,
and each person's private calendar link."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltRequest, Respond

from bot.core.blocks.ids import ActionId
from bot.core.blocks.text import local_time
from bot.core.clock import Clock
from bot.core.errors import NotFound
from bot.core.messages import command_help, t
from bot.core.users import UserDirectory
from bot.oncall.blocks import (
    calendar_text,
    override_list_text,
    override_removed_text,
    override_text,
    status_text,
)
from bot.oncall.calendar import CalendarFeed
from bot.oncall.service import OnCallService, override_ref, parse_override
from handlers.common import (
    answer,
    parse_click,
    parse_command,
    public_base_url,
    unknown_subcommand,
)
from handlers.errors import Listeners

# Answered on the request's own thread (bot.app.slack_app) and in the ack body.
READ_ONLY = frozenset({"", "help", "calendar"})


def _read_only(body: dict[str, Any]) -> bool:
    """`/oncall`, `help`, `calendar` and `override list …` only read: their answer rides in
    the ack body (handlers.common.answer); everything else acks first."""
    words = str(body.get("text") or "").lower().split()
    return words[:1] in ([], ["help"], ["calendar"]) or words[:2] == ["override", "list"]


def register(
    app: Listeners,
    *,
    oncall: OnCallService,
    calendar: CalendarFeed,
    users: UserDirectory,
    clock: Clock,
) -> None:
    @app.command("/oncall")
    def on_oncall(ack: Ack, body: dict[str, Any], respond: Respond, req: BoltRequest) -> None:
        if not _read_only(body):
            ack()
        cmd = parse_command(body)
        now = clock.now()
        key = f"command:{cmd.trigger_id}"
        if cmd.sub == "help":
            text = command_help(cmd.command)
        elif cmd.sub == "":
            text = status_text(oncall.status(now), users.tz(cmd.user_id))
        elif cmd.sub == "calendar":
            base = public_base_url(req)
            links = calendar.links(base or "", cmd.rest or None)
            text = calendar_text(links, absolute=base is not None)
        elif cmd.sub == "override":
            verb, _, rest = cmd.rest.strip().partition(" ")
            if verb.lower() == "list":
                rotation = rest.strip()
                found = oncall.list_overrides(rotation, now)
                text = override_list_text(found, rotation, users.tz(cmd.user_id))
            elif verb.lower() == "remove":
                removed = oncall.remove_override(rest, by=cmd.user_id, now=now, key=key)
                if removed is None:
                    return
                text = override_removed_text(removed, users.tz(cmd.user_id))
            else:
                done = oncall.override(parse_override(cmd.rest), by=cmd.user_id, now=now, key=key)
                if done is None:
                    return
                text = override_text(done, users.tz(cmd.user_id))
        elif cmd.sub == "cover":
            asked = oncall.ask_cover(cmd.rest, by=cmd.user_id, now=now, key=key)
            if asked is None:
                return
            tz = users.tz(cmd.user_id)
            text = t(
                "oncall.cover_asked",
                channel=asked.channel,
                rotation=asked.rotation,
                start=local_time(asked.start, tz),
                end=local_time(asked.end, tz),
            )
        else:
            raise unknown_subcommand(cmd)
        answer(ack, respond, text=text)

    @app.action(ActionId.ONCALL_COVER_TAKE)
    def on_take(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        click = parse_click(body)
        if not click.value.isdigit() or not click.user:
            raise NotFound("oncall.cover_unknown")
        taken = oncall.take_cover(int(click.value), by=click.user, now=clock.now(), key=click.key)
        if taken is None:
            return
        tz = users.tz(click.user)
        text = t(
            "oncall.cover_took",
            ref=override_ref(taken.override),
            rotation=taken.rotation,
            start=local_time(taken.start, tz),
            end=local_time(taken.end, tz),
        )
        respond(text=text, response_type="ephemeral", replace_original=False)
