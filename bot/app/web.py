"""The WSGI app: `/slack/events` for every Slack delivery, `/healthz` for load balancers."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app.container import Services
from storage import clock_state
from storage.db import ping, unit_of_work

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def health(services: Services) -> tuple[int, dict[str, Any]]:
    """200 with the last tick when the database answers, 503 when it does not."""
    if not ping(services.engine):
        return 503, {"db": "unreachable", "last_tick": None}
    with unit_of_work(services.factory) as session:
        last = clock_state.last_beat(session, "last_tick")
    return 200, {"db": "ok", "last_tick": last.isoformat() if last else None}


def wsgi_app(services: Services, app: App) -> WSGIApp:
    slack = SlackRequestHandler(app)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events" and method == "POST":
            return slack(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, payload = health(services)
            body = json.dumps(payload).encode()
            start_response(
                f"{status} {'OK' if status == 200 else 'Service Unavailable'}",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application


def create_app() -> WSGIApp:
    """Gunicorn's entry point (`bot.app.web:create_app()`): settings from the environment."""
    from bot.app.slack_app import build_app
    from bot.core.config import Settings

    services = Services.build(Settings.from_env(os.environ))
    return wsgi_app(services, build_app(services))
