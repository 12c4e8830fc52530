"""On-call load per person: shifts and after-hours minutes, pages and after-hours pages (outside
09:00–18:00 their time), MTTA, covers given and taken; in `tandem export oncall` and the digest."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app.cli import main
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.exports import export
from bot.oncall.load import after_hours, after_hours_minutes
from tests.support.oncall import ONCALL_TOML, is_page, start
from tests.support.slack import dm_channel
from tests.support.workspace import digest, toml

NY = ZoneInfo("America/New_York")


@pytest.fixture
def workspace_toml() -> str:
    return toml(ONCALL_TOML.replace("[channels]\n", '[channels]\ndigest = "C0DIGEST"\n'), digest())


def test_after_hours_is_outside_nine_to_six_on_the_persons_clock() -> None:
    monday_ten = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 10:00 in New York
    # A day from Monday 10:00: 08:00 working on Monday, 01:00 on Tuesday morning.
    assert after_hours_minutes(monday_ten, monday_ten + timedelta(days=1), NY) == 24 * 60 - 540
    assert after_hours_minutes(monday_ten, monday_ten + timedelta(hours=2), NY) == 0
    assert after_hours(datetime(2026, 11, 30, 13, 59, tzinfo=UTC), NY)  # 08:59
    assert not after_hours(datetime(2026, 11, 30, 14, 0, tzinfo=UTC), NY)  # 09:00
    assert after_hours(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), NY)  # 18:00


def busy_morning(
    services: Services, slack: SlackDriver, fake: FakeSlack, clock: FixedClock
) -> None:
    """The owner in Shanghai is paged at 22:00 their time and acknowledges 5 minutes later;
    SRE1 asks for cover tomorrow and SRE2 takes it."""
    fake.add_user("U0DEV1", tz="Asia/Shanghai")
    for user in ("U0SRE1", "U0SRE2"):
        fake.add_user(user, tz="America/New_York")
    services.users.get_many(["U0DEV1", "U0SRE1", "U0SRE2"])
    assert start(services)
    [page] = [m for m in fake.messages(dm_channel("U0DEV1")) if is_page(m)]
    clock.advance(timedelta(minutes=5))
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1", message_ts=str(page["ts"]))
    slack.command("/oncall", "cover ops-primary tomorrow 9am to tomorrow 5pm", user_id="U0SRE1")
    slack.action(ActionId.ONCALL_COVER_TAKE, "1", user_id="U0SRE2")
    clock.advance(timedelta(minutes=1))


def run_export(services: Services, fmt: str, since: str | None) -> str:
    out, err = io.StringIO(), io.StringIO()
    tz, now = services.workspace.timezone, services.clock.now()
    assert export(services.exporters, "oncall", fmt, since, tz=tz, now=now, out=out, err=err) == 0
    return out.getvalue()


def test_the_export_has_one_row_per_person_with_shifts_pages_after_hours_and_covers(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    busy_morning(services, slack, fake_slack, clock)
    rows = json.loads(run_export(services, "json", "2026-11-24"))
    assert rows == [
        {
            "person": "U0DEV1",
            "shifts": 0,
            "on_call_minutes": 0,
            "after_hours_minutes": 0,
            "pages": 1,
            "after_hours_pages": 1,
            "acknowledged": 1,
            "mtta_seconds": 300,
            "covers_given": 0,
            "covers_taken": 0,
        },
        {
            "person": "U0SRE1",
            "shifts": 0,
            "on_call_minutes": 0,
            "after_hours_minutes": 0,
            "pages": 0,
            "after_hours_pages": 0,
            "acknowledged": 0,
            "mtta_seconds": None,
            "covers_given": 1,
            "covers_taken": 0,
        },
        {
            # On call since Tuesday 00:00 New York time; now is 09:06 there.
            "person": "U0SRE2",
            "shifts": 1,
            "on_call_minutes": 9 * 60 + 6,
            "after_hours_minutes": 9 * 60,
            "pages": 0,
            "after_hours_pages": 0,
            "acknowledged": 0,
            "mtta_seconds": None,
            "covers_given": 0,
            "covers_taken": 1,
        },
    ]
    table = list(csv.DictReader(io.StringIO(run_export(services, "csv", None))))
    assert [r["person"] for r in table] == ["U0DEV1", "U0SRE1", "U0SRE2"]
    # From the rotation's start (Monday 2 November): four shifts in turn, the last one open.
    assert (table[1]["shifts"], table[2]["shifts"]) == ("2", "2")


def test_the_digest_shows_each_persons_on_call_load_in_their_team(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    busy_morning(services, slack, fake_slack, clock)
    messages = services.digests.preview("weekly", clock.now())
    text = "\n".join(str(block) for m in messages for block in m.blocks)
    # The period is the week to now: SRE2's shift from Monday 23 November 10:00.
    assert (
        "On-call load <@U0SRE2>: 1 shifts (15h after hours) · 0 pages, 0 after hours · MTTA – "
        "· covers 0 given, 1 taken"
    ) in text
    assert "On-call load <@U0SRE1>: 1 shifts (3d after hours)" in text
    assert (
        "On-call load <@U0DEV1>: 0 shifts (0s after hours) · 1 pages, 1 after hours · MTTA 5m "
        "· covers 0 given, 0 taken"
    ) in text


def test_tandem_export_oncall_writes_csv_to_stdout(
    services: Services,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    clock: FixedClock,
    tmp_path: Path,
    workspace_toml: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    busy_morning(services, slack, fake_slack, clock)
    config = tmp_path / "tandem.toml"
    config.write_text(workspace_toml)
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": services.engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(config),
    }
    # The CLI runs on the real clock: everything above happened before it.
    assert main(["export", "oncall", "--format", "csv", "--since", "2026-11-24"], env=env) == 0
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert (rows["U0DEV1"]["pages"], rows["U0DEV1"]["after_hours_pages"]) == ("1", "1")
    assert rows["U0DEV1"]["mtta_seconds"] == "300"
    assert (rows["U0SRE1"]["covers_given"], rows["U0SRE2"]["covers_taken"]) == ("1", "1")
