"""The Procfile's `web` command, run as a subprocess: gunicorn answers signed requests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SIGNING_SECRET, slash_command
from bot.core.messages import usage
from tests.support.production import (
    Answer,
    post_signed,
    procfile_command,
    run_gunicorn,
    wait_for_responses,
)
from tests.support.workspace import EXAMPLE_CONFIG


@pytest.fixture
def gunicorn(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[str]:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tandem.db'}",
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }
    with run_gunicorn(procfile_command("web"), env) as served:
        yield served.url


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
    # A refusal too: 200 at once (handlers/errors.py), the error through response_url.
    refused = send(gunicorn, fake_slack, "frobnicate")
    assert refused.status == 200 and refused.elapsed < 1.0
    [error] = [r for r in wait_for_responses(fake_slack, 1, timeout=5.0) if r["_url_name"] != "ack"]
    assert "frobnicate" in error["text"]
