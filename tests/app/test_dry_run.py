"""`tandem tick --dry-run`: what the tick would send, one line a message, and nothing changed
in Slack or in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from bot.app.cli import main
from bot.app.standin.slack_api import FakeSlack
from storage.db import make_session_factory, unit_of_work
from storage.models import OutboxMessage
from storage.standups.models import StandupPrompt as Prompt
from tests.support.workspace import EXAMPLE_CONFIG

TUESDAY_0930 = "2026-11-24T09:30:00-05:00"


@pytest.fixture
def env(engine: Engine, fake_slack: FakeSlack) -> dict[str, str]:
    for user in ("U0PM", "U0DEV1", "U0DEV2"):
        fake_slack.add_user(user, name=user.lower())
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
    }


def stored(engine: Engine) -> tuple[int, int]:
    with unit_of_work(make_session_factory(engine)) as session:
        return (
            session.scalar(select(func.count()).select_from(Prompt)) or 0,
            session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
        )


def test_a_dry_run_prints_each_prompt_and_sends_and_stores_nothing(
    env: dict[str, str], engine: Engine, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tick", "--dry-run", "--at", TUESDAY_0930], env=env) == 0
    out = capsys.readouterr().out.splitlines()
    prompts = [line for line in out if line.startswith("post") and "Apollo launch" in line]
    assert sorted(line.split()[1] for line in prompts) == ["U0DEV1", "U0DEV2", "U0PM"]
    assert out[-1].startswith("tandem: dry run at 2026-11-24T14:30:00+00:00:")
    assert fake_slack.calls_to("chat.postMessage") == []
    assert stored(engine) == (0, 0)


def test_after_a_dry_run_the_real_tick_sends_the_same_prompts(
    env: dict[str, str], engine: Engine, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["tick", "--dry-run", "--at", TUESDAY_0930], env=env)
    dry = [line.split()[1] for line in capsys.readouterr().out.splitlines() if line[:4] == "post"]
    assert main(["tick", "--at", TUESDAY_0930], env=env) == 0
    sent = [call.params["channel"] for call in fake_slack.calls_to("chat.postMessage")]
    assert sorted(sent) == sorted(dry)
    assert stored(engine)[0] == 3
