"""App Home: the dashboard when someone opens the tab, and its quick actions (Skip today,
Away; New risk lives with the risk modals in handlers/risk.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.core.blocks.ids import ActionId, CallbackId, HomeField
from bot.core.clock import Clock
from bot.core.messages import t
from bot.core.slack_gateway import SlackGateway
from bot.home.blocks import away_modal
from bot.home.service import HomeService
from bot.standup import StandupService
from handlers.common import parse_click, view_values
from handlers.errors import Listeners


def register(
    app: Listeners,
    *,
    homes: HomeService,
    standups: StandupService,
    gateway: SlackGateway,
    clock: Clock,
) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        homes.opened(str(event["user"]), clock.now())

    @app.action(ActionId.HOME_SKIP_TODAY)
    def on_skip_today(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click = parse_click(body)
        now = clock.now()
        standups.answers.skip(int(click.value), click.user, now)
        homes.publish(click.user, now)

    @app.action(ActionId.HOME_AWAY)
    def on_away(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        gateway.open_modal(parse_click(body).trigger_id, away_modal())

    @app.view(CallbackId.HOME_AWAY)
    def on_away_form(ack: Ack, body: dict[str, Any]) -> None:
        values = view_values(body["view"])
        start, end = values.get(HomeField.FROM), values.get(HomeField.TO)
        missing: dict[str, str] = {
            str(f): t("home.away.error_missing")
            for f, v in ((HomeField.FROM, start), (HomeField.TO, end))
            if not v
        }
        if missing:
            ack(response_action="errors", errors=missing)
            return
        if str(end) < str(start):
            ack(response_action="errors", errors={str(HomeField.TO): t("home.away.error_order")})
            return
        ack()
        user = str(body["user"]["id"])
        now = clock.now()
        key = f"view:{body['view']['id']}"
        standups.away.set_away(user, f"{start} to {end}", key, now)
        homes.publish(user, now)
