"""The production test lane: Tandem's real HTTP server on port 0, and signed HTTP requests.

The app is built as every HTTP mode builds it (`bot.app.web.production_app`: Bolt's threaded
runner, a listener pool as large as the server's threads) and served by the threaded server
`tandem serve` uses, on a thread of the test process. `tandem web` serves the same WSGI app
through gunicorn; `tests/app/test_gunicorn.py` starts that as a subprocess. Use it where the
HTTP answer is the verdict (status, ack time, ack body)::

    def test_x(production: ProductionLane) -> None:
        answer = production.command("/risk", "help")
        assert answer.status == 200 and answer.elapsed < 1.0
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.app.container import Services
from bot.app.server import ThreadedServer
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import (
    DEFAULT_CHANNEL,
    DEFAULT_USER,
    SIGNING_SECRET,
    block_action,
    event,
    signed_headers,
    slash_command,
)
from bot.app.web import production_app


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, body text and the seconds from sending to the full answer."""

    status: int
    body: str
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def text(self) -> str:
        """The ack body's `text` (an answer that rode in the ack), else ''."""
        data = self.json() if self.body.startswith("{") else None
        return str(data.get("text") or "") if isinstance(data, dict) else ""


def post_signed(
    base_url: str,
    body: str,
    content_type: str,
    *,
    headers: Mapping[str, str] | None = None,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    path: str = "/slack/events",
    timeout: float = 10.0,
) -> Answer:
    """POST a signed Slack delivery over a fresh connection, as Slack does; time the answer."""
    parts = urlsplit(base_url)
    all_headers = signed_headers(
        body, content_type, timestamp=timestamp, secret=secret, extra=headers
    )
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        started = time.perf_counter()
        conn.request("POST", path, body=body.encode(), headers=all_headers)
        response = conn.getresponse()
        data = response.read().decode()
        return Answer(response.status, data, time.perf_counter() - started)
    finally:
        conn.close()


def wait_for_responses(fake: FakeSlack, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
    """The fake's responses once there are `count` (listeners finish after the ack); polls
    for at most `timeout` seconds, as a person would wait for the answer to appear. The ack
    time is what tests hold to Slack's limits; this only waits for what follows it."""
    deadline = time.monotonic() + timeout
    while len(fake.responses) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return list(fake.responses)


class ProductionLane:
    """Signed requests against a served Tandem; answers to `respond()` land on the fake."""

    def __init__(self, url: str, fake: FakeSlack | None = None) -> None:
        self.url = url
        self.fake = fake
        self._names = itertools.count(1)

    def response_url(self) -> str:
        if self.fake is None:
            return "http://127.0.0.1:9/respond/unset"
        return self.fake.response_url(f"p{next(self._names)}")

    def post(self, body: str, content_type: str, **kw: Any) -> Answer:
        before = len(self.fake.responses) if self.fake is not None else 0
        answer = post_signed(self.url, body, content_type, **kw)
        if self.fake is not None and answer.status == 200:
            # What Slack shows from the ack body, before anything sent after the ack.
            self.fake.record_ack(answer.body, position=before)
        return answer

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = DEFAULT_USER,
        channel_id: str = DEFAULT_CHANNEL,
        **kw: Any,
    ) -> Answer:
        body, ctype = slash_command(
            command, text, user_id=user_id, channel_id=channel_id, response_url=self.response_url()
        )
        return self.post(body, ctype, **kw)

    def event(
        self,
        payload: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> Answer:
        body, ctype = event(payload, event_id=event_id)
        headers = {}
        if retry_num is not None:
            headers = {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": "http_timeout"}
        return self.post(body, ctype, headers=headers)

    def action(self, action_id: str, value: str = "", **builder_kw: Any) -> Answer:
        builder_kw.setdefault("response_url", self.response_url())
        body, ctype = block_action(action_id, value, **builder_kw)
        return self.post(body, ctype)


ROOT = Path(__file__).resolve().parents[2]


def procfile_command(process: str = "web") -> str:
    """The Procfile's command line for `process`."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{process}:"):
            return line.removeprefix(f"{process}:").strip()
    raise LookupError(f"the Procfile has no {process} process")


@dataclass
class Served:
    """A gunicorn master started by `run_gunicorn`: its URL, pid and what it logged."""

    url: str
    pid: int
    log: list[str]


@contextmanager
def run_gunicorn(command: str, env: Mapping[str, str]) -> Iterator[Served]:
    """Run a gunicorn command line (e.g. the Procfile's) with PORT=0 until its worker boots.

    Gunicorn binds a free port and logs it ("Listening at: ..."), so no port is guessed.
    """
    full_env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": "0",
        **env,
    }
    process = subprocess.Popen(
        ["bash", "-c", "exec " + command],
        cwd=ROOT,
        env=full_env,
        stderr=subprocess.PIPE,
        text=True,
    )
    booted = threading.Event()
    lines: list[str] = []
    url: list[str] = []

    def read() -> None:  # and keep draining, so a full pipe never blocks the server
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            match = re.search(r"Listening at: (http://[\d.]+:\d+)", line)
            if match:
                url.append(match.group(1))
            if url and "Booting worker" in line:
                booted.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not booted.wait(30):
            raise RuntimeError("gunicorn did not start:\n" + "".join(lines))
        yield Served(url[0], process.pid, lines)
    finally:
        process.terminate()
        process.wait(10)
        reader.join(5)
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture
def production(services: Services, fake_slack: FakeSlack) -> Iterator[ProductionLane]:
    """Tandem served on 127.0.0.1, port 0, against the test's `services` and fake Slack."""
    server = ThreadedServer(production_app(services), "127.0.0.1", 0).start()
    try:
        yield ProductionLane(server.url, fake_slack)
    finally:
        server.stop()
