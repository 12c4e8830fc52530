"""The Procfile's `web` command, run as a subprocess: gunicorn answers signed requests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.messages import usage
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SIGNING_SECRET, slash_command
from tests.support.production import Answer, post_signed, wait_for_responses

ROOT = Path(__file__).resolve().parents[2]


def procfile_web() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web process")


@pytest.fixture
def gunicorn(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[str]:
    """The Procfile's web command on a free port (gunicorn binds 0 and logs the real one)."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tandem.db'}",
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
        "HOST": "127.0.0.1",
        "PORT": "0",
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(
        ["bash", "-c", "exec " + procfile_web()],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    found = threading.Event()
    lines: list[str] = []
    url: list[str] = []

    def read() -> None:  # gunicorn logs the port it bound, then its worker's boot
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            match = re.search(r"Listening at: (http://[\d.]+:\d+)", line)
            if match:
                url.append(match.group(1))
            if url and "Booting worker" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert found.wait(30), "".join(lines)
        yield url[0]
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


def send(url: str, fake: FakeSlack, text: str) -> Answer:
    body, ctype = slash_command("/risk", text, response_url=fake.response_url(text or "new"))
    return post_signed(url, body, ctype)


def test_the_procfile_gunicorn_answers_help_list_and_an_unknown_subcommand(
    gunicorn: str, fake_slack: FakeSlack
) -> None:
    # The worker may still be importing: the first request waits for it, not the others.
    help_answer = send(gunicorn, fake_slack, "help")
    assert help_answer.status == 200 and usage("/risk") in help_answer.text
    listed = send(gunicorn, fake_slack, "list")
    assert listed.status == 200 and listed.elapsed < 1.0 and listed.text
    again = send(gunicorn, fake_slack, "help")
    assert again.status == 200 and again.elapsed < 1.0
    # Until listeners answer their own errors (issue 10, the error decorator), Bolt's threaded
    # runner may lose the ack of a listener that raises after acking; the person still gets
    # the error text through response_url.
    send(gunicorn, fake_slack, "frobnicate")
    [error] = wait_for_responses(fake_slack, 1, timeout=5.0)
    assert "frobnicate" in error["text"]
