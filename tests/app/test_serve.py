"""`tandem serve` as a real process: it binds, answers signed requests, ticks, and stops."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.app import server as server_module
from bot.app.server import ThreadedServer
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SIGNING_SECRET, slash_command
from bot.core.messages import usage
from tests.support.production import ROOT, post_signed
from tests.support.workspace import EXAMPLE_CONFIG


def test_tandem_serve_answers_help_and_a_refusal_with_200_and_stops_on_sigterm(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tandem.db'}",
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
        "HOST": "127.0.0.1",
        "PORT": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    found = threading.Event()
    url: list[str] = []
    lines: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            match = re.search(r"(http://127\.0\.0\.1:\d+)/slack/events", line)
            if match and not url:
                url.append(match.group(1))
                found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert found.wait(30), "".join(lines)
        body, ctype = slash_command("/risk", "help", response_url=fake_slack.response_url())
        helped = post_signed(url[0], body, ctype)
        assert helped.status == 200 and usage("/risk") in helped.text
        body, ctype = slash_command("/risk", "show R-99", response_url=fake_slack.response_url())
        refused = post_signed(url[0], body, ctype)  # read-only: the refusal rides in the ack
        assert refused.status == 200 and refused.elapsed < 1.0 and "R-99" in refused.text
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(15)
        reader.join(5)
        if process.stderr is not None:
            process.stderr.close()
    assert code in (0, 130, -signal.SIGTERM), "".join(lines)
    assert "Traceback" not in "".join(lines)


def test_a_server_whose_workers_never_stop_is_reported_stuck_instead_of_hanging_the_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = ThreadedServer(lambda environ, start_response: [b""], "127.0.0.1", 0)
    never, real_stop = threading.Event(), server._server.stop
    monkeypatch.setattr(server_module, "STOP_SECONDS", 0.1)
    monkeypatch.setattr(server._server, "serve", lambda: None)
    monkeypatch.setattr(server._server, "stop", never.wait)  # a worker that missed its stop
    done = threading.Thread(target=server.serve_forever)
    done.start()
    done.join(5)
    finished = not done.is_alive()
    never.set()
    real_stop()
    assert finished and server.stuck
