"""Tandem's Slack pipeline against a bare Bolt app, measured in the same run.

Both apps get the same signed deliveries through `App.dispatch` and answer through the same
fake Slack Web API on loopback; the bare app does the minimum (ack and answer), Tandem does
its real work (parse, catalog, idempotency claim in the database, outbox). The ratio says what
Tandem's structure costs per request on top of Bolt itself.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.app.container import Services
from bot.app.slack_app import build_app
from bot.app.standin.executor import InlineExecutor
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SIGNING_SECRET, SlackDriver, im_message
from bot.core.clock import SystemClock
from bot.core.config import Settings
from bot.core.workspace.load import parse_workspace
from storage.db import make_engine
from storage.migrate import upgrade

EXAMPLE = Path(__file__).resolve().parent.parent / "tandem.example.toml"


@dataclass(frozen=True)
class Result:
    case: str
    app: str
    requests: int
    per_request_ms: float


def bare_app(fake: FakeSlack) -> App:
    app = App(
        signing_secret=SIGNING_SECRET,
        client=WebClient(token="xoxb-bench", base_url=fake.url),
        process_before_response=True,
        token_verification_enabled=False,
        listener_executor=InlineExecutor(),
    )

    @app.command("/risk")
    def risk(ack: Any, respond: Any) -> None:
        ack()
        respond(text="usage", response_type="ephemeral")

    @app.event("message")
    def message(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text="no open prompt")

    return app


def tandem_app(fake: FakeSlack, folder: Path) -> App:
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    settings = Settings(bot_token="xoxb-bench", signing_secret=SIGNING_SECRET, api_url=fake.url)
    services = Services.build(
        settings,
        clock=SystemClock(),
        workspace=parse_workspace(EXAMPLE.read_text()),
        engine=engine,
    )
    return build_app(services, process_before_response=True, listener_executor=InlineExecutor())


def timed(requests: int, send: Callable[[int], object]) -> float:
    send(-1)  # warm-up: first-request imports and connections are not the steady state
    started = time.perf_counter()
    for n in range(requests):
        send(n)
    return (time.perf_counter() - started) * 1000 / requests


def measure(requests: int) -> list[Result]:
    results = []
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as folder:
        apps = {"bare Bolt": bare_app(fake), "Tandem": tandem_app(fake, Path(folder))}
        for name, app in apps.items():
            driver = SlackDriver(app, fake)
            cases: dict[str, Callable[[int], object]] = {
                "/risk help": lambda n, d=driver: d.command("/risk", "help"),
                # One person per reply: the outbox keeps each channel to Slack's one message
                # a second, so 50 replies into one DM would measure that pacing instead.
                "DM reply": lambda n, d=driver, a=name: d.event(
                    im_message(f"U0B{n + 1:05d}", f"hello {n}"), event_id=f"Ev{a[:1]}{n}"
                ),
            }
            for case, send in cases.items():
                results.append(Result(case, name, requests, timed(requests, send)))
    return results


def report(results: list[Result]) -> str:
    lines = ["Slack pipeline: Tandem against a bare Bolt app (same fake Slack, same requests)"]
    lines.append(f"{'case':<12} {'app':<10} {'requests':>8} {'ms/request':>11}")
    for r in results:
        lines.append(f"{r.case:<12} {r.app:<10} {r.requests:>8} {r.per_request_ms:>11.2f}")
    for case in dict.fromkeys(r.case for r in results):
        bare, ours = (r.per_request_ms for r in results if r.case == case)
        lines.append(f"{case}: Tandem / bare Bolt = {ours / bare:.2f}x")
    return "\n".join(lines)
