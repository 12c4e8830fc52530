"""The WSGI app: `/slack/events` for every Slack delivery, `/healthz` for load balancers,
`/calendar/ROTATION.ics` for on-call calendar feeds, `/metrics` for Prometheus."""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, unquote

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app.container import Services
from storage import clock_state
from storage.db import ping, unit_of_work

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
CALENDAR_PATH = re.compile(r"/calendar/([^/]+)\.ics")


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
        if path == "/metrics" and method in ("GET", "HEAD"):
            body = services.metrics.exposition()
            start_response(
                "200 OK",
                [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))],
            )
            return [b"" if method == "HEAD" else body]
        match = CALENDAR_PATH.fullmatch(path)
        if match and method in ("GET", "HEAD"):
            token = (parse_qs(environ.get("QUERY_STRING", "")).get("token") or [""])[0]
            feed = services.calendar.ics(unquote(match[1]), token, services.clock.now())
            if feed is not None:
                start_response(
                    "200 OK",
                    [
                        ("Content-Type", "text/calendar; charset=utf-8"),
                        ("Content-Length", str(len(feed))),
                        ("Cache-Control", "private, max-age=300"),
                    ],
                )
                return [b"" if method == "HEAD" else feed]
        # A wrong token answers exactly like an unknown rotation: nothing to learn from it.
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application


def production_app(services: Services) -> WSGIApp:
    """The WSGI app as every HTTP mode serves it: Bolt's threaded runner, a sized executor."""
    from bot.app.slack_app import build_app
    from bot.core.dates import warm_up

    warm_up()
    return wsgi_app(services, build_app(services))


def freeze_startup_heap() -> None:
    """Once a serving process is built (not in tests, which build many apps): move what
    start-up made (modules, dateparser's tables, SQLAlchemy's and Bolt's objects: about
    180,000) out of the collector's reach. A full collection then scans only what requests
    made since, instead of stopping every thread for ~120 ms once every few thousand
    requests, which is what set Tandem's ack p99 (README, Benchmarks)."""
    gc.collect()
    gc.freeze()


def create_app(env: Mapping[str, str] | None = None) -> WSGIApp:
    """Gunicorn's entry point (`bot.app.web:create_app()`): settings from the environment.

    Runs in each gunicorn worker; it configures logging itself too, so a worker started by
    a bare `gunicorn` command without Tandem's config module still logs Tandem's way.
    """
    from bot.core.config import Settings
    from bot.core.logging import configure

    env = os.environ if env is None else env
    configure(env)
    services = Services.build(Settings.from_env(env))
    # One of several workers: a scrape may reach another, so counts must not wait here.
    services.metrics.start_flusher()
    application = production_app(services)
    freeze_startup_heap()
    return application
