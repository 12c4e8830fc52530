"""`heartbeat_url`: one GET after every successful tick, none after a failed one, and a
monitor that is down never stops the scheduler."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.core.workspace.load import ConfigError, parse_workspace
from storage import clock_state
from storage.db import unit_of_work


class Monitor:
    """A healthchecks.io stand-in on port 0 that counts the GETs it gets."""

    def __init__(self, status: int = 200) -> None:
        self.paths: list[str] = []
        self.status = status
        monitor = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                monitor.paths.append(self.path)
                self.send_response(monitor.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/ping/tandem"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def monitor() -> Iterator[Monitor]:
    found = Monitor()
    yield found
    found.close()


def watched(services: Services, url: str) -> None:
    services.workspace = dataclasses.replace(services.workspace, heartbeat_url=url)


def test_every_successful_tick_sends_one_heartbeat_get(
    services: Services, monitor: Monitor
) -> None:
    watched(services, monitor.url)
    jobs.tick(services, services.clock.now())
    assert monitor.paths == ["/ping/tandem"]
    jobs.tick(services, services.clock.now())
    assert monitor.paths == ["/ping/tandem", "/ping/tandem"]


def test_a_tick_with_a_failed_step_sends_no_heartbeat(services: Services, monitor: Monitor) -> None:
    watched(services, monitor.url)

    def broken(_: object) -> None:
        raise RuntimeError("database went away mid-step")

    services.tick_steps.append(("broken", broken))
    assert jobs.tick(services, services.clock.now()) == ["broken"]
    assert monitor.paths == []


def test_no_heartbeat_url_sends_nothing(services: Services, monitor: Monitor) -> None:
    jobs.tick(services, services.clock.now())
    assert monitor.paths == []


@pytest.mark.parametrize("status", [500, 404])
def test_a_monitor_that_refuses_is_logged_and_the_tick_still_completes(
    services: Services, monitor: Monitor, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    monitor.status = status
    watched(services, monitor.url)
    assert jobs.tick(services, services.clock.now()) == []
    assert monitor.paths == ["/ping/tandem"]
    assert "heartbeat failed" in caplog.text
    with unit_of_work(services.factory) as session:
        assert clock_state.last_beat(session, "last_tick") == services.clock.now()


def test_an_unreachable_monitor_never_stops_the_tick(
    services: Services, monitor: Monitor, caplog: pytest.LogCaptureFixture
) -> None:
    url = monitor.url
    monitor.close()  # nothing listens there any more: the connection is refused
    watched(services, url)
    assert jobs.tick(services, services.clock.now()) == []
    assert "heartbeat failed" in caplog.text


@pytest.mark.parametrize(
    "value", ['"hc-ping.com/x"', '"ftp://example.com/x"', '"https://"', "3", '"https://a b/"']
)
def test_heartbeat_url_must_be_an_http_url(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_workspace(f"heartbeat_url = {value}\n")
    [problem] = caught.value.problems
    assert problem.startswith("heartbeat_url: ")


def test_heartbeat_url_is_read_from_the_top_level() -> None:
    ws = parse_workspace('heartbeat_url = "https://hc-ping.com/abc"\n')
    assert ws.heartbeat_url == "https://hc-ping.com/abc"
